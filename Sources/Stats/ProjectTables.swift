import Content

/// The projects page: programs, rounds, the federation's share of citywide totals, years,
/// organizations and service domains. Money is added as integer fen throughout.
package enum ProjectTables {
    /// The page's slug: the site links the overview's rounds to it.
    package static let theme = "projects"

    static let sumColumns: [StatColumn] = [
        .init("projects", "项目数", .count), .init("funding", "资助金额", .money),
        .init("beneficiaries", "服务人次", .count),
    ]

    static func make(_ stats: Statistics, _ site: SiteContent, _ c: Lookup) -> [StatTable] {
        [byProgram(stats, site), byRound(stats, site), shares(stats), byYear(site, c), byOrganization(site, c), byDomain(site, c)]
    }

    static func sums(_ projects: [Project]) -> [StatValue] {
        [.count(projects.count), .money(projects.map(\.funding).sum()), .count(projects.reduce(0) { $0 + $1.beneficiaries })]
    }

    static func sums(_ g: ProjectGroup) -> [StatValue] { [.count(g.count), .money(g.funding), .count(g.beneficiaries)] }

    static func fundingBars(_ rows: [StatRow], fundingColumn: Int) -> [BarChart.Bar] {
        rows.map { row in
            let fen: Int64 = if case .money(let m) = row.cells[fundingColumn] { m.fen } else { 0 }
            return .init(label: row.label, value: fen, valueLabel: row.cells[fundingColumn].display)
        }
    }

    static func byProgram(_ stats: Statistics, _ site: SiteContent) -> StatTable {
        let rows = stats.programs.map { g in
            StatRow([.text(g.program), .text(g.yearsText)] + sums(g), link: .projectsInProgram(g.program), entries: g.projects)
        }
        let chart = BarChart(
            id: "\(theme)-by-program", title: "各类项目资助金额",
            desc: stats.programs.map { "\($0.program)\($0.count)个项目，\($0.funding.wanYuan)" }.joined(separator: "；") + "。",
            bars: fundingBars(rows, fundingColumn: 3))
        return StatTable(
            theme: theme, id: "by-program", title: "按项目类型", summary: "本平台组织承接的公益项目按项目类型合计。",
            columns: [.init("program", "项目类型", .text), .init("years", "年份", .text)] + sumColumns,
            rows: rows, totals: StatRow([.text("合计"), .text("")] + sums(site.projects)), chart: chart.svg)
    }

    static func byRound(_ stats: Statistics, _ site: SiteContent) -> StatTable {
        let rows = stats.rounds.map { g in
            StatRow(
                [.text("\(g.program) \(g.roundText)"), .text(g.program), .text(g.round ?? "")] + sums(g),
                link: .projectsInProgram(g.program), entries: g.projects)
        }
        let chart = BarChart(
            id: "\(theme)-by-round", title: "各届次项目资助金额",
            desc: stats.rounds.map {
                "\($0.program) \($0.roundText)：\($0.count)个项目，\($0.funding.wanYuan)，服务\(NumberText.grouped($0.beneficiaries))人次"
            }.joined(separator: "；") + "。",
            bars: fundingBars(rows, fundingColumn: 4))
        return StatTable(
            theme: theme, id: "by-round", title: "按届次与轮次", summary: "每类项目每一届（轮）的项目数、资助金额与服务人次。",
            columns: [.init("label", "项目类型与届次", .text), .init("program", "项目类型", .text), .init("round", "届次或轮次", .text)] + sumColumns,
            rows: rows, totals: StatRow([.text("合计"), .text(""), .text("")] + sums(site.projects)),
            notes: ["金额与人次由各项目条目相加得出；部分示例条目对合计数的拆分为示意，合计数与公开数据一致。"], chart: chart.svg)
    }

    static func shares(_ stats: Statistics) -> StatTable {
        let rows = stats.shares.map { s in
            StatRow(
                [
                    .text(s.label), .count(s.group.count), s.total.totalProjects.map(StatValue.count) ?? .empty,
                    s.share.map(StatValue.percent) ?? .empty, s.total.proposals.map(StatValue.count) ?? .empty,
                    .money(s.group.funding), .count(s.group.beneficiaries), .text(s.sourceNote),
                ],
                link: .projectsInProgram(s.total.program), entries: s.group.projects)
        }
        let charted = stats.shares.filter { $0.total.totalProjects != nil }
        let chart = ShareChart(
            id: "\(theme)-shares", title: "本平台组织项目占全市项目的比例",
            desc: charted.map { "\($0.label)：全市\($0.total.totalProjects!)个项目中本平台组织承接\($0.group.count)个，占\($0.share!.display)" }.joined(separator: "；")
                + "。",
            series: ["本平台组织承接", "其他组织承接"],
            bars: charted.map { .init(label: $0.label, parts: [$0.group.count, max($0.total.totalProjects! - $0.group.count, 0)]) })
        return StatTable(
            theme: theme, id: "shares", title: "占全市项目的比例",
            summary: "对照公开资料中的全市项目总数（注明来源与日期），计算本平台组织承接项目所占比例。",
            columns: [
                .init("scope", "项目类型与范围", .text), .init("projects", "本平台组织项目数", .count),
                .init("total_projects", "全市项目总数", .count), .init("share", "占比", .percent),
                .init("proposals", "申报方案数", .count), .init("funding", "资助金额", .money),
                .init("beneficiaries", "服务人次", .count), .init("source", "来源", .text),
            ],
            rows: rows, totals: nil, chart: chart.svg)
    }

    static func byYear(_ site: SiteContent, _ c: Lookup) -> StatTable {
        let years = Array(Set(site.projects.map(\.year))).sorted()
        let rows = years.map { year -> StatRow in
            let ofYear = site.projects.filter { $0.year == year }
            let perProgram = c.programNames.map { name in StatValue.money(ofYear.filter { $0.program == name }.map(\.funding).sum()) }
            return StatRow(
                [.text("\(year)年")] + perProgram + [.money(ofYear.map(\.funding).sum()), .count(ofYear.count)],
                link: .projectsInYear(year), entries: ofYear.map(c.ref))
        }
        let programTotals = c.programNames.map { name in StatValue.money(site.projects.filter { $0.program == name }.map(\.funding).sum()) }
        let chart = StackedBarChart(
            id: "\(theme)-by-year", title: "逐年资助金额（按项目类型）",
            desc: rows.map { "\($0.label)\($0.cells[c.programNames.count + 1].display)" }.joined(separator: "，") + "。",
            series: c.programNames,
            bars: rows.map { row in
                let fen = row.cells[1...c.programNames.count].map { v -> Int64 in if case .money(let m) = v { m.fen } else { 0 } }
                return .init(
                    label: row.label, values: fen, valueLabels: fen.map { Money(fen: $0).wanYuan.replacingOccurrences(of: "万元", with: "") },
                    totalLabel: row.cells[c.programNames.count + 1].display)
            })
        return StatTable(
            theme: theme, id: "by-year", title: "逐年资助金额", summary: "每年各类项目的资助金额（万元）与项目数。",
            columns: [.init("year", "年份", .text)] + c.programNames.enumerated().map { .init("program_\($0.offset + 1)", $0.element, .money) }
                + [.init("funding", "资助金额合计", .money), .init("projects", "项目数", .count)],
            rows: rows, totals: StatRow([.text("合计")] + programTotals + [.money(site.projects.map(\.funding).sum()), .count(site.projects.count)]),
            notes: ["图中分段数字单位为万元。"], chart: chart.svg)
    }

    static func byOrganization(_ site: SiteContent, _ c: Lookup) -> StatTable {
        // One pass: each organization's projects in project order (filtering all projects per
        // organization grew with organizations × projects).
        var slugs: [String] = []
        var projectsOf: [String: [Project]] = [:]
        for p in site.projects {
            if projectsOf[p.organization] == nil { slugs.append(p.organization) }
            projectsOf[p.organization, default: []].append(p)
        }
        let rows = slugs.map { slug -> (StatRow, Money) in
            let theirs = projectsOf[slug] ?? []
            let funding = theirs.map(\.funding).sum()
            return (StatRow([.text(c.organizationName(slug))] + sums(theirs), link: .organization(slug), entries: theirs.map(c.ref)), funding)
        }
        .sorted { ($1.1, $0.0.label) < ($0.1, $1.0.label) }
        .map(\.0)
        let top = Array(rows.prefix(10))
        let chart = BarChart(
            id: "\(theme)-by-organization", title: "获得资助最多的组织（前\(top.count)家）",
            desc: top.map { "\($0.label)\($0.cells[2].display)" }.joined(separator: "，") + "。",
            bars: fundingBars(top, fundingColumn: 2))
        return StatTable(
            theme: theme, id: "by-organization", title: "按承接组织", summary: "各组织承接的项目数、资助金额与服务人次，按金额排序；图中为前10家。",
            columns: [.init("organization", "承接组织", .text)] + sumColumns,
            rows: rows, totals: StatRow([.text("合计")] + sums(site.projects)), chart: chart.svg)
    }

    static func byDomain(_ site: SiteContent, _ c: Lookup) -> StatTable {
        let rows = c.domainSlugs.compactMap { slug -> StatRow? in
            let theirs = site.projects.filter { $0.domain == slug }
            guard !theirs.isEmpty else { return nil }
            return StatRow([.text(c.domainName(slug))] + sums(theirs), entries: theirs.map(c.ref))
        }
        let chart = BarChart(
            id: "\(theme)-by-domain", title: "各服务领域的资助金额",
            desc: rows.map { "\($0.label)\($0.cells[1].display)个项目，\($0.cells[2].display)" }.joined(separator: "；") + "。",
            bars: fundingBars(rows, fundingColumn: 2))
        return StatTable(
            theme: theme, id: "by-domain", title: "按服务领域", summary: "各服务领域的项目数、资助金额与服务人次。",
            columns: [.init("domain", "服务领域", .text)] + sumColumns,
            rows: rows, totals: StatRow([.text("合计")] + sums(site.projects)), chart: chart.svg)
    }
}
