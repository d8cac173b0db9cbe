import Content

/// The events page: events per year and kind, and the organizations that take part most.
enum EventTables {
    static let theme = "events"

    static func make(_ site: SiteContent, _ c: Lookup) -> [StatTable] {
        let kinds = orderedKinds(site.events)
        return [byYear(site, c, kinds), byKind(site, c, kinds), activeOrganizations(site, c)]
    }

    /// Kinds by number of events, then name.
    static func orderedKinds(_ events: [Event]) -> [String] {
        let names = Set(events.map(\.kind))
        var counts: [String: Int] = [:]
        for e in events { counts[e.kind, default: 0] += 1 }
        return names.sorted { a, b in
            let (na, nb) = (counts[a, default: 0], counts[b, default: 0])
            return na != nb ? na > nb : a < b
        }
    }

    static func byYear(_ site: SiteContent, _ c: Lookup, _ kinds: [String]) -> StatTable {
        let years = Array(Set(site.events.map(\.start.year))).sorted()
        let rows = years.map { year -> StatRow in
            let ofYear = site.events.filter { $0.start.year == year }
            let perKind = kinds.map { k in StatValue.count(ofYear.filter { $0.kind == k }.count) }
            let organizations = Set(ofYear.flatMap(\.allOrganizations)).count
            return StatRow(
                [.text("\(year)年")] + perKind + [.count(ofYear.count), .count(organizations)],
                link: .eventsInYear(year), entries: ofYear.map(c.ref))
        }
        let chart = StackedBarChart(
            id: "\(theme)-by-year", title: "逐年活动数（按活动类型）",
            desc: rows.map { "\($0.label)\($0.cells[kinds.count + 1].display)场" }.joined(separator: "，") + "。",
            series: kinds,
            bars: rows.map { row in
                let values = row.cells[1..<(kinds.count + 1)].map { v -> Int64 in if case .count(let n) = v { Int64(n) } else { 0 } }
                return .init(
                    label: row.label, values: values, valueLabels: values.map { String($0) },
                    totalLabel: "\(row.cells[kinds.count + 1].display)场")
            })
        let totals = kinds.map { k in StatValue.count(site.events.filter { $0.kind == k }.count) }
        return StatTable(
            theme: theme, id: "by-year", title: "逐年活动", summary: "每年各类活动的场次，及参与活动的组织数（主办、参与或设摊，每家每年计一次）。",
            columns: [.init("year", "年份", .text)] + kinds.enumerated().map { .init("kind_\($0.offset + 1)", $0.element, .count) }
                + [.init("events", "活动数", .count), .init("organizations", "参与组织数", .count)],
            rows: rows,
            totals: StatRow([.text("合计")] + totals + [.count(site.events.count), .count(Set(site.events.flatMap(\.allOrganizations)).count)]),
            chart: chart.svg)
    }

    static func byKind(_ site: SiteContent, _ c: Lookup, _ kinds: [String]) -> StatTable {
        let total = site.events.count
        let rows = kinds.map { k -> StatRow in
            let theirs = site.events.filter { $0.kind == k }
            return StatRow([.text(k), .count(theirs.count), .percent(Percent(theirs.count, of: total))], entries: theirs.map(c.ref))
        }
        let chart = ShareChart(
            id: "\(theme)-by-kind", title: "活动类型构成",
            desc: rows.map { "\($0.label)\($0.cells[1].display)场（\($0.cells[2].display)）" }.joined(separator: "，") + "。",
            series: kinds, bars: [.init(label: nil, parts: rows.map { if case .count(let n) = $0.cells[1] { n } else { 0 } })])
        return StatTable(
            theme: theme, id: "by-kind", title: "按活动类型", summary: "各类活动的场次与占比。",
            columns: [.init("kind", "活动类型", .text), .init("events", "活动数", .count), .init("share", "占比", .percent)],
            rows: rows, totals: StatRow([.text("合计"), .count(total), .percent(Percent(total, of: total))]), chart: chart.svg)
    }

    static func activeOrganizations(_ site: SiteContent, _ c: Lookup) -> StatTable {
        // One pass: each organization's events, in event order (linear in the events).
        var slugs: [String] = []
        var eventsOf: [String: [Int]] = [:]
        for (i, e) in site.events.enumerated() {
            for o in e.allOrganizations {
                if eventsOf[o] == nil { slugs.append(o) }
                eventsOf[o, default: []].append(i)
            }
        }
        let rows = slugs.map { slug -> StatRow in
            let theirs = eventsOf[slug, default: []].map { site.events[$0] }
            let organized = theirs.filter { $0.organizers.contains(slug) }.count
            return StatRow(
                [.text(c.organizationName(slug)), .count(theirs.count), .count(organized)], link: .organization(slug), entries: theirs.map(c.ref))
        }
        .sorted { a, b in
            let (na, nb) = (a.entries.count, b.entries.count)
            return na != nb ? na > nb : a.label < b.label
        }
        let top = Array(rows.prefix(10))
        let chart = BarChart(
            id: "\(theme)-active-organizations", title: "参与活动最多的组织（前\(top.count)家）",
            desc: top.map { "\($0.label)\($0.entries.count)场" }.joined(separator: "，") + "。",
            bars: top.map { .init(label: $0.label, value: Int64($0.entries.count), valueLabel: "\($0.entries.count)场") })
        return StatTable(
            theme: theme, id: "active-organizations", title: "最活跃的组织", summary: "各组织主办、参与或设摊的活动场次，按场次排序；图中为前10家。",
            columns: [.init("organization", "组织", .text), .init("events", "参与活动数", .count), .init("organized", "其中主办", .count)],
            rows: rows, totals: nil, chart: chart.svg)
    }
}
