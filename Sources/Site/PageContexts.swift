import Content
import Stats
import Templates

/// Builds the template context of each planned page. Runs on many threads at once: it only
/// reads the immutable site, index, statistics and cards.
///
/// This file says which context each kind of page gets; each family of pages has its own:
/// `PageContexts+Organizations`, `+Events`, `+Articles`, `+Projects` and `+Lists` (home, tags,
/// search, pagination); the statistics pages' contexts are `StatisticsContext.swift`, what
/// every page shows alike is `SharedParts.swift`, the cards `PageCards.swift`.
struct PageContexts: Sendable {
    let site: SiteContent
    let index: SiteIndex
    let urls: SiteURLs
    let statistics: Statistics
    let today: ContentDate
    let downloads: Bool
    /// The cards and card fields, rendered once before the pages (`PageCards`).
    private(set) var cards: PageCards
    /// The column and year links of each article list (by its URL), made once: every page of
    /// a list shows the same ones.
    private(set) var listFacets: [String: TemplateValue] = [:]

    /// The interface strings and the links to the other edition (`SiteEdition`).
    let edition: SiteEdition

    /// The view models and shared parts the cards were made with, under short names: every
    /// family of pages uses them.
    let vm: ViewModels
    let shared: SharedParts

    /// Contexts for pages made from `cards`, which `SiteBuilder.build` renders as a phase of its own.
    init(
        site: SiteContent, index: SiteIndex, urls: SiteURLs, statistics: Statistics, today: ContentDate, downloads: Bool,
        cards: PageCards, edition: SiteEdition
    ) {
        self.edition = edition
        self.site = site
        self.index = index
        self.urls = urls
        self.statistics = statistics
        self.today = today
        self.downloads = downloads
        self.cards = cards
        vm = cards.vm
        shared = cards.shared
        let lists = [urls.section("articles")] + index.columns.map(urls.articlesInColumn) + index.articleYears.map(urls.articlesInYear)
        for base in lists { listFacets[base] = articleFacets(current: base) }
    }

    /// Renders the cards too: for the Traditional edition, whose whole build is one phase.
    init(
        site: SiteContent, index: SiteIndex, urls: SiteURLs, statistics: Statistics, today: ContentDate, downloads: Bool,
        templates: TemplateSet, edition: SiteEdition = .simplifiedOnly
    ) {
        self.init(
            site: site, index: index, urls: urls, statistics: statistics, today: today, downloads: downloads,
            cards: PageCards(site: site, index: index, urls: urls, templates: templates, edition: edition), edition: edition)
    }

    /// The same contexts with other cards (made from the same view models).
    func replacing(cards: PageCards) -> PageContexts {
        var copy = self
        copy.cards = cards
        return copy
    }

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

    /// The page's title, its description (nil: the site's) and its own fields.
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
            return (
                s["allianceMembers"]!, nil,
                organizationList(\.allianceMember, heading: s["allianceMembers"]!, url: page.url)
            )
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
        case .tagIndex: return (s["allTags"]!, nil, tagIndex(heading: s["allTags"]!))
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
}
