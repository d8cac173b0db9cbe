import Foundation
import Markdown

/// What a load may change: drafts and the base URL come from the command line.
package struct LoadOptions: Sendable {
    package var includeDrafts: Bool
    package var baseURL: String?
    package init(includeDrafts: Bool = false, baseURL: String? = nil) {
        self.includeDrafts = includeDrafts
        self.baseURL = baseURL
    }
}

/// Reads `content/` into a ``SiteContent``: every file parsed once (in parallel), every problem
/// collected, cross-references checked. Throws ``ContentErrors`` when anything is wrong.
package enum SiteLoader {
    /// Larger Markdown files are refused with a message rather than slowing every build.
    package static let maxFileBytes = 20 * 1024 * 1024

    package static func load(root: URL, options: LoadOptions = .init()) throws -> SiteContent {
        let content = root.appendingPathComponent("content")
        var sink = DiagnosticSink()
        guard var config = SiteConfigReader.read(root: root, into: &sink) else { throw ContentErrors(sink.all) }
        if let base = options.baseURL { config.baseURL = base.hasSuffix("/") ? base : base + "/" }
        let timeZone = TimeZone(identifier: config.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!
        let parsers = EntryParsers(dates: DateParser(timeZone: timeZone))

        let walker = ContentWalker(root: root, contentFolder: content)
        var files: [(kind: EntryKind, path: String, url: URL)] = []
        for kind in EntryKind.allCases {
            for (path, url) in walker.markdownFiles(in: kind.folder, into: &sink) { files.append((kind, path, url)) }
        }
        let staticFiles = walker.allFiles(in: "static", into: &sink)

        let basePath = config.basePath
        let markdownOptions = MarkdownOptions(unsafeHTML: config.rawHTML) { url, _ in
            switch LocalPath.resolve(url) {
            case .escapes: return nil
            case .external: return url
            case .inside(let p): return url.hasPrefix("/") ? basePath + p : url
            }
        }

        // One parse per document, spread over every core.
        let results = Parallel.map(files) { parseFile($0, parsers: parsers, options: markdownOptions) }

        var site = SiteContent(config: config, staticFiles: staticFiles)
        for result in results {
            sink.append(contentsOf: result.diagnostics)
            switch result.entry {
            case .organization(let o)?: site.organizations.append(o)
            case .event(let e)?: site.events.append(e)
            case .article(let a)?: if !a.draft || options.includeDrafts { site.articles.append(a) }
            case .project(let p)?: site.projects.append(p)
            case .page(let p)?: site.pages.append(p)
            case nil: break
            }
        }
        DataReader(root: root, dates: parsers.dates).read(into: &site, sink: &sink)
        CrossReferences.check(site, references: results.flatMap(\.references), root: root, into: &sink)

        if sink.hasErrors { throw ContentErrors(sink.all) }
        site.warnings = sink.all.sorted()
        site.sortEntries()
        return site
    }

    private static func parseFile(_ file: (kind: EntryKind, path: String, url: URL), parsers: EntryParsers,
                                  options: MarkdownOptions) -> ParsedFile {
        var sink = DiagnosticSink()
        let location = SourceLocation(file: file.path)
        // The size first: a file over the limit is refused without reading it, and an empty
        // one is not read at all (swift-foundation's Data(contentsOf:) leaks its 4 KB buffer on
        // an empty file, which LeakSanitizer reports at the exit of every such build).
        let size = (try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int) ?? nil
        if let size, size > maxFileBytes {
            sink.error(.fileTooLarge(megabytes: size >> 20, limit: maxFileBytes >> 20), at: location)
            return ParsedFile(diagnostics: sink.all)
        }
        guard let data = size == 0 ? Data() : try? Data(contentsOf: file.url) else {
            sink.error(.notUTF8, at: location)
            return ParsedFile(diagnostics: sink.all)
        }
        if data.count > maxFileBytes {
            sink.error(.fileTooLarge(megabytes: data.count >> 20, limit: maxFileBytes >> 20), at: location)
            return ParsedFile(diagnostics: sink.all)
        }
        guard let raw = String(validatingUTF8Data: data) else {
            sink.error(.notUTF8, at: location)
            return ParsedFile(diagnostics: sink.all)
        }
        let source = SourceText(path: file.path, text: raw)
        guard let split = source.split(into: &sink),
              let fields = source.fields(yaml: split.yaml, firstLine: split.yamlFirstLine, into: &sink) else {
            return ParsedFile(diagnostics: sink.all)
        }
        let stem = (file.path as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        var slug = Slug.normalize(fields.string("slug") ?? stem)
        if !Slug.isValid(slug) {
            fields.error(.invalidSlug(slug), key: fields.keys.contains("slug") ? "slug" : "")
            slug = "invalid"
        }
        // Control characters (pasted from Word or WeChat) would reach the HTML raw: drop them.
        let markdown = MarkdownDocument(parsing: Escape.stripControls(split.body), options: options)
        let entrySource = EntrySource(path: file.path, slug: slug, body: markdown, bodyLine: split.bodyFirstLine)
        let entry: ParsedEntry?
        switch file.kind {
        case .organization: entry = parsers.organization(fields, entrySource).map(ParsedEntry.organization)
        case .event: entry = parsers.event(fields, entrySource).map(ParsedEntry.event)
        case .article: entry = parsers.article(fields, entrySource).map(ParsedEntry.article)
        case .project: entry = parsers.project(fields, entrySource).map(ParsedEntry.project)
        case .page: entry = parsers.page(fields, entrySource).map(ParsedEntry.page)
        }
        fields.warnUnknownKeys()
        sink.append(contentsOf: fields.diagnostics)
        return ParsedFile(entry: entry, diagnostics: sink.all, references: fields.references)
    }
}

/// The folders of `content/` that hold Markdown entries.
package enum EntryKind: CaseIterable, Sendable {
    case organization, event, article, project, page
    var folder: String {
        switch self {
        case .organization: "organizations"; case .event: "events"; case .article: "articles"
        case .project: "projects"; case .page: "pages"
        }
    }
    package var chinese: String {
        switch self { case .organization: "组织"; case .event: "活动"; case .article: "文章"; case .project: "项目"; case .page: "页面" }
    }
}

enum ParsedEntry {
    case organization(Organization), event(Event), article(Article), project(Project), page(Page)
}

struct ParsedFile {
    var entry: ParsedEntry?
    var diagnostics: [Diagnostic] = []
    /// Kept even when the entry itself failed, so every bad reference is reported in one build.
    var references: [PendingReference] = []
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
    package static func normalize(_ s: String) -> String {
        let lowered = s.lowercased()
        // Tag and column names are looked up on every page: skip Foundation when there is nothing to replace.
        guard lowered.utf8.contains(where: { $0 == 0x5F || $0 == 0x20 }) else { return lowered }
        return lowered.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
    }
    package static func isValid(_ s: String) -> Bool {
        // Scalars first: once all are ASCII, bytes are characters and need no counting.
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && s.utf8.count <= 120 && !s.hasPrefix("-")
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let s = String(data: data, encoding: .utf8) else { return nil }
        self = s
    }
}

extension SiteContent {
    /// Stable orders every page relies on, so two builds are byte-identical.
    mutating func sortEntries() {
        organizations.sort { $0.slug < $1.slug }
        events.sort { ($0.start, $0.slug) > ($1.start, $1.slug) }
        articles.sort { ($0.date, $0.slug) > ($1.date, $1.slug) }
        projects.sort { ($0.year, $0.program, $0.slug) < ($1.year, $1.program, $1.slug) }
        pages.sort { ($0.menuOrder ?? 0, $0.slug) < ($1.menuOrder ?? 0, $1.slug) }
    }
}
