import ArgumentParser
import Content
import Foundation
import Stats

/// `showcase stats [--json]`: the statistics pages' figures in the terminal, for pasting into a report.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "打印数据统计（表格或 JSON）/ print the site's statistics as a table or JSON")

    @OptionGroup var site: SiteOptions

    @Flag(help: "输出 JSON / print JSON instead of a table")
    var json = false

    func run() throws {
        let content = try site.running { try site.loadContent() }
        let statistics = StatisticsComputer.compute(content)
        if json {
            FileHandle.standardOutput.write(statistics.json())
        } else {
            FileHandle.standardOutput.write(Data(statistics.table().utf8))
        }
    }
}
