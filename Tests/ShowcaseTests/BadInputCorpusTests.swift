import Foundation
import Testing

@testable import Content
@testable import Diagnostics
@testable import Site

/// The bad-input corpus: `Fixtures/invalid/<case>/` is a whole site with one problem, and its
/// `expected.txt` holds exactly the diagnostics a person sees (`file:line:column: 错误: …`, the
/// source line with a caret, the fix). Each case is built twice — in-process through
/// `SiteBuilder.build` and through the real `showcase` executable — over a previously built
/// `output/`, which must come out byte-for-byte untouched whenever the build fails.
///
/// Conventions of a case folder: its `content/` and `templates/` are laid over a copy of the
/// default theme; `templates/REMOVE` lists theme files to delete. Inputs too big or too odd
/// for git (50 MB, 10,000-deep nesting, symbolic links) are made by `generated` at test time.
@Suite("Bad input: exact messages, exit status 1, previous output untouched")
struct BadInputCorpusTests {
    /// Cases that must build (exit status 0); their `expected.txt` holds only warnings, if any.
    static let accepted: Set<String> = [
        "bom-and-crlf", "front-matter-only", "cover-absolute-path", "deep-list", "deep-quote",
        "date-forms", "link-to-missing-page", "symlinked-entry-folder", "csv-formula-names",
    ]

    static let fixtures: URL = {
        let bundled = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("invalid")
        if let bundled, FileManager.default.fileExists(atPath: bundled.path) { return bundled }
        return repositoryRoot.appendingPathComponent("Tests/ShowcaseTests/Fixtures/invalid")
    }()

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// A previous, valid build: the files every failing case must leave alone.
    static let previousOutput: Result<URL, Error> = Result(catching: {
        let site = try TestSite([
            "content/organizations/known.md":
                "---\nname: 旧网站的组织\nkind: registered\ndomain: youth\nregistered: 2013-05-16\nsupervisor: 测试市妇女联合会\n---\n旧正文。\n"
        ])
        try site.build()
        return site.output
    })

    /// Inputs made at test time, keyed by case.
    static func generated(_ name: String, in root: URL) throws {
        let fm = FileManager.default
        func write(_ path: String, _ data: Data) throws {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        switch name {
        case "huge-markdown":
            // 50 MB of ordinary paragraphs behind valid front matter.
            var data = Data("---\ntitle: 很长的文章\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n".utf8)
            let paragraph = Data(String(repeating: "妇女儿童公益服务的长篇报道。", count: 40).appending("\n\n").utf8)
            while data.count < 50 * 1024 * 1024 { data.append(paragraph) }
            try write("content/articles/huge.md", data)
        case "deep-list":
            // `- - - … x` opens one list inside another per marker: 10,000 levels on one line.
            try write(
                "content/articles/deep.md",
                Data(
                    ("---\ntitle: 深层列表\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n"
                        + String(repeating: "- ", count: 10_000) + "最深处\n").utf8))
        case "deep-quote":
            try write(
                "content/articles/deep.md",
                Data(
                    ("---\ntitle: 深层引用\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n"
                        + String(repeating: "> ", count: 10_000) + "最深处\n\n" + String(repeating: "*", count: 5_000) + "强调"
                        + String(repeating: "*", count: 5_000) + "\n\n" + String(repeating: "[", count: 10_000) + "链接"
                        + String(repeating: "](/)", count: 10_000) + "\n").utf8))
        case "choices-file-missing":
            try fm.removeItem(at: root.appendingPathComponent(Choices.path))
        case "symlink-outside":
            // A Markdown file and a folder that lead out of content/.
            try fm.createDirectory(at: root.appendingPathComponent("content/articles"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("content/static"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/articles/outside.md").path, withDestinationPath: "/etc/passwd")
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/static/etc").path, withDestinationPath: "/etc")
        case "symlinked-entry-folder":
            // content/articles is a link to content/news: followed, since it stays inside content/.
            try write("content/news/linked.md", Data("---\ntitle: 经链接读到的文章\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n".utf8))
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/articles").path, withDestinationPath: "news")
        case "symlinked-folder-outside-content":
            // Inside the site, but outside content/: refused, not dropped.
            try write("articles-2014/a.md", Data("---\ntitle: 文章\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n".utf8))
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/articles").path, withDestinationPath: "../articles-2014")
        case "symlink-loops":
            let articles = root.appendingPathComponent("content/articles")
            try fm.createDirectory(at: articles, withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: articles.appendingPathComponent("itself").path, withDestinationPath: ".")
            try fm.createSymbolicLink(atPath: articles.appendingPathComponent("a.md").path, withDestinationPath: "b.md")
            try fm.createSymbolicLink(atPath: articles.appendingPathComponent("b.md").path, withDestinationPath: "a.md")
            try fm.createSymbolicLink(atPath: articles.appendingPathComponent("gone.md").path, withDestinationPath: "deleted.md")
        case "symlink-to-fifo":
            // Opening a FIFO waits for a writer: the build hung. Never opened now.
            try fm.createDirectory(at: root.appendingPathComponent("content/articles"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("content/static"), withIntermediateDirectories: true)
            #expect(mkfifo(root.appendingPathComponent("content/pipe").path, 0o644) == 0)
            #expect(mkfifo(root.appendingPathComponent("content/static/pipe").path, 0o644) == 0)
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/articles/pipe.md").path, withDestinationPath: "../pipe")
        case "data-file-fifo":
            try fm.createDirectory(at: root.appendingPathComponent("content/data"), withIntermediateDirectories: true)
            #expect(mkfifo(root.appendingPathComponent("content/data/programs.yaml").path, 0o644) == 0)
        case "unreadable-file-and-folder":
            try write("content/articles/secret.md", Data("---\ntitle: 读不到\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n".utf8))
            try write("content/articles/locked/inside.md", Data("---\ntitle: 读不到\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n".utf8))
            try write("content/static/images/secret.png", Data([0x89, 0x50, 0x4E, 0x47]))
            for path in unreadable { #expect(chmod(root.appendingPathComponent(path).path, 0) == 0) }
        case "static-name-not-utf8":
            // `bad\xFF.png`: a GBK name copied from another system.
            let folder = root.appendingPathComponent("content/static").path
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = Array(folder.utf8) + Array("/bad".utf8) + [0xFF] + Array(".png".utf8) + [0]
            let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
            #expect(fd >= 0)
            close(fd)
        case "huge-value":
            // A value is quoted in its message: a 200 kB date is cut in the middle.
            try write(
                "content/articles/values.md",
                Data(
                    ("---\ntitle: 值\ndate: \"" + String(repeating: "2014", count: 50_000)
                        + "\"\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n").utf8))
        case "long-line":
            // A 200 kB line with an error at its end: the message shows a window around it.
            try write(
                "content/articles/long.md",
                Data(
                    ("---\ntitle: 长\ndate: 2014-05-20\ncolumn: " + String(repeating: "很长的栏目名", count: 12_000)
                        + ": 冒号\n---\n正文。\n").utf8))
        case "template-symlink-outside":
            // A partial that is a link to a system file: read, it would be on every page.
            let partial = root.appendingPathComponent("templates/partials/footer.html")
            try fm.removeItem(at: partial)
            try fm.createSymbolicLink(atPath: partial.path, withDestinationPath: "/etc/passwd")
        default:
            break
        }
    }

    /// Made unreadable by `generated` (mode 000); given back their mode before a case is removed.
    static let unreadable = ["content/articles/secret.md", "content/articles/locked", "content/static/images/secret.png"]

    /// Whether the system lets this process read a file whatever its mode (root does).
    static let readsEverything: Bool = {
        let path = temporaryFolder("showcase-mode").path
        FileManager.default.createFile(atPath: path, contents: Data("x".utf8), attributes: [.posixPermissions: 0])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }()

    /// Makes `uid` the owner of everything in `root` (links themselves, not their targets).
    static func give(_ root: URL, to uid: UInt32) throws {
        var paths = [root.path]
        if let e = FileManager.default.enumerator(atPath: root.path) {
            for case let relative as String in e { paths.append(root.appendingPathComponent(relative).path) }
        }
        for path in paths { #expect(lchown(path, uid, uid) == 0, "\(path)") }
    }

    /// Removes a case's folder, giving unreadable paths their mode back first.
    static func remove(_ root: URL) {
        for path in unreadable { chmod(root.appendingPathComponent(path).path, 0o755) }
        try? FileManager.default.removeItem(at: root)
    }

    /// A temporary site for one case, with the previous output in place.
    static func prepare(_ name: String) throws -> (root: URL, expected: String) {
        let fm = FileManager.default
        let root = temporaryFolder("showcase-bad-\(name)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try fm.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: root.appendingPathComponent("templates"))
        let source = fixtures.appendingPathComponent(name)
        try overlay(source, onto: root)
        let expectedURL = root.appendingPathComponent("expected.txt")
        var expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? ""
        if expected.hasSuffix("\n") { expected.removeLast() }
        try? fm.removeItem(at: expectedURL)
        let remove = root.appendingPathComponent("templates/REMOVE")
        if let list = try? String(contentsOf: remove, encoding: .utf8) {
            for file in list.split(separator: "\n") { try fm.removeItem(at: root.appendingPathComponent("templates/\(file)")) }
            try fm.removeItem(at: remove)
        }
        // Every case has the test sites' choices unless it brings its own.
        let choices = root.appendingPathComponent(Choices.path)
        if !fm.fileExists(atPath: choices.path) {
            try fm.createDirectory(at: choices.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(TestSite.choicesYAML.utf8).write(to: choices)
        }
        try generated(name, in: root)
        try fm.copyItem(at: try previousOutput.get(), to: root.appendingPathComponent("output"))
        return (root, expected)
    }

    /// Hidden folders a build left beside `output/` (a staging folder must not survive a failure).
    static func leftovers(in root: URL) throws -> [String] { try strayFiles(besideOutputIn: root) }

    @Test("the corpus has every case the issue lists")
    func corpusIsComplete() {
        let required = [
            "yaml-unclosed-quote", "yaml-bad-indentation", "yaml-tab", "missing-closing-fence", "front-matter-only",
            "empty-file", "funding-in-words", "impossible-date", "negative-funding", "absurd-funding",
            "unknown-reference", "duplicate-slug", "two-files-one-url", "gb18030-file", "bom-and-crlf",
            "huge-markdown", "deep-list", "deep-quote", "slug-leaves-site", "logo-leaves-site", "logo-encoded-escape",
            "body-image-leaves-site", "symlink-outside", "template-syntax-error", "missing-template",
            // Issue 19: a one-character mistake never changes a figure silently.
            "choice-program-typo", "choice-supervisor-alias", "missing-supervisor", "missing-registered",
            "choice-column", "choice-event-kind", "missing-location", "unknown-key-drops-data",
            "choices-file-missing", "data-program-typo", "date-forms", "impossible-day-month",
            "full-width-colon", "link-to-missing-page",
            // Issue 21: integrity and messages.
            "static-clashes-generated", "programs-years-reversed", "programs-zero-total", "programs-total-below-count",
            "symlinked-entry-folder", "symlinked-folder-outside-content", "symlink-loops", "symlink-to-fifo",
            "data-file-fifo", "unreadable-file-and-folder", "static-name-not-utf8", "leap-second",
            "nul-in-front-matter", "long-line", "huge-value",
            // Issue 21, security.
            "menu-control-url", "front-matter-control-url", "body-image-control-url", "base-url-javascript",
            "base-url-other-host", "yaml-alias-bomb", "site-yaml-alias-bomb", "data-alias-bomb",
            "csv-formula-names", "template-symlink-outside",
        ]
        #expect(Set(required).subtracting(Self.cases).isEmpty, "missing: \(Set(required).subtracting(Self.cases).sorted())")
    }

    @Test("in-process build: exact diagnostics, previous output untouched", arguments: cases)
    func inProcess(_ name: String) throws {
        if name == "unreadable-file-and-folder", Self.readsEverything {
            try Test.cancel("this process reads files whatever their mode (root): the subprocess test runs the case as nobody")
        }
        let (root, expected) = try Self.prepare(name)
        defer { Self.remove(root) }
        let output = root.appendingPathComponent("output")
        let before = try snapshot(of: output)
        var options = BuildOptions(root: root)
        options.articleDownloads = false
        options.now = Date(timeIntervalSince1970: 1_795_000_000)
        do {
            let report = try SiteBuilder.build(options)
            #expect(Self.accepted.contains(name), "\(name) should have failed")
            #expect(report.warnings.map { $0.formatted(in: .zh) }.joined(separator: "\n\n") == expected)
            #expect(try snapshot(of: output) != before, "an accepted site replaces the previous output")
        } catch let errors as ContentErrors {
            #expect(!Self.accepted.contains(name), "\(name) should have built: \(errors.diagnostics.map { $0.formatted(in: .zh) })")
            #expect(errors.diagnostics.map { $0.formatted(in: .zh) }.joined(separator: "\n\n") == expected)
            #expect(try snapshot(of: output) == before, "a failed build leaves the previous output byte-for-byte")
        }
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    /// Runs `showcase` on a case's site. Root reads files whatever their mode: the unreadable
    /// case is run as nobody, in a site it owns.
    static func runCommand(_ arguments: [String], case name: String, root: URL) throws -> ShowcaseProcess.Outcome {
        let asNobody = name == "unreadable-file-and-folder" && readsEverything
        if asNobody {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                try Test.cancel("this process reads files whatever their mode, and setpriv (util-linux) is missing to run the case as nobody")
            }
            try give(root, to: 65534)
        }
        return try ShowcaseProcess.run(arguments, asUser: asNobody ? 65534 : nil)
    }

    @Test("the showcase command: exit status, exact stderr, previous output untouched", arguments: cases)
    func subprocess(_ name: String) throws {
        let (root, expected) = try Self.prepare(name)
        defer { Self.remove(root) }
        let output = root.appendingPathComponent("output")
        let before = try snapshot(of: output)
        let run = try Self.runCommand(["build", "--source", root.path, "--no-downloads", "--today", "2026-11-29"], case: name, root: root)
        let accepted = Self.accepted.contains(name)
        #expect(run.status == (accepted ? 0 : 1), "\(run.stderr)")
        #expect(diagnosticsText(ofStandardError: run.stderr) == expected)
        if accepted {
            #expect(try snapshot(of: output) != before)
        } else {
            #expect(run.stderr.hasSuffix("生成失败，原有的输出文件夹未改动。\n"))
            #expect(run.stdout.isEmpty)
            #expect(try snapshot(of: output) == before)
        }
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    /// `--lang en` says the same problems in English, templates' among them, in the same
    /// order (by file and line: `content/` before `templates/`), with the English count.
    @Test func templateAndContentProblemsTogetherInEnglish() throws {
        let (root, _) = try Self.prepare("template-and-content-errors")
        defer { Self.remove(root) }
        let run = try Self.runCommand(
            ["build", "--source", root.path, "--no-downloads", "--lang", "en"], case: "template-and-content-errors", root: root)
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                content/organizations/o.md:3:1: error: a registered organization (kind: registered) needs `registered`, its registration date
                    kind: registered
                    ^
                    how to fix: add a line such as `registered: 2012-06-18`

                templates/article.html:3:24: error: template syntax error: {{/titel}} closes {{#title}}: the names differ
                    <h1>{{#title}}{{title}}{{/titel}}</h1>
                                           ^
                    how to fix: write {{/title}}, the name of the opening tag

                2 error(s), 0 warning(s).
                Build failed; the previous output is unchanged.

                """)
    }

    /// `check` reports exactly what `build` reports (errors, and the warnings of accepted cases:
    /// links to missing pages, missing covers), with the same exit status, and writes nothing.
    @Test("the check command reports what build reports", arguments: cases)
    func checkAgreesWithBuild(_ name: String) throws {
        let (root, expected) = try Self.prepare(name)
        defer { Self.remove(root) }
        let output = root.appendingPathComponent("output")
        let before = try snapshot(of: output)
        let run = try Self.runCommand(["check", "--source", root.path], case: name, root: root)
        let accepted = Self.accepted.contains(name)
        #expect(run.status == (accepted ? 0 : 1), "\(run.stderr)")
        #expect(diagnosticsText(ofStandardError: run.stderr) == expected)
        if accepted {
            // "No problems" only when there is no warning either.
            #expect(run.stdout.hasPrefix(expected.isEmpty ? "内容无误：" : "内容可以发布，但有 "), "\(run.stdout)")
        } else {
            #expect(run.stdout.isEmpty)
        }
        #expect(try snapshot(of: output) == before)
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    /// What the accepted cases must produce, beyond exiting 0.
    @Test func acceptedInputsRenderTheirContent() throws {
        for name in Self.accepted.sorted() {
            let (root, _) = try Self.prepare(name)
            defer { Self.remove(root) }
            var options = BuildOptions(root: root)
            options.articleDownloads = true
            _ = try SiteBuilder.build(options)
            let out = root.appendingPathComponent("output")
            func page(_ path: String) throws -> String { try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) }
            switch name {
            case "bom-and-crlf":
                let html = try page("articles/o/index.html")
                #expect(html.contains("<h1>题</h1>") && html.contains("正文。"))
                #expect(!html.contains("\u{FEFF}") && !html.contains("\r"))
            case "front-matter-only":
                #expect(try page("articles/e/index.html").contains("<h1>只有信息区</h1>"))
            case "cover-absolute-path":
                // Nothing outside the site is ever copied: only a link to a missing file remains.
                let files = try snapshot(of: out)
                #expect(!files.keys.contains { $0.hasSuffix("passwd") })
                #expect(!files.values.contains { String(decoding: $0, as: UTF8.self).contains("root:x:0:0") })
            case "date-forms":
                #expect(try page("articles/chinese/index.html").contains("2015年4月18日"))
                #expect(try page("articles/short/index.html").contains("2015年4月20日"))
                #expect(try page("articles/slash/index.html").contains("2015年4月18日"))
                #expect(try page("events/e/index.html").contains("09:30"))
            case "link-to-missing-page":
                #expect(try page("articles/a/index.html").contains("见"))
            case "deep-list", "deep-quote":
                let html = try page("articles/deep/index.html")
                #expect(html.contains("最深处"))
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("articles/deep/deep.docx").path))
                #expect(try String(contentsOf: out.appendingPathComponent("articles/deep/deep.txt"), encoding: .utf8).contains("最深处"))
            case "symlinked-entry-folder":
                // Followed, not dropped: the article behind the linked folder is published.
                #expect(try page("articles/linked/index.html").contains("<h1>经链接读到的文章</h1>"))
            case "csv-formula-names":
                // Cells a spreadsheet would run as formulas are written as text.
                let csv = try page("statistics/organizations/by-supervisor.csv") + page("statistics/organizations/by-domain.csv")
                #expect(csv.contains("\r\n'@SUM(1+1)*cmd|' /C calc'!A0,1\r\n"))
                #expect(csv.contains("\r\n'-2+3+cmd|' /C calc'!A0,1,0,0,1\r\n"))
                #expect(!csv.contains("\n@") && !csv.contains("\n-") && !csv.contains("\n="))
            default:
                Issue.record("no checks for \(name)")
            }
        }
    }

    /// `check` reports the same problems without writing anything.
    @Test func checkCommandExitsWithOneAndWritesNothing() throws {
        let (root, expected) = try Self.prepare("impossible-date")
        defer { Self.remove(root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("output"))
        let run = try ShowcaseProcess.run(["check", "--source", root.path])
        #expect(run.status == 1)
        #expect(diagnosticsText(ofStandardError: run.stderr) == expected)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    /// `--output` pointing at the sources is refused with status 1, and nothing is deleted.
    @Test func outputOverTheSourcesIsRefusedByTheCommand() throws {
        let (root, _) = try Self.prepare("bom-and-crlf")
        defer { Self.remove(root) }
        let before = try snapshot(of: root.appendingPathComponent("content"))
        for output in [root.path, root.appendingPathComponent("content").path, root.appendingPathComponent("templates/static/out").path] {
            let run = try ShowcaseProcess.run(["build", "--source", root.path, "--output", output, "--no-downloads"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("错误: 输出文件夹"), "\(run.stderr)")
        }
        #expect(try snapshot(of: root.appendingPathComponent("content")) == before)
    }
}
