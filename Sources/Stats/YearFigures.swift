import Content

/// One year's figures for the annual report, counted from the same entries as ``Statistics``:
/// what was added in the year, and where the running totals stood at its end.
package struct YearFigures: Sendable {
    /// The year.
    package var year: Int
    /// The year's projects by program (programs in order of first year; empty programs left out).
    package var programs: [ProjectGroup]
    /// Projects of the year, all programs.
    package var projectCount: Int
    /// Their funding, summed.
    package var funding: Money
    /// People they served, summed.
    package var beneficiaries: Int
    /// Registered organizations the federation supervises, registered by the end of the year.
    package var federationRegistered: Int
    /// Organizations registered during the year (any supervisor).
    package var newRegistrations: [EntryRef]
    /// Alliance members who joined during the year, and the members at its end.
    package var newAllianceMembers: [EntryRef]
    /// Alliance members at the end of the year.
    package var allianceMembers: Int
    /// Events of the year.
    package var events: [EntryRef]
    /// Articles of the year.
    package var articles: [EntryRef]
    /// Program totals of `programs.yaml` whose span ends this year: the federation's part up to now.
    package var shares: [ProgramShare]
    /// Figures of `figures.yaml` dated in the year.
    package var figures: [DataFigure]

    /// Counts `year` from the site's entries; `statistics` gives the program shares already computed.
    package static func compute(_ site: SiteContent, year: Int, statistics: Statistics) -> YearFigures {
        let c = Lookup(site)
        let federation = site.config.federation.name
        let projects = site.projects.filter { $0.year == year }
        let programs = c.programNames.compactMap { name -> ProjectGroup? in
            let ofProgram = projects.filter { $0.program == name }
            return ofProgram.isEmpty ? nil : c.group(ofProgram, program: name, round: nil)
        }
        let registered = site.organizations.filter { o in
            o.kind == .registered && o.supervisor == federation && (o.registered.map { $0.year <= year } ?? false)
        }
        return YearFigures(
            year: year, programs: programs, projectCount: projects.count, funding: projects.map(\.funding).sum(),
            beneficiaries: projects.reduce(0) { $0 + $1.beneficiaries }, federationRegistered: registered.count,
            newRegistrations: site.organizations.filter { $0.registered?.year == year }.sorted { $0.registered! < $1.registered! }.map(c.ref),
            newAllianceMembers: site.organizations.filter { $0.allianceMember && $0.allianceSince?.year == year }.map(c.ref),
            allianceMembers: site.organizations.filter { o in o.allianceMember && (o.allianceSince.map { $0.year <= year } ?? false) }.count,
            events: site.events.filter { $0.start.year == year }.sorted { $0.start < $1.start }.map(c.ref),
            articles: site.articles.filter { $0.date.year == year }.sorted { $0.date < $1.date }.map(c.ref),
            shares: statistics.shares.filter { $0.total.yearTo == year && $0.group.count > 0 },
            figures: site.figures.filter { $0.date.year == year })
    }

    /// The summary's figures in reading order, each with last year's value and the change.
    package func headlines(previous: YearFigures) -> [YearHeadline] {
        var out = [
            YearHeadline(
                label: "妇联业务主管的登记注册女性社会组织（年末）", value: "\(federationRegistered)家",
                change: .count(federationRegistered - previous.federationRegistered, unit: "家")),
            YearHeadline(
                label: "公益联盟成员组织（年末）", value: "\(allianceMembers)家",
                change: .count(allianceMembers - previous.allianceMembers, unit: "家")),
            YearHeadline(label: "当年承接公益项目", value: "\(projectCount)个", change: .count(projectCount - previous.projectCount, unit: "个")),
            YearHeadline(label: "当年项目资助金额", value: funding.wanYuan, change: .money(funding, previous.funding)),
            YearHeadline(
                label: "当年项目服务人次", value: NumberText.grouped(beneficiaries) + "人次",
                change: .count(beneficiaries - previous.beneficiaries, unit: "人次")),
            YearHeadline(label: "当年活动", value: "\(events.count)场", change: .count(events.count - previous.events.count, unit: "场")),
        ]
        for share in shares {
            let note = share.share.map { "占全市\(share.total.totalProjects!)个项目的\($0.display)；\(share.sourceNote)" }
            out.append(YearHeadline(label: "\(share.label)中标项目", value: "\(share.group.count)个", note: note))
            out.append(YearHeadline(label: "\(share.label)资助金额", value: share.group.funding.wanYuan))
        }
        for f in figures {
            out.append(YearHeadline(label: f.label, value: Statistics.figureValue(f), note: Statistics.sourceNote(f.source, f.date)))
        }
        return out
    }

    /// The year's funding by program as a bar chart (nil without projects).
    package var fundingChart: ChartSVG? {
        BarChart(
            id: "report-\(year)-funding", title: "\(year)年各类项目资助金额",
            desc: programs.map { "\($0.program)\($0.count)个项目，\($0.funding.wanYuan)" }.joined(separator: "；") + "。",
            bars: programs.map { .init(label: $0.program, value: $0.funding.fen, valueLabel: $0.funding.wanYuan) }
        ).svg
    }

    /// Projects by year up to this one, as a bar chart of funding.
    package static func fundingByYearChart(_ years: [YearFigures]) -> ChartSVG? {
        BarChart(
            id: "report-funding-by-year", title: "历年项目资助金额",
            desc: years.map { "\($0.year)年\($0.projectCount)个项目，\($0.funding.wanYuan)" }.joined(separator: "；") + "。",
            bars: years.map { .init(label: "\($0.year)年", value: $0.funding.fen, valueLabel: $0.funding.wanYuan) }
        ).svg
    }
}

/// A figure of the report's summary with its change from the previous year.
package struct YearHeadline: Sendable, Hashable {
    /// How a figure compares with the year before.
    package enum Change: Sendable, Hashable {
        case count(Int, unit: String)
        case money(Money, Money)

        /// `增加3家`, `减少1.20万元`, `与上年持平`
        package var text: String {
            switch self {
            case .count(let d, let unit):
                return d == 0 ? "与上年持平" : (d > 0 ? "增加" : "减少") + NumberText.grouped(abs(d)) + unit
            case .money(let now, let before):
                if now == before { return "与上年持平" }
                let d = Money(fen: abs(now.fen - before.fen))
                return (now > before ? "增加" : "减少") + d.wanYuan
            }
        }
    }

    /// What the figure counts.
    package var label: String
    /// The figure, formatted.
    package var value: String
    /// A line under it, if any.
    package var note: String?
    /// How it compares with the year before, when known.
    package var change: Change?

    /// A figure of the report with its label, note and change from the year before.
    package init(label: String, value: String, note: String? = nil, change: Change? = nil) {
        self.label = label
        self.value = value
        self.note = note
        self.change = change
    }
}
