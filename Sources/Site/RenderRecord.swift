import Content
import Crypto
import Destination
import Edition
import Foundation
import Support

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the live site's pages were rendered from, kept beside the output ledger
/// (`.output.cache/rendered`), so that a build after edits that changed only entries' bodies
/// renders only the pages those bodies are on, and leaves the others as the last build wrote
/// them (``OutputFolder/keep(_:)``).
///
/// A page is made from the entries' front matter, the entries' bodies and what every page
/// shares: the executable, the build's options and its "today", `site.yaml`, the data files,
/// the annual reports, the templates and the static files. When all but some bodies are as
/// they were, the site's plan, statistics, index and cards are as they were too (an article's,
/// event's and project's card is its front matter; only an organization's carries the start of
/// its body), so only the changed entries' own pages differ; the few pages of the site as a
/// whole (home, statistics, search, reports, 404) are rendered anyway. Anything else — a front
/// matter edited, an entry added, removed or renamed, an organization's body, a shared input —
/// renders every page, as before.
///
/// Trusted only for the site it was written with: it names the output folder as the ledger
/// does (device, inode and change time, which the exchange sets), and a page is kept only
/// where the ledger vouches for the file (``OutputLedger/reusing``).
struct RenderRecord: Sendable, Equatable {
    /// The digest of everything a page may depend on besides the entries, in hexadecimal.
    var shared: String
    /// Each entry file's digest and its front matter's, in hexadecimal, by path.
    var files: [String: Digests]

    struct Digests: Sendable, Equatable {
        var file: String
        var frontMatter: String
    }

    static let fileName = "rendered"
    static let header = "showcase-rendered 1"

    /// The record of a loaded site; nil when the load took no digests.
    init?(site: SiteContent, shared: String) {
        var files: [String: Digests] = [:]
        files.reserveCapacity(site.organizations.count + site.events.count + site.articles.count + site.projects.count + site.pages.count)
        func add(_ source: EntrySource) -> Bool {
            guard let file = source.fileDigest, let frontMatter = source.frontMatterDigest else { return false }
            files[source.path] = Digests(file: DownloadCache.hex(file), frontMatter: DownloadCache.hex(frontMatter))
            return true
        }
        // By index: a loop variable would be a copy of the whole entry.
        for i in site.organizations.indices { guard add(site.organizations[i].source) else { return nil } }
        for i in site.events.indices { guard add(site.events[i].source) else { return nil } }
        for i in site.articles.indices { guard add(site.articles[i].source) else { return nil } }
        for i in site.projects.indices { guard add(site.projects[i].source) else { return nil } }
        for i in site.pages.indices { guard add(site.pages[i].source) else { return nil } }
        self.init(shared: shared, files: files)
    }

    init(shared: String, files: [String: Digests]) {
        self.shared = shared
        self.files = files
    }

    /// A build's record (none in a preview, which writes into `output/` itself), and which of
    /// an edition's pages it renders: nil (all) unless the folder is the spare of a site whose
    /// record is read (``pagesToRender(since:pages:site:)``).
    static func forBuild(
        _ options: BuildOptions, site: SiteContent, today: ContentDate, folder: OutputFolder
    ) -> (RenderRecord?, @Sendable ([PlannedPage], SiteContent) -> [Bool]?) {
        let record = options.live == nil ? RenderRecord(site: site, shared: sharedDigest(options, site: site, today: today)) : nil
        let last = folder.reusesLastBuild ? read(output: options.output.path) : nil
        return (
            record,
            { pages, site in
                guard let record, let last else { return nil }
                return record.pagesToRender(since: last, pages: pages, site: site)
            }
        )
    }

    /// Which of `pages` to render, given the record of the site live now; nil: all of them.
    func pagesToRender(since last: RenderRecord, pages: [PlannedPage], site: SiteContent) -> [Bool]? {
        guard shared == last.shared, files.count == last.files.count else { return nil }
        var changed = Set<String>()
        for (path, digests) in files {
            guard let before = last.files[path], before.frontMatter == digests.frontMatter else { return nil }
            if before.file != digests.file { changed.insert(path) }
        }
        // An organization's card shows the start of its body, on every list it is on.
        if site.organizations.contains(where: { changed.contains($0.source.path) }) { return nil }
        return pages.map { page in
            switch page.spec {
            case .organization(let i): changed.contains(site.organizations[i].source.path)
            case .event(let i): changed.contains(site.events[i].source.path)
            case .article(let i): changed.contains(site.articles[i].source.path)
            case .project(let i): changed.contains(site.projects[i].source.path)
            case .page(let i): changed.contains(site.pages[i].source.path)
            case .home, .statistics, .search, .report, .notFound: true
            default: false
            }
        }
    }

    /// The digest of everything every page may depend on besides the entries: the executable
    /// (another build of Showcase may render other bytes), the options and day of the build,
    /// which events are still to come at its time,
    /// every file of `content/` outside the entries' folders and `static/` (the settings, data
    /// and reports), every template, and each static file's name, size and time; with the
    /// Traditional edition on, each of OpenCC's installed data files' (in `openCCData`) too.
    static func sharedDigest(
        _ options: BuildOptions, site: SiteContent, today: ContentDate, openCCData: String = OpenCC.configFolder
    ) -> String {
        var hash = SHA256()
        func add(_ text: String) {
            hash.update(data: Data(text.utf8))
            hash.update(data: [0])
        }
        add(header)
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        add(executable + " " + DownloadCache.stamp(executable))
        add(options.baseURL ?? "")
        add("\(options.includeDrafts) \(options.articleDownloads) \(today.isoDate)")
        // An event with a time passes within the day: which events are still to come.
        add(String(site.events.map { ($0.end ?? $0.start) >= today ? "1" : "0" }.joined()))
        let content = options.root.appendingPathComponent("content").path
        // Listed folder by folder: the entries' folders (tens of thousands of files) are not walked.
        let entryFolders: Set<String> = ["organizations", "events", "articles", "projects", "pages"]
        for top in ((try? FileManager.default.contentsOfDirectory(atPath: content)) ?? []).sorted() where !entryFolders.contains(top) {
            let inside = (FileManager.default.subpaths(atPath: content + "/" + top) ?? []).sorted().map { top + "/" + $0 }
            for file in [top] + inside {
                add(file)
                if top == "static" {
                    add(DownloadCache.stamp(content + "/" + file))
                } else {
                    hash.update(data: FileManager.default.contents(atPath: content + "/" + file) ?? Data())
                }
            }
        }
        let templates = options.root.appendingPathComponent("templates").path
        for file in (FileManager.default.subpaths(atPath: templates) ?? []).sorted() {
            add(file)
            hash.update(data: FileManager.default.contents(atPath: templates + "/" + file) ?? Data())
        }
        // The Traditional pages are converted with the dictionaries installed with OpenCC, not
        // part of the executable: an update of them (a Debian upgrade, the same Showcase)
        // converts some words otherwise, and a kept page would show the old conversion.
        if site.config.traditional != nil {
            for file in (FileManager.default.subpaths(atPath: openCCData) ?? []).sorted() {
                add("opencc/" + file + " " + DownloadCache.stamp(openCCData + "/" + file))
            }
        }
        return DownloadCache.hex(Array(hash.finalize()))
    }

    /// The record kept for the site now in `output`, or nil when there is none for it.
    static func read(output: String) -> RenderRecord? {
        let cache = OutputLedger.cacheFolder(for: output)
        guard let identity = OutputLedger.FolderIdentity(output), Destination.isMarked(cache),
            let data = FileManager.default.contents(atPath: cache + "/" + fileName)
        else { return nil }
        // Line by line from the bytes, as the ledger is read.
        return data.withUnsafeBytes { raw in
            var reader = LineReader(raw.bindMemory(to: UInt8.self))
            guard reader.line() == header, reader.line() == "output " + identity.text, let shared = reader.line(),
                shared.hasPrefix("shared ")
            else { return nil }
            var files: [String: Digests] = [:]
            while let line = reader.line() {
                if line.hasPrefix("end ") {
                    // A record cut short (a full disk) lacks its last line, and is not trusted.
                    guard reader.isAtEnd, line == "end \(files.count)" else { return nil }
                    return RenderRecord(shared: String(shared.dropFirst("shared ".count)), files: files)
                }
                let fields = line.utf8.split(separator: 0x20, maxSplits: 2)
                guard fields.count == 3, let file = String(fields[0]), let frontMatter = String(fields[1]), let path = String(fields[2])
                else { return nil }
                files[path] = Digests(file: file, frontMatter: frontMatter)
            }
            return nil
        }
    }

    /// Keeps the record for the site just put live in `output`, by the folder's name as it now
    /// is. A record that cannot be written is deleted: the next build renders every page.
    func save(output: String) {
        let cache = OutputLedger.cacheFolder(for: output)
        let path = cache + "/" + Self.fileName
        // Only into the cache folder Showcase made (the ledger's save, just before, makes it).
        guard Destination.isMarked(cache) else { return }
        guard let identity = OutputLedger.FolderIdentity(output), !files.keys.contains(where: { $0.utf8.contains(0x0A) }) else {
            return Self.remove(output: output)
        }
        // Into one buffer, as the ledger is: a string grown line by line is slower.
        var text = ByteBuffer(capacity: files.count * 150)
        text.append(Self.header + "\noutput " + identity.text + "\nshared " + shared + "\n")
        for (path, digests) in files {
            text.append(digests.file)
            text.append(" ")
            text.append(digests.frontMatter)
            text.append(" ")
            text.append(path)
            text.append("\n")
        }
        text.append("end \(files.count)\n")
        do {
            try text.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path), options: .atomic) }
        } catch {
            Self.remove(output: output)
        }
    }

    /// Deletes the record of the builds into `output`.
    static func remove(output: String) {
        let cache = OutputLedger.cacheFolder(for: output)
        if Destination.isMarked(cache) { unlink(cache + "/" + fileName) }
    }
}
