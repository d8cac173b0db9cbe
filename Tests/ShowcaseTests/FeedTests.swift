import Foundation
import Testing

@testable import Content
@testable import Site

/// Atom feeds read by Python's `feedparser` and every calendar by `icalendar` (the Makefile's
/// `test-deps` installs both), with the times checked against the content.
@Suite struct FeedTests {
    static let checker = repositoryRoot.appendingPathComponent("Tests/ShowcaseTests/Fixtures/search/check-feeds.py").path

    static let files: [String: String] = {
        var files = fullSite
        files["content/events/two-days.md"] =
            "---\ntitle: 两天的培训\nstart: 2027-01-30\nend: 2027-01-31\nlocation: \"礼堂, 二楼; 东侧\\\\门\"\nkind: 培训\norganizers: [family-center]\n---\n第一段，说明。\n"
        files["content/events/late.md"] =
            "---\ntitle: \"逗号, 分号; 反斜杠\\\\ 以及一个很长很长很长很长很长很长很长很长很长很长很长很长很长的活动标题\"\nstart: 2027-12-31 22:30\nend: 2028-01-01 01:00\nlocation: 广场\nkind: 交流\norganizers: [family-center]\n---\n跨年。\n"
        files["content/events/to-the-day.md"] =
            "---\ntitle: 截至某日\nstart: 2027-05-01 09:00\nend: 2027-05-03\nlocation: 展厅\nkind: 展示\norganizers: [family-center]\n---\n展览。\n"
        return files
    }()

    struct Report: Decodable {
        struct Feed: Decodable {
            var bozo: String?
            var title: String?
            struct Entry: Decodable { var title: String?; var link: String?; var published: String? }
            var entries: [Entry]
        }
        struct Calendar: Decodable {
            struct Event: Decodable {
                var uid: String, summary: String, location: String, url: String, description: String
                var start: String, end: String?, allDay: Bool, tzid: String?
            }
            var events: [Event]
            var timezones: [String]
            var longest_line: Int
            var bare_newlines: Int
            var lines_valid_utf8: Bool
        }
        var feeds: [String: Feed]
        var calendars: [String: Calendar]
    }

    static func read(_ output: URL) throws -> Report? {
        guard pythonHas(["feedparser", "icalendar"]) else {
            Issue.record("Python's feedparser and icalendar are needed: pip install feedparser icalendar (make test-deps)")
            return nil
        }
        let r = try runTool(["python3", checker, output.path])
        try #require(r.status == 0, Comment(rawValue: r.err))
        return try JSONDecoder().decode(Report.self, from: r.out)
    }

    @Test func feedsParseAndListPagesLinkThem() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        try site.build()
        guard let report = try Self.read(site.output) else { return }
        for (path, feed) in report.feeds { #expect(feed.bozo == nil, "\(path): \(feed.bozo ?? "")") }
        let site_ = try #require(report.feeds["feed.xml"])
        #expect(!site_.entries.isEmpty)
        let events = try #require(report.feeds["events/feed.xml"])
        #expect(events.entries.count == (try site.load()).events.count)
        #expect(events.entries.first?.link == "https://example.org/sub/events/late/", "newest first")
        let columns = report.feeds.keys.filter { $0.hasPrefix("articles/column/") }
        #expect(!columns.isEmpty)
        for path in columns {
            let list = try site.read(String(path.dropLast("feed.xml".count)) + "index.html")
            #expect(list.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\""), "\(path)")
            #expect(list.contains("href=\"/sub/\(path)\""), "\(path): the list page links its own feed")
        }
        let eventList = try site.read("events/index.html")
        #expect(eventList.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"活动\" href=\"/sub/events/feed.xml\">"))
        #expect(eventList.contains("href=\"/sub/events.ics\""))
        #expect(try site.read("events/late/index.html").contains("href=\"/sub/events/late/late.ics\">加入日历"))
    }

    @Test func calendarsParseWithTheirTimes() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        try site.build(today: "2026-11-29")
        guard let report = try Self.read(site.output) else { return }
        for (path, cal) in report.calendars {
            #expect(cal.timezones == ["Asia/Shanghai"], "\(path)")
            #expect(cal.longest_line <= 75 && cal.lines_valid_utf8 && cal.bare_newlines == 0, "\(path): folded at 75 octets, whole characters, CRLF")
            for e in cal.events {
                #expect(e.uid == e.url.split(separator: "/").last.map { "\($0)@example.org" }, "\(path): UID from the slug")
                #expect(e.url.hasPrefix("https://example.org/sub/events/"))
                #expect(e.allDay || e.tzid == "Asia/Shanghai")
            }
        }
        func event(_ slug: String) throws -> Report.Calendar.Event {
            try #require(report.calendars["events/\(slug)/\(slug).ics"]?.events.first)
        }
        let market = try event("market-2014")
        #expect(market.start == "2014-09-20T09:00:00+08:00" && market.end == "2014-09-20T16:00:00+08:00")
        #expect(market.location == "广场" && market.summary == "妇女公益集市")
        let twoDays = try event("two-days")
        #expect(twoDays.allDay && twoDays.start == "2027-01-30" && twoDays.end == "2027-02-01", "DTEND is the day after the last day")
        #expect(twoDays.location == "礼堂, 二楼; 东侧\\门", "escaped commas, semicolons and backslashes read back")
        let oneDay = try event("future")
        #expect(oneDay.allDay && oneDay.start == "2027-03-06" && oneDay.end == "2027-03-07")
        let late = try event("late")
        #expect(late.summary.hasPrefix("逗号, 分号; 反斜杠\\ 以及") && late.summary.hasSuffix("活动标题"))
        #expect(late.start == "2027-12-31T22:30:00+08:00" && late.end == "2028-01-01T01:00:00+08:00")
        let toTheDay = try event("to-the-day")
        #expect(toTheDay.end == "2027-05-04T00:00:00+08:00", "an end given as a day lasts to its end")

        let all = try #require(report.calendars["events.ics"])
        #expect(all.events.map(\.summary) == ["两天的培训", "明年的培训", "截至某日", late.summary], "upcoming events only, soonest first")
    }

    @Test func calendarsAreTheSameOnEveryBuild() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        try site.build()
        let first = try site.read("events/late/late.ics") + site.read("events.ics")
        try site.build()
        #expect(try site.read("events/late/late.ics") + site.read("events.ics") == first)
    }

    @Test func foldingNeverSplitsACharacter() {
        for line in ["DESCRIPTION:" + String(repeating: "妇", count: 60), "X:" + String(repeating: "a😀", count: 40), "SHORT:x"] {
            let folded = EventCalendar.fold(line)
            let pieces = folded.components(separatedBy: "\r\n")
            #expect(pieces.allSatisfy { $0.utf8.count <= 75 })
            #expect(pieces.dropFirst().allSatisfy { $0.hasPrefix(" ") })
            #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        }
    }
}
