import Content
import Support

/// The machine-readable files: Atom feeds (the site's, each column's, the events'), sitemap and
/// robots.txt (the calendars are in `EventCalendar`).
/// None carries a build timestamp: dates come from the content, so builds stay byte-identical.
struct Feeds {
    let site: SiteContent
    let urls: SiteURLs
    let absolute: (String) -> String

    /// One entry of an Atom feed.
    struct AtomEntry {
        var title: String
        var url: String
        var date: ContentDate
        var author: String?
        var tags: [String]
        var summary: String
        var html: String
    }

    /// The site feed (`feed.xml`): the newest 20 articles.
    func atom() -> String {
        atom(title: site.config.title, path: "feed.xml", page: urls.home, entries: site.articles.prefix(20).map(entry))
    }

    /// One column's feed (`articles/column/<slug>/feed.xml`): its newest 20 articles.
    func atom(column: String, articles: [Int]) -> String {
        atom(
            title: "\(column) · \(site.config.title)", path: Self.columnFeedPath(column, urls: urls), page: urls.articlesInColumn(column),
            entries: articles.prefix(20).map { entry(site.articles[$0]) })
    }

    /// The events feed (`events/feed.xml`): the 20 latest events by start, newest first.
    func eventsAtom() -> String {
        let events = site.events.sorted { $0.start > $1.start }.prefix(20)
        return atom(
            title: "活动 · \(site.config.title)", path: Self.eventsFeedPath, page: urls.section("events"),
            entries: events.map { e in
                AtomEntry(
                    title: e.title, url: urls.event(e.slug), date: e.start, author: nil, tags: e.tags,
                    summary: Summary.of(e.source.body), html: e.source.body.html)
            })
    }

    static let eventsFeedPath = "events/feed.xml"
    static let calendarPath = "events.ics"
    /// Where a column's feed is, relative to the site root.
    static func columnFeedPath(_ column: String, urls: SiteURLs) -> String {
        String(urls.articlesInColumn(column).dropFirst(urls.base.count)) + "feed.xml"
    }

    private func entry(_ a: Article) -> AtomEntry {
        AtomEntry(
            title: a.title, url: urls.article(a.slug), date: a.date, author: a.author, tags: a.tags, summary: a.summary,
            html: a.source.body.html)
    }

    /// Atom (RFC 4287). `updated` is the newest entry's date: no build timestamp, so builds stay
    /// byte-identical.
    private func atom(title: String, path: String, page: String, entries: [AtomEntry]) -> String {
        let x = Escape.xml
        let updated = entries.map(\.date).max().map(\.utcTimestamp) ?? "2000-01-01T00:00:00Z"
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(x(site.config.language))">
              <title>\(x(title))</title>
              <subtitle>\(x(site.config.description))</subtitle>
              <link href="\(x(absolute(urls.file(path))))" rel="self" type="application/atom+xml"/>
              <link href="\(x(absolute(page)))" rel="alternate" type="text/html"/>
              <id>\(x(absolute(page)))</id>
              <updated>\(updated)</updated>
              <author><name>\(x(site.config.federation.name))</name></author>

            """
        for a in entries {
            let link = absolute(a.url)
            out += """
                  <entry>
                    <title>\(x(a.title))</title>
                    <link href="\(x(link))" rel="alternate" type="text/html"/>
                    <id>\(x(link))</id>
                    <published>\(a.date.utcTimestamp)</published>
                    <updated>\(a.date.utcTimestamp)</updated>
                    <author><name>\(x(a.author ?? site.config.federation.name))</name></author>
                \(a.tags.map { "    <category term=\"\(x($0))\"/>\n" }.joined())    <summary>\(x(a.summary))</summary>
                    <content type="html">\(x(a.html))</content>
                  </entry>

                """
        }
        return out + "</feed>\n"
    }

    /// sitemaps.org 0.9: every page, with the entry's date where it has one.
    func sitemap(pages: [PlannedPage]) -> String {
        var lastmod: [String: String] = [:]
        // By index: a loop variable would be a copy of the whole entry.
        let (articles, events) = (site.articles, site.events)
        lastmod.reserveCapacity(articles.count + events.count)
        for i in articles.indices { lastmod[urls.article(articles[i].slug)] = articles[i].date.isoDate }
        for i in events.indices { lastmod[urls.event(events[i].slug)] = events[i].start.isoDate }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for p in pages where p.spec.isListedInSitemap {
            out += "  <url><loc>\(Escape.xml(absolute(p.url)))</loc>"
            if let m = lastmod[p.url] { out += "<lastmod>\(m)</lastmod>" }
            out += "</url>\n"
        }
        return out + "</urlset>\n"
    }

    func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(absolute(urls.file("sitemap.xml")))\n"
    }
}

extension PlannedPage.Spec {
    var isListedInSitemap: Bool {
        if case .notFound = self { return false }
        if case .search = self { return false }
        return true
    }
}
