import Content
import Foundation

/// Turns link destinations as authors write them (`/organizations/x/`) into the absolute URLs a
/// reader of a printed page or a Word file can follow.
struct LinkResolver: Sendable {
    /// The site's base URL, ending with `/`.
    let baseURL: String
    /// The path part of the base URL (`/showcase/`).
    let basePath: String
    /// The article's own page, for relative links.
    let pageURL: String

    init(site: SiteContent, article: Article) {
        self.init(config: site.config, article: article)
    }

    init(config: SiteConfig, article: Article) {
        baseURL = config.baseURL.hasSuffix("/") ? config.baseURL : config.baseURL + "/"
        basePath = config.basePath
        pageURL = baseURL + "articles/\(article.slug)/"
    }

    /// For a page that is not an article (the annual report): `path` is relative to the base URL.
    init(site: SiteContent, path: String) {
        self.init(baseURL: site.config.baseURL, basePath: site.config.basePath, path: path)
    }

    init(baseURL: String, basePath: String, path: String) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.basePath = basePath
        pageURL = self.baseURL + path
    }

    /// The absolute URL, or nil for an empty destination or an in-page anchor (`#top`), which
    /// means nothing outside the web page, and for what the site's pages drop: the site's one
    /// rule (``LocalPath/resolve(_:from:)``, as the Markdown rewrite applies it) decides first,
    /// so a control character, a scheme it does not allow or a path out of the site is no link
    /// in a Word file or on paper either.
    func absolute(_ url: String) -> String? {
        // The usual link, a plain path inside a site served from its root (`/organizations/x/`),
        // answered from its bytes: the general way below was a sixth of a Word file's time.
        if basePath == "/", url.utf8.first == UInt8(ascii: "/"),
            case .inside? = LocalPath.precheck(url.utf8)
        {
            return baseURL + String(decoding: url.utf8.dropFirst(), as: UTF8.self)
        }
        if LocalPath.resolve(url) == .escapes { return nil }
        let url = url.trimmingSpaces()
        if url.isEmpty || url.hasPrefix("#") { return nil }
        if URLPolicy.scheme(of: url) != nil { return url }
        if url.hasPrefix("//") { return "https:" + url }
        if url.hasPrefix("/") { return baseURL + Self.siteRelative(url, basePath: basePath) }
        if let base = URL(string: pageURL), let resolved = URL(string: url, relativeTo: base) {
            return resolved.absoluteString
        }
        return pageURL + url
    }

    /// The URL as printed after a link's text: `mailto:` and `tel:` are dropped for readability.
    func display(_ url: String) -> String? {
        guard let absolute = absolute(url) else { return nil }
        for prefix in ["mailto:", "tel:"] where absolute.lowercased().hasPrefix(prefix) {
            return String(absolute.dropFirst(prefix.count))
        }
        return absolute
    }

    /// A root-relative path without its leading `/`. The loader has already put the site's
    /// sub-path in front (`/organizations/x/` → `/showcase/organizations/x/`), so that prefix
    /// is taken off again; a path without it is taken as written by the author.
    static func siteRelative(_ path: String, basePath: String) -> String {
        if basePath != "/", basePath.hasPrefix("/"), path.hasPrefix(basePath) { return String(path.dropFirst(basePath.count)) }
        return String(path.drop { $0 == "/" })
    }

    private static let uriBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".utf8 { table[Int(b)] = true }
        return table
    }()

    /// Percent-encodes what is not allowed in a URI (spaces, Chinese characters), leaving
    /// existing escapes alone; Word reports a damaged file for a hyperlink target that is no URI.
    static func uriEncoded(_ url: String) -> String {
        // Most links are plain ASCII URIs already: nothing to encode, no Foundation call.
        if url.utf8.allSatisfy({ uriBytes[Int($0)] }) { return url }
        var allowed = CharacterSet()
        allowed.insert(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
        return url.addingPercentEncoding(withAllowedCharacters: allowed) ?? url
    }
}
