import Content
import Destination
import Dispatch
import Foundation
import Stats
import Templates

/// What `showcase build` was asked to do.
package struct BuildOptions: Sendable {
    /// The site folder, holding `content/` and `templates/`.
    package var root: URL
    package var output: URL
    package var includeDrafts = false
    package var baseURL: String?
    /// "Today", which decides upcoming versus past events.
    package var now = Date()
    /// Word and plain-text downloads of every article.
    package var articleDownloads = true
    /// Replace an existing output folder that Showcase did not make (`--force`).
    package var force = false
    /// Build from scratch: the download cache is deleted first (`--clean`).
    package var clean = false
    /// Counts what the build does, for a progress line; nil when no one shows one.
    package var progress: BuildProgress?

    package init(root: URL, output: URL? = nil) {
        self.root = root.standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("output")).standardizedFileURL
    }
}

/// What a build produced, for the summary the command prints.
package struct BuildReport: Sendable {
    package var pagesByKind: [(kind: String, count: Int)]
    package var files: Int
    package var bytes: Int
    package var phases: [(name: String, seconds: Double)]
    package var warnings: [Diagnostic]
    /// What the build got past after the new site went live: an old site it could not delete.
    package var leftovers: [FolderError] = []
    /// The path the site is served under (`/`, or `/showcase/` for a sub-path build).
    package var basePath = "/"
    /// Articles whose downloads came from the cache, and articles whose downloads were made.
    package var downloadsReused = 0
    package var downloadsMade = 0
    /// Said once to the person building (a cache that could not be used).
    package var notes: [String] = []
    /// Key figures that differ from the last successful build into the same output folder;
    /// nil when there was none to compare with (the first build, or no figures kept).
    package var figureChanges: [FigureChange]? = nil
    /// Output URL → the content files and templates it was made from (for incremental rebuilds;
    /// partials are not listed yet). Made when asked for: a build from the command line never does.
    package var sources: [String: [String]] {
        Dictionary(uniqueKeysWithValues: state.pages.map { ($0.url, $0.sources + ["templates/\($0.template).html", "templates/layout.html"]) })
    }
    /// Everything the build loaded and derived. Kept with the report so that a long-running
    /// caller (the coming preview server) can rebuild from it, and so that the command can exit
    /// without first freeing tens of thousands of documents one by one (see `BuildCommand`).
    package let state: BuildState
}

/// The loaded content, its index and the planned pages of one build.
package final class BuildState: Sendable {
    let contexts: PageContexts
    let pages: [PlannedPage]

    init(contexts: PageContexts, pages: [PlannedPage]) {
        self.contexts = contexts
        self.pages = pages
    }
}

/// The whole build, top to bottom: the output folder claimed and locked → load (the templates
/// compile meanwhile) → statistics, beside the index and the page plan → cards → pages, with
/// feeds, statistics downloads, static files and the link check in the same pool → the search
/// index → article downloads (from the download cache where unchanged) → swap into place.
/// Each phase is timed.
package enum SiteBuilder {
    package static func build(_ options: BuildOptions) throws -> BuildReport {
        var phases: [(String, Double)] = []
        func phase<T>(_ name: String, _ work: () throws -> T) rethrows -> T {
            options.progress?.begin(name)
            let start = DispatchTime.now().uptimeNanoseconds
            defer { phases.append((name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
            return try work()
        }

        try OutputFolder.check(output: options.output, root: options.root)
        // Refused before anything is written; checked again once this build holds the lock.
        _ = try Destination.claimForBuild(options.output.path, force: options.force)
        let lock = try BuildLock(beside: options.output)
        defer { lock.release() }
        _ = try Destination.claimForBuild(options.output.path, force: options.force)
        // Nothing in the templates depends on the content: they compile on a thread of their
        // own while the content loads.
        let root = options.root
        let compiling = Parallel.start {
            Result { try TemplateSet.load(folder: root.appendingPathComponent("templates"), required: PagePlanner.requiredTemplates) }
        }
        let site: SiteContent
        do {
            site = try phase("读取内容") {
                try SiteLoader.load(root: options.root, options: LoadOptions(includeDrafts: options.includeDrafts, baseURL: options.baseURL,
                                                                             keepSyntaxTrees: options.articleDownloads))
            }
        } catch {
            // The content's problems are reported alone, but only once the templates are done
            // with: a command must not exit while a thread of it is still reading files.
            _ = compiling.wait()
            throw error
        }
        let templates = try phase("编译模板") { try compiling.wait().get() }
        let traditional = try SiteBuilder.traditionalConverter(site)
        let urls = SiteURLs(config: site.config)
        // The statistics need nothing else; the index, then the page plan, are computed beside them.
        let (statistics, planned) = phase("建立索引、统计与规划页面") {
            Parallel.both({ StatisticsComputer.compute(site) }, {
                Result { () throws -> (SiteIndex, [PlannedPage]) in
                    let index = SiteIndex(site)
                    let pages = PagePlanner(site: site, index: index, urls: urls).plan(statisticsThemes: Statistics.themes)
                    try checkUniqueURLs(pages, site: site)
                    return (index, pages)
                }
            })
        }
        let (index, pages) = try planned.get()
        let today = DateParser(timeZone: TimeZone(identifier: site.config.timeZoneIdentifier) ?? .current).date(at: options.now)
        let contexts = phase("渲染卡片") {
            PageContexts(site: site, index: index, urls: urls, statistics: statistics, today: today,
                         downloads: options.articleDownloads, templates: templates, edition: .simplified(site.config))
        }
        // Compared with those of the output being replaced, read before it is.
        let figures = statistics.keyFigures(urls: urls)
        let previousFigures = Statistics.readKeyFigures(try? Data(contentsOf: options.output.appendingPathComponent(Statistics.keyFiguresPath)))
        let folder = OutputFolder(output: options.output)
        var leftovers = try folder.prepare()
        do {
            let links = Locked([Diagnostic]())
            let (written, small) = try phase("渲染并写入页面、订阅与静态文件，检查链接") {
                // Feeds, statistics downloads, static files and the link check are jobs of one
                // thread each: they are handed out first, and the pages keep every other core
                // busy meanwhile.
                let jobs: [@Sendable () throws -> Tally] = [
                    {
                        let found = linkWarnings(site: site, pages: pages, urls: urls, root: options.root)
                        links.withLock { $0 = found }
                        return Tally(files: 0, bytes: 0)
                    },
                    { try writeFeeds(site: site, urls: urls, pages: pages, contexts: contexts, folder: folder) },
                    { try writeStatisticsDownloads(statistics, figures: figures, folder: folder) },
                    {
                        // Clashes are found before this job copies anything: the pages being
                        // written meanwhile go with the discarded staging folder.
                        let files = staticFiles(root: options.root, site: site)
                        var clashes = StaticClashes(files.map { ($0.output, $0.source) })
                        clashes.checkGenerated(site: site, pages: pages, urls: urls, statistics: statistics,
                                               downloads: options.articleDownloads)
                        if !clashes.problems.isEmpty { throw ContentErrors(clashes.problems) }
                        return try copyStatic(files, root: options.root, folder: folder)
                    },
                ]
                let tallies = Locked([Tally]())
                options.progress?.expect(pages.count)
                let written = try renderPages(pages, contexts: contexts, templates: templates, folder: folder, urls: urls,
                                              progress: options.progress, extraJobs: jobs.count) { i in
                    let t = try jobs[i]()
                    tallies.withLock { $0.append(t) }
                }
                return (written, tallies.withLock { $0 }.reduce(Tally(files: 0, bytes: 0), +))
            }
            let search = try phase("建立搜索索引") { try writeSearchIndex(site: site, urls: urls, folder: folder) }
            let hant = try traditional.map { converter in
                let converted = phase("繁体版：转换内容") { convertTraditional(site, with: converter) }
                return try phase("繁体版：页面、订阅与搜索索引") {
                    let (hantPages, tally) = try writeTraditional(site: converted, main: site, converter: converter, root: options.root,
                                                                  folder: folder, today: today)
                    try writeSitemap(main: pages, traditional: hantPages, site: site, urls: urls, contexts: contexts, folder: folder)
                    return tally
                }
            } ?? Tally(files: 0, bytes: 0)
            let (cache, cacheNote) = options.articleDownloads ? DownloadCache.open(options, site: site, clean: options.clean) : (nil, nil)
            let (downloads, reused, keys) = try phase("文章下载") {
                try writeDownloads(site: site, folder: folder, options: options, cache: cache)
            }
            let extra = small + search + downloads + hant
            leftovers += try phase("替换输出文件夹") { try folder.commit() }
            cache?.prune(keeping: keys)
            var counts: [String: Int] = [:]
            for p in pages { counts[p.kind.rawValue, default: 0] += 1 }
            let order = PlannedPage.Kind.allCases.map(\.rawValue)
            return BuildReport(
                pagesByKind: order.compactMap { k in counts[k].map { (k, $0) } },
                files: pages.count + extra.files, bytes: written + extra.bytes,
                phases: phases, warnings: (site.warnings + links.withLock { $0 }).sorted(), leftovers: leftovers, basePath: urls.base,
                downloadsReused: reused, downloadsMade: options.articleDownloads ? site.articles.count - reused : 0,
                notes: cacheNote.map { [$0] } ?? [],
                figureChanges: previousFigures.map { Statistics.changes(from: $0, to: figures) },
                state: BuildState(contexts: contexts, pages: pages))
        } catch {
            folder.discard()
            throw error
        }
    }

    /// Markdown links to pages or files the site does not have.
    static func linkWarnings(site: SiteContent, pages: [PlannedPage], urls: SiteURLs, root: URL) -> [Diagnostic] {
        var paths = Set<String>(minimumCapacity: pages.count + site.staticFiles.count + 2 * site.articles.count + site.events.count + 3)
        for page in pages { paths.insert(urls.outputFile(for: page.url)) }
        paths.formUnion(site.staticFiles)
        for file in ["feed.xml", "sitemap.xml", "robots.txt", Feeds.eventsFeedPath, Feeds.calendarPath] { paths.insert(file) }
        var columns = Set<String>()
        for i in site.articles.indices { if let c = site.articles[i].column { columns.insert(c) } }
        for c in columns { paths.insert(Feeds.columnFeedPath(c, urls: urls)) }
        // By index: a loop variable would be a copy of the whole entry.
        for i in site.articles.indices {
            let slug = site.articles[i].slug
            paths.insert("articles/\(slug)/\(slug).docx")
            paths.insert("articles/\(slug)/\(slug).txt")
        }
        for i in site.events.indices { paths.insert("events/\(site.events[i].slug)/\(site.events[i].slug).ics") }
        var directories: [String: String] = [:]
        directories.reserveCapacity(site.organizations.count + site.events.count + site.articles.count + site.projects.count + site.pages.count)
        func add(_ source: EntrySource, _ url: String) { directories[source.path] = String(urls.outputFile(for: url).dropLast("index.html".count)) }
        for i in site.organizations.indices { add(site.organizations[i].source, urls.organization(site.organizations[i].slug)) }
        for i in site.events.indices { add(site.events[i].source, urls.event(site.events[i].slug)) }
        for i in site.articles.indices { add(site.articles[i].source, urls.article(site.articles[i].slug)) }
        for i in site.projects.indices { add(site.projects[i].source, urls.project(site.projects[i].slug)) }
        for i in site.pages.indices { add(site.pages[i].source, urls.page(site.pages[i].slug)) }
        let sources = site.organizations.map(\.source) + site.events.map(\.source) + site.articles.map(\.source)
            + site.projects.map(\.source) + site.pages.map(\.source)
        let (known, folders) = (paths, directories)
        return InternalLinks.check(sources, root: root, directory: { folders[$0.path] ?? "" }, exists: { known.contains($0) })
    }

    /// Two entries that would write the same page (a page slug `organizations`, an event slug
    /// `2014` beside the 2014 year page) are reported rather than one silently overwriting the other.
    static func checkUniqueURLs(_ pages: [PlannedPage], site: SiteContent) throws {
        // Positions rather than pages in the table, pages read by index: copying each planned
        // page in and out of it was most of the check.
        var seen: [String: Int] = [:]
        seen.reserveCapacity(pages.count)
        var problems: [Diagnostic] = []
        for i in pages.indices {
            if let k = seen[pages[i].url] {
                let (p, other) = (pages[i], pages[k])
                let file = p.sources.first ?? other.sources.first ?? "content/"
                let otherName = other.sources.first ?? other.kind.rawValue
                problems.append(Diagnostic(.error, .duplicateURL(url: p.url, other: otherName), at: SourceLocation(file: file)))
            } else {
                seen[pages[i].url] = i
            }
        }
        if !problems.isEmpty { throw ContentErrors(problems) }
    }

    /// Renders every page on all cores. Templates are compiled once and shared; each worker
    /// writes its own files, so only the byte and error tallies are shared.
    /// `extra(k)` for `k` in `0..<extraJobs` runs in the same pool, before any page.
    private static func renderPages(_ pages: [PlannedPage], contexts: PageContexts, templates: TemplateSet,
                                    folder: OutputFolder, urls: SiteURLs, progress: BuildProgress? = nil,
                                    extraJobs: Int = 0, extra: @Sendable (Int) throws -> Void = { _ in }) throws -> Int {
        return try writeInParallel(extraJobs + pages.count) { i in
            if i < extraJobs {
                try extra(i)
                return 0
            }
            let page = pages[i - extraJobs]
            let html = templates.renderBytes(page.template, contexts.context(for: page))
            try html.withUnsafeBytes { try folder.write(urls.outputFile(for: page.url), $0) }
            progress?.advance()
            return html.count
        }
    }

    /// Runs `write` for `0..<count` on all cores; each call returns the bytes it wrote. The
    /// first error is rethrown once every worker has finished.
    static func writeInParallel(_ count: Int, _ write: @Sendable (Int) throws -> Int) throws -> Int {
        let failures = Locked<[Error]>([])
        let bytes = Locked(0)
        Parallel.forEach(count) { i in
            do {
                let n = try write(i)
                bytes.withLock { $0 += n }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let first = failures.withLock({ $0.first }) { throw first }
        return bytes.withLock { $0 }
    }
}

/// Files and bytes written by one phase.
struct Tally {
    var files: Int
    var bytes: Int
    static func + (a: Tally, b: Tally) -> Tally { Tally(files: a.files + b.files, bytes: a.bytes + b.bytes) }
}

/// A value behind a lock, for the few counters parallel workers share.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
