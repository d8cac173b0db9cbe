import ArgumentParser
import Content
import Foundation
import Site

/// `showcase build`: content/ and templates/ → output/, all or nothing.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "生成网站到 output/ / build the site")

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "输出文件夹（默认 网站文件夹/output）/ output folder")
    var output: String?

    @Option(name: .long, help: "覆盖 site.yaml 的 base_url，例如 https://example.org/showcase/")
    var baseURL: String?

    @Flag(name: .long, help: "包含草稿（draft: true）/ include drafts")
    var drafts = false

    @Flag(name: .long, help: "不生成文章的 Word 和纯文本下载 / skip article downloads")
    var noDownloads = false

    @Option(name: .long, help: "把这一天当作“今天”（决定活动是否即将举行），例如 2026-11-29")
    var today: String?

    @Option(name: .long, help: "并行线程数（默认：全部核心）/ worker threads")
    var jobs: Int?

    func run() throws {
        if let baseURL, let refusal = URLPolicy.check(baseURL: baseURL) {
            site.reportArgument(URLPolicy.problem(refusal, field: "--base-url", value: baseURL))
            throw ExitCode(1)
        }
        var options = BuildOptions(root: site.root, output: output.map { URL(fileURLWithPath: $0) })
        options.includeDrafts = drafts
        options.baseURL = baseURL
        options.articleDownloads = !noDownloads
        if let today, case .success(let d) = DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).parse(today) {
            options.now = Date(timeIntervalSince1970: TimeInterval(d.epochSeconds))
        }
        if let jobs { setenv("SHOWCASE_JOBS", String(max(1, jobs)), 1) }
        let started = Date()
        let report: BuildReport
        do {
            report = try SiteBuilder.build(options)
        } catch let errors as ContentErrors {
            site.report(errors.diagnostics)
            FileHandle.standardError.write(Data((site.lang == .zh ? "生成失败，原有的输出文件夹未改动。\n" : "Build failed; the previous output is unchanged.\n").utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("\(site.lang == .zh ? "错误" : "error"): \(error)\n".utf8))
            throw ExitCode(1)
        }
        site.report(report.warnings)
        print(BuildSummary(report: report, output: options.output.path, seconds: Date().timeIntervalSince(started), lang: site.lang).text)
        #if !DEBUG
        // Like a compiler, end without freeing what the build loaded: releasing a large site's
        // documents one by one took half a second at 10,000 articles, and the system reclaims
        // the memory at once. Debug builds (the sanitizer runs among them) free everything, so
        // that LeakSanitizer still tells real leaks from memory left on purpose.
        fflush(nil)
        withExtendedLifetime(report) { Foundation.exit(0) }
        #endif
    }
}

/// `showcase check`: load and validate without writing anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "只检查内容，不生成 / check the content only")

    @OptionGroup var site: SiteOptions

    func run() throws {
        let content = try site.loadContent(LoadOptions(includeDrafts: true))
        print(site.lang == .zh
              ? "内容无误：\(content.organizations.count) 个组织，\(content.events.count) 个活动，\(content.articles.count) 篇文章，\(content.projects.count) 个项目。"
              : "Content OK: \(content.organizations.count) organizations, \(content.events.count) events, \(content.articles.count) articles, \(content.projects.count) projects.")
    }
}

/// What `build` prints: pages per kind, files, size, time per phase.
struct BuildSummary {
    let report: BuildReport
    let output: String
    let seconds: Double
    let lang: MessageLanguage

    var text: String {
        let pages = report.pagesByKind.reduce(0) { $0 + $1.count }
        var lines: [String] = []
        lines.append(lang == .zh ? "已生成 \(output)：\(pages) 个页面，共 \(report.files) 个文件（\(report.bytes / 1024) KB），用时 \(String(format: "%.2f", seconds)) 秒。"
                                 : "Built \(output): \(pages) pages, \(report.files) files (\(report.bytes / 1024) KB) in \(String(format: "%.2f", seconds)) s.")
        lines.append("  " + report.pagesByKind.map { "\($0.kind) \($0.count)" }.joined(separator: "，"))
        lines.append("  " + report.phases.map { "\($0.name) \(String(format: "%.0f", $0.seconds * 1000))ms" }.joined(separator: "，"))
        return lines.joined(separator: "\n")
    }
}
