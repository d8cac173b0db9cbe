import Foundation
import Testing

@testable import Content
@testable import Diagnostics

/// Invalid sites, one problem each, checked for the exact first line of the message.
@Suite("Content errors name the file, line and column")
struct FrontMatterErrorTests {
    static let org = """
        ---
        name: 示例组织
        kind: registered
        domain: youth
        registered: 2013-05-16
        supervisor: 测试市妇女联合会
        ---
        正文。
        """

    func firstLines(_ files: [String: String]) throws -> [String] {
        var all = files
        if all["content/organizations/known.md"] == nil { all["content/organizations/known.md"] = Self.org }
        let site = try TestSite(all, theme: false)
        defer { site.remove() }
        return site.loadErrors().map { String($0.split(separator: "\n")[0]) }
    }

    @Test func brokenYAMLQuote() throws {
        let errors = try firstLines(["content/articles/a.md": "---\ntitle: \"没有闭合\ndate: 2014-05-20\n---\n正文"])
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("content/articles/a.md:"))
        #expect(errors[0].contains("错误: 信息区的 YAML 格式有误"))
    }

    @Test func tabIndentation() throws {
        let errors = try firstLines([
            "content/organizations/b.md": "---\nname: 乙\nkind: registered\ndomain: youth\ncontact:\n\taddress: 某路\nsupervisor: 测试市妇女联合会\n---\n"
        ])
        #expect(errors == ["content/organizations/b.md:6:1: 错误: 信息区里用了 Tab 键缩进，YAML 不允许"])
    }

    @Test func missingClosingFence() throws {
        let errors = try firstLines(["content/articles/c.md": "---\ntitle: 题\ndate: 2014-05-20\n正文没有分隔线"])
        #expect(errors == ["content/articles/c.md:4:1: 错误: 信息区没有结束的 ---"])
    }

    @Test func missingOpeningFenceAndEmptyFile() throws {
        let errors = try firstLines(["content/articles/d.md": "title: 题\n", "content/articles/e.md": ""])
        #expect(
            errors == [
                "content/articles/d.md:1:1: 错误: 文件开头缺少 ---（信息区的开始）",
                "content/articles/e.md:1:1: 错误: 文件是空的",
            ])
    }

    @Test func wrongTypeForFunding() throws {
        let errors = try firstLines([
            "content/projects/p.md": """
            ---
            title: 项目
            organization: known
            program: 公益创投
            year: 2013
            funding: 二十万
            domain: youth
            round: 2013年
            beneficiaries: 100
            status: 已结项
            ---
            """
        ])
        #expect(errors == ["content/projects/p.md:6:10: 错误: “funding”应当是金额（元），而这里写的是“二十万”"])
    }

    @Test func impossibleDate() throws {
        let errors = try firstLines(["content/articles/f.md": "---\ntitle: 题\ndate: 2014-02-30\nauthor: 甲\ncolumn: 工作动态\n---\n"])
        #expect(errors == ["content/articles/f.md:3:7: 错误: “date”的日期“2014-02-30”不存在：2014年2月只有28天"])
    }

    @Test func negativeNumber() throws {
        let errors = try firstLines([
            "content/projects/q.md": """
            ---
            title: 项目
            organization: known
            program: 公益创投
            year: 2013
            funding: -5
            beneficiaries: 100
            domain: youth
            round: 2013年
            status: 已结项
            ---
            """
        ])
        #expect(errors == ["content/projects/q.md:6:10: 错误: “funding”的数值“-5”不合理（应在 0–100000000 之间）"])
    }

    @Test func unknownOrganizationWithSuggestion() throws {
        let errors = try firstLines([
            "content/articles/g.md": "---\ntitle: 题\ndate: 2014-05-20\norganizations: [knwn]\nauthor: 甲\ncolumn: 工作动态\n---\n"
        ])
        #expect(errors == ["content/articles/g.md:4:17: 错误: “organizations”引用的组织“knwn”不存在，是不是“known”？"])
    }

    @Test func duplicateSlug() throws {
        let errors = try firstLines([
            "content/articles/h.md": "---\ntitle: 甲\ndate: 2014-05-20\nauthor: 甲\ncolumn: 工作动态\n---\n",
            "content/articles/i.md": "---\ntitle: 乙\ndate: 2014-05-21\nslug: h\nauthor: 甲\ncolumn: 工作动态\n---\n",
        ])
        #expect(errors == ["content/articles/i.md:4:7: 错误: 文章的网址名“h”与 content/articles/h.md 重复"])
    }

    @Test func missingRequiredField() throws {
        let errors = try firstLines(["content/articles/j.md": "---\ndate: 2014-05-20\nauthor: 甲\ncolumn: 工作动态\n---\n"])
        #expect(errors == ["content/articles/j.md:1:1: 错误: 缺少必填项“title”"])
    }

    @Test func everyProblemIsReportedNotJustTheFirst() throws {
        let errors = try firstLines([
            "content/articles/k.md": "---\ntitle: 题\ndate: 2014-02-30\nauthor: 甲\ncolumn: 工作动态\n---\n",
            "content/articles/l.md": "---\ntitle: 题\ndate: 2014-05-20\n",
            "content/projects/m.md":
                "---\ntitle: 项\norganization: nobody\nprogram: 微创投\nyear: 2013\nfunding: 1000\ndomain: youth\nround: 2013年\nbeneficiaries: 10\nstatus: 已结项\n---\n",
        ])
        #expect(errors.count == 3)
        #expect(errors.map { $0.split(separator: ":")[0] } == ["content/articles/k.md", "content/articles/l.md", "content/projects/m.md"])
    }

    @Test func referencesOfAFailedEntryAreStillChecked() throws {
        let errors = try firstLines([
            "content/articles/r.md": "---\ntitle: 题\ndate: 2014-02-30\norganizations:\n  - known\n  - nobody\nauthor: 甲\ncolumn: 工作动态\n---\n"
        ])
        #expect(
            errors == [
                "content/articles/r.md:3:7: 错误: “date”的日期“2014-02-30”不存在：2014年2月只有28天",
                "content/articles/r.md:6:5: 错误: “organizations”引用的组织“nobody”不存在",
            ])
    }

    @Test func bodyProblemsAreAtTheExactPlace() throws {
        let errors = try firstLines([
            "content/articles/s.md":
                "---\ntitle: 题\ndate: 2014-05-20\nauthor: 甲\ncolumn: 工作动态\n---\n[文](../../../../etc/passwd)\n\n正文![图](../../../../etc/passwd)\n"
        ])
        #expect(errors == ["content/articles/s.md:9:8: 错误: “正文图片”的路径“../../../../etc/passwd”指向网站以外"])
    }

    /// A misspelt key would drop its value without a word: an error, with the key meant.
    @Test func unknownKeyIsAnErrorWithSuggestion() throws {
        let site = try TestSite(
            [
                "content/organizations/known.md": Self.org,
                "content/articles/n.md": "---\ntitle: 题\ndate: 2014-05-20\ntgas: [a]\nauthor: 甲\ncolumn: 工作动态\n---\n",
            ], theme: false)
        defer { site.remove() }
        #expect(
            site.loadErrors().map { String($0.split(separator: "\n")[0]) }
                == ["content/articles/n.md:4:1: 错误: 不认识的项“tgas”，是不是“tags”？"])
        let errors = try #require(throws: ContentErrors.self) { try site.load() }
        #expect(errors.errors[0].formatted(in: .en).hasPrefix("content/articles/n.md:4:1: error: unknown key `tgas`: did you mean `tags`?"))
    }

    @Test func gbkFileIsDetected() throws {
        let site = try TestSite(["content/organizations/known.md": Self.org], theme: false)
        defer { site.remove() }
        // kCFStringEncodingGB_18030_2000 as an NSStringEncoding (Linux Foundation has no CF names).
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)
        let data = "---\ntitle: 妇女儿童\ndate: 2014-05-20\n---\n正文".data(using: gb18030)!
        try site.writeData("content/articles/gbk.md", data)
        #expect(site.loadErrors().map { String($0.split(separator: "\n")[0]) } == ["content/articles/gbk.md:1:1: 错误: 文件不是 UTF-8 编码（可能是 GBK/GB18030）"])
    }

    @Test func bomAndCRLFAreAccepted() throws {
        let site = try TestSite(
            [
                "content/organizations/known.md": Self.org,
                "content/articles/o.md": "\u{FEFF}---\r\ntitle: 题\r\ndate: 2014-05-20\r\nauthor: 甲\r\ncolumn: 工作动态\r\n---\r\n正文。\r\n",
            ], theme: false)
        defer { site.remove() }
        let loaded = try site.load()
        #expect(loaded.articles.first?.title == "题")
        #expect(loaded.articles.first?.summary == "正文。")
    }

    @Test func messagesCarryTheSourceLineAndAFix() throws {
        let site = try TestSite(["content/articles/p.md": "---\ntitle: 题\ndate: 2014-02-30\nauthor: 甲\ncolumn: 工作动态\n---\n"], theme: false)
        defer { site.remove() }
        let message = site.loadErrors()[0]
        #expect(
            message == """
                content/articles/p.md:3:7: 错误: “date”的日期“2014-02-30”不存在：2014年2月只有28天
                    date: 2014-02-30
                          ^
                    修改方法：核对日历后改成正确的日期
                """)
    }
}
