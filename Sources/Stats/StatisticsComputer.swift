import Content

/// Computes ``Statistics`` from the loaded site: the only place that counts.
package enum StatisticsComputer {
    /// Every figure of the statistics pages, counted from the loaded content.
    package static func compute(_ site: SiteContent) -> Statistics {
        let c = Lookup(site)
        let federation = site.config.federation.name

        let federationRegistered = site.organizations
            .filter { $0.kind == .registered && $0.supervisor == federation }
            .map(c.ref)
        let byKind = OrganizationKind.allCases.map { kind in
            (kind: kind, entries: site.organizations.filter { $0.kind == kind }.map(c.ref))
        }
        let alliance = yearCounts(
            site.organizations.filter(\.allianceMember).compactMap { o in
                o.allianceSince.map { ($0.year, c.ref(o)) }
            })
        let registrations = yearCounts(site.organizations.compactMap { o in o.registered.map { ($0.year, c.ref(o)) } })

        let programs = c.programNames.map { name in c.group(site.projects.filter { $0.program == name }, program: name, round: nil) }
        let rounds = roundGroups(site.projects, c)
        let shares = site.programTotals.map { total -> ProgramShare in
            let matching = site.projects.filter { total.covers($0) }
            var group = c.group(matching, program: total.program, round: total.round)
            group.years = min(total.yearFrom, total.yearTo)...max(total.yearFrom, total.yearTo)
            return ProgramShare(total: total, group: group)
        }

        var stats = Statistics(
            federation: federation, federationRegistered: federationRegistered, organizationsByKind: byKind,
            alliance: alliance, registrations: registrations, programs: programs, rounds: rounds,
            shares: shares, figures: site.figures, tables: [], urls: SiteURLs(config: site.config))
        stats.tables =
            OrganizationTables.make(stats, site, c) + ProjectTables.make(stats, site, c)
            + EventTables.make(site, c) + ArticleTables.make(site, c)
        return stats
    }

    /// Entries by year with running totals; years without entries between the first and last are kept at zero.
    static func yearCounts(_ items: [(Int, EntryRef)]) -> [YearCount] {
        guard let first = items.map(\.0).min(), let last = items.map(\.0).max() else { return [] }
        var total = 0
        return (first...last).map { year in
            let entries = items.filter { $0.0 == year }.map(\.1)
            total += entries.count
            return YearCount(year: year, entries: entries, cumulative: total)
        }
    }

    static func roundGroups(_ projects: [Project], _ c: Lookup) -> [ProjectGroup] {
        var keys: [(program: String, round: String)] = []
        for p in projects where !keys.contains(where: { $0.program == p.program && $0.round == p.round }) {
            keys.append((p.program, p.round))
        }
        return keys.map { key in
            c.group(projects.filter { $0.program == key.program && $0.round == key.round }, program: key.program, round: key.round)
        }
        .sorted { ($0.years.lowerBound, c.programOrder($0.program)) < ($1.years.lowerBound, c.programOrder($1.program)) }
    }
}

/// Names and orders every table needs: organization names by slug, domains in `site.yaml` order.
struct Lookup {
    let site: SiteContent
    let organizationNames: [String: String]
    /// Programs in order of their first year, then name.
    let programNames: [String]
    /// Domain slugs as declared in `site.yaml`, then any others entries use.
    let domainSlugs: [String]

    init(_ site: SiteContent) {
        self.site = site
        var names: [String: String] = [:]
        for o in site.organizations { names[o.slug] = o.name }
        organizationNames = names
        var firstYear: [String: Int] = [:]
        for p in site.projects { firstYear[p.program] = min(firstYear[p.program] ?? p.year, p.year) }
        programNames = firstYear.keys.sorted { (firstYear[$0]!, $0) < (firstYear[$1]!, $1) }
        var slugs = site.config.domains.map(\.slug)
        for d in site.organizations.map(\.domain) + site.projects.map(\.domain) where !slugs.contains(d) { slugs.append(d) }
        domainSlugs = slugs
    }

    func programOrder(_ name: String) -> Int { programNames.firstIndex(of: name) ?? programNames.count }
    func organizationName(_ slug: String) -> String { organizationNames[slug] ?? slug }
    func domainName(_ slug: String) -> String { site.config.domain(slug)?.name ?? slug }

    func ref(_ o: Organization) -> EntryRef { EntryRef(kind: .organization, slug: o.slug, title: o.name) }
    func ref(_ p: Project) -> EntryRef { EntryRef(kind: .project, slug: p.slug, title: p.title) }
    func ref(_ e: Event) -> EntryRef { EntryRef(kind: .event, slug: e.slug, title: e.title) }
    func ref(_ a: Article) -> EntryRef { EntryRef(kind: .article, slug: a.slug, title: a.title) }

    func group(_ projects: [Project], program: String, round: String?) -> ProjectGroup {
        let years = projects.map(\.year)
        let span = (years.min() ?? 0)...(years.max() ?? 0)
        return ProjectGroup(
            program: program, round: round, years: span, projects: projects.map(ref),
            funding: projects.map(\.funding).sum(), beneficiaries: projects.reduce(0) { $0 + $1.beneficiaries })
    }
}
