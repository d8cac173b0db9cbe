/// HTML converted text node by text node: tags, attributes, comments and the contents of
/// `code`, `pre`, `kbd`, `samp`, `script`, `style` and `textarea` are copied byte for byte.
/// Only links to the site's pages change: they go to the same page in the other edition.
package struct TraditionalHTML: Sendable {
    /// The main edition's base path (`/`) and the Traditional edition's (`/zh-hant/`); nil
    /// for a page whose links are the Traditional edition's already.
    package let from: String?
    package let to: String?

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
    }

    private static let verbatim: Set<String> = ["code", "pre", "kbd", "samp", "script", "style", "textarea"]

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

    private func convert(_ html: [UInt8], with converter: TraditionalConverter, remembered: Bool) -> [UInt8] {
        let pieces = split(html)
        var runs: [ArraySlice<UInt8>] = []
        for case .text(let r) in pieces { runs.append(html[r]) }
        var converted = converter.convert(rememberedRuns: runs, store: remembered).makeIterator()
        var out: [UInt8] = []
        out.reserveCapacity(html.count + html.count / 8)
        for piece in pieces {
            switch piece {
            case .markup(let r): out += html[r]
            case .replaced(let bytes): out += bytes
            case .text: out += converted.next() ?? []
            }
        }
        return out
    }

    /// Markup and text, in order. A text run with only ASCII is markup: OpenCC leaves it as it is.
    private func split(_ html: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
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
                if b >= 0x80 { ascii = false }
                i += 1
                continue
            }
            endText(i)
            let tagEnd: Int
            if html.starts(with: Self.commentOpen, at: i) {
                tagEnd = html.find(Self.commentClose, from: i + 4).map { $0 + 3 } ?? n
                pieces.append(.markup(i..<tagEnd))
            } else {
                tagEnd = Self.endOfTag(html, from: i)
                let name = Self.tagName(html, at: i)
                // A link or span marked as Simplified (the switch to the Simplified edition,
                // 简体) is in that script on purpose.
                let simplified = (name == "a" || name == "span") && html[i..<tagEnd].containsSequence(Self.simplifiedMark)
                if Self.verbatim.contains(name) || simplified, i + 1 < n, html[i + 1] != 0x2F {
                    // Up to and with the closing tag: everything inside stays as written.
                    let close = Array("</\(name)".utf8)
                    let end = html.findCaseless(close, from: tagEnd).map { Self.endOfTag(html, from: $0) } ?? n
                    pieces.append(.markup(i..<end))
                    i = end
                    textStart = end
                    continue
                }
                if name == "a", from != nil, let rewritten = rewriteLink(html[i..<tagEnd]) {
                    pieces.append(.replaced(rewritten))
                } else {
                    pieces.append(.markup(i..<tagEnd))
                }
            }
            i = tagEnd
            textStart = tagEnd
        }
        endText(n)
        return pieces
    }

    /// An `<a>` whose `href` is a page of the main edition (its base, ending in `/` before any
    /// `#` or `?`) gets the Traditional edition's page. Files (images, downloads) are shared.
    private func rewriteLink(_ tag: ArraySlice<UInt8>) -> [UInt8]? {
        guard let from, let to else { return nil }
        let text = String(decoding: tag, as: UTF8.self)
        guard let hrefStart = text.range(of: " href=\"")?.upperBound, let end = text[hrefStart...].firstIndex(of: "\"") else { return nil }
        let url = text[hrefStart..<end]
        guard url.hasPrefix(from), !url.hasPrefix("//"), !url.hasPrefix(to) else { return nil }
        let path = url.prefix { $0 != "#" && $0 != "?" }
        guard path.hasSuffix("/") else { return nil }
        return Array((text[..<hrefStart] + to + url.dropFirst(from.count) + text[end...]).utf8)
    }

    private static let simplifiedMark = Array(" lang=\"zh-Hans\"".utf8)
    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    /// Just past the `>` of the tag starting at `start`, skipping quoted attribute values.
    private static func endOfTag(_ html: [UInt8], from start: Int) -> Int {
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
        return html.count
    }

    /// The lowercased name of the tag at `start` (`a`, `pre`; `code` for `</code>`).
    private static func tagName(_ html: [UInt8], at start: Int) -> String {
        var i = start + 1
        if i < html.count, html[i] == 0x2F { i += 1 }
        var name: [UInt8] = []
        while i < html.count, name.count < 12 {
            let b = html[i] | 0x20
            guard (b >= 0x61 && b <= 0x7A) || (html[i] >= 0x30 && html[i] <= 0x39) else { break }
            name.append(b >= 0x61 && b <= 0x7A ? b : html[i])
            i += 1
        }
        return String(decoding: name, as: UTF8.self)
    }
}

extension ArraySlice where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        var i = startIndex
        outer: while i + needle.count <= endIndex {
            for k in needle.indices where self[i + k] != needle[k] {
                i += 1
                continue outer
            }
            return true
        }
        return false
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
