import Content

/// The organizations page: kinds, supervising bodies, service domains, registrations and the alliance.
enum OrganizationTables {
    static let theme = "organizations"

    static func make(_ stats: Statistics, _ site: SiteContent, _ c: Lookup) -> [StatTable] {
        [byKind(stats, site), bySupervisor(stats, site, c), byDomain(site, c), registrations(stats, site), alliance(stats, site)]
    }

    static func byKind(_ stats: Statistics, _ site: SiteContent) -> StatTable {
        let total = site.organizations.count
        let rows = stats.organizationsByKind.map { kind, entries in
            StatRow(
                [.text(kind.chinese + "组织"), .count(entries.count), .percent(Percent(entries.count, of: total))],
                link: .organizationsOfKind(kind), entries: entries)
        }
        var notes = ["“枢纽”指联系和服务其他组织的枢纽型组织。"]
        for f in site.figures where f.id == Statistics.grassrootsFigureID {
            notes.append(
                "\(f.label)\(Statistics.figureValue(f))，\(Statistics.sourceNote(f.source, f.date))；本平台收录其中有条目的\(stats.organizationsByKind.first { $0.kind == .grassroots }?.entries.count ?? 0)个。"
            )
        }
        let chart = ShareChart(
            id: "\(theme)-by-kind", title: "社会组织类型构成",
            desc: "本平台收录的\(total)家组织中，" + rows.map { "\($0.cells[0].display)\($0.cells[1].display)家（\($0.cells[2].display)）" }.joined(separator: "，")
                + "。",
            series: rows.map(\.label), bars: [.init(label: nil, parts: stats.organizationsByKind.map(\.entries.count))])
        return StatTable(
            theme: theme, id: "by-kind", title: "按组织类型", summary: "本平台收录的社会组织按类型统计。",
            columns: [.init("kind", "组织类型", .text), .init("organizations", "组织数", .count), .init("share", "占比", .percent)],
            rows: rows, totals: StatRow([.text("合计"), .count(total), .percent(Percent(total, of: total))]),
            notes: notes, chart: chart.svg)
    }

    static func bySupervisor(_ stats: Statistics, _ site: SiteContent, _ c: Lookup) -> StatTable {
        let registered = site.organizations.filter { $0.kind == .registered }
        var names: [String] = []
        for o in registered {
            let s = o.supervisor ?? "未注明"
            if !names.contains(s) { names.append(s) }
        }
        // The federation first, then by number of organizations.
        let groups = names.map { name in (name, registered.filter { ($0.supervisor ?? "未注明") == name }.map(c.ref)) }
            .sorted { a, b in
                if (a.0 == stats.federation) != (b.0 == stats.federation) { return a.0 == stats.federation }
                return (b.1.count, a.0) < (a.1.count, b.0)
            }
        let rows = groups.map { StatRow([.text($0.0), .count($0.1.count)], entries: $0.1) }
        let chart = BarChart(
            id: "\(theme)-by-supervisor", title: "登记注册组织的业务主管单位",
            desc: "\(registered.count)家登记注册组织中，\(stats.federation)业务主管的有\(stats.federationRegistered.count)家。",
            bars: groups.map { .init(label: $0.0, value: Int64($0.1.count), valueLabel: "\($0.1.count)家") })
        return StatTable(
            theme: theme, id: "by-supervisor", title: "登记注册组织的业务主管单位",
            summary: "登记注册组织按业务主管单位统计；\(stats.federation)业务主管的登记注册女性社会组织共\(stats.federationRegistered.count)家。",
            columns: [.init("supervisor", "业务主管单位", .text), .init("organizations", "登记注册组织数", .count)],
            rows: rows, totals: StatRow([.text("合计"), .count(registered.count)]), chart: chart.svg)
    }

    static func byDomain(_ site: SiteContent, _ c: Lookup) -> StatTable {
        let kinds = OrganizationKind.allCases
        let rows = c.domainSlugs.compactMap { slug -> StatRow? in
            let orgs = site.organizations.filter { $0.domain == slug }
            guard !orgs.isEmpty else { return nil }
            let counts = kinds.map { k in StatValue.count(orgs.filter { $0.kind == k }.count) }
            return StatRow([.text(c.domainName(slug))] + counts + [.count(orgs.count)], link: .organizationsInDomain(slug), entries: orgs.map(c.ref))
        }
        let kindTotals = kinds.map { k in StatValue.count(site.organizations.filter { $0.kind == k }.count) }
        let chart = StackedBarChart(
            id: "\(theme)-by-domain", title: "各服务领域的社会组织",
            desc: "各服务领域的组织数，按组织类型分段：" + rows.map { "\($0.label)\($0.cells.last!.display)家" }.joined(separator: "，") + "。",
            series: kinds.map { $0.chinese + "组织" },
            bars: rows.map { row in
                let values = row.cells[1...kinds.count].map { v -> Int64 in if case .count(let n) = v { Int64(n) } else { 0 } }
                return .init(label: row.label, values: values, valueLabels: values.map { String($0) }, totalLabel: "\(row.cells.last!.display)家")
            })
        return StatTable(
            theme: theme, id: "by-domain", title: "按服务领域", summary: "各服务领域的社会组织数，按组织类型分列。",
            columns: [.init("domain", "服务领域", .text)] + kinds.map { .init($0.rawValue, $0.chinese + "组织", .count) } + [.init("total", "合计", .count)],
            rows: rows, totals: StatRow([.text("合计")] + kindTotals + [.count(site.organizations.count)]), chart: chart.svg)
    }

    static func registrations(_ stats: Statistics, _ site: SiteContent) -> StatTable {
        let rows = stats.registrations.map { StatRow([.text("\($0.year)年"), .count($0.added), .count($0.cumulative)], entries: $0.entries) }
        let undated = site.organizations.filter { $0.kind == .registered && $0.registered == nil }.count
        var notes: [String] = []
        if undated > 0 { notes.append("另有\(undated)家登记注册组织未注明登记日期，未计入本表。") }
        let chart = LineChart(
            id: "\(theme)-registrations", title: "登记注册组织累计数",
            desc: "按登记年份累计：" + stats.registrations.map { "\($0.year)年底\($0.cumulative)家" }.joined(separator: "，") + "。",
            points: stats.registrations.map { .init(label: "\($0.year)", value: $0.cumulative) })
        return StatTable(
            theme: theme, id: "registrations", title: "逐年登记与累计", summary: "有登记日期的组织按登记年份统计，及截至各年底的累计数。",
            columns: [.init("year", "年份", .text), .init("registered", "当年登记", .count), .init("cumulative", "累计", .count)],
            rows: rows, totals: nil, notes: notes, chart: chart.svg)
    }

    static func alliance(_ stats: Statistics, _ site: SiteContent) -> StatTable {
        let rows = stats.alliance.map {
            StatRow([.text("\($0.year)年"), .count($0.added), .count($0.cumulative)], link: .allianceMembers, entries: $0.entries)
        }
        var notes: [String] = []
        let undated = site.organizations.filter { $0.allianceMember && $0.allianceSince == nil }.count
        if undated > 0 { notes.append("另有\(undated)家成员组织未注明加入日期，未计入本表。") }
        for f in site.figures where f.id == Statistics.allianceFigureID {
            notes.append("对照：\(f.label)\(Statistics.figureValue(f))，\(Statistics.sourceNote(f.source, f.date))。")
        }
        let chart = BarChart(
            id: "\(theme)-alliance", title: "妇女儿童公益联盟成员数",
            desc: stats.alliance.map { "\($0.year)年底成员\($0.cumulative)家" }.joined(separator: "，") + "。",
            bars: stats.alliance.map { .init(label: "\($0.year)年", value: Int64($0.cumulative), valueLabel: "\($0.cumulative)家") })
        return StatTable(
            theme: theme, id: "alliance", title: "公益联盟成员", summary: "妇女儿童公益联盟成员组织按加入年份统计，及截至各年底的成员总数。",
            columns: [.init("year", "年份", .text), .init("joined", "当年加入", .count), .init("members", "成员总数", .count)],
            rows: rows, totals: nil, notes: notes, chart: chart.svg)
    }
}

extension Statistics {
    /// The id in `content/data/figures.yaml` of the number of grassroots groups, a headline figure.
    package static let grassrootsFigureID = "grassroots_groups"
    /// The published number of alliance members, shown next to the count from the entries.
    package static let allianceFigureID = "alliance_registered_members_2014"
}
