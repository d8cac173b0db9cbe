import Content
import Foundation
import Markdown
import Support

/// A Word document assembled piece by piece, for documents that are not one article (the
/// annual report). Same package, styles and Markdown writer as the article export, so headings
/// carry Word's built-in `Heading1`–`Heading3` styles and the table of contents field finds them.
package struct DocxDocument {
    private let site: SiteContent
    private let staticRoot: URL
    private let links: LinkResolver
    private var xml = ""
    private var parts = DocxParts()

    /// `path` is the document's page on the site (relative to the base URL), for relative links.
    package init(site: SiteContent, staticRoot: URL, path: String) {
        self.site = site
        self.staticRoot = staticRoot
        self.links = LinkResolver(site: site, path: path)
    }

    /// One run of plain text; `size` in half points.
    private func run(_ text: String, bold: Bool = false, size: Int? = nil) -> String {
        let clean = Escape.stripControls(text).normalizingLineEndings().replacingOccurrences(of: "\n", with: " ")
        guard !clean.isEmpty else { return "" }
        var props = bold ? "<w:b/><w:bCs/>" : ""
        if let size { props += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        return "<w:r>" + (props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>") + "<w:t xml:space=\"preserve\">\(Escape.xml(clean))</w:t></w:r>"
    }

    /// A paragraph of plain text in one of the styles of ``DocxStyles`` (`BodyText`, `Title`,
    /// `ArticleMeta`, `Caption`, …); `align` overrides the style's alignment (`center`).
    package mutating func paragraph(_ text: String, style: String = "BodyText", align: String? = nil, bold: Bool = false) {
        xml +=
            "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>" + (align.map { "<w:jc w:val=\"\($0)\"/>" } ?? "")
            + "</w:pPr>\(run(text, bold: bold))</w:p>"
    }

    /// A heading at `level` 1–3: Word's `Heading1`–`Heading3`, which the contents field lists.
    package mutating func heading(_ text: String, level: Int) {
        paragraph(text, style: "Heading\(min(max(level, 1), 3))")
    }

    /// Empty paragraphs, to move a cover's text down the page.
    package mutating func space(lines: Int) {
        for _ in 0..<lines { xml += "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr></w:p>" }
    }

    /// Starts a new page.
    package mutating func pageBreak() {
        xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
    }

    /// Word's table of contents field over heading levels 1–2, filled with `entries` until Word
    /// or LibreOffice updates it (the document asks to be updated when opened).
    package mutating func tableOfContents(title: String, entries: [String]) {
        paragraph(title, style: "Heading1", align: "center")
        xml += "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
        xml += "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>"
        xml += "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        for (i, entry) in entries.enumerated() {
            xml += (i > 0 ? "<w:r><w:br/></w:r>" : "") + run(entry)
        }
        xml += "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
    }

    /// A bordered table with a bold header row and an optional bold totals row.
    package mutating func table(columns: [String], rows: [[String]], totals: [String]?, numeric: Set<Int>) {
        func row(_ cells: [String], header: Bool) -> String {
            var s = "<w:tr>" + (header ? "<w:trPr><w:tblHeader/></w:trPr>" : "")
            for (i, text) in cells.enumerated() {
                s += "<w:tc><w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:spacing w:after=\"0\" w:line=\"280\" w:lineRule=\"auto\"/>"
                s += "<w:jc w:val=\"\(numeric.contains(i) && !header ? "right" : "left")\"/>"
                s += "<w:rPr><w:sz w:val=\"20\"/></w:rPr></w:pPr>"
                s += run(text, bold: header, size: 20)
                s += "</w:p></w:tc>"
            }
            return s + "</w:tr>"
        }
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\""
        xml += "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders><w:top \(border)/><w:left \(border)/>"
        xml += "<w:bottom \(border)/><w:right \(border)/><w:insideH \(border)/><w:insideV \(border)/></w:tblBorders>"
        xml += "<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        xml += "<w:tblGrid>" + String(repeating: "<w:gridCol/>", count: columns.count) + "</w:tblGrid>"
        xml += row(columns, header: true)
        for r in rows { xml += row(r, header: false) }
        if let totals { xml += row(totals, header: true) }
        xml += "</w:tbl>"
        // A table may not end a cell or run into the next table; a small gap also reads better.
        xml += "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:spacing w:after=\"60\"/></w:pPr></w:p>"
    }

    /// Markdown blocks, written as an article's body is (headings, lists, quotes, images).
    package mutating func markdown(_ blocks: [Block]) {
        var writer = DocxBodyWriter(links: links, staticRoot: staticRoot, config: site.config)
        writer.parts = parts
        writer.blocks(FlatTree(blocks), context: .init())
        xml += writer.xml
        parts = writer.parts
    }

    /// The finished `.docx`. `date` is its creation date (the same content gives the same file).
    package func data(title: String, subject: String, date: ContentDate) throws -> Data {
        var zip = ZipWriter(date: Date(timeIntervalSince1970: TimeInterval(date.epochSeconds)), timeZone: ZipWriter.timeZone(of: site))
        var types = DocxPackage.contentTypes(parts)
        types = types.replacingOccurrences(
            of: "</Types>",
            with: "<Override PartName=\"/word/footer1.xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/></Types>")
        try zip.add("[Content_Types].xml", types)
        try zip.add("_rels/.rels", DocxPackage.packageRelationships)
        let footerSection = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>"
        try zip.add("word/document.xml", DocxPackage.document(xml).replacingOccurrences(of: "<w:sectPr>", with: footerSection))
        try zip.add("word/styles.xml", DocxStyles.xml)
        try zip.add("word/numbering.xml", parts.numbering.xml)
        try zip.add("word/settings.xml", Self.settings)
        try zip.add("word/footer1.xml", Self.footer)
        let rels = DocxPackage.documentRelationships(parts).string.replacingOccurrences(
            of: "</Relationships>",
            with: "<Relationship Id=\"rIdFooter1\" Type=\"\(DocxPackage.relationshipTypes)/footer\" Target=\"footer1.xml\"/></Relationships>")
        try zip.add("word/_rels/document.xml.rels", rels)
        let e = Escape.xml
        let stamp = date.utcTimestamp
        try zip.add(
            "docProps/core.xml",
            DocxPackage.xmlHeader + """
                <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
                xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
                <dc:title>\(e(title))</dc:title><dc:subject>\(e(subject))</dc:subject><dc:creator>\(e(site.config.federation.name))</dc:creator>\
                <dc:language>\(e(site.config.language))</dc:language>\
                <dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created>\
                <dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified></cp:coreProperties>
                """)
        try zip.add("docProps/app.xml", DocxPackage.appProperties(site))
        for media in parts.media {
            try zip.add("word/media/\(media.name)", media.file.data, compress: false)
        }
        return zip.finish()
    }

    /// The article settings plus `updateFields`, so Word offers to fill the contents on opening.
    static let settings = DocxPackage.settings.replacingOccurrences(
        of: "<w:compat>", with: "<w:updateFields w:val=\"true\"/><w:compat>")

    /// The page number, centred at the foot of every page.
    static let footer =
        DocxPackage.xmlHeader + """
            <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>\
            <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
            <w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>
            """
}
