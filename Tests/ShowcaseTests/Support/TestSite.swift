import Foundation

@testable import Content
@testable import Destination
@testable import Diagnostics
@testable import Site

/// A throw-away site folder written from a map of paths to file contents, with the
/// default theme copied in unless a test brings its own templates.
struct TestSite {
    let root: URL

    static let siteYAML = """
        title: 测试站点
        description: 测试用的站点
        base_url: https://example.org/sub/
        language: zh-CN
        federation:
          name: 测试市妇女联合会
        menu:
          - title: 首页
            url: /
          - title: 社会组织
            url: /organizations/
        domains:
          - slug: youth
            name: 青少年服务
          - slug: elderly
            name: 助老服务

        """

    /// The fixed choices of the test sites (`content/data/choices.yaml`).
    static let choicesYAML = """
        organizations:
          supervisor: [测试市妇女联合会, 测试市民政局]
        events:
          kind: [嘉年华, 市集, 培训, 交流, 讲座, 展示]
        articles:
          column: [妇儿之窗, 工作动态, 组织风采]
        projects:
          program: [公益创投, 小区公益服务购买, 微创投]
          status: [已结项, 实施中]
        aliases:
          测试市妇联: 测试市妇女联合会

        """

    init(
        _ files: [String: String], siteYAML: String? = TestSite.siteYAML, choicesYAML: String? = TestSite.choicesYAML,
        theme: Bool = true
    ) throws {
        root = temporaryFolder("showcase-test")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        if theme { try fm.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: root.appendingPathComponent("templates")) }
        var all = files
        if let siteYAML, all["content/site.yaml"] == nil { all["content/site.yaml"] = siteYAML }
        if let choicesYAML, all[Choices.path] == nil { all[Choices.path] = choicesYAML }
        for (path, text) in all { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func writeData(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    var output: URL { root.appendingPathComponent("output") }

    func load(drafts: Bool = false) throws -> SiteContent {
        try SiteLoader.load(root: root, options: LoadOptions(includeDrafts: drafts))
    }

    /// The formatted errors of a load that must fail, in Chinese.
    func loadErrors() -> [String] {
        do {
            _ = try load()
            return []
        } catch let e as ContentErrors {
            return e.errors.map { $0.formatted(in: .zh) }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    @discardableResult
    func build(downloads: Bool = false, today: String = "2026-11-29") throws -> BuildReport {
        var options = BuildOptions(root: root)
        options.articleDownloads = downloads
        if case .success(let d) = DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).parse(today) {
            options.now = Date(timeIntervalSince1970: TimeInterval(d.epochSeconds))
        }
        return try SiteBuilder.build(options)
    }

    func read(_ outputPath: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(outputPath), encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// What builds left beside `root/output` other than Showcase's own: its cache (with the
/// ledger of the output's files) and the last site kept for the next build (`OutputLedger`),
/// both marked folders. A staging folder a failed first build made, a lock file, anything set
/// aside is listed.
func strayFiles(besideOutputIn root: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.path).filter { name in
        name.hasPrefix(".output")
            && !([".output.cache", ".output.staging"].contains(name) && Destination.isMarked(root.appendingPathComponent(name).path))
    }
}

/// Every file below a folder with its bytes, for comparing two builds.
func snapshot(of folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = folder.standardizedFileURL.path
    guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
    for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        out[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
    }
    return out
}

/// Internal links (`href`, `src`) of every HTML page that point to no file of the site.
/// `base` is the path the site is served from.
func brokenLinks(in folder: URL, base: String) throws -> [String] {
    var broken: [String] = []
    let files = try snapshot(of: folder)
    let regex = try NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
    for (path, data) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") {
        let html = String(decoding: data, as: UTF8.self)
        let pageURL = URL(string: "https://example.org" + base + path)!
        for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let whole = String(html[Range(match.range(at: 1), in: html)!]).replacingOccurrences(of: "&amp;", with: "&")
            // Only links into the site itself: relative or root-relative ones.
            if whole.hasPrefix("#") || whole.contains("://") || whole.hasPrefix("mailto:") || whole.hasPrefix("tel:") { continue }
            let parts = whole.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let raw = String(parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let fragment = parts.count > 1 ? String(parts[1]) : ""
            guard let resolved = URL(string: raw, relativeTo: pageURL)?.absoluteURL else { broken.append("\(path): \(whole)"); continue }
            var target = resolved.path
            guard target.hasPrefix(base) || target + "/" == base else { broken.append("\(path): \(whole)"); continue }
            target = String(target.dropFirst(min(base.count, target.count)))
            if target.isEmpty || raw.hasSuffix("/") { target += (target.isEmpty || target.hasSuffix("/") ? "" : "/") + "index.html" }
            guard let page = files[target] else { broken.append("\(path): \(whole)"); continue }
            // A fragment must name an element of the target page.
            if !fragment.isEmpty, !String(decoding: page, as: UTF8.self).contains("id=\"\(fragment)\"") {
                broken.append("\(path): \(whole) (no such anchor)")
            }
        }
    }
    return broken
}
