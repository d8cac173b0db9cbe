import Content
import Foundation
import Markdown
import Support

/// Assembles a `.docx`: the OOXML parts around the body, zipped.
enum DocxPackage {
    /// A4 in twentieths of a point.
    static let pageWidth = 11906
    static let pageHeight = 16838
    static let sideMargin = 1800
    static let topMargin = 1440

    static func build(_ article: Article, config: SiteConfig, staticRoot: URL) throws -> Data {
        var body = DocxBodyWriter(
            links: LinkResolver(config: config, article: article), staticRoot: staticRoot, config: config,
            leading: documentHead)
        body.header(article)
        body.blocks(article.flatBody, context: .init())
        let parts = body.parts
        let document = body.finish(trailing: documentTail)
        let date = Date(timeIntervalSince1970: TimeInterval(article.date.epochSeconds))

        var zip = ZipWriter(date: date, timeZone: ZipWriter.timeZone(of: config))
        // Only the body, the core properties and the links are the article's own; the other
        // parts come out the same for most articles and are compressed once, found by what
        // they are made from rather than by their text (``DeflateMemo``), so that they are
        // not even written out again.
        // [Content_Types].xml first: some readers sniff the package by its first entry.
        let formats = Set(parts.media.map(\.file.format)).sorted { $0.rawValue < $1.rawValue }
        try zip.add("[Content_Types].xml", Memo.contentTypes.part(formats) { contentTypes(formats: formats) })
        try zip.add("_rels/.rels", Constant.packageRelationships)
        try zip.add("word/document.xml", document.withUnsafeBytes { DeflatedPart(deflating: $0) })
        try zip.add("word/styles.xml", Constant.styles)
        try zip.add("word/numbering.xml", Memo.numbering.part(parts.numbering.instances) { parts.numbering.xml })
        try zip.add("word/settings.xml", Constant.settings)
        // Links and images make this part the article's own; without them it is the same in every file.
        if parts.hyperlinks.isEmpty && parts.media.isEmpty {
            try zip.add("word/_rels/document.xml.rels", Constant.documentRelationships)
        } else {
            try zip.add("word/_rels/document.xml.rels", DeflatedPart(deflating: documentRelationships(parts)))
        }
        try zip.add("docProps/core.xml", DeflatedPart(deflating: coreProperties(article, config: config)))
        try zip.add("docProps/app.xml", Memo.appProperties.part(config.federation.name) { appProperties(config) })
        for media in parts.media {
            try zip.add("word/media/\(media.name)", media.file.data, compress: false)
        }
        return zip.finish()
    }

    /// The parts that are the same in every article's file, compressed on first use.
    private enum Constant {
        static let packageRelationships = DeflatedPart(deflating: DocxPackage.packageRelationships, with: .once)
        static let styles = DeflatedPart(deflating: DocxStyles.xml, with: .once)
        static let settings = DeflatedPart(deflating: DocxPackage.settings, with: .once)
        static let documentRelationships = DeflatedPart(deflating: DocxPackage.documentRelationships(DocxParts()), with: .once)
    }

    /// The parts that take one of a few forms, by what decides the form.
    private enum Memo {
        /// By the image formats embedded.
        static let contentTypes = DeflateMemo<[ImageFile.Format]>(limit: 16)
        /// By the lists (kind, level, start): twenty forms among the first 300 articles of the benchmark corpus.
        static let numbering = DeflateMemo<[DocxNumbering.Instance]>(limit: 256)
        /// By the federation's name.
        static let appProperties = DeflateMemo<String>(limit: 4)
    }

    /// `word/document.xml` up to where the body's first paragraph goes.
    static let documentHead =
        xmlHeader + """
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
            xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>
            """

    /// `word/document.xml` after the body: the A4 page with its margins.
    static let documentTail = """
        <w:sectPr><w:pgSz w:w="\(pageWidth)" w:h="\(pageHeight)"/>\
        <w:pgMar w:top="\(topMargin)" w:right="\(sideMargin)" w:bottom="\(topMargin)" w:left="\(sideMargin)" w:header="851" w:footer="992" w:gutter="0"/>\
        <w:cols w:space="425"/><w:docGrid w:linePitch="312"/></w:sectPr></w:body></w:document>
        """

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func document(_ body: String) -> String {
        documentHead + body + documentTail
    }

    static func contentTypes(_ parts: DocxParts) -> String {
        contentTypes(formats: Set(parts.media.map(\.file.format)).sorted { $0.rawValue < $1.rawValue })
    }

    /// With a `Default` for each image format, sorted.
    static func contentTypes(formats: [ImageFile.Format]) -> String {
        var s = xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        for format in formats {
            s += "<Default Extension=\"\(format.fileExtension)\" ContentType=\"\(format.mimeType)\"/>"
        }
        let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        s += "<Override PartName=\"/word/document.xml\" ContentType=\"\(wml).document.main+xml\"/>"
        s += "<Override PartName=\"/word/styles.xml\" ContentType=\"\(wml).styles+xml\"/>"
        s += "<Override PartName=\"/word/numbering.xml\" ContentType=\"\(wml).numbering+xml\"/>"
        s += "<Override PartName=\"/word/settings.xml\" ContentType=\"\(wml).settings+xml\"/>"
        s += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        s += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return s + "</Types>"
    }

    static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let packageRelationships =
        xmlHeader + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationshipTypes)/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="\(relationshipTypes)/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """

    /// `word/_rels/document.xml.rels`, as UTF-8: appended piece by piece, as a string (and an
    /// interpolated line a link) it was a twentieth of a Word file's time.
    static func documentRelationships(_ parts: DocxParts) -> ByteBuffer {
        var s = ByteBuffer(capacity: 2048)
        s.append(documentRelationshipsHead)
        for link in parts.hyperlinks {
            s.append("<Relationship Id=\"")
            s.append(link.id)
            s.append("\" Type=\"\(relationshipTypes)/hyperlink\" Target=\"")
            Escape.appendXML(link.target, to: &s)
            s.append("\" TargetMode=\"External\"/>")
        }
        for media in parts.media {
            s.append("<Relationship Id=\"\(media.id)\" Type=\"\(relationshipTypes)/image\" Target=\"media/\(media.name)\"/>")
        }
        s.append("</Relationships>")
        return s
    }

    private static let documentRelationshipsHead =
        xmlHeader + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipTypes)/styles\" Target=\"styles.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"\(relationshipTypes)/numbering\" Target=\"numbering.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relationshipTypes)/settings\" Target=\"settings.xml\"/>"

    /// Punctuation compression as Chinese Word templates set it. `doNotExpandShiftReturn`
    /// keeps a justified line that ends in a line break (`第一行  ⏎`) from being spread across
    /// the page. No line grid: 1.5-line spacing snapped to a grid would come out double.
    static let settings =
        xmlHeader + """
            <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>\
            <w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
            </w:settings>
            """

    /// Title, author, column as subject, tags as keywords, summary as description, and the
    /// article's date as creation date (not "now": the same article gives the same file). As
    /// UTF-8, each value escaped into place: as a string of interpolated, escaped pieces it was
    /// two dozen strings made and freed a file.
    static func coreProperties(_ article: Article, config: SiteConfig) -> ByteBuffer {
        var s = ByteBuffer(capacity: 2048)
        s.append(corePropertiesHead)
        appendElement("dc:title", article.title, to: &s)
        if let column = ArticleMeta.columnLine(article) { appendElement("dc:subject", column, to: &s) }
        appendElement("dc:creator", article.author ?? config.federation.name, to: &s)
        if !article.tags.isEmpty {
            s.append("<cp:keywords>")
            for (i, tag) in article.tags.enumerated() {
                if i > 0 { s.append(", ") }
                Escape.appendXML(tag, to: &s)
            }
            s.append("</cp:keywords>")
        }
        if !article.summary.isEmpty { appendElement("dc:description", article.summary, to: &s) }
        appendElement("dc:language", config.language, to: &s)
        let date = article.date.utcTimestamp
        s.append("<dcterms:created xsi:type=\"dcterms:W3CDTF\">")
        s.append(date)
        s.append("</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">")
        s.append(date)
        s.append("</dcterms:modified></cp:coreProperties>")
        return s
    }

    /// `<name>value</name>`, the value escaped.
    private static func appendElement(_ name: StaticString, _ value: String, to s: inout ByteBuffer) {
        s.append("<")
        s.append(name)
        s.append(">")
        Escape.appendXML(value, to: &s)
        s.append("</")
        s.append(name)
        s.append(">")
    }

    private static let corePropertiesHead =
        xmlHeader + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            """

    static func appProperties(_ site: SiteContent) -> String { appProperties(site.config) }

    static func appProperties(_ config: SiteConfig) -> String {
        xmlHeader + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
            xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
            <Application>Showcase</Application><Company>\(Escape.xml(config.federation.name))</Company>\
            </Properties>
            """
    }
}
