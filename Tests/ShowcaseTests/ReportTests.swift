import Destination
import Foundation
import Stats
import Testing

@testable import Content
@testable import Export
@testable import Report

// The annual report: the year's figures counted from a fixture site, the sample's 2014 report
// against the published figures, the Word file read back by python-docx and LibreOffice, the PDF
// read back by pdftotext, and the rules for the folder it is written to.

/// A small site over two years, every count known by hand.
enum ReportFixture {
    static func organization(
        _ slug: String, registered: String?, supervisor: String = "测试市妇女联合会",
        allianceSince: String? = nil
    ) -> String {
        var s = "---\nname: 组织\(slug)\nkind: \(registered == nil ? "grassroots" : "registered")\ndomain: youth\nsupervisor: \(supervisor)\n"
        if let registered { s += "registered: \(registered)\n" }
        if let allianceSince { s += "alliance_member: true\nalliance_since: \(allianceSince)\n" }
        return s + "---\n简介。\n"
    }

    static func project(_ title: String, org: String, year: Int, funding: String, people: Int, program: String = "公益创投") -> String {
        """
        ---
        title: \(title)
        organization: \(org)
        program: \(program)
        round: 第\(year - 2011)届
        year: \(year)
        funding: \(funding)
        beneficiaries: \(people)
        domain: youth
        status: 已结项
        ---
        项目简介。
        """
    }

    static var files: [String: String] {
        [
            "content/organizations/a.md": organization("a", registered: "2013-03-01"),
            "content/organizations/b.md": organization("b", registered: "2014-02-01", allianceSince: "2014-05-20"),
            "content/organizations/c.md": organization("c", registered: "2014-06-01", supervisor: "测试市民政局", allianceSince: "2014-05-20"),
            "content/organizations/d.md": organization("d", registered: nil),
            "content/projects/p1.md": project("二〇一三项目", org: "a", year: 2013, funding: "100000", people: 500),
            "content/projects/p2.md": project("二〇一四项目甲", org: "a", year: 2014, funding: "120000.50", people: 800),
            "content/projects/p3.md": project("二〇一四项目乙", org: "b", year: 2014, funding: "30000", people: 200, program: "微创投"),
            "content/events/e1.md": """
            ---
            title: 二〇一四年的市集
            start: 2014-09-20 09:00
            location: 广场
            kind: 市集
            organizers: [a]
            ---
            活动。
            """,
            "content/articles/n1.md": """
            ---
            title: 二〇一四年的报道
            date: 2014-05-21
            author: 宣传部
            column: 妇儿之窗
            issue: 26
            summary: 报道的摘要。
            ---
            正文。
            """,
            "content/reports/2014.md": """
            ---
            title: 测试年度报告
            sections: [summary, narrative, projects, press]
            ---
            ## 一年回顾

            今年的叙述（示例数据）。
            """,
        ]
    }

    static func site() throws -> (TestSite, SiteContent) {
        let t = try TestSite(files)
        return (t, try t.load())
    }
}

@Suite("Annual report")
struct ReportTests {
    // MARK: - Figures per year

    @Test func yearFiguresCountWhatTheYearAdded() throws {
        let (t, site) = try ReportFixture.site()
        defer { t.remove() }
        let stats = StatisticsComputer.compute(site)
        let y2014 = YearFigures.compute(site, year: 2014, statistics: stats)
        let y2013 = YearFigures.compute(site, year: 2013, statistics: stats)
        // a and b: the federation supervises them and they were registered by the end of 2014; c has another supervisor.
        #expect(y2013.federationRegistered == 1)
        #expect(y2014.federationRegistered == 2)
        #expect(y2014.newRegistrations.map(\.slug) == ["b", "c"])
        #expect(y2014.newAllianceMembers.map(\.slug).sorted() == ["b", "c"])
        #expect(y2014.allianceMembers == 2 && y2013.allianceMembers == 0)
        #expect(y2014.projectCount == 2 && y2013.projectCount == 1)
        #expect(y2014.funding == Money(fen: 15_000_050))
        #expect(y2014.beneficiaries == 1000)
        #expect(y2014.programs.map(\.program) == ["公益创投", "微创投"])
        #expect(y2014.events.count == 1 && y2013.events.isEmpty)
        #expect(y2014.articles.map(\.slug) == ["n1"])

        let headlines = y2014.headlines(previous: y2013)
        let byLabel = Dictionary(headlines.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byLabel["妇联业务主管的登记注册女性社会组织（年末）"]?.value == "2家")
        #expect(byLabel["妇联业务主管的登记注册女性社会组织（年末）"]?.change?.text == "增加1家")
        #expect(byLabel["当年项目资助金额"]?.value == "15.00万元")
        #expect(byLabel["当年项目资助金额"]?.change?.text == "增加5.00万元")
        #expect(byLabel["当年项目服务人次"]?.change?.text == "增加500人次")
        #expect(YearHeadline.Change.count(0, unit: "家").text == "与上年持平")
        #expect(YearHeadline.Change.count(-3, unit: "个").text == "减少3个")
    }

    @Test func reportFollowsTheSectionsItsFileNames() throws {
        let (t, site) = try ReportFixture.site()
        defer { t.remove() }
        let report = AnnualReport.make(site, year: 2014)
        #expect(report.title == "测试年度报告")
        #expect(report.parts.map(\.section) == [.summary, .narrative, .projects, .press])
        #expect(report.parts.map(\.title) == ["一、主要数据", "二、工作综述", "三、公益项目", "四、媒体报道摘编"])
        let html = ReportHTML { _ in nil }.document(report, language: "zh-CN")
        #expect(html.contains("今年的叙述（示例数据）。"))
        #expect(html.contains("二〇一四项目甲") && html.contains("120,000.50元"))
        #expect(html.contains("《昆山日报》妇儿之窗第26期") && html.contains("报道的摘要。"))
        #expect(!html.contains("二〇一三项目"), "a project of 2013 is in the 2014 report")
        #expect(html.contains("@page") && html.contains("counter(page)"))

        // A year without a report file gets every computed section and a title of its own.
        let other = AnnualReport.make(site, year: 2013)
        #expect(other.parts.map(\.section) == AnnualReport.defaultSections)
        #expect(other.title == "测试市妇女联合会2013年度工作报告")
        #expect(other.sourcePath == nil)
    }

    @Test func sampleReportReproducesThePublishedFigures() throws {
        let site = try SiteLoader.load(root: repositoryRoot)
        let report = AnnualReport.make(site, year: 2014)
        #expect(report.sourcePath == "content/reports/2014.md")
        let values = Dictionary(report.headlines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(values["妇联业务主管的登记注册女性社会组织（年末）"] == "19家")
        #expect(values["公益联盟成员组织（年末）"] == "25家")
        #expect(values["公益创投（2012–2014年）中标项目"] == "20个")
        #expect(values["公益创投（2012–2014年）资助金额"] == "217.29万元")
        #expect(values["草根妇女组织"] == "逾300个")
        // The invented narrative says so.
        #expect(site.reports.first { $0.year == 2014 }?.source.body.html.contains("示例数据") == true)
    }

    @Test func buildWritesTheReportPage() throws {
        var files = ReportFixture.files
        files["content/events/e1.md"] = files["content/events/e1.md"]!.replacingOccurrences(
            of: "organizers: [a]", with: "organizers: [a]\ncover: /images/market.png")
        files["content/reports/2014.md"] = files["content/reports/2014.md"]!.replacingOccurrences(of: "press]", with: "press, events]")
        let t = try TestSite(files)
        defer { t.remove() }
        try t.writeData("content/static/images/market.png", Data([0x89, 0x50, 0x4E, 0x47]))
        try t.build()
        let page = try t.read("reports/2014/index.html")
        #expect(page.contains("<h1>测试年度报告</h1>"))
        #expect(page.contains("<a href=\"#summary\">一、主要数据</a>"))
        #expect(page.contains("15.00万元") && page.contains("（增加5.00万元）"))
        // Under the base path, like every other link of the site.
        #expect(page.contains("<img src=\"/sub/images/market.png\""))
        #expect(page.contains("@media print") && page.contains("counter(page)"))
        // Only years with a report file get a page.
        #expect(!FileManager.default.fileExists(atPath: t.output.appendingPathComponent("reports/2013").path))
    }

    // MARK: - Bad report files

    @Test func unknownSectionIsLocatedWithASuggestion() throws {
        var files = ReportFixture.files
        files["content/reports/2014.md"] = "---\ntitle: 报告\nsections: [summary, pres]\n---\n正文。\n"
        files["content/reports/annual.md"] = "---\ntitle: 报告\nsections: [summary]\n---\n"
        let t = try TestSite(files)
        defer { t.remove() }
        let errors = t.loadErrors()
        #expect(
            errors.contains { $0.hasPrefix("content/reports/2014.md:3:") && $0.contains("报告没有“pres”这一部分，是不是“press”？") },
            "\(errors)")
        #expect(errors.contains { $0.hasPrefix("content/reports/annual.md") && $0.contains("年度报告文件名“annual”不是年份") }, "\(errors)")
    }

    @Test func reportWithoutSectionsIsRefused() throws {
        var files = ReportFixture.files
        files["content/reports/2014.md"] = "---\ntitle: 报告\n---\n"
        let t = try TestSite(files)
        defer { t.remove() }
        #expect(t.loadErrors().contains { $0.contains("缺少必填项“sections”") })
    }

    // MARK: - Word

    @Test func docxHasWordHeadingsAndReadsBack() throws {
        let (t, site) = try ReportFixture.site()
        defer { t.remove() }
        let folder = try exportTempFolder("report-docx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = ReportJob(year: 2014, format: .docx, outputFolder: folder)
        let file = try job.run(site: site, siteRoot: t.root)
        #expect(file.lastPathComponent == "report-2014.docx")

        let entries = try ZipReader.entries(of: Data(contentsOf: file))
        for (path, data) in entries where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
            #expect(isWellFormedXML(data), "\(path) is not well-formed")
        }
        let document = String(decoding: try #require(entries.first { $0.path == "word/document.xml" }).data, as: UTF8.self)
        #expect(document.contains("TOC \\o \"1-2\""), "no table of contents field")

        let reading = try #require(try pythonDocx(file))
        #expect(reading.title == "测试年度报告")
        let headings = reading.paragraphs.filter { $0.style == "Heading 1" }.map(\.text)
        #expect(headings == ["目录", "一、主要数据", "二、工作综述", "三、公益项目", "四、媒体报道摘编"])
        #expect(reading.paragraphs.contains { $0.style == "Heading 2" && $0.text == "一年回顾" })
        #expect(reading.paragraphs.contains { $0.style == "Title" && $0.text == "测试年度报告" })

        // LibreOffice opens it and prints the figures.
        let texts = try libreOfficeText(of: [file])
        let text = squeezed(try #require(texts[file.lastPathComponent]))
        for figure in ["测试年度报告", "15.00万元", "120,000.50元", "30,000.00元", "二〇一四年的报道", "报道的摘要。"] {
            #expect(text.contains(figure), "LibreOffice's text lacks \(figure)")
        }
    }

    @Test func docxEmbedsAnEventsPhoto() throws {
        var files = ReportFixture.files
        files["content/events/e1.md"] = files["content/events/e1.md"]!.replacingOccurrences(
            of: "organizers: [a]", with: "organizers: [a]\ncover: /images/members.png")
        files["content/reports/2014.md"] = "---\ntitle: 报告\nsections: [events]\n---\n"
        let t = try TestSite(files)
        defer { t.remove() }
        let png = repositoryRoot.appendingPathComponent("Tests/ShowcaseTests/Fixtures/export-site/content/static/images/photos/members.png")
        try t.writeData("content/static/images/members.png", Data(contentsOf: png))
        let folder = try exportTempFolder("report-photo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try ReportJob(year: 2014, format: .docx, outputFolder: folder).run(site: try t.load(), siteRoot: t.root)
        let reading = try #require(try pythonDocx(file))
        #expect(reading.images == 1)
        #expect(reading.paragraphs.contains { $0.style == "Heading 3" && $0.text == "二〇一四年的市集" })
    }

    // MARK: - PDF

    @Test(.enabled(if: ReportPDF.findChromium() != nil, "Chromium is not installed: apt-get install -y chromium fonts-noto-cjk"))
    func pdfTextHoldsTheHeadlineFigures() throws {
        let site = try SiteLoader.load(root: repositoryRoot)
        let folder = try exportTempFolder("report-pdf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try ReportJob(year: 2014, format: .pdf, outputFolder: folder).run(site: site, siteRoot: repositoryRoot)
        let txt = folder.appendingPathComponent("report.txt")
        let extracted = try #require(try runTool("pdftotext", ["-enc", "UTF-8", file.path, txt.path]), "pdftotext is not installed")
        #expect(extracted.status == 0)
        let text = squeezed(try String(contentsOf: txt, encoding: .utf8))
        for figure in ["19家", "25家", "20个", "217.29万元", "逾300个", "昆山市妇联女性社会组织工作2014年度报告"] {
            #expect(text.contains(figure), "the PDF's text lacks \(figure)")
        }
    }

    @Test func pdfWithoutChromiumSaysSoAndWritesNothing() throws {
        let (t, site) = try ReportFixture.site()
        defer { t.remove() }
        let folder = temporaryFolder("report-nochromium")
        var job = ReportJob(year: 2014, format: .pdf, outputFolder: folder)
        job.chromium = { nil }
        #expect {
            try job.run(site: site, siteRoot: t.root)
        } throws: { error in
            guard let e = error as? ReportError, case .chromiumMissing = e.reason else { return false }
            let text = e.formatted(in: .zh)
            return text.hasPrefix(folder.appendingPathComponent("report-2014.pdf").path + ": 错误: 无法生成 PDF：找不到 Chromium")
                && text.contains("修改方法：") && text.contains("apt-get install -y chromium fonts-noto-cjk")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a folder was made for a PDF that could not be printed")
    }

    @Test func commandWithoutChromiumExitsOneWithTheMessage() throws {
        let folder = temporaryFolder("report-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try ShowcaseProcess.run(
            [
                "report", "--source", repositoryRoot.path, "--year", "2014", "--format", "pdf",
                "--out", folder.path,
            ], environment: ["SHOWCASE_CHROMIUM": ""])
        #expect(run.status == 1)
        #expect(run.stderr.contains("report-2014.pdf: 错误: 无法生成 PDF：找不到 Chromium"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    // MARK: - Output folder

    @Test func outputFolderFollowsTheExportRules() throws {
        let (t, site) = try ReportFixture.site()
        defer { t.remove() }
        let folder = try exportTempFolder("report-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        // An empty folder is taken and marked; the next run writes beside its own files.
        let job = ReportJob(year: 2014, format: .html, outputFolder: folder)
        _ = try job.run(site: site, siteRoot: t.root)
        #expect(Destination.isMarked(folder.path))
        _ = try ReportJob(year: 2014, format: .docx, outputFolder: folder).run(site: site, siteRoot: t.root)
        #expect(try Destination.listing(folder.path) == [Destination.markerName, "report-2014.docx", "report-2014.html"])

        // A folder holding someone else's files is refused unless forced, and left as it was.
        let theirs = try exportTempFolder("report-theirs")
        defer { try? FileManager.default.removeItem(at: theirs) }
        try Data("mine".utf8).write(to: theirs.appendingPathComponent("notes.txt"))
        #expect(throws: FolderError.self) { try ReportJob(year: 2014, format: .html, outputFolder: theirs).run(site: site, siteRoot: t.root) }
        #expect(try Destination.listing(theirs.path) == ["notes.txt"])
        var forced = ReportJob(year: 2014, format: .html, outputFolder: theirs)
        forced.force = true
        _ = try forced.run(site: site, siteRoot: t.root)
        #expect(try Destination.listing(theirs.path) == ["notes.txt", "report-2014.html"])
    }
}
