import Content
import Markdown
import Templates

/// Turns content values into the fields templates read: formatted dates and money,
/// resolved links. Templates stay logic-less; every decision is made here.
struct ViewModels: Sendable {
    let site: SiteContent
    let index: SiteIndex
    let urls: SiteURLs
    /// `{name, url, sep}` of every tag, made once: tags are listed on every card and entry page.
    /// `first` has an empty `sep`, `rest` the 、 that goes before every later name.
    private let tagRef: [String: (first: TemplateValue, rest: TemplateValue)]

    /// What goes between names in a list (相关组织：甲、乙、丙), as Chinese prints it.
    static let nameSeparator = "、"

    init(site: SiteContent, index: SiteIndex, urls: SiteURLs) {
        self.site = site
        self.index = index
        self.urls = urls
        var tagRef: [String: (first: TemplateValue, rest: TemplateValue)] = [:]
        for t in index.tags {
            tagRef[t] = (
                ["name": .string(t), "url": .string(urls.tag(t)), "sep": ""],
                ["name": .string(t), "url": .string(urls.tag(t)), "sep": .string(Self.nameSeparator)]
            )
        }
        self.tagRef = tagRef
    }

    func domainName(_ slug: String) -> String { site.config.domain(slug)?.name ?? slug }

    func organizationRef(_ slug: String) -> TemplateValue {
        guard let i = index.organizationBySlug[slug] else { return ["name": .string(slug), "url": ""] }
        return ["name": .string(site.organizations[i].name), "url": .string(urls.organization(slug))]
    }

    func tagRefs(_ tags: [String]) -> TemplateValue {
        .list(
            tags.enumerated().map { i, t in
                if let ref = tagRef[t] { return i == 0 ? ref.first : ref.rest }
                return ["name": .string(t), "url": .string(urls.tag(t)), "sep": i == 0 ? "" : .string(Self.nameSeparator)]
            })
    }

    /// `{name, url, sep}` of each organization, `sep` the 、 before every name but the first.
    func organizationRefs(_ slugs: [String]) -> TemplateValue {
        .list(
            slugs.enumerated().map { i, slug in
                guard case .object(var fields) = organizationRef(slug) else { return organizationRef(slug) }
                fields["sep"] = i == 0 ? "" : .string(Self.nameSeparator)
                return .object(fields)
            })
    }

    func staticURL(_ path: String?) -> String? {
        guard let path else { return nil }
        switch LocalPath.resolve(path) {
        case .inside(let p): return urls.staticFile(p)
        case .external: return path
        case .escapes: return nil
        }
    }

    func organizationCard(_ o: Organization) -> TemplateFields {
        [
            "name": .string(o.name), "url": .string(urls.organization(o.slug)), "kind": .string(o.kind.chinese),
            "kindUrl": .string(urls.organizationsOfKind(o.kind)),
            "domain": .string(domainName(o.domain)), "domainUrl": .string(urls.organizationsInDomain(o.domain)),
            "summary": .text(Summary.cut(Summary.of(o.source.body), to: 60)),
            "allianceMember": .bool(o.allianceMember), "logo": .text(staticURL(o.logo)),
        ]
    }

    func articleCard(_ a: Article) -> TemplateFields {
        var card: TemplateFields = [
            "title": .string(a.title), "url": .string(urls.article(a.slug)), "date": .string(a.date.chinese),
            "datetime": .string(a.date.isoDate), "summary": .text(a.summary), "tags": tagRefs(a.tags), "draft": .bool(a.draft),
            "column": .text(a.column), "author": .text(a.author), "issue": a.issue.map(TemplateValue.int) ?? false,
        ]
        if let c = a.column { card["columnUrl"] = .string(urls.articlesInColumn(c)) }
        return card
    }

    func eventCard(_ e: Event, today: ContentDate) -> TemplateFields {
        [
            "title": .string(e.title), "url": .string(urls.event(e.slug)), "when": .string(Format.eventWhen(e)),
            "datetime": .string(e.start.isoDate), "location": .text(e.location), "kind": .string(e.kind),
            "upcoming": .bool((e.end ?? e.start) >= today), "cover": .text(staticURL(e.cover)),
        ]
    }

    func projectCard(_ p: Project) -> TemplateFields {
        [
            "title": .string(p.title), "url": .string(urls.project(p.slug)), "organization": organizationRef(p.organization),
            "program": .string(p.program), "programUrl": .string(urls.projectsInProgram(p.program)), "round": .string(p.round),
            "year": .int(p.year), "yearUrl": .string(urls.projectsInYear(p.year)), "funding": .string(p.funding.wanYuan),
            "fundingYuan": .string(p.funding.yuanWithSeparators), "beneficiaries": .string(p.beneficiaries.grouped),
            "domain": .string(domainName(p.domain)), "status": .text(p.status),
        ]
    }

    /// Counters for a list of links, e.g. domains with how many organizations each has.
    func facet(_ items: [(name: String, url: String, count: Int)], current: String) -> TemplateValue {
        .list(items.map { ["name": .string($0.name), "url": .string($0.url), "count": .int($0.count), "current": .bool($0.url == current)] })
    }
}
