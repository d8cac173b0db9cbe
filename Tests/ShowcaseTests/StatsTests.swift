import Foundation
import Site
import Testing

@testable import Content
@testable import Stats
@testable import Templates

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The statistics computed from fixture sites and from the sample content in `content/`.
@Suite struct StatsTests {
    // MARK: - Helpers

    /// The repository root, from this file's path: `content/` is the sample site the published figures come from.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent(name)
    }

    static func sample() throws -> (SiteContent, Statistics) {
        let site = try SiteLoader.load(root: root)
        return (site, StatisticsComputer.compute(site))
    }

    static func load(_ fixtureName: String) throws -> (SiteContent, Statistics) {
        let site = try SiteLoader.load(root: try fixture(fixtureName))
        return (site, StatisticsComputer.compute(site))
    }

    /// Fails unless `svg` is well-formed XML with an accessible `<svg role="img">` root.
    static func checkSVG(_ svg: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let document = try XMLDocument(xmlString: svg, options: [])
        let root = try #require(document.rootElement(), sourceLocation: sourceLocation)
        #expect(root.name == "svg", sourceLocation: sourceLocation)
        // Looked up by hand: FoundationXML does not find unprefixed attributes under a default namespace by name.
        func attribute(_ name: String) -> String? { root.attributes?.first { $0.name == name }?.stringValue }
        #expect(attribute("role") == "img", sourceLocation: sourceLocation)
        #expect(attribute("width") == "100%", sourceLocation: sourceLocation)
        #expect(attribute("viewBox") != nil, sourceLocation: sourceLocation)
        #expect(root.elements(forName: "title").first?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(root.elements(forName: "desc").first?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    }

    // MARK: - The sample site reproduces the published figures

    @Test func sampleOrganizations() throws {
        let (site, stats) = try Self.sample()
        #expect(stats.federation == site.config.federation.name)
        #expect(stats.federationRegistered.count == 19)
        #expect(stats.allianceMembers(in: 2014) == 25)
        let grassroots = try #require(site.figures.first { $0.id == Statistics.grassrootsFigureID })
        #expect(Statistics.figureValue(grassroots) == "逾300个")

        let supervisors = try #require(stats.table("organizations", "by-supervisor"))
        #expect(supervisors.rows.first?.label == "昆山市妇女联合会")
        #expect(supervisors.value("organizations", row: "昆山市妇女联合会") == .count(19))
        #expect(supervisors.rows.first?.entries.count == 19)
        let alliance = try #require(stats.table("organizations", "alliance"))
        #expect(alliance.value("members", row: "2014年") == .count(25))
    }

    @Test func sampleVenturePhilanthropy() throws {
        let (_, stats) = try Self.sample()
        let share = try #require(stats.share(program: "公益创投"))
        #expect(share.group.count == 20)
        #expect(share.group.years == 2012...2014)
        #expect(share.group.funding.wanYuan == "217.29万元")
        #expect(share.group.beneficiaries == 98_600)
        #expect(NumberText.approximate(share.group.beneficiaries) == "近10万")
        let percent = try #require(share.share)
        #expect(percent.part == 20 && percent.whole == 96)
        #expect(percent.display == "20.8%")
        #expect(percent.tenths > 200)
        // The three rounds add up to the same totals.
        let rounds = stats.rounds.filter { $0.program == "公益创投" }
        #expect(rounds.count == 3)
        #expect(rounds.map(\.funding).sum() == share.group.funding)
        #expect(rounds.reduce(0) { $0 + $1.count } == 20)
    }

    @Test func sampleCommunityPurchaseAndMicroVenture() throws {
        let (_, stats) = try Self.sample()
        let purchase2013 = try #require(stats.round(program: "小区公益服务购买", round: "2013年"))
        #expect(purchase2013.count == 2)
        #expect(purchase2013.funding.wanYuan == "42.67万元")
        #expect(purchase2013.beneficiaries == 2_150)
        #expect(NumberText.approximate(purchase2013.beneficiaries) == "逾2000")

        // In the 2014 second round the federation's 4 needs were put on the list of 12 to be
        // bought: no project won, no amount, so no round, no share, only the published figure.
        #expect(stats.round(program: "小区公益服务购买", round: "2014年第二轮") == nil)
        #expect(stats.share(program: "小区公益服务购买", round: "2014年第二轮") == nil)
        #expect(stats.programs.first { $0.program == "小区公益服务购买" }?.count == 2)
        let needs = try #require(stats.figures.first { $0.id == "community_purchase_2014_needs" })
        #expect(Statistics.figureValue(needs) == "4项" && needs.label.contains("共12项"))
        #expect(stats.figures.first { $0.id == "micro_venture_months" }?.label == "2013年女性社会组织微创投大赛历时")

        let micro = try #require(stats.share(program: "微创投", round: "2013年"))
        #expect(micro.group.funding.wanYuan == "30.00万元")
        #expect(micro.group.funding == Money(fen: 300_000 * 100))
        #expect(micro.total.proposals == 48)
        #expect(micro.total.totalProjects == 12)
        #expect(micro.group.count == 12)
    }

    @Test func sampleHeadlines() throws {
        let (site, stats) = try Self.sample()
        let urls = SiteURLs(config: site.config)
        let headlines = stats.headlines(urls: urls)
        func headline(_ label: String) -> Headline? { headlines.first { $0.label == label } }
        #expect(headline("登记注册女性社会组织")?.value == "19家")
        #expect(headline("草根妇女组织")?.value == "逾300个")
        #expect(headline("草根妇女组织")?.note == "来源：昆山市妇联公开资料（2014年12月31日）")
        #expect(headline("公益联盟成员组织（2014年）")?.value == "25家")
        #expect(headline("公益创投中标项目（2012–2014）")?.value == "20个")
        #expect(headline("公益创投中标项目（2012–2014）")?.note?.contains("20.8%") == true)
        #expect(headline("公益创投资助金额")?.value == "217.29万元")
        #expect(headline("公益创投服务人次")?.value == "近10万人次")
        for h in headlines {
            #expect(h.url.hasPrefix(urls.statistics()), "\(h.label) links into the statistics pages")
        }
    }

    // MARK: - Fixture sites

    @Test func emptySiteGivesZeros() throws {
        let (site, stats) = try Self.load("stats-empty")
        #expect(site.organizations.isEmpty && site.projects.isEmpty)
        #expect(stats.federationRegistered.isEmpty)
        #expect(stats.allianceMembers(in: 2014) == 0)
        #expect(stats.programs.isEmpty && stats.rounds.isEmpty && stats.shares.isEmpty)
        #expect(stats.headlineProgram == nil)
        let urls = SiteURLs(config: site.config)
        #expect(stats.headlines(urls: urls).map(\.value) == ["0家"])
        #expect(stats.table("organizations", "by-kind")?.totals?.cells[1] == .count(0))
        #expect(stats.table("organizations", "by-kind")?.totals?.cells[2] == .percent(Percent(0, of: 0)))
        #expect(Percent(0, of: 0).display == "0.0%")
        #expect(stats.tables.allSatisfy { $0.chart == nil || $0.theme == "organizations" })
        for t in stats.tables { if let chart = t.chart { try Self.checkSVG(chart.wide); try Self.checkSVG(chart.narrow) } }
        // Every output still renders.
        #expect(stats.table().contains("暂无数据"))
        _ = try JSONSerialization.jsonObject(with: stats.json())
        for d in stats.downloads() where d.path.hasSuffix(".json") { _ = try JSONSerialization.jsonObject(with: d.data) }
        for theme in [nil] + Statistics.themes { _ = stats.context(theme: theme, urls: urls) }
    }

    @Test func missingOptionalFields() throws {
        var (site, _) = try Self.load("stats-partial")
        #expect(site.articles.count == 2, "the draft is not counted")
        // The loader requires these; the statistics still cope with entries made in code without them.
        site.organizations[1].registered = nil
        site.organizations[2].supervisor = nil
        site.articles[1].column = nil
        site.programTotals[1].totalProjects = nil
        let stats = StatisticsComputer.compute(site)
        // A registered organization without a registration date counts, but not in the timeline.
        #expect(stats.federationRegistered.count == 2)
        #expect(stats.registrations.map(\.year) == [2015])
        #expect(stats.table("organizations", "registrations")?.notes.first?.contains("1家") == true)
        // An organization without a supervisor is listed under “未注明” only if registered; gamma is grassroots.
        #expect(stats.table("organizations", "by-supervisor")?.rows.map(\.label) == ["示例妇联"])
        #expect(stats.allianceMembers(in: 2015) == 0)
        #expect(stats.allianceMembers(in: 2016) == 1)
        // Projects of no beneficiaries count as zero people.
        let first = try #require(stats.round(program: "测试计划", round: "第一届"))
        #expect(first.beneficiaries == 0)
        #expect(stats.share(program: "测试计划", round: "第一届")?.share?.display == "33.3%")
        // A program total without a number of projects has no share, and shows a dash.
        let noTotal = try #require(stats.share(program: "测试计划"))
        #expect(noTotal.share == nil)
        #expect(noTotal.group.count == 4)
        let shares = try #require(stats.table("projects", "shares"))
        #expect(shares.rows[1].cells[3] == .empty)
        #expect(shares.rows[1].cells[3].display == "—")
        // Articles without a column, events without participants.
        #expect(stats.table("articles", "by-column")?.rows.map(\.label).contains("未分栏目") == true)
        #expect(stats.table("events", "by-year")?.value("organizations", row: "2016年") == .count(1))
    }

    @Test func organizationWithoutAllianceDateIsNoted() throws {
        var (site, _) = try Self.load("stats-partial")
        site.organizations[1].allianceMember = true
        site.organizations[1].allianceSince = nil
        let stats = StatisticsComputer.compute(site)
        #expect(stats.allianceMembers(in: 2016) == 1)
        #expect(stats.table("organizations", "alliance")?.notes.contains { $0.contains("未注明加入日期") } == true)
    }

    // MARK: - Numbers

    @Test func moneyIsExactToTheFen() throws {
        let (_, stats) = try Self.load("stats-partial")
        // 3 × 33,333.33 + 0.01 = 100,000.00 exactly.
        let program = try #require(stats.programs.first { $0.program == "测试计划" })
        #expect(program.funding == Money(fen: 10_000_000))
        #expect(program.funding.wanYuan == "10.00万元")
        #expect(program.funding.yuanString == "100000.00")
        // 0.10 + 0.20 is 0.30, which floating point does not give.
        let small = try #require(stats.programs.first { $0.program == "小额计划" })
        #expect(small.funding == Money(fen: 30))
        #expect(0.1 + 0.2 != 0.3)
        let csv = try #require(stats.table("projects", "by-program")?.csv)
        #expect(csv.contains(",0.30,"))
        #expect(csv.contains(",100000.00,"))
    }

    @Test func percentagesAndWording() {
        #expect(Percent(20, of: 96).display == "20.8%")
        #expect(Percent(4, of: 12).display == "33.3%")
        #expect(Percent(2, of: 3).display == "66.7%")
        #expect(Percent(1, of: 8).display == "12.5%")
        #expect(Percent(12, of: 12).display == "100.0%")
        #expect(NumberText.approximate(98_600) == "近10万")
        #expect(NumberText.approximate(2_150) == "逾2000")
        #expect(NumberText.approximate(100_000) == "10万")
        #expect(NumberText.approximate(123_000) == "逾12万")
        #expect(NumberText.approximate(950) == "950")
        #expect(NumberText.grouped(98_600) == "98,600")
        #expect(NumberText.grouped(0) == "0")
        // Digit by digit, against grouping the decimal text from the right.
        func reference(_ n: Int) -> String {
            let digits = String(n.magnitude)
            var out = ""
            for (k, c) in digits.enumerated() {
                if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
                out.append(c)
            }
            return (n < 0 ? "-" : "") + out
        }
        var values = [Int.min, Int.max, -1, 1, 9, 10, 999, 1_000, -1_000, 999_999, 1_000_000, -12_345_678]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { values.append(Int.random(in: -10_000_000_000...10_000_000_000, using: &generator)) }
        for n in values { #expect(n.grouped == reference(n), "\(n)") }
        #expect(UInt8(255).grouped == "255")
    }

    // MARK: - Charts, downloads, terminal

    @Test func everyChartIsWellFormedXML() throws {
        for (_, stats) in [try Self.sample(), try Self.load("stats-partial")] {
            for t in stats.tables {
                guard let chart = t.chart else { continue }
                for svg in [chart.wide, chart.narrow] {
                    try Self.checkSVG(svg)
                    #expect(svg.contains("Noto Sans CJK SC"))
                }
            }
        }
        let (_, sample) = try Self.sample()
        #expect(sample.tables.filter { $0.chart != nil }.count == sample.tables.count, "the sample site draws every chart")
        // Names with & < " are escaped.
        let (_, partial) = try Self.load("stats-partial")
        let chart = try #require(partial.table("projects", "by-organization")?.chart)
        #expect(chart.wide.contains("阿尔法 &amp; &lt;儿童&gt; &quot;服务&quot;中心"))
        #expect(chart.narrow.contains("阿尔法 &amp; &lt;儿童&gt; &quot;服务&quot;中心"))
    }

    @Test func chartIDsAreUniqueAcrossPages() throws {
        let (_, stats) = try Self.sample()
        // Both variants of every chart are on one page: every id (the chart's, its title's, its
        // patterns') must differ from every other.
        let svgs = stats.tables.compactMap(\.chart).flatMap { [$0.wide, $0.narrow] }
        let ids = svgs.flatMap { svg in
            svg.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(ids.count > svgs.count * 3)
        #expect(Set(ids).count == ids.count, "\(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys)")
    }

    /// On a phone the chart is re-laid out, not scaled: the narrow variant is about a phone
    /// column wide (so 13-unit labels show near 13 px), puts every label above its bar at the
    /// left edge, and cuts no label the wide one shows whole.
    @Test func narrowChartsAreLaidOutForPhones() throws {
        let (_, stats) = try Self.sample()
        func viewBoxWidth(_ svg: String) -> Double? {
            guard let r = svg.range(of: "viewBox=\"0 0 ") else { return nil }
            return Double(svg[r.upperBound...].prefix { $0 != " " })
        }
        for t in stats.tables {
            let chart = try #require(t.chart)
            #expect(viewBoxWidth(chart.wide) == 640)
            #expect(viewBoxWidth(chart.narrow) == 340)
            #expect(chart.wide.contains("class=\"chart chart-wide\"") && chart.narrow.contains("class=\"chart chart-narrow\""))
        }
        let byRound = try #require(stats.table("projects", "by-round")?.chart)
        // Wide: labels end where the bars begin. Narrow: labels start at the left edge, on their own line.
        #expect(byRound.wide.contains("text-anchor=\"end\">小区公益服务购买 2013年</text>"))
        #expect(byRound.narrow.contains("<text x=\"8\" y=\"") && byRound.narrow.contains(">小区公益服务购买 2013年</text>"))
        #expect(!byRound.narrow.contains("text-anchor=\"end\""))
        for t in stats.tables {
            let chart = try #require(t.chart)
            #expect(chart.narrow.components(separatedBy: "…<").count <= chart.wide.components(separatedBy: "…<").count, "\(t.id)")
        }
    }

    @Test func csvAndJSONEqualTheTables() throws {
        for (_, stats) in [try Self.sample(), try Self.load("stats-partial")] {
            let files = Dictionary(stats.downloads().map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a })
            #expect(files.count == stats.tables.count * 2 + 1)
            for t in stats.tables {
                let all = t.rows + (t.totals.map { [$0] } ?? [])
                let csvData = try #require(files[t.downloadStem + ".csv"])
                let csv = readCSV(String(decoding: csvData, as: UTF8.self))
                #expect(csv.first == t.columns.map(\.csvLabel))
                #expect(Array(csv.dropFirst()) == all.map { $0.cells.map(\.plain) }, "\(t.downloadStem).csv")

                let jsonData = try #require(files[t.downloadStem + ".json"])
                let json = try #require(try JSONSerialization.jsonObject(with: jsonData) as? [String: Any])
                let rows = try #require(json["rows"] as? [[String: Any]])
                #expect(rows.count == t.rows.count)
                for (row, jsonRow) in zip(t.rows, rows) {
                    for (column, value) in zip(t.columns, row.cells) {
                        switch value {
                        case .text(let s): #expect(jsonRow[column.key] as? String == s)
                        case .empty: #expect(jsonRow[column.key] is NSNull)
                        default: #expect((jsonRow[column.key] as? NSNumber)?.doubleValue == Double(value.plain), "\(t.id).\(column.key)")
                        }
                    }
                    #expect(jsonRow["entries"] as? [String] == row.entries.map(\.slug))
                }
            }
            // The terminal shows the same values as the page.
            let text = stats.table()
            for t in stats.tables { for row in t.rows { for cell in row.cells { #expect(text.contains(cell.display)) } } }
        }
    }

    @Test func terminalColumnsAlignWithChineseText() {
        #expect(TextTable.displayWidth("昆山abc") == 7)
        #expect(TextTable.displayWidth("（2014年）") == 10)
        let lines = TextTable.render(
            [["登记注册组织", "25"], ["枢纽组织", "2"], ["合计", "1,234"]], numeric: [false, true],
            header: ["组织类型", "组织数"])
        let widths = Set(lines.filter { !$0.hasPrefix("-") }.map(TextTable.displayWidth))
        #expect(widths.count == 1, "\(lines)")
    }

    @Test func downloadsAndLinksUseTheBasePath() throws {
        let (site, stats) = try Self.load("stats-partial")
        let urls = SiteURLs(config: site.config)
        #expect(urls.base == "/sub/")
        #expect(stats.downloads().contains { $0.path == "statistics/projects/by-program.csv" })
        #expect(stats.downloads().allSatisfy { $0.path.hasPrefix("statistics/") })
        // What a build that keeps the last build's downloads leaves in place: every one of them.
        #expect(stats.downloadPaths == stats.downloads().map(\.path))
        let context = stats.context(theme: "projects", urls: urls)
        let sections = try #require(context["sections"]?.items)
        #expect(sections.first?["csv"]?.string == "/sub/statistics/projects/by-program.csv")
        var hrefs: [String] = []
        for s in sections {
            for row in s["rows"]?.items ?? [] {
                for cell in row["cells"]?.items ?? [] { if let h = cell["href"]?.string { hrefs.append(h) } }
            }
            for e in s["entries"]?.items ?? [] {
                for item in e["items"]?.items ?? [] { hrefs.append(item["url"]?.string ?? "") }
            }
        }
        #expect(!hrefs.isEmpty)
        #expect(hrefs.allSatisfy { $0.hasPrefix("/sub/") || $0.hasPrefix("#") }, "\(hrefs)")
    }

    // MARK: - Templates

    @Test func templatesRenderEveryPage() throws {
        let (site, stats) = try Self.sample()
        let urls = SiteURLs(config: site.config)
        let folder = temporaryFolder("stats-templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["statistics", "statistics-theme"] {
            try FileManager.default.copyItem(
                at: Self.root.appendingPathComponent("templates/\(name).html"),
                to: folder.appendingPathComponent("\(name).html"))
        }
        // A stand-in for the shared layout, so this test does not depend on the site's theme.
        try Data("<html><head>{{$head}}{{/head}}</head><body>{{$main}}{{/main}}</body></html>".utf8)
            .write(to: folder.appendingPathComponent("layout.html"))
        let templates = try TemplateSet.load(folder: folder, required: ["statistics", "statistics-theme", "layout"])
        func render(_ theme: String?) -> String {
            var context = stats.context(theme: theme, urls: urls)
            context["site"] = ["base": .string(urls.base), "assets": .string(urls.root)]
            return templates.render(theme == nil ? "statistics" : "statistics-theme", context)
        }
        let overview = render(nil)
        #expect(overview.contains("<h1>数据统计</h1>"))
        #expect(overview.contains("217.29万元"))
        #expect(overview.contains("逾300个"))
        #expect(overview.contains("来源：昆山市妇联公开资料（2014年12月31日）"))
        #expect(overview.contains("href=\"\(urls.base)assets/stats.css\""))
        for theme in Statistics.themes {
            let page = render(theme)
            #expect(page.contains("<h1>\(Statistics.title(theme: theme))</h1>"))
            #expect(page.contains("<svg"))
            #expect(page.contains("<caption"))
            #expect(page.contains("scope=\"col\""))
            #expect(page.contains("下载 CSV") && page.contains("下载 JSON"))
            #expect(!page.contains("{{"))
            #expect(!page.contains("&lt;svg"), "charts are inserted unescaped")
            for t in stats.tables(theme: theme) { #expect(page.contains("id=\"\(t.id)\"")) }
        }
        #expect(render("projects").contains("href=\"\(urls.project("vp-2012-loving-mothers-pairing"))\""))
    }
}
