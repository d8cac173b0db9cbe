import Foundation
import Testing

@testable import Content
@testable import Diagnostics
@testable import Site

/// Issue 21's holes that the bad-input corpus does not show on its own: how source lines are
/// echoed, calendars of all-day events, the site's static files over the theme's, `--today`,
/// and `check`/`stats` on data that used to trap.
@Suite("Integrity and messages")
struct IntegrityTests {
    @Test func echoedLinesAreCutAroundTheColumn() {
        // Short, clean lines are shown as they are.
        #expect(Diagnostic.excerpt(of: "title: 标题", column: 8) == ("title: 标题", 8))
        // 200 kB of ASCII: 80 cells around the column, with … where it was cut.
        let long = String(repeating: "a", count: 100_000) + "X" + String(repeating: "b", count: 100_000)
        let (shown, column) = Diagnostic.excerpt(of: long, column: 100_001)
        #expect(shown == "…" + String(repeating: "a", count: 40) + "X" + String(repeating: "b", count: 39) + "…")
        #expect(Array(shown)[column - 1] == "X")
        // Near the start nothing is cut before; wide characters count two cells.
        let (start, startColumn) = Diagnostic.excerpt(of: String(repeating: "妇", count: 1000), column: 3)
        #expect(start == String(repeating: "妇", count: 40) + "…" && startColumn == 3)
        // At the end nothing is cut after, and the window keeps its width.
        let (end, endColumn) = Diagnostic.excerpt(of: String(repeating: "c", count: 500) + ":", column: 501)
        #expect(end == "…" + String(repeating: "c", count: 79) + ":" && Array(end)[endColumn - 1] == ":")
    }

    @Test func controlCharactersAreShownVisiblyAndTheCaretStaysUnderItsCharacter() {
        let (shown, column) = Diagnostic.excerpt(of: "a\u{0}b\u{1B}c\u{7F}\td", column: 7)
        #expect(shown == "a\u{2400}b\u{241B}c\u{2421}\td" && column == 7)
        let d = Diagnostic(
            .error, .yamlSyntax("x"), at: SourceLocation(file: "f.md", line: 2, column: 4),
            sourceLine: "标\u{0}\u{0}x")
        let lines = d.formatted(in: .en).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "    标\u{2400}\u{2400}x")
        #expect(lines[2] == "    " + "    " + "^", "标 is two cells, each ␀ one")
        #expect(!d.formatted(in: .zh).contains("\u{0}"))
    }

    @Test func valuesQuotedInMessagesAreCutAndShowTheirControls() {
        #expect(ContentProblem.shown("2014-05-20") == "2014-05-20")
        #expect(ContentProblem.shown("a\u{0}b\tc") == "a\u{2400}b\u{2409}c")
        let long = ContentProblem.shown(String(repeating: "日", count: 30) + String(repeating: "x", count: 200_000) + String(repeating: "月", count: 29))
        #expect(long == String(repeating: "日", count: 30) + "…" + String(repeating: "月", count: 29))
        let message = ContentProblem.invalidDate(field: "date", value: String(repeating: "9", count: 200_000)).text(in: .en).message
        #expect(message.count < 120)
    }

    @Test func secondsOutsideTheMinuteAreNamed() {
        let parser = DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(parser.parse("2016-12-31 23:59:60") == .failure(.impossible(.noSuchSecond(60))))
        #expect(parser.parse("2016-12-31T23:59:99Z") == .failure(.impossible(.noSuchSecond(99))))
        #expect(DateProblem.noSuchSecond(60).text(in: .zh) == "没有第 60 秒（秒数应为 00–59）")
        #expect(parser.parse("2016-12-31 23:59:59").map(\.minute) == .success(59))
    }

    /// RFC 5545 §3.6.1: an all-day event's end is a DATE, the day after its last day.
    @Test func allDayEventsEndOnTheDayAfterTheirLastDay() throws {
        var files = fullSite
        files["content/events/camp.md"] =
            "---\ntitle: 三天营地\nstart: 2014-12-30\nend: 2015-01-01\nlocation: 营地\nkind: 培训\norganizers: [family-center]\n---\n"
        files["content/events/day.md"] = "---\ntitle: 一天\nstart: 2016-02-28\nlocation: 会场\nkind: 培训\norganizers: [family-center]\n---\n"
        files["content/events/evening.md"] =
            "---\ntitle: 到次日\nstart: 2014-07-12 14:30\nend: 2014-07-13\nlocation: 会场\nkind: 培训\norganizers: [family-center]\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        try site.build()
        let camp = try site.read("events/camp/camp.ics")
        #expect(camp.contains("\r\nDTSTART;VALUE=DATE:20141230\r\nDTEND;VALUE=DATE:20150102\r\n"))
        #expect(try site.read("events/day/day.ics").contains("\r\nDTSTART;VALUE=DATE:20160228\r\nDTEND;VALUE=DATE:20160229\r\n"))
        // A timed start with a date-only end: the whole of the last day, to midnight in Shanghai.
        #expect(
            try site.read("events/evening/evening.ics").contains(
                "\r\nDTSTART;TZID=Asia/Shanghai:20140712T143000\r\nDTEND;TZID=Asia/Shanghai:20140714T000000\r\n"))
    }

    /// Only generated files are protected: the site's static files replace the theme's, also
    /// where one has a folder and the other a file of the same name.
    @Test func theSitesStaticFilesReplaceTheThemes() throws {
        var files = fullSite
        files["content/static/assets/site.css"] = "body { color: #111; }\n"
        files["content/static/assets/stats.css/readme.txt"] = "站点自己的文件夹\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        #expect(report.warnings.isEmpty)
        #expect(try site.read("assets/site.css") == "body { color: #111; }\n")
        #expect(try site.read("assets/stats.css/readme.txt") == "站点自己的文件夹\n")
        let statics = SiteBuilder.staticFiles(root: site.root, site: try site.load())
        // The theme's own files stay where the site brings none of its own.
        #expect(
            statics.map(\.source) == [
                "templates/static/assets/favicon.svg", "templates/static/assets/search.js",
                "content/static/assets/site.css", "content/static/assets/stats.css/readme.txt",
                "content/static/images/logo.svg",
            ])
    }

    /// A link inside content/ is followed, to a file or a folder, and its entries are loaded.
    @Test func linksInsideContentAreFollowed() throws {
        var files = fullSite
        files["content/shared/news/extra.md"] = "---\ntitle: 链接来的文章\ndate: 2014-05-21\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n"
        let site = try TestSite(files)
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appendingPathComponent("content/articles/more").path,
            withDestinationPath: "../shared/news")
        let loaded = try site.load()
        #expect(loaded.articles.contains { $0.slug == "extra" && $0.source.path == "content/articles/more/extra.md" })
    }

    @Test func aBadTodayIsRefused() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        for (today, message) in [
            ("2026-02-30", "错误: --today 的日期“2026-02-30”有误：2026年2月只有28天"),
            ("昨天", "错误: --today 的日期“昨天”无法识别"),
        ] {
            let run = try ShowcaseProcess.run(["build", "--source", site.root.path, "--today", today])
            #expect(run.status == 1)
            #expect(run.stderr == message + "\n    修改方法：写成 2026-11-29 这样的日期\n")
            #expect(!FileManager.default.fileExists(atPath: site.output.path), "nothing is built")
        }
        let english = try ShowcaseProcess.run(["build", "--source", site.root.path, "--today", "2026-13-01", "--lang", "en"])
        #expect(english.stderr.hasPrefix("error: --today: `2026-13-01` is not a date that exists (there is no month 13)\n"))
    }

    /// `check` and `stats` read the data as `build` does: the reversed range stops all three
    /// with the same located error, where `build` and `stats` used to trap and `check` passed.
    @Test(arguments: ["programs-years-reversed", "programs-total-below-count"])
    func checkAndStatsRefuseWhatBuildRefuses(_ name: String) throws {
        let (root, expected) = try BadInputCorpusTests.prepare(name)
        defer { BadInputCorpusTests.remove(root) }
        for command in [["check"], ["stats"], ["stats", "--json"]] {
            let run = try ShowcaseProcess.run(command + ["--source", root.path])
            #expect(run.status == 1, "\(command)")
            #expect(diagnosticsText(ofStandardError: run.stderr) == expected, "\(command)")
            #expect(run.stdout.isEmpty)
        }
    }
}
