import Content
import Foundation
import Support

/// Assembles a `.docx`: the OOXML parts around the body, zipped.
enum DocxPackage {
    /// A4 in twentieths of a point.
    static let pageWidth = 11906
    static let pageHeight = 16838
    static let sideMargin = 1800
    static let topMargin = 1440

    static func build(_ article: Article, site: SiteContent, staticRoot: URL) throws -> Data {
        var body = DocxBodyWriter(links: LinkResolver(site: site, article: article), staticRoot: staticRoot, config: site.config)
        body.header(article)
        body.blocks(article.source.body.blocks, context: .init())
        let parts = body.parts
        let date = Date(timeIntervalSince1970: TimeInterval(article.date.epochSeconds))

        var zip = ZipWriter(date: date, timeZone: ZipWriter.timeZone(of: site))
        // Only the body and the core properties are the article's own; the other parts come
        // out the same for most articles and are compressed once (``DeflateMemo``).
        let shared = DeflateMemo.shared
        // [Content_Types].xml first: some readers sniff the package by its first entry.
        try zip.add("[Content_Types].xml", shared.part(contentTypes(parts)))
        try zip.add("_rels/.rels", Constant.packageRelationships)
        try zip.add("word/document.xml", document(body.xml))
        try zip.add("word/styles.xml", Constant.styles)
        try zip.add("word/numbering.xml", shared.part(parts.numbering.xml))
        try zip.add("word/settings.xml", Constant.settings)
        try zip.add("word/_rels/document.xml.rels", shared.part(documentRelationships(parts)))
        try zip.add("docProps/core.xml", coreProperties(article, site: site))
        try zip.add("docProps/app.xml", shared.part(appProperties(site)))
        for media in parts.media {
            try zip.add("word/media/\(media.name)", media.file.data, compress: false)
        }
        return zip.finish()
    }

    /// The parts that are the same in every article's file, compressed on first use.
    private enum Constant {
        static let packageRelationships = DeflatedPart(deflating: DocxPackage.packageRelationships)
        static let styles = DeflatedPart(deflating: DocxStyles.xml)
        static let settings = DeflatedPart(deflating: DocxPackage.settings)
    }

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func document(_ body: String) -> String {
        xmlHeader + """
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
        xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
        xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>\(body)\
        <w:sectPr><w:pgSz w:w="\(pageWidth)" w:h="\(pageHeight)"/>\
        <w:pgMar w:top="\(topMargin)" w:right="\(sideMargin)" w:bottom="\(topMargin)" w:left="\(sideMargin)" w:header="851" w:footer="992" w:gutter="0"/>\
        <w:cols w:space="425"/><w:docGrid w:linePitch="312"/></w:sectPr></w:body></w:document>
        """
    }

    static func contentTypes(_ parts: DocxParts) -> String {
        var s = xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        let formats = Set(parts.media.map(\.file.format)).sorted { $0.rawValue < $1.rawValue }
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

    static let packageRelationships = xmlHeader + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipTypes)/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="\(relationshipTypes)/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static func documentRelationships(_ parts: DocxParts) -> String {
        var s = xmlHeader + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        s += "<Relationship Id=\"rId1\" Type=\"\(relationshipTypes)/styles\" Target=\"styles.xml\"/>"
        s += "<Relationship Id=\"rId2\" Type=\"\(relationshipTypes)/numbering\" Target=\"numbering.xml\"/>"
        s += "<Relationship Id=\"rId3\" Type=\"\(relationshipTypes)/settings\" Target=\"settings.xml\"/>"
        for link in parts.hyperlinks {
            s += "<Relationship Id=\"\(link.id)\" Type=\"\(relationshipTypes)/hyperlink\" Target=\"\(Escape.xml(link.target))\" TargetMode=\"External\"/>"
        }
        for media in parts.media {
            s += "<Relationship Id=\"\(media.id)\" Type=\"\(relationshipTypes)/image\" Target=\"media/\(media.name)\"/>"
        }
        return s + "</Relationships>"
    }

    /// Punctuation compression as Chinese Word templates set it. `doNotExpandShiftReturn`
    /// keeps a justified line that ends in a line break (`第一行  ⏎`) from being spread across
    /// the page. No line grid: 1.5-line spacing snapped to a grid would come out double.
    static let settings = xmlHeader + """
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>\
        <w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        </w:settings>
        """

    /// Title, author, column as subject, tags as keywords, summary as description, and the
    /// article's date as creation date (not "now": the same article gives the same file).
    static func coreProperties(_ article: Article, site: SiteContent) -> String {
        let e = Escape.xml
        let date = article.date.utcTimestamp
        var s = xmlHeader + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            """
        s += "<dc:title>\(e(article.title))</dc:title>"
        if let column = ArticleMeta.columnLine(article) { s += "<dc:subject>\(e(column))</dc:subject>" }
        s += "<dc:creator>\(e(article.author ?? site.config.federation.name))</dc:creator>"
        if !article.tags.isEmpty { s += "<cp:keywords>\(e(article.tags.joined(separator: ", ")))</cp:keywords>" }
        if !article.summary.isEmpty { s += "<dc:description>\(e(article.summary))</dc:description>" }
        s += "<dc:language>\(e(site.config.language))</dc:language>"
        s += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:created>"
        s += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:modified>"
        return s + "</cp:coreProperties>"
    }

    static func appProperties(_ site: SiteContent) -> String {
        xmlHeader + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
        xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
        <Application>Showcase</Application><Company>\(Escape.xml(site.config.federation.name))</Company>\
        </Properties>
        """
    }
}
