import Foundation
import Testing

@testable import Content
@testable import Diagnostics

@Suite("Chinese dates, money and text")
struct ChineseTextTests {
    let parser = DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    @Test func parsesTheAcceptedForms() throws {
        let day = try parser.parse("2014-05-20").get()
        #expect(day.chinese == "2014年5月20日")
        #expect(day.isoDate == "2014-05-20")
        #expect(try parser.parse("1999-12-01").get().isoDate == "1999-12-01")
        #expect(!day.hasTime)
        // Midnight in Shanghai is 16:00 UTC the day before.
        #expect(day.epochSeconds == 1_400_515_200)
        let local = try parser.parse("2014-05-20 14:30").get()
        #expect(local.hasTime && local.time == "14:30")
        let offset = try parser.parse("2014-05-20T06:30:00Z").get()
        #expect(offset.epochSeconds == local.epochSeconds)
        #expect(offset.time == "14:30")
        let withOffset = try parser.parse("2014-05-20T14:30:00+08:00").get()
        #expect(withOffset == local)
    }

    @Test func refusesImpossibleDates() {
        #expect(parser.parse("2014-02-30") == .failure(.impossible(.dayOutOfRange(year: 2014, month: 2, days: 28))))
        #expect(DateProblem.dayOutOfRange(year: 2014, month: 2, days: 28).text(in: .zh) == "2014年2月只有28天")
        #expect(DateProblem.dayOutOfRange(year: 2014, month: 2, days: 28).text(in: .en) == "2014-02 has only 28 days")
        #expect(parser.parse("2016-02-29").map(\.day) == .success(29))
        #expect(parser.parse("2014-13-01") == .failure(.impossible(.noSuchMonth(13))))
        #expect(parser.parse("2014/05-20") == .failure(.unreadable))
        #expect(parser.parse("2014-05-20 25:00") == .failure(.impossible(.noSuchTime(hour: 25, minute: 0))))
    }

    @Test func moneyIsExactToTheFen() {
        #expect(Money(yuan: "213350.00")?.fen == 21_335_000)
        #expect(Money(yuan: "0.1")?.fen == 10)
        #expect(Money(yuan: "1,000")?.fen == 100_000)
        #expect(Money(yuan: "二十万") == nil)
        #expect(Money(yuan: "1.234") == nil)
        let parts = Array(repeating: Money(yuan: "0.10")!, count: 1000)
        #expect(parts.sum() == Money(yuan: "100.00")!)
        #expect(Money(yuan: "2172900")!.wanYuan == "217.29万元")
        #expect(Money(yuan: "426700")!.wanYuan == "42.67万元")
        #expect(Money(yuan: "12345.67")!.yuanWithSeparators == "12,345.67元")
    }

    @Test func summariesCutByCharacters() {
        let text = String(repeating: "妇", count: 200)
        let cut = Summary.cut(text, to: 120)
        #expect(cut == String(repeating: "妇", count: 120) + "……")
        #expect(Summary.cut("短文。", to: 120) == "短文。")
        #expect(Summary.characterCount("妇女 儿童\n公益") == 6)
        #expect(Summary.readingMinutes(String(repeating: "字", count: 401)) == 2)
        #expect(Summary.readingMinutes("字") == 1)
    }

    @Test func suggestsTheClosestKey() {
        #expect(closestMatch(to: "titel", in: ["title", "date", "tags"]) == "title")
        #expect(closestMatch(to: "organisations", in: ["organizations", "tags"]) == "organizations")
        #expect(closestMatch(to: "zzzzzz", in: ["title"]) == nil)
    }

    @Test func resolvesLocalPathsSafely() {
        #expect(LocalPath.resolve("/images/a.svg") == .inside("images/a.svg"))
        #expect(LocalPath.resolve("../../etc/passwd") == .escapes)
        #expect(LocalPath.resolve("/images/%2e%2e/%2e%2e/x") == .escapes)
        #expect(LocalPath.resolve("javascript:alert(1)") == .escapes)
        #expect(LocalPath.resolve("data:text/html,x") == .escapes)
        #expect(LocalPath.resolve("https://example.org/") == .external)
        #expect(LocalPath.resolve("../b.png", from: "articles/x/") == .inside("articles/b.png"))
    }
}
