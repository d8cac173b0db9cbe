import Content
import Search
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
    let vm: ViewModels
    private let shared: SharedParts
    /// Each article's card fields, made once: for its card and again for its own page.
    private let articleFields: [TemplateFields]
    /// `{card}` with each article's card, rendered once from `partials/article-card.html`: an
    /// article appears in many lists (all, its column, its year, each of its tags, its
    /// organizations' pages). Lists take them with closures (`map { cards[$0] }`): a method
    /// passed as a function (`map(card)`) copied the whole of `PageContexts` for each list.
    private let cards: [TemplateValue]
    /// `{title, url}` of each article, for the previous and next links of its neighbours.
    private let articleLinks: [TemplateValue]
    /// `{title, url, date, datetime}` of each article, for the related lists it appears in.
    private let relatedItems: [TemplateValue]
    /// Each project's card fields, made once: for every project list, its organization's page
    /// and its own page.
    private let projectFields: [TemplateFields]
    /// Each organization's card fields, made once: for its card and again for its own page.
    private let organizationFields: [TemplateFields]
    /// The column and year links of each article list (by its URL), made once: every page of
    /// a list shows the same ones.
    private var listFacets: [String: TemplateValue] = [:]
    /// `{card}` with each organization's card, rendered once from
    /// `partials/organization-card.html` (all, its domain, its kind, the alliance, its tags,
    /// the home page).
    private let organizationCards: [TemplateValue]

    /// The interface strings and the links to the other edition (`SiteEdition`).
    let edition: SiteEdition

    init(site: SiteContent, index: SiteIndex, urls: SiteURLs, statistics: Statistics, today: ContentDate, downloads: Bool,
         templates: TemplateSet, edition: SiteEdition = .simplifiedOnly) {
        self.edition = edition
        self.site = site
        self.index = index
        self.urls = urls
        self.statistics = statistics
        self.today = today
        self.downloads = downloads
        let shared = SharedParts(site: site, urls: urls)
        self.shared = shared
        let vm = ViewModels(site: site, index: index, urls: urls)
        self.vm = vm
        /// A card sees its own fields, `site` and `t`.
        @Sendable func render(_ template: String, _ fields: TemplateFields) -> TemplateValue {
            var card = fields
            card["site"] = shared.site
            card["t"] = edition.strings
            // Kept as the rendered bytes: a list prints them as they are (`{{{card}}}`).
            return ["card": .utf8(templates.renderBytes(template, card).array)]
        }
        let articleFields = Parallel.map(site.articles) { vm.articleCard($0) }
        self.articleFields = articleFields
        cards = Parallel.map(articleFields) { render(PageContexts.articleCardTemplate, $0) }
        articleLinks = Parallel.map(articleFields) { ["title": $0["title"] ?? "", "url": $0["url"] ?? ""] }
        relatedItems = Parallel.map(articleFields) {
            ["title": $0["title"] ?? "", "url": $0["url"] ?? "", "date": $0["date"] ?? "", "datetime": $0["datetime"] ?? ""]
        }
        let organizationFields = Parallel.map(site.organizations) { vm.organizationCard($0) }
        self.organizationFields = organizationFields
        organizationCards = Parallel.map(organizationFields) { render(PageContexts.organizationCardTemplate, $0) }
        projectFields = Parallel.map(site.projects) { vm.projectCard($0) }
        let lists = [urls.section("articles")] + index.columns.map(urls.articlesInColumn) + index.articleYears.map(urls.articlesInYear)
        for base in lists { listFacets[base] = articleFacets(current: base) }
    }

    static let articleCardTemplate = "partials/article-card"
    static let organizationCardTemplate = "partials/organization-card"

    func context(for page: PlannedPage) -> TemplateFields {
        let (title, description, body) = content(page)
        var context = body
        context["site"] = shared.site
        context["t"] = edition.strings
        context["edition"] = edition.context(for: page.url)
        context["menu"] = shared.menu(at: page.url, home: urls.home)
        context["page"] = [
            "title": .string(title), "url": .string(page.url), "canonical": .string(absolute(page.url)),
            "description": .string(description ?? site.config.description), "isHome": .bool(page.url == urls.home),
        ]
        return context
    }

    func absolute(_ url: String) -> String {
        let root = site.config.baseURL
        let base = urls.base
        return url.hasPrefix(base) ? root + url.dropFirst(base.count) : url
    }

    private func content(_ page: PlannedPage) -> (String, String?, TemplateFields) {
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
        case .organization(let i): return organization(i)
        case .eventIndex: return (s["events"]!, nil, eventList(site.events, heading: s["events"]!, url: page.url, split: true))
        case .eventsInYear(let y):
            let title = "\(y)年活动"
            return (title, nil, eventList(site.events.filter { $0.start.year == y }, heading: title, url: page.url, split: false))
        case .event(let i): return event(site.events[i])
        case .articleList(let list, let n):
            return (n == 1 ? list.title : "\(list.title) · 第\(n)页", nil, articleList(list, page: n))
        case .article(let i): return article(i)
        case .projectIndex: return (s["projects"]!, nil, projectList(Array(site.projects.indices), heading: s["projects"]!, url: page.url))
        case .projectsInProgram(let p):
            return (p, nil, projectList(index.projectsByProgram[p] ?? [], heading: p, url: page.url))
        case .projectsInYear(let y):
            let title = "\(y)年公益项目"
            return (title, nil, projectList(index.projectsByYear[y] ?? [], heading: title, url: page.url))
        case .project(let i): return project(i)
        case .tagIndex:
            let tags = index.tags.map { t -> TemplateValue in
                let n = (index.articlesByTag[t]?.count ?? 0) + (index.eventsByTag[t]?.count ?? 0) + (index.organizationsByTag[t]?.count ?? 0)
                return ["name": .string(t), "url": .string(urls.tag(t)), "count": .int(n)]
            }
            return (s["allTags"]!, nil, ["heading": .string(s["allTags"]!), "tags": .list(tags)])
        case .tag(let t, let n): return (n == 1 ? "标签：\(t)" : "标签：\(t) · 第\(n)页", nil, tag(t, page: n))
        case .page(let i):
            let p = site.pages[i]
            return (p.title, Summary.of(p.source.body), ["title": .string(p.title), "body": .utf8(p.source.body.htmlUTF8)])
        case .statistics(let theme):
            return (Statistics.title(theme: theme), nil, statistics.context(theme: theme, urls: urls))
        case .search: return (s["search"]!, nil, searchPage())
        case .report(let i): return ReportPage.context(site.reports[i], site: site, urls: urls)
        case .notFound: return (s["notFound"]!, nil, [:])
        }
    }

    private func home() -> TemplateFields {
        let upcoming = site.events.filter { ($0.end ?? $0.start) >= today }.sorted { $0.start < $1.start }
        return [
            "headlines": .list(statistics.headlines(urls: urls).map {
                ["label": .string($0.label), "value": .string($0.value), "note": .text($0.note), "noteIsFigure": .bool($0.noteIsFigure), "url": .string($0.url)]
            }),
            "statisticsUrl": .string(urls.statistics()),
            "latestArticles": .list(site.articles.indices.prefix(6).map { cards[$0] }),
            "articlesUrl": .string(urls.section("articles")),
            "upcomingEvents": .list(upcoming.prefix(4).map { .object(vm.eventCard($0, today: today)) }),
            "recentEvents": .list(site.events.filter { ($0.end ?? $0.start) < today }.prefix(3).map { .object(vm.eventCard($0, today: today)) }),
            "eventsUrl": .string(urls.section("events")),
            "featured": .list(site.organizations.indices.filter { site.organizations[$0].featured }.map { organizationCards[$0] }),
            "organizationsUrl": .string(urls.section("organizations")),
            "intro": .text(site.config.description),
        ]
    }

    private func organizationFacets(current: String) -> TemplateValue {
        // Organizations are read by index: filtering the list copied each one per facet.
        let orgs = site.organizations
        let domains = site.config.domains.map { d in
            (d.name, urls.organizationsInDomain(d.slug), orgs.indices.count { orgs[$0].domain == d.slug })
        }
        let kinds = OrganizationKind.allCases.map { k in
            (k.chinese, urls.organizationsOfKind(k), orgs.indices.count { orgs[$0].kind == k })
        }
        return [
            "domains": vm.facet(domains, current: current), "kinds": vm.facet(kinds, current: current),
            "allUrl": .string(urls.section("organizations")), "allianceUrl": .string(urls.allianceMembers),
            "allCount": .int(orgs.count), "allianceCount": .int(orgs.indices.count { orgs[$0].allianceMember }),
            "allCurrent": .bool(current == urls.section("organizations")), "allianceCurrent": .bool(current == urls.allianceMembers),
        ]
    }

    private func organizationList(_ include: (Organization) -> Bool, heading: String, url: String) -> TemplateFields {
        let orgs = site.organizations
        // Keys taken once, by index: comparing entries copied two organizations per comparison.
        let included = orgs.indices.filter { include(orgs[$0]) }
        let keys = included.map { (orgs[$0].kind.rawValue, orgs[$0].registered?.epochSeconds ?? .max, orgs[$0].slug) }
        let sorted = included.indices.sorted { keys[$0] < keys[$1] }.map { included[$0] }
        return ["heading": .string(heading), "count": .int(sorted.count), "organizations": .list(sorted.map { organizationCards[$0] }),
                "facets": organizationFacets(current: url)]
    }

    private func organization(_ i: Int) -> (String, String?, TemplateFields) {
        let o = site.organizations[i]
        var c = organizationFields[i]
        c["body"] = .utf8(o.source.body.htmlUTF8)
        c["registered"] = .text(o.registered?.chinese)
        c["supervisor"] = .text(o.supervisor)
        c["allianceSince"] = .text(o.allianceSince?.chinese)
        c["services"] = .list(o.services.map(TemplateValue.string))
        c["tags"] = vm.tagRefs(o.tags)
        let website = o.contact.website.flatMap { LocalPath.resolve($0) == .external && $0.contains("://") ? $0 : nil }
        c["contact"] = o.contact.isEmpty ? false : [
            "address": .text(o.contact.address), "phone": .text(o.contact.phone),
            "tel": .string("tel:" + (o.contact.phone ?? "").filter { $0.isNumber || $0 == "+" }),
            "website": .text(website), "wechat": .text(o.contact.wechat),
        ]
        c["projects"] = .list((index.projectsByOrganization[o.slug] ?? []).map { .object(projectFields[$0]) })
        c["events"] = .list((index.eventsByOrganization[o.slug] ?? []).map { .object(vm.eventCard(site.events[$0], today: today)) })
        c["articles"] = .list((index.articlesByOrganization[o.slug] ?? []).map { cards[$0] })
        return (o.name, Summary.of(o.source.body), c)
    }

    private func eventList(_ events: [Event], heading: String, url: String, split: Bool) -> TemplateFields {
        let years = index.eventYears.map { y -> TemplateValue in
            ["name": "\(y)年", "url": .string(urls.eventsInYear(y)), "count": .int(site.events.filter { $0.start.year == y }.count),
             "current": .bool(url == urls.eventsInYear(y))]
        }
        func cards(_ events: [Event]) -> TemplateValue { .list(events.map { .object(vm.eventCard($0, today: today)) }) }
        var c: TemplateFields = ["heading": .string(heading), "years": .list(years), "count": .int(events.count),
                                 "feed": .string(urls.file(Feeds.eventsFeedPath)), "calendar": .string(urls.file(Feeds.calendarPath))]
        if split {
            c["upcoming"] = cards(events.filter { ($0.end ?? $0.start) >= today }.sorted { $0.start < $1.start })
            c["past"] = cards(events.filter { ($0.end ?? $0.start) < today })
        } else {
            c["past"] = cards(events)
        }
        return c
    }

    private func event(_ e: Event) -> (String, String?, TemplateFields) {
        var c = vm.eventCard(e, today: today)
        c["body"] = .utf8(e.source.body.htmlUTF8)
        c["organizers"] = vm.organizationRefs(e.organizers)
        c["participants"] = vm.organizationRefs(e.participants)
        c["programme"] = .list(e.programme.map { ["time": .string($0.time), "item": .string($0.item)] })
        c["stalls"] = .list(e.stalls.map { ["organization": vm.organizationRef($0.organization), "offer": .string($0.offer)] })
        c["tags"] = vm.tagRefs(e.tags)
        c["ics"] = .string(urls.file("events/\(e.slug)/\(e.slug).ics"))
        c["yearUrl"] = .string(urls.eventsInYear(e.start.year))
        return (e.title, Summary.of(e.source.body), c)
    }

    /// The search page: the kinds to filter by and where to go without JavaScript.
    private func searchPage() -> TemplateFields {
        ["kinds": .list(SearchDocument.Kind.allCases.map { ["key": .string($0.key), "label": .string($0.label)] }),
         "directory": .string(urls.section("organizations"))]
    }

    private func articleFacets(current: String) -> TemplateValue {
        [
            "columns": .list(index.columns.map { col in
                ["name": .string(col), "url": .string(urls.articlesInColumn(col)), "count": .int(index.articlesByColumn[col]?.count ?? 0),
                 "current": .bool(current.hasPrefix(urls.articlesInColumn(col)))]
            }),
            "years": .list(index.articleYears.map { y in
                ["name": "\(y)年", "url": .string(urls.articlesInYear(y)), "count": .int(index.articlesByYear[y]?.count ?? 0),
                 "current": .bool(current.hasPrefix(urls.articlesInYear(y)))]
            }),
        ]
    }

    /// One page of a list: its slice of items and the links to the other pages.
    private func pagination(of url: String, page n: Int, count: Int) -> (range: Range<Int>, context: TemplateValue) {
        let per = PagePlanner.articlesPerPage
        let total = PagePlanner.pageCount(count)
        let range = min(count, (n - 1) * per)..<min(count, n * per)
        guard total > 1 else { return (range, false) }
        let context: TemplateValue = [
            "current": .int(n), "total": .int(total),
            "pages": .list(PagePlanner.pagerNumbers(current: n, total: total).map { number -> TemplateValue in
                guard let number else { return ["gap": true, "current": false] }
                return ["number": .int(number), "url": .string(urls.paged(url, number)), "current": .bool(number == n), "gap": false]
            }),
            "newer": n > 1 ? .string(urls.paged(url, n - 1)) : false,
            "older": n < total ? .string(urls.paged(url, n + 1)) : false,
        ]
        return (range, context)
    }

    private func articleList(_ list: ArticleList, page n: Int) -> TemplateFields {
        let all = index.articles(in: list, of: site)
        let base = list.url(urls)
        let (range, pagination) = pagination(of: base, page: n, count: all.count)
        return ["heading": .string(list.title), "articles": .list(all[range].map { cards[$0] }),
                "facets": listFacets[base] ?? articleFacets(current: base), "pagination": pagination,
                "feed": .string(urls.file(columnFeed(list) ?? "feed.xml")), "columnFeed": columnFeed(list).map { .string(urls.file($0)) } ?? false]
    }

    /// A column's own feed; the other lists share the site feed.
    private func columnFeed(_ list: ArticleList) -> String? {
        if case .column(let c) = list { return Feeds.columnFeedPath(c, urls: urls) }
        return nil
    }

    private func article(_ i: Int) -> (String, String?, TemplateFields) {
        let a = site.articles[i]
        var c = articleFields[i]
        c["body"] = .utf8(a.source.body.htmlUTF8)
        let characters = Summary.characterCount(a.source.body)
        c["readingMinutes"] = .int(Summary.readingMinutes(characters: characters))
        c["characters"] = .string(characters.grouped)
        c["organizations"] = vm.organizationRefs(a.organizations)
        // Articles are sorted newest first: the previous (older) one is the next index.
        c["previous"] = i + 1 < site.articles.count ? articleLinks[i + 1] : false
        c["next"] = i > 0 ? articleLinks[i - 1] : false
        c["related"] = .list(index.related(to: i, tags: a.tags).map { relatedItems[$0] })
        c["downloads"] = downloads
            ? ["word": .string(urls.file("articles/\(a.slug)/\(a.slug).docx")), "text": .string(urls.file("articles/\(a.slug)/\(a.slug).txt"))]
            : false
        c["jsonLD"] = .string(articleJSONLD(a))
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

    /// A list of projects (by index): every project list page shows hundreds, so their cards
    /// are made once, in `init`.
    private func projectList(_ projects: [Int], heading: String, url: String) -> TemplateFields {
        [
            "heading": .string(heading), "projects": .list(projects.map { .object(projectFields[$0]) }), "count": .int(projects.count),
            "totalFunding": .string(projects.map { site.projects[$0].funding }.sum().wanYuan),
            "totalBeneficiaries": .string((projects.reduce(0) { $0 + site.projects[$1].beneficiaries }).grouped),
            "programs": .list(index.programs.map { p in
                ["name": .string(p), "url": .string(urls.projectsInProgram(p)), "count": .int(index.projectsByProgram[p]?.count ?? 0),
                 "current": .bool(url == urls.projectsInProgram(p))]
            }),
            "years": .list(index.projectYears.map { y in
                ["name": "\(y)年", "url": .string(urls.projectsInYear(y)), "count": .int(index.projectsByYear[y]?.count ?? 0),
                 "current": .bool(url == urls.projectsInYear(y))]
            }),
        ]
    }

    private func project(_ i: Int) -> (String, String?, TemplateFields) {
        let p = site.projects[i]
        var c = projectFields[i]
        c["body"] = .utf8(p.source.body.htmlUTF8)
        c["domainUrl"] = .string(urls.organizationsInDomain(p.domain))
        return (p.title, Summary.of(p.source.body), c)
    }

    private func tag(_ t: String, page n: Int) -> TemplateFields {
        let articles = index.articlesByTag[t] ?? []
        let (range, pagination) = pagination(of: urls.tag(t), page: n, count: articles.count)
        // Events and organizations are few; they are listed on the first page only.
        return [
            "tag": .string(t),
            "articles": .list(articles[range].map { cards[$0] }),
            "events": .list(n == 1 ? (index.eventsByTag[t] ?? []).map { .object(vm.eventCard(site.events[$0], today: today)) } : []),
            "organizations": .list(n == 1 ? (index.organizationsByTag[t] ?? []).map { organizationCards[$0] } : []),
            "allTagsUrl": .string(urls.section("tags")),
            "pagination": pagination,
        ]
    }
}

/// What every page shows the same way, prepared once per build rather than once per page.
/// Immutable after `init`, so sharing it between rendering threads is safe.
private struct SharedParts: Sendable {
    let site: TemplateValue
    /// Menu entries with their links resolved.
    private let entries: [(title: String, url: String)]
    /// The menu with entry `i` marked current, one for each entry, and the last with none:
    /// a page takes its ready-made menu instead of building one.
    private let marked: [TemplateValue]

    init(site content: SiteContent, urls: SiteURLs) {
        let f = content.config.federation
        site = [
            "title": .string(content.config.title), "description": .string(content.config.description), "base": .string(urls.base),
            "assets": .string(urls.root),
            "lang": .string(content.config.language), "feed": .string(urls.file("feed.xml")), "search": .string(urls.section("search")),
            "federation": ["name": .string(f.name), "address": .text(f.address), "phone": .text(f.phone), "email": .text(f.email)],
        ]
        let entries = content.config.menu.map { item in
            var url = item.url
            if case .inside(let p) = LocalPath.resolve(url), url.hasPrefix("/") { url = urls.file(p) }
            return (title: item.title, url: url)
        }
        self.entries = entries
        marked = (0...entries.count).map { current in Self.menu(entries) { $0 == current } }
    }

    /// The menu for the page at `url`: an entry is current when the page is under it (the home
    /// entry only on the home page itself).
    func menu(at url: String, home: String) -> TemplateValue {
        let current = entries.indices.filter { i in entries[i].url == home ? url == home : url.hasPrefix(entries[i].url) }
        switch current.count {
        case 0: return marked[entries.count]
        case 1: return marked[current[0]]
        default: return Self.menu(entries) { current.contains($0) }
        }
    }

    private static func menu(_ entries: [(title: String, url: String)], current: (Int) -> Bool) -> TemplateValue {
        .list(entries.indices.map { i in ["title": .string(entries[i].title), "url": .string(entries[i].url), "current": .bool(current(i))] })
    }
}
