import Content
import Markdown
import Support

/// Plain text as a layout desk pastes it: a header, then paragraphs separated by blank lines,
/// with no Markdown syntax left.
struct PlainTextWriter {
    let links: LinkResolver
    /// Whether a link's URL follows its text in brackets. Off for print: a newspaper page gains
    /// nothing from “（https://…）” after every organization's name, and the editor deletes them.
    var mode: TextLinkMode = .print

    /// Header lines (title, byline, date, column), a blank line, the body, a final newline.
    func document(_ article: Article) -> String {
        var out = header(article).joined(separator: "\n")
        out += "\n\n"
        appendBody(article.source.body.blocks, to: &out)
        out += "\n"
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
    func body(_ blocks: [Block]) -> String {
        var out = ""
        appendBody(blocks, to: &out)
        return out
    }

    /// What ``body(_:)`` returns, appended to `out` as each paragraph is made: the paragraphs
    /// of a whole article gathered into an array and joined cost a fifth of the text download.
    /// Lists, rarer, still go through ``paragraphs(_:)``.
    private func appendBody(_ blocks: [Block], to out: inout String) {
        var first = true
        var line = ""
        appendParagraphs(blocks, to: &out, first: &first, line: &line)
    }

    private func appendParagraphs(_ blocks: [Block], to out: inout String, first: inout Bool, line: inout String) {
        func add(_ text: String) {
            if !first { out += "\n\n" }
            first = false
            out += text
        }
        for block in blocks {
            switch block {
            case .heading(_, let inlines), .paragraph(let inlines):
                // One scratch string for every paragraph's text, trimmed only when an end needs it.
                line.removeAll(keepingCapacity: true)
                appendInline(inlines, to: &line)
                let text = line.trimmingSpacesAndNewlines()
                if !text.isEmpty { add(text) }
            case .quote(let inner):
                appendParagraphs(inner, to: &out, first: &first, line: &line)
            default:
                for text in paragraphs([block]) { add(text) }
            }
        }
    }

    private func paragraphs(_ blocks: [Block]) -> [String] {
        var out: [String] = []
        for block in blocks {
            switch block {
            case .heading(_, let inlines), .paragraph(let inlines):
                let text = inline(inlines).trimmingSpacesAndNewlines()
                if !text.isEmpty { out.append(text) }
            case .list(let ordered, let start, let items):
                let text = list(ordered: ordered, start: start, items: items, indent: "")
                if !text.isEmpty { out.append(text) }
            case .quote(let inner):
                out += paragraphs(inner)
            case .code(_, let text):
                let code = clean(text).trimmingTrailingNewlines()
                if !code.isEmpty { out.append(code) }
            case .thematicBreak:
                out.append(ArticleMeta.sectionBreak)
            case .html:
                break
            }
        }
        return out
    }

    /// One line per item (`1.` or `·`), nested lists indented by two spaces; an item's further
    /// paragraphs continue under its text.
    private func list(ordered: Bool, start: Int, items: [[Block]], indent: String) -> String {
        var lines: [String] = []
        for (i, item) in items.enumerated() {
            let marker = ordered ? "\(start + i)." : "·"
            let hanging = indent + String(repeating: " ", count: marker.count + 1)
            var first = true
            for block in item {
                let blockLines: [String]
                if case .list(let o, let s, let nested) = block {
                    blockLines = list(ordered: o, start: s, items: nested, indent: indent + "  ").lines
                    if first { lines.append(indent + marker) }
                    lines += blockLines
                    first = false
                    continue
                }
                blockLines = paragraphs([block]).joined(separator: "\n").lines
                for line in blockLines {
                    lines.append((first ? indent + marker + " " : hanging) + line)
                    first = false
                }
            }
            if first { lines.append(indent + marker) }
        }
        return lines.joined(separator: "\n")
    }

    func inline(_ inlines: [Inline]) -> String {
        var out = ""
        appendInline(inlines, to: &out)
        return out
    }

    private func appendInline(_ inlines: [Inline], to out: inout String) {
        for item in SoftBreaks.resolve(inlines) { append(item, to: &out) }
    }

    private func append(_ item: Inline, to out: inout String) {
        switch item {
        case .text(let s), .code(let s): out += clean(s)
        case .emphasis(let c), .strong(let c): for i in c { append(i, to: &out) }
        case .link(let url, _, let c):
            var text = ""
            for i in c { append(i, to: &text) }
            out += text
            if mode == .withURLs, let shown = links.display(url), shown != text { out += "（\(clean(shown))）" }
        case .image(_, _, let alt):
            out += alt.isEmpty ? "（图）" : "（图：\(clean(alt))）"
        case .lineBreak: out += "\n"
        case .softBreak: break
        case .html: break
        }
    }

    private func clean(_ s: String) -> String { Escape.stripControls(s) }
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

private extension String {
    /// The text split at every line feed, as `components(separatedBy: "\n")` but without
    /// Foundation (a CR LF pair keeps its CR, as there).
    var lines: [String] {
        utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
