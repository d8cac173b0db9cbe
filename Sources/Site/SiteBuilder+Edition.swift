import Content
import Diagnostics
import Edition
import Foundation
import Stats
import Support
import Templates

/// The Traditional Chinese edition: the loaded site converted once (`TraditionalSite`), then
/// the same plan, statistics, pages, feeds, calendars and search index as the main edition,
/// written below `<path>/` of the same staging folder.
extension SiteBuilder {
    /// The converter for a site with the Traditional edition on; an error at `site.yaml` when
    /// OpenCC's data is not installed. nil for a site with one edition.
    static func traditionalConverter(_ site: SiteContent) throws -> TraditionalConverter? {
        guard let edition = site.config.traditional else { return nil }
        // The edition's folder is its own: a page or static file there would be overwritten.
        var problems: [Diagnostic] = []
        let url = site.config.basePath + edition.path + "/"
        for p in site.pages where p.slug == edition.path {
            problems.append(Diagnostic(.error, .duplicateURL(url: url, other: "繁体版"), at: SourceLocation(file: p.source.path)))
        }
        for f in site.staticFiles where f == edition.path || f.hasPrefix(edition.path + "/") {
            problems.append(
                Diagnostic(.error, .duplicateURL(url: site.config.basePath + f, other: "繁体版"), at: SourceLocation(file: "content/static/" + f)))
        }
        if !problems.isEmpty { throw ContentErrors(problems) }
        guard let converter = TraditionalConverter(edition) else {
            throw ContentErrors([
                Diagnostic(
                    .error, BuildProblem.openCCUnavailable(config: TraditionalConverter.configPath(edition.variant)),
                    at: SourceLocation(file: "content/site.yaml"))
            ])
        }
        return converter
    }

    /// The loaded content in Traditional Chinese, converted on all cores.
    static func convertTraditional(_ site: SiteContent, with converter: TraditionalConverter) -> SiteContent {
        TraditionalSite.convert(site, with: converter)
    }

    /// The Traditional edition's templates, compiled on a thread of their own while the content
    /// converts: the same files converted, their own words (相关组织, 下载 CSV) too. Wait for
    /// the result on every path.
    static func compileTraditionalTemplates(
        root: URL, site: SiteContent, converter: TraditionalConverter
    ) -> Parallel.Pending<Result<TemplateSet, Error>> {
        // As before the content converts: a template's text that is a hand-written title's
        // Simplified form converts to it.
        TraditionalSite.rememberHandWrittenTitles(site, in: converter)
        return Parallel.start {
            Result {
                try TemplateSet.load(
                    folder: root.appendingPathComponent("templates"), required: PagePlanner.requiredTemplates,
                    transform: converter.text)
            }
        }
    }

    /// `site` is `main` converted (`TraditionalSite.convert`); `templates` are
    /// `compileTraditionalTemplates`'. `pagesToRender` says which pages the last build did not
    /// render from the same inputs (nil: all). `mainPages` and `mainContexts` are the main edition's,
    /// for the sitemap of both editions, written as a job beside the pages (on its own after
    /// them it was a one-thread step at the end of the build).
    static func writeTraditional(
        site: SiteContent, main: SiteContent, mainPages: [PlannedPage], mainContexts: PageContexts,
        converter: TraditionalConverter, templates: TemplateSet, folder: OutputFolder, today: ContentDate,
        pagesToRender: ([PlannedPage], SiteContent) -> [Bool]? = { _, _ in nil }
    ) throws -> Tally {
        let urls = SiteURLs(config: site.config)
        let (statistics, (index, pages)) = Parallel.both(
            { StatisticsComputer.compute(site) },
            {
                let index = SiteIndex(site)
                return (index, PagePlanner(site: site, index: index, urls: urls).plan(statisticsThemes: Statistics.themes))
            })
        // Word and text downloads are the main edition's only (exports can be Traditional:
        // `showcase export --edition zh-Hant`); the Traditional article pages do not offer them.
        let contexts = PageContexts(
            site: site, index: index, urls: urls, statistics: statistics, today: today, downloads: false,
            templates: templates, edition: .traditional(main.config, converter: converter))
        var own = folder
        own.prefix = converter.edition.path + "/"
        let out = own
        let toRender = pagesToRender(pages, site)
        let jobs = [
            PoolJob("繁体版订阅与日历") { try writeTraditionalFeeds(site: site, urls: urls, contexts: contexts, folder: out) },
            PoolJob("繁体版统计下载") {
                // The key figures the next build compares with are the main edition's.
                try writeStatisticsDownloads(statistics, figures: nil, folder: out, keep: toRender != nil)
            },
            PoolJob("繁体版搜索索引") { try writeSearchIndex(site: site, urls: urls, folder: out) },
            PoolJob("两版网站地图") {
                try writeSitemap(
                    main: mainPages, traditional: pages, site: main, urls: mainContexts.urls, contexts: mainContexts, folder: folder)
                // It replaces the main edition's, counted with the main edition's files.
                return .none
            },
        ]
        let (standIns, cards) = cardsConvertedOnce(contexts, converter: converter)
        let (bytes, extra) = try writeInParallel(pages.count, beside: jobs) { i in
            let page = pages[i]
            // A page rendered from the same inputs by the last build, left as it wrote it.
            if let toRender, !toRender[i], let size = out.keep(urls.outputFile(for: page.url)) { return size }
            let html: [UInt8]
            // Words the code puts on lists and statistics pages (年活动, 标签：, chart labels)
            // are converted on the page; the content on it is remembered from its conversion,
            // and its cards were converted once. Entry pages carry their converted bodies and
            // are left as rendered.
            if page.kind.isEntry {
                html = templates.renderBytes(page.template, contexts.context(for: page)).array
            } else if let converted = TraditionalHTML.textOnly.convertRemembered(
                templates.renderBytes(page.template, standIns.context(for: page)).array, with: converter, cards: cards)
            {
                html = converted
            } else {
                html = TraditionalHTML.textOnly.convertRemembered(
                    templates.renderBytes(page.template, contexts.context(for: page)).array, with: converter)
            }
            try html.withUnsafeBytes { try out.write(urls.outputFile(for: page.url), $0) }
            return html.count
        }
        return Tally(files: pages.count + extra.files, bytes: bytes + extra.bytes)
    }

    /// Each article and organization card converted once (`TraditionalHTML.convertCard`), by
    /// card number (articles, then organizations), and contexts for list pages with each such
    /// card's stand-in in its place: a card is on many list pages, and was converted on each.
    private static func cardsConvertedOnce(
        _ contexts: PageContexts, converter: TraditionalConverter
    ) -> (PageContexts, [TraditionalHTML.ConvertedCard?]) {
        let all = contexts.cards.articles + contexts.cards.organizations
        let converted = Parallel.map(all) { card -> TraditionalHTML.ConvertedCard? in
            guard case .utf8(let bytes)? = card["card"] else { return nil }
            return TraditionalHTML.textOnly.convertCard(bytes, with: converter)
        }
        let standIns = all.indices.map { k -> TemplateValue in
            guard let c = converted[k] else { return all[k] }
            return ["card": .utf8(Array(c.leading) + TraditionalHTML.standIn(k) + Array(c.trailing))]
        }
        let articles = contexts.cards.articles.count
        let cards = contexts.cards.replacing(articles: Array(standIns[..<articles]), organizations: Array(standIns[articles...]))
        return (contexts.replacing(cards: cards), converted)
    }

    /// The feeds and calendars (the sitemap and robots.txt are the main edition's, listing both).
    private static func writeTraditionalFeeds(site: SiteContent, urls: SiteURLs, contexts: PageContexts, folder: OutputFolder) throws -> Tally {
        let feeds = Feeds(site: site, urls: urls, absolute: contexts.absolute)
        let calendar = EventCalendar(site: site, urls: urls, absolute: contexts.absolute)
        var files: [(String, String)] = [
            ("feed.xml", feeds.atom()), (Feeds.eventsFeedPath, feeds.eventsAtom()),
            (Feeds.calendarPath, calendar.upcoming(today: contexts.today)),
        ]
        for c in contexts.index.columns {
            files.append((Feeds.columnFeedPath(c, urls: urls), feeds.atom(column: c, articles: contexts.index.articlesByColumn[c] ?? [])))
        }
        for e in site.events { files.append(("events/\(e.slug)/\(e.slug).ics", calendar.file(for: e))) }
        for (path, text) in files { try folder.write(path, text) }
        return Tally(files: files.count, bytes: files.reduce(0) { $0 + $1.1.utf8.count })
    }

    /// `sitemap.xml` with the pages of both editions (replacing the main edition's own).
    static func writeSitemap(
        main: [PlannedPage], traditional: [PlannedPage], site: SiteContent, urls: SiteURLs,
        contexts: PageContexts, folder: OutputFolder
    ) throws {
        let feeds = Feeds(site: site, urls: urls, absolute: contexts.absolute)
        // The Traditional pages' URLs are the main edition's absolute form too (they are below its base).
        let first = feeds.sitemap(pages: main)
        let second = feeds.sitemap(pages: traditional)
        let close = "</urlset>\n"
        guard first.hasSuffix(close), let open = second.range(of: "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n") else {
            return
        }
        try folder.write("sitemap.xml", String(first.dropLast(close.count)) + second[open.upperBound...])
    }
}

extension PlannedPage.Kind {
    /// A page of one entry (its body is on it), rather than a list, the home page or statistics.
    var isEntry: Bool {
        switch self {
        case .organizations, .events, .articles, .projects, .pages: true
        default: false
        }
    }
}
