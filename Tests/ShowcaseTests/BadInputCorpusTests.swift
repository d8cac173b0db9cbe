import Foundation
import Testing
@testable import Content
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
    static let accepted: Set<String> = ["bom-and-crlf", "front-matter-only", "cover-absolute-path", "deep-list", "deep-quote",
                                        "csv-formula-names"]

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
        let site = try TestSite(["content/organizations/known.md": "---\nname: 旧网站的组织\nkind: registered\ndomain: youth\n---\n旧正文。\n"])
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
            var data = Data("---\ntitle: 很长的文章\ndate: 2014-05-20\n---\n".utf8)
            let paragraph = Data(String(repeating: "妇女儿童公益服务的长篇报道。", count: 40).appending("\n\n").utf8)
            while data.count < 50 * 1024 * 1024 { data.append(paragraph) }
            try write("content/articles/huge.md", data)
        case "deep-list":
            // `- - - … x` opens one list inside another per marker: 10,000 levels on one line.
            try write("content/articles/deep.md", Data(("---\ntitle: 深层列表\ndate: 2014-05-20\n---\n"
                + String(repeating: "- ", count: 10_000) + "最深处\n").utf8))
        case "deep-quote":
            try write("content/articles/deep.md", Data(("---\ntitle: 深层引用\ndate: 2014-05-20\n---\n"
                + String(repeating: "> ", count: 10_000) + "最深处\n\n" + String(repeating: "*", count: 5_000) + "强调"
                + String(repeating: "*", count: 5_000) + "\n\n" + String(repeating: "[", count: 10_000) + "链接"
                + String(repeating: "](/)", count: 10_000) + "\n").utf8))
        case "symlink-outside":
            // A Markdown file and a folder that lead out of content/.
            try fm.createDirectory(at: root.appendingPathComponent("content/articles"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("content/static"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/articles/outside.md").path, withDestinationPath: "/etc/passwd")
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/static/etc").path, withDestinationPath: "/etc")
        case "template-symlink-outside":
            // A partial that is a link to a system file: read, it would be on every page.
            let partial = root.appendingPathComponent("templates/partials/footer.html")
            try fm.removeItem(at: partial)
            try fm.createSymbolicLink(atPath: partial.path, withDestinationPath: "/etc/passwd")
        default:
            break
        }
    }

    /// A temporary site for one case, with the previous output in place.
    static func prepare(_ name: String) throws -> (root: URL, expected: String) {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("showcase-bad-\(name)-\(UUID().uuidString)")
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
        try generated(name, in: root)
        try fm.copyItem(at: try previousOutput.get(), to: root.appendingPathComponent("output"))
        return (root, expected)
    }

    /// Hidden folders a build left beside `output/` (a staging folder must not survive a failure).
    static func leftovers(in root: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".output") }
    }

    @Test("the corpus has every case the issue lists")
    func corpusIsComplete() {
        let required = ["yaml-unclosed-quote", "yaml-bad-indentation", "yaml-tab", "missing-closing-fence", "front-matter-only",
                        "empty-file", "funding-in-words", "impossible-date", "negative-funding", "absurd-funding",
                        "unknown-reference", "duplicate-slug", "two-files-one-url", "gb18030-file", "bom-and-crlf",
                        "huge-markdown", "deep-list", "deep-quote", "slug-leaves-site", "logo-leaves-site", "logo-encoded-escape",
                        "body-image-leaves-site", "symlink-outside", "template-syntax-error", "missing-template",
                        // Issue 21, security.
                        "menu-control-url", "front-matter-control-url", "body-image-control-url", "base-url-javascript",
                        "base-url-other-host", "yaml-alias-bomb", "site-yaml-alias-bomb", "data-alias-bomb",
                        "csv-formula-names", "template-symlink-outside"]
        #expect(Set(required).subtracting(Self.cases).isEmpty, "missing: \(Set(required).subtracting(Self.cases).sorted())")
    }

    @Test("in-process build: exact diagnostics, previous output untouched", arguments: cases)
    func inProcess(_ name: String) throws {
        let (root, expected) = try Self.prepare(name)
        defer { try? FileManager.default.removeItem(at: root) }
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

    @Test("the showcase command: exit status, exact stderr, previous output untouched", arguments: cases)
    func subprocess(_ name: String) throws {
        let (root, expected) = try Self.prepare(name)
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("output")
        let before = try snapshot(of: output)
        let run = try ShowcaseProcess.run(["build", "--source", root.path, "--no-downloads", "--today", "2026-11-29"])
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

    /// What the accepted cases must produce, beyond exiting 0.
    @Test func acceptedInputsRenderTheirContent() throws {
        for name in Self.accepted.sorted() {
            let (root, _) = try Self.prepare(name)
            defer { try? FileManager.default.removeItem(at: root) }
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
            case "deep-list", "deep-quote":
                let html = try page("articles/deep/index.html")
                #expect(html.contains("最深处"))
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("articles/deep/deep.docx").path))
                #expect(try String(contentsOf: out.appendingPathComponent("articles/deep/deep.txt"), encoding: .utf8).contains("最深处"))
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
        defer { try? FileManager.default.removeItem(at: root) }
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
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try snapshot(of: root.appendingPathComponent("content"))
        for output in [root.path, root.appendingPathComponent("content").path, root.appendingPathComponent("templates/static/out").path] {
            let run = try ShowcaseProcess.run(["build", "--source", root.path, "--output", output, "--no-downloads"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("错误: 输出文件夹"), "\(run.stderr)")
        }
        #expect(try snapshot(of: root.appendingPathComponent("content")) == before)
    }
}
