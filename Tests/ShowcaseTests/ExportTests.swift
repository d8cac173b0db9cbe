import Foundation
import Markdown
import Testing

@testable import Content
@testable import Export
@testable import Support

#if canImport(FoundationXML)
import FoundationXML
import ZIPFoundation
#endif

// Article export, checked with real readers: LibreOffice (DOCX → PDF, then pdftotext) and
// python-docx. CI installs them (apt: libreoffice-writer-nogui poppler-utils fonts-wqy-zenhei;
// pip: python-docx); when they are missing these tests fail and say what to install.

// MARK: - Fixture

/// `Fixtures/export-site`: four articles, a PNG, a wide JPEG, an SVG, and every Markdown feature.
struct ExportFixture {
    let root: URL
    let site: SiteContent
    var staticRoot: URL { root.appendingPathComponent("content/static") }

    static func load() throws -> ExportFixture {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let root = fixtures.appendingPathComponent("export-site")
        return ExportFixture(root: root, site: try SiteLoader.load(root: root))
    }

    /// The repository's own sample site (content/ at the root).
    static func sampleSite() throws -> ExportFixture {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ExportFixture(root: root, site: try SiteLoader.load(root: root))
    }

    func article(_ slug: String) throws -> Article {
        try #require(site.articles.first { $0.slug == slug }, "fixture article \(slug)")
    }
}

/// A fresh temporary folder.
func exportTempFolder(_ name: String) throws -> URL {
    let url = temporaryFolder("export-\(name)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Text without any whitespace: PDF extraction breaks CJK lines anywhere and adds spaces.
func squeezed(_ s: String) -> String { String(s.filter { !$0.isWhitespace }) }

/// What a reader sees of each paragraph of the article, in pieces: split at images (an
/// embedded image shows no text; a missing one shows its alt text) and at line breaks. Link
/// text is kept, URLs are not (a Word hyperlink shows only its text).
func visiblePieces(_ blocks: [Block]) -> [String] {
    var pieces: [String] = []
    func inlines(_ items: [Inline], _ current: inout String) {
        for item in items {
            switch item {
            case .text(let s), .code(let s): current += s
            case .emphasis(let c), .strong(let c), .link(_, _, let c): inlines(c, &current)
            case .image, .lineBreak:
                pieces.append(current)
                current = ""
            case .softBreak, .html: break
            }
        }
    }
    for block in blocks {
        switch block {
        case .paragraph(let items), .heading(_, let items):
            var current = ""
            inlines(items, &current)
            pieces.append(current)
        case .list(_, _, let items): for item in items { pieces += visiblePieces(item) }
        case .quote(let inner): pieces += visiblePieces(inner)
        case .code(_, let text): pieces += text.split(separator: "\n").map(String.init)
        case .html, .thematicBreak: break
        }
    }
    return pieces.map(squeezed).filter { !$0.isEmpty }
}

// MARK: - Real readers

/// Runs a program found on PATH; nil when it is not installed.
func runTool(_ name: String, _ arguments: [String], timeout: TimeInterval = 240) throws -> (status: Int32, output: String)? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    guard let path else { return nil }
    let process = Process()
    process.executableURL = path
    process.arguments = arguments
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("export-tool-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    if process.isRunning { process.terminate(); process.waitUntilExit() }
    try handle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: log)
    return (process.terminationReason == .exit ? process.terminationStatus : -1, output)
}

/// Converts DOCX files to PDF with LibreOffice (a private profile, so parallel runs don't
/// clash) and returns each file's text by `pdftotext -layout` (reading order as printed: without
/// it a list's bullet column can land in the middle of an item's text), keyed by the DOCX file name.
/// Writes every article of the fixture as DOCX, converts them all with LibreOffice and returns
/// each PDF's text by file name (`slug.docx`).
func libreOfficeTextOfEveryArticle(_ f: ExportFixture, folder name: String) throws -> [String: String] {
    let folder = try exportTempFolder(name)
    defer { try? FileManager.default.removeItem(at: folder) }
    var files: [URL] = []
    for article in f.site.articles {
        let url = folder.appendingPathComponent(article.slug + ".docx")
        try ArticleExport.docx(article, site: f.site, staticRoot: f.staticRoot).write(to: url)
        files.append(url)
    }
    let texts = try libreOfficeText(of: files)
    try #require(texts.count == files.count)
    return texts
}

func libreOfficeText(of files: [URL]) throws -> [String: String] {
    let folder = files[0].deletingLastPathComponent()
    let profile = try exportTempFolder("lo-profile")
    defer { try? FileManager.default.removeItem(at: profile) }
    let arguments =
        [
            "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "pdf",
            "--outdir", folder.path,
        ] + files.map(\.path)
    guard let result = try runTool("libreoffice", arguments) ?? runTool("soffice", arguments) else {
        Issue.record("LibreOffice is not installed: apt-get install -y libreoffice-writer-nogui poppler-utils fonts-wqy-zenhei")
        return [:]
    }
    #expect(result.status == 0, "LibreOffice exit status \(result.status): \(result.output)")
    #expect(!result.output.lowercased().contains("error"), "LibreOffice said: \(result.output)")
    var texts: [String: String] = [:]
    for file in files {
        let pdf = file.deletingPathExtension().appendingPathExtension("pdf")
        guard FileManager.default.fileExists(atPath: pdf.path) else {
            Issue.record("LibreOffice wrote no PDF for \(file.lastPathComponent): \(result.output)")
            continue
        }
        let txt = file.deletingPathExtension().appendingPathExtension("pdf.txt")
        guard let extracted = try runTool("pdftotext", ["-layout", "-enc", "UTF-8", pdf.path, txt.path]) else {
            Issue.record("pdftotext is not installed: apt-get install -y poppler-utils")
            return texts
        }
        #expect(extracted.status == 0, "pdftotext: \(extracted.output)")
        texts[file.lastPathComponent] = try String(contentsOf: txt, encoding: .utf8)
    }
    return texts
}

/// One paragraph as python-docx reads it.
struct DocxParagraph: Decodable {
    var style: String
    var text: String
    var numId: Int?
    var ilvl: Int?
}

struct PythonDocxReading: Decodable {
    var title: String
    var author: String
    var paragraphs: [DocxParagraph]
    var images: Int
    var hyperlinks: [String]
    var pageWidth: Int
    var pageHeight: Int
}

/// Reads a DOCX with python-docx; nil (and a recorded failure) when python-docx is missing.
func pythonDocx(_ file: URL) throws -> PythonDocxReading? {
    let script = """
        import json, sys
        try:
            import docx
        except ImportError:
            print("NO-PYTHON-DOCX"); sys.exit(3)
        from docx.oxml.ns import qn
        d = docx.Document(sys.argv[1])
        paragraphs = []
        for p in d.paragraphs:
            numPr = p._p.pPr.numPr if p._p.pPr is not None else None
            paragraphs.append({"style": p.style.name, "text": p.text,
                "numId": numPr.numId.val if numPr is not None and numPr.numId is not None else None,
                "ilvl": numPr.ilvl.val if numPr is not None and numPr.ilvl is not None else None})
        rels = d.part.rels.values()
        s = d.sections[0]
        print(json.dumps({"title": d.core_properties.title, "author": d.core_properties.author,
            "paragraphs": paragraphs, "images": len(d.inline_shapes),
            "hyperlinks": sorted(r.target_ref for r in rels if r.is_external),
            "pageWidth": int(s.page_width.twips), "pageHeight": int(s.page_height.twips)}, ensure_ascii=False))
        """
    let scriptURL = file.deletingLastPathComponent().appendingPathComponent("read-docx.py")
    try Data(script.utf8).write(to: scriptURL)
    guard let result = try runTool("python3", [scriptURL.path, file.path]) else {
        Issue.record("python3 is not installed")
        return nil
    }
    guard result.status == 0 else {
        Issue.record(
            result.output.contains("NO-PYTHON-DOCX")
                ? "python-docx is not installed: pip install python-docx"
                : "python-docx could not read \(file.lastPathComponent): \(result.output)")
        return nil
    }
    let json = result.output.split(separator: "\n").last.map(String.init) ?? ""
    return try JSONDecoder().decode(PythonDocxReading.self, from: Data(json.utf8))
}

/// Whether `data` is well-formed XML 1.0.
func isWellFormedXML(_ data: Data) -> Bool {
    XMLParser(data: data).parse()
}

// MARK: - Plain text

@Suite("Export: plain text")
struct PlainTextExportTests {
    @Test func headerParagraphsAndNoMarkdownLeft() throws {
        let f = try ExportFixture.load()
        let text = ArticleExport.plainText(try f.article("full-features"), site: f.site, links: .withURLs)
        let lines = text.components(separatedBy: "\n")
        #expect(Array(lines.prefix(5)) == ["联盟成立一周年：妇女社会组织的“合力”", "作者：市妇联宣传部", "2015年5月20日", "栏目：妇儿之窗　第38期", ""])
        // Paragraphs separated by one blank line; soft breaks vanish in Chinese, become spaces in English.
        #expect(text.contains("\n\n一年前，昆山市妇女儿童公益联盟（https://example.org/showcase/organizations/alliance/）正式成立。首批25家组织加入联盟，服务领域涵盖青少年服务、家庭教育和助老服务。\n\n"))
        #expect(text.contains("\n\n一年来做了什么\n\n"))
        #expect(text.contains("3. 互通信息，共享资源；\n4. 联合申报项目：\n  · 公益创投；\n  · 小区公益服务购买。\n5. 统一组织活动。"))
        #expect(text.contains("· 每季度一次成员交流会；\n· 编印《联盟通讯》。"))
        #expect(
            text.contains("详细数据请见 https://example.com/report?id=1&lang=zh 或发邮件至 联盟秘书处（alliance@example.org）。English words wrap across lines here."))
        #expect(text.contains("第一行\n第二行（硬换行）"))
        #expect(text.contains("（图：联盟成员合影）") && text.contains("（图：不存在的图片）"))
        #expect(text.contains("一家组织走得快，一群组织走得远。\n\n这是引文中的引文。"))
        #expect(text.contains("showcase export --column 妇儿之窗 --issue 38 --format bundle\n\t制表符行 & <标签>"))
        #expect(text.hasSuffix("全文完。\n"))
        for syntax in ["**", "##", "](", "> ", "```", "<!--", "- 公益", "![", "  \n"] {
            #expect(!text.contains(syntax), "Markdown syntax \(syntax) left in the text")
        }
    }

    /// For print (the default) a link is its text alone: the layout desk gets no “（https://…）”
    /// to delete after every organization's name; `--links` keeps them.
    @Test func printTextLeavesURLsOut() throws {
        let f = try ExportFixture.load()
        let article = try f.article("full-features")
        let text = ArticleExport.plainText(article, site: f.site)
        #expect(text.contains("\n\n一年前，昆山市妇女儿童公益联盟正式成立。首批25家组织加入联盟"))
        #expect(
            text.contains("详细数据请见 https://example.com/report?id=1&lang=zh 或发邮件至 联盟秘书处。"),
            "a URL written as the link's text stays: it is the text")
        #expect(!text.contains("（https://") && !text.contains("（alliance@"))
        let linked = ArticleExport.plainText(article, site: f.site, links: .withURLs)
        #expect(linked.contains("昆山市妇女儿童公益联盟（https://example.org/showcase/organizations/alliance/）"))

        // The command's default, and --links.
        let out = try exportTempFolder("links")
        defer { try? FileManager.default.removeItem(at: out) }
        let plain = try ExportJob(selection: ArticleSelection(slugs: ["full-features"]), format: .txt, outputFolder: out).run(
            site: f.site, siteRoot: f.root)
        #expect(try String(contentsOf: plain[0], encoding: .utf8) == text)
        let withURLs = try ExportJob(
            selection: ArticleSelection(slugs: ["full-features"]), format: .txt, links: .withURLs,
            outputFolder: out.appendingPathComponent("links")
        ).run(site: f.site, siteRoot: f.root)
        #expect(try String(contentsOf: withURLs[0], encoding: .utf8) == linked)
    }

    @Test func controlCharactersAndUnsafeLinksAreDropped() throws {
        let f = try ExportFixture.load()
        let text = ArticleExport.plainText(try f.article("escaping"), site: f.site)
        #expect(text.hasPrefix("<script>alert(\"x\")</script> & 'quotes' \"双引号\" 控制符\n作者：A & B <编辑部>\n"))
        #expect(text.contains("控制字符：ab 和 cd 应被去掉。"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(text.contains("危险链接 和"))
        #expect(!text.contains("javascript"))
        #expect(!text.contains("原始 HTML 块"))
    }

    @Test func gb18030RoundTripsAndCRLF() throws {
        let f = try ExportFixture.load()
        for article in f.site.articles {
            let text = ArticleExport.plainText(article, site: f.site)
            let data = try ArticleExport.encode(text, encoding: .gb18030, crlf: false)
            #expect(ArticleExport.decode(data, encoding: .gb18030) == text, "\(article.slug) round trip")
            #expect(data != Data(text.utf8))
        }
        // The bytes other GB18030 software expects (iconv): 妇 B8BE, € A2E3, · A1A4, 𠀀 95328236.
        #expect(
            try [UInt8](ArticleExport.encode("妇€·𠀀", encoding: .gb18030, crlf: false)) == [
                0xB8, 0xBE, 0xA2, 0xE3, 0xA1, 0xA4, 0x95, 0x32, 0x82, 0x36,
            ])
        let crlf = try ArticleExport.encode("一\n二\r\n三\n", encoding: .utf8, crlf: true)
        #expect(crlf == Data("一\r\n二\r\n三\r\n".utf8))
        #expect(try ArticleExport.encode("一\r\n二", encoding: .utf8, crlf: false) == Data("一\n二".utf8))
        let gbCRLF = try ArticleExport.encode("标题\n\n正文", encoding: .gb18030, crlf: true)
        #expect(ArticleExport.decode(gbCRLF, encoding: .gb18030) == "标题\r\n\r\n正文")
    }

    @Test func characterCountsCountCharactersNotWords() throws {
        let f = try ExportFixture.load()
        let article = try f.article("second-in-issue")
        #expect(ArticleExport.plainBody(article, site: f.site) == "周市巧手姐妹手工坊的姐妹们大多是居家照顾孩子的妈妈。\n\n她们在手工坊学会了编织，通过集市义卖帮助了别人，也找到了自己的价值。\n\n（图：手工作品）")
        // 26 + 34 characters and the image's alt text (4), as the article page counts them:
        // no whitespace, no header, no “（图：）” the export adds around the alt text.
        #expect(ArticleExport.characterCount(article, site: f.site) == 26 + 34 + 4)
        #expect(Summary.characterCount("Hello world，你好") == 13)
        // One number everywhere: the manifest's 字数 is the page's, for every article.
        for a in f.site.articles {
            #expect(ArticleExport.characterCount(a, site: f.site) == Summary.characterCount(a.source.body), "\(a.slug)")
        }
    }
}

// MARK: - DOCX

@Suite("Export: Word documents")
struct DocxExportTests {
    func parts(_ data: Data) throws -> [String: Data] {
        Dictionary(try ZipReader.entries(of: data).map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func packageHasEveryPartAndValidXML() throws {
        let f = try ExportFixture.load()
        let docx = try ArticleExport.docx(try f.article("full-features"), site: f.site, staticRoot: f.staticRoot)
        let entries = try ZipReader.entries(of: docx)
        #expect(entries.first?.path == "[Content_Types].xml")
        let p = try parts(docx)
        for name in [
            "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml",
            "word/settings.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml",
            "word/media/image1.png", "word/media/image2.jpg",
        ] {
            let data = try #require(p[name], "missing part \(name)")
            if name.hasSuffix(".xml") || name.hasSuffix(".rels") { #expect(isWellFormedXML(data), "\(name) is not well-formed") }
        }
        #expect(p.keys.filter { $0.hasPrefix("word/media/") }.count == 2, "SVG is not embedded")
        let document = String(decoding: p["word/document.xml"]!, as: UTF8.self)
        #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        // 400×300 px at 96 dpi; 2000×1000 px scaled to the 14.65 cm text width.
        #expect(document.contains("<wp:extent cx=\"3810000\" cy=\"2857500\"/>"))
        #expect(document.contains("<wp:extent cx=\"5274310\" cy=\"2637155\"/>"))
        #expect(document.contains("（图：联盟标志）") && document.contains("（图：不存在的图片）"))
        #expect(document.contains("<w:br/>"))
        #expect(document.contains("<w:tab/>"))
        #expect(document.contains("<w:rStyle w:val=\"InlineCode\"/>"))
        #expect(document.contains("<w:b/><w:bCs/>") && document.contains("<w:i/><w:iCs/>"))

        let numbering = String(decoding: p["word/numbering.xml"]!, as: UTF8.self)
        #expect(numbering.contains("<w:numFmt w:val=\"decimal\"/>") && numbering.contains("<w:numFmt w:val=\"bullet\"/>"))
        #expect(numbering.contains("<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"3\"/></w:lvlOverride>"))

        let styles = String(decoding: p["word/styles.xml"]!, as: UTF8.self)
        #expect(styles.contains("w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\""))
        #expect(styles.contains("w:ascii=\"Arial\" w:eastAsia=\"黑体\""))
        #expect(styles.contains("w:eastAsia=\"zh-CN\""))

        let rels = String(decoding: p["word/_rels/document.xml.rels"]!, as: UTF8.self)
        #expect(rels.contains("Target=\"https://example.org/showcase/organizations/alliance/\" TargetMode=\"External\""))
        #expect(rels.contains("Target=\"https://example.com/report?id=1&amp;lang=zh\" TargetMode=\"External\""))
        #expect(rels.contains("Target=\"mailto:alliance@example.org\" TargetMode=\"External\""))

        let core = String(decoding: p["docProps/core.xml"]!, as: UTF8.self)
        #expect(core.contains("<dc:title>联盟成立一周年：妇女社会组织的“合力”</dc:title>"))
        #expect(core.contains("<dc:creator>市妇联宣传部</dc:creator>"))
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2015-05-19T16:00:00Z</dcterms:created>"))
    }

    @Test func escapingKeepsEveryPartValid() throws {
        let f = try ExportFixture.load()
        let docx = try ArticleExport.docx(try f.article("escaping"), site: f.site, staticRoot: f.staticRoot)
        let p = try parts(docx)
        for (name, data) in p where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            #expect(isWellFormedXML(data), "\(name) is not well-formed")
            #expect(!data.contains(0x01) && !data.contains(0x02) && !data.contains(0x1B), "\(name) holds a control character")
        }
        let document = String(decoding: p["word/document.xml"]!, as: UTF8.self)
        #expect(document.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"))
        #expect(!document.contains("<script"))
        let rels = String(decoding: p["word/_rels/document.xml.rels"]!, as: UTF8.self)
        #expect(!rels.contains("javascript"))
        #expect(rels.contains("Target=\"https://example.org/%E6%90%9C%E7%B4%A2?q=%E5%A6%87%E5%A5%B3%20%E5%84%BF%E7%AB%A5&amp;x=1\""))
    }

    @Test func imageHeadersGiveSizes() throws {
        let f = try ExportFixture.load()
        let png = try #require(ImageFile.load("/images/photos/members.png", staticRoot: f.staticRoot, config: f.site.config))
        #expect(png.format == .png && png.pixelSize?.width == 400 && png.pixelSize?.height == 300)
        let jpeg = try #require(
            ImageFile.load("https://example.org/showcase/images/photos/carnival-wide.jpg", staticRoot: f.staticRoot, config: f.site.config))
        #expect(jpeg.format == .jpeg && jpeg.pixelSize?.width == 2000 && jpeg.pixelSize?.height == 1000)
        let svg = try #require(ImageFile.load("/images/logo.svg", staticRoot: f.staticRoot, config: f.site.config))
        #expect(svg.format == .svg && svg.pixelSize == nil)
        #expect(ImageFile.load("/images/../../site.yaml", staticRoot: f.staticRoot, config: f.site.config) == nil)
        #expect(ImageFile.load("https://elsewhere.org/x.png", staticRoot: f.staticRoot, config: f.site.config) == nil)
    }

    @Test func libreOfficeConvertsEveryFixtureArticle() throws {
        let f = try ExportFixture.load()
        let texts = try libreOfficeTextOfEveryArticle(f, folder: "lo")
        for article in f.site.articles {
            let pdf = squeezed(texts[article.slug + ".docx"] ?? "")
            #expect(pdf.contains(squeezed(Escape.stripControls(article.title))), "\(article.slug): title")
            #expect(pdf.contains(article.date.chinese), "\(article.slug): date")
            for piece in visiblePieces(article.source.body.blocks) {
                #expect(pdf.contains(Escape.stripControls(piece)), "\(article.slug): PDF lacks “\(piece)”")
            }
        }
        let full = squeezed(texts["full-features.docx"] ?? "")
        #expect(full.contains("3.互通信息") && full.contains("5.统一组织活动"), "numbering starts at 3")
        #expect(full.contains("（图：不存在的图片）"))
    }

    @Test func libreOfficeConvertsTheSampleSite() throws {
        let f = try ExportFixture.sampleSite()
        try #require(!f.site.articles.isEmpty)
        let texts = try libreOfficeTextOfEveryArticle(f, folder: "lo-sample")
        for article in f.site.articles {
            let pdf = squeezed(texts[article.slug + ".docx"] ?? "")
            for piece in visiblePieces(article.source.body.blocks) {
                #expect(pdf.contains(piece), "\(article.slug): PDF lacks “\(piece)”")
            }
        }
    }

    @Test func pythonDocxReadsParagraphsAndStyles() throws {
        let f = try ExportFixture.load()
        let article = try f.article("full-features")
        let folder = try exportTempFolder("python-docx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("full-features.docx")
        try ArticleExport.docx(article, site: f.site, staticRoot: f.staticRoot).write(to: url)
        let reading = try #require(try pythonDocx(url))

        #expect(reading.title == article.title && reading.author == "市妇联宣传部")
        #expect(reading.pageWidth == 11906 && reading.pageHeight == 16838)
        #expect(reading.images == 2)
        #expect(reading.hyperlinks.contains("https://example.org/showcase/organizations/alliance/"))
        let ps = reading.paragraphs
        #expect(ps.first?.style == "Title" && ps.first?.text == article.title)
        #expect(ps.dropFirst().first?.style == "Article Meta")
        #expect(ps.dropFirst().first?.text == "作者：市妇联宣传部　　2015年5月20日　　栏目：妇儿之窗　第38期")

        func style(of text: String) -> String? { ps.first { squeezed($0.text) == squeezed(text) }?.style }
        #expect(style(of: "一年来做了什么") == "Heading 2")
        #expect(style(of: "数字与图片") == "Heading 3")
        #expect(style(of: "联盟的工作可以概括为三件事：") == "Body Text")
        #expect(style(of: "一家组织走得快，一群组织走得远。") == "Quote")
        #expect(style(of: "联盟成员合影") == "Caption")
        #expect(ps.contains { $0.style == "Code Block" && $0.text.contains("showcase export --column 妇儿之窗") })
        #expect(ps.contains { $0.style == "Body Text" && $0.text == "一年前，昆山市妇女儿童公益联盟正式成立。首批25家组织加入联盟，服务领域涵盖青少年服务、家庭教育和助老服务。" })
        #expect(ps.contains { $0.text == "第一行\n第二行（硬换行）" })

        // Lists: three ordered items at level 0, two nested bullets at level 1, two more bullets.
        let numbered = ps.filter { $0.numId != nil }
        #expect(
            numbered.map(\.text) == [
                "互通信息，共享资源；", "联合申报项目：", "公益创投；", "小区公益服务购买。", "统一组织活动。",
                "每季度一次成员交流会；", "编印《联盟通讯》。",
            ])
        #expect(numbered.map { $0.ilvl ?? -1 } == [0, 0, 1, 1, 0, 0, 0])
        #expect(numbered.allSatisfy { $0.style == "List Paragraph" })
        #expect(Set(numbered.map(\.numId)).count == 3, "each Markdown list is its own Word list")

        // Every piece of the article's text is in some paragraph python-docx reads.
        let all = squeezed(ps.map(\.text).joined())
        for piece in visiblePieces(article.source.body.blocks) { #expect(all.contains(piece), "python-docx lacks “\(piece)”") }
    }
}

// MARK: - Print HTML

@Suite("Export: print HTML")
struct PrintHTMLExportTests {
    @Test func selfContainedA4Page() throws {
        let f = try ExportFixture.load()
        let html = ArticleExport.printHTML(try f.article("full-features"), site: f.site, staticRoot: f.staticRoot)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("@page { size: A4;") && html.contains("line-height: 1.8") && html.contains("text-indent: 2em"))
        #expect(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"))
        #expect(html.contains("<img src=\"data:image/jpeg;base64,/9j/"))
        #expect(html.contains("<img src=\"data:image/svg+xml;base64,"))
        #expect(html.contains("（图：不存在的图片）"))
        #expect(!html.contains("src=\"/") && !html.contains("<link ") && !html.contains("<script"))
        #expect(html.contains("<ol start=\"3\">"))
        #expect(html.contains("<a href=\"https://example.org/showcase/organizations/alliance/\" class=\"url\">昆山市妇女儿童公益联盟</a>"))
        #expect(html.contains("<a href=\"https://example.com/report?id=1&amp;lang=zh\">https://example.com/report?id=1&amp;lang=zh</a>"))
        #expect(html.contains("<h2>一年来做了什么</h2>"))
        #expect(html.contains("<figure><img") && html.contains("<figcaption>联盟成员合影</figcaption>"))
        #expect(html.contains("&amp; &lt;标签&gt;"))
    }

    @Test func everythingIsEscaped() throws {
        let f = try ExportFixture.load()
        let html = ArticleExport.printHTML(try f.article("escaping"), site: f.site, staticRoot: f.staticRoot)
        #expect(!html.contains("<script") && !html.contains("javascript:") && !html.contains("<div>"))
        #expect(html.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &quot;双引号&quot; 控制符</title>"))
        #expect(html.contains("<meta name=\"author\" content=\"A &amp; B &lt;编辑部&gt;\">"))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}

// MARK: - Selection, bundle, command

@Suite("Export: selection and bundles")
struct ExportSelectionTests {
    @Test func selectsByColumnIssueAndDates() throws {
        let f = try ExportFixture.load()
        let issue = try ArticleSelection(column: "妇儿之窗", issue: 38).select(from: f.site)
        #expect(issue.map(\.slug) == ["second-in-issue", "full-features", "escaping"])
        let range = try ArticleSelection(from: "2014-12-01", to: "2014-12-31").select(from: f.site)
        #expect(range.map(\.slug) == ["work-news"])
        let slugs = try ArticleSelection(slugs: ["work-news", "escaping", "work-news"]).select(from: f.site)
        #expect(slugs.map(\.slug) == ["work-news", "escaping"])
        #expect(try ArticleSelection(all: true).select(from: f.site).count == 4)
        #expect(ArticleSelection(column: "妇儿之窗", issue: 38).bundleName(site: f.site) == "fuer-zhichuang-38")
    }

    /// A bundle of named articles says which: not `articles.zip` for every one of them.
    @Test func bundlesOfNamedArticlesAreNamedAfterThem() throws {
        let f = try ExportFixture.load()
        #expect(ArticleSelection(slugs: ["work-news"]).bundleName(site: f.site) == "work-news")
        #expect(ArticleSelection(slugs: ["work-news", "escaping", "work-news"]).bundleName(site: f.site) == "work-news_escaping")
        #expect(ArticleSelection(slugs: ["a", "b", "c", "d", "e"]).bundleName(site: f.site) == "a_b_c-and-2-more")
        #expect(ArticleSelection(all: true).bundleName(site: f.site) == "articles")
        let out = try exportTempFolder("named-bundle")
        defer { try? FileManager.default.removeItem(at: out) }
        let written = try ExportJob(selection: ArticleSelection(slugs: ["second-in-issue", "escaping"]), format: .bundle, outputFolder: out)
            .run(site: f.site, siteRoot: f.root)
        #expect(written.map(\.lastPathComponent) == ["second-in-issue_escaping.zip"])
    }

    @Test func clearErrorsInChinese() throws {
        let f = try ExportFixture.load()
        func message(_ selection: ArticleSelection) -> String {
            do {
                _ = try selection.select(from: f.site)
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        #expect(message(ArticleSelection(slugs: ["full-feature"])) == "没有 slug 为“full-feature”的文章，您是不是要找“full-features”？")
        #expect(message(ArticleSelection(column: "妇儿之窗", issue: 99)) == "没有符合条件的文章（栏目“妇儿之窗”第99期）。")
        #expect(message(ArticleSelection(column: "妇儿之")) == "没有文章属于栏目“妇儿之”，您是不是要找“妇儿之窗”？")
        #expect(message(ArticleSelection()).hasPrefix("请指定要导出的文章"))
        #expect(message(ArticleSelection(issue: 3)).contains("--issue 需要与 --column 一起使用"))
        #expect(message(ArticleSelection(slugs: ["escaping"], all: true)).contains("不能与"))
        #expect(message(ArticleSelection(from: "2015-02-30")) == "日期“2015-02-30”无效：2015年2月只有28天（格式为 2014-05-20）。")
        #expect(message(ArticleSelection(from: "2015-02-01", to: "2014-02-01")).contains("晚于"))
    }

    @Test func bundleEndToEnd() throws {
        let f = try ExportFixture.load()
        let out = try exportTempFolder("bundle")
        defer { try? FileManager.default.removeItem(at: out) }
        let job = ExportJob(
            selection: ArticleSelection(column: "妇儿之窗", issue: 38), format: .bundle, encoding: .gb18030, crlf: true, outputFolder: out)
        let written = try job.run(site: f.site, siteRoot: f.root)
        #expect(written.map(\.lastPathComponent) == ["fuer-zhichuang-38.zip"])

        let entries = try ZipReader.entries(of: try Data(contentsOf: written[0]))
        #expect(
            entries.map(\.path) == [
                "manifest.csv",
                "second-in-issue/second-in-issue.docx", "second-in-issue/second-in-issue.txt", "second-in-issue/images/photos/members.png",
                "full-features/full-features.docx", "full-features/full-features.txt",
                "full-features/images/photos/members.png", "full-features/images/photos/carnival-wide.jpg", "full-features/images/logo.svg",
                "escaping/escaping.docx", "escaping/escaping.txt",
            ])
        let files = Dictionary(entries.map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a })
        let manifest = try #require(files["manifest.csv"])
        #expect(manifest.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = String(decoding: manifest.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        let full = try f.article("full-features"), second = try f.article("second-in-issue")
        #expect(rows[0] == "标题,作者,日期,栏目,期号,字数,文件")
        #expect(rows[1] == "巧手姐妹：编织出来的公益,示例作者,2015-05-19,妇儿之窗,38,64,second-in-issue/second-in-issue.docx")
        #expect(
            rows[2]
                == "联盟成立一周年：妇女社会组织的“合力”,市妇联宣传部,2015-05-20,妇儿之窗,38,\(ArticleExport.characterCount(full, site: f.site)),full-features/full-features.docx"
        )
        #expect(
            rows[3]
                == "\"<script>alert(\"\"x\"\")</script> & 'quotes' \"\"双引号\"\" 控制符\",A & B <编辑部>,2015-05-21,妇儿之窗,38,\(ArticleExport.characterCount(try f.article("escaping"), site: f.site)),escaping/escaping.docx"
        )
        #expect(rows.count == 5 && rows[4].isEmpty)

        // The text is GB18030 with CRLF and decodes to the plain text; the DOCX opens as a ZIP.
        let txt = try #require(files["second-in-issue/second-in-issue.txt"])
        #expect(
            ArticleExport.decode(txt, encoding: .gb18030)
                == ArticleExport.plainText(second, site: f.site).replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try ZipReader.entries(of: files["full-features/full-features.docx"]!).count == 11)
        #expect(
            files["full-features/images/photos/carnival-wide.jpg"]
                == (try Data(contentsOf: f.staticRoot.appendingPathComponent("images/photos/carnival-wide.jpg"))))
    }

    /// The MS-DOS date and time of every local file header of a ZIP, read from the bytes (no
    /// ZIP library between the test and what an unzipper shows).
    static func entryTimes(_ zip: Data) -> [String] {
        let b = [UInt8](zip)
        var out: [String] = []
        var i = 0
        while i + 30 <= b.count {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 3, b[i + 3] == 4 {
                let time = Int(b[i + 10]) | Int(b[i + 11]) << 8, date = Int(b[i + 12]) | Int(b[i + 13]) << 8
                out.append(String(format: "%04d-%02d-%02d %02d:%02d", 1980 + date >> 9, date >> 5 & 15, date & 31, time >> 11, time >> 5 & 63))
                let nameLength = Int(b[i + 26]) | Int(b[i + 27]) << 8, extraLength = Int(b[i + 28]) | Int(b[i + 29]) << 8
                let size = Int(b[i + 18]) | Int(b[i + 19]) << 8 | Int(b[i + 20]) << 16 | Int(b[i + 21]) << 24
                i += 30 + nameLength + extraLength + size
            } else {
                break
            }
        }
        return out
    }

    /// An unzipper shows entry times as the clock on the wall: they are the site's time, not UTC
    /// (an article of 21 May in Kunshan must not read “20 May 16:00”).
    @Test func zipTimesAreTheSitesTime() throws {
        let f = try ExportFixture.load()
        let bundle = try BundleWriter.bundle(
            try ArticleSelection(column: "妇儿之窗", issue: 38).select(from: f.site), site: f.site, staticRoot: f.staticRoot)
        let times = Self.entryTimes(bundle)
        #expect(times.count == 11)
        #expect(Set(times) == ["2015-05-21 00:00"], "the newest article's day, midnight in Asia/Shanghai")
        let docx = try ArticleExport.docx(try f.article("work-news"), site: f.site, staticRoot: f.staticRoot)
        #expect(Set(Self.entryTimes(docx)) == ["2014-12-01 00:00"])
        // The same instant on a site kept in New York time.
        var elsewhere = f.site
        elsewhere.config.timeZoneIdentifier = "America/New_York"
        let docxNY = try ArticleExport.docx(try f.article("work-news"), site: elsewhere, staticRoot: f.staticRoot)
        #expect(Set(Self.entryTimes(docxNY)) == ["2014-11-30 11:00"])
    }

    /// Showcase writes ZIPs itself (shared parts compressed once, the rest by ISA-L).
    /// Every entry reads back through ZIPFoundation with its CRC-32 checked, and with the data
    /// stored rather than deflated, the writer makes exactly the bytes ZIPFoundation makes of
    /// the same entries — headers, names, dates, attributes, directory — for Word files with
    /// images, lists, links and none of them, and for a bundle.
    @Test func zipWriterMakesTheBytesZIPFoundationMakes() throws {
        let f = try ExportFixture.load()
        #expect(f.site.articles.count >= 4, "the fixture has articles with images, lists and links")
        var archives: [(String, Data, date: Date)] = []
        for article in f.site.articles {
            let date = Date(timeIntervalSince1970: TimeInterval(article.date.epochSeconds))
            archives.append((article.slug, try ArticleExport.docx(article, site: f.site, staticRoot: f.staticRoot), date))
        }
        let selected = try ArticleSelection(column: "妇儿之窗", issue: 38).select(from: f.site)
        let newest = Date(timeIntervalSince1970: TimeInterval(selected.map(\.date.epochSeconds).max()!))
        archives.append(("bundle", try BundleWriter.bundle(selected, site: f.site, staticRoot: f.staticRoot), newest))
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        for (name, ours, date) in archives {
            // ZipReader checks every entry's CRC-32.
            let entries = try ZipReader.entries(of: ours)
            #expect(entries.count >= 9, "\(name)")
            let reference = try Archive(data: Data(), accessMode: .create)
            var again = ZipWriter(date: date, timeZone: zone)
            for (path, data) in entries {
                try reference.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date))),
                    compressionMethod: .none
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
                try again.add(path, data, compress: false)
            }
            #expect(again.finish() == reference.data, "\(name): not the bytes ZIPFoundation writes")
        }
    }

    @Test func jobWritesOneFilePerArticle() throws {
        let f = try ExportFixture.load()
        let out = try exportTempFolder("job")
        defer { try? FileManager.default.removeItem(at: out) }
        for (format, suffix) in [(ExportFormat.docx, ".docx"), (.txt, "-gb18030.txt"), (.html, ".html")] {
            let job = ExportJob(
                selection: ArticleSelection(slugs: ["work-news", "second-in-issue"]), format: format,
                encoding: format == .txt ? .gb18030 : .utf8, outputFolder: out)
            let written = try job.run(site: f.site, siteRoot: f.root)
            #expect(written.map(\.lastPathComponent) == ["work-news" + suffix, "second-in-issue" + suffix])
            #expect(written.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
        }
    }
}
