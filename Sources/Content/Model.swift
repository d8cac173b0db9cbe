import Markdown

/// A service domain (青少年服务, 家庭教育, …) as declared in `site.yaml`.
package struct Domain: Sendable, Hashable {
    package var slug: String
    package var name: String
}

package struct MenuItem: Sendable, Hashable {
    package var title: String
    package var url: String
}

package struct Federation: Sendable, Hashable {
    package var name: String
    package var address: String?
    package var phone: String?
    package var email: String?
}

/// `content/site.yaml`.
package struct SiteConfig: Sendable {
    package var title: String
    package var description: String
    /// Always ends with `/`.
    package var baseURL: String
    package var language: String
    package var timeZoneIdentifier: String
    /// Let raw HTML through Markdown: only for sites that trust every author.
    package var rawHTML: Bool
    package var federation: Federation
    package var menu: [MenuItem]
    package var domains: [Domain]
    /// ASCII slugs for Chinese names of columns, programs and tags (`妇儿之窗: fuer-zhichuang`).
    package var nameSlugs: [String: String] = [:]
    /// The Traditional Chinese edition (`editions: [zh-Hans, zh-Hant]`), or nil for none.
    package var traditional: TraditionalEdition? = nil
    /// Set on the Traditional edition's own config only: the main edition's base path, where
    /// the static files both editions share are.
    package var mainBasePath: String? = nil

    /// The path part of the base URL (`/showcase/`), which every internal link starts with.
    package var basePath: String {
        guard let schemeEnd = baseURL.range(of: "://") else { return baseURL.hasPrefix("/") ? baseURL : "/" }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = String(rest[slash...])
        return path.hasSuffix("/") ? path : path + "/"
    }

    package func domain(_ slug: String) -> Domain? { domains.first { $0.slug == slug } }
}

/// What every Markdown entry shares: where it came from, its slug and its parsed body.
package struct EntrySource: Sendable {
    /// Relative to the site folder: `content/articles/x.md`.
    package var path: String
    package var slug: String
    package var body: MarkdownDocument
    /// File line where the Markdown body starts, to place messages about it.
    package var bodyLine: Int = 1
    /// Hand-written Traditional title and summary (`title_hant`, `summary_hant`).
    package var traditional = TraditionalOverrides()
}

package enum OrganizationKind: String, Sendable, CaseIterable {
    case registered, grassroots, hub
    package var chinese: String {
        switch self { case .registered: "登记注册"; case .grassroots: "草根"; case .hub: "枢纽" }
    }
    /// Accepts the English key or the Chinese name.
    init?(text: String) {
        if let k = OrganizationKind(rawValue: text) { self = k; return }
        guard let k = OrganizationKind.allCases.first(where: { $0.chinese == text || $0.chinese + "组织" == text }) else { return nil }
        self = k
    }
}

package struct Contact: Sendable, Hashable {
    package var address: String?
    package var phone: String?
    package var website: String?
    package var wechat: String?
    package var isEmpty: Bool { address == nil && phone == nil && website == nil && wechat == nil }
}

package struct Organization: Sendable {
    package var source: EntrySource
    package var name: String
    package var kind: OrganizationKind
    package var domain: String
    package var registered: ContentDate?
    package var supervisor: String?
    package var allianceMember: Bool
    package var allianceSince: ContentDate?
    package var featured: Bool
    package var services: [String]
    package var contact: Contact
    package var tags: [String]
    package var logo: String?
    package var slug: String { source.slug }
}

package struct ProgrammeItem: Sendable, Hashable {
    package var time: String
    package var item: String
}

package struct Stall: Sendable, Hashable {
    package var organization: String
    package var offer: String
}

package struct Event: Sendable {
    package var source: EntrySource
    package var title: String
    package var start: ContentDate
    package var end: ContentDate?
    package var location: String
    package var kind: String
    package var organizers: [String]
    package var participants: [String]
    package var tags: [String]
    package var cover: String?
    package var programme: [ProgrammeItem]
    package var stalls: [Stall]
    package var slug: String { source.slug }
    /// Every organization the event names, organizers first, without repeats.
    package var allOrganizations: [String] {
        var seen = Set<String>()
        return (organizers + participants + stalls.map(\.organization)).filter { seen.insert($0).inserted }
    }
}

package struct Article: Sendable {
    package var source: EntrySource
    package var title: String
    package var date: ContentDate
    package var author: String?
    package var column: String?
    package var issue: Int?
    package var tags: [String]
    package var organizations: [String]
    /// Plain text: the author's summary, or the text before `<!--more-->`, or the first paragraph cut to length.
    package var summary: String
    package var draft: Bool
    package var slug: String { source.slug }
}

package struct Project: Sendable {
    package var source: EntrySource
    package var title: String
    package var organization: String
    package var program: String
    package var round: String
    package var year: Int
    package var funding: Money
    package var beneficiaries: Int
    package var domain: String
    package var status: String?
    package var slug: String { source.slug }
}

package struct Page: Sendable {
    package var source: EntrySource
    package var title: String
    package var menuOrder: Int?
    package var slug: String { source.slug }
}

/// A figure no entry can give (“逾300个草根组织”), with its source and date.
package struct DataFigure: Sendable, Hashable {
    package var id: String
    package var label: String
    package var value: Int
    package var qualifier: String?
    package var unit: String
    package var source: String
    package var date: ContentDate
    package var location: SourceLocation
}

/// A program's citywide totals, so the federation's share can be computed.
package struct ProgramTotal: Sendable, Hashable {
    package var program: String
    package var round: String?
    package var yearFrom: Int
    package var yearTo: Int
    package var totalProjects: Int?
    package var proposals: Int?
    package var source: String
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
    package var config: SiteConfig
    package var organizations: [Organization]
    package var events: [Event]
    package var articles: [Article]
    package var projects: [Project]
    package var pages: [Page]
    package var figures: [DataFigure]
    package var programTotals: [ProgramTotal]
    /// Files of `content/static/`, relative to it (`images/logo.svg`), sorted.
    package var staticFiles: [String]
    /// Warnings found while loading (errors stop the load instead).
    package var warnings: [Diagnostic]
    /// `content/reports/<year>.md`, by year: the annual reports' narratives and sections.
    package var reports: [ReportSource] = []

    package init(config: SiteConfig, organizations: [Organization] = [], events: [Event] = [], articles: [Article] = [],
                 projects: [Project] = [], pages: [Page] = [], figures: [DataFigure] = [], programTotals: [ProgramTotal] = [],
                 staticFiles: [String] = [], warnings: [Diagnostic] = []) {
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
