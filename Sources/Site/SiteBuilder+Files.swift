import Content
import Destination
import Diagnostics
import Export
import Foundation
import Search
import Stats
import Synchronization

/// The build's writers besides the pages: the search index, the feeds
/// and calendars, the statistics downloads and the static files. `SiteBuilder.build` calls
/// each as a phase or a job of the page pool.
extension SiteBuilder {
    /// The client-side search index (`search/`, see `SearchIndexer`), made and written on all cores.
    static func writeSearchIndex(site: SiteContent, urls: SiteURLs, folder: OutputFolder) throws -> Tally {
        // The index's folders once, not a failing `mkdir` before each of its 15,000 files.
        for path in SearchIndexer.folders { folder.makeFolder(path) }
        let written: (files: Int, bytes: Int)
        do {
            // A preview's rebuild leaves the rest of the index to a newer save (`LiveOutput`).
            let documents = SearchDocument.all(in: site, urls: urls, stop: { folder.isSuperseded })
            try folder.stopIfSuperseded()
            let sink: SearchIndexer.Sink = { path, bytes in try folder.write(path, bytes, folderMade: true) }
            let indexer = SearchIndexer()
            // Patched from the last build's index when few pages changed (a build's, not a preview's).
            let patched = try SearchIndexMemo.read(for: folder).flatMap { memo in
                try indexer.patch(documents, memo: memo, read: folder.lastBuilds, keep: folder.keep, to: sink)
            }
            let whole = try patched ?? indexer.write(documents, stop: { folder.isSuperseded }, to: sink)
            SearchIndexMemo.save(whole.memo, for: folder)
            written = (whole.files, whole.bytes)
        } catch let stopped as SearchIndexer.Stopped {
            // Stopped only for a newer save: noted as `LiveOutput.Superseded`.
            try folder.stopIfSuperseded()
            throw stopped
        }
        return Tally(files: written.files, bytes: written.bytes)
    }

    static func writeFeeds(
        site: SiteContent, urls: SiteURLs, pages: [PlannedPage], contexts: PageContexts,
        folder: OutputFolder
    ) throws -> Tally {
        let feeds = Feeds(site: site, urls: urls, absolute: contexts.absolute)
        let calendar = EventCalendar(site: site, urls: urls, absolute: contexts.absolute)
        var files: [(String, String)] = [
            ("feed.xml", feeds.atom()), ("sitemap.xml", feeds.sitemap(pages: pages)), ("robots.txt", feeds.robots()),
            (Feeds.eventsFeedPath, feeds.eventsAtom()), (Feeds.calendarPath, calendar.upcoming(today: contexts.today)),
        ]
        for c in contexts.index.columns {
            files.append((Feeds.columnFeedPath(c, urls: urls), feeds.atom(column: c, articles: contexts.index.articlesByColumn[c] ?? [])))
        }
        for e in site.events { files.append(("events/\(e.slug)/\(e.slug).ics", calendar.file(for: e))) }
        for (path, text) in files { try folder.write(path, text) }
        return Tally(files: files.count, bytes: files.reduce(0) { $0 + $1.1.utf8.count })
    }

    /// The downloads, and (the main edition's, `figures`) the key figures the next build
    /// compares with. With `keep` (only entries' bodies changed since the build the ledger
    /// describes, ``RenderRecord``), the last build's files are left as they are where the
    /// ledger vouches for them all: they are made from the front matter, the data files and the
    /// day, and making the 16 tables' CSV and JSON again cost a tenth of a second of an edit
    /// build's CPU (BENCHMARKS.md, fourteenth session).
    static func writeStatisticsDownloads(
        _ statistics: Statistics, figures: [KeyFigure]?, folder: OutputFolder, keep: Bool = false
    ) throws -> Tally {
        let paths = statistics.downloadPaths + (figures == nil ? [] : [Statistics.keyFiguresPath])
        if keep, let kept = keepFiles(paths, folder: folder) { return kept }
        var downloads = statistics.downloads()
        if let figures { downloads.append((Statistics.keyFiguresPath, Statistics.keyFiguresJSON(figures))) }
        for d in downloads { try folder.write(d.path, d.data) }
        return Tally(files: downloads.count, bytes: downloads.reduce(0) { $0 + $1.data.count })
    }

    /// The last build's files at `paths`, left as they are (``OutputFolder/keep(_:)``); nil
    /// when the ledger does not vouch for one of them: the caller then writes them all (a file
    /// kept and then written is written only where its bytes differ).
    static func keepFiles(_ paths: [String], folder: OutputFolder) -> Tally? {
        var bytes = 0
        for path in paths {
            guard let size = folder.keep(path) else { return nil }
            bytes += size
        }
        return Tally(files: paths.count, bytes: bytes)
    }

    /// The theme's `templates/static/` and `content/static/`, as (output path, path in the
    /// site), sorted by output path. The site's own files win over the theme's: a theme file at
    /// the same path, below a site file or where a site file needs a folder is left out.
    static func staticFiles(root: URL, site: SiteContent) -> [(output: String, source: String)] {
        let themeStatic = root.appendingPathComponent("templates/static")
        var theme: [String] = []
        if let e = FileManager.default.enumerator(at: themeStatic, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) {
            let base = themeStatic.standardizedFileURL.path
            // A file gone between the listing and this look is not the theme's any more.
            for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                theme.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
            }
        }
        let own = Set(site.staticFiles)
        var ownFolders = Set<String>()
        for f in site.staticFiles {
            var folder = Substring(f)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                ownFolders.insert(String(folder))
            }
        }
        func replaced(_ path: String) -> Bool {
            if own.contains(path) || ownFolders.contains(path) { return true }
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if own.contains(String(folder)) { return true }
            }
            return false
        }
        var files = theme.filter { !replaced($0) }.map { (output: $0, source: "templates/static/" + $0) }
        files += site.staticFiles.map { (output: $0, source: "content/static/" + $0) }
        return files.sorted { $0.output < $1.output }
    }

    static func copyStatic(_ files: [(output: String, source: String)], root: URL, folder: OutputFolder) throws -> Tally {
        var bytes = 0
        var problems: [Diagnostic] = []
        for (output, source) in files {
            let data: Data
            do {
                data = try Data(contentsOf: root.appendingPathComponent(source))
            } catch {
                // Gone or unreadable since the content was listed: said with the system's reason.
                problems.append(Diagnostic(.error, .unreadable(errno: FolderError.posixCode(of: error)), at: SourceLocation(file: source)))
                continue
            }
            try folder.write(output, data)
            bytes += data.count
        }
        if !problems.isEmpty { throw ContentErrors(problems) }
        return Tally(files: files.count, bytes: bytes)
    }
}
