import ArgumentParser
import Foundation
import Testing

@testable import Content
@testable import Destination
@testable import Diagnostics
@testable import Export
@testable import Report
@testable import ShowcaseCLI
@testable import Site
@testable import Templates
@testable import Support

/// The one path from an error to what a person reads (`CommandFailure`): every kind of error,
/// in both languages, and the options that used to be printed, ignored or passed by `setenv`.
@Suite("One error path for every command")
struct CommandFailureTests {
    static func both(_ error: Error) -> (zh: String?, en: String?) {
        let reportable = CommandFailure.reportable(error, writing: "/tmp/out")
        return (reportable?.formatted(in: .zh), reportable?.formatted(in: .en))
    }

    @Test func everyDomainErrorSpeaksBothLanguages() throws {
        let diagnostic = Diagnostic(.error, TemplateProblem.missingTemplate("templates/page.html"), at: SourceLocation(file: "templates/page.html"))
        let errors: [Error] = [
            ContentErrors([diagnostic]),
            FolderError("/tmp/out", .notAFolder),
            ReportError("report.pdf", .yearOutOfRange(3000)),
            ExportError.unknownArticles([.init(slug: "x", suggestion: "y")]),
            ExportError.emptySelection(ArticleSelection(column: "妇儿之窗", issue: 9, from: "2014-01-01")),
            ExportError.invalidDate("2014-02-30", reason: .dayOutOfRange(year: 2014, month: 2, days: 28)),
            OptionError(.invalidJobs(0)),
            EntryScaffold.Refusal.invalidSlug("A B"),
        ]
        for error in errors {
            let (zh, en) = Self.both(error)
            let chinese = try #require(zh, "\(error)")
            let english = try #require(en, "\(error)")
            #expect(chinese.contains("错误"), "\(chinese)")
            #expect(english.contains("error"), "\(english)")
            // English means English: no CJK punctuation or words beyond the quoted names.
            #expect(!english.contains("错误") && !english.contains("修改方法") && !english.contains("。"), "\(english)")
        }
        #expect(
            Self.both(ExportError.emptySelection(ArticleSelection(column: "妇儿之窗", issue: 9, from: "2014-01-01"))).en
                == "error: no article matches (the column 妇儿之窗, issue 9, from 2014-01-01).")
        #expect(
            Self.both(ExportError.invalidDate("2014-02-30", reason: .dayOutOfRange(year: 2014, month: 2, days: 28))).zh
                == "错误：日期“2014-02-30”无效：2014年2月只有28天（格式为 2014-05-20）。")
        #expect(Self.both(ContentErrors([diagnostic])).zh?.hasSuffix("\n\n共 1 个错误，0 个警告。") == true)
    }

    /// Foundation's own errors are said as a failed write, never with its domain and code.
    @Test func foundationErrorsAreSaidOurWay() throws {
        let error = CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/srv/site/x.html"])
        let (zh, en) = Self.both(error)
        #expect(zh == "/srv/site/x.html: 错误: 无法写入文件：权限不足\n    修改方法：换一个您有写入权限的文件夹，或请管理员调整权限")
        #expect(en?.hasPrefix("/srv/site/x.html: error: cannot write the file: permission denied") == true)
    }

    /// argument-parser's own errors keep its usage messages and exit statuses.
    @Test func argumentParserErrorsPassThrough() {
        #expect(CommandFailure.reportable(ExitCode(3), writing: nil) == nil)
        #expect(CommandFailure.reportable(ValidationError("x"), writing: nil) == nil)
        #expect(CommandFailure.reportable(CleanExit.helpRequest(), writing: nil) == nil)
    }

    @Test func jobsIsAValueNotAnEnvironmentVariable() throws {
        let site = try SiteOptions.parse(["--source", "/tmp/site"])
        #expect(try BuildFlags.parse(["--jobs", "3"]).options(site).jobs == 3)
        #expect(try BuildFlags.parse([]).options(site).jobs == nil)
        #expect(ProcessInfo.processInfo.environment["SHOWCASE_JOBS"] == nil)
        #expect(throws: OptionError(.invalidJobs(0))) { try BuildFlags.parse(["--jobs", "0"]).options(site) }
    }

    /// The count asked for holds in every parallel step under it, on Parallel's own threads too.
    @Test func workersCarryIntoNestedParallelWork() {
        let seen = Parallel.withWorkers(3) {
            Parallel.map(Array(0..<8)) { _ in Parallel.both({ Parallel.defaultWorkers() }, { Parallel.defaultWorkers() }) }
        }
        #expect(seen.allSatisfy { $0 == (3, 3) })
        #expect(Parallel.start { Parallel.defaultWorkers() }.wait() == Parallel.defaultWorkers())
        #expect(Parallel.withWorkers(2) { Parallel.start { Parallel.defaultWorkers() } }.wait() == 2)
    }

    /// Through the real executable: `--lang en` reaches the export errors, and `--jobs 0` is refused.
    @Test func theExecutableUsesThePath() throws {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let root = fixtures.appendingPathComponent("export-site").path
        let out = temporaryFolder("showcase-failure").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let english = try ShowcaseProcess.run(["export", "full-feature", "--format", "txt", "--source", root, "--out", out, "--lang", "en"])
        #expect(english.status == 1)
        #expect(english.stderr == "error: no article has the slug `full-feature`; did you mean `full-features`?\n")
        let chinese = try ShowcaseProcess.run(["export", "full-feature", "--format", "txt", "--source", root, "--out", out])
        #expect(chinese.stderr == "错误：没有 slug 为“full-feature”的文章，您是不是要找“full-features”？\n")
        let jobs = try ShowcaseProcess.run(["build", "--source", root, "--output", out, "--jobs", "0", "--lang", "en"])
        #expect(jobs.status == 1)
        #expect(jobs.stderr.hasPrefix("error: --jobs 0 is not a thread count (at least 1)\n"))
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is built")
    }
}
