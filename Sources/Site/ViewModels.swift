import Content
import Markdown

/// Turns content values into the dictionaries templates read: formatted dates and money,
/// resolved links. Templates stay logic-less; every decision is made here.
struct ViewModels: Sendable {
    let site: SiteContent
    let index: SiteIndex
    let urls: SiteURLs

    func domainName(_ slug: String) -> String { site.config.domain(slug)?.name ?? slug }

    func organizationRef(_ slug: String) -> [String: Any] {
        guard let i = index.organizationBySlug[slug] else { return ["name": slug, "url": ""] }
        return ["name": site.organizations[i].name, "url": urls.organization(slug)]
    }

    func tagRefs(_ tags: [String]) -> [[String: Any]] {
        tags.map { ["name": $0, "url": urls.tag($0)] }
    }

    func staticURL(_ path: String?) -> String? {
        guard let path else { return nil }
        switch LocalPath.resolve(path) {
        case .inside(let p): return urls.file(p)
        case .external: return path
        case .escapes: return nil
        }
    }

    func organizationCard(_ o: Organization) -> [String: Any] {
        [
            "name": o.name, "url": urls.organization(o.slug), "kind": o.kind.chinese, "kindUrl": urls.organizationsOfKind(o.kind),
            "domain": domainName(o.domain), "domainUrl": urls.organizationsInDomain(o.domain),
            "summary": present(Summary.cut(Summary.of(o.source.body), to: 60)),
            "allianceMember": o.allianceMember, "logo": present(staticURL(o.logo)),
        ]
    }

    func articleCard(_ a: Article) -> [String: Any] {
        var card: [String: Any] = [
            "title": a.title, "url": urls.article(a.slug), "date": a.date.chinese, "datetime": a.date.isoDate,
            "summary": present(a.summary), "tags": tagRefs(a.tags), "draft": a.draft,
            "column": present(a.column), "author": present(a.author), "issue": a.issue.map { $0 as Any } ?? false,
        ]
        if let c = a.column { card["columnUrl"] = urls.articlesInColumn(c) }
        return card
    }

    func eventCard(_ e: Event, today: ContentDate) -> [String: Any] {
        [
            "title": e.title, "url": urls.event(e.slug), "when": Format.eventWhen(e), "datetime": e.start.isoDate,
            "location": present(e.location), "kind": e.kind, "upcoming": (e.end ?? e.start) >= today,
            "cover": present(staticURL(e.cover)),
        ]
    }

    func projectCard(_ p: Project) -> [String: Any] {
        [
            "title": p.title, "url": urls.project(p.slug), "organization": organizationRef(p.organization),
            "program": p.program, "programUrl": urls.projectsInProgram(p.program), "round": p.round, "year": p.year,
            "yearUrl": urls.projectsInYear(p.year), "funding": p.funding.wanYuan, "fundingYuan": p.funding.yuanWithSeparators,
            "beneficiaries": p.beneficiaries.grouped, "domain": domainName(p.domain), "status": present(p.status),
        ]
    }

    /// Mustache treats an empty string as true and looks up a missing key in the enclosing
    /// context (a related article would show the page's own author), so absent values are `false`.
    static func present(_ value: String?) -> Any {
        guard let value, !value.isEmpty else { return false }
        return value
    }

    func present(_ value: String?) -> Any { Self.present(value) }

    /// Counters for a list of links, e.g. domains with how many organizations each has.
    func facet(_ items: [(name: String, url: String, count: Int)], current: String) -> [[String: Any]] {
        items.map { ["name": $0.name, "url": $0.url, "count": $0.count, "current": $0.url == current] }
    }
}
