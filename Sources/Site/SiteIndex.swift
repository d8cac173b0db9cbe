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
    static let relatedWindow = 25

    /// Built in one pass over each kind, reading entries in place by index: a `for` loop over
    /// entries copies each one (a dozen references retained and released), and this runs
    /// while the other cores wait.
    init(_ site: SiteContent) {
        let organizations = site.organizations, events = site.events, articles = site.articles, projects = site.projects
        var orgBySlug: [String: Int] = [:]
        orgBySlug.reserveCapacity(organizations.count)
        for i in organizations.indices { orgBySlug[organizations[i].slug] = i }
        organizationBySlug = orgBySlug

        var projectsOfOrg: [String: [Int]] = [:], byProgram: [String: [Int]] = [:], projectsInYear: [Int: [Int]] = [:]
        for i in projects.indices {
            projectsOfOrg[projects[i].organization, default: []].append(i)
            byProgram[projects[i].program, default: []].append(i)
            projectsInYear[projects[i].year, default: []].append(i)
        }
        projectsByOrganization = projectsOfOrg
        projectsByProgram = byProgram
        projectsByYear = projectsInYear

        var eventsOfOrg: [String: [Int]] = [:], eventTags: [String: [Int]] = [:]
        for i in events.indices {
            for slug in events[i].allOrganizations { eventsOfOrg[slug, default: []].append(i) }
            Self.forEachDistinct(events[i].tags) { eventTags[$0, default: []].append(i) }
        }
        eventsByOrganization = eventsOfOrg
        eventsByTag = eventTags

        var articlesOfOrg: [String: [Int]] = [:], articleTags: [String: [Int]] = [:]
        var byColumn: [String: [Int]] = [:], byYear: [Int: [Int]] = [:]
        for i in articles.indices {
            Self.forEachDistinct(articles[i].organizations) { articlesOfOrg[$0, default: []].append(i) }
            Self.forEachDistinct(articles[i].tags) { articleTags[$0, default: []].append(i) }
            if let c = articles[i].column { byColumn[c, default: []].append(i) }
            byYear[articles[i].date.year, default: []].append(i)
        }
        articlesByOrganization = articlesOfOrg
        articlesByTag = articleTags
        articlesByColumn = byColumn
        articlesByYear = byYear

        var orgTags: [String: [Int]] = [:]
        for i in organizations.indices { Self.forEachDistinct(organizations[i].tags) { orgTags[$0, default: []].append(i) } }
        organizationsByTag = orgTags

        var tagCounts: [String: Int] = [:]
        for (t, v) in articleTags { tagCounts[t, default: 0] += v.count }
        for (t, v) in eventTags { tagCounts[t, default: 0] += v.count }
        for (t, v) in orgTags { tagCounts[t, default: 0] += v.count }
        tags = tagCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)

        // Oldest first: articles are sorted newest first (by date, then slug).
        columns = Self.firstSeenOrder(articles.indices.reversed().compactMap { articles[$0].column })
        programs = Self.firstSeenOrder(projects.indices.map { projects[$0].program })
        articleYears = byYear.keys.sorted(by: >)
        eventYears = Set(events.indices.map { events[$0].start.year }).sorted(by: >)
        projectYears = projectsInYear.keys.sorted(by: >)
    }

    /// Up to five articles sharing the most tags with article `i` (whose tags are `tags`),
    /// among those nearest to it in date: ``relatedWindow`` either side within each of its
    /// tags. Counting through whole tag lists grew with the square of the archive; articles
    /// are sorted newest first, so an index distance is a distance in date. Most shared tags
    /// first, then nearer, then newer.
    ///
    /// Asked for by each article page as it is rendered, on whichever core renders it, rather
    /// than for every article while the other cores wait.
    func related(to i: Int, tags: [String]) -> [Int] {
        // The window of each shared tag, an ascending run of indices: merged, an index found
        // in k of them shares k tags. (Plain positions: slices in an array were retained and
        // checked for uniqueness on every step.)
        var lists: [[Int]] = [], next: [Int] = [], ends: [Int] = []
        Self.forEachDistinct(tags) { t in
            guard let list = articlesByTag[t] else { return }
            let at = Self.position(of: i, in: list)
            lists.append(list)
            next.append(max(0, at - Self.relatedWindow))
            ends.append(min(list.count, at + Self.relatedWindow + 1))
        }
        func key(_ j: Int, _ shared: Int) -> (Int, Int, Int) { (shared, -abs(j - i), -j) }
        // The best five kept while merging.
        var best: [(j: Int, shared: Int)] = []
        while true {
            var j = Int.max
            for w in lists.indices where next[w] < ends[w] { j = min(j, lists[w][next[w]]) }
            guard j != .max else { break }
            var shared = 0
            for w in lists.indices where next[w] < ends[w] && lists[w][next[w]] == j {
                next[w] += 1
                shared += 1
            }
            guard j != i, best.count < 5 || key(j, shared) > key(best[4].j, best[4].shared) else { continue }
            let at = best.firstIndex { key(j, shared) > key($0.j, $0.shared) } ?? best.count
            best.insert((j, shared), at: at)
            if best.count > 5 { best.removeLast() }
        }
        return best.map(\.j)
    }

    /// Calls `body` once for each distinct value, first-seen order: a handful of tags, for
    /// which comparing beats hashing them into a set.
    private static func forEachDistinct(_ values: [String], _ body: (String) -> Void) {
        for k in values.indices where !values[..<k].contains(values[k]) { body(values[k]) }
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
