import Content
import Diagnostics
import Foundation
import Stats

/// Static files may not take the place of a file the build writes itself. Pages, feeds,
/// calendars, downloads and static files are written by parallel workers: two writers of one
/// path made the winner vary between runs, and now and then spliced the two into one file.
/// A static file that is a generated file's folder (`content/static/feed.xml/x`), or whose
/// path is a generated folder (`content/static/articles`), clashes too.
///
/// Between `templates/static/` and `content/static/` there is no clash: the site's own file
/// replaces the theme's (see ``SiteBuilder/staticFiles(root:site:)``).
struct StaticClashes {
    /// Output path → the static file's path in the site (`content/static/index.html`).
    private var files: [String: String] = [:]
    /// First path components of the static files (`images`, `index.html`): nearly every
    /// generated path is ruled out by one lookup of its own.
    private var tops = Set<String>()
    /// Each folder static files are in → the first static file below it.
    private var folders: [String: String] = [:]
    private(set) var problems: [Diagnostic] = []
    /// Static files already reported: one message each, however many generated files they meet.
    private var reported = Set<String>()

    init(_ statics: [(output: String, source: String)]) {
        for s in statics.sorted(by: { $0.output < $1.output }) {
            files[s.output] = s.source
            tops.insert(Self.top(s.output))
            var folder = Substring(s.output)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if folders[String(folder)] == nil { folders[String(folder)] = s.source }
            }
        }
    }

    private static func top(_ path: String) -> String {
        String(path.utf8.firstIndex(of: 0x2F).map { path[..<$0] } ?? path[...])
    }

    /// Checks one generated file; `from` names what it is made from (a content file, or what
    /// it is: `首页`, `站点地图`) and is only asked for when there is a clash.
    mutating func generated(_ path: String, from: () -> String) {
        guard !files.isEmpty, tops.contains(Self.top(path)) else { return }
        // The same path; a static file below the generated one, as if it were a folder; a
        // static file where the generated one needs a folder.
        if let source = files[path] ?? folders[path] ?? folderClash(path) {
            guard reported.insert(source).inserted else { return }
            problems.append(Diagnostic(.error, BuildProblem.staticClash(output: path, other: from()), at: SourceLocation(file: source)))
        }
    }

    private func folderClash(_ path: String) -> String? {
        var folder = Substring(path)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if let source = files[String(folder)] { return source }
        }
        return nil
    }

    /// Every file the build writes besides static files: pages, feeds, calendars, statistics
    /// downloads and, when asked for, articles' Word and text downloads.
    mutating func checkGenerated(site: SiteContent, pages: [PlannedPage], urls: SiteURLs, statistics: Statistics, downloads: Bool) {
        guard !files.isEmpty else { return }
        for i in pages.indices {
            generated(urls.outputFile(for: pages[i].url)) { pages[i].sources.first ?? pages[i].kind.rawValue }
        }
        generated("feed.xml") { "网站订阅（Atom）" }
        generated("sitemap.xml") { "站点地图" }
        generated("robots.txt") { "搜索引擎抓取规则" }
        for i in site.events.indices {
            let slug = site.events[i].slug
            generated("events/\(slug)/\(slug).ics") { site.events[i].source.path }
        }
        for t in statistics.tables {
            generated(t.downloadStem + ".csv") { "统计表“\(t.title)”" }
            generated(t.downloadStem + ".json") { "统计表“\(t.title)”" }
        }
        generated(Statistics.allDownloadPath) { "统计数据下载" }
        generated(Statistics.keyFiguresPath) { "主要数字记录" }
        if downloads {
            for i in site.articles.indices {
                let slug = site.articles[i].slug
                generated("articles/\(slug)/\(slug).docx") { site.articles[i].source.path }
                generated("articles/\(slug)/\(slug).txt") { site.articles[i].source.path }
            }
        }
    }
}
