import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FlatTree.Builder {
    /// What the children of a container are converted as, and at which depth as
    /// ``TreeConverter`` counts it (its limits past ``MarkdownDocument/maxDepth`` apply alike).
    private enum Converting {
        case blocks(depth: Int)
        /// A list's items, whose blocks are one level deeper than the list.
        case items(depth: Int)
        case inlines(depth: Int)
    }

    /// What a node entered turned into.
    private enum Entered {
        /// A container, whose children come next.
        case container(Converting)
        /// A node without children, or one whose children are not walked (an image, a node
        /// past the depth limit, a node the tree leaves out).
        case leaf
    }

    /// The tree below libcmark's `root`: the nodes ``TreeConverter`` would make of it, made in
    /// one walk with cmark's iterator. `sourceBytes` sizes the buffers.
    init(cmarkRoot root: OpaquePointer, sourceBytes: Int) {
        self.init()
        reserve(sourceBytes: sourceBytes)
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        var containers: [Converting] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_EXIT {
                containers.removeLast()
                if node != root { close() }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            if node == root {
                containers.append(.blocks(depth: 0))
                continue
            }
            let entered: Entered
            switch containers[containers.count - 1] {
            case .blocks(let depth): entered = enterBlock(node, depth: depth)
            case .items(let depth):
                open(.item)
                entered = .container(.blocks(depth: depth + 1))
            case .inlines(let depth): entered = enterInline(node, depth: depth)
            }
            switch entered {
            case .container(let children): containers.append(children)
            // Its children (if any) are skipped, and so is its exit.
            case .leaf: cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)
            }
        }
    }

    /// ``TreeConverter``'s `block(_:depth:)`.
    private mutating func enterBlock(_ node: OpaquePointer, depth: Int) -> Entered {
        let type = cmark_node_get_type(node)
        if depth >= MarkdownDocument.maxDepth,
            type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_ITEM
        {
            open(.paragraph)
            leaf(.text, string: TreeConverter.flatText(node))
            close()
            return .leaf
        }
        switch type {
        case CMARK_NODE_PARAGRAPH:
            open(.paragraph)
            return .container(.inlines(depth: depth + 1))
        case CMARK_NODE_HEADING:
            open(.heading, number: Int(cmark_node_get_heading_level(node)))
            return .container(.inlines(depth: depth + 1))
        case CMARK_NODE_BLOCK_QUOTE:
            open(.quote)
            return .container(.blocks(depth: depth + 1))
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            open(.list, number: ordered ? Int(cmark_node_get_list_start(node)) : 1, ordered: ordered)
            return .container(.items(depth: depth))
        case CMARK_NODE_CODE_BLOCK: leaf(.codeBlock, cString: cmark_node_get_literal(node))
        case CMARK_NODE_HTML_BLOCK: leaf(.htmlBlock, cString: cmark_node_get_literal(node))
        case CMARK_NODE_THEMATIC_BREAK: leaf(.thematicBreak)
        default: break
        }
        return .leaf
    }

    /// ``TreeConverter``'s `inline(_:depth:)`.
    private mutating func enterInline(_ node: OpaquePointer, depth: Int) -> Entered {
        if depth >= MarkdownDocument.maxDepth * 2 {
            leaf(.text, string: TreeConverter.flatText(node))
            return .leaf
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: leaf(.text, cString: cmark_node_get_literal(node))
        case CMARK_NODE_CODE: leaf(.code, cString: cmark_node_get_literal(node))
        case CMARK_NODE_SOFTBREAK: leaf(.softBreak)
        case CMARK_NODE_LINEBREAK: leaf(.lineBreak)
        case CMARK_NODE_HTML_INLINE: leaf(.html, cString: cmark_node_get_literal(node))
        case CMARK_NODE_EMPH:
            open(.emphasis)
            return .container(.inlines(depth: depth + 1))
        case CMARK_NODE_STRONG:
            open(.strong)
            return .container(.inlines(depth: depth + 1))
        case CMARK_NODE_LINK:
            Self.withBytes(cmark_node_get_url(node)) { openLink(url: $0) }
            return .container(.inlines(depth: depth + 1))
        case CMARK_NODE_IMAGE:
            var alt = TreeConverter.flatText(node)
            alt.withUTF8 { alt in Self.withBytes(cmark_node_get_url(node)) { leaf(.image, text: alt, url: $0) } }
        default: break
        }
        return .leaf
    }

    private mutating func leaf(_ kind: FlatTree.Kind, cString: UnsafePointer<CChar>?) {
        Self.withBytes(cString) { leaf(kind, text: $0) }
    }

    /// A C string's bytes, read in place; none for a null pointer.
    private static func withBytes<R>(_ cString: UnsafePointer<CChar>?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let cString else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: strlen(cString)))
    }
}
