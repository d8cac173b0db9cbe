import Foundation

/// HTML converted text node by text node: tags, attributes, comments and the contents of
/// `code`, `pre`, `kbd`, `samp`, `script`, `style` and `textarea` are copied byte for byte.
/// Only links to the site's pages change: they go to the same page in the other edition.
package struct TraditionalHTML: Sendable {
    /// The main edition's base path (`/`) and the Traditional edition's (`/zh-hant/`); nil
    /// for a page whose links are the Traditional edition's already.
    package let from: String?
    /// The base path links are moved to; nil with `from`.
    package let to: String?

    /// Links under `from` are moved under `to`, so a Traditional page links to Traditional pages.
    package init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// Text only, links as they are.
    package static let textOnly = TraditionalHTML(from: nil, to: nil)
    private init(from: String?, to: String?) {
        self.from = from
        self.to = to
    }

    private enum Piece {
        case markup(Range<Int>)
        case text(Range<Int>)
        case replaced([UInt8])
        /// A card's stand-in: the card converted once is written in its place.
        case card(Int)
    }

    private static let verbatimNames = ["code", "pre", "kbd", "samp", "script", "style", "textarea"]
    private static let verbatim = verbatimNames.map(TagName.init)
    /// `</code` and the like, to find where an element kept as written ends.
    private static let verbatimClose = verbatimNames.map { Array("</\($0)".utf8) }
    private static let nameA = TagName("a")
    private static let nameSpan = TagName("span")
    private static let closeA = Array("</a".utf8)
    private static let closeSpan = Array("</span".utf8)

    /// `html` with its text converted by `converter`.
    package func convert(_ html: [UInt8], with converter: TraditionalConverter) -> [UInt8] {
        convert(html, with: converter, remembered: false)
    }

    /// A rendered page of the Traditional edition: the text its templates and code put there
    /// (list headings, dates, figures' labels), around content converted already. Each text
    /// run is looked up in the converter's memory first, so the cards a page repeats from the
    /// content are not converted again.
    package func convertRemembered(_ html: [UInt8], with converter: TraditionalConverter) -> [UInt8] {
        convert(html, with: converter, remembered: true)
    }

    // MARK: - Cards converted once

    /// A card that a page may carry converted: what is around its markup (ASCII white space),
    /// kept on the page, and its markup converted (``convertRemembered(_:with:)``).
    package struct ConvertedCard: Sendable {
        /// White space before the card's first tag, left on the page.
        package let leading: ArraySlice<UInt8>
        /// From the first tag to the last, converted.
        package let converted: [UInt8]
        /// White space after the card's last tag, left on the page.
        package let trailing: ArraySlice<UInt8>
    }

    /// `card` converted once, for every list page that shows it; nil where the card could not
    /// be converted apart from a page: it does not start and end with a tag, or leaves a
    /// comment, a tag or an element kept as written (`code`) open, which on a page would run on
    /// past it.
    ///
    /// A card is an article's or organization's, rendered once and shown on many list pages
    /// (all, its column, its year, each tag…); converting it with each page looked its text up
    /// in the converter's memory again on each (BENCHMARKS.md, eleventh session). On a page,
    /// text runs end at tags, so a card that starts and ends with a closed tag converts the
    /// same alone as in the page.
    package func convertCard(_ card: [UInt8], with converter: TraditionalConverter) -> ConvertedCard? {
        guard let first = card.firstIndex(of: 0x3C), let last = card.lastIndex(of: 0x3E),
            card[..<first].allSatisfy(Self.isASCIISpace), card[(last + 1)...].allSatisfy(Self.isASCIISpace)
        else { return nil }
        let markup = Array(card[first...last])
        let (_, open) = split(markup, cards: [])
        guard !open else { return nil }
        return ConvertedCard(
            leading: card[..<first], converted: convert(markup, with: converter, remembered: true), trailing: card[(last + 1)...])
    }

    /// What a page is rendered with in place of card `k`'s markup: a tag of no name (`<` and
    /// the control character 1, which no template or escaped text has, then `k`).
    package static func standIn(_ k: Int) -> [UInt8] {
        [0x3C, 0x01] + Array(String(k).utf8) + [0x3E]
    }

    /// A list page rendered with cards' stand-ins (``standIn(_:)``), converted as
    /// ``convertRemembered(_:with:)`` converts it, each stand-in replaced by its card converted.
    /// nil when a stand-in is not met as a tag (inside a comment, an attribute or `code`):
    /// the page must then be rendered with its cards and converted whole.
    package func convertRemembered(
        _ html: [UInt8], with converter: TraditionalConverter, cards: [ConvertedCard?]
    ) -> [UInt8]? {
        var expected = 0
        for i in html.indices.dropLast() where html[i] == 0x3C && html[i + 1] == 0x01 { expected += 1 }
        return convert(html, with: converter, remembered: true, cards: cards, standIns: expected)
    }

    private static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
    }

    // MARK: - Conversion

    /// Each text run is looked up in the converter's memory (all of a page's under one lock), or
    /// else converted straight into the page; with `remembered`, what was converted is remembered.
    /// (A body's runs are looked up too: a run that is a name with a hand-written Traditional
    /// form converts as it does everywhere else.)
    private func convert(_ html: [UInt8], with converter: TraditionalConverter, remembered: Bool) -> [UInt8] {
        convert(html, with: converter, remembered: remembered, cards: [], standIns: 0)!
    }

    /// The same, with `cards` in place of their stand-ins; nil unless `standIns` of them are met.
    private func convert(
        _ html: [UInt8], with converter: TraditionalConverter, remembered: Bool, cards: [ConvertedCard?], standIns: Int
    ) -> [UInt8]? {
        let (pieces, _) = split(html, cards: cards)
        var met = 0
        for case .card in pieces { met += 1 }
        guard met == standIns else { return nil }
        var runs: [ArraySlice<UInt8>] = []
        for case .text(let r) in pieces { runs.append(html[r]) }
        let known = converter.remembered(runs)
        var fresh: [(simplified: ArraySlice<UInt8>, traditional: String)] = []
        var out: [UInt8] = []
        out.reserveCapacity(html.count + html.count / 8)
        var k = 0
        html.withUnsafeBufferPointer { bytes in
            for piece in pieces {
                switch piece {
                case .markup(let r): out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[r]))
                case .replaced(let replaced): out += replaced
                case .card(let k): out += cards[k]!.converted
                case .text(let r):
                    if let text = known[k] {
                        out.append(contentsOf: text.utf8)
                    } else {
                        let start = out.count
                        converter.append(converting: UnsafeBufferPointer(rebasing: bytes[r]), to: &out)
                        if remembered { fresh.append((runs[k], String(decoding: out[start...], as: UTF8.self))) }
                    }
                    k += 1
                }
            }
        }
        if !fresh.isEmpty { converter.remember(runs: fresh) }
        return out
    }

    /// Markup and text, in order. A text run with only ASCII is markup: OpenCC leaves it as it is.
    /// A stand-in of one of `cards` is a piece of its own. `open`: a comment, tag or element
    /// kept as written ran to the end without being closed.
    private func split(_ html: [UInt8], cards: [ConvertedCard?]) -> (pieces: [Piece], open: Bool) {
        var pieces: [Piece] = []
        var open = false
        let n = html.count
        var i = 0
        var textStart = 0
        var ascii = true
        func endText(_ end: Int) {
            if end > textStart { pieces.append(ascii ? .markup(textStart..<end) : .text(textStart..<end)) }
            ascii = true
        }
        while i < n {
            let b = html[i]
            guard b == 0x3C else {
                i += 1
                if b >= 0x80 {
                    // The run is text: nothing more to learn from its bytes before the next tag.
                    ascii = false
                    i = html[i...].firstIndex(of: UInt8(ascii: "<")) ?? n
                }
                continue
            }
            endText(i)
            let tagEnd: Int
            if !cards.isEmpty, i + 1 < n, html[i + 1] == 0x01, let (k, end) = Self.standIn(html, at: i), k < cards.count,
                cards[k] != nil
            {
                pieces.append(.card(k))
                tagEnd = end
            } else if html.starts(with: Self.commentOpen, at: i) {
                let close = html.find(Self.commentClose, from: i + 4)
                if close == nil { open = true }
                tagEnd = close.map { $0 + 3 } ?? n
                pieces.append(.markup(i..<tagEnd))
            } else {
                let closed = Self.closedTagEnd(html, from: i)
                if closed == nil { open = true }
                tagEnd = closed ?? n
                // The name's bytes, compared as they are: no string made for every tag of a page.
                let name = Self.tagName(html, at: i)
                let isA = name == Self.nameA
                // A link or span marked as Simplified (the switch to the Simplified edition,
                // 简体) is in that script on purpose.
                let simplified = (isA || name == Self.nameSpan) && html[i..<tagEnd].containsSequence(Self.simplifiedMark)
                let verbatim = Self.verbatim.firstIndex(of: name)
                if verbatim != nil || simplified, i + 1 < n, html[i + 1] != 0x2F {
                    // Up to and with the closing tag: everything inside stays as written.
                    let close = verbatim.map { Self.verbatimClose[$0] } ?? (isA ? Self.closeA : Self.closeSpan)
                    let closedEnd = html.findCaseless(close, from: tagEnd).flatMap { Self.closedTagEnd(html, from: $0) }
                    if closedEnd == nil { open = true }
                    let end = closedEnd ?? n
                    pieces.append(.markup(i..<end))
                    i = end
                    textStart = end
                    continue
                }
                if isA, from != nil, let rewritten = rewriteLink(html[i..<tagEnd]) {
                    pieces.append(.replaced(rewritten))
                } else {
                    pieces.append(.markup(i..<tagEnd))
                }
            }
            i = tagEnd
            textStart = tagEnd
        }
        endText(n)
        return (pieces, open)
    }

    /// The card number and the end of the stand-in at `start` (``standIn(_:)``), if it is one.
    private static func standIn(_ html: [UInt8], at start: Int) -> (Int, Int)? {
        var k = 0
        var i = start + 2
        while i < html.count, html[i] >= 0x30, html[i] <= 0x39, i - start < 12 {
            k = k * 10 + Int(html[i] - 0x30)
            i += 1
        }
        guard i > start + 2, i < html.count, html[i] == 0x3E else { return nil }
        return (k, i + 1)
    }

    /// An `<a>` whose `href` is a page of the main edition (its base, ending in `/` before any
    /// `#` or `?`) gets the Traditional edition's page. Files (images, downloads) are shared.
    /// Bytes throughout: every link of every page passes here.
    private func rewriteLink(_ tag: ArraySlice<UInt8>) -> [UInt8]? {
        guard let from, let to else { return nil }
        // A plain scan: with Foundation's generic `firstRange(of:)` this function was 1.2 % of
        // a both-editions build's samples, now 0.2 % (BENCHMARKS.md, eleventh session).
        guard let hrefAt = tag.firstIndex(ofSequence: Self.hrefOpen) else { return nil }
        let hrefStart = hrefAt + Self.hrefOpen.count
        guard let end = tag[hrefStart...].firstIndex(of: 0x22) else { return nil }
        let url = tag[hrefStart..<end]
        guard url.starts(with: from.utf8), !url.starts(with: Self.doubleSlash), !url.starts(with: to.utf8) else { return nil }
        let path = url.prefix { $0 != 0x23 && $0 != 0x3F }
        guard path.last == 0x2F else { return nil }
        // The tag made in one array, not four joined.
        var out: [UInt8] = []
        out.reserveCapacity(tag.count + to.utf8.count)
        out += tag[..<hrefStart]
        out += to.utf8
        out += url.dropFirst(from.utf8.count)
        out += tag[end...]
        return out
    }

    private static let hrefOpen = Array(" href=\"".utf8)
    private static let doubleSlash = Array("//".utf8)
    private static let simplifiedMark = Array(" lang=\"zh-Hans\"".utf8)
    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    /// Just past the `>` of the tag starting at `start`, skipping quoted attribute values; nil
    /// when the tag is not closed.
    private static func closedTagEnd(_ html: [UInt8], from start: Int) -> Int? {
        var quote: UInt8 = 0
        var i = start + 1
        while i < html.count {
            let b = html[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                return i + 1
            }
            i += 1
        }
        return nil
    }

    /// The lowercased name of the tag at `start` (`a`, `pre`; `code` for `</code>`), up to 12
    /// bytes (longer than any name compared with), without allocating.
    private static func tagName(_ html: [UInt8], at start: Int) -> TagName {
        var i = start + 1
        if i < html.count, html[i] == 0x2F { i += 1 }
        var name = TagName()
        while i < html.count, name.count < 12 {
            let b = html[i] | 0x20
            guard (b >= 0x61 && b <= 0x7A) || (html[i] >= 0x30 && html[i] <= 0x39) else { break }
            name.append(b >= 0x61 && b <= 0x7A ? b : html[i])
            i += 1
        }
        return name
    }

    /// Up to 16 bytes of a tag's name in two integers: compared without a string or an array.
    private struct TagName: Equatable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        private(set) var count = 0

        init() {}

        init(_ name: String) {
            for b in name.utf8 { append(b) }
        }

        mutating func append(_ b: UInt8) {
            if count < 8 { low |= UInt64(b) << UInt64(8 * count) } else { high |= UInt64(b) << UInt64(8 * (count - 8)) }
            count += 1
        }
    }
}

extension ArraySlice where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        firstIndex(ofSequence: needle) != nil
    }

    /// Where `needle` first starts, by a plain scan.
    func firstIndex(ofSequence needle: [UInt8]) -> Int? {
        guard needle.count <= count else { return nil }
        var i = startIndex
        outer: while i + needle.count <= endIndex {
            for k in needle.indices where self[i + k] != needle[k] {
                i += 1
                continue outer
            }
            return i
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    func starts(with prefix: [UInt8], at i: Int) -> Bool {
        guard i + prefix.count <= count else { return false }
        for k in prefix.indices where self[i + k] != prefix[k] { return false }
        return true
    }

    func find(_ needle: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + needle.count <= count {
            if starts(with: needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Like `find`, ASCII letters compared without case (`</PRE`).
    func findCaseless(_ needle: [UInt8], from start: Int) -> Int? {
        var i = start
        outer: while i + needle.count <= count {
            for k in needle.indices where self[i + k] | 0x20 != needle[k] | 0x20 {
                i += 1
                continue outer
            }
            return i
        }
        return nil
    }
}
