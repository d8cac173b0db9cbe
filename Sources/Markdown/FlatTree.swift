/// A document's blocks and inlines as one array of nodes in document order, with all their text
/// in one buffer: what the Word and plain-text downloads are written from.
///
/// The same content as a tree of ``Block`` and ``Inline`` (a node for each of their cases, a
/// container's children right after it, ``Node/end`` past the last of them), but two
/// allocations a document instead of one or more a node, each text run's bytes copied once
/// from libcmark and never made into a `String`: building and freeing the tree of values was a
/// sixth of what the downloads cost (BENCHMARKS.md, ninth session). A build makes it straight
/// from libcmark's nodes (``MarkdownOptions/keepFlatTree``); a kept tree of blocks (an
/// export's, a preview's, a Traditional edition's) is flattened with ``init(_:)``.
///
/// Made once and only read after (a class, so that a document holding one is no larger than
/// one holding its blocks: articles are copied into every index of a site). Link and image
/// titles and a code block's language are left out: no download shows them.
package final class FlatTree: Sendable, Equatable {
    /// What a node is: a case of ``Block``, a list item, or a case of ``Inline``.
    package enum Kind: UInt8, Sendable {
        case heading, paragraph, list, item, quote, codeBlock, htmlBlock, thematicBreak
        case text, emphasis, strong, code, link, image, softBreak, lineBreak, html
    }

    /// One node; its children are the nodes from the next one up to ``end``, each followed by
    /// its own children.
    package struct Node: Sendable, Equatable {
        /// What the node is.
        package var kind: Kind
        /// A heading's level; a list's first number (1 for bullet lists).
        package var number = 0
        /// Whether a list is numbered.
        package var ordered = false
        /// The index after the node's last descendant.
        package var end = 0
        /// Where ``FlatTree/bytes`` holds the text of a text, code span, code block or raw
        /// HTML, or an image's alt text.
        package var text = 0..<0
        /// Where ``FlatTree/bytes`` holds a link's or an image's destination, as written.
        package var url = 0..<0
    }

    /// Every node, in document order.
    package let nodes: [Node]
    /// The UTF-8 text of every node, one after another.
    package let bytes: [UInt8]

    /// The tree `builder` made.
    init(_ builder: consuming Builder) {
        nodes = builder.nodes
        bytes = builder.bytes
    }

    /// Two trees are equal when they hold the same nodes and text.
    package static func == (a: FlatTree, b: FlatTree) -> Bool {
        a.nodes == b.nodes && a.bytes == b.bytes
    }

    /// The node at `index`.
    package subscript(index: Int) -> Node { nodes[index] }

    /// The indices of the nodes right below `parent`, or of the top-level blocks when `nil`.
    package func children(of parent: Int?) -> Children {
        guard let parent else { return Children(nodes: nodes, position: 0, end: nodes.count) }
        return Children(nodes: nodes, position: parent + 1, end: nodes[parent].end)
    }

    /// The index of the first node right below `parent`, or nil when it has none.
    package func firstChild(of parent: Int) -> Int? {
        nodes[parent].end > parent + 1 ? parent + 1 : nil
    }

    /// The indices of a node's children, each after the last one's descendants.
    package struct Children: Sequence, IteratorProtocol {
        let nodes: [Node]
        var position: Int
        let end: Int

        /// The next child's index.
        package mutating func next() -> Int? {
            guard position < end else { return nil }
            defer { position = nodes[position].end }
            return position
        }
    }

    /// Calls `body` with the node's text (``Node/text``) as UTF-8.
    package func withText<R>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = nodes[index].text
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The node's text as a string.
    package func text(of index: Int) -> String {
        String(decoding: bytes[nodes[index].text], as: UTF8.self)
    }

    /// A link's or an image's destination as a string.
    package func url(of index: Int) -> String {
        String(decoding: bytes[nodes[index].url], as: UTF8.self)
    }

    // MARK: - Making the tree

    /// The nodes and text of a tree being made, in document order.
    struct Builder {
        var nodes: [Node] = []
        var bytes: [UInt8] = []
        /// Containers entered and not yet closed.
        private var unclosed: [Int] = []

        /// A node of a kind that has text (``Node/text``) always gets its range, empty or not, so
        /// that the same content made either way compares equal.
        mutating func leaf(_ kind: Kind, text: UnsafeBufferPointer<UInt8>? = nil, url: UnsafeBufferPointer<UInt8>? = nil) {
            var node = Node(kind: kind, end: nodes.count + 1)
            if let text { node.text = append(text) }
            if let url { node.url = append(url) }
            nodes.append(node)
        }

        /// Adds a node without children whose text is `string`.
        mutating func leaf(_ kind: Kind, string: String) {
            var string = string
            string.withUTF8 { leaf(kind, text: $0) }
        }

        /// Adds a node whose children follow until ``close()``.
        mutating func open(_ kind: Kind, number: Int = 0, ordered: Bool = false) {
            unclosed.append(nodes.count)
            nodes.append(Node(kind: kind, number: number, ordered: ordered))
        }

        /// Adds a link, whose children follow until ``close()``.
        mutating func openLink(url: UnsafeBufferPointer<UInt8>) {
            open(.link)
            nodes[nodes.count - 1].url = append(url)
        }

        /// Ends the node opened last.
        mutating func close() {
            nodes[unclosed.removeLast()].end = nodes.count
        }

        private mutating func append(_ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: text)
            return start..<bytes.count
        }

        /// The buffers sized for a document whose source has `sourceBytes` bytes.
        mutating func reserve(sourceBytes: Int) {
            bytes.reserveCapacity(sourceBytes)
            nodes.reserveCapacity(sourceBytes / 32 + 16)
            unclosed.reserveCapacity(16)
        }
    }
}

// MARK: - From a tree of blocks

extension FlatTree {
    /// The same blocks, flattened.
    package convenience init(_ blocks: [Block]) {
        var builder = Builder()
        for block in blocks { builder.add(block) }
        self.init(builder)
    }
}

extension FlatTree.Builder {
    fileprivate mutating func add(_ block: Block) {
        switch block {
        case .heading(let level, let inlines):
            open(.heading, number: level)
            for inline in inlines { add(inline) }
            close()
        case .paragraph(let inlines):
            open(.paragraph)
            for inline in inlines { add(inline) }
            close()
        case .list(let ordered, let start, let items):
            open(.list, number: start, ordered: ordered)
            for item in items {
                open(.item)
                for block in item { add(block) }
                close()
            }
            close()
        case .quote(let blocks):
            open(.quote)
            for block in blocks { add(block) }
            close()
        case .code(_, let text): leaf(.codeBlock, string: text)
        case .html(let text): leaf(.htmlBlock, string: text)
        case .thematicBreak: leaf(.thematicBreak)
        }
    }

    private mutating func add(_ inline: Inline) {
        switch inline {
        case .text(let s): leaf(.text, string: s)
        case .code(let s): leaf(.code, string: s)
        case .html(let s): leaf(.html, string: s)
        case .softBreak: leaf(.softBreak)
        case .lineBreak: leaf(.lineBreak)
        case .emphasis(let children), .strong(let children):
            if case .emphasis = inline { open(.emphasis) } else { open(.strong) }
            for child in children { add(child) }
            close()
        case .link(let url, _, let children):
            var url = url
            url.withUTF8 { openLink(url: $0) }
            for child in children { add(child) }
            close()
        case .image(let url, _, let alt):
            var url = url, alt = alt
            url.withUTF8 { url in alt.withUTF8 { alt in leaf(.image, text: alt, url: url) } }
        }
    }
}
