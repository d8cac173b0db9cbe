import ArgumentParser
import Content
import Destination
import Diagnostics
import Export
import Foundation
import Site

/// `showcase build`: content/ and templates/ → output/, all or nothing.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "生成网站到 output/ / build the site")

    @OptionGroup var site: SiteOptions

    @OptionGroup var build: BuildFlags

    @Flag(name: .shortAndLong, help: "只显示错误和警告 / only errors and warnings")
    var quiet = false

    @Flag(name: .shortAndLong, help: "逐项显示每个阶段的用时 / every phase on its own line")
    var verbose = false

    func run() throws {
        var options = try site.running { try build.options(site) }
        let started = Date()
        let progressLine = quiet ? nil : ProgressLine.start(lang: site.lang)
        options.progress = progressLine?.progress
        defer { progressLine?.stop() }
        let failed = site.lang == .zh ? "生成失败，原有的输出文件夹未改动。" : "Build failed; the previous output is unchanged."
        let report = try site.running(writing: options.output.path, trailer: failed) {
            // The progress line is erased before any message is printed, on every path.
            defer { progressLine?.stop() }
            return try SiteBuilder.build(options)
        }
        site.report(report.warnings)
        for note in report.notes { FileHandle.standardError.write(Data((note.text(in: site.lang) + "\n").utf8)) }
        for leftover in report.leftovers {
            FileHandle.standardError.write(Data((leftover.formatted(in: site.lang, severity: .warning) + "\n").utf8))
        }
        if !quiet {
            print(
                BuildSummary(
                    report: report, output: options.output.path, seconds: Date().timeIntervalSince(started), lang: site.lang,
                    verbose: verbose
                ).text)
        }
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

/// `showcase check`: everything `build` would report, without writing anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "只检查内容，不生成 / check the content only")

    @OptionGroup var site: SiteOptions

    @Flag(name: .long, help: "同 build --drafts：连同草稿一起检查链接 / as build --drafts")
    var drafts = false

    func run() throws {
        let result = try site.running { try SiteCheck.run(root: site.root, includeDrafts: drafts) }
        site.report(result.warnings)
        print(CheckSummary(site: result.site, warnings: result.warnings.count, lang: site.lang).text)
    }
}

/// What `check` prints last. "No problems" is said only when there is no warning either.
struct CheckSummary {
    let site: SiteContent
    let warnings: Int
    let lang: MessageLanguage

    var text: String {
        let zhCounts = "\(site.organizations.count) 个组织，\(site.events.count) 个活动，\(site.articles.count) 篇文章，\(site.projects.count) 个项目"
        let enCounts =
            "\(site.organizations.count) organizations, \(site.events.count) events, \(site.articles.count) articles, \(site.projects.count) projects"
        if warnings == 0 {
            return lang == .zh ? "内容无误：\(zhCounts)。" : "Content OK: \(enCounts)."
        }
        return lang == .zh
            ? "内容可以发布，但有 \(warnings) 个警告，请逐条核对：\(zhCounts)。"
            : "The content can be published, but has \(warnings) warning(s) to review: \(enCounts)."
    }
}

/// What `build` prints: pages per kind, files, size, time per phase.
struct BuildSummary {
    let report: BuildReport
    let output: String
    let seconds: Double
    let lang: MessageLanguage
    var verbose = false

    var text: String {
        let pages = report.pagesByKind.reduce(0) { $0 + $1.count }
        var lines: [String] = []
        lines.append(
            lang == .zh
                ? "已生成 \(output)：\(pages) 个页面，共 \(report.files) 个文件（\(report.bytes / 1024) KB），用时 \(String(format: "%.2f", seconds)) 秒。"
                : "Built \(output): \(pages) pages, \(report.files) files (\(report.bytes / 1024) KB) in \(String(format: "%.2f", seconds)) s.")
        let comma = lang == .zh ? "，" : ", "
        lines.append("  " + report.pagesByKind.map { "\($0.kind.name(in: lang)) \($0.count)" }.joined(separator: comma))
        if report.downloadsReused + report.downloadsMade > 0 {
            lines.append(
                lang == .zh
                    ? "  文章下载：\(report.downloadsMade) 篇新生成，\(report.downloadsReused) 篇未改动、沿用缓存"
                    : "  downloads: \(report.downloadsMade) articles made, \(report.downloadsReused) unchanged and taken from the cache")
        }
        if let unchanged = report.unchangedFiles {
            lines.append(
                lang == .zh
                    ? "  输出文件：\(report.files - unchanged) 个重新写入，\(unchanged) 个与上次相同、未重写"
                    : "  output files: \(report.files - unchanged) written, \(unchanged) the same as last time and left as they were")
        }
        if let kept = report.pagesKept {
            lines.append(
                lang == .zh
                    ? "  页面：\(pages - kept) 个重新渲染，\(kept) 个所依据的内容未变、沿用上次的"
                    : "  pages: \(pages - kept) rendered, \(kept) kept (what they show is unchanged)")
        }
        if verbose {
            let colon = lang == .zh ? "：" : ": "
            lines += report.phases.map { "  \($0.phase.name(in: lang))\(colon)\(String(format: "%.0f", $0.seconds * 1000)) ms" }
        } else {
            lines.append(
                "  " + report.phases.map { "\($0.phase.name(in: lang)) \(String(format: "%.0f", $0.seconds * 1000))ms" }.joined(separator: comma))
        }
        lines += figureLines
        return lines.joined(separator: "\n")
    }

    /// The key figures that changed since the last build, old → new, for staff to confirm
    /// before they publish: a one-character slip in the content shows up here.
    var figureLines: [String] {
        guard let changes = report.figureChanges, !changes.isEmpty else { return [] }
        let none = lang == .zh ? "（无）" : "(none)"
        return [lang == .zh ? "与上次生成相比，以下数字有变化，发布前请核对：" : "Figures changed since the last build; check them before publishing:"]
            + changes.map { "  \($0.label)：\($0.old ?? none) → \($0.new ?? none)" }
    }
}
