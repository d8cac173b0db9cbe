import ArgumentParser
import Content
import Destination
import Foundation
import Report

extension ReportFormat: ExpressibleByArgument {}

/// `showcase report --year 2014`: the year's work report, computed from the same content as the site.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "生成年度工作报告（HTML、Word 或 PDF）/ the annual work report",
        discussion: """
            叙述部分写在 content/reports/<年份>.md，数字由条目统计得出。/ The narrative is content/reports/<year>.md; the figures are computed.
            示例 / examples:
              showcase report --year 2014
              showcase report --year 2014 --format docx --out 报告
              showcase report --year 2014 --format pdf   （需要 Chromium / needs Chromium）
            """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "报告年份 / the report's year")
    var year: Int

    @Option(name: .long, help: "格式：html、docx 或 pdf / format")
    var format: ReportFormat = .html

    @Option(name: .long, help: "输出文件夹（默认 ./report）/ output folder")
    var out: String = "report"

    @Flag(name: .long, help: "写入不是 Showcase 建立的文件夹（同名文件会被覆盖）/ write into a folder Showcase did not make")
    var force = false

    func run() throws {
        let content = try site.running { try site.loadContent() }
        var job = ReportJob(year: year, format: format, outputFolder: URL(fileURLWithPath: out).standardizedFileURL)
        job.force = force
        let written = try site.running(writing: job.outputFolder.path) { try job.run(site: content, siteRoot: site.root) }
        print(written.path)
    }
}
