import ArgumentParser
import Content
import Diagnostics
import Foundation
import Site

/// The options `build` and `serve` share, turned into `BuildOptions` in one place, so that a
/// preview is built exactly as the published site would be and both refuse the same mistakes.
struct BuildFlags: ParsableArguments {
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

    @Flag(name: .long, help: "替换不是 Showcase 生成的输出文件夹（其中全部内容将被删除）/ replace an output folder Showcase did not make, deleting its contents")
    var force = false

    @Flag(name: .long, help: "不用缓存，全部重新生成 / build from scratch, deleting the download cache")
    var clean = false

    /// The options; throws ``OptionError`` for a bad `--base-url`, `--today` (a mistyped day
    /// would otherwise build silently with the real today) or `--jobs`.
    func options(_ site: SiteOptions) throws -> BuildOptions {
        if let baseURL, let refusal = URLPolicy.check(baseURL: baseURL) {
            throw OptionError(URLPolicy.problem(refusal, field: "--base-url", value: baseURL))
        }
        var options = BuildOptions(root: site.root, output: output.map { URL(fileURLWithPath: $0) })
        options.includeDrafts = drafts
        options.baseURL = baseURL
        options.articleDownloads = !noDownloads
        options.force = force
        options.clean = clean
        if let today {
            switch DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).parse(today) {
            case .success(let d): options.now = Date(timeIntervalSince1970: TimeInterval(d.epochSeconds))
            case .failure(let failure):
                let reason: DateProblem? = if case .impossible(let p) = failure { p } else { nil }
                throw OptionError(.invalidToday(value: today, reason: reason))
            }
        }
        if let jobs {
            guard jobs > 0 else { throw OptionError(.invalidJobs(jobs)) }
            options.jobs = jobs
        }
        return options
    }
}
