import Foundation
import Testing

@testable import Destination
@testable import Site

/// The download cache may only ever save time: after any change, a build that reused cached
/// Word and text files is byte-for-byte the build made from scratch of the same input.
@Suite("Download cache: rebuilds equal clean builds")
struct DownloadCacheTests {
    static let articles: [String: String] = [
        "content/articles/a.md": "---\ntitle: 第一篇\ndate: 2014-05-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n正文![图](/images/a.svg)。\n",
        "content/articles/b.md": "---\ntitle: 第二篇\ndate: 2014-06-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n[链接](/articles/a/)。\n",
        "content/articles/c.md": "---\ntitle: 第三篇\ndate: 2014-07-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n第三篇的正文。\n",
        "content/static/images/a.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    ]

    /// Builds with the cache, then the same input from scratch into another folder, and
    /// compares the two; returns the cached build's report.
    @discardableResult
    static func buildAndCompare(_ site: TestSite, sourceLocation: SourceLocation = #_sourceLocation) throws -> BuildReport {
        var options = BuildOptions(root: site.root)
        options.articleDownloads = true
        let report = try SiteBuilder.build(options)
        var clean = BuildOptions(root: site.root, output: site.root.appendingPathComponent("clean"))
        clean.articleDownloads = true
        clean.clean = true
        // A second folder's cache is its own; `clean` makes sure nothing is reused there.
        let fresh = try SiteBuilder.build(clean)
        #expect(fresh.downloadsReused == 0, sourceLocation: sourceLocation)
        let cached = try snapshot(of: site.output)
        let scratch = try snapshot(of: site.root.appendingPathComponent("clean"))
        #expect(cached.keys.sorted() == scratch.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in scratch where cached[path] != bytes {
            Issue.record("\(path) differs from a clean build", sourceLocation: sourceLocation)
        }
        return report
    }

    static func cacheFiles(_ site: TestSite) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".output.cache/downloads").path).sorted()
    }

    @Test func unchangedArticlesAreReusedAndTheSiteIsTheSame() throws {
        let site = try TestSite(Self.articles)
        defer { site.remove() }
        let first = try Self.buildAndCompare(site)
        #expect((first.downloadsMade, first.downloadsReused) == (3, 0))
        #expect(Destination.isMarked(site.root.appendingPathComponent(".output.cache").path))
        let second = try Self.buildAndCompare(site)
        #expect((second.downloadsMade, second.downloadsReused) == (0, 3))

        // One article edited: one made, two reused.
        try site.write("content/articles/c.md", "---\ntitle: 第三篇（改）\ndate: 2014-07-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n改过的正文。\n")
        let edited = try Self.buildAndCompare(site)
        #expect((edited.downloadsMade, edited.downloadsReused) == (1, 2))
        #expect(try String(contentsOf: site.output.appendingPathComponent("articles/c/c.txt"), encoding: .utf8).contains("改过的正文"))

        // Added, renamed and deleted articles; the cache keeps only what the site has.
        try site.write("content/articles/d.md", "---\ntitle: 第四篇\ndate: 2014-08-20\nauthor: 测试部门\ncolumn: 工作动态\n---\n新文章。\n")
        try FileManager.default.moveItem(
            at: site.root.appendingPathComponent("content/articles/b.md"),
            to: site.root.appendingPathComponent("content/articles/b2.md"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/articles/a.md"))
        let moved = try Self.buildAndCompare(site)
        #expect((moved.downloadsMade, moved.downloadsReused) == (2, 1))
        #expect(try Self.cacheFiles(site).count == 3 * 2 + 1, "two files for each of the three articles, and the manifest")
    }

    @Test func whatEveryDownloadSharesInvalidatesThemAll() throws {
        let site = try TestSite(Self.articles)
        defer { site.remove() }
        try Self.buildAndCompare(site)
        // The site's settings (here the federation's name, in every Word file's properties).
        try site.write("content/site.yaml", TestSite.siteYAML.replacingOccurrences(of: "测试市妇女联合会", with: "测试市民政局"))
        let settings = try Self.buildAndCompare(site)
        #expect(settings.downloadsReused == 0)
        // An embedded image.
        try site.write("content/static/images/a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"/>")
        let image = try Self.buildAndCompare(site)
        #expect(image.downloadsReused == 0)
        // A data file.
        try site.write("content/data/figures.yaml", "# 示例数据\n")
        #expect(try Self.buildAndCompare(site).downloadsReused == 0)
        #expect(try Self.buildAndCompare(site).downloadsReused == 3)
    }

    @Test func aDamagedCacheIsNeverTrusted() throws {
        let site = try TestSite(Self.articles)
        defer { site.remove() }
        try Self.buildAndCompare(site)
        let folder = site.root.appendingPathComponent(".output.cache/downloads")
        let docx = try #require(try Self.cacheFiles(site).first { $0.hasSuffix(".docx") })
        let txt = try #require(try Self.cacheFiles(site).first { $0.hasSuffix(".txt") })
        // One file cut short, another grown, a third pair's record gone.
        try Data("PK".utf8).write(to: folder.appendingPathComponent(docx))
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(txt))
        handle.seekToEndOfFile()
        handle.write(Data("多余".utf8))
        try handle.close()
        let report = try Self.buildAndCompare(site)
        #expect(report.downloadsMade >= 1 && report.downloadsMade <= 2)
    }

    /// The manifest is what makes a kept pair trusted: without it, or damaged, or from another
    /// version, nothing is reused, the build says so once, and the next build trusts again.
    @Test func aMissingOrDamagedManifestMeansNothingIsReused() throws {
        let site = try TestSite(Self.articles)
        defer { site.remove() }
        try Self.buildAndCompare(site)
        let manifest = site.root.appendingPathComponent(".output.cache/downloads/manifest")
        for (damage, note) in [
            ("", "没有记录文件"), ("showcase-downloads 1\n", "其他版本"),
            ("showcase-downloads 2\n", "其他版本"),
            (DownloadCache.manifestHeader + "\nabc 1 2\n", "记录文件已损坏"),
        ] {
            if damage.isEmpty {
                try FileManager.default.removeItem(at: manifest)
            } else {
                try damage.write(to: manifest, atomically: true, encoding: .utf8)
            }
            let report = try Self.buildAndCompare(site)
            #expect((report.downloadsMade, report.downloadsReused) == (3, 0), "\(note)")
            #expect(report.notes.count == 1 && report.notes[0].text(in: .zh).contains(note), "\(report.notes)")
            let again = try Self.buildAndCompare(site)
            #expect((again.downloadsMade, again.downloadsReused, again.notes) == (0, 3, []))
        }
    }

    @Test func aCacheFolderShowcaseDidNotMakeIsLeftAlone() throws {
        let site = try TestSite(Self.articles)
        defer { site.remove() }
        try site.write(".output.cache/mine.txt", "我的文件")
        var options = BuildOptions(root: site.root)
        options.articleDownloads = true
        let report = try SiteBuilder.build(options)
        #expect(report.downloadsMade == 3)
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.text(in: .zh).contains("不是 Showcase 建立的") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".output.cache").path) == ["mine.txt"])
        // The command says it in the language asked for, Chinese by default.
        let zh = try ShowcaseProcess.run(["build", "--source", site.root.path])
        #expect(zh.status == 0 && zh.stderr.contains("缓存文件夹 \(site.root.path)/.output.cache 不是 Showcase 建立的"), "\(zh.stderr)")
        let en = try ShowcaseProcess.run(["build", "--source", site.root.path, "--lang", "en"])
        #expect(
            en.status == 0 && en.stderr.contains("the cache folder \(site.root.path)/.output.cache was not made by Showcase: no cache this time"),
            "\(en.stderr)")
        #expect(!en.stderr.contains("缓存"), "\(en.stderr)")
    }

    @Test func cleanStartsFromNothingAndTheCommandSaysWhatItReused() throws {
        let site = try TestSite(Self.articles)
        defer { site.remove() }
        let first = try ShowcaseProcess.run(["build", "--source", site.root.path])
        #expect(first.stdout.contains("文章下载：3 篇新生成，0 篇未改动、沿用缓存"), "\(first.stdout)")
        let again = try ShowcaseProcess.run(["build", "--source", site.root.path])
        #expect(again.stdout.contains("文章下载：0 篇新生成，3 篇未改动、沿用缓存"), "\(again.stdout)")
        let clean = try ShowcaseProcess.run(["build", "--source", site.root.path, "--clean"])
        #expect(clean.stdout.contains("文章下载：3 篇新生成，0 篇未改动、沿用缓存"), "\(clean.stdout)")
        let none = try ShowcaseProcess.run(["build", "--source", site.root.path, "--no-downloads"])
        #expect(!none.stdout.contains("文章下载："))
    }
}
