import Content

/// Everything derived from the content that more than one page needs: lookups, backlinks,
/// groupings and related articles. Computed once, in linear or near-linear time, before rendering.
struct SiteIndex: Sendable {
    let organizationBySlug: [String: Int]
    let projectsByOrganization: [String: [Int]]
    let eventsByOrganization: [String: [Int]]
    let articlesByOrganization: [String: [Int]]
    let articlesByTag: [String: [Int]]
    let eventsByTag: [String: [Int]]
    let organizationsByTag: [String: [Int]]
    /// Every tag, sorted by how often it is used, then by name.
    let tags: [String]
    let columns: [String]
    let programs: [String]
    let articleYears: [Int]
    let articlesByColumn: [String: [Int]]
    let articlesByYear: [Int: [Int]]
    let eventYears: [Int]
    let projectYears: [Int]
    let projectsByProgram: [String: [Int]]
    let projectsByYear: [Int: [Int]]
    /// For each article, up to five others sharing the most tags among those nearest to it in
    /// date (``relatedWindow`` either side within each of its tags); nearer, then newer, first on ties.
    let related: [[Int]]
    static let relatedWindow = 25

    init(_ site: SiteContent) {
        var orgBySlug: [String: Int] = [:]
        for (i, o) in site.organizations.enumerated() { orgBySlug[o.slug] = i }
        organizationBySlug = orgBySlug

        var projects: [String: [Int]] = [:]
        for (i, p) in site.projects.enumerated() { projects[p.organization, default: []].append(i) }
        projectsByOrganization = projects

        var events: [String: [Int]] = [:], eventTags: [String: [Int]] = [:]
        for (i, e) in site.events.enumerated() {
            for slug in e.allOrganizations { events[slug, default: []].append(i) }
            for t in Set(e.tags) { eventTags[t, default: []].append(i) }
        }
        eventsByOrganization = events
        eventsByTag = eventTags

        var articles: [String: [Int]] = [:], articleTags: [String: [Int]] = [:]
        for (i, a) in site.articles.enumerated() {
            for slug in Set(a.organizations) { articles[slug, default: []].append(i) }
            for t in Set(a.tags) { articleTags[t, default: []].append(i) }
        }
        articlesByOrganization = articles
        articlesByTag = articleTags

        var orgTags: [String: [Int]] = [:]
        for (i, o) in site.organizations.enumerated() { for t in Set(o.tags) { orgTags[t, default: []].append(i) } }
        organizationsByTag = orgTags

        var tagCounts: [String: Int] = [:]
        for (t, v) in articleTags { tagCounts[t, default: 0] += v.count }
        for (t, v) in eventTags { tagCounts[t, default: 0] += v.count }
        for (t, v) in orgTags { tagCounts[t, default: 0] += v.count }
        tags = tagCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)

        columns = Self.firstSeenOrder(site.articles.sorted { ($0.date, $0.slug) < ($1.date, $1.slug) }.compactMap(\.column))
        programs = Self.firstSeenOrder(site.projects.map(\.program))
        articleYears = Array(Set(site.articles.map(\.date.year))).sorted(by: >)
        var byColumn: [String: [Int]] = [:], byYear: [Int: [Int]] = [:]
        for (i, a) in site.articles.enumerated() {
            if let c = a.column { byColumn[c, default: []].append(i) }
            byYear[a.date.year, default: []].append(i)
        }
        articlesByColumn = byColumn
        articlesByYear = byYear
        eventYears = Array(Set(site.events.map(\.start.year))).sorted(by: >)
        projectYears = Array(Set(site.projects.map(\.year))).sorted(by: >)
        var byProgram: [String: [Int]] = [:], projectsInYear: [Int: [Int]] = [:]
        for (i, p) in site.projects.enumerated() {
            byProgram[p.program, default: []].append(i)
            projectsInYear[p.year, default: []].append(i)
        }
        projectsByProgram = byProgram
        projectsByYear = projectsInYear

        // Candidates are the articles nearest in date within each shared tag, `relatedWindow`
        // either side: with a few dozen tags over thousands of articles, counting through whole
        // tag lists grew with the square of the archive. Articles are sorted newest first, so
        // an index distance is a distance in date.
        var related: [[Int]] = []
        related.reserveCapacity(site.articles.count)
        var shared = [Int](repeating: 0, count: site.articles.count)
        for (i, a) in site.articles.enumerated() {
            var touched: [Int] = []
            for t in Set(a.tags) {
                guard let list = articleTags[t] else { continue }
                let at = Self.position(of: i, in: list)
                for j in list[max(0, at - Self.relatedWindow)..<min(list.count, at + Self.relatedWindow + 1)] where j != i {
                    if shared[j] == 0 { touched.append(j) }
                    shared[j] += 1
                }
            }
            // Most shared tags first, then nearest in date, then newer; the best five kept while scanning.
            func key(_ j: Int) -> (Int, Int, Int) { (shared[j], -abs(j - i), -j) }
            var best: [Int] = []
            for j in touched {
                guard best.count < 5 || key(j) > key(best[4]) else { continue }
                let at = best.firstIndex { key(j) > key($0) } ?? best.count
                best.insert(j, at: at)
                if best.count > 5 { best.removeLast() }
            }
            related.append(best)
            for j in touched { shared[j] = 0 }
        }
        self.related = related
    }

    /// Where `i` stands in an ascending list that holds it.
    private static func position(of i: Int, in list: [Int]) -> Int {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < i { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func firstSeenOrder(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
