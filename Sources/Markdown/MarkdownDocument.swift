import CCmark
import CMarkArena

/// How a document is rendered.
package struct MarkdownOptions: Sendable {
    /// Pass raw HTML and every URL through. Off by default: content is edited by many hands.
    package var unsafeHTML: Bool
    /// Rewrites every link and image destination (for example to prefix the site's sub-path).
    /// Returning `nil` removes the destination.
    package var rewriteURL: (@Sendable (String, URLKind) -> String?)?
    /// Keep the whole syntax tree (``MarkdownDocument/blocks``). Exports need it; a build
    /// without Word and text downloads does not, and then only the summary's blocks are made.
    package var keepTree: Bool
    /// Keep the syntax tree as a ``FlatTree`` (``MarkdownDocument/flatTree``) when the tree of
    /// blocks is not kept: what a build makes its Word and text downloads from.
    package var keepFlatTree: Bool

    /// Options of one parse: raw HTML passed through, the syntax tree kept (as blocks, or flat),
    /// and the rewrite every link and image address goes through (nil drops it).
    package init(
        unsafeHTML: Bool = false, keepTree: Bool = true, keepFlatTree: Bool = false,
        rewriteURL: (@Sendable (String, URLKind) -> String?)? = nil
    ) {
        self.unsafeHTML = unsafeHTML
        self.keepTree = keepTree
        self.keepFlatTree = keepFlatTree
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
    /// A link or an image.
    package var kind: URLKind
    /// Where the link or image starts in the Markdown text (1-based line; 1-based UTF-8 byte column).
    package var line: Int
    /// 1-based UTF-8 byte column (see ``line``).
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
    /// ``maxDepth`` is flattened to paragraphs of text). Empty unless the options kept it.
    package var blocks: [Block] {
        if case .blocks(let blocks) = tree { blocks } else { [] }
    }
    /// The whole syntax tree as one flat array, made instead of ``blocks`` when the options
    /// ask for it (``MarkdownOptions/keepFlatTree``); `nil` otherwise.
    package var flatTree: FlatTree? {
        if case .flat(let flat) = tree { flat } else { nil }
    }
    /// The one form of the syntax tree kept, if any: one reference either way, so that a
    /// document is no larger for holding a flat tree (it is copied with its article into every
    /// index of a site).
    var tree: Tree

    /// The syntax tree in one of its two forms: the blocks exports and previews keep, or the
    /// flat tree a build's downloads are written from.
    enum Tree {
        case blocks([Block])
        case flat(FlatTree)
    }
    /// What a summary is made of: the blocks before a `<!--more-->` marker when the author
    /// placed one (``hasMore``), otherwise the first paragraph. Always made.
    package let lead: [Block]
    /// Whether the author placed a `<!--more-->` marker.
    package let hasMore: Bool
    /// Characters of the plain text but whitespace, as ``Block/characterCount(_:)`` counts them.
    package let characterCount: Int
    /// Every link and image destination, in document order, as written and after rewriting.
    package let destinations: [Destination]
    /// Whether any of ``destinations`` is an image.
    package var hasImages: Bool { destinations.contains { $0.kind == .image } }

    /// Containers nested deeper than this become plain paragraphs in `blocks`; it keeps
    /// a hostile 10,000-deep list from overflowing a worker thread's stack.
    package static let maxDepth = 48

    /// Lets go of the syntax tree (``blocks``, ``flatTree``) once the exports are made from it;
    /// the summary's blocks (``lead``) stay.
    package mutating func dropTree() {
        tree = .blocks([])
    }

    /// Parses `source` once with libcmark (never with `CMARK_OPT_SMART`, which would turn the
    /// quotes of `他说"你好"` into two closing quotes). Without `CMARK_OPT_VALIDATE_UTF8`: a Swift
    /// string is valid UTF-8 already, and the option makes cmark copy every line byte by byte.
    package init(parsing source: String, options: MarkdownOptions = .init()) {
        var text = source
        self = text.withUTF8 { MarkdownDocument(parsingUTF8: $0, options: options) }
    }

    /// ``init(parsing:options:)`` from text that is valid UTF-8 already (the loader checks a
    /// file once and hands its body over without making a string of it).
    package init(parsingUTF8 source: UnsafeBufferPointer<UInt8>, options: MarkdownOptions = .init()) {
        var cmarkOptions = CMARK_OPT_DEFAULT
        if options.unsafeHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        // Every node, buffer and the HTML come from this thread's arena and go with it at the
        // end, instead of being freed one by one.
        let parser = cmark_parser_new_with_mem(cmarkOptions, showcase_cmark_arena())
        defer { showcase_cmark_arena_reset() }
        source.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
        }
        let root: OpaquePointer = cmark_parser_finish(parser)
        cmark_parser_free(parser)

        // The tree keeps destinations as the author wrote them (export makes its own absolute
        // URLs); only the HTML gets the rewritten ones.
        let converter = TreeConverter()
        let more = Self.moreMarker(in: root)
        var kept: [Block]?
        if options.keepTree {
            let all = converter.blocks(of: root, depth: 0)
            tree = .blocks(all)
            kept = all
            if let more {
                lead = Array(all[..<more])
            } else {
                lead = all.first { if case .paragraph = $0 { return true } else { return false } }.map { [$0] } ?? []
            }
        } else {
            tree = options.keepFlatTree ? .flat(FlatTree(FlatTree.Builder(cmarkRoot: root, sourceBytes: source.count))) : .blocks([])
            lead = more.map { converter.blocks(of: root, depth: 0, limit: $0) } ?? converter.firstParagraph(of: root).map { [$0] } ?? []
        }
        hasMore = more != nil
        var destinations: [Destination] = []
        if let count = Self.walk(root, options: options, destinations: &destinations) {
            characterCount = count
        } else {
            let all = kept ?? converter.blocks(of: root, depth: 0)
            characterCount = Block.characterCount(all.map(\.plainText).filter { !$0.isEmpty }.joined(separator: "\n\n"))
        }
        self.destinations = destinations

        if let rendered = cmark_render_html(root, cmarkOptions) {
            // Arena memory: copied out, never passed to `free`.
            htmlUTF8 = Array(UnsafeRawBufferPointer(start: rendered, count: strlen(rendered)).bindMemory(to: UInt8.self))
        } else {
            htmlUTF8 = []
        }
    }

    /// The position among the top-level blocks of a `<!--more-->` marker (an HTML block of
    /// just that), counting only the blocks the tree keeps.
    private static func moreMarker(in root: OpaquePointer) -> Int? {
        var index = 0
        var child = cmark_node_first_child(root)
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_BLOCK, let literal = cmark_node_get_literal(node),
                String(cString: literal).trimmingWhitespace() == "<!--more-->"
            {
                return index
            }
            if TreeConverter.keepsBlock(type) { index += 1 }
            child = cmark_node_next(node)
        }
        return nil
    }

    /// The plain text of the whole document: blocks separated by blank lines.
    package var plainText: String {
        blocks.map(\.plainText).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// One walk of the tree with cmark's iterator (not recursion, so depth costs nothing here)
    /// for two things. Links and images: their destinations rewritten for the HTML and kept in
    /// `destinations`. And the character count from the text nodes, every text, code span and
    /// code block (the texts that make up the plain text), returned; `nil` when a text has
    /// scalars that may join into one character (then the plain text is counted as a whole).
    private static func walk(_ root: OpaquePointer, options: MarkdownOptions, destinations out: inout [Destination]) -> Int? {
        guard let iterator = cmark_iter_new(root) else { return nil }
        defer { cmark_iter_free(iterator) }
        var total: Int? = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return total }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK {
                guard let counted = total, let literal = cmark_node_get_literal(node) else { continue }
                let bytes = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
                total = Block.fastCharacterCount(UnsafeBufferPointer(start: bytes, count: strlen(literal))).map { counted + $0 }
                continue
            }
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { continue }
            let kind: URLKind = type == CMARK_NODE_LINK ? .link : .image
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            var final = url
            if let rewrite = options.rewriteURL {
                final = rewrite(url, kind) ?? ""
                if final != url { cmark_node_set_url(node, final) }
            }
            out.append(
                Destination(
                    original: url, url: final, kind: kind,
                    line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node))))
        }
    }
}

extension Block {
    /// Characters a reader reads: everything but whitespace.
    package static func characterCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { fastCharacterCount($0) } ?? text.reduce(0) { $1.isWhitespace ? $0 : $0 + 1 }
    }

    /// The count when every scalar of `bytes` (UTF-8) is a character of its own (ASCII, CJK
    /// ideographs and punctuation, fullwidth forms): then no grapheme breaking is needed.
    /// `nil` otherwise.
    package static func fastCharacterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var count = 0
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            // E5–E9 lead U+5000–U+9FFF: CJK ideographs all, the bulk of an article.
            if lead >= 0xE5 && lead <= 0xE9 {
                count += 1
                i += 3
                continue
            }
            // ASCII: a character unless whitespace (CR LF is one character, all whitespace).
            if lead < 0x80 {
                if lead != UInt8(ascii: " ") && (lead < 0x09 || lead > 0x0D) { count += 1 }
                i += 1
                continue
            }
            guard let (scalar, length) = standaloneScalar(bytes, at: i) else { return nil }
            if scalar != 0x3000 { count += 1 } // the ideographic space is whitespace too
            i += length
        }
        return count
    }

    /// The scalar starting at byte `i` of valid UTF-8 `bytes`, with its length, when it is one
    /// that is always a character of its own and never joins its neighbours: ASCII, CJK
    /// ideographs, CJK and general punctuation, fullwidth forms, the middle dot. `nil` for any
    /// other, where only grapheme breaking can tell characters apart.
    package static func standaloneScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int)? {
        let lead = bytes[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead & 0xF0 == 0xE0, i + 2 < bytes.count {
            let scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            switch scalar {
            case 0x4E00...0x9FFF, 0x3000...0x3029, 0xFF01...0xFF60, 0x2010...0x2027: return (scalar, 3)
            default: return nil
            }
        }
        if lead == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xB7 { return (0xB7, 2) }
        return nil
    }

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
