import Content
import Support

/// One page search can find: what a result shows, and the text it is found by.
package struct SearchDocument: Sendable {
    /// What a page is: results show it and can be filtered by it, and the search page's
    /// template lists the kinds (`PageContexts`), so it is seen outside this module.
    package enum Kind: Int, Sendable, CaseIterable {
        case page, organization, project, event, article
        /// The label a result and the kind filter show.
        package var label: String {
            switch self {
            case .page: "页面"
            case .organization: "社会组织"
            case .project: "公益项目"
            case .event: "活动"
            case .article: "文章"
            }
        }
        /// The filter's value (`/search/?q=…&kind=article`).
        package var key: String { String(describing: self) }
    }

    /// Also decides the document's number: kinds come in ``Kind``'s order.
    package var kind: Kind
    /// Shown as the result's link text; its matches rank first.
    package var title: String
    /// Where the result links, with the site's base path.
    package var url: String
    /// As shown: `2014年5月20日`, `2014年`, or empty.
    package var date: String
    /// The title, the entry's facts and the body as plain text, one per line. Searched, and
    /// cut into snippets; never HTML.
    package var text: String {
        get { String(decoding: utf8, as: UTF8.self) }
        set { utf8 = Array(newValue.utf8) }
    }
    /// ``text``'s UTF-8 bytes, which is what the index reads: made into a `String`, the 42 MB
    /// of text at 10,000 articles were checked for valid UTF-8 once more, a twentieth of the
    /// index's time. They are valid: built from strings, and from HTML cut only at ASCII bytes.
    package var utf8: [UInt8]

    /// A document with the text given as a string (the tests make their own).
    package init(kind: Kind, title: String, url: String, date: String, text: String) {
        self.init(kind: kind, title: title, url: url, date: date, utf8: Array(text.utf8))
    }

    init(kind: Kind, title: String, url: String, date: String, utf8: [UInt8]) {
        self.kind = kind
        self.title = title
        self.url = url
        self.date = date
        self.utf8 = utf8
    }

    /// Every entry of the site in the order the index numbers them: pages, organizations,
    /// projects, events, articles (each kind in the site's own order, newest first where dated),
    /// so that a kind is a range of numbers and the filter needs no table.
    ///
    /// Once `stop` says yes (a preview's rebuild leaving the index to a newer save), the
    /// documents not yet made are left empty: the caller stops too, and never indexes them.
    package static func all(in site: SiteContent, urls: SiteURLs, stop: @Sendable () -> Bool = { false }) -> [SearchDocument] {
        let names = Dictionary(site.organizations.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let counts = [site.pages.count, site.organizations.count, site.projects.count, site.events.count, site.articles.count]
        // Every document on all cores, titles and facts too: gathered first on one thread,
        // they left the other core idle at the start of the index.
        return Parallel.map(Array(0..<counts.reduce(0, +))) { i in
            if stop() { return SearchDocument(kind: .page, title: "", url: "", date: "", utf8: []) }
            var kind = 0, j = i
            while j >= counts[kind] {
                j -= counts[kind]
                kind += 1
            }
            let (doc, facts, body) = parts(of: Kind(rawValue: kind)!, j, in: site, urls: urls, names: names)
            // Built as bytes in one buffer: joining strings copied the body twice.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(doc.title.utf8.count + 256 + body.count)
            bytes += doc.title.utf8
            for case let f? in facts where !f.isEmpty {
                bytes.append(0x0A)
                bytes += f.utf8
            }
            bytes.append(0x0A)
            let start = bytes.count
            HTMLText.append(body, to: &bytes)
            if bytes.count == start { bytes.removeLast() }
            var document = doc
            document.utf8 = bytes
            return document
        }
    }

    /// Entry `j` of a kind: the document without its text, the facts that go after the title,
    /// and the body's HTML.
    private static func parts(
        of kind: Kind, _ j: Int, in site: SiteContent, urls: SiteURLs, names: [String: String]
    ) -> Parts {
        switch kind {
        case .page: page(site.pages[j], urls: urls)
        case .organization: organization(site.organizations[j], urls: urls, site: site)
        case .project: project(site.projects[j], urls: urls, names: names)
        case .event: event(site.events[j], urls: urls, names: names)
        case .article: article(site.articles[j], urls: urls)
        }
    }

    private typealias Parts = (doc: SearchDocument, facts: [String?], body: [UInt8])

    // One function per kind, each entry borrowed: a copy of the whole entry retained and
    // released every string of it (an eighth of the page texts' samples).
    private static func page(_ p: borrowing Page, urls: SiteURLs) -> Parts {
        (SearchDocument(kind: .page, title: p.title, url: urls.page(p.slug), date: "", utf8: []), [], p.source.body.htmlUTF8)
    }

    private static func organization(_ o: borrowing Organization, urls: SiteURLs, site: SiteContent) -> Parts {
        (
            SearchDocument(kind: .organization, title: o.name, url: urls.organization(o.slug), date: o.registered?.chinese ?? "", utf8: []),
            [
                o.kind.chinese + "组织", site.config.domain(o.domain)?.name, o.supervisor, o.services.joined(separator: "、"),
                o.contact.address, o.tags.joined(separator: "、"),
            ], o.source.body.htmlUTF8
        )
    }

    private static func project(_ p: borrowing Project, urls: SiteURLs, names: [String: String]) -> Parts {
        (
            SearchDocument(kind: .project, title: p.title, url: urls.project(p.slug), date: "\(p.year)年", utf8: []),
            [names[p.organization] ?? p.organization, p.program, p.round, p.status], p.source.body.htmlUTF8
        )
    }

    private static func event(_ e: borrowing Event, urls: SiteURLs, names: [String: String]) -> Parts {
        (
            SearchDocument(kind: .event, title: e.title, url: urls.event(e.slug), date: e.start.chinese, utf8: []),
            [
                e.location, e.kind, e.allOrganizations.map { names[$0] ?? $0 }.joined(separator: "、"),
                e.programme.map(\.item).joined(separator: "、"), e.tags.joined(separator: "、"),
            ], e.source.body.htmlUTF8
        )
    }

    private static func article(_ a: borrowing Article, urls: SiteURLs) -> Parts {
        (
            SearchDocument(kind: .article, title: a.title, url: urls.article(a.slug), date: a.date.chinese, utf8: []),
            [a.author, a.column, a.tags.joined(separator: "、")], a.source.body.htmlUTF8
        )
    }
}

/// The text of rendered Markdown: tags dropped, the entities cmark writes decoded, a line
/// break after each block. Read from the HTML every page has, because the syntax tree is only
/// kept when article downloads are made.
enum HTMLText {
    /// Appends the text of `html` to `out` (nothing for no text): straight into the buffer the
    /// document's whole text is built in.
    static func append(_ html: [UInt8], to out: inout [UInt8]) {
        let start = out.count
        out.reserveCapacity(start + html.count)
        // Whether the text so far ends a line or is empty: no line break or space is wanted there.
        func atLineStart() -> Bool { out.count == start || out.last == 0x0A }
        var i = 0
        let n = html.count
        while i < n {
            let b = html[i]
            if b == 0x3C { // <
                var j = i + 1
                var closing = false
                if j < n, html[j] == 0x2F { closing = true; j += 1 }
                var name: UInt32 = 0
                while j < n, ((html[j] | 0x20) >= 0x61 && (html[j] | 0x20) <= 0x7A) || (html[j] >= 0x30 && html[j] <= 0x39) {
                    name = name &* 31 &+ UInt32(html[j] | 0x20)
                    j += 1
                }
                while j < n, html[j] != 0x3E { j += 1 }
                if breaks(name, closing: closing), !atLineStart() { out.append(0x0A) }
                i = j + 1
            } else if b == 0x26 { // &
                var j = i + 1
                while j < n, j - i < 10, html[j] != 0x3B { j += 1 }
                if j < n, html[j] == 0x3B, let decoded = entity(html[(i + 1)..<j]) {
                    out.append(contentsOf: decoded)
                    i = j + 1
                } else {
                    out.append(b)
                    i += 1
                }
            } else if b == 0x0A {
                if !atLineStart() { out.append(0x20) }
                i += 1
            } else {
                // A run of text up to the next tag, entity or line end, copied at once.
                let j = textRunEnd(html, from: i + 1)
                out.append(contentsOf: html[i..<j])
                i = j
            }
        }
        while out.count > start, out.last == 0x0A || out.last == 0x20 { out.removeLast() }
    }

    /// Where a run of text from `start` ends: at the first `<`, `&` or line end, or at the
    /// end. Eight bytes at a time: byte by byte, this loop was two thirds of the page texts'
    /// samples (runs of Chinese text, three bytes a character), and they fell from about 190
    /// to 130 (BENCHMARKS.md, fifteenth session).
    static func textRunEnd(_ html: [UInt8], from start: Int) -> Int {
        html.withUnsafeBufferPointer { html in
            let n = html.count
            var j = start
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            // A byte equal to `b` is a zero byte of `word ^ b…b`, and `(x - 1…1) & ~x & 8…8`
            // flags the first zero byte of `x` exactly (later ones may be flagged falsely); the
            // first byte in memory is the lowest (little-endian).
            func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
            while j + 8 <= n {
                let word = UnsafeRawPointer(html.baseAddress! + j).loadUnaligned(as: UInt64.self)
                let found = zeros(word ^ (ones &* 0x3C)) | zeros(word ^ (ones &* 0x26)) | zeros(word ^ (ones &* 0x0A))
                if found != 0 { return j + found.trailingZeroBitCount / 8 }
                j += 8
            }
            while j < n, html[j] != 0x3C, html[j] != 0x26, html[j] != 0x0A { j += 1 }
            return j
        }
    }

    private static func hash(_ s: String) -> UInt32 { s.utf8.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) } }
    /// Closing block elements and the empty ones that end a line.
    /// Arrays, searched in order: a `Set`'s hashing cost more than the few comparisons (a tag is
    /// looked up at every `<` of every body).
    private static let closers: [UInt32] = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "td", "th",
        "div", "table", "ul", "ol", "dt", "dd",
    ].map(hash)
    private static let empties: [UInt32] = ["br", "hr", "img"].map(hash)

    private static func breaks(_ name: UInt32, closing: Bool) -> Bool {
        closing ? closers.contains(name) : empties.contains(name)
    }

    private static func entity(_ name: ArraySlice<UInt8>) -> [UInt8]? {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return [0x26]
        case "lt": return [0x3C]
        case "gt": return [0x3E]
        case "quot": return [0x22]
        case "#39", "apos": return [0x27]
        case "nbsp": return [0x20]
        case let s where s.hasPrefix("#x") || s.hasPrefix("#X"):
            return UInt32(s.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
        case let s where s.hasPrefix("#"):
            return UInt32(s.dropFirst()).flatMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
        default: return nil
        }
    }
}
