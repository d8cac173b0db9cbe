import Foundation
import Synchronization
import Testing

@testable import Content
@testable import Diagnostics
@testable import Export
@testable import Site
@testable import Stats

/// A small but complete site: every page kind, cross-references, a draft. It is the fixture
/// site `Fixtures/sites/full` without its `site.yaml` and `choices.yaml`, which ``TestSite``
/// writes (the same texts, or a test's own).
let fullSite: [String: String] = {
    // A test without its fixture cannot run: failing here names the folder.
    let files = try! fixtureSiteFiles("full")
    return files.filter { $0.key != "content/site.yaml" && $0.key != Choices.path }
}()

@Suite("Building sites", .serialized)
struct BuildTests {
    @Test func outputPathsThatClimbAreCaught() {
        for path in [
            "a/b.html", "a/..b/c", "..a", "a/.../b", "a//b", "index.html", "中文/页.html", "a/b/..",
            "/a", "..", "../a", "a/../b", "a/..", "a//../b", "/",
        ] {
            let reference = path.hasPrefix("/") || path.split(separator: "/").contains("..")
            #expect(OutputFolder.climbs(path) == reference, "\(path)")
        }
    }

    @Test func basePathIsThePathOfTheBaseURL() throws {
        var config = try SiteLoader.load(root: repositoryRoot).config
        for (url, path) in [
            ("https://example.org/", "/"), ("https://example.org", "/"), ("https://example.org/showcase", "/showcase/"),
            ("http://example.org/a/b/", "/a/b/"), ("/showcase/", "/showcase/"), ("", "/"), ("example.org/x/", "/"),
            ("https://例子.中国/妇联/", "/妇联/"),
        ] {
            config.baseURL = url
            #expect(config.basePath == path, "\(url)")
        }
    }

    /// The build's progress line shows "done/total" while the articles' downloads are made
    /// during the load: the total comes from the loader, once, before any article is handed over.
    @Test func loadTellsHowManyArticlesBeforeHandingThemOver() throws {
        let events = Mutex<[String]>([])
        let site = try SiteLoader.load(
            root: repositoryRoot,
            options: LoadOptions(
                eachArticle: { article, _ in events.withLock { $0.append("article") } },
                articlesFound: { count in events.withLock { $0.append("found \(count)") } }))
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("content/articles").path)
            .filter { $0.hasSuffix(".md") }
        let seen = events.withLock { $0 }
        #expect(seen.first == "found \(files.count)")
        #expect(seen.filter { $0.hasPrefix("found") }.count == 1)
        #expect(seen.filter { $0 == "article" }.count == site.articles.count)
        #expect(site.articles.count <= files.count)
    }

    /// The progress line's "[3/9]" counts the phases this build runs: with and without
    /// downloads, with the Traditional edition (the sample site) and without it, in a preview's
    /// rebuild too (downloads after the pages).
    @Test func theProgressCountsThePhasesThisBuildRuns() throws {
        let plain = try TestSite(fullSite)
        defer { plain.remove() }
        for (root, downloads, live) in [
            (repositoryRoot, true, false), (repositoryRoot, false, false), (plain.root, true, false), (plain.root, false, false),
            (plain.root, true, true),
        ] {
            let out = temporaryFolder("showcase-phases")
            defer { try? FileManager.default.removeItem(at: out) }
            var options = BuildOptions(root: root, output: out.appendingPathComponent("site"))
            options.articleDownloads = downloads
            options.live = live ? LiveOutput() : nil
            let progress = BuildProgress()
            options.progress = progress
            let report = try SiteBuilder.build(options)
            #expect(progress.phases == report.phases.count, "\(root.lastPathComponent), downloads \(downloads), live \(live)")
            #expect(progress.snapshot.number == report.phases.count)
        }
    }

    @Test func buildsEveryPageOfAValidSite() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        let report = try site.build()
        #expect(report.warnings.isEmpty)
        // Each page knows what it was made from (for incremental rebuilds).
        #expect(
            report.sources["/sub/organizations/family-center/"]
                == [
                    "content/organizations/family-center.md", "content/projects/help.md", "content/events/future.md",
                    "content/events/market-2014.md", "content/articles/first.md", "templates/organization.html", "templates/layout.html",
                ])

        let org = try site.read("organizations/family-center/index.html")
        #expect(org.contains("<h1>示例家庭服务中心</h1>"))
        #expect(org.contains("2012年6月18日"))
        #expect(org.contains("href=\"/sub/projects/help/\""), "projects of the organization are listed")
        #expect(org.contains("href=\"/sub/events/market-2014/\""), "events it took part in are listed")
        #expect(org.contains("href=\"/sub/articles/first/\""), "articles that mention it are backlinked")
        #expect(!org.contains("/sub/articles/draft/"))

        let elder = try site.read("organizations/elder-care/index.html")
        #expect(elder.contains("href=\"/sub/events/market-2014/\""), "stall holders count as participants")

        let article = try site.read("articles/first/index.html")
        #expect(article.contains("<html lang=\"zh-CN\">"))
        #expect(article.contains("2014年5月20日"))
        #expect(article.contains("href=\"/sub/organizations/family-center/\""), "root-relative Markdown links get the sub-path")
        #expect(article.contains("他说&quot;你好&quot;"))
        #expect(article.contains("rel=\"next\" href=\"/sub/articles/second/\""))
        #expect(article.contains("第3期"))
        #expect(try site.read("articles/second/index.html").contains("rel=\"prev\" href=\"/sub/articles/first/\""))
        #expect(try site.read("articles/second/index.html").contains("相关文章"), "shares the tag 家庭")

        let list = try site.read("articles/index.html")
        #expect(list.contains("这是导语，写在前面。"), "summary is the text before <!--more-->")
        #expect(!list.contains("草稿"))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("articles/2014/index.html").path))

        let events = try site.read("events/index.html")
        let upcoming = try #require(events.range(of: "即将举行"))
        let past = try #require(events.range(of: "往期活动"))
        let future = try #require(events.range(of: "明年的培训"))
        let market = try #require(events.range(of: "妇女公益集市"))
        #expect(upcoming.lowerBound < future.lowerBound && future.lowerBound < past.lowerBound && past.lowerBound < market.lowerBound)
        let event = try site.read("events/market-2014/index.html")
        #expect(event.contains("2014年9月20日 09:00–16:00"))
        #expect(event.contains("手工义卖"))
        let ics = try site.read("events/market-2014/market-2014.ics")
        #expect(ics.contains("DTSTART;TZID=Asia/Shanghai:20140920T090000\r\n"))

        let project = try site.read("projects/help/index.html")
        #expect(project.contains("10.00万元"))
        #expect(project.contains("100,000.50元"))
        #expect(try site.read("about/index.html").contains("关于页面"))
        #expect(try site.read("organizations/domain/elderly/index.html").contains("示例助老协会"))
        #expect(try site.read("organizations/kind/grassroots/index.html").contains("示例助老协会"))
        #expect(try site.read("organizations/alliance/index.html").contains("示例家庭服务中心"))
        #expect(try site.read("images/logo.svg").hasPrefix("<svg"))
        #expect(try site.read("assets/site.css").contains("@media print"))

        let feed = try site.read("feed.xml")
        #expect(feed.contains("<link href=\"https://example.org/sub/articles/first/\" rel=\"alternate\" type=\"text/html\"/>"))
        let sitemap = try site.read("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/sub/organizations/family-center/</loc>"))
        let broken = try brokenLinks(in: site.output, base: "/sub/")
        #expect(broken.isEmpty, "\(broken.prefix(10))")
    }

    @Test func brokenInternalLinksAreWarnedAbout() throws {
        var files = fullSite
        files["content/articles/links.md"] =
            "---\ntitle: 链接\ndate: 2014-05-20\nauthor: 甲\ncolumn: 工作动态\n---\n见[中心](/organizations/family-center/)与[没有](/organizations/nobody/)，[图](/images/logo.svg)。\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        #expect(
            report.warnings.map { String($0.formatted(in: .zh).split(separator: "\n")[0]) }
                == ["content/articles/links.md:7:43: 警告: 链接“/organizations/nobody/”指向的页面不存在"])
    }

    @Test func longListsArePaginated() throws {
        var files = fullSite
        for i in 1...45 {
            files["content/articles/n\(i).md"] =
                "---\ntitle: 第\(i)号\ndate: 2013-01-\(String(format: "%02d", i % 28 + 1))\nauthor: 甲\ncolumn: 妇儿之窗\ntags: [公益]\n---\n正文\(i)。\n"
        }
        let site = try TestSite(files)
        defer { site.remove() }
        try site.build()
        let column = "articles/column/\(SiteURLs(config: try site.load().config).slug(for: "妇儿之窗"))/"
        let cards = { (path: String) in try site.read(path).components(separatedBy: "class=\"card\"").count - 1 }
        #expect(try cards(column + "index.html") == 20)
        #expect(try cards(column + "page/2/index.html") == 20)
        #expect(try cards(column + "page/3/index.html") == 6, "45 + the first article are in the column")
        #expect(try site.read(column + "page/2/index.html").contains("<span aria-current=\"page\">2</span>"))
        #expect(try cards("articles/2013/page/3/index.html") == 5)
        #expect(try site.read("tags/\(SiteURLs(config: try site.load().config).slug(for: "公益"))/page/3/index.html").contains("rel=\"prev\""))
        let broken = try brokenLinks(in: site.output, base: "/sub/")
        #expect(broken.isEmpty, "\(broken.prefix(10))")
    }

    /// Related articles: most shared tags first, then nearest in date, then newer; only the
    /// articles near in date within each tag are candidates, so the work stays linear.
    @Test func relatedArticlesPreferSharedTagsThenNearbyDates() throws {
        var files = fullSite
        for month in 1...8 {
            let tags = month == 6 ? "[关联甲, 关联乙]" : "[关联甲]"
            files["content/articles/r\(month).md"] =
                "---\ntitle: r\(month)\ndate: 2009-0\(month)-10\ntags: \(tags)\nauthor: 甲\ncolumn: 工作动态\n---\n正文。\n"
        }
        files["content/articles/target.md"] = "---\ntitle: target\ndate: 2009-04-20\ntags: [关联甲, 关联乙]\nauthor: 甲\ncolumn: 工作动态\n---\n正文。\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let content = try site.load()
        let index = SiteIndex(content)
        let target = try #require(content.articles.firstIndex { $0.title == "target" })
        #expect(index.related(to: target, tags: content.articles[target].tags).map { content.articles[$0].title } == ["r6", "r5", "r4", "r3", "r7"])

        // Beyond the window, an article sharing the tag is not a candidate.
        var many = fullSite
        for day in 1...(2 * SiteIndex.relatedWindow + 10) {
            many["content/articles/m\(day).md"] =
                "---\ntitle: m\(day)\ndate: 2009-01-01T00:\(String(format: "%02d", day / 60)):\(String(format: "%02d", day % 60))\ntags: [关联丙]\nauthor: 甲\ncolumn: 工作动态\n---\n正文。\n"
        }
        let big = try TestSite(many)
        defer { big.remove() }
        let bigContent = try big.load()
        let bigIndex = SiteIndex(bigContent)
        let newest = try #require(bigContent.articles.firstIndex { $0.title.hasPrefix("m") })
        #expect(bigIndex.related(to: newest, tags: bigContent.articles[newest].tags).count == 5)
        #expect(bigIndex.related(to: newest, tags: bigContent.articles[newest].tags).allSatisfy { $0 - newest <= SiteIndex.relatedWindow })
    }

    /// A long list's pager links the ends and the neighbourhood of the current page, not
    /// every page, so that each page's size does not grow with the archive.
    @Test func pagersShowAWindowOfPageNumbers() {
        #expect(PagePlanner.pagerNumbers(current: 1, total: 1) == [1])
        #expect(PagePlanner.pagerNumbers(current: 2, total: 3) == [1, 2, 3])
        #expect(PagePlanner.pagerNumbers(current: 1, total: 500) == [1, 2, 3, nil, 500])
        #expect(PagePlanner.pagerNumbers(current: 250, total: 500) == [1, nil, 248, 249, 250, 251, 252, nil, 500])
        #expect(PagePlanner.pagerNumbers(current: 4, total: 9) == [1, 2, 3, 4, 5, 6, nil, 9])
        #expect(PagePlanner.pagerNumbers(current: 500, total: 500) == [1, nil, 498, 499, 500])
    }

    @Test func draftsAreBuiltOnRequest() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        #expect(try site.load(drafts: true).articles.contains { $0.slug == "draft" })
        #expect(try !site.load().articles.contains { $0.slug == "draft" })
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try site.build()
        let first = try snapshot(of: site.output)
        try site.build()
        let second = try snapshot(of: site.output)
        #expect(first.count > 20)
        #expect(first == second)
    }

    @Test func aFailedBuildKeepsThePreviousOutput() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try site.build()
        let before = try snapshot(of: site.output)
        try site.write("content/articles/broken.md", "---\ntitle: 坏\ndate: 2014-02-30\n---\n")
        #expect(throws: ContentErrors.self) { try site.build() }
        #expect(try snapshot(of: site.output) == before)
        #expect(try strayFiles(besideOutputIn: site.root).isEmpty)
    }

    @Test func aBrokenTemplateIsReportedWithItsLine() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try site.write("templates/page.html", "{{<layout}}\n{{$main}}\n<h1>{{#title}}{{title}}{{/titel}}</h1>\n{{/main}}\n{{/layout}}\n")
        do {
            try site.build()
            Issue.record("the build should fail")
        } catch let e as ContentErrors {
            let first = String(e.diagnostics[0].formatted(in: .zh).split(separator: "\n")[0])
            #expect(first.hasPrefix("templates/page.html:3:"))
            #expect(first.contains("结束标签 {{/titel}} 的名称与开始标签 {{#title}} 不一致"))
        }
    }

    @Test func aTemplateErrorOnTheFirstLineKeepsItsColumn() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try site.write("templates/page.html", "<h1>{{#title}}{{title}}{{/titel}}</h1>\n")
        do {
            try site.build()
            Issue.record("the build should fail")
        } catch let e as ContentErrors {
            let lines = e.diagnostics[0].formatted(in: .zh).split(separator: "\n")
            #expect(lines[0].hasPrefix("templates/page.html:1:24: 错误: 模板语法错误"))
            #expect(lines[1] == "    <h1>{{#title}}{{title}}{{/titel}}</h1>")
        }
    }

    @Test func aMissingTemplateIsNamed() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("templates/event.html"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("templates/partials/tags.html"))
        do {
            try site.build()
            Issue.record("the build should fail")
        } catch let e as ContentErrors {
            let messages = e.diagnostics.map { String($0.formatted(in: .zh).split(separator: "\n")[0]) }
            #expect(messages.contains("templates/event.html:1:1: 错误: 缺少模板 templates/event.html"))
            #expect(messages.contains { $0.hasPrefix("templates/organization.html:") && $0.contains("缺少模板 templates/partials/tags.html") })
        }
    }

    @Test func theOutputFolderMayNotHoldTheSources() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        for output in [site.root, site.root.appendingPathComponent("content"), site.root.appendingPathComponent("content/static/out")] {
            var options = BuildOptions(root: site.root, output: output)
            options.articleDownloads = false
            #expect(throws: ContentErrors.self) { try SiteBuilder.build(options) }
        }
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/site.yaml").path))
    }

    @Test func twoEntriesOnOneURLAreRefused() throws {
        var files = fullSite
        files["content/pages/organizations.md"] = "---\ntitle: 冲突\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        do {
            try site.build()
            Issue.record("the build should fail")
        } catch let e as ContentErrors {
            #expect(
                e.diagnostics.map { $0.formatted(in: .zh) }.contains {
                    $0.contains("content/pages/organizations.md") && $0.contains("网址 /sub/organizations/")
                })
        }
    }

    @Test func escapingImagePathsAreRefused() throws {
        var files = fullSite
        files["content/articles/evil.md"] = "---\ntitle: 坏图\ndate: 2014-05-20\nauthor: 甲\ncolumn: 工作动态\n---\n![x](../../../../etc/passwd)\n"
        files["content/organizations/evil.md"] =
            "---\nname: 坏\nkind: hub\ndomain: youth\nlogo: /images/%2e%2e/%2e%2e/secret\nsupervisor: 测试市民政局\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let errors = site.loadErrors().map { String($0.split(separator: "\n")[0]) }
        #expect(errors.contains("content/articles/evil.md:7:6: 错误: “正文图片”的路径“../../../../etc/passwd”指向网站以外"))
        #expect(errors.contains { $0.hasPrefix("content/organizations/evil.md:5:7: 错误: “logo”的路径") })
    }

    @Test func symlinksOutOfContentAreRefused() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent("content/static/passwd").path,
            withDestinationPath: "/etc/passwd")
        let errors = site.loadErrors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("content/static/passwd:1:1: 错误: 这是一个指向 content/ 以外（/etc/passwd）的符号链接") == true)
    }
}

@Suite("The sample site in content/")
struct SampleSiteTests {
    /// Served from the root (as `python3 -m http.server -d output` does) and from a sub-path.
    @Test(arguments: [nil, "https://example.org/showcase/"])
    func buildsCleanlyWithNoBrokenLinks(baseURL: String?) throws {
        let out = temporaryFolder("showcase-sample")
        defer { try? FileManager.default.removeItem(at: out) }
        var options = BuildOptions(root: repositoryRoot, output: out)
        options.now = Date(timeIntervalSince1970: 1_795_000_000)
        options.baseURL = baseURL
        let report = try SiteBuilder.build(options)
        #expect(report.warnings.isEmpty, "\(report.warnings.map { $0.formatted(in: .zh) })")
        let site = try SiteLoader.load(root: repositoryRoot, options: LoadOptions(baseURL: baseURL))
        #expect(site.organizations.count >= 19)
        #expect(site.events.count >= 6)
        #expect(site.articles.count >= 12)
        #expect(site.projects.count >= 30)
        let broken = try brokenLinks(in: out, base: site.config.basePath)
        #expect(broken.isEmpty, "\(broken.prefix(10))")
        let home = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("lang=\"zh-CN\""))
        #expect(home.contains("昆山"))
    }

    /// The sample built once into a temporary folder, each page by its path (`statistics/index.html`).
    static func builtPages() throws -> [String: String] {
        let out = temporaryFolder("showcase-sample")
        defer { try? FileManager.default.removeItem(at: out) }
        var options = BuildOptions(root: repositoryRoot, output: out)
        options.now = Date(timeIntervalSince1970: 1_795_000_000)
        _ = try SiteBuilder.build(options)
        var pages: [String: String] = [:]
        let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "html" else { continue }
            pages[String(url.path.dropFirst(out.path.count + 1))] = try String(contentsOf: url, encoding: .utf8)
        }
        return pages
    }

    /// Notes for staff (file names, how a figure was chosen, a layout that is not there) belong
    /// in YAML comments or `check`'s output, never on a page the public reads.
    @Test func publicPagesCarryNoStaffNotes() throws {
        let pages = try Self.builtPages()
        #expect(pages.count > 100)
        for (path, html) in pages {
            for phrase in ["content/data", "programs.yaml", "figures.yaml", "site.yaml", "取值使", "数值见右侧", "手机上为"] {
                #expect(!html.contains(phrase), "\(path) shows “\(phrase)”")
            }
        }
    }

    /// A figure and its unit (217.29万元, 98,600人次) never part at a line end: each sits in an
    /// element that does not wrap (`.nb`, or a `.num` table cell), on the pages made of figures.
    @Test func figuresAndUnitsDoNotWrapApart() throws {
        let pages = try Self.builtPages()
        let figurePages =
            ["index.html", "statistics/index.html", "projects/index.html", "projects/vp-2012-loving-mothers-pairing/index.html"]
            + Statistics.themes.map { "statistics/\($0)/index.html" }
        // What the reader sees, outside the elements that keep their figure whole: no head,
        // no drawn charts (SVG text never wraps), no text staff wrote (bodies, card summaries, the
        // titles of the entries a figure counts).
        let unprotected = try Regex(
            #"<(span|td|strong|small)\b[^>]*class="[^"]*\b(nb|num)\b[^"]*"[^>]*>[^<]*(<a [^>]*>[^<]*</a>)?[^<]*</(span|td|strong|small)>"#)
        let hidden = try Regex(
            #"(?s)<head>.*?</head>|<svg.*?</svg>|<article class="card">.*?</article>|<div class="body">.*?</div>|<details class="stats-entries">.*?</details>"#
        )
        let figure = try Regex(#"[0-9][0-9,.]*\s?(万元|人次)"#)
        var checked = 0
        for path in figurePages {
            let html = try #require(pages[path], "\(path)")
            checked += html.matches(of: unprotected).count
            let rest = html.replacing(hidden, with: "").replacing(unprotected, with: "")
            let loose = rest.matches(of: figure).map { String(rest[$0.range]) }
            #expect(loose.isEmpty, "\(path): \(loose)")
        }
        #expect(checked > 50)
        #expect(pages["projects/index.html"]?.contains("<span class=\"nb\">289.96万元</span>") == true)
        #expect(pages["statistics/projects/index.html"]?.contains("<span class=\"nb\">289.96万元</span>") == true)
    }

    /// On a phone a statistics table becomes one block per row, each figure after its column's
    /// name: every data cell of every `cards` table names its column.
    @Test func tableCellsNameTheirColumns() throws {
        let pages = try Self.builtPages()
        for path in ["statistics/projects/index.html", "statistics/index.html", "projects/index.html"] {
            let html = try #require(pages[path])
            #expect(html.contains("class=\"stats-table cards\"") || html.contains("class=\"data cards\""), "\(path)")
            let cells = html.matches(of: try Regex(#"<td\b[^>]*>"#)).map { String(html[$0.range]) }
            #expect(!cells.isEmpty)
            #expect(
                cells.allSatisfy { $0.contains("data-label=\"") && !$0.contains("data-label=\"\"") },
                "\(path): \(cells.filter { !$0.contains("data-label") }.prefix(3))")
        }
        #expect(pages["statistics/projects/index.html"]?.contains("<td class=\"num\" data-label=\"资助金额\">217.29万元</td>") == true)
    }

    /// An editor sees one 字数 for an article: the page's “（N字）” is the bundle manifest's.
    @Test func characterCountIsTheSameOnThePageAndInTheManifest() throws {
        let pages = try Self.builtPages()
        let site = try SiteLoader.load(root: repositoryRoot)
        let manifest = String(decoding: BundleWriter.manifest(site.articles, site: site).dropFirst(3), as: UTF8.self)
        let rows = manifest.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        #expect(rows.count == site.articles.count)
        var compared = 0
        for (article, row) in zip(site.articles, rows) where !article.draft {
            let html = try #require(pages["articles/\(article.slug)/index.html"], "\(article.slug)")
            let shown = try #require(html.firstMatch(of: try Regex(#"（([0-9,]+)字）"#)), "\(article.slug)")
            let onPage = String(html[shown.range]).filter(\.isNumber)
            #expect(onPage == row[row.count - 2], "\(article.slug): page \(onPage), manifest \(row[row.count - 2])")
            compared += 1
        }
        #expect(compared >= 12)
    }

    /// Names in a list are separated by 、 as Chinese prints them, not by spaces.
    @Test func namesAreSeparatedByEnumerationCommas() throws {
        let pages = try Self.builtPages()
        let article = try #require(pages["articles/micro-venture-review-2013/index.html"])
        let mentions = try #require(article.firstMatch(of: try Regex(#"<p class="mentions">.*?</p>"#)))
        let text = String(article[mentions.range])
        #expect(text.contains("</a>、<a"))
        #expect(!text.contains("</a> <a"))
    }
}
