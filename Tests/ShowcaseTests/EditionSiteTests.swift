import Foundation
import Testing

@testable import Content
@testable import Edition
@testable import Export
@testable import Site

/// A fixture site built in both editions, checked end to end: every page in both, the same
/// URLs below `zh-hant/`, links between the two, the author's overrides, feeds and sitemap.
@Suite("Traditional edition: a site built in both editions")
struct EditionSiteTests {
    static let siteYAML =
        TestSite.siteYAML + """
            editions: [zh-Hans, zh-Hant]

            """

    static let files: [String: String] = {
        var files = fullSite
        files["content/articles/software.md"] = """
            ---
            title: 妇女儿童软件培训
            title_hant: 婦女兒童電腦課
            summary_hant: 手寫的繁體摘要。
            date: 2014-06-01
            author: 示例作者
            column: 工作动态
            tags: [软件, 昆山]
            organizations: [family-center]
            ---
            [示例家庭服务中心](/organizations/family-center/)开设软件课程，![软件](/images/logo.svg)

            ```
            软件 = "不转换"
            ```

            在昆山，用 `软件` 的人越来越多。
            """
        files["content/organizations/family-center.md"] = fullSite["content/organizations/family-center.md"]!
            .replacingOccurrences(of: "name: 示例家庭服务中心", with: "name: 示例家庭服务中心\ntitle_hant: 示範家庭服務中心\nlogo: /images/logo.svg")
        files["content/data/traditional.yaml"] = "昆山: 昆山\n"
        return files
    }()

    static let built: Result<TestSite, Error> = Result {
        let site = try TestSite(files, siteYAML: siteYAML)
        try site.build()
        return site
    }

    static func site() throws -> TestSite { try built.get() }

    @Test("Every page exists in both editions, at the same path below zh-hant/")
    func mirrored() throws {
        let site = try Self.site()
        let all = try snapshot(of: site.output).keys.filter { $0.hasSuffix(".html") }
        let traditional = Set(all.filter { $0.hasPrefix("zh-hant/") }.map { String($0.dropFirst("zh-hant/".count)) })
        let main = Set(all.filter { !$0.hasPrefix("zh-hant/") })
        #expect(!main.isEmpty)
        #expect(traditional == main)
        for file in ["feed.xml", "events.ics", "events/feed.xml", "statistics/statistics.json", "search/meta.json"] {
            #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("zh-hant/" + file).path), "\(file)")
        }
        #expect(try brokenLinks(in: site.output, base: "/sub/") == [])
    }

    @Test("An article in both editions: converted text, markup and slugs unchanged, links to its counterpart")
    func article() throws {
        let site = try Self.site()
        let main = try site.read("articles/software/index.html")
        let hant = try site.read("zh-hant/articles/software/index.html")
        #expect(main.contains("<html lang=\"zh-CN\">"))
        #expect(hant.contains("<html lang=\"zh-Hant\">"))
        // The hand-written title wins; the body is converted, with the author's 昆山.
        #expect(hant.contains("<h1>婦女兒童電腦課</h1>"))
        #expect(hant.contains("在昆山，用 <code>软件</code> 的人越來越多。"))
        #expect(hant.contains("<pre><code>软件 = &quot;不转换&quot;\n</code></pre>"))
        // The organization's link goes to its Traditional page; its text, exactly the
        // organization's name, takes the hand-written form.
        #expect(hant.contains("<p><a href=\"/sub/zh-hant/organizations/family-center/\">示範家庭服務中心</a>開設軟體課程"))
        #expect(hant.contains("<img src=\"/sub/images/logo.svg\" alt=\"软件\""))
        // Each links to the other: the header switch and both hreflang alternates.
        #expect(main.contains("<a class=\"edition-switch\" href=\"/sub/zh-hant/articles/software/\" lang=\"zh-Hant\" hreflang=\"zh-Hant\">繁體</a>"))
        #expect(hant.contains("<a class=\"edition-switch\" href=\"/sub/articles/software/\" lang=\"zh-Hans\" hreflang=\"zh-Hans\">简体</a>"))
        for page in [main, hant] {
            #expect(page.contains("<link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"https://example.org/sub/articles/software/\">"))
            #expect(page.contains("<link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"https://example.org/sub/zh-hant/articles/software/\">"))
        }
        // Tags and columns keep the main edition's slugs.
        let tagLinks = { (html: String) in html.ranges(of: "/tags/").count }
        #expect(tagLinks(main) == tagLinks(hant))
        let mainSlug = try #require(main.firstMatch(of: /articles\/column\/([a-z0-9-]+)\//)?.1)
        #expect(hant.contains("/sub/zh-hant/articles/column/\(mainSlug)/"))
    }

    @Test("Lists, the interface and the organization's own page are Traditional; the hand-written summary is used")
    func listsAndInterface() throws {
        let site = try Self.site()
        let list = try site.read("zh-hant/articles/index.html")
        #expect(list.contains("手寫的繁體摘要。"))
        #expect(list.contains(">工作動態</a>"))
        #expect(!list.contains("工作动态"))
        let home = try site.read("zh-hant/index.html")
        #expect(home.contains("搜尋本站"))
        #expect(home.contains("<a href=\"/sub/zh-hant/organizations/\">社會組織</a>"))
        #expect(home.contains("<link rel=\"stylesheet\" href=\"/sub/assets/site.css\">"))
        let org = try site.read("zh-hant/organizations/family-center/index.html")
        #expect(org.contains("<h1>示範家庭服務中心</h1>"))
        #expect(org.contains("中心為家庭提供專業社工服務。"))
        // Static files (a logo) are the main edition's: one copy for both.
        #expect(org.contains("src=\"/sub/images/logo.svg\""))
    }

    @Test("Feeds, calendars and the sitemap of both editions")
    func feedsAndSitemap() throws {
        let site = try Self.site()
        let feed = try site.read("zh-hant/feed.xml")
        #expect(feed.contains("xml:lang=\"zh-Hant\""))
        #expect(feed.contains("<title>婦女兒童電腦課</title>"))
        #expect(feed.contains("https://example.org/sub/zh-hant/articles/software/"))
        let sitemap = try site.read("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/sub/articles/software/</loc>"))
        #expect(sitemap.contains("<loc>https://example.org/sub/zh-hant/articles/software/</loc>"))
        #expect(sitemap.components(separatedBy: "<urlset").count == 2)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("zh-hant/sitemap.xml").path))
    }

    @Test("Exports in Traditional: the tree converted, code kept, links to the Traditional pages")
    func export() throws {
        let site = try Self.site()
        let content = try site.load()
        let edition = try #require(content.config.traditional)
        let converter = try #require(TraditionalConverter(edition))
        let traditional = TraditionalSite.convert(content, with: converter, parts: .trees)
        let article = try #require(traditional.articles.first { $0.slug == "software" })
        let text = ArticleExport.plainText(article, site: traditional, links: .withURLs)
        #expect(text.hasPrefix("婦女兒童電腦課\n"))
        // Link text that is exactly the organization's name takes its hand-written form, as on the page.
        #expect(text.contains("示範家庭服務中心（https://example.org/sub/zh-hant/organizations/family-center/）開設軟體課程"))
        #expect(text.contains("软件 = \"不转换\""))
        #expect(text.contains("在昆山，用 软件 的人越來越多。"))
    }

    @Test("A site with one edition has no switch, no alternates and no zh-hant folder")
    func oneEdition() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try site.build()
        let page = try site.read("articles/first/index.html")
        #expect(!page.contains("edition-switch"))
        #expect(!page.contains("hreflang"))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("zh-hant").path))
    }
}
