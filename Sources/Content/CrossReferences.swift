import Diagnostics
import Foundation
import Markdown

/// Checks what no single file can: slugs unique per kind, every organization and domain slug
/// known (at the exact place each was written), and paths to images inside `content/static/`.
enum CrossReferences {
    /// `references` holds each file's list. Entries are read in place, by index: a loop
    /// variable would copy a whole entry, and this runs between loading and everything else.
    static func check(_ site: SiteContent, references: [[PendingReference]], root: URL, into sink: inout DiagnosticSink) {
        checkSlugs(references, in: site, into: &sink)
        var refs = ReferenceChecker(root: root, statics: Set(site.staticFiles))
        refs.uniqueSlugs(site.organizations.count, { (site.organizations[$0].source.path, site.organizations[$0].slug) }, kind: "组织")
        refs.uniqueSlugs(site.events.count, { (site.events[$0].source.path, site.events[$0].slug) }, kind: "活动")
        refs.uniqueSlugs(site.articles.count, { (site.articles[$0].source.path, site.articles[$0].slug) }, kind: "文章")
        refs.uniqueSlugs(site.projects.count, { (site.projects[$0].source.path, site.projects[$0].slug) }, kind: "项目")
        refs.uniqueSlugs(site.pages.count, { (site.pages[$0].source.path, site.pages[$0].slug) }, kind: "页面")
        for i in site.organizations.indices { refs.staticPath(site.organizations[i].logo, field: "logo", in: site.organizations[i].source) }
        for i in site.events.indices { refs.staticPath(site.events[i].cover, field: "cover", in: site.events[i].source) }
        // Only bodies with an image are handed over: the source is copied to be passed (a
        // dozen retains), and at 10,000 articles that was a fifth of this check.
        for i in site.organizations.indices where site.organizations[i].source.body.hasImages {
            refs.markdownImages(in: site.organizations[i].source)
        }
        for i in site.events.indices where site.events[i].source.body.hasImages { refs.markdownImages(in: site.events[i].source) }
        for i in site.articles.indices where site.articles[i].source.body.hasImages { refs.markdownImages(in: site.articles[i].source) }
        for i in site.projects.indices where site.projects[i].source.body.hasImages { refs.markdownImages(in: site.projects[i].source) }
        for i in site.pages.indices where site.pages[i].source.body.hasImages { refs.markdownImages(in: site.pages[i].source) }
        sink.append(contentsOf: refs.sink.all)
    }
}

extension CrossReferences {
    /// The same checks for entries whose files changed since a load that found everything in
    /// order, and that kept their slugs (`SiteLoader`'s patched load): their organization and
    /// domain slugs, and their paths. No slug can have become a duplicate.
    static func check(
        changed entries: [ParsedEntry], references: [[PendingReference]], in site: SiteContent, root: URL, into sink: inout DiagnosticSink
    ) {
        checkSlugs(references, in: site, into: &sink)
        var refs = ReferenceChecker(root: root, statics: Set(site.staticFiles))
        for entry in entries {
            switch entry {
            case .organization(let o):
                refs.staticPath(o.logo, field: "logo", in: o.source)
                refs.markdownImages(in: o.source)
            case .event(let e):
                refs.staticPath(e.cover, field: "cover", in: e.source)
                refs.markdownImages(in: e.source)
            case .article(let a): refs.markdownImages(in: a.source)
            case .project(let p): refs.markdownImages(in: p.source)
            case .page(let p): refs.markdownImages(in: p.source)
            }
        }
        sink.append(contentsOf: refs.sink.all)
    }

    /// Every organization and domain slug written in front matter is one the site has.
    private static func checkSlugs(_ references: [[PendingReference]], in site: SiteContent, into sink: inout DiagnosticSink) {
        let orgs = Set(site.organizations.indices.lazy.map { site.organizations[$0].slug })
        let domains = Set(site.config.domains.map(\.slug))
        for list in references {
            for r in list {
                let (known, kind) = r.kind == .organization ? (orgs, "组织") : (domains, "服务领域")
                guard !known.contains(r.value) else { continue }
                sink.error(
                    .unknownReference(field: r.field, value: r.value, kind: kind, suggestion: closestMatch(to: r.value, in: known.sorted())),
                    at: r.location, line: r.sourceLine)
            }
        }
    }
}

/// Internal links in Markdown bodies that lead to no page, checked once the build knows every
/// page it will write. Warnings, not errors: a link to a page still being written is normal.
package enum InternalLinks {
    /// `directory(source)` is the folder of the entry's page (`articles/x/`), for relative links;
    /// `exists(path)` says whether the site has that path (`organizations/x/`, `images/a.svg`).
    package static func check(
        _ sources: [EntrySource], root: URL, directory: (EntrySource) -> String,
        exists: (String) -> Bool
    ) -> [Diagnostic] {
        var checker = ReferenceChecker(root: root, statics: [])
        // By index: a loop variable copies each entry's source and each link.
        for k in sources.indices where !sources[k].body.destinations.isEmpty {
            let folder = directory(sources[k])
            let destinations = sources[k].body.destinations
            for i in destinations.indices {
                guard case .inside(let path) = LocalPath.resolve(destinations[i].original, from: folder) else { continue }
                // Most links are to a page's folder (`organizations/x/`): its `index.html` is tried first.
                if path.isEmpty || exists(path.hasSuffix("/") ? path + "index.html" : path + "/index.html") || exists(path)
                    || exists(path + "/")
                {
                    continue
                }
                checker.report(.brokenLink(destinations[i].original), at: destinations[i], in: sources[k], severity: .warning)
            }
        }
        return checker.sink.all
    }
}

/// Checks slugs and paths written in entries (images, logos, links). The loaded entry no longer holds
/// YAML nodes or Markdown positions, so the line is found by searching the value in the file.
private struct ReferenceChecker {
    let root: URL
    let statics: Set<String>
    var sink = DiagnosticSink()
    var sourceCache: [String: SourceText] = [:]

    init(root: URL, statics: Set<String>) {
        self.root = root
        self.statics = statics
    }

    /// The first in path order keeps its slug; `entry(i)` for `i` in `0..<count`.
    mutating func uniqueSlugs(_ count: Int, _ entry: (Int) -> (path: String, slug: String), kind: String) {
        var seen: [String: String] = [:]
        seen.reserveCapacity(count)
        for s in (0..<count).map(entry).sorted(by: { $0.path < $1.path }) {
            guard let other = seen[s.slug] else {
                seen[s.slug] = s.path
                continue
            }
            // At the `slug:` line when the author set one, else at the top of the file.
            var location = SourceLocation(file: s.path)
            var line: String?
            if let text = sourceText(s.path), let i = text.lines.firstIndex(where: { $0.hasPrefix("slug:") }) {
                let l = text.lines[i]
                let value = l.dropFirst(5).firstIndex { $0 != " " } ?? l.endIndex
                location = SourceLocation(file: s.path, line: i + 1, column: l.distance(from: l.startIndex, to: value) + 1)
                line = String(l)
            }
            sink.error(.duplicateSlug(slug: s.slug, kind: kind, other: other), at: location, line: line)
        }
    }

    mutating func staticPath(_ path: String?, field: String, in source: EntrySource) {
        guard let path else { return }
        switch LocalPath.resolve(path) {
        case .external: break
        case .escapes: report(.pathEscapesSite(field: field, value: path), value: path, field: field, in: source)
        case .inside(let p):
            if !statics.contains(p) {
                report(.missingStaticFile(field: field, value: path), value: path, field: field, in: source, severity: .warning)
            }
        }
    }

    mutating func markdownImages(in source: EntrySource) {
        let destinations = source.body.destinations
        for i in destinations.indices where destinations[i].kind == .image {
            if let refusal = URLPolicy.check(link: destinations[i].original, from: "x/y/") {
                report(URLPolicy.problem(refusal, field: "正文图片", value: destinations[i].original), at: destinations[i], in: source)
            }
        }
    }

    mutating func report(_ problem: ContentProblem, value: String, field: String?, in source: EntrySource, severity: Severity = .error) {
        let text = sourceText(source.path)
        var line = 1, column = 1
        if let text {
            // The first line naming the field (or, in the body, the value) and the value's column there.
            let fieldLine = field.flatMap { f in text.lines.firstIndex { $0.hasPrefix(f + ":") } }
            let valueLine = text.lines.indices.first { $0 >= (fieldLine ?? 0) && text.lines[$0].contains(value) }
            if let l = valueLine ?? fieldLine {
                line = l + 1
                if let r = text.lines[l].range(of: value) { column = text.lines[l].distance(from: text.lines[l].startIndex, to: r.lowerBound) + 1 }
            }
        }
        let loc = SourceLocation(file: source.path, line: line, column: column)
        let d = Diagnostic(severity, problem, at: loc, sourceLine: text?.line(line))
        sink.append(contentsOf: [d])
    }

    /// A problem with a link or image of the body, at the exact place cmark found it.
    mutating func report(_ problem: ContentProblem, at d: Destination, in source: EntrySource, severity: Severity = .error) {
        let line = source.bodyLine + d.line - 1
        let text = sourceText(source.path)?.line(line)
        // cmark gives where the link starts, in bytes; point at the destination itself when it
        // is written on that line after the start, and count characters, as every message does.
        var column = d.byteColumn
        if let text {
            let start = text.utf8.index(text.startIndex, offsetBy: min(max(0, d.byteColumn - 1), text.utf8.count))
            let found = d.original.isEmpty ? nil : text.range(of: d.original, range: start..<text.endIndex)
            column = text.distance(from: text.startIndex, to: found?.lowerBound ?? start) + 1
        }
        sink.append(contentsOf: [Diagnostic(severity, problem, at: SourceLocation(file: source.path, line: line, column: column), sourceLine: text)])
    }

    private mutating func sourceText(_ path: String) -> SourceText? {
        if let cached = sourceCache[path] { return cached }
        // Only for the source line under the message: without it the message still has its location.
        guard let raw = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else { return nil }
        let text = SourceText(path: path, text: raw)
        sourceCache[path] = text
        return text
    }
}
