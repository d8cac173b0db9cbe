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

    static func orderedColumns(_ articles: [Article]) -> [String] {
        let names = Set(articles.map { $0.column ?? noColumn })
        return names.sorted { a, b in
            let (na, nb) = (articles.filter { ($0.column ?? noColumn) == a }.count, articles.filter { ($0.column ?? noColumn) == b }.count)
            return na != nb ? na > nb : a < b
        }
    }

    static func byYear(_ site: SiteContent, _ c: Lookup, _ columns: [String]) -> StatTable {
        let years = Array(Set(site.articles.map(\.date.year))).sorted()
        let rows = years.map { year -> StatRow in
            let ofYear = site.articles.filter { $0.date.year == year }
            let perColumn = columns.map { col in StatValue.count(ofYear.filter { ($0.column ?? noColumn) == col }.count) }
            return StatRow([.text("\(year)年")] + perColumn + [.count(ofYear.count)], link: .articlesInYear(year), entries: ofYear.map(c.ref))
        }
        let chart = StackedBarChart(id: "\(theme)-by-year", title: "逐年文章数（按栏目）",
                                    desc: rows.map { "\($0.label)\($0.cells.last!.display)篇" }.joined(separator: "，") + "。",
                                    series: columns,
                                    bars: rows.map { row in
                                        let values = row.cells[1..<(columns.count + 1)].map { v -> Int64 in if case .count(let n) = v { Int64(n) } else { 0 } }
                                        return .init(label: row.label, values: values, valueLabels: values.map { String($0) }, totalLabel: "\(row.cells.last!.display)篇")
                                    })
        let totals = columns.map { col in StatValue.count(site.articles.filter { ($0.column ?? noColumn) == col }.count) }
        return StatTable(theme: theme, id: "by-year", title: "逐年发表", summary: "每年各栏目发表的文章数（不含草稿）。",
                         columns: [.init("year", "年份", .text)] + columns.enumerated().map { .init("column_\($0.offset + 1)", $0.element, .count) }
                            + [.init("articles", "合计", .count)],
                         rows: rows, totals: StatRow([.text("合计")] + totals + [.count(site.articles.count)]), chart: chart.svg)
    }

    static func byColumn(_ site: SiteContent, _ c: Lookup, _ columns: [String]) -> StatTable {
        let total = site.articles.count
        let rows = columns.map { col -> StatRow in
            let theirs = site.articles.filter { ($0.column ?? noColumn) == col }
            return StatRow([.text(col), .count(theirs.count), .percent(Percent(theirs.count, of: total))],
                           link: col == noColumn ? nil : .articlesInColumn(col), entries: theirs.map(c.ref))
        }
        let chart = ShareChart(id: "\(theme)-by-column", title: "各栏目文章占比",
                               desc: rows.map { "\($0.label)\($0.cells[1].display)篇（\($0.cells[2].display)）" }.joined(separator: "，") + "。",
                               series: columns, bars: [.init(label: nil, parts: rows.map { if case .count(let n) = $0.cells[1] { n } else { 0 } })])
        return StatTable(theme: theme, id: "by-column", title: "按栏目", summary: "各栏目的文章数与占比。",
                         columns: [.init("column", "栏目", .text), .init("articles", "文章数", .count), .init("share", "占比", .percent)],
                         rows: rows, totals: StatRow([.text("合计"), .count(total), .percent(Percent(total, of: total))]), chart: chart.svg)
    }
}
