extension MarkdownDocument {
    /// The same document with its text replaced (a Traditional Chinese edition's): new HTML and
    /// trees, the same counts and destinations. The caller keeps the markup as it was.
    package func converted(html: [UInt8], blocks: [Block], lead: [Block]) -> MarkdownDocument {
        MarkdownDocument(
            htmlUTF8: html, blocks: blocks, lead: lead, hasMore: hasMore, characterCount: characterCount,
            destinations: destinations)
    }

    private init(htmlUTF8: [UInt8], blocks: [Block], lead: [Block], hasMore: Bool, characterCount: Int, destinations: [Destination]) {
        self.htmlUTF8 = htmlUTF8
        tree = .blocks(blocks)
        self.lead = lead
        self.hasMore = hasMore
        self.characterCount = characterCount
        self.destinations = destinations
    }
}

extension Block {
    /// The block with every run of text a reader sees passed through `convert`: code, raw
    /// HTML, URLs and languages are kept as they are.
    package func mapText(_ convert: (String) -> String) -> Block {
        switch self {
        case .heading(let level, let inlines): .heading(level: level, inlines.map { $0.mapText(convert) })
        case .paragraph(let inlines): .paragraph(inlines.map { $0.mapText(convert) })
        case .list(let ordered, let start, let items): .list(ordered: ordered, start: start, items: items.map { $0.map { $0.mapText(convert) } })
        case .quote(let blocks): .quote(blocks.map { $0.mapText(convert) })
        case .code, .html, .thematicBreak: self
        }
    }
}

extension Inline {
    /// The inline with its text passed through `convert`; URLs and code stay as written, since
    /// converting them would break links and examples.
    package func mapText(_ convert: (String) -> String) -> Inline {
        switch self {
        case .text(let s): .text(convert(s))
        case .emphasis(let c): .emphasis(c.map { $0.mapText(convert) })
        case .strong(let c): .strong(c.map { $0.mapText(convert) })
        case .link(let url, let title, let c): .link(url: url, title: title.isEmpty ? title : convert(title), c.map { $0.mapText(convert) })
        case .image(let url, let title, let alt): .image(url: url, title: title.isEmpty ? title : convert(title), alt: convert(alt))
        case .code, .softBreak, .lineBreak, .html: self
        }
    }
}
