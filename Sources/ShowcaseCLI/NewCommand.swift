import ArgumentParser
import Content
import Foundation

extension EntryScaffold.Kind: ExpressibleByArgument {}

/// `showcase new KIND SLUG`: a new entry with every key of its kind, ready to fill in.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "新建条目：写好全部信息项和说明 / a new entry with every key explained",
        discussion: """
            示例 / examples:
              showcase new article women-week-2015 --title 三八妇女节系列活动
              showcase new organization kunshan-reading-club
            """
    )

    @OptionGroup var site: SiteOptions

    @Argument(help: "类型：article、organization、event、project 或 page / kind")
    var kind: EntryScaffold.Kind

    @Argument(help: "网址名（文件名），小写英文字母、数字和连字符 / slug")
    var slug: String

    @Option(name: .long, help: "标题或名称 / title")
    var title: String?

    func run() throws {
        let path = try site.running(writing: site.root.appendingPathComponent("content").path) {
            try EntryScaffold.create(kind, slug: slug, title: title, root: site.root)
        }
        print(path)
        print(site.lang == .zh ? "已新建。填好各项后运行 showcase check 检查。" : "Created. Fill it in, then run showcase check.")
    }
}
