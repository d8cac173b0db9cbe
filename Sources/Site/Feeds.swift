import Content

/// The machine-readable files: Atom feed, sitemap, robots.txt and one iCalendar file per event.
/// None carries a build timestamp: dates come from the content, so builds stay byte-identical.
struct Feeds {
    let site: SiteContent
    let urls: SiteURLs
    let absolute: (String) -> String

    /// Atom (RFC 4287) of the newest 20 articles.
    func atom() -> String {
        let x = Escape.xml
        let articles = site.articles.prefix(20)
        let updated = articles.first.map { $0.date.utcTimestamp } ?? "2000-01-01T00:00:00Z"
        var out = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(x(site.config.language))">
          <title>\(x(site.config.title))</title>
          <subtitle>\(x(site.config.description))</subtitle>
          <link href="\(x(absolute(urls.file("feed.xml"))))" rel="self" type="application/atom+xml"/>
          <link href="\(x(absolute(urls.home)))" rel="alternate" type="text/html"/>
          <id>\(x(absolute(urls.home)))</id>
          <updated>\(updated)</updated>
          <author><name>\(x(site.config.federation.name))</name></author>

        """
        for a in articles {
            let link = absolute(urls.article(a.slug))
            out += """
              <entry>
                <title>\(x(a.title))</title>
                <link href="\(x(link))" rel="alternate" type="text/html"/>
                <id>\(x(link))</id>
                <published>\(a.date.utcTimestamp)</published>
                <updated>\(a.date.utcTimestamp)</updated>
                <author><name>\(x(a.author ?? site.config.federation.name))</name></author>
            \(a.tags.map { "    <category term=\"\(x($0))\"/>\n" }.joined())    <summary>\(x(a.summary))</summary>
                <content type="html">\(x(a.source.body.html))</content>
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

    /// iCalendar (RFC 5545) for one event: CRLF line ends, lines folded at 75 octets.
    func calendar(_ e: Event) -> String {
        let host = site.config.baseURL.split(separator: "/").dropFirst().first.map(String.init) ?? "showcase.local"
        // `2014-05-20T06:30:00Z` → `20140520T063000Z`, `2014-05-20` → `20140520`, byte by byte
        // (Foundation's replacing and formatting were most of an event's calendar file).
        func compact(_ text: String) -> String { String(decoding: text.utf8.filter { $0 != 0x2D && $0 != 0x3A }, as: UTF8.self) }
        func stamp(_ d: ContentDate) -> String { compact(d.utcTimestamp) }
        func day(_ d: ContentDate) -> String { compact(d.isoDate) }
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Showcase//\(Escape.ics(site.config.title))//ZH", "CALSCALE:GREGORIAN",
                     "BEGIN:VEVENT", "UID:\(e.slug)@\(host)", "DTSTAMP:\(stamp(e.start))"]
        if e.start.hasTime {
            lines.append("DTSTART:\(stamp(e.start))")
            // An end without a time means the whole of that day: it ends at the next midnight.
            if let end = e.end { lines.append("DTEND:\(end.hasTime ? stamp(end) : compact(end.nextMidnightUTCTimestamp))") }
        } else {
            // RFC 5545 §3.6.1: an all-day event's DTEND is a DATE too, and exclusive — the day
            // after its last day. Without it a calendar shows a three-day event as one day.
            lines.append("DTSTART;VALUE=DATE:\(day(e.start))")
            lines.append("DTEND;VALUE=DATE:\(compact((e.end ?? e.start).isoDateOfNextDay))")
        }
        lines += ["SUMMARY:\(Escape.ics(e.title))", "LOCATION:\(Escape.ics(e.location))",
                  "URL:\(absolute(urls.event(e.slug)))", "DESCRIPTION:\(Escape.ics(Summary.of(e.source.body)))",
                  "END:VEVENT", "END:VCALENDAR"]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Folds a content line into 75-octet pieces without splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        if line.utf8.count <= 75 { return line }
        var out = "", count = 0, limit = 75
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > limit {
                out += "\r\n "
                count = 1
                limit = 75
            }
            out.append(ch)
            count += n
        }
        return out
    }
}

extension PlannedPage.Spec {
    var isListedInSitemap: Bool {
        if case .notFound = self { return false }
        return true
    }
}
