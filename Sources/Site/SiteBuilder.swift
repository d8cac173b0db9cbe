import Content
import Destination
import Diagnostics
import Dispatch
import Edition
import Foundation
import Stats
import Support
import Synchronization
import Templates

/// What `showcase build` was asked to do.
package struct BuildOptions: Sendable {
    /// The site folder, holding `content/` and `templates/`.
    package var root: URL
    /// The folder the site replaces (default `root/output`).
    package var output: URL
    /// Build articles marked `draft: true` too (`--drafts`).
    package var includeDrafts = false
    /// Replaces `site.yaml`'s `base_url` (`--base-url`).
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
    /// Threads for parsing and rendering (`--jobs`); nil: every core (or `SHOWCASE_JOBS`).
    package var jobs: Int?
    /// What a preview keeps between its builds: set, a rebuild parses only changed files and
    /// writes only changed files, into the served folder itself (see `LiveOutput`).
    package var live: LiveOutput?

    /// Options for building the site folder `root` into `output` (default: `root/output`).
    package init(root: URL, output: URL? = nil) {
        self.root = root.standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("output")).standardizedFileURL
    }
}

/// The loaded content, its index and the planned pages of one build.
package final class BuildState: Sendable {
    let contexts: PageContexts
    let pages: [PlannedPage]
    /// The main edition's templates, and the number of the preview's load the content came
    /// from (`ParseCache.lastLoad`): a preview's next rebuild reuses the cards made with them
    /// when its templates are the same and its load patched that one.
    let templates: TemplateSet
    let load: Int?

    init(contexts: PageContexts, pages: [PlannedPage], templates: TemplateSet, load: Int?) {
        self.contexts = contexts
        self.pages = pages
        self.templates = templates
        self.load = load
    }
}

/// The whole build, top to bottom: the output folder claimed and locked → load, each article's
/// downloads made (or linked from the download cache) right after its parse, while the templates
/// compile → statistics, beside the index and the page plan → cards → pages, with feeds,
/// statistics downloads, static files and the link check in the same pool → the search index
/// (beside the Traditional edition's conversion, when there is one) → the Traditional edition's
/// pages → swap into place. Each phase is timed.
package enum SiteBuilder {
    /// Builds the site; throws ``ContentErrors`` for problems in the sources, ``FolderError`` for the output folder. On any error the previous output is left as it was.
    package static func build(_ options: BuildOptions) throws -> BuildReport {
        try Parallel.withWorkers(options.jobs) { try run(options) }
    }

    private static func run(_ options: BuildOptions) throws -> BuildReport {
        var phases: [(BuildPhase, Double)] = []
        func phase<T>(_ name: BuildPhase, _ work: () throws -> T) rethrows -> T {
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
        // A build makes each article's downloads while loading, right after its parse, into the
        // staging folder, which is therefore made first (and discarded on any failure). A
        // preview's rebuild makes them last, after the pages the browser reloads.
        let whileLoading = options.articleDownloads && options.live == nil
        // The download cache (reading its manifest is tens of milliseconds at 10,000 articles)
        // is opened when the downloads are first made: in a build, beside the reading of the
        // output folder's ledger, before the load; in a preview's rebuild, after the pages the
        // browser waits for.
        let openingCache = whileLoading ? Parallel.start { DownloadCache.open(options, clean: options.clean) } : nil
        defer { _ = openingCache?.wait() }
        let folder = OutputFolder(output: options.output, live: options.live, reuse: !options.clean)
        // Load, templates, plan, cards, pages, search index and commit, and the downloads when
        // they are made after the pages; the Traditional edition's two are added once known.
        let phaseCount = 7 + (options.articleDownloads && !whileLoading ? 1 : 0)
        options.progress?.expectPhases(phaseCount)
        var leftovers: [FolderError] = []
        var prepared = false
        defer { if prepared { folder.discard() } }
        if whileLoading {
            leftovers = try folder.prepare()
            prepared = true
        }
        var cache: DownloadCache?
        var cacheNote: CacheNote?
        func openDownloads() -> ArticleDownloads? {
            guard options.articleDownloads else { return nil }
            (cache, cacheNote) = openingCache?.wait() ?? DownloadCache.open(options, clean: options.clean)
            return ArticleDownloads(folder: folder, cache: cache, options: options)
        }
        let downloads = whileLoading ? openDownloads() : nil
        var eachArticle: (@Sendable (Article, SiteConfig) -> Void)?
        if whileLoading, let downloads { eachArticle = { downloads.make($0, config: $1) } }
        // The progress line's total while loading (drafts left out are never handed over, so
        // the count may stop short of it).
        var articlesFound: (@Sendable (Int) -> Void)?
        if whileLoading, let progress = options.progress { articlesFound = { progress.expect($0) } }
        // The Traditional edition's dictionaries are read (50–95 ms on one thread) beside the
        // load, as soon as site.yaml asks for them, instead of alone after it.
        let dictionaries = Mutex<Parallel.Pending<Void>?>(nil)
        defer { _ = dictionaries.withLock { $0 }?.wait() }
        let configRead: @Sendable (SiteConfig) -> Void = { config in
            guard let edition = config.traditional else { return }
            dictionaries.withLock { $0 = Parallel.start { TraditionalConverter.readDictionaries(edition) } }
        }
        let site: SiteContent
        do {
            site = try phase(whileLoading ? .loadWithDownloads : .load) {
                try SiteLoader.load(
                    root: options.root,
                    options: LoadOptions(
                        includeDrafts: options.includeDrafts, baseURL: options.baseURL,
                        keepSyntaxTrees: options.articleDownloads && !whileLoading, parseCache: options.live?.parses,
                        fileDigest: DownloadCache.fileDigest,
                        eachArticle: eachArticle, articlesFound: articlesFound, configRead: configRead))
            }
        } catch let errors as ContentErrors {
            // Reported with the templates' problems, as `check` does, once the templates are
            // done with: a command must not exit while a thread of it is still reading files.
            if case .failure(let templateErrors as ContentErrors) = compiling.wait() {
                throw ContentErrors(errors.diagnostics + templateErrors.diagnostics)
            }
            throw errors
        } catch {
            _ = compiling.wait()
            throw error
        }
        let templates = try phase(.templates) { try compiling.wait().get() }
        // Refused before the site is written: an edition OpenCC cannot make.
        let traditional = try SiteBuilder.traditionalConverter(site)
        if traditional != nil { options.progress?.expectPhases(phaseCount + 2) }
        if !prepared {
            leftovers = try folder.prepare()
            prepared = true
        }
        let madeFirst = whileLoading ? try downloads?.finish() : nil
        let urls = SiteURLs(config: site.config)
        // The statistics need nothing else; the index, then the page plan, are computed beside them.
        let (statistics, planned) = phase(.plan) { [site] () -> (Statistics, Result<(SiteIndex, [PlannedPage]), any Error>) in
            // A preview's rebuild after a save that changed only bodies keeps the last build's:
            // they are made from front matter alone (`LiveOutput.planToReuse`).
            if let last = options.live?.planToReuse() { return (last.statistics, .success((last.index, last.pages))) }
            return Parallel.both(
                { StatisticsComputer.compute(site) },
                {
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
        let edition = SiteEdition.simplified(site.config)
        // What the pages are rendered from; when the live site's pages were rendered from the
        // same but for some entries' bodies, only those entries' pages are rendered again.
        let (record, pagesToRender) = RenderRecord.forBuild(options, site: site, today: today, folder: folder)
        let toRender = pagesToRender(pages, site)
        let cards = phase(.cards) { [site] in
            PageCards(
                site: site, index: index, urls: urls, templates: templates, edition: edition,
                reusing: options.live?.cardsToReuse(templates: templates))
        }
        let contexts = PageContexts(
            site: site, index: index, urls: urls, statistics: statistics, today: today,
            downloads: options.articleDownloads, cards: cards, edition: edition)
        // A preview's rebuild hands what it made to the preview, which lets go of it on another
        // thread: a rebuild stopped for a newer save spent 35 ms freeing it while that save waited.
        defer { options.live?.keep(BuildState(contexts: contexts, pages: pages, templates: templates, load: options.live?.parses.lastLoad.number)) }
        // Compared with those of the output being replaced, read before it is.
        let figures = statistics.keyFigures(urls: urls)
        // No previous figures (the first build, an unreadable file) only means nothing to compare.
        let previousFigures = Statistics.readKeyFigures(try? Data(contentsOf: options.output.appendingPathComponent(Statistics.keyFiguresPath)))
        let links = Mutex([Diagnostic]())
        let keptPages = Mutex(0)
        var keepUnchanged: (@Sendable (Int) -> Int?)?
        if let toRender {
            keepUnchanged = { i in
                guard !toRender[i], let size = folder.keep(urls.outputFile(for: pages[i].url)) else { return nil }
                keptPages.withLock { $0 += 1 }
                return size
            }
        }
        let (written, small) = try phase(.pages) { [site] in
            // Feeds, statistics downloads, static files and the link check are jobs of one
            // thread each: they are handed out first, and the pages keep every other core
            // busy meanwhile.
            let jobs = [
                PoolJob("检查链接") {
                    let found = linkWarnings(site: site, pages: pages, urls: urls, root: options.root)
                    links.withLock { $0 = found }
                    return .none
                },
                PoolJob("订阅、日历与网站地图") { try writeFeeds(site: site, urls: urls, pages: pages, contexts: contexts, folder: folder) },
                PoolJob("统计下载") { try writeStatisticsDownloads(statistics, figures: figures, folder: folder, keep: toRender != nil) },
                PoolJob("静态文件") {
                    // Clashes are found before this job copies anything: the pages being
                    // written meanwhile go with the discarded staging folder.
                    let files = staticFiles(root: options.root, site: site)
                    var clashes = StaticClashes(files.map { ($0.output, $0.source) })
                    clashes.checkGenerated(
                        site: site, pages: pages, urls: urls, statistics: statistics,
                        downloads: options.articleDownloads)
                    if !clashes.problems.isEmpty { throw ContentErrors(clashes.problems) }
                    return try copyStatic(files, root: options.root, folder: folder)
                },
            ]
            // A preview's rebuild writes the pages of the files just saved first (see `LiveOutput`).
            if let first = options.live?.pagesFirst(pages, inPlace: folder.isInPlace) {
                _ = try renderPages(first, contexts: contexts, templates: templates, folder: folder, urls: urls)
                options.live?.reportChanges(inPlace: folder.isInPlace, savedPages: true)
            }
            options.progress?.expect(pages.count)
            let live = options.live, inPlace = folder.isInPlace
            return try renderPages(
                pages, contexts: contexts, templates: templates, folder: folder, urls: urls,
                progress: options.progress, skip: { live?.isSuperseded(inPlace: inPlace) ?? false },
                keep: keepUnchanged, beside: jobs)
        }
        options.live?.reportChanges(inPlace: folder.isInPlace)
        try options.live?.stopIfSuperseded(inPlace: folder.isInPlace)
        let search: Tally
        let hant: Tally
        if let converter = traditional {
            // The search index, the Traditional templates and the Traditional content need
            // nothing of each other: they are made at once, so that the one-thread steps of
            // each leave no core idle. The index's phase is then only what is left of it.
            let searching = Parallel.start { [site] in Result { try writeSearchIndex(site: site, urls: urls, folder: folder) } }
            let compiling = compileTraditionalTemplates(root: options.root, site: site, converter: converter)
            let converted = phase(.traditionalContent) { convertTraditional(site, with: converter) }
            let searched = phase(.searchIndex) { searching.wait() }
            let compiled = compiling.wait()
            search = try searched.get()
            let hantTemplates = try compiled.get()
            hant = try phase(.traditionalPages) {
                try writeTraditional(
                    site: converted, main: site, mainPages: pages, mainContexts: contexts, converter: converter,
                    templates: hantTemplates, folder: folder, today: today, pagesToRender: pagesToRender)
            }
        } else {
            search = try phase(.searchIndex) { [site] in try writeSearchIndex(site: site, urls: urls, folder: folder) }
            hant = .none
        }
        try options.live?.stopIfSuperseded(inPlace: folder.isInPlace)
        // Made here only by a preview's rebuild (after the pages the browser reloads); a build
        // made them while loading, and one without downloads has no such phase.
        let (downloaded, reused, kept) =
            try madeFirst
            ?? (options.articleDownloads
                ? phase(.downloads) { () throws -> (Tally, reused: Int, kept: [String: DownloadCache.Sizes]) in
                    guard let downloads = openDownloads() else { return (Tally(files: 0, bytes: 0), 0, [:]) }
                    downloads.makeAll(site)
                    return try downloads.finish()
                } : (Tally(files: 0, bytes: 0), 0, [:]))
        let extra = small + search + downloaded + hant
        // The download cache's manifest is written beside the swap and the ledger: the pairs it
        // lists are whole files, whether or not the swap succeeds.
        let finishing = cache.map { cache in Parallel.start { cache.finish(keeping: kept) } }
        let committed = Result { try phase(.commit) { try folder.commit() } }
        if case .success = committed, options.live == nil {
            record?.save(output: options.output.path) ?? RenderRecord.remove(output: options.output.path)
        }
        finishing?.wait()
        leftovers += try committed.get()
        prepared = false
        var counts: [PageKind: Int] = [:]
        for p in pages { counts[p.kind, default: 0] += 1 }
        let order = PageKind.allCases
        return BuildReport(
            pagesByKind: order.compactMap { k in counts[k].map { (k, $0) } },
            files: pages.count + extra.files, bytes: written + extra.bytes,
            phases: phases, warnings: (site.warnings + links.withLock { $0 }).sorted(), leftovers: leftovers, basePath: urls.base,
            downloadsReused: reused, downloadsMade: options.articleDownloads ? site.articles.count - reused : 0,
            unchangedFiles: folder.unchangedFiles, pagesKept: toRender == nil ? nil : keptPages.withLock { $0 },
            notes: cacheNote.map { [$0] } ?? [],
            figureChanges: previousFigures.map { Statistics.changes(from: $0, to: figures) },
            state: BuildState(contexts: contexts, pages: pages, templates: templates, load: options.live?.parses.lastLoad.number))
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
        let sources =
            site.organizations.map(\.source) + site.events.map(\.source) + site.articles.map(\.source)
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
    /// writes its own files, so only the byte and error tallies are shared. The `beside` jobs
    /// run in the same pool, each handed out before any page. Returns the pages' bytes and
    /// what the jobs wrote.
    private static func renderPages(
        _ pages: [PlannedPage], contexts: PageContexts, templates: TemplateSet,
        folder: OutputFolder, urls: SiteURLs, progress: BuildProgress? = nil,
        skip: @Sendable () -> Bool = { false },
        keep: (@Sendable (Int) -> Int?)? = nil,
        beside jobs: [PoolJob] = []
    ) throws -> (bytes: Int, jobs: Tally) {
        try writeInParallel(pages.count, beside: jobs) { i in
            // A preview's rebuild leaves the rest to the newer save waiting (`LiveOutput`).
            if skip() { return 0 }
            let page = pages[i]
            // A page rendered from the same inputs by the last build, left as it wrote it.
            if let size = keep?(i) {
                progress?.advance()
                return size
            }
            let html = templates.renderBytes(page.template, contexts.context(for: page))
            try html.withUnsafeBytes { try folder.write(urls.outputFile(for: page.url), $0) }
            progress?.advance()
            return html.count
        }
    }
}
