import Content
import Templates

/// What every page shows the same way, prepared once per build rather than once per page.
/// Immutable after `init`, so sharing it between rendering threads is safe.
struct SharedParts: Sendable {
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
