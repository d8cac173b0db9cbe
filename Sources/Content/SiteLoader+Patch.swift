import Diagnostics
import Foundation
import Support

/// A preview's rebuild after a save (`showcase serve`, with a ``ParseCache``): when the content
/// folder holds the same files as at the last load and only a few of them changed, their new
/// entries take the old ones' places in the last load's site, instead of every entry being
/// assembled, cross-checked and sorted again (two thirds of such a rebuild's load at 10,000
/// articles, which the saved page waited for).
///
/// The result is the site a whole load would make, because a patch is only tried where that
/// is plain: every changed file parses without errors into an entry of the site (not a draft
/// left out) with the slug and sort key it had, so that no list changes order, no slug becomes
/// a duplicate or goes missing, and every other entry's checks stand. Anything else — a file
/// added, removed or renamed, a changed static file, an error, a new date — is a whole load.
extension SiteLoader {
    /// A file of the content, as `load` lists them.
    typealias ContentFile = (kind: EntryKind, path: String, absolutePath: String)

    /// More changed files than this make a whole load: the patch saves nothing then.
    static let mostPatchedFiles = 64

    /// The last load's site with the changed files' entries in place of the old ones, and its
    /// warnings brought up to date, and whether each of those entries kept its front matter
    /// (only bodies changed); nil when a whole load is needed. `snapshot` becomes this load's.
    static func patched(
        _ snapshot: inout ParseCache.LoadSnapshot, files: [ContentFile], staticFiles: [String], includeDrafts: Bool,
        cache: ParseCache, rootFD: Int32, root: URL, config: SiteConfig, reports: ReportReader,
        parse: (ContentFile) -> ParsedFile
    ) -> (site: SiteContent, bodiesOnly: Bool)? {
        guard snapshot.includeDrafts == includeDrafts, snapshot.staticFiles == staticFiles,
            snapshot.paths.elementsEqual(files.lazy.map(\.path))
        else { return nil }
        let unchanged = cache.unchanged(snapshot.paths, rootFD: rootFD)
        let changed = files.indices.filter { !unchanged[$0] }.map { files[$0] }
        guard changed.count <= mostPatchedFiles else { return nil }

        var site = snapshot.site
        site.config = config
        var entries: [ParsedEntry] = []
        var references: [[PendingReference]] = []
        var sink = DiagnosticSink()
        var bodiesOnly = true
        for file in changed {
            let before = cache.frontMatter(of: file.path)
            let parsed = cache.parsed(file.path, rootFD: rootFD) { parse(file) }
            bodiesOnly = bodiesOnly && before != nil && before == parsed.frontMatter
            guard !parsed.diagnostics.contains(where: { $0.severity == .error }), let entry = parsed.entry,
                let place = snapshot.positions[file.path], site.replace(at: place, with: entry, includeDrafts: includeDrafts)
            else { return nil }
            entries.append(entry)
            references.append(parsed.references)
            sink.append(contentsOf: parsed.diagnostics)
        }
        CrossReferences.check(changed: entries, references: references, in: site, root: root, into: &sink)
        site.reports = []
        reports.read(into: &site, sink: &sink)
        guard !sink.hasErrors else { return nil }

        // The changed files' and the reports' warnings are made anew; every other warning
        // (the configuration's, the data files', the other entries') stands.
        let remade = Set(changed.map(\.path))
        let kept = snapshot.site.warnings.filter { !remade.contains($0.location.file) && !$0.location.file.hasPrefix("content/reports/") }
        site.warnings = (kept + sink.all).sorted()
        // The reports are pages of the plan too: one added or removed changes it.
        bodiesOnly = bodiesOnly && site.reports.map(\.year) == snapshot.site.reports.map(\.year)
        snapshot.site = site
        return (site, bodiesOnly)
    }

    /// A snapshot of a whole load, for the next load to patch.
    static func snapshot(of site: SiteContent, files: [ContentFile], staticFiles: [String], includeDrafts: Bool) -> ParseCache.LoadSnapshot {
        var positions: [String: (kind: EntryKind, index: Int)] = [:]
        positions.reserveCapacity(files.count)
        for i in site.organizations.indices { positions[site.organizations[i].source.path] = (.organization, i) }
        for i in site.events.indices { positions[site.events[i].source.path] = (.event, i) }
        for i in site.articles.indices { positions[site.articles[i].source.path] = (.article, i) }
        for i in site.projects.indices { positions[site.projects[i].source.path] = (.project, i) }
        for i in site.pages.indices { positions[site.pages[i].source.path] = (.page, i) }
        return ParseCache.LoadSnapshot(
            paths: files.map(\.path), staticFiles: staticFiles, includeDrafts: includeDrafts, site: site, positions: positions)
    }
}

extension SiteContent {
    /// Puts `entry` at `place` when it is of that kind, in the site (not a draft left out), and
    /// sorts where the entry it replaces did: the same slug and the same sort key as
    /// ``entryOrders()`` uses. False, changing nothing, otherwise.
    mutating func replace(at place: (kind: EntryKind, index: Int), with entry: ParsedEntry, includeDrafts: Bool) -> Bool {
        switch (place.kind, entry) {
        case (.organization, .organization(let o)):
            guard o.slug == organizations[place.index].slug else { return false }
            organizations[place.index] = o
        case (.event, .event(let e)):
            let old = events[place.index]
            guard e.slug == old.slug, e.start == old.start else { return false }
            events[place.index] = e
        case (.article, .article(let a)):
            let old = articles[place.index]
            guard a.slug == old.slug, a.date == old.date, !a.draft || includeDrafts else { return false }
            articles[place.index] = a
        case (.project, .project(let p)):
            let old = projects[place.index]
            guard p.slug == old.slug, p.year == old.year, p.program == old.program else { return false }
            projects[place.index] = p
        case (.page, .page(let p)):
            let old = pages[place.index]
            guard p.slug == old.slug, (p.menuOrder ?? 0) == (old.menuOrder ?? 0) else { return false }
            pages[place.index] = p
        default:
            return false
        }
        return true
    }
}
