/// The site's URL scheme in one place: every page's path, for every module that links.
///
/// Paths are pretty (`/organizations/<slug>/`) and start with the base URL's path, so the
/// site works when served from a sub-path. Chinese names (tags, columns, programs) get ASCII
/// slugs from `site.yaml`, or a short stable hash: a URL is never derived from Chinese text.
package struct SiteURLs: Sendable {
    /// `/` or `/showcase/`.
    package let base: String
    /// Where the static files are: `base`, except in the Traditional edition, whose pages are
    /// under `base` and whose stylesheets are the main edition's.
    package let root: String
    private let names: [String: String]

    /// The URLs of a site served under `config`'s base path.
    package init(config: SiteConfig) {
        base = config.basePath
        root = config.mainBasePath ?? base
        var names: [String: String] = [:]
        for (name, slug) in config.nameSlugs { names[name] = slug }
        self.names = names
    }

    /// The home page.
    package var home: String { base }
    /// A section's list (`/organizations/`).
    package func section(_ name: String) -> String { base + name + "/" }
    /// An organization's page.
    package func organization(_ slug: String) -> String { base + "organizations/\(slug)/" }
    /// The organizations of a service domain.
    package func organizationsInDomain(_ slug: String) -> String { base + "organizations/domain/\(slug)/" }
    /// The organizations of a kind (registered, recorded…).
    package func organizationsOfKind(_ kind: OrganizationKind) -> String { base + "organizations/kind/\(kind.rawValue)/" }
    /// The alliance's member list.
    package var allianceMembers: String { base + "organizations/alliance/" }
    /// An event's page.
    package func event(_ slug: String) -> String { base + "events/\(slug)/" }
    /// The events of a year.
    package func eventsInYear(_ year: Int) -> String { base + "events/\(year)/" }
    /// An article's page.
    package func article(_ slug: String) -> String { base + "articles/\(slug)/" }
    /// Page `n` of the article list (1 is the list itself).
    package func articlesPage(_ n: Int) -> String { paged(base + "articles/", n) }
    /// Page `n` of a paginated list whose first page is `url` (`…/page/2/`).
    package func paged(_ url: String, _ n: Int) -> String { n <= 1 ? url : url + "page/\(n)/" }
    /// The articles of a column.
    package func articlesInColumn(_ column: String) -> String { base + "articles/column/\(slug(for: column))/" }
    /// The articles of a year.
    package func articlesInYear(_ year: Int) -> String { base + "articles/\(year)/" }
    /// A project's page.
    package func project(_ slug: String) -> String { base + "projects/\(slug)/" }
    /// The projects of a funding program.
    package func projectsInProgram(_ program: String) -> String { base + "projects/program/\(slug(for: program))/" }
    /// The projects of a year.
    package func projectsInYear(_ year: Int) -> String { base + "projects/\(year)/" }
    /// A tag's page.
    package func tag(_ tag: String) -> String { base + "tags/\(slug(for: tag))/" }
    /// A standalone page (`/about/`).
    package func page(_ slug: String) -> String { base + "\(slug)/" }
    /// The statistics overview, or one theme's page.
    package func statistics(_ theme: String? = nil) -> String { base + "statistics/" + (theme.map { "\($0)/" } ?? "") }
    /// A file at the site's root or below (`feed.xml`, `images/a.svg`).
    package func file(_ path: String) -> String { base + path }
    /// A file of `content/static/` (a logo, a cover): both editions use the main edition's.
    package func staticFile(_ path: String) -> String { root + path }

    /// The ASCII slug of a name: declared in `site.yaml`, the name itself when it is already
    /// a valid slug, else `x` and 8 hex digits of its FNV-1a hash (stable across builds).
    package func slug(for name: String) -> String {
        if let s = names[name] { return s }
        let lowered = Slug.normalize(name)
        if Slug.isValid(lowered) { return lowered }
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "x" + String(hash, radix: 16).leftPadded(to: 8)
    }

    /// Turns a path from `url(...)` into a file path inside the output folder (`organizations/x/index.html`).
    package func outputFile(for url: String) -> String {
        var path = url.hasPrefix(base) ? String(url.dropFirst(base.count)) : url
        if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
        return path
    }
}
