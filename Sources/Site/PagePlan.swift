import Content
import Diagnostics

/// One page the build will write: where, with which template, from which sources.
struct PlannedPage: Sendable {
    typealias Kind = PageKind

    enum Spec: Sendable {
        case home
        case organizationIndex, organizationsInDomain(Int), organizationsOfKind(OrganizationKind), allianceMembers
        case organization(Int)
        case eventIndex, eventsInYear(Int), event(Int)
        /// Page `n` (from 1) of a list of articles.
        case articleList(ArticleList, Int), article(Int)
        case projectIndex, projectsInProgram(String), projectsInYear(Int), project(Int)
        case tagIndex, tag(String, Int)
        case page(Int)
        case statistics(String?)
        case search
        /// The annual report of `site.reports[n]`.
        case report(Int)
        case notFound
    }

    var url: String
    var template: String
    var kind: Kind
    var spec: Spec
    /// The content files this page was made from (for incremental rebuilds later).
    var sources: [String]
}

/// Lists every page of the site in a stable order.
struct PagePlanner {
    static let articlesPerPage = 20
    static let statisticsThemes = ["organizations", "projects", "events", "articles"]

    let site: SiteContent
    let index: SiteIndex
    let urls: SiteURLs

    func plan(statisticsThemes: [String]) -> [PlannedPage] {
        var pages: [PlannedPage] = []
        func add(_ url: String, _ template: String, _ kind: PlannedPage.Kind, _ spec: PlannedPage.Spec, _ sources: [String] = []) {
            pages.append(PlannedPage(url: url, template: template, kind: kind, spec: spec, sources: sources))
        }
        add(urls.home, "home", .home, .home)

        add(urls.section("organizations"), "organization-list", .organizationLists, .organizationIndex)
        for (i, d) in site.config.domains.enumerated() {
            add(urls.organizationsInDomain(d.slug), "organization-list", .organizationLists, .organizationsInDomain(i))
        }
        for kind in OrganizationKind.allCases {
            add(urls.organizationsOfKind(kind), "organization-list", .organizationLists, .organizationsOfKind(kind))
        }
        add(urls.allianceMembers, "organization-list", .organizationLists, .allianceMembers)
        // Entries by index throughout: a loop variable would be a copy of the whole entry.
        let (organizations, events, articles, projects) = (site.organizations, site.events, site.articles, site.projects)
        pages.reserveCapacity(organizations.count + events.count + articles.count * 3 / 2 + projects.count + 64)
        for i in organizations.indices {
            let o = organizations[i].source
            let related =
                (index.projectsByOrganization[o.slug] ?? []).map { site.projects[$0].source.path }
                + (index.eventsByOrganization[o.slug] ?? []).map { site.events[$0].source.path }
                + (index.articlesByOrganization[o.slug] ?? []).map { site.articles[$0].source.path }
            add(urls.organization(o.slug), "organization", .organizations, .organization(i), [o.path] + related)
        }

        add(urls.section("events"), "event-list", .eventLists, .eventIndex)
        for y in index.eventYears { add(urls.eventsInYear(y), "event-list", .eventLists, .eventsInYear(y)) }
        for i in events.indices {
            add(urls.event(events[i].slug), "event", .events, .event(i), [events[i].source.path])
        }

        let lists: [ArticleList] = [.all] + index.columns.map(ArticleList.column) + index.articleYears.map(ArticleList.year)
        for list in lists {
            for n in 1...Self.pageCount(index.articles(in: list, of: site).count) {
                add(urls.paged(list.url(urls), n), "article-list", .articleLists, .articleList(list, n))
            }
        }
        for i in articles.indices {
            add(urls.article(articles[i].slug), "article", .articles, .article(i), [articles[i].source.path])
        }

        add(urls.section("projects"), "project-list", .projectLists, .projectIndex)
        for p in index.programs { add(urls.projectsInProgram(p), "project-list", .projectLists, .projectsInProgram(p)) }
        for y in index.projectYears { add(urls.projectsInYear(y), "project-list", .projectLists, .projectsInYear(y)) }
        for i in projects.indices {
            add(urls.project(projects[i].slug), "project", .projects, .project(i), [projects[i].source.path])
        }

        add(urls.section("tags"), "tag-list", .tags, .tagIndex)
        for t in index.tags {
            for n in 1...Self.pageCount(index.articlesByTag[t]?.count ?? 0) { add(urls.paged(urls.tag(t), n), "tag", .tags, .tag(t, n)) }
        }

        for (i, p) in site.pages.enumerated() { add(urls.page(p.slug), "page", .pages, .page(i), [p.source.path]) }

        add(urls.statistics(), "statistics", .statistics, .statistics(nil), ["content/data/"])
        for t in statisticsThemes { add(urls.statistics(t), "statistics-theme", .statistics, .statistics(t), ["content/data/"]) }

        add(urls.section("search"), "search", .search, .search)
        for (i, r) in site.reports.enumerated() {
            add(urls.section("reports") + "\(r.year)/", "report", .reports, .report(i), [r.source.path, "content/data/"])
        }

        pages.append(PlannedPage(url: urls.file("404.html"), template: "404", kind: .other, spec: .notFound, sources: []))
        return pages
    }

    /// Pages a list of `count` items needs (an empty list still has its first page).
    static func pageCount(_ count: Int) -> Int { max(1, (count + articlesPerPage - 1) / articlesPerPage) }

    /// The page numbers a pager links: the first, the last and two either side of the current
    /// page, `nil` marking a gap. Linking every number would put 500 links on each of the 500
    /// pages of a 10,000-article list: useless on a phone, and N² work for the build.
    static func pagerNumbers(current n: Int, total: Int) -> [Int?] {
        let shown = Set([1, total] + Array(max(1, n - 2)...min(total, n + 2))).sorted()
        var out: [Int?] = []
        for number in shown {
            if let last = out.last ?? nil, number > last + 1 { out.append(nil) }
            out.append(number)
        }
        return out
    }

    /// Every template a default site needs; a missing one stops the build before it starts.
    static let requiredTemplates = [
        "layout", "home", "organization-list", "organization", "event-list", "event", "article-list",
        "article", "project-list", "project", "tag-list", "tag", "page", "statistics",
        "statistics-theme", "search", "report", "404", "partials/article-card",
        "partials/organization-card",
    ]
}

/// The lists of articles the site pages through: all, one column, one year.
enum ArticleList: Sendable, Hashable {
    case all, column(String), year(Int)

    func url(_ urls: SiteURLs) -> String {
        switch self {
        case .all: urls.section("articles")
        case .column(let c): urls.articlesInColumn(c)
        case .year(let y): urls.articlesInYear(y)
        }
    }

    var title: String {
        switch self {
        case .all: UIStrings.zhCN["articles"]!
        case .column(let c): c
        case .year(let y): "\(y)年文章"
        }
    }
}

extension SiteIndex {
    /// Indices of the list's articles, newest first.
    func articles(in list: ArticleList, of site: SiteContent) -> [Int] {
        switch list {
        case .all: Array(site.articles.indices)
        case .column(let c): articlesByColumn[c] ?? []
        case .year(let y): articlesByYear[y] ?? []
        }
    }
}

/// What a page is, as the build's summary counts pages (in the summary's order). The raw value
/// is the Chinese name, also used where a clash names the page that made a path.
package enum PageKind: String, Sendable, CaseIterable {
    case home = "首页", organizations = "组织页", organizationLists = "组织列表", events = "活动页", eventLists = "活动列表"
    case articles = "文章页", articleLists = "文章列表", projects = "项目页", projectLists = "项目列表"
    case tags = "标签页", pages = "独立页面", statistics = "统计页", search = "搜索页", reports = "年度报告", other = "其他"

    /// The kind's name in `lang`, for the summary.
    package func name(in lang: MessageLanguage) -> String {
        guard lang == .en else { return rawValue }
        switch self {
        case .home: return "home"
        case .organizations: return "organizations"
        case .organizationLists: return "organization lists"
        case .events: return "events"
        case .eventLists: return "event lists"
        case .articles: return "articles"
        case .articleLists: return "article lists"
        case .projects: return "projects"
        case .projectLists: return "project lists"
        case .tags: return "tags"
        case .pages: return "pages"
        case .statistics: return "statistics"
        case .search: return "search"
        case .reports: return "annual reports"
        case .other: return "other"
        }
    }
}
