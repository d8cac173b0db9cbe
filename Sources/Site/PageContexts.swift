import Content
import Stats
import Templates

/// Builds the template context of each planned page. Runs on many threads at once: it only
/// reads the immutable site, index and statistics.
struct PageContexts: Sendable {
    let site: SiteContent
    let index: SiteIndex
    let urls: SiteURLs
    let statistics: Statistics
    let today: ContentDate
    let downloads: Bool
    private let shared: SharedParts
    /// Each article's card, rendered once from `partials/article-card.html`: an article appears
    /// in many lists (all, its column, its year, each of its tags, its organizations' pages).
    private let cards: [String]
    /// Each organization's card, rendered once from `partials/organization-card.html` (all,
    /// its domain, its kind, the alliance, its tags, the home page).
    private let organizationCards: [String]

    init(site: SiteContent, index: SiteIndex, urls: SiteURLs, statistics: Statistics, today: ContentDate, downloads: Bool,
         templates: TemplateSet) {
        self.site = site
        self.index = index
        self.urls = urls
        self.statistics = statistics
        self.today = today
        self.downloads = downloads
        let shared = SharedParts(site: site, urls: urls)
        self.shared = shared
        let vm = ViewModels(site: site, index: index, urls: urls)
        /// A card sees its own fields, `site` and `t`.
        @Sendable func render(_ template: String, _ fields: [String: Any]) -> String {
            var card = fields
            card["site"] = shared.site
            card["t"] = UIStrings.zhCN
            return templates.render(template, card)
        }
        cards = Parallel.map(site.articles) { render(PageContexts.articleCardTemplate, vm.articleCard($0)) }
        organizationCards = Parallel.map(site.organizations) { render(PageContexts.organizationCardTemplate, vm.organizationCard($0)) }
    }

    static let articleCardTemplate = "partials/article-card"
    static let organizationCardTemplate = "partials/organization-card"

    /// The pre-rendered card of article `i`, for `{{{card}}}` in list templates.
    private func card(_ i: Int) -> [String: Any] { ["card": cards[i]] }

    /// The pre-rendered card of organization `i`, for `{{{card}}}` in list templates.
    private func organizationCard(_ i: Int) -> [String: Any] { ["card": organizationCards[i]] }

    var vm: ViewModels { ViewModels(site: site, index: index, urls: urls) }

    func context(for page: PlannedPage) -> [String: Any] {
        let (title, description, body) = content(page)
        var context = body
        context["site"] = shared.site
        context["t"] = UIStrings.zhCN
        context["menu"] = shared.menu.map { item in
            let isCurrent = item.url == urls.home ? page.url == item.url : page.url.hasPrefix(item.url)
            return ["title": item.title, "url": item.url, "current": isCurrent] as [String: Any]
        }
        context["page"] = [
            "title": title, "url": page.url, "canonical": absolute(page.url),
            "description": description ?? site.config.description, "isHome": page.url == urls.home,
        ] as [String: Any]
        return context
    }

    func absolute(_ url: String) -> String {
        let root = site.config.baseURL
        let base = urls.base
        return url.hasPrefix(base) ? root + url.dropFirst(base.count) : url
    }

    private func content(_ page: PlannedPage) -> (String, String?, [String: Any]) {
        let s = UIStrings.zhCN
        switch page.spec {
        case .home: return (site.config.title, nil, home())
        case .organizationIndex:
            return (s["organizations"]!, nil, organizationList({ _ in true }, heading: s["allOrganizations"]!, url: page.url))
        case .organizationsInDomain(let i):
            let d = site.config.domains[i]
            return (d.name, nil, organizationList({ $0.domain == d.slug }, heading: d.name, url: page.url))
        case .organizationsOfKind(let kind):
            let title = kind.chinese + "组织"
            return (title, nil, organizationList({ $0.kind == kind }, heading: title, url: page.url))
        case .allianceMembers:
            return (s["allianceMembers"]!, nil,
                    organizationList(\.allianceMember, heading: s["allianceMembers"]!, url: page.url))
        case .organization(let i): return organization(site.organizations[i])
        case .eventIndex: return (s["events"]!, nil, eventList(site.events, heading: s["events"]!, url: page.url, split: true))
        case .eventsInYear(let y):
            let title = "\(y)年活动"
            return (title, nil, eventList(site.events.filter { $0.start.year == y }, heading: title, url: page.url, split: false))
        case .event(let i): return event(site.events[i])
        case .articleList(let list, let n):
            return (n == 1 ? list.title : "\(list.title) · 第\(n)页", nil, articleList(list, page: n))
        case .article(let i): return article(i)
        case .projectIndex: return (s["projects"]!, nil, projectList(site.projects, heading: s["projects"]!, url: page.url))
        case .projectsInProgram(let p):
            return (p, nil, projectList(site.projects.filter { $0.program == p }, heading: p, url: page.url))
        case .projectsInYear(let y):
            let title = "\(y)年公益项目"
            return (title, nil, projectList(site.projects.filter { $0.year == y }, heading: title, url: page.url))
        case .project(let i): return project(site.projects[i])
        case .tagIndex:
            let tags = index.tags.map { t -> [String: Any] in
                let n = (index.articlesByTag[t]?.count ?? 0) + (index.eventsByTag[t]?.count ?? 0) + (index.organizationsByTag[t]?.count ?? 0)
                return ["name": t, "url": urls.tag(t), "count": n]
            }
            return (s["allTags"]!, nil, ["heading": s["allTags"]!, "tags": tags])
        case .tag(let t, let n): return (n == 1 ? "标签：\(t)" : "标签：\(t) · 第\(n)页", nil, tag(t, page: n))
        case .page(let i):
            let p = site.pages[i]
            return (p.title, Summary.of(p.source.body), ["title": p.title, "body": p.source.body.html])
        case .statistics(let theme):
            return (Statistics.title(theme: theme), nil, statistics.context(theme: theme, urls: urls))
        case .notFound: return (s["notFound"]!, nil, [:])
        }
    }

    private func home() -> [String: Any] {
        let upcoming = site.events.filter { ($0.end ?? $0.start) >= today }.sorted { $0.start < $1.start }
        return [
            "headlines": statistics.headlines(urls: urls).map {
                ["label": $0.label, "value": $0.value, "note": vm.present($0.note), "url": $0.url] as [String: Any]
            },
            "statisticsUrl": urls.statistics(),
            "latestArticles": site.articles.indices.prefix(6).map(card),
            "articlesUrl": urls.section("articles"),
            "upcomingEvents": upcoming.prefix(4).map { vm.eventCard($0, today: today) },
            "recentEvents": site.events.filter { ($0.end ?? $0.start) < today }.prefix(3).map { vm.eventCard($0, today: today) },
            "eventsUrl": urls.section("events"),
            "featured": site.organizations.indices.filter { site.organizations[$0].featured }.map(organizationCard),
            "organizationsUrl": urls.section("organizations"),
            "intro": vm.present(site.config.description),
        ]
    }

    private func organizationFacets(current: String) -> [String: Any] {
        let domains = site.config.domains.map { d in
            (d.name, urls.organizationsInDomain(d.slug), site.organizations.filter { $0.domain == d.slug }.count)
        }
        let kinds = OrganizationKind.allCases.map { k in
            (k.chinese, urls.organizationsOfKind(k), site.organizations.filter { $0.kind == k }.count)
        }
        return [
            "domains": vm.facet(domains, current: current), "kinds": vm.facet(kinds, current: current),
            "allUrl": urls.section("organizations"), "allianceUrl": urls.allianceMembers,
            "allCount": site.organizations.count, "allianceCount": site.organizations.filter(\.allianceMember).count,
            "allCurrent": current == urls.section("organizations"), "allianceCurrent": current == urls.allianceMembers,
        ]
    }

    private func organizationList(_ include: (Organization) -> Bool, heading: String, url: String) -> [String: Any] {
        let orgs = site.organizations
        func key(_ o: Organization) -> (String, Int64, String) { (o.kind.rawValue, o.registered?.epochSeconds ?? .max, o.slug) }
        let sorted = orgs.indices.filter { include(orgs[$0]) }.sorted { key(orgs[$0]) < key(orgs[$1]) }
        return ["heading": heading, "count": sorted.count, "organizations": sorted.map(organizationCard), "facets": organizationFacets(current: url)]
    }

    private func organization(_ o: Organization) -> (String, String?, [String: Any]) {
        var c: [String: Any] = vm.organizationCard(o)
        c["body"] = o.source.body.html
        c["registered"] = vm.present(o.registered?.chinese)
        c["supervisor"] = vm.present(o.supervisor)
        c["allianceSince"] = vm.present(o.allianceSince?.chinese)
        c["services"] = o.services
        c["tags"] = vm.tagRefs(o.tags)
        let website = o.contact.website.flatMap { LocalPath.resolve($0) == .external && $0.contains("://") ? $0 : nil }
        c["contact"] = o.contact.isEmpty ? false : [
            "address": vm.present(o.contact.address), "phone": vm.present(o.contact.phone),
            "tel": "tel:" + (o.contact.phone ?? "").filter { $0.isNumber || $0 == "+" },
            "website": vm.present(website), "wechat": vm.present(o.contact.wechat),
        ] as [String: Any]
        c["projects"] = (index.projectsByOrganization[o.slug] ?? []).map { vm.projectCard(site.projects[$0]) }
        c["events"] = (index.eventsByOrganization[o.slug] ?? []).map { vm.eventCard(site.events[$0], today: today) }
        c["articles"] = (index.articlesByOrganization[o.slug] ?? []).map(card)
        return (o.name, Summary.of(o.source.body), c)
    }

    private func eventList(_ events: [Event], heading: String, url: String, split: Bool) -> [String: Any] {
        let years = index.eventYears.map { y in
            ["name": "\(y)年", "url": urls.eventsInYear(y), "count": site.events.filter { $0.start.year == y }.count, "current": url == urls.eventsInYear(y)] as [String: Any]
        }
        var c: [String: Any] = ["heading": heading, "years": years, "count": events.count]
        if split {
            c["upcoming"] = events.filter { ($0.end ?? $0.start) >= today }.sorted { $0.start < $1.start }.map { vm.eventCard($0, today: today) }
            c["past"] = events.filter { ($0.end ?? $0.start) < today }.map { vm.eventCard($0, today: today) }
        } else {
            c["past"] = events.map { vm.eventCard($0, today: today) }
        }
        return c
    }

    private func event(_ e: Event) -> (String, String?, [String: Any]) {
        var c = vm.eventCard(e, today: today)
        c["body"] = e.source.body.html
        c["organizers"] = e.organizers.map(vm.organizationRef)
        c["participants"] = e.participants.map(vm.organizationRef)
        c["programme"] = e.programme.map { ["time": $0.time, "item": $0.item] }
        c["stalls"] = e.stalls.map { ["organization": vm.organizationRef($0.organization), "offer": $0.offer] as [String: Any] }
        c["tags"] = vm.tagRefs(e.tags)
        c["ics"] = urls.file("events/\(e.slug)/\(e.slug).ics")
        c["yearUrl"] = urls.eventsInYear(e.start.year)
        return (e.title, Summary.of(e.source.body), c)
    }

    private func articleFacets(current: String) -> [String: Any] {
        [
            "columns": index.columns.map { col in
                ["name": col, "url": urls.articlesInColumn(col), "count": index.articlesByColumn[col]?.count ?? 0,
                 "current": current.hasPrefix(urls.articlesInColumn(col))] as [String: Any]
            },
            "years": index.articleYears.map { y in
                ["name": "\(y)年", "url": urls.articlesInYear(y), "count": index.articlesByYear[y]?.count ?? 0,
                 "current": current.hasPrefix(urls.articlesInYear(y))] as [String: Any]
            },
        ]
    }

    /// One page of a list: its slice of items and the links to the other pages.
    private func pagination(of url: String, page n: Int, count: Int) -> (range: Range<Int>, context: Any) {
        let per = PagePlanner.articlesPerPage
        let total = PagePlanner.pageCount(count)
        let range = min(count, (n - 1) * per)..<min(count, n * per)
        guard total > 1 else { return (range, false) }
        let context: [String: Any] = [
            "current": n, "total": total,
            "pages": PagePlanner.pagerNumbers(current: n, total: total).map { number -> [String: Any] in
                guard let number else { return ["gap": true, "current": false] }
                return ["number": number, "url": urls.paged(url, number), "current": number == n, "gap": false]
            },
            "newer": n > 1 ? urls.paged(url, n - 1) : false,
            "older": n < total ? urls.paged(url, n + 1) : false,
        ]
        return (range, context)
    }

    private func articleList(_ list: ArticleList, page n: Int) -> [String: Any] {
        let all = index.articles(in: list, of: site)
        let base = list.url(urls)
        let (range, pagination) = pagination(of: base, page: n, count: all.count)
        return ["heading": list.title, "articles": all[range].map(card),
                "facets": articleFacets(current: base), "feed": urls.file("feed.xml"), "pagination": pagination]
    }

    private func article(_ i: Int) -> (String, String?, [String: Any]) {
        let a = site.articles[i]
        var c = vm.articleCard(a)
        c["body"] = a.source.body.html
        let characters = Summary.characterCount(a.source.body.plainText)
        c["readingMinutes"] = Summary.readingMinutes(characters: characters)
        c["characters"] = characters.grouped
        c["organizations"] = a.organizations.map(vm.organizationRef)
        // Articles are sorted newest first: the previous (older) one is the next index.
        c["previous"] = i + 1 < site.articles.count ? ["title": site.articles[i + 1].title, "url": urls.article(site.articles[i + 1].slug)] : false
        c["next"] = i > 0 ? ["title": site.articles[i - 1].title, "url": urls.article(site.articles[i - 1].slug)] : false
        c["related"] = index.related[i].map { j -> [String: Any] in
            let r = site.articles[j]
            return ["title": r.title, "url": urls.article(r.slug), "date": r.date.chinese, "datetime": r.date.isoDate]
        }
        c["downloads"] = downloads
            ? ["word": urls.file("articles/\(a.slug)/\(a.slug).docx"), "text": urls.file("articles/\(a.slug)/\(a.slug).txt")]
            : false
        c["jsonLD"] = articleJSONLD(a)
        return (a.title, a.summary, c)
    }

    /// Schema.org data for search engines; every value escaped for a `<script>` element.
    private func articleJSONLD(_ a: Article) -> String {
        func j(_ s: String) -> String { Escape.jsonString(s, forScript: true) }
        return """
        {"@context":"https://schema.org","@type":"NewsArticle","headline":\(j(a.title)),"datePublished":"\(a.date.isoDate)",\
        "author":{"@type":"Organization","name":\(j(a.author ?? site.config.federation.name))},"inLanguage":\(j(site.config.language)),\
        "url":\(j(absolute(urls.article(a.slug))))}
        """
    }

    private func projectList(_ projects: [Project], heading: String, url: String) -> [String: Any] {
        [
            "heading": heading, "projects": projects.map(vm.projectCard), "count": projects.count,
            "totalFunding": projects.map(\.funding).sum().wanYuan,
            "totalBeneficiaries": (projects.reduce(0) { $0 + $1.beneficiaries }).grouped,
            "programs": index.programs.map { p in
                ["name": p, "url": urls.projectsInProgram(p), "count": site.projects.filter { $0.program == p }.count, "current": url == urls.projectsInProgram(p)] as [String: Any]
            },
            "years": index.projectYears.map { y in
                ["name": "\(y)年", "url": urls.projectsInYear(y), "count": site.projects.filter { $0.year == y }.count, "current": url == urls.projectsInYear(y)] as [String: Any]
            },
        ]
    }

    private func project(_ p: Project) -> (String, String?, [String: Any]) {
        var c = vm.projectCard(p)
        c["body"] = p.source.body.html
        c["domainUrl"] = urls.organizationsInDomain(p.domain)
        return (p.title, Summary.of(p.source.body), c)
    }

    private func tag(_ t: String, page n: Int) -> [String: Any] {
        let articles = index.articlesByTag[t] ?? []
        let (range, pagination) = pagination(of: urls.tag(t), page: n, count: articles.count)
        // Events and organizations are few; they are listed on the first page only.
        return [
            "tag": t,
            "articles": articles[range].map(card),
            "events": n == 1 ? (index.eventsByTag[t] ?? []).map { vm.eventCard(site.events[$0], today: today) } : [],
            "organizations": n == 1 ? (index.organizationsByTag[t] ?? []).map(organizationCard) : [],
            "allTagsUrl": urls.section("tags"),
            "pagination": pagination,
        ]
}
}

/// What every page shows the same way, prepared once per build rather than once per page.
/// Immutable after `init`, so sharing it between rendering threads is safe.
private final class SharedParts: @unchecked Sendable {
    let site: [String: Any]
    /// Menu entries with their links resolved; each page only marks the current one.
    let menu: [(title: String, url: String)]

    init(site content: SiteContent, urls: SiteURLs) {
        let f = content.config.federation
        let present = ViewModels.present
        site = [
            "title": content.config.title, "description": content.config.description, "base": urls.base,
            "lang": content.config.language, "feed": urls.file("feed.xml"),
            "federation": ["name": f.name, "address": present(f.address), "phone": present(f.phone), "email": present(f.email)],
        ]
        menu = content.config.menu.map { item in
            var url = item.url
            if case .inside(let p) = LocalPath.resolve(url), url.hasPrefix("/") { url = urls.file(p) }
            return (item.title, url)
        }
    }
}
