import Content
import Markdown
import Stats

/// The year's report as plain values: the parts in the order `content/reports/<year>.md` names
/// them, each a list of blocks. The HTML, Word and PDF writers only lay these out, so the three
/// formats always hold the same text and figures.
package struct AnnualReport: Sendable {
    /// The year reported on.
    package var year: Int
    /// The title on the cover.
    package var title: String
    /// The line under the title, if any.
    package var subtitle: String?
    /// The federation that publishes the report (the cover's author line).
    package var publisher: String
    /// Every figure of the year.
    package var figures: YearFigures
    /// The figures shown on the cover page.
    package var headlines: [YearHeadline]
    /// The sections, in order.
    package var parts: [ReportPart]
    /// `content/reports/<year>.md`, or nil when the year has none (every computed section is then shown).
    package var sourcePath: String?
}

/// One section of the report: a numbered heading and its blocks.
package struct ReportPart: Sendable {
    /// Which computed section this is.
    package var section: ReportSection
    /// Its heading.
    package var title: String
    /// Its content, in order.
    package var blocks: [ReportBlock]
    /// The anchor of the section in the HTML page (`summary`, `projects`, …).
    package var anchor: String { section.rawValue }
}

/// One piece of a report part: narrative, a table, a chart or a list of figures.
package enum ReportBlock: Sendable {
    case paragraph(String)
    case subheading(String)
    case headlines([YearHeadline])
    case table(ReportTable)
    case chart(ChartSVG, caption: String)
    /// The narrative of `content/reports/<year>.md`.
    case markdown(MarkdownDocument)
    /// An event with its photo (a path under `content/static/`, as the entry wrote it).
    case event(title: String, meta: String, image: String?)
    /// An article of the press digest.
    case pressItem(title: String, meta: String, summary: String)
}

/// A table as text cells, the same in every format; numeric columns are right-aligned.
package struct ReportTable: Sendable {
    /// The table's caption.
    package var title: String
    /// Column headings.
    package var columns: [String]
    /// Indices of the right-aligned (numeric) columns.
    package var numeric: Set<Int>
    /// The body rows, as text.
    package var rows: [[String]]
    /// The total row, when adding up makes sense.
    package var totals: [String]?
}

extension AnnualReport {
    /// The sections a report holds when the year has no `content/reports/<year>.md`.
    package static let defaultSections: [ReportSection] = [.summary, .projects, .organizations, .events, .press, .appendix]

    /// Assembles the report of `year` from the loaded site; everything but the narrative is computed.
    package static func make(_ site: SiteContent, year: Int) -> AnnualReport {
        let statistics = StatisticsComputer.compute(site)
        let figures = YearFigures.compute(site, year: year, statistics: statistics)
        let previous = YearFigures.compute(site, year: year - 1, statistics: statistics)
        let headlines = figures.headlines(previous: previous)
        let source = site.reports.first { $0.year == year }
        let sections = source?.sections ?? defaultSections
        let names = Dictionary(site.organizations.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let builder = PartBuilder(
            site: site, year: year, figures: figures, previous: previous, headlines: headlines,
            statistics: statistics, names: names, narrative: source?.source.body)
        let parts = sections.enumerated().map { i, s in
            ReportPart(section: s, title: "\(chineseNumeral(i + 1))、\(s.chinese)", blocks: builder.blocks(s))
        }
        return AnnualReport(
            year: year, title: source?.title ?? "\(site.config.federation.name)\(year)年度工作报告",
            subtitle: source?.subtitle, publisher: site.config.federation.name, figures: figures,
            headlines: headlines, parts: parts, sourcePath: source?.source.path)
    }

    /// 一 … 十九, for section numbers.
    static func chineseNumeral(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        return (n >= 20 ? digits[n / 10] : "") + "十" + digits[n % 10]
    }
}

/// Builds each computed section from the site and the year's figures.
private struct PartBuilder {
    let site: SiteContent
    let year: Int
    let figures: YearFigures
    let previous: YearFigures
    let headlines: [YearHeadline]
    let statistics: Statistics
    let names: [String: String]
    let narrative: MarkdownDocument?

    func name(_ slug: String) -> String { names[slug] ?? slug }

    func blocks(_ section: ReportSection) -> [ReportBlock] {
        switch section {
        case .narrative:
            guard let narrative else { return [.paragraph("（本年度报告没有撰写工作综述。）")] }
            return [.markdown(narrative)]
        case .summary: return summary()
        case .projects: return projects()
        case .organizations: return organizations()
        case .events: return events()
        case .press: return press()
        case .appendix: return appendix()
        }
    }

    func summary() -> [ReportBlock] {
        var out: [ReportBlock] = [
            .paragraph("以下数字由本平台的组织、项目、活动和文章条目统计得出，括号内为与\(year - 1)年相比的变化。"),
            .headlines(headlines),
        ]
        if let chart = figures.fundingChart { out.append(.chart(chart, caption: "图：\(year)年各类项目资助金额")) }
        return out
    }

    func projects() -> [ReportBlock] {
        guard !figures.programs.isEmpty else { return [.paragraph("\(year)年没有登记的公益项目。")] }
        var out: [ReportBlock] = [
            .paragraph(
                "\(year)年本平台组织承接公益项目\(figures.projectCount)个，资助金额合计\(figures.funding.wanYuan)，"
                    + "服务\(NumberText.grouped(figures.beneficiaries))人次。")
        ]
        let byProgram = Dictionary(grouping: site.projects.filter { $0.year == year }, by: \.program)
        for group in figures.programs {
            let projects = byProgram[group.program] ?? []
            out.append(.subheading(group.program))
            out.append(
                .table(
                    ReportTable(
                        title: "\(year)年\(group.program)项目", columns: ["项目名称", "承接机构", "届次", "资助金额", "服务人次", "状态"],
                        numeric: [3, 4],
                        rows: projects.map { p in
                            [
                                p.title, name(p.organization), p.round, p.funding.yuanWithSeparators, NumberText.grouped(p.beneficiaries),
                                p.status ?? "",
                            ]
                        },
                        totals: ["合计\(group.count)个项目", "", "", group.funding.yuanWithSeparators, NumberText.grouped(group.beneficiaries), ""])))
        }
        for share in figures.shares {
            var text = "\(share.label)：本平台组织共中标\(share.group.count)个项目，资助金额\(share.group.funding.wanYuan)"
            if let s = share.share, let total = share.total.totalProjects { text += "，占全市\(total)个项目的\(s.display)" }
            out.append(.paragraph(text + "。" + share.sourceNote))
        }
        return out
    }

    func organizations() -> [ReportBlock] {
        let byslug = Dictionary(site.organizations.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [ReportBlock] = [
            .paragraph(
                "截至\(year)年底，妇联业务主管的登记注册女性社会组织\(figures.federationRegistered)家"
                    + "（\(year)年新登记\(figures.newRegistrations.count)家）；妇女儿童公益联盟成员组织\(figures.allianceMembers)家"
                    + "（\(year)年新加入\(figures.newAllianceMembers.count)家）。")
        ]
        func table(_ title: String, _ refs: [EntryRef], date: (Organization) -> ContentDate?) -> ReportTable {
            ReportTable(
                title: title, columns: ["组织名称", "服务领域", "业务主管单位", "日期"], numeric: [],
                rows: refs.compactMap { byslug[$0.slug] }.map { o in
                    [o.name, site.config.domain(o.domain)?.name ?? o.domain, o.supervisor ?? "", date(o)?.chinese ?? ""]
                }, totals: nil)
        }
        if !figures.newRegistrations.isEmpty {
            out.append(.subheading("新登记注册的组织"))
            out.append(.table(table("\(year)年新登记注册的组织", figures.newRegistrations, date: \.registered)))
        }
        if !figures.newAllianceMembers.isEmpty {
            out.append(.subheading("新加入公益联盟的成员组织"))
            out.append(.table(table("\(year)年新加入公益联盟的成员组织", figures.newAllianceMembers, date: \.allianceSince)))
        }
        return out
    }

    func events() -> [ReportBlock] {
        let events = site.events.filter { $0.start.year == year }.sorted { $0.start < $1.start }
        guard !events.isEmpty else { return [.paragraph("\(year)年没有登记的活动。")] }
        var out: [ReportBlock] = [.paragraph("\(year)年共举办活动\(events.count)场。")]
        for e in events {
            let organizers = e.organizers.map(name).joined(separator: "、")
            out.append(.event(title: e.title, meta: "\(e.start.chinese)　\(e.kind)　\(e.location)　主办：\(organizers)", image: e.cover))
        }
        return out
    }

    func press() -> [ReportBlock] {
        let articles = site.articles.filter { $0.date.year == year }.sorted { ($0.date, $0.slug) < ($1.date, $1.slug) }
        guard !articles.isEmpty else { return [.paragraph("\(year)年没有发表的文章。")] }
        var out: [ReportBlock] = [.paragraph("\(year)年发表文章\(articles.count)篇，摘编如下。")]
        for a in articles {
            var meta = [a.date.chinese]
            if let column = a.column {
                let paper = column == "妇儿之窗" ? "《昆山日报》" : ""
                meta.append(paper + column + (a.issue.map { "第\($0)期" } ?? ""))
            }
            if let author = a.author, !author.isEmpty { meta.append(author) }
            out.append(.pressItem(title: a.title, meta: meta.joined(separator: "　"), summary: a.summary))
        }
        return out
    }

    func appendix() -> [ReportBlock] {
        let first = ([site.projects.map(\.year).min(), site.organizations.compactMap { $0.registered?.year }.min()].compactMap { $0 }.min()) ?? year
        let years = (min(first, year)...year).map { y in
            y == year
                ? figures
                : y == year - 1
                    ? previous
                    : YearFigures.compute(site, year: y, statistics: statistics)
        }
        var out: [ReportBlock] = [
            .table(
                ReportTable(
                    title: "附表1　历年主要数据", columns: ["年份", "登记注册组织（年末）", "联盟成员（年末）", "项目数", "资助金额", "服务人次", "活动", "文章"],
                    numeric: [1, 2, 3, 4, 5, 6, 7],
                    rows: years.map { f in
                        [
                            "\(f.year)年", "\(f.federationRegistered)", "\(f.allianceMembers)", "\(f.projectCount)", f.funding.yuanWithSeparators,
                            NumberText.grouped(f.beneficiaries), "\(f.events.count)", "\(f.articles.count)",
                        ]
                    }, totals: nil))
        ]
        if let chart = YearFigures.fundingByYearChart(years) { out.append(.chart(chart, caption: "图：历年项目资助金额")) }
        if !statistics.shares.isEmpty {
            out.append(
                .table(
                    ReportTable(
                        title: "附表2　妇联所属组织在全市项目中的占比", columns: ["项目类型", "中标项目", "全市项目", "占比", "资助金额", "来源"],
                        numeric: [1, 2, 3, 4],
                        rows: statistics.shares.filter { $0.total.yearFrom <= year }.map { s in
                            [
                                s.label, "\(s.group.count)", s.total.totalProjects.map { "\($0)" } ?? "", s.share?.display ?? "",
                                s.group.funding.yuanWithSeparators, s.sourceNote,
                            ]
                        }, totals: nil)))
        }
        return out
    }
}
