import Foundation
import Testing

/// What `showcase build` prints, by flag: the summary by default, every phase with `--verbose`,
/// nothing but problems with `--quiet`; and, piped, never a terminal's control characters.
@Suite("Build output: --quiet, --verbose, piped")
struct CommandOutputTests {
    static func site() throws -> TestSite {
        try TestSite(["content/articles/a.md": "---\ntitle: 第一篇\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n[坏链接](/organizations/nobody/)\n"])
    }

    @Test func quietPrintsOnlyProblems() throws {
        let site = try Self.site()
        defer { site.remove() }
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--quiet"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(run.stderr.contains("content/articles/a.md:7:7: 警告:"), "the broken link is still reported: \(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    }

    @Test func verbosePutsEveryPhaseOnItsOwnLine() throws {
        let site = try Self.site()
        defer { site.remove() }
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "-v"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        for phase in ["读取内容并生成文章下载", "编译模板", "渲染卡片", "替换输出文件夹"] {
            #expect(lines.contains { $0.hasPrefix("  \(phase)：") && $0.hasSuffix(" ms") }, "\(phase): \(run.stdout)")
        }
        let plain = try ShowcaseProcess.run(["build", "--source", site.root.path])
        #expect(
            plain.stdout.split(separator: "\n").count == 6,
            "the summary, pages by kind, downloads, output files written and left as they were, pages rendered and kept, phases: \(plain.stdout)"
        )
        #expect(plain.stdout.contains("\n  页面："), "nothing changed since the -v build: its pages are kept: \(plain.stdout)")
        #expect(!plain.stdout.contains("\u{1B}") && !plain.stderr.contains("\u{1B}"), "no terminal control characters when piped")
    }

    /// Under `--lang en` the whole summary is English: the phases and the kinds of page too.
    @Test func theSummaryFollowsLang() throws {
        let site = try Self.site()
        defer { site.remove() }
        let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "-v", "--lang", "en"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        for phase in [
            "reading the content and making the downloads", "compiling the templates", "rendering the cards", "replacing the output folder",
        ] {
            #expect(lines.contains { $0.hasPrefix("  \(phase): ") && $0.hasSuffix(" ms") }, "\(phase): \(run.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("  home 1, ") && $0.contains("articles 1") }, "\(run.stdout)")
        let han = run.stdout.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }
        #expect(han.isEmpty, "no Chinese in the English summary (paths aside): \(run.stdout)")
    }
}
