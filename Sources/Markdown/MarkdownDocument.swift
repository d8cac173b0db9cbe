import CCmark

/// How a document is rendered.
package struct MarkdownOptions: Sendable {
    /// Pass raw HTML and every URL through. Off by default: content is edited by many hands.
    package var unsafeHTML: Bool
    /// Rewrites every link and image destination (for example to prefix the site's sub-path).
    /// Returning `nil` removes the destination.
    package var rewriteURL: (@Sendable (String, URLKind) -> String?)?

    package init(unsafeHTML: Bool = false, rewriteURL: (@Sendable (String, URLKind) -> String?)? = nil) {
        self.unsafeHTML = unsafeHTML
        self.rewriteURL = rewriteURL
    }
}

/// Whether a destination belongs to a link or an image.
package enum URLKind: Sendable { case link, image }

/// A link or image destination found in a document.
package struct Destination: Sendable, Hashable {
    /// As the author wrote it.
    package var original: String
    /// After rewriting (empty when the rewrite removed it).
    package var url: String
    package var kind: URLKind
    /// Where the link or image starts in the Markdown text (1-based line; 1-based UTF-8 byte column).
    package var line: Int
    package var byteColumn: Int
}

/// One parsed Markdown document: its HTML, its tree and its plain text, all from one parse.
package struct MarkdownDocument: Sendable {
    /// Rendered HTML body, as cmark wrote it: UTF-8 bytes, copied as they are. Pages copy them
    /// into their output unchanged, so turning them into a `String` (which validates every
    /// byte again) would be work for nothing; ``html`` does it for the few that need one.
    package let htmlUTF8: [UInt8]

    /// The rendered HTML body as a string.
    package var html: String { String(decoding: htmlUTF8, as: UTF8.self) }
    /// The block tree, with link and image destinations as written (nesting deeper than
    /// ``maxDepth`` is flattened to paragraphs of text).
    package let blocks: [Block]
    /// Index into `blocks` of a `<!--more-->` marker, when the author placed one.
    package let moreIndex: Int?
    /// Every link and image destination, in document order, as written and after rewriting.
    package let destinations: [Destination]

    /// Containers nested deeper than this become plain paragraphs in `blocks`; it keeps
    /// a hostile 10,000-deep list from overflowing a worker thread's stack.
    package static let maxDepth = 48

    /// Parses `source` once with libcmark (never with `CMARK_OPT_SMART`, which would turn the
    /// quotes of `他说"你好"` into two closing quotes). Without `CMARK_OPT_VALIDATE_UTF8`: a Swift
    /// string is valid UTF-8 already, and the option makes cmark copy every line byte by byte.
    package init(parsing source: String, options: MarkdownOptions = .init()) {
        var cmarkOptions = CMARK_OPT_DEFAULT
        if options.unsafeHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        var text = source
        let root: OpaquePointer = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, cmarkOptions)
            }
        }
        defer { cmark_node_free(root) }

        // The tree keeps destinations as the author wrote them (export makes its own absolute
        // URLs); only the HTML gets the rewritten ones.
        blocks = TreeConverter().blocks(of: root, depth: 0)
        var destinations: [Destination] = []
        Self.rewriteDestinations(root, options: options, into: &destinations)
        self.destinations = destinations

        if let rendered = cmark_render_html(root, cmarkOptions) {
            htmlUTF8 = Array(UnsafeRawBufferPointer(start: rendered, count: strlen(rendered)).bindMemory(to: UInt8.self))
            free(rendered)
        } else {
            htmlUTF8 = []
        }
        moreIndex = blocks.firstIndex { block in
            if case .html(let raw) = block {
                return raw.trimmingWhitespace() == "<!--more-->"
            }
            return false
        }
    }

    /// The plain text of the whole document: blocks separated by blank lines.
    package var plainText: String {
        blocks.map(\.plainText).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Walks the tree with cmark's iterator (not recursion), so depth costs nothing here.
    private static func rewriteDestinations(_ root: OpaquePointer, options: MarkdownOptions,
                                            into out: inout [Destination]) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { continue }
            let kind: URLKind = type == CMARK_NODE_LINK ? .link : .image
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            var final = url
            if let rewrite = options.rewriteURL {
                final = rewrite(url, kind) ?? ""
                if final != url { cmark_node_set_url(node, final) }
            }
            out.append(Destination(original: url, url: final, kind: kind,
                                   line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node))))
        }
    }
}

extension Block {
    /// The text of the block without markup; list items on their own lines.
    package var plainText: String {
        switch self {
        case .heading(_, let inlines), .paragraph(let inlines): return inlines.plainText
        case .list(_, _, let items):
            return items.map { $0.map(\.plainText).joined(separator: "\n") }.joined(separator: "\n")
        case .quote(let blocks): return blocks.map(\.plainText).joined(separator: "\n")
        case .code(_, let text): return text
        case .html, .thematicBreak: return ""
        }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
