import Content
import Markdown
import Support

/// Plain text as a layout desk pastes it: a header, then paragraphs separated by blank lines,
/// with no Markdown syntax left.
///
/// Written as UTF-8 bytes from the flat syntax tree (``FlatTree``): each text run's bytes are
/// copied as they are, where they were once a string of their own and then a cleaned copy
/// (BENCHMARKS.md, ninth session).
struct PlainTextWriter {
    let links: LinkResolver
    /// Whether a link's URL follows its text in brackets. Off for print: a newspaper page gains
    /// nothing from “（https://…）” after every organization's name, and the editor deletes them.
    var mode: TextLinkMode = .print

    /// Header lines (title, byline, date, column), a blank line, the body, a final newline. Line
    /// endings as written: ``ArticleExport/encode(_:encoding:crlf:)`` normalises them.
    func document(_ article: Article, tree: FlatTree) -> ByteBuffer {
        var out = ByteBuffer(capacity: 8 * 1024)
        out.append(header(article).joined(separator: "\n"))
        out.append("\n\n")
        appendBody(tree, to: &out)
        out.append("\n")
        return out
    }

    func header(_ article: Article) -> [String] {
        var lines = [clean(article.title)]
        if let author = article.author, !author.isEmpty { lines.append("作者：" + clean(author)) }
        lines.append(article.date.chinese)
        if let column = ArticleMeta.columnLine(article) { lines.append("栏目：" + clean(column)) }
        return lines
    }

    /// The body alone: paragraphs separated by one blank line.
    func body(_ tree: FlatTree) -> String {
        var out = ByteBuffer(capacity: 8 * 1024)
        appendBody(tree, to: &out)
        return out.string
    }

    private func appendBody(_ tree: FlatTree, to out: inout ByteBuffer) {
        var first = true
        // One scratch buffer for every paragraph's text, trimmed only when an end needs it.
        var line = ByteBuffer(capacity: 1024)
        for block in tree.children(of: nil) {
            appendParagraphs(tree, block, separator: "\n\n", to: &out, first: &first, line: &line)
        }
    }

    /// The paragraphs a block makes (a quote's, one of several), each that is not empty after
    /// `separator` unless it is the first one written (`first`). Inside a list item they are
    /// separated by a line feed, in the body by a blank line.
    private func appendParagraphs(
        _ tree: FlatTree, _ block: Int, separator: StaticString, to out: inout ByteBuffer, first: inout Bool,
        line: inout ByteBuffer
    ) {
        func startParagraph() {
            if !first { out.append(separator) }
            first = false
        }
        switch tree[block].kind {
        case .heading, .paragraph:
            line.removeAll()
            appendInline(tree, below: block, paragraph: block, to: &line)
            line.withUnsafeBytes { text in
                Self.withTrimmedSpacesAndNewlines(text.assumingMemoryBound(to: UInt8.self)) { text in
                    guard !text.isEmpty else { return }
                    startParagraph()
                    out.append(text)
                }
            }
        case .list:
            // Never empty: every item has at least its marker.
            startParagraph()
            appendList(tree, block, indent: "", to: &out)
        case .quote:
            for inner in tree.children(of: block) {
                appendParagraphs(tree, inner, separator: separator, to: &out, first: &first, line: &line)
            }
        case .codeBlock:
            let code = clean(tree.text(of: block)).trimmingTrailingNewlines()
            if !code.isEmpty {
                startParagraph()
                out.append(code)
            }
        case .thematicBreak:
            startParagraph()
            out.append(ArticleMeta.sectionBreak)
        case .htmlBlock, .item, .text, .emphasis, .strong, .code, .link, .image, .softBreak, .lineBreak, .html:
            break
        }
    }

    /// One line per item (`1.` or `·`), nested lists indented by two spaces; an item's further
    /// paragraphs continue under its text. The lines are separated by line feeds.
    private func appendList(_ tree: FlatTree, _ list: Int, indent: String, to out: inout ByteBuffer) {
        let node = tree[list]
        var firstLine = true
        func startLine() {
            if !firstLine { out.append(UInt8(ascii: "\n")) }
            firstLine = false
        }
        var text = ByteBuffer(capacity: 1024)
        var line = ByteBuffer(capacity: 1024)
        for (i, item) in tree.children(of: list).enumerated() {
            let marker = node.ordered ? "\(node.number + i)." : "·"
            let hanging = indent + String(repeating: " ", count: marker.count + 1)
            var first = true
            for block in tree.children(of: item) {
                if tree[block].kind == .list {
                    if first {
                        startLine()
                        out.append(indent)
                        out.append(marker)
                    }
                    startLine()
                    appendList(tree, block, indent: indent + "  ", to: &out)
                    first = false
                    continue
                }
                // The block's paragraphs, one a line, each line after the marker or under it.
                text.removeAll()
                var none = true
                appendParagraphs(tree, block, separator: "\n", to: &text, first: &none, line: &line)
                text.withUnsafeBytes { raw in
                    let bytes = raw.assumingMemoryBound(to: UInt8.self)
                    var start = 0
                    while true {
                        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                        startLine()
                        if first {
                            out.append(indent)
                            out.append(marker)
                            out.append(UInt8(ascii: " "))
                        } else {
                            out.append(hanging)
                        }
                        out.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                        first = false
                        if end == bytes.count { break }
                        start = end + 1
                    }
                }
            }
            if first {
                startLine()
                out.append(indent)
                out.append(marker)
            }
        }
    }

    /// The text of the inlines below `parent`, inside the paragraph or heading `paragraph`
    /// (where a soft break looks for its neighbours, ``SoftBreaks``).
    private func appendInline(_ tree: FlatTree, below parent: Int, paragraph: Int, to out: inout ByteBuffer) {
        for inline in tree.children(of: parent) {
            switch tree[inline].kind {
            case .text, .code:
                tree.withText(of: inline) { Escape.appendStrippingControls($0, to: &out) }
            case .emphasis, .strong:
                appendInline(tree, below: inline, paragraph: paragraph, to: &out)
            case .link:
                guard mode == .withURLs else {
                    appendInline(tree, below: inline, paragraph: paragraph, to: &out)
                    continue
                }
                var text = ByteBuffer(capacity: 256)
                appendInline(tree, below: inline, paragraph: paragraph, to: &text)
                let shownText = text.string
                out.append(shownText)
                if let shown = links.display(tree.url(of: inline)), shown != shownText { out.append("（\(clean(shown))）") }
            case .image:
                let alt = tree.text(of: inline)
                out.append(alt.isEmpty ? "（图）" : "（图：\(clean(alt))）")
            case .lineBreak:
                out.append(UInt8(ascii: "\n"))
            case .softBreak:
                if SoftBreaks.isSpace(tree, at: inline, in: paragraph) { out.append(UInt8(ascii: " ")) }
            case .html, .heading, .paragraph, .list, .item, .quote, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }

    private func clean(_ s: String) -> String { Escape.stripControls(s) }

    /// Calls `body` with `text` as `String.trimmingSpacesAndNewlines()` leaves it: the bytes
    /// themselves when neither end is one it could trim (a paragraph that starts and ends with
    /// Chinese text or ASCII), otherwise the trimmed string's.
    private static func withTrimmedSpacesAndNewlines(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let last = text.lastIndex(where: { $0 & 0xC0 != 0x80 }),
            !isTrimmable(text, at: 0) && !isTrimmable(text, at: last)
        else {
            String(decoding: text, as: UTF8.self).trimmingSpacesAndNewlines().withUTF8Bytes(body)
            return
        }
        body(text)
    }

    /// Whether the scalar at byte `i` might be one that trimming removes: ASCII space, tab to
    /// carriage return, and any scalar up to U+3000 (the last white space Foundation knows).
    /// Above it (lead byte E3 and higher, but U+3000 itself) nothing is trimmed.
    private static func isTrimmable(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let lead = text[i]
        if lead < 0x80 { return lead == UInt8(ascii: " ") || (lead >= 0x09 && lead <= 0x0D) }
        if lead < 0xE3 { return true }
        return lead == 0xE3 && i + 2 < text.count && text[i + 1] == 0x80 && text[i + 2] == 0x80
    }
}

/// How the plain text shows links: as their text alone (for print, the default) or with the
/// URL after the text, for editors who publish online.
package enum TextLinkMode: String, Sendable, CaseIterable {
    case print
    case withURLs = "links"
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return String(s)
    }
}
