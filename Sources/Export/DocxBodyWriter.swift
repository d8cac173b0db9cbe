import Content
import Foundation
import Markdown
import Support

/// Writes the `w:body` of `word/document.xml` from the Markdown syntax tree (``FlatTree``).
///
/// Straight into UTF-8 bytes (``ByteBuffer``), which are what gets deflated: building the body
/// as a `String` spent more on string growth, small interpolated strings and escaped copies of
/// each run than on the text itself (BENCHMARKS.md, "Downloads", seventh session). Not
/// copyable, as the buffer it owns.
struct DocxBodyWriter: ~Copyable {
    let links: LinkResolver
    let staticRoot: URL
    let config: SiteConfig
    var parts = DocxParts()
    private var out: ByteBuffer

    /// `leading` is written first (a whole document's XML declaration and `<w:body>`).
    init(links: LinkResolver, staticRoot: URL, config: SiteConfig, leading: String = "") {
        self.links = links
        self.staticRoot = staticRoot
        self.config = config
        out = ByteBuffer(capacity: 16 * 1024)
        out.append(leading)
    }

    /// The body's XML as text (the annual report splices it into its own document).
    var xml: String { out.string }

    /// Appends `trailing` and hands over the bytes.
    consuming func finish(trailing: String) -> ByteBuffer {
        out.append(trailing)
        return out
    }

    /// Where a block sits: inside how many quotes, at which list level, and whether it is the
    /// first block of a list item (which carries the item's number or bullet).
    struct Context {
        var quoteDepth = 0
        var listLevel = -1
        var number: (numID: Int, level: Int)?
    }

    // MARK: - Header

    /// Title, then one line with author, date, column and issue.
    mutating func header(_ article: Article) {
        paragraph(style: "Title", text: article.title)
        var meta: [String] = []
        if let author = article.author, !author.isEmpty { meta.append("作者：" + author) }
        meta.append(article.date.chinese)
        if let column = ArticleMeta.columnLine(article) { meta.append("栏目：" + column) }
        paragraph(style: "ArticleMeta", text: meta.joined(separator: "　　"))
    }

    // MARK: - Blocks

    /// The blocks of `tree` below `parent` (the whole document when `nil`).
    mutating func blocks(_ tree: FlatTree, below parent: Int? = nil, context: Context) {
        var context = context
        for block in tree.children(of: parent) {
            self.block(tree, block, context: context)
            // Only the item's first paragraph carries the number.
            context.number = nil
        }
    }

    private mutating func block(_ tree: FlatTree, _ block: Int, context: Context) {
        let node = tree[block]
        switch node.kind {
        case .heading:
            let style = "Heading\(min(max(node.number, 1), 3))"
            openParagraph(style: context.number == nil ? style : "ListParagraph", context: context)
            appendRuns(tree, below: block, paragraph: block)
            out.append("</w:p>")
        case .paragraph:
            textParagraph(tree, block, context: context)
        case .list:
            let level = min(context.listLevel + 1, DocxNumbering.maxLevel)
            let numID = parts.numbering.newList(ordered: node.ordered, level: level, start: node.number)
            for item in tree.children(of: block) {
                var inner = context
                inner.listLevel = level
                inner.number = (numID, level)
                if tree.firstChild(of: item).map({ !tree[$0].canCarryNumber }) ?? true {
                    // An item that opens with a list or code still needs its marker.
                    paragraph(style: "ListParagraph", context: inner, text: "")
                    inner.number = nil
                }
                blocks(tree, below: item, context: inner)
            }
        case .quote:
            var c = context
            c.quoteDepth += 1
            blocks(tree, below: block, context: c)
        case .codeBlock:
            paragraph(style: "CodeBlock", context: context, text: Escape.stripControls(tree.text(of: block)).trimmingTrailingNewlines())
        case .thematicBreak:
            paragraph(style: "SectionBreak", context: context, text: ArticleMeta.sectionBreak)
        case .htmlBlock, .item, .text, .emphasis, .strong, .code, .link, .image, .softBreak, .lineBreak, .html:
            // Raw HTML (including the <!--more--> marker) has no place in a printed article;
            // the rest are never blocks.
            break
        }
    }

    /// A paragraph; one made only of embedded images becomes a centred figure with a caption.
    private mutating func textParagraph(_ tree: FlatTree, _ paragraph: Int, context: Context) {
        var images: [(ImageFile, String)] = []
        for child in tree.children(of: paragraph) where tree[child].kind == .image {
            if let file = embeddable(tree.url(of: child)) { images.append((file, tree.text(of: child))) }
        }
        // A soft break counts as white space here whatever it becomes.
        let onlyImages =
            !images.isEmpty && context.number == nil
            && tree.children(of: paragraph).allSatisfy { child in
                switch tree[child].kind {
                case .image, .softBreak, .lineBreak: return true
                case .text: return tree.text(of: child).allSatisfy(\.isWhitespace)
                default: return false
                }
            }
        openParagraph(style: onlyImages ? "Figure" : style(for: context), context: onlyImages ? Context() : context)
        appendRuns(tree, below: paragraph, paragraph: paragraph)
        out.append("</w:p>")
        guard onlyImages else { return }
        let caption = images.map(\.1).filter { !$0.isEmpty }.joined(separator: "　")
        if !caption.isEmpty { self.paragraph(style: "Caption", text: caption) }
    }

    private func style(for context: Context) -> String {
        if context.listLevel >= 0 { return "ListParagraph" }
        if context.quoteDepth > 0 { return "Quote" }
        return "BodyText"
    }

    // MARK: - Paragraph XML

    /// `w:p` and its properties in schema order (pStyle, numPr, ind); the runs and `</w:p>` follow.
    /// Each piece is appended to the bytes as it is made: building runs and paragraphs as
    /// strings of their own and then joining them copied every character of a document four times.
    private mutating func openParagraph(style: String, context: Context = Context()) {
        out.append("<w:p><w:pPr><w:pStyle w:val=\"")
        out.append(style)
        out.append("\"/>")
        if let number = context.number {
            out.append("<w:numPr><w:ilvl w:val=\"")
            out.append(String(number.level))
            out.append("\"/><w:numId w:val=\"")
            out.append(String(number.numID))
            out.append("\"/></w:numPr>")
        }
        appendIndent(for: context)
        out.append("</w:pPr>")
    }

    /// A paragraph of one plain run.
    private mutating func paragraph(style: String, context: Context = Context(), text: String) {
        openParagraph(style: style, context: context)
        appendRun(text)
        out.append("</w:p>")
    }

    /// Lists take their indent from numbering; continuation paragraphs line up with the item's
    /// text; quotes inside quotes step further in. Appended piece by piece: as one interpolated
    /// string each, a list paragraph's indent was a string made and freed.
    private mutating func appendIndent(for context: Context) {
        let quoteIndent = 720 * context.quoteDepth
        if context.listLevel >= 0 {
            out.append("<w:ind w:left=\"")
            out.append(String(DocxNumbering.indent(level: context.listLevel) + quoteIndent))
            if context.number != nil {
                out.append("\" w:hanging=\"")
                out.append(String(DocxNumbering.hanging))
                out.append("\"/>")
            } else {
                out.append("\" w:firstLine=\"0\" w:firstLineChars=\"0\"/>")
            }
        } else if context.quoteDepth > 1 {
            out.append("<w:ind w:left=\"")
            out.append(String(quoteIndent))
            out.append("\" w:right=\"720\"/>")
        }
    }

    // MARK: - Runs

    struct Format {
        var bold = false
        var italic = false
        var code = false
        var link = false
    }

    /// The runs of the inlines below `parent`, inside the paragraph or heading `paragraph`
    /// (where a soft break looks for its neighbours, ``SoftBreaks``).
    private mutating func appendRuns(_ tree: FlatTree, below parent: Int, paragraph: Int, format: Format = Format()) {
        for inline in tree.children(of: parent) {
            switch tree[inline].kind {
            case .text:
                tree.withText(of: inline) { appendRun($0, format: format) }
            case .code:
                var f = format
                f.code = true
                tree.withText(of: inline) { appendRun($0, format: f) }
            case .emphasis:
                var f = format
                f.italic = true
                appendRuns(tree, below: inline, paragraph: paragraph, format: f)
            case .strong:
                var f = format
                f.bold = true
                appendRuns(tree, below: inline, paragraph: paragraph, format: f)
            case .link:
                guard let target = links.absolute(tree.url(of: inline)) else {
                    appendRuns(tree, below: inline, paragraph: paragraph, format: format)
                    continue
                }
                let id = parts.hyperlink(to: LinkResolver.uriEncoded(target))
                var f = format
                f.link = true
                out.append("<w:hyperlink r:id=\"")
                out.append(id)
                out.append("\" w:history=\"1\">")
                appendRuns(tree, below: inline, paragraph: paragraph, format: f)
                out.append("</w:hyperlink>")
            case .image:
                let alt = tree.text(of: inline)
                if let file = embeddable(tree.url(of: inline)) {
                    out.append(drawing(file, alt: alt))
                } else {
                    appendRun(alt.isEmpty ? "（图）" : "（图：\(alt)）", format: format)
                }
            case .lineBreak:
                out.append("<w:r><w:br/></w:r>")
            case .softBreak:
                if SoftBreaks.isSpace(tree, at: inline, in: paragraph) { appendRun(" ", format: format) }
            case .html, .heading, .paragraph, .list, .item, .quote, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }

    private mutating func appendRun(_ text: String, format: Format) {
        text.withUTF8Bytes { appendRun($0, format: format) }
    }

    private mutating func appendRun(_ text: UnsafeBufferPointer<UInt8>, format: Format) {
        appendRun(text, rStyle: format.link ? "Hyperlink" : format.code ? "InlineCode" : nil, bold: format.bold, italic: format.italic)
    }

    private mutating func appendRun(_ text: String, rStyle: String? = nil, bold: Bool = false, italic: Bool = false) {
        text.withUTF8Bytes { appendRun($0, rStyle: rStyle, bold: bold, italic: italic) }
    }

    /// One `w:r`; line feeds become `w:br` and tabs `w:tab`, which `w:t` cannot hold.
    private mutating func appendRun(_ text: UnsafeBufferPointer<UInt8>, rStyle: String?, bold: Bool, italic: Bool) {
        // The usual run, without control characters or carriage returns, is written from its
        // bytes as they are; any other is first cleaned as a string, as every run once was.
        guard Escape.isPlainRunText(text) else {
            let clean = Escape.stripControls(String(decoding: text, as: UTF8.self)).normalizingLineEndings()
            clean.withUTF8Bytes { appendCleanRun($0, rStyle: rStyle, bold: bold, italic: italic) }
            return
        }
        appendCleanRun(text, rStyle: rStyle, bold: bold, italic: italic)
    }

    /// ``appendRun(_:rStyle:bold:italic:)`` for text without refused controls.
    private mutating func appendCleanRun(_ text: UnsafeBufferPointer<UInt8>, rStyle: String?, bold: Bool, italic: Bool) {
        guard !text.isEmpty else { return }
        out.append("<w:r>")
        if rStyle != nil || bold || italic {
            out.append("<w:rPr>")
            if let rStyle {
                out.append("<w:rStyle w:val=\"")
                out.append(rStyle)
                out.append("\"/>")
            }
            if bold { out.append("<w:b/><w:bCs/>") }
            if italic { out.append("<w:i/><w:iCs/>") }
            out.append("</w:rPr>")
        }
        // Line feeds, carriage returns and tabs are ASCII, so the text is cut at their bytes.
        var pieceStart = 0
        for i in text.indices where text[i] == UInt8(ascii: "\n") || text[i] == UInt8(ascii: "\r") || text[i] == UInt8(ascii: "\t") {
            if pieceStart < i { appendText(UnsafeBufferPointer(rebasing: text[pieceStart..<i])) }
            out.append(text[i] == UInt8(ascii: "\t") ? "<w:tab/>" : "<w:br/>")
            pieceStart = i + 1
        }
        if pieceStart < text.count { appendText(UnsafeBufferPointer(rebasing: text[pieceStart...])) }
        out.append("</w:r>")
    }

    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        out.append("<w:t xml:space=\"preserve\">")
        Escape.appendXML(text, to: &out)
        out.append("</w:t>")
    }

    // MARK: - Images

    /// PNG, JPEG and GIF are embedded; SVG is not (Word needs a raster fallback beside it).
    private func embeddable(_ url: String) -> ImageFile? {
        guard let file = ImageFile.load(url, staticRoot: staticRoot, config: config),
            file.format != .svg, file.pixelSize != nil
        else { return nil }
        return file
    }

    /// Text width of an A4 page with our margins, in EMU (twips × 635).
    static let maxWidthEMU = (DocxPackage.pageWidth - 2 * DocxPackage.sideMargin) * 635
    static let maxHeightEMU = 8_000_000

    /// An inline picture, sized at 96 dpi and scaled down to fit the text area.
    private mutating func drawing(_ file: ImageFile, alt: String) -> String {
        let id = parts.image(file)
        let drawingID = parts.nextDrawingID()
        let (cx, cy) = Self.extent(of: file.pixelSize ?? (1, 1))
        let descr = Escape.xml(alt)
        let name = Escape.xml(file.fileName)
        return """
            <w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="\(cx)" cy="\(cy)"/>\
            <wp:docPr id="\(drawingID)" name="图片 \(drawingID)" descr="\(descr)"/>\
            <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>\
            <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">\
            <pic:pic><pic:nvPicPr><pic:cNvPr id="\(drawingID)" name="\(name)" descr="\(descr)"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip r:embed="\(id)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(cx)" cy="\(cy)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>\
            </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>
            """
    }

    /// 9525 EMU per pixel at 96 dpi, scaled to fit keeping the aspect ratio.
    static func extent(of size: (width: Int, height: Int)) -> (Int, Int) {
        var cx = Double(size.width) * 9525, cy = Double(size.height) * 9525
        let scale = min(1, Double(maxWidthEMU) / cx, Double(maxHeightEMU) / cy)
        cx *= scale
        cy *= scale
        return (max(1, Int(cx.rounded())), max(1, Int(cy.rounded())))
    }
}

extension FlatTree.Node {
    /// Blocks that can be the numbered paragraph of a list item.
    var canCarryNumber: Bool { kind == .paragraph || kind == .heading }
}
