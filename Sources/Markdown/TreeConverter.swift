import CCmark

/// Converts libcmark's node tree into ``Block`` and ``Inline`` values.
struct TreeConverter {
    /// The blocks below `parent`; with a `limit`, only that many (the summary's blocks).
    func blocks(of parent: OpaquePointer, depth: Int, limit: Int = .max) -> [Block] {
        var result: [Block] = []
        var child = cmark_node_first_child(parent)
        while let node = child, result.count < limit {
            if let block = block(node, depth: depth) { result.append(block) }
            child = cmark_node_next(node)
        }
        return result
    }

    /// The first top-level paragraph, converted alone.
    func firstParagraph(of root: OpaquePointer) -> Block? {
        var child = cmark_node_first_child(root)
        while let node = child {
            if cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH { return block(node, depth: 0) }
            child = cmark_node_next(node)
        }
        return nil
    }

    /// Whether ``blocks(of:depth:limit:)`` makes a block of a node of this type.
    static func keepsBlock(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_CODE_BLOCK,
            CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
            true
        default: false
        }
    }

    private func block(_ node: OpaquePointer, depth: Int) -> Block? {
        let type = cmark_node_get_type(node)
        // Past the depth limit a container keeps only its text: nothing is lost for a reader,
        // and no recursion (here or in Swift's enum destructors) goes deeper.
        if depth >= MarkdownDocument.maxDepth,
            type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_ITEM
        {
            return .paragraph([.text(Self.flatText(node))])
        }
        switch type {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(of: node, depth: depth))
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(of: node, depth: depth))
        case CMARK_NODE_BLOCK_QUOTE:
            return .quote(blocks(of: node, depth: depth + 1))
        case CMARK_NODE_LIST:
            var items: [[Block]] = []
            var item = cmark_node_first_child(node)
            while let i = item {
                items.append(blocks(of: i, depth: depth + 1))
                item = cmark_node_next(i)
            }
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let start = ordered ? Int(cmark_node_get_list_start(node)) : 1
            return .list(ordered: ordered, start: start, items: items)
        case CMARK_NODE_CODE_BLOCK:
            return .code(
                language: Self.string(cmark_node_get_fence_info(node)),
                text: Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK:
            return .html(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        default:
            return nil
        }
    }

    private func inlines(of parent: OpaquePointer, depth: Int) -> [Inline] {
        var result: [Inline] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            if let inline = inline(node, depth: depth + 1) { result.append(inline) }
            child = cmark_node_next(node)
        }
        return result
    }

    private func inline(_ node: OpaquePointer, depth: Int) -> Inline? {
        let type = cmark_node_get_type(node)
        if depth >= MarkdownDocument.maxDepth * 2 { return .text(Self.flatText(node)) }
        switch type {
        case CMARK_NODE_TEXT: return .text(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_CODE: return .code(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_HTML_INLINE: return .html(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis(inlines(of: node, depth: depth))
        case CMARK_NODE_STRONG: return .strong(inlines(of: node, depth: depth))
        case CMARK_NODE_LINK:
            return .link(
                url: Self.string(cmark_node_get_url(node)), title: Self.string(cmark_node_get_title(node)),
                inlines(of: node, depth: depth))
        case CMARK_NODE_IMAGE:
            return .image(
                url: Self.string(cmark_node_get_url(node)), title: Self.string(cmark_node_get_title(node)),
                alt: Self.flatText(node))
        default: return nil
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// All text below `node`, gathered with cmark's iterator so that depth does not matter.
    static func flatText(_ node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var out = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK {
                out += string(cmark_node_get_literal(n))
            } else if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING, !out.isEmpty, out.last != " " {
                out += " "
            }
        }
        return out
    }
}
