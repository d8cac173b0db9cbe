import Foundation
import Testing

@testable import Content
@testable import Diagnostics
@testable import ShowcaseCLI
@testable import Site
@testable import Stats

/// Issue 19: a one-character mistake never changes a published figure without a word. Required
/// fields, fixed choices with suggestions, misspelt keys, dates as staff type them, full-width
/// colons, and the figures that changed since the last build.
@Suite("A typo never changes a figure silently")
struct FigureSafetyTests {
    static let organization = "---\nname: 组织\nkind: registered\ndomain: youth\nregistered: 2013-05-16\nsupervisor: 测试市妇女联合会\n---\n"

    /// The first line of each error of a site made of `files` (plus one valid organization).
    func errors(_ files: [String: String]) throws -> [String] {
        var all = files
        if all["content/organizations/known.md"] == nil { all["content/organizations/known.md"] = Self.organization }
        let site = try TestSite(all, theme: false)
        defer { site.remove() }
        return site.loadErrors().map { String($0.split(separator: "\n")[0]) }
    }

    // MARK: - Required fields

    @Test func everyRequiredFieldOfEveryKindIsRequired() throws {
        let found = try errors([
            "content/organizations/o.md": "---\nname: 甲\nkind: registered\ndomain: youth\n---\n",
            "content/events/e.md": "---\ntitle: 活动\nstart: 2014-05-20\n---\n",
            "content/articles/a.md": "---\ntitle: 题\ndate: 2014-05-20\n---\n",
            "content/projects/p.md": "---\ntitle: 项\norganization: known\nprogram: 公益创投\nyear: 2013\nfunding: 1000\ndomain: youth\n---\n",
        ])
        func missing(_ file: String, _ keys: [String]) -> [String] {
            keys.map { "content/\(file):1:1: 错误: 缺少必填项“\($0)”" }
        }
        #expect(
            found == missing("articles/a.md", ["author", "column"]) + missing("events/e.md", ["kind", "location", "organizers"])
                + missing("organizations/o.md", ["supervisor"])
                + ["content/organizations/o.md:3:1: 错误: 登记注册组织（kind: registered）缺少必填项“registered”（登记注册日期）"]
                + missing("projects/p.md", ["beneficiaries", "round", "status"]))
    }

    @Test func onlyARegisteredOrganizationNeedsARegistrationDate() throws {
        #expect(try errors(["content/organizations/g.md": "---\nname: 乙\nkind: grassroots\ndomain: youth\nsupervisor: 测试市民政局\n---\n"]).isEmpty)
    }

    @Test func anEmptyOrganizerListIsMissing() throws {
        let found = try errors(["content/events/e.md": "---\ntitle: 活动\nstart: 2014-05-20\nlocation: 某地\nkind: 市集\norganizers: []\n---\n"])
        #expect(found == ["content/events/e.md:6:1: 错误: 缺少必填项“organizers”"])
    }

    @Test func siteYAMLRequiresItsKeys() throws {
        let site = try TestSite(
            ["content/organizations/known.md": Self.organization],
            siteYAML: "title: 站\nfederation:\n  name: 测试市妇女联合会\n", theme: false)
        defer { site.remove() }
        #expect(
            site.loadErrors().map { String($0.split(separator: "\n")[0]) } == [
                "content/organizations/known.md:4:9: 错误: “domain”引用的服务领域“youth”不存在",
                "content/site.yaml:1:1: 错误: 缺少必填项“base_url”",
                "content/site.yaml:1:1: 错误: 缺少必填项“description”",
                "content/site.yaml:1:1: 错误: 缺少必填项“domains”",
                "content/site.yaml:1:1: 错误: 缺少必填项“menu”",
            ])
    }

    // MARK: - Fixed choices

    @Test func choiceFieldsAreCheckedWithSuggestions() throws {
        let found = try errors([
            "content/organizations/o.md": "---\nname: 甲\nkind: registered\ndomain: youth\nregistered: 2013-05-16\nsupervisor: 测试市妇联\n---\n",
            "content/events/e.md": "---\ntitle: 活动\nstart: 2014-05-20\nlocation: 某地\nkind: 集市\norganizers: [known]\n---\n",
            "content/articles/a.md": "---\ntitle: 题\ndate: 2014-05-20\nauthor: 甲\ncolumn: 妇女之窗\n---\n",
            "content/projects/p.md": """
            ---
            title: 项
            organization: known
            program: 公益创头
            round: 2013年
            year: 2013
            funding: 1000
            beneficiaries: 10
            domain: youth
            status: 已结束
            ---
            """,
        ])
        #expect(
            found == [
                "content/articles/a.md:5:9: 错误: “column”不能是“妇女之窗”，是不是“妇儿之窗”？",
                "content/events/e.md:5:7: 错误: “kind”不能是“集市”，是不是“市集”？",
                "content/organizations/o.md:6:13: 错误: “supervisor”不能是“测试市妇联”，是不是“测试市妇女联合会”？",
                "content/projects/p.md:4:10: 错误: “program”不能是“公益创头”，是不是“公益创投”？",
                "content/projects/p.md:10:9: 错误: “status”不能是“已结束”，是不是“已结项”？",
            ])
    }

    /// The federation's name is what the supervisors are counted against: it must be one of them.
    @Test func theFederationIsOneOfTheSupervisors() throws {
        let site = try TestSite(
            ["content/organizations/known.md": Self.organization],
            siteYAML: TestSite.siteYAML.replacingOccurrences(of: "name: 测试市妇女联合会", with: "name: 测试市妇联"), theme: false)
        defer { site.remove() }
        #expect(
            site.loadErrors().map { String($0.split(separator: "\n")[0]) }
                == ["content/site.yaml:6:9: 错误: “name”不能是“测试市妇联”，是不是“测试市妇女联合会”？"])
    }

    @Test func aChoiceAddedToTheFileIsAccepted() throws {
        let choices = TestSite.choicesYAML.replacingOccurrences(of: "column: [妇儿之窗, 工作动态, 组织风采]", with: "column: [妇儿之窗, 工作动态, 组织风采, 妇女之窗]")
        let site = try TestSite(
            [
                "content/organizations/known.md": Self.organization,
                "content/articles/a.md": "---\ntitle: 题\ndate: 2014-05-20\nauthor: 甲\ncolumn: 妇女之窗\n---\n",
            ],
            choicesYAML: choices, theme: false)
        defer { site.remove() }
        #expect(try site.load().articles.first?.column == "妇女之窗")
    }

    @Test func suggestionsPreferAnAliasThenTheNearestChoice() {
        let choices = Choices(
            values: [
                .eventKind: ["嘉年华", "市集", "培训", "交流", "讲座", "展示"],
                .supervisor: ["昆山市妇女联合会", "昆山市民政局"],
            ],
            aliases: ["昆山市妇联": "昆山市妇女联合会", "庙会": "嘉年华", "别处": "没有的值"])
        #expect(choices.suggestion(for: "昆山市妇联", in: .supervisor) == "昆山市妇女联合会")
        // An alias counts only for the field whose choices hold its target.
        #expect(choices.suggestion(for: "庙会", in: .supervisor) == nil)
        #expect(choices.suggestion(for: "庙会", in: .eventKind) == "嘉年华")
        #expect(choices.suggestion(for: "集市", in: .eventKind) == "市集")
        #expect(choices.suggestion(for: "昆山市民政", in: .supervisor) == "昆山市民政局")
        // Two characters apart out of two is no suggestion: any short name would be.
        #expect(choices.suggestion(for: "聚会", in: .eventKind) == nil)
    }

    @Test func editDistanceCountsASwapOnce() {
        #expect(editDistance(Array("集市"), Array("市集")) == 1)
        #expect(editDistance(Array("tgas"), Array("tags")) == 1)
        #expect(editDistance(Array("公益创头"), Array("公益创投")) == 1)
        #expect(editDistance(Array(""), Array("abc")) == 3)
        #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(closestMatch(to: "supervisr", in: ["registered", "supervisor", "services"]) == "supervisor")
    }

    @Test func theChoicesFileIsItselfChecked() throws {
        let choices = """
            organizations:
              supervisor: [测试市妇女联合会, 测试市妇女联合会]
            events:
              kind: [市集]
            articles:
              column: [工作动态]
            projects:
              program: [公益创投]
            aliases:
              市集会: 集会

            """
        let site = try TestSite(["content/organizations/known.md": Self.organization], choicesYAML: choices, theme: false)
        defer { site.remove() }
        #expect(
            site.loadErrors().map { String($0.split(separator: "\n")[0]) } == [
                "content/data/choices.yaml:1:1: 错误: 缺少必填项“status”",
                "content/data/choices.yaml:2:26: 错误: “测试市妇女联合会”写了两次",
                "content/data/choices.yaml:10:3: 错误: 简称“市集会”对应的“集会”不是任何一项的可选值",
            ])
    }

    @Test func programTotalsNameAKnownProgram() throws {
        let found = try errors(["content/data/programs.yaml": "- program: 微创头\n  year_from: 2013\n  source: 示例\n  date: 2013-12-31\n"])
        #expect(found == ["content/data/programs.yaml:1:12: 错误: “program”不能是“微创头”，是不是“微创投”？"])
    }

    // MARK: - Misspelt keys

    @Test func aMisspeltKeyIsAnErrorInEveryKnownFile() throws {
        let site = try TestSite(
            [
                "content/organizations/known.md": Self.organization,
                "content/data/figures.yaml": "- id: a\n  label: 甲\n  value: 1\n  unit: 个\n  souce: 示例\n  source: 示例\n  date: 2014-12-31\n",
            ],
            siteYAML: TestSite.siteYAML + "titel: 多余\n", theme: false)
        defer { site.remove() }
        #expect(
            site.loadErrors().map { String($0.split(separator: "\n")[0]) } == [
                "content/data/figures.yaml:5:3: 错误: 不认识的项“souce”，是不是“source”？",
                "content/site.yaml:17:1: 错误: 不认识的项“titel”，是不是“title”？",
            ])
    }

    // MARK: - Dates and colons

    @Test func datesAsStaffTypeThem() throws {
        let parser = DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let reference = try parser.parse("2015-04-18").get()
        for text in ["2015-4-18", "2015/4/18", "2015/04/18", "2015年4月18日", "2015年04月18日", "2015年4月18"] {
            #expect(try parser.parse(text).get() == reference, "\(text)")
        }
        let withTime = try parser.parse("2015年4月18日 9:30").get()
        #expect(withTime.hasTime && withTime.time == "09:30")
        #expect(try parser.parse("2015/4/18 09:30").get() == withTime)
        #expect(parser.parse("2015-4/18") == .failure(.unreadable), "one separator, not two kinds")
        #expect(parser.parse("2015年4月") == .failure(.unreadable))
        #expect(parser.parse("2015.4.18") == .failure(.unreadable))
        #expect(parser.parse("2015-4-31") == .failure(.impossible(.dayOutOfRange(year: 2015, month: 4, days: 30))))
        #expect(parser.parse("2015/13/1") == .failure(.impossible(.noSuchMonth(13))))
        #expect(parser.parse("2015年2月29日") == .failure(.impossible(.dayOutOfRange(year: 2015, month: 2, days: 28))))
    }

    @Test func fullWidthColonsAreFoundAtTheirLine() throws {
        #expect(SourceText.fullWidthColonKey("title：妇女").map { "\($0.key) \($0.column)" } == "title 6")
        #expect(SourceText.fullWidthColonKey("  - item：开幕式").map { "\($0.key) \($0.column)" } == "item 9")
        #expect(SourceText.fullWidthColonKey("date ：2014-05-20").map { "\($0.key) \($0.column)" } == "date 6")
        #expect(SourceText.fullWidthColonKey("说明：文字") == nil, "only ASCII keys")
        #expect(SourceText.fullWidthColonKey("title: 妇工：社工") == nil)
        let found = try errors(["content/articles/a.md": "---\ntitle: 题\ndate: 2014-05-20\nauthor：甲\ncolumn: 工作动态\ntags：[a]\n---\n"])
        #expect(
            found == [
                "content/articles/a.md:4:7: 错误: “author”后面的冒号是全角的“：”，这一行读不出来",
                "content/articles/a.md:6:5: 错误: “tags”后面的冒号是全角的“：”，这一行读不出来",
            ])
        // Inside a value that parses, a full-width colon is text.
        #expect(try errors(["content/articles/b.md": "---\ntitle: 妇工+社工：联动\ndate: 2014-05-20\nauthor: 甲\ncolumn: 工作动态\n---\n"]).isEmpty)
    }

    // MARK: - Changed figures

    @Test func changesListEveryDifferenceOnce() {
        let old = [KeyFigure(label: "登记注册妇女公益组织", value: "19家"), KeyFigure(label: "甲", value: "1个"), KeyFigure(label: "旧的", value: "2个")]
        let new = [KeyFigure(label: "登记注册妇女公益组织", value: "18家"), KeyFigure(label: "甲", value: "1个"), KeyFigure(label: "新的", value: "3个")]
        #expect(
            Statistics.changes(from: old, to: new) == [
                FigureChange(label: "登记注册妇女公益组织", old: "19家", new: "18家"),
                FigureChange(label: "新的", old: nil, new: "3个"),
                FigureChange(label: "旧的", old: "2个", new: nil),
            ])
        #expect(Statistics.changes(from: new, to: new).isEmpty)
        #expect(Statistics.readKeyFigures(Statistics.keyFiguresJSON(new)) == new)
        #expect(Statistics.readKeyFigures(Data("不是 JSON".utf8)) == nil)
        #expect(Statistics.readKeyFigures(nil) == nil)
    }

    @Test func aSecondBuildListsTheFiguresThatChanged() throws {
        let second = "---\nname: 第二家\nkind: registered\ndomain: youth\nregistered: 2014-01-01\nsupervisor: 测试市妇女联合会\n---\n"
        let site = try TestSite(["content/organizations/known.md": Self.organization, "content/organizations/second.md": second])
        defer { site.remove() }
        let first = try site.build()
        #expect(first.figureChanges == nil, "nothing to compare with")
        #expect(try site.build().figureChanges == [], "the same content gives the same figures")
        // A second organization moved to another supervisor: the federation's count drops.
        try site.write("content/organizations/second.md", second.replacingOccurrences(of: "测试市妇女联合会", with: "测试市民政局"))
        let changed = try site.build()
        #expect(changed.figureChanges == [FigureChange(label: "登记注册女性社会组织", old: "2家", new: "1家")])
        let summary = BuildSummary(report: changed, output: "output", seconds: 1, lang: .zh).text
        #expect(summary.hasSuffix("与上次生成相比，以下数字有变化，发布前请核对：\n  登记注册女性社会组织：2家 → 1家"))
        #expect(!BuildSummary(report: first, output: "output", seconds: 1, lang: .zh).text.contains("数字有变化"))
    }

    // MARK: - check

    @Test func checkNeverSaysNoProblemsWithAWarning() throws {
        let site = try TestSite(["content/organizations/known.md": Self.organization])
        defer { site.remove() }
        let loaded = try site.load()
        #expect(CheckSummary(site: loaded, warnings: 0, lang: .zh).text.hasPrefix("内容无误："))
        #expect(CheckSummary(site: loaded, warnings: 2, lang: .zh).text.hasPrefix("内容可以发布，但有 2 个警告"))
        #expect(!CheckSummary(site: loaded, warnings: 2, lang: .en).text.contains("OK"))
        // The link check runs in check as in build.
        try site.write("content/pages/about.md", "---\ntitle: 关于\n---\n见[组织](/organizations/nobody/)。\n")
        let result = try SiteCheck.run(root: site.root)
        #expect(
            result.warnings.map { String($0.formatted(in: .zh).split(separator: "\n")[0]) }
                == ["content/pages/about.md:4:7: 警告: 链接“/organizations/nobody/”指向的页面不存在"])
    }
}
