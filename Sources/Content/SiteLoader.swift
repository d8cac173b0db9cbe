import Diagnostics
import Foundation
import Markdown
import Support

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a load may change: drafts and the base URL come from the command line.
package struct LoadOptions: Sendable {
    /// Load articles marked `draft: true` too.
    package var includeDrafts: Bool
    /// Replaces `site.yaml`'s `base_url` (`--base-url`).
    package var baseURL: String?
    /// Keep each document's whole syntax tree, which only exports read. A build without
    /// downloads leaves them out: they were half the memory of a loaded site.
    package var keepSyntaxTrees: Bool
    /// Parses kept from the last load in this process; unchanged files are not parsed again.
    package var parseCache: ParseCache?
    /// A digest of each entry's file as read, and of its front matter (``EntrySource/fileDigest``,
    /// ``EntrySource/frontMatterDigest``): the download cache's key, taken from the bytes the
    /// parse reads anyway rather than by reading every file a second time (a tenth of the
    /// downloads' time, BENCHMARKS.md), and what tells a build which entries changed only in
    /// their bodies (`RenderRecord`).
    package var fileDigest: (@Sendable (UnsafeRawBufferPointer) -> [UInt8])?
    /// Called on the parsing thread with each article of the site and the site's settings, as
    /// soon as the article is parsed, while its syntax tree is at hand (flat, ``MarkdownDocument/flatTree``,
    /// when the trees are not kept): a build makes the article's downloads here, so that no tree outlives its own
    /// parse and the downloads share the parse's threads (BENCHMARKS.md, seventh session). Not
    /// called for a file with errors, nor for drafts left out; not meant for a load with a
    /// ``parseCache`` (a file parsed before is not parsed, so not handed over, again).
    package var eachArticle: (@Sendable (Article, SiteConfig) -> Void)?
    /// Told how many article files there are once the folders are listed, before any is
    /// parsed: the most ``eachArticle`` can be called, which a progress line shows as its total.
    package var articlesFound: (@Sendable (Int) -> Void)?
    /// Told the site's settings as soon as `site.yaml` is read, before any entry is: a build
    /// starts reading what they ask for (the Traditional edition's dictionaries) beside the load.
    package var configRead: (@Sendable (SiteConfig) -> Void)?
    /// Options of one load; the defaults are what `check` and the tests use.
    package init(
        includeDrafts: Bool = false, baseURL: String? = nil, keepSyntaxTrees: Bool = true, parseCache: ParseCache? = nil,
        fileDigest: (@Sendable (UnsafeRawBufferPointer) -> [UInt8])? = nil,
        eachArticle: (@Sendable (Article, SiteConfig) -> Void)? = nil,
        articlesFound: (@Sendable (Int) -> Void)? = nil,
        configRead: (@Sendable (SiteConfig) -> Void)? = nil
    ) {
        self.includeDrafts = includeDrafts
        self.baseURL = baseURL
        self.keepSyntaxTrees = keepSyntaxTrees
        self.parseCache = parseCache
        self.fileDigest = fileDigest
        self.eachArticle = eachArticle
        self.articlesFound = articlesFound
        self.configRead = configRead
    }
}

/// Reads `content/` into a ``SiteContent``: every file parsed once (in parallel), every problem
/// collected, cross-references checked. Throws ``ContentErrors`` when anything is wrong.
package enum SiteLoader {
    /// Larger Markdown files are refused with a message rather than slowing every build.
    package static let maxFileBytes = 20 * 1024 * 1024

    /// Loads and checks every file of the site folder `root`; throws ``ContentErrors`` with every problem found.
    package static func load(root: URL, options: LoadOptions = .init()) throws -> SiteContent {
        let content = root.appendingPathComponent("content")
        var sink = DiagnosticSink()
        // Without the choices no entry could be checked: the load goes on, every other problem
        // is still reported, and the missing file ends it with an error.
        let choices = Choices.read(root: root, into: &sink) ?? Choices()
        guard var config = SiteConfigReader.read(root: root, choices: choices, into: &sink) else { throw ContentErrors(sink.all) }
        if let base = options.baseURL {
            // The command checks `--base-url` first; a caller of the library gets the same refusal.
            if let refusal = URLPolicy.check(baseURL: base) {
                throw ContentErrors([
                    Diagnostic(.error, URLPolicy.problem(refusal, field: "--base-url", value: base), at: SourceLocation(file: "--base-url"))
                ])
            }
            config.baseURL = base.hasSuffix("/") ? base : base + "/"
        }
        options.configRead?(config)
        let timeZone = TimeZone(identifier: config.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!
        let parsers = EntryParsers(dates: DateParser(timeZone: timeZone), choices: choices)

        let walker = ContentWalker(root: root, contentFolder: content)
        var files: [(kind: EntryKind, path: String, absolutePath: String)] = []
        for kind in EntryKind.allCases {
            for (path, absolute) in walker.markdownFiles(in: kind.folder, into: &sink) { files.append((kind, path, absolute)) }
        }
        let staticFiles = walker.allFiles(in: "static", into: &sink)
        options.articlesFound?(files.count { $0.kind == .article })

        let basePath = config.basePath
        // A load that hands articles over without keeping their trees (a build making its
        // downloads) needs theirs only flat, for as long as the downloads take.
        let markdownOptions = MarkdownOptions(
            unsafeHTML: config.rawHTML, keepTree: options.keepSyntaxTrees, keepFlatTree: options.eachArticle != nil
        ) { url, _ in
            switch LocalPath.resolve(url) {
            case .escapes: return nil
            case .external: return url
            case .inside(let p): return url.hasPrefix("/") ? basePath + p : url
            }
        }

        // One parse per document, spread over every core. Files are opened relative to the
        // site folder, held open meanwhile: the kernel walks two path components, not ten.
        let rootFD = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if rootFD >= 0 { close(rootFD) } }
        let cache = options.parseCache
        cache?.begin(
            settings: ParseCache.settings(
                root: root, config: config, keepSyntaxTrees: options.keepSyntaxTrees,
                digests: options.fileDigest != nil))
        let settings = ParseSettings(
            markdown: markdownOptions, digest: options.fileDigest, eachArticle: options.eachArticle,
            config: config, includeDrafts: options.includeDrafts, keepTrees: options.keepSyntaxTrees)
        let reports = ReportReader(walker: walker, markdown: markdownOptions)
        // A preview's rebuild after a save patches the last load's site when it can.
        if let cache, options.eachArticle == nil, !sink.hasErrors, var snapshot = cache.takeSnapshot(),
            let (site, bodiesOnly) = patched(
                &snapshot, files: files, staticFiles: staticFiles, includeDrafts: options.includeDrafts, cache: cache,
                rootFD: rootFD, root: root, config: config, reports: reports,
                parse: { parseFile($0, parsers: parsers, settings: settings, rootFD: rootFD) })
        {
            cache.end(keeping: { Set(files.map(\.path)) })
            cache.keep(snapshot, patched: true, bodiesOnly: bodiesOnly)
            return site
        }
        var results = Parallel.map(files) { file in
            guard let cache else { return parseFile(file, parsers: parsers, settings: settings, rootFD: rootFD) }
            return cache.parsed(file.path, rootFD: rootFD) { parseFile(file, parsers: parsers, settings: settings, rootFD: rootFD) }
        }
        cache?.end(keeping: { Set(files.map(\.path)) })

        var site = SiteContent(config: config, staticFiles: staticFiles)
        var references: [[PendingReference]] = []
        references.reserveCapacity(results.count)
        for i in results.indices {
            sink.append(contentsOf: results[i].diagnostics)
            references.append(results[i].references)
            // Moved out, never copied: an article holds a dozen references, each retained on
            // a copy and released again with the results.
            guard let entry = results[i].entry.take() else { continue }
            switch consume entry {
            case .organization(let o): site.organizations.append(o)
            case .event(let e): site.events.append(e)
            case .article(let a): if !a.draft || options.includeDrafts { site.articles.append(a) }
            case .project(let p): site.projects.append(p)
            case .page(let p): site.pages.append(p)
            }
        }
        DataReader(root: root, dates: parsers.dates, choices: choices).read(into: &site, sink: &sink)
        reports.read(into: &site, sink: &sink)
        // The order is found while the cross-references are checked, then applied in place.
        let (loaded, pending) = (site, references)
        let (orders, problems) = Parallel.both(
            { loaded.entryOrders() },
            {
                var problems = DiagnosticSink()
                CrossReferences.check(loaded, references: pending, root: root, into: &problems)
                return problems.all
            })
        sink.append(contentsOf: problems)
        // `site` lets go of its lists first, so that the sort moves entries in the only copy
        // of each list instead of copying them all.
        site = SiteContent(config: config, staticFiles: [])
        var sorted = consume loaded
        sorted.sort(into: orders)
        site = sorted

        if sink.hasErrors { throw ContentErrors(sink.all) }
        site.warnings = sink.all.sorted()
        cache?.keep(snapshot(of: site, files: files, staticFiles: staticFiles, includeDrafts: options.includeDrafts))
        return site
    }

    /// What every file's parse is told: the Markdown options and what ``LoadOptions`` asks of articles.
    private struct ParseSettings: Sendable {
        var markdown: MarkdownOptions
        var digest: (@Sendable (UnsafeRawBufferPointer) -> [UInt8])?
        var eachArticle: (@Sendable (Article, SiteConfig) -> Void)?
        var config: SiteConfig
        var includeDrafts: Bool
        var keepTrees: Bool
    }

    private static func parseFile(
        _ file: (kind: EntryKind, path: String, absolutePath: String), parsers: EntryParsers,
        settings: ParseSettings, rootFD: Int32
    ) -> ParsedFile {
        var options = settings.markdown
        // Only articles are handed over (``LoadOptions/eachArticle``): an organization's or a
        // project's tree would be kept to the end of the build for nothing (50 MB at 10,000
        // articles, BENCHMARKS.md, ninth session).
        if file.kind != .article { options.keepFlatTree = false }
        var sink = DiagnosticSink()
        let location = SourceLocation(file: file.path)
        let (bytes, start, count): ([UInt8], Int, Int)
        switch readBytes(file.absolutePath, relative: rootFD >= 0 ? (rootFD, file.path) : nil) {
        case .bytes(let b, let s, let c): (bytes, start, count) = (b, s, c)
        case .tooLarge(let size):
            sink.error(.fileTooLarge(megabytes: size >> 20, limit: maxFileBytes >> 20), at: location)
            return ParsedFile(diagnostics: sink.all)
        case .unreadable(let code):
            sink.error(.unreadable(errno: code), at: location)
            return ParsedFile(diagnostics: sink.all)
        case .notRegular(let type):
            sink.error(.notRegularFile(type), at: location)
            return ParsedFile(diagnostics: sink.all)
        }
        // The usual file (valid UTF-8, fenced front matter, no CR) is divided on its bytes: only
        // the front matter becomes text, and the body goes to cmark as it was read, clean of
        // controls. Anything else is read as text, which gives every message about it.
        let fast: (head: String, body: Range<Int>)? = bytes.withUnsafeBufferPointer { all in
            let content = UnsafeBufferPointer(rebasing: all[start..<count])
            guard UTF8Bytes.isCleanUTF8(content), let end = UTF8Bytes.frontMatterEnd(content) else { return nil }
            return (String(decoding: UnsafeBufferPointer(rebasing: content[..<end]), as: UTF8.self), (start + end)..<count)
        }
        let raw: String
        if let fast {
            raw = fast.head
        } else if let text = String(validating: bytes[start..<count], as: UTF8.self) {
            raw = text
        } else {
            sink.error(.notUTF8, at: location)
            return ParsedFile(diagnostics: sink.all)
        }
        let source = SourceText(path: file.path, text: raw)
        guard let split = source.split(into: &sink),
            let fields = source.fields(yaml: split.yaml, firstLine: split.yamlFirstLine, into: &sink)
        else {
            return ParsedFile(diagnostics: sink.all)
        }
        let stem = fileStem(file.path)
        var slug = Slug.normalize(fields.string("slug") ?? stem)
        if !Slug.isValid(slug) {
            fields.error(.invalidSlug(slug), key: fields.keys.contains("slug") ? "slug" : "")
            slug = "invalid"
        }
        // Control characters (pasted from Word or WeChat) would reach the HTML raw: dropped
        // (a body read as bytes has none).
        let markdown =
            fast.map { fast in
                bytes.withUnsafeBufferPointer { MarkdownDocument(parsingUTF8: UnsafeBufferPointer(rebasing: $0[fast.body]), options: options) }
            } ?? MarkdownDocument(parsing: Escape.stripControls(split.body), options: options)
        var entrySource = EntrySource(path: file.path, slug: slug, body: markdown, bodyLine: split.bodyFirstLine)
        entrySource.traditional = TraditionalOverrides.read(fields)
        if let digest = settings.digest {
            entrySource.fileDigest = bytes.withUnsafeBytes { digest(UnsafeRawBufferPointer(rebasing: $0[start..<count])) }
            var yaml = split.yaml
            entrySource.frontMatterDigest = yaml.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
        }
        var entry: ParsedEntry?
        switch file.kind {
        case .organization: entry = parsers.organization(fields, entrySource).map(ParsedEntry.organization)
        case .event: entry = parsers.event(fields, entrySource).map(ParsedEntry.event)
        case .article: entry = parsers.article(fields, entrySource).map(ParsedEntry.article)
        case .project: entry = parsers.project(fields, entrySource).map(ParsedEntry.project)
        case .page: entry = parsers.page(fields, entrySource).map(ParsedEntry.page)
        }
        fields.reportUnknownKeys()
        sink.append(contentsOf: fields.diagnostics)
        if let each = settings.eachArticle, case .article(var article)? = entry, !sink.hasErrors,
            !article.draft || settings.includeDrafts
        {
            each(article, settings.config)
            if !settings.keepTrees {
                article.source.body.dropTree()
                entry = .article(article)
            }
        }
        return ParsedFile(entry: entry, diagnostics: sink.all, references: fields.references, frontMatter: ParseCache.frontMatterHash(split.yaml))
    }
}

/// The folders of `content/` that hold Markdown entries.
package enum EntryKind: CaseIterable, Sendable {
    case organization, event, article, project, page
    var folder: String {
        switch self {
        case .organization: "organizations";
        case .event: "events";
        case .article: "articles"
        case .project: "projects";
        case .page: "pages"
        }
    }
    /// The kind of entry in Chinese, for messages.
    package var chinese: String {
        switch self {
        case .organization: "组织";
        case .event: "活动";
        case .article: "文章";
        case .project: "项目";
        case .page: "页面"
        }
    }
}

enum ParsedEntry: Sendable {
    case organization(Organization), event(Event), article(Article), project(Project), page(Page)
}

struct ParsedFile: Sendable {
    var entry: ParsedEntry?
    var diagnostics: [Diagnostic] = []
    /// Kept even when the entry itself failed, so every bad reference is reported in one build.
    var references: [PendingReference] = []
    /// A hash of the front matter's text (this process's `Hasher`): a patched load tells from it
    /// that a save changed only a body (`ParseCache.lastLoad`).
    var frontMatter: Int?
}

/// A slug written in front matter, to be checked against every entry once all are loaded.
struct PendingReference: Sendable {
    enum Kind: Sendable { case organization, domain }
    var kind: Kind
    var field: String
    var value: String
    var location: SourceLocation
    var sourceLine: String?
}

/// Slugs are the ASCII names of files, never derived from a Chinese title.
package enum Slug {
    /// A slug as Showcase keeps it: lowercased, spaces and underscores as hyphens.
    package static func normalize(_ s: String) -> String {
        let lowered = s.lowercased()
        // Tag and column names are looked up on every page: skip Foundation when there is nothing to replace.
        guard lowered.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: " ") }) else { return lowered }
        return lowered.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
    }
    /// Whether `s` is a slug: lowercase ASCII letters, digits and single hyphens.
    package static func isValid(_ s: String) -> Bool {
        // Scalars first: once all are ASCII, bytes are characters and need no counting.
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && s.utf8.count <= 120 && !s.hasPrefix("-")
    }
}

extension SiteContent {
    /// The stable orders every page relies on, so that two builds are byte-identical: each
    /// kind's entries as positions in their list. Computed without changing anything, so that
    /// the cross-reference check can read the entries meanwhile.
    struct EntryOrders: Sendable {
        var organizations, events, articles, projects, pages: [Int]
    }

    func entryOrders() -> EntryOrders {
        EntryOrders(
            organizations: organizations.order(byKey: { $0.slug }, by: { $0 < $1 }),
            events: events.order(byKey: { ($0.start, $0.slug) }, by: { $0 > $1 }),
            articles: articles.order(byKey: { ($0.date, $0.slug) }, by: { $0 > $1 }),
            projects: projects.order(byKey: { ($0.year, $0.program, $0.slug) }, by: { $0 < $1 }),
            pages: pages.order(byKey: { ($0.menuOrder ?? 0, $0.slug) }, by: { $0 < $1 }))
    }

    mutating func sort(into orders: EntryOrders) {
        organizations.permute(orders.organizations)
        events.permute(orders.events)
        articles.permute(orders.articles)
        projects.permute(orders.projects)
        pages.permute(orders.pages)
    }
}

extension Array {
    /// The positions of the elements in the order of `sort { areInIncreasingOrder(key($0),
    /// key($1)) }` (the same comparisons, so the same order): keys are taken once, and indices
    /// sorted rather than entries (an article is large, and sorting 10,000 of them was a
    /// visible pause after loading).
    func order<Key>(byKey key: (Element) -> Key, by areInIncreasingOrder: (Key, Key) -> Bool) -> [Int] {
        let keys = map(key)
        var order = [Int](indices)
        order.sort { areInIncreasingOrder(keys[$0], keys[$1]) }
        return order
    }

    /// Puts the element at `order[k]` at position k, following each cycle of the permutation
    /// with swaps.
    mutating func permute(_ order: [Int]) {
        precondition(order.count == count)
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            var k = start
            while order[k] != start {
                swapAt(k, order[k])
                placed[k] = true
                k = order[k]
            }
            placed[k] = true
        }
    }
}
