import Diagnostics
import Markdown

/// A service domain (青少年服务, 家庭教育, …) as declared in `site.yaml`.
package struct Domain: Sendable, Hashable {
    /// The name in URLs and in entries' `domain:` (`family-education`).
    package var slug: String
    /// The name people read (家庭教育).
    package var name: String
}

/// An entry of the main menu (`menu:` in `site.yaml`).
package struct MenuItem: Sendable, Hashable {
    /// The text of the menu entry.
    package var title: String
    /// Where it leads: a root-relative path (`/organizations/`) or another site.
    package var url: String
}

/// The women's federation the site is for (`federation:` in `site.yaml`).
package struct Federation: Sendable, Hashable {
    /// The federation's full name, on every page and in the statistics.
    package var name: String
    /// Postal address, in the footer when given.
    package var address: String?
    /// Telephone, in the footer when given.
    package var phone: String?
    /// Email, in the footer when given.
    package var email: String?
}

/// `content/site.yaml`.
package struct SiteConfig: Sendable {
    /// The site's name, in every page title and in the feeds.
    package var title: String
    /// One sentence about the site, for search engines and feeds.
    package var description: String
    /// Always ends with `/`.
    package var baseURL: String
    /// The pages' language tag (`zh-CN`).
    package var language: String
    /// The time zone dates are written in (`Asia/Shanghai`), for feeds and calendars.
    package var timeZoneIdentifier: String
    /// Let raw HTML through Markdown: only for sites that trust every author.
    package var rawHTML: Bool
    /// The federation the site belongs to.
    package var federation: Federation
    /// The main menu, in order.
    package var menu: [MenuItem]
    /// The service domains, in the order lists show them.
    package var domains: [Domain]
    /// ASCII slugs for Chinese names of columns, programs and tags (`妇儿之窗: fuer-zhichuang`).
    package var nameSlugs: [String: String] = [:]
    /// The Traditional Chinese edition (`editions: [zh-Hans, zh-Hant]`), or nil for none.
    package var traditional: TraditionalEdition? = nil
    /// Set on the Traditional edition's own config only: the main edition's base path, where
    /// the static files both editions share are.
    package var mainBasePath: String? = nil

    /// The path part of the base URL (`/showcase/`), which every internal link starts with.
    /// Asked twice for every article's downloads: the standard library's `firstRange(of:)`,
    /// not Foundation's `range(of:)`, which went through `NSString` each time (BENCHMARKS.md,
    /// eighth session).
    package var basePath: String {
        guard let schemeEnd = baseURL.firstRange(of: "://") else { return baseURL.hasPrefix("/") ? baseURL : "/" }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = String(rest[slash...])
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// The domain with slug `slug`, if the site declares it.
    package func domain(_ slug: String) -> Domain? { domains.first { $0.slug == slug } }
}

/// What every Markdown entry shares: where it came from, its slug and its parsed body.
package struct EntrySource: Sendable {
    /// Relative to the site folder: `content/articles/x.md`.
    package var path: String
    /// The file name without `.md`: the entry's name in URLs and in references.
    package var slug: String
    /// The Markdown body, parsed once: HTML, syntax tree and plain text.
    package var body: MarkdownDocument
    /// File line where the Markdown body starts, to place messages about it.
    package var bodyLine: Int = 1
    /// Hand-written Traditional title and summary (`title_hant`, `summary_hant`).
    package var traditional = TraditionalOverrides()
    /// The digest of the file's bytes, when the load was asked for it (``LoadOptions/fileDigest``).
    package var fileDigest: [UInt8]? = nil
    /// The digest of the front matter's text, taken with ``fileDigest``: the same with another
    /// file digest means that only the body changed.
    package var frontMatterDigest: [UInt8]? = nil
}

/// The three kinds of organization the figures are counted by.
package enum OrganizationKind: String, Sendable, CaseIterable {
    case registered, grassroots, hub
    /// The kind's Chinese name (登记注册, 草根, 枢纽).
    package var chinese: String {
        switch self {
        case .registered: "登记注册";
        case .grassroots: "草根";
        case .hub: "枢纽"
        }
    }
    /// Accepts the English key or the Chinese name.
    init?(text: String) {
        if let k = OrganizationKind(rawValue: text) { self = k; return }
        guard let k = OrganizationKind.allCases.first(where: { $0.chinese == text || $0.chinese + "组织" == text }) else { return nil }
        self = k
    }
}

/// An organization's contact details (`contact:`).
package struct Contact: Sendable, Hashable {
    /// Street address.
    package var address: String?
    /// Telephone.
    package var phone: String?
    /// Web address (shown only when it is another site).
    package var website: String?
    /// WeChat account.
    package var wechat: String?
    /// Whether no way of contact is given (the contact box is left out).
    package var isEmpty: Bool { address == nil && phone == nil && website == nil && wechat == nil }
}

/// `content/organizations/<slug>.md`.
package struct Organization: Sendable {
    /// The file it was read from, its slug and body.
    package var source: EntrySource
    /// The full name (`name:`).
    package var name: String
    /// Registered, grassroots or hub (`kind:`).
    package var kind: OrganizationKind
    /// The slug of its service domain (`domain:`).
    package var domain: String
    /// Date of registration; required for registered organizations.
    package var registered: ContentDate?
    /// The supervising unit, one of `choices.yaml`'s.
    package var supervisor: String?
    /// Whether it belongs to the women and children's welfare alliance.
    package var allianceMember: Bool
    /// When it joined the alliance; required for members.
    package var allianceSince: ContentDate?
    /// Shown on the home page.
    package var featured: Bool
    /// Its main services, in order.
    package var services: [String]
    /// How to reach it.
    package var contact: Contact
    /// Tags, as written.
    package var tags: [String]
    /// Its logo, a path under `content/static/`.
    package var logo: String?
    /// The file name: its name in URLs and references.
    package var slug: String { source.slug }
}

/// One line of an event's schedule (`programme:`).
package struct ProgrammeItem: Sendable, Hashable {
    /// When (`09:00`), as written.
    package var time: String
    /// What happens then.
    package var item: String
}

/// A stall at a market or carnival (`stalls:`).
package struct Stall: Sendable, Hashable {
    /// The slug of the organization at the stall.
    package var organization: String
    /// What it offers there.
    package var offer: String
}

/// `content/events/<slug>.md`.
package struct Event: Sendable {
    /// The file it was read from, its slug and body.
    package var source: EntrySource
    /// The event's name.
    package var title: String
    /// When it starts.
    package var start: ContentDate
    /// When it ends; a date alone means the end of that day.
    package var end: ContentDate?
    /// Where it takes place.
    package var location: String
    /// Its kind, one of `choices.yaml`'s (嘉年华, 市集…).
    package var kind: String
    /// Slugs of the organizing organizations, at least one.
    package var organizers: [String]
    /// Slugs of the other organizations taking part.
    package var participants: [String]
    /// Tags, as written.
    package var tags: [String]
    /// Its cover image, a path under `content/static/`.
    package var cover: String?
    /// The schedule, in order.
    package var programme: [ProgrammeItem]
    /// The stalls of a market or carnival.
    package var stalls: [Stall]
    /// The file name: its name in URLs and references.
    package var slug: String { source.slug }
    /// Every organization the event names, organizers first, without repeats.
    package var allOrganizations: [String] {
        var seen = Set<String>()
        return (organizers + participants + stalls.map(\.organization)).filter { seen.insert($0).inserted }
    }
}

/// `content/articles/<slug>.md`: a newsletter article.
package struct Article: Sendable {
    /// The file it was read from, its slug and body.
    package var source: EntrySource
    /// The headline.
    package var title: String
    /// The day it was published.
    package var date: ContentDate
    /// Its author (a department when no person is named).
    package var author: String?
    /// Its column, one of `choices.yaml`'s.
    package var column: String?
    /// The issue number within its column.
    package var issue: Int?
    /// Tags, as written.
    package var tags: [String]
    /// Slugs of the organizations it mentions.
    package var organizations: [String]
    /// Plain text: the author's summary, or the text before `<!--more-->`, or the first paragraph cut to length.
    package var summary: String
    /// Not published (built only with `--drafts`).
    package var draft: Bool
    /// The file name: its name in URLs and references.
    package var slug: String { source.slug }
}

/// `content/projects/<slug>.md`: a funded project.
package struct Project: Sendable {
    /// The file it was read from, its slug and body.
    package var source: EntrySource
    /// The project's name.
    package var title: String
    /// The slug of the organization that carries it out.
    package var organization: String
    /// Its funding program, one of `choices.yaml`'s.
    package var program: String
    /// The program's round (`2013年`, `第一届`).
    package var round: String
    /// The year it is counted in.
    package var year: Int
    /// The money granted.
    package var funding: Money
    /// People served (0 when not counted).
    package var beneficiaries: Int
    /// The slug of its service domain.
    package var domain: String
    /// Its status, one of `choices.yaml`'s (已结项, 实施中).
    package var status: String?
    /// The file name: its name in URLs and references.
    package var slug: String { source.slug }
}

/// `content/pages/<slug>.md`: a standalone page (关于我们).
package struct Page: Sendable {
    /// The file it was read from, its slug and body.
    package var source: EntrySource
    /// The page title.
    package var title: String
    /// Its place among the pages (`menu_order:`; none sorts as 0).
    package var menuOrder: Int?
    /// The file name: the page's URL (`/about/`).
    package var slug: String { source.slug }
}

/// A figure no entry can give (“逾300个草根组织”), with its source and date.
package struct DataFigure: Sendable, Hashable {
    /// The name templates and statistics refer to it by.
    package var id: String
    /// What it counts, in words.
    package var label: String
    /// The number.
    package var value: Int
    /// Written before the number (`逾`: “逾300个”).
    package var qualifier: String?
    /// Written after the number (个, 人次).
    package var unit: String
    /// Where the figure comes from, shown beside it.
    package var source: String
    /// The day the figure was true.
    package var date: ContentDate
    /// Where it is written in `content/data/`, for messages.
    package var location: SourceLocation
}

/// A program's citywide totals, so the federation's share can be computed.
package struct ProgramTotal: Sendable, Hashable {
    /// The program the totals are for.
    package var program: String
    /// The round, when the totals are of one round.
    package var round: String?
    /// The first year the totals cover.
    package var yearFrom: Int
    /// The last year the totals cover.
    package var yearTo: Int
    /// Projects funded citywide.
    package var totalProjects: Int?
    /// Proposals received citywide.
    package var proposals: Int?
    /// Where the totals come from.
    package var source: String
    /// The day they were published.
    package var date: ContentDate

    /// Whether a project counts towards this total: same program, and the same round when the
    /// total names one, else a year within `yearFrom...yearTo` (never reversed: the reader refuses that).
    package func covers(_ p: Project) -> Bool {
        guard p.program == program else { return false }
        if let round { return p.round == round }
        return yearFrom <= p.year && p.year <= yearTo
    }
}

/// The whole loaded site: an immutable value that rendering only reads.
package struct SiteContent: Sendable {
    /// `site.yaml`.
    package var config: SiteConfig
    /// Every organization, by slug (the loader sorts them).
    package var organizations: [Organization]
    /// Every event, latest start first.
    package var events: [Event]
    /// Every article, newest first (then by slug, descending).
    package var articles: [Article]
    /// Every project, by year, program and slug.
    package var projects: [Project]
    /// The standalone pages, by `menu_order` (none counts as 0), then slug.
    package var pages: [Page]
    /// Figures from `content/data/` that no entry can give.
    package var figures: [DataFigure]
    /// The programs' citywide totals, for the federation's share.
    package var programTotals: [ProgramTotal]
    /// Files of `content/static/`, relative to it (`images/logo.svg`), sorted.
    package var staticFiles: [String]
    /// Warnings found while loading (errors stop the load instead).
    package var warnings: [Diagnostic]
    /// `content/reports/<year>.md`, by year: the annual reports' narratives and sections.
    package var reports: [ReportSource] = []

    /// A site of the given parts; the loader makes it, tests make small ones.
    package init(
        config: SiteConfig, organizations: [Organization] = [], events: [Event] = [], articles: [Article] = [],
        projects: [Project] = [], pages: [Page] = [], figures: [DataFigure] = [], programTotals: [ProgramTotal] = [],
        staticFiles: [String] = [], warnings: [Diagnostic] = []
    ) {
        self.config = config
        self.organizations = organizations
        self.events = events
        self.articles = articles
        self.projects = projects
        self.pages = pages
        self.figures = figures
        self.programTotals = programTotals
        self.staticFiles = staticFiles
        self.warnings = warnings
    }
}
