import Content

/// The articles page: articles per year and per column.
enum ArticleTables {
    static let theme = "articles"
    /// The label of articles that name no column.
    static let noColumn = "未分栏目"

    static func make(_ site: SiteContent, _ c: Lookup) -> [StatTable] {
        let columns = orderedColumns(site.articles)
        return [byYear(site, c, columns), byColumn(site, c, columns)]
    }

    /// Columns by how many articles each has, then by name. Counted in one pass: the tables
    /// are built on every build, and filtering all articles per column and per year grew with
    /// the archive times its columns and years.
    static func orderedColumns(_ articles: [Article]) -> [String] {
        columnCounts(articles.indices, articles).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    private static func columnCounts(_ indices: some Sequence<Int>, _ articles: [Article]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for i in indices { counts[articles[i].column ?? noColumn, default: 0] += 1 }
        return counts
    }

    static func byYear(_ site: SiteContent, _ c: Lookup, _ columns: [String]) -> StatTable {
        let articles = site.articles
        var indicesByYear: [Int: [Int]] = [:]
        for i in articles.indices { indicesByYear[articles[i].date.year, default: []].append(i) }
        let rows = indicesByYear.keys.sorted().map { year -> StatRow in
            let ofYear = indicesByYear[year]!
            let counts = columnCounts(ofYear, articles)
            let perColumn = columns.map { StatValue.count(counts[$0] ?? 0) }
            return StatRow(
                [.text("\(year)年")] + perColumn + [.count(ofYear.count)], link: .articlesInYear(year),
                entries: ofYear.map { c.ref(articles[$0]) })
        }
        let chart = StackedBarChart(
            id: "\(theme)-by-year", title: "逐年文章数（按栏目）",
            desc: rows.map { "\($0.label)\($0.cells.last!.display)篇" }.joined(separator: "，") + "。",
            series: columns,
            bars: rows.map { row in
                let values = row.cells[1..<(columns.count + 1)].map { v -> Int64 in if case .count(let n) = v { Int64(n) } else { 0 } }
                return .init(label: row.label, values: values, valueLabels: values.map { String($0) }, totalLabel: "\(row.cells.last!.display)篇")
            })
        let allCounts = columnCounts(site.articles.indices, site.articles)
        let totals = columns.map { StatValue.count(allCounts[$0] ?? 0) }
        return StatTable(
            theme: theme, id: "by-year", title: "逐年发表", summary: "每年各栏目发表的文章数（不含草稿）。",
            columns: [.init("year", "年份", .text)] + columns.enumerated().map { .init("column_\($0.offset + 1)", $0.element, .count) }
                + [.init("articles", "合计", .count)],
            rows: rows, totals: StatRow([.text("合计")] + totals + [.count(site.articles.count)]), chart: chart.svg)
    }

    static func byColumn(_ site: SiteContent, _ c: Lookup, _ columns: [String]) -> StatTable {
        let articles = site.articles
        let total = articles.count
        var indicesByColumn: [String: [Int]] = [:]
        for i in articles.indices { indicesByColumn[articles[i].column ?? noColumn, default: []].append(i) }
        let rows = columns.map { col -> StatRow in
            let theirs = indicesByColumn[col] ?? []
            return StatRow(
                [.text(col), .count(theirs.count), .percent(Percent(theirs.count, of: total))],
                link: col == noColumn ? nil : .articlesInColumn(col), entries: theirs.map { c.ref(articles[$0]) })
        }
        let chart = ShareChart(
            id: "\(theme)-by-column", title: "各栏目文章占比",
            desc: rows.map { "\($0.label)\($0.cells[1].display)篇（\($0.cells[2].display)）" }.joined(separator: "，") + "。",
            series: columns, bars: [.init(label: nil, parts: rows.map { if case .count(let n) = $0.cells[1] { n } else { 0 } })])
        return StatTable(
            theme: theme, id: "by-column", title: "按栏目", summary: "各栏目的文章数与占比。",
            columns: [.init("column", "栏目", .text), .init("articles", "文章数", .count), .init("share", "占比", .percent)],
            rows: rows, totals: StatRow([.text("合计"), .count(total), .percent(Percent(total, of: total))]), chart: chart.svg)
    }
}
