import ArgumentParser
import Content
import Destination
import Export
import Foundation

extension ExportFormat: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// `showcase export`: articles as Word, plain text, print HTML or an issue bundle for editors.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出文章给报纸编辑（Word、纯文本、打印版 HTML、整期打包）/ export articles for newspaper editors",
        discussion: """
            示例 / examples:
              showcase export alliance-founded-2014 --format docx
              showcase export --column 妇儿之窗 --issue 26 --format bundle --out 发稿
              showcase export --from 2014-01-01 --to 2014-12-31 --format txt --encoding gb18030 --crlf
              showcase export alliance-founded-2014 --format txt --links   （保留网址 / keep URLs）
              showcase export alliance-founded-2014 --format docx --edition zh-Hant   （繁体 / Traditional）
            """
    )

    @OptionGroup var site: SiteOptions

    @Argument(help: "文章 slug（可多个）/ article slugs")
    var slugs: [String] = []

    @Option(name: .long, help: "栏目，例如 妇儿之窗 / a column")
    var column: String?

    @Option(name: .long, help: "期号（需与 --column 一起用）/ issue number within the column")
    var issue: Int?

    @Option(name: .long, help: "起始日期 2014-01-01（含）/ first date, inclusive")
    var from: String?

    @Option(name: .long, help: "截止日期 2014-12-31（含）/ last date, inclusive")
    var to: String?

    @Flag(name: .long, help: "导出全部文章 / every article")
    var all = false

    @Option(name: .long, help: "格式：docx、txt、html 或 bundle / format")
    var format: ExportFormat

    @Option(name: .long, help: "纯文本编码：utf-8 或 gb18030 / text encoding")
    var encoding: TextEncoding = .utf8

    @Flag(name: .long, help: "纯文本使用 CRLF 换行（Windows 排版系统）/ CRLF line endings")
    var crlf = false

    @Flag(name: .long, help: "纯文本在链接文字后保留网址（默认不保留，便于排版印刷）/ keep URLs after link text in plain text")
    var links = false

    @Option(name: .long, help: "版本：zh-Hans（简体，默认）或 zh-Hant（繁体）/ edition: Simplified or Traditional Chinese")
    var edition: ExportEdition = .simplified

    @Option(name: .long, help: "输出文件夹（默认 ./export）/ output folder")
    var out: String = "export"

    @Flag(name: .long, help: "写入不是 Showcase 建立的文件夹（同名文件会被覆盖）/ write into a folder Showcase did not make")
    var force = false

    func run() throws {
        let asked = column
        let (content, column) = try site.running { try edition.content(site.loadContent(), column: asked) }
        var job = ExportJob(
            selection: ArticleSelection(slugs: slugs, column: column, issue: issue, from: from, to: to, all: all),
            format: format, encoding: encoding, crlf: crlf, links: links ? .withURLs : .print,
            outputFolder: URL(fileURLWithPath: out).standardizedFileURL)
        job.force = force
        let written = try site.running(writing: job.outputFolder.path) { try job.run(site: content, siteRoot: site.root) }
        for url in written { print(url.path) }
        if site.lang == .zh {
            print(written.count == 1 ? "已写入 1 个文件。" : "已写入 \(written.count) 个文件。")
        } else {
            print(written.count == 1 ? "Wrote 1 file." : "Wrote \(written.count) files.")
        }
    }
}
