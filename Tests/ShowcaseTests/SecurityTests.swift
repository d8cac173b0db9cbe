import Foundation
import Testing

@testable import Content
@testable import Diagnostics
@testable import Export
@testable import Markdown
@testable import Stats

/// The rules that keep a hostile site folder from reaching a reader or an editor: one URL
/// policy, the base URL, the YAML alias budget and the CSV writer (issue 21). The whole-site
/// cases, with their exact messages, are in the bad-input corpus.
@Suite("Security: URL policy, base URL, alias budget, CSV")
struct SecurityTests {
    // MARK: - Links

    /// Links a page may carry, as authors write them.
    static let ordinaryLinks = [
        "/", "/organizations/x/", "/articles/x/#top", "https://example.org/a?b=1#c", "HTTPS://EXAMPLE.ORG/", "http://example.org",
        "mailto:contact@example.org", "tel:+86-512-5000", "images/a.svg", "#top", "?page=2", "  /about/  ", "/files/my file.pdf",
        "/中文/路径/", "//cdn.example.org/a.css", "/a%20b/", "https://例子.中国/",
    ]

    /// Hostile links, each with the refusal expected.
    static let hostileLinks: [(String, URLPolicy.Refusal)] = [
        ("javascript:alert(1)", .unsafeScheme("javascript")),
        ("JaVaScRiPt:alert(1)", .unsafeScheme("javascript")),
        ("  javascript:alert(1)", .unsafeScheme("javascript")),
        ("java\nscript:alert(1)", .invisibleCharacter(at: 4)),
        ("java\tscript:alert(1)", .invisibleCharacter(at: 4)),
        ("java\rscript:alert(1)", .invisibleCharacter(at: 4)),
        ("java\r\nscript:alert(1)", .invisibleCharacter(at: 4)),
        ("\u{1}javascript:alert(1)", .invisibleCharacter(at: 0)),
        ("\tjavascript:alert(1)", .invisibleCharacter(at: 0)),
        ("javascript\u{0}:alert(1)", .invisibleCharacter(at: 10)),
        ("java\u{7F}script:alert(1)", .invisibleCharacter(at: 4)),
        ("java\u{85}script:alert(1)", .invisibleCharacter(at: 4)),
        ("javascript://example.org/\n%0Aalert(1)", .invisibleCharacter(at: 25)),
        ("/about/\n", .invisibleCharacter(at: 7)),
        ("https://example.org/\t", .invisibleCharacter(at: 20)),
        ("中文\u{1B}[31m", .invisibleCharacter(at: 2)),
        ("data:text/html;base64,PHNjcmlwdD4=", .unsafeScheme("data")),
        ("vbscript:msgbox", .unsafeScheme("vbscript")),
        ("file:///etc/passwd", .unsafeScheme("file")),
        ("ftp://example.org/", .unsafeScheme("ftp")),
        ("../../etc/passwd", .escapes),
        ("/%2e%2e/%2e%2e/etc/passwd", .escapes),
        ("/images\\..\\..\\x", .escapes),
        ("%2e%2e/%2e%2e/etc/passwd", .escapes),
        ("/images/%2E%2E/%2e%2e/x", .escapes),
        ("/a/%5C..%5C..%5Cx", .escapes),
        ("/a%00b", .escapes),
    ]

    @Test func ordinaryLinksPass() {
        for url in Self.ordinaryLinks {
            #expect(URLPolicy.check(link: url) == nil, "\(url.debugDescription)")
            #expect(LocalPath.resolve(url) != .escapes, "\(url.debugDescription)")
        }
    }

    @Test func hostileLinksAreRefusedForTheirReason() {
        for (url, refusal) in Self.hostileLinks {
            #expect(URLPolicy.check(link: url) == refusal, "\(url.debugDescription)")
            // Every caller of LocalPath (the Markdown rewrite, menus, images) refuses them too,
            // on its byte path and its character path alike.
            #expect(LocalPath.resolve(url) == .escapes, "\(url.debugDescription)")
            #expect(LocalPath.resolveCharacters(url, from: "") == .escapes, "\(url.debugDescription)")
        }
    }

    @Test func messagesShowControlCharactersVisibly() {
        #expect(URLPolicy.visible("java\nscript:\t\r\u{0}\u{7F}") == "java␊script:␉␍␀␡")
        let problem = URLPolicy.problem(.invisibleCharacter(at: 4), field: "url", value: "java\nscript:alert(1)")
        #expect(problem.text(in: .zh).message.contains("java␊script:alert(1)"))
        #expect(!problem.text(in: .en).message.contains("\n"))
    }

    // MARK: - Markdown bodies and exports

    /// The rewrite the loader gives cmark, with raw HTML on (no cmark filter behind it).
    static func renderedLinks(_ markdown: String) -> String {
        let options = MarkdownOptions(unsafeHTML: true) { url, _ in URLPolicy.check(link: url) == nil ? url : nil }
        return MarkdownDocument(parsing: markdown, options: options).html
    }

    @Test func bodyLinksWithControlsNeverBecomeScriptLinks() {
        for markdown in [
            "[a](java&#10;script:alert(1))", "[a](java&#9;script:alert(1))", "[a](<java\tscript:alert(1)>)",
            "[a](java&#13;script:alert(1))", "![a](java&#x0A;script:alert(1))", "[a][r]\n\n[r]: java&#9;script:alert(1)",
        ] {
            let html = Self.renderedLinks(markdown)
            #expect(html.contains("href=\"\"") || html.contains("src=\"\""), "\(markdown): \(html)")
            #expect(!html.lowercased().contains("script:"), "\(markdown): \(html)")
        }
        #expect(Self.renderedLinks("[a](/about/)").contains("href=\"/about/\""))
    }

    /// The same table through every user of the policy: the pages (``LocalPath``, which the
    /// Markdown rewrite, menus and feeds use), images in Word files and print pages
    /// (``ImageFile``) and links in Word files and plain text (``LinkResolver``); and the byte
    /// pre-check in front of the rule answers, when it answers, as the rule does.
    @Test func everyUserFollowsTheOnePolicy() {
        let links = LinkResolver(baseURL: "https://example.org/sub/", basePath: "/sub/", path: "articles/x/")
        func image(_ url: String) -> String? { ImageFile.localPath(url, baseURL: "https://example.org/sub/", basePath: "/sub/") }
        for (url, _) in Self.hostileLinks {
            #expect(links.absolute(url) == nil, "\(url.debugDescription)")
            #expect(image(url) == nil, "\(url.debugDescription)")
        }
        for url in Self.ordinaryLinks where !url.hasPrefix("#") {
            #expect(links.absolute(url) != nil, "\(url.debugDescription)")
        }
        for url in Self.ordinaryLinks + Self.hostileLinks.map(\.0) {
            for directory in ["", "articles/x/"] {
                let fast = LocalPath.precheck(url.utf8)
                #expect(fast == nil || fast == LocalPath.resolveCharacters(url, from: directory), "\(url.debugDescription)")
            }
        }
        // What each user makes of ordinary links.
        #expect(links.absolute("/sub/organizations/x/") == "https://example.org/sub/organizations/x/")
        #expect(links.absolute("y/") == "https://example.org/sub/articles/x/y/")
        // Dropped as the page drops it: the loader's Markdown rewrite resolves from the root.
        #expect(links.absolute("../y/") == nil)
        #expect(links.absolute("//cdn.example.org/a.css") == "https://cdn.example.org/a.css")
        #expect(links.absolute("MAILTO:a@example.org") == "MAILTO:a@example.org")
        #expect(links.absolute("#top") == nil)
        #expect(image("/sub/images/a.png") == "images/a.png")
        #expect(image("https://example.org/sub/images/a.png?v=2") == "images/a.png")
        #expect(image("images/%E4%B8%AD.png") == "images/中.png")
        #expect(image("/sub/images/../logo.svg") == "logo.svg")
        #expect(image("https://other.example/images/a.png") == nil)
        #expect(image("/sub/images/") == nil)
        // A scheme as browsers read it: `1x:` and `中文:` are paths, not schemes to refuse.
        #expect(LocalPath.resolve("1x:y") == .inside("1x:y"))
        #expect(URLPolicy.scheme(of: "中文:x") == nil)
    }

    // MARK: - Base URL

    @Test func baseURLsAcceptedAndRefused() {
        for url in [
            "https://example.org/", "http://example.org", "https://example.org:8443/showcase/", "HTTPS://Example.org/x/",
            "/", "/showcase/", "https://例子.中国/", "http://[::1]:8080/", "http://localhost:8000/",
        ] {
            #expect(URLPolicy.check(baseURL: url) == nil, "\(url.debugDescription)")
        }
        for url in [
            "javascript:alert(1)//", "//evil.example/", "ftp://example.org/", "https://", "https:///x", "example.org",
            "https://exa mple.org/", " https://example.org/", "https://example.org/\n", "https://example.org@evil.example/",
            "https://example.org/?q=1", "https://example.org/#x", "https://example.org:abc/", "https://:80/",
            "data:text/html,x", "/sub\\evil", "/a\"onmouseover=alert(1)", "", "http://[]/", "http://[::1/", "http://[::1]x/",
            "https://a,b/", "https://evil%2f.example/", "https://example.org:/", "https://-x.org/", "https://exa_mple.org:123456/",
        ] {
            #expect(URLPolicy.check(baseURL: url) != nil, "\(url.debugDescription)")
        }
    }

    @Test func badBaseURLOnTheCommandLineIsRefusedBeforeBuilding() throws {
        let site = try TestSite(["content/organizations/o.md": "---\nname: 组织\nkind: hub\ndomain: youth\nsupervisor: 测试市妇女联合会\n---\n正文。\n"])
        defer { site.remove() }
        try site.build()
        let before = try snapshot(of: site.output)
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--base-url", "javascript:alert(1)//"])
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                错误: “--base-url”的网址“javascript:alert(1)//”不能作网站地址
                    修改方法：写成以 https:// 或 http:// 开头、带域名的完整网址（如 https://example.org/showcase/），或以 / 开头的路径（如 /showcase/）

                """)
        let english = try ShowcaseProcess.run(["build", "--source", site.root.path, "--base-url", "//evil.example/", "--lang", "en"])
        #expect(english.status == 1)
        #expect(english.stderr.hasPrefix("error: `--base-url`: `//evil.example/` cannot be the site's address\n"))
        #expect(try snapshot(of: site.output) == before)
        // The library refuses it too, for callers other than the command.
        #expect(throws: ContentErrors.self) {
            try SiteLoader.load(root: site.root, options: LoadOptions(baseURL: "java\nscript:alert(1)//"))
        }
    }

    // MARK: - YAML aliases

    /// A sequence of `count` scalars under an anchor, then one alias to it.
    static func anchoredList(_ count: Int) -> String {
        "list: &big [" + Array(repeating: "x", count: count).joined(separator: ", ") + "]\ncopy: *big\n"
    }

    @Test func aliasBudgetStopsAtItsLimitExactly() {
        // The list is `count` scalars and the sequence itself: `count + 1` values per alias.
        #expect(YAMLAliasBudget.firstOverflow(in: Self.anchoredList(YAMLAliasBudget.limit - 1)) == nil)
        let over = YAMLAliasBudget.firstOverflow(in: Self.anchoredList(YAMLAliasBudget.limit))
        #expect(over?.alias == "big")
        #expect(over?.mark == YAMLMark(line: 2, column: 7))
    }

    @Test func ordinaryAnchorsStillLoad() throws {
        let site = try TestSite([
            "content/articles/a.md": """
            ---
            title: &t 用了别名的文章
            summary: *t
            date: 2014-05-20
            author: 示例作者
            column: 工作动态
            tags: &tags [妇女, 儿童]
            ---
            正文。
            """
        ])
        defer { site.remove() }
        let loaded = try site.load()
        #expect(loaded.articles.first?.summary == "用了别名的文章")
    }

    @Test func billionLaughsIsRefusedQuicklyByCheck() throws {
        let (root, expected) = try BadInputCorpusTests.prepare("yaml-alias-bomb")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try ShowcaseProcess.run(["check", "--source", root.path])
        #expect(run.status == 1)
        #expect(diagnosticsText(ofStandardError: run.stderr) == expected)
        #expect(!run.stdout.contains("内容无误"))
    }

    // MARK: - CSV

    @Test func csvFieldsGuardFormulasAndQuote() {
        let cases: [(String, String)] = [
            ("昆山市妇联", "昆山市妇联"),
            ("=1+1", "'=1+1"),
            ("=HYPERLINK(\"http://evil.example/\",\"点击\")", "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点击\"\")\""),
            ("+86 512", "'+86 512"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "\"'\r=1+1\""),
            ("\u{1}=1+1", "'=1+1"), // controls go first, then the guard sees the `=`
            ("-", "'-"),
            ("-12", "-12"), ("+3", "+3"), ("-0.5", "-0.5"), ("2172900.00", "2172900.00"), ("-1.", "'-1."), ("-.5", "'-.5"),
            ("a,b", "\"a,b\""), ("说\"好\"", "\"说\"\"好\"\"\""), ("两\n行", "\"两\n行\""), ("", ""),
        ]
        for (raw, written) in cases {
            #expect(CSV.field(raw) == written, "\(raw.debugDescription)")
        }
    }

    @Test func csvDocumentHasByteOrderMarkAndCRLFRows() {
        #expect(CSV.document([["名称", "数"], ["=x", "1"]]) == "\u{FEFF}名称,数\r\n'=x,1\r\n")
        #expect(CSV.document([]) == "\u{FEFF}")
    }

    /// Both CSV files of the project come out of the one writer.
    @Test func statisticsAndManifestShareTheWriter() throws {
        let site = try TestSite([
            "content/organizations/o.md":
                "---\nname: 组织\nkind: registered\nregistered: 2013-01-01\ndomain: youth\nsupervisor: \"=cmd|' /C calc'!A0\"\n---\n正文。\n",
            "content/articles/a.md": "---\ntitle: \"@SUM(1+1)\"\nauthor: \"-1+1\"\ndate: 2014-05-20\ncolumn: 工作动态\n---\n正文。\n",
            // Supervisors are the site's choices: a hostile one can only come from here.
            Choices.path: TestSite.choicesYAML.replacingOccurrences(
                of: "supervisor: [测试市妇女联合会, 测试市民政局]",
                with: "supervisor: [测试市妇女联合会, \"=cmd|' /C calc'!A0\"]"),
        ])
        defer { site.remove() }
        let loaded = try site.load()
        let manifest = String(decoding: BundleWriter.manifest(loaded.articles, site: loaded), as: UTF8.self)
        #expect(manifest.contains("\r\n'@SUM(1+1),'-1+1,2014-05-20,"))
        let stats = StatisticsComputer.compute(loaded)
        let csv = try #require(stats.table("organizations", "by-supervisor")?.csv)
        #expect(csv.contains("\r\n'=cmd|' /C calc'!A0,1\r\n"))
    }
}
