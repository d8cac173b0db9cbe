import Content

/// Every figure of the statistics pages, computed once from the loaded content.
///
/// The typed figures below feed the headlines and the tests; ``tables`` is what the pages, the
/// downloads and the terminal show, so all of them always agree.
package struct Statistics: Sendable {
    /// The federation's name from `site.yaml`: organizations it supervises are counted apart.
    package var federation: String
    /// Registered organizations whose supervising body is the federation.
    package var federationRegistered: [EntryRef]
    /// Organizations by kind, in ``OrganizationKind/allCases`` order.
    package var organizationsByKind: [(kind: OrganizationKind, entries: [EntryRef])]
    /// Alliance members by the year they joined, with the running total.
    package var alliance: [YearCount]
    /// Registrations by year, with the running total.
    package var registrations: [YearCount]
    /// Every program across all its years, in order of first year.
    package var programs: [ProjectGroup]
    /// Every round of every program, in order of year.
    package var rounds: [ProjectGroup]
    /// The federation's part of each program total given in `content/data/programs.yaml`.
    package var shares: [ProgramShare]
    /// The figures of `content/data/figures.yaml`, shown with their source and date.
    package var figures: [DataFigure]
    /// Every table of every theme page, in page order.
    package var tables: [StatTable]
    /// The site's own URLs, for the terminal and JSON output (pages use the URLs the build passes in).
    package var urls: SiteURLs

    /// Tables of one theme, in page order.
    package func tables(theme: String) -> [StatTable] { tables.filter { $0.theme == theme } }

    /// The table `id` of the statistics theme `theme`, if there is one.
    package func table(_ theme: String, _ id: String) -> StatTable? {
        tables.first { $0.theme == theme && $0.id == id }
    }

    /// The projects of one program's round, if any.
    package func round(program: String, round: String) -> ProjectGroup? {
        rounds.first { $0.program == program && $0.round == round }
    }

    /// The federation's share of a program (or of one round of it), if the data has it.
    package func share(program: String, round: String? = nil) -> ProgramShare? {
        shares.first { $0.total.program == program && $0.total.round == round }
    }

    /// Members at the end of `year` (0 before the first member joined).
    package func allianceMembers(in year: Int) -> Int {
        alliance.last { $0.year <= year }?.cumulative ?? 0
    }
}

/// Entries added in one year and the running total at its end.
package struct YearCount: Sendable, Hashable {
    /// The year.
    package var year: Int
    /// The entries added in it.
    package var entries: [EntryRef]
    /// The running total at its end.
    package var cumulative: Int
    /// How many were added in it.
    package var added: Int { entries.count }
}

/// Projects of one program, in one round or over a span of years, with their sums.
package struct ProjectGroup: Sendable {
    /// The funding program.
    package var program: String
    /// Nil when the group spans all rounds of `years`.
    package var round: String?
    /// The years its projects fall in.
    package var years: ClosedRange<Int>
    /// Its projects.
    package var projects: [EntryRef]
    /// Their funding, summed.
    package var funding: Money
    /// People they served, summed.
    package var beneficiaries: Int
    /// How many projects.
    package var count: Int { projects.count }

    /// `2012–2014年` or `2013年`
    package var yearsText: String {
        years.lowerBound == years.upperBound ? "\(years.lowerBound)年" : "\(years.lowerBound)–\(years.upperBound)年"
    }

    /// `第一届（2012年）`, or `2013年` when the round already names its year.
    package var roundText: String {
        guard let round else { return yearsText }
        if years.lowerBound == years.upperBound, round.contains(String(years.lowerBound)) { return round }
        return "\(round)（\(yearsText)）"
    }
}

/// The federation's projects within a program total from `content/data/programs.yaml`.
package struct ProgramShare: Sendable {
    /// The citywide totals.
    package var total: ProgramTotal
    /// The federation's projects they cover.
    package var group: ProjectGroup
    /// The group's projects of the citywide total, when the data gives it.
    package var share: Percent? { total.totalProjects.map { Percent(group.count, of: $0) } }

    /// `公益创投（2012–2014年）`, `小区公益服务购买 2014年第二轮`
    package var label: String {
        if let round = total.round { return "\(total.program) \(round)" }
        return "\(total.program)（\(group.yearsText)）"
    }

    /// `来源：昆山市妇联公开资料（2014年12月31日）`
    package var sourceNote: String { Statistics.sourceNote(total.source, total.date) }
}

extension Statistics {
    /// `来源：昆山市妇联公开资料（2014年12月31日）`: how every figure typed into `content/data/` is shown.
    package static func sourceNote(_ source: String, _ date: ContentDate) -> String {
        "来源：\(source)（\(date.chinese)）"
    }

    /// `逾300个`
    package static func figureValue(_ f: DataFigure) -> String {
        (f.qualifier ?? "") + String(f.value) + f.unit
    }
}
