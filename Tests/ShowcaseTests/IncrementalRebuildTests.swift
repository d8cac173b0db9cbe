import Foundation
import Synchronization
import Testing

@testable import Content
@testable import Destination
@testable import Diagnostics
@testable import Preview
@testable import Site

/// A preview's rebuild (`LiveOutput`: only changed files parsed, only changed files written,
/// into the served folder) must leave exactly what a clean build of the same input writes.
/// Each test works on a copy of the sample site, the repository's own `content/` and
/// `templates/`, so every kind of entry, the reports, data files and partials are there.
@Suite("Incremental rebuilds equal clean builds")
struct IncrementalRebuildTests {
    /// A copy of the sample site with a preview's options: the same `LiveOutput` for every
    /// build (or, with `live` nil, a build's: see `ReusedOutputTests`).
    struct LiveSite {
        let root: URL
        var options: BuildOptions

        init(live: LiveOutput? = LiveOutput()) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("showcase-incr-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for folder in ["content", "templates"] {
                try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
            }
            var options = BuildOptions(root: root)
            options.articleDownloads = true
            options.now = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18: events on both sides of "today"
            options.live = live
            self.options = options
            // A file changed within the last tenth of a second is parsed again by every load
            // (ParseCache's "racily clean" rule): the copied site settles first, as a site a
            // person edits has, so that a rebuild parses only what a test changes.
            Thread.sleep(forTimeInterval: 0.2)
        }

        var output: URL { options.output }
        var live: LiveOutput { options.live! }

        func url(_ path: String) -> URL { root.appendingPathComponent(path) }
        func read(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }
        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url(path))
        }
        func move(_ from: String, _ to: String) throws { try FileManager.default.moveItem(at: url(from), to: url(to)) }
        func delete(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }
        func edit(_ path: String, _ change: (String) -> String) throws { try write(path, change(try read(path))) }

        @discardableResult
        func build() throws -> BuildReport { try SiteBuilder.build(options) }

        /// Rebuilds, builds the same input from scratch into another folder, and compares the
        /// two trees: every file's bytes and every folder.
        @discardableResult
        func rebuildAndCompare(_ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> BuildReport {
            let report = try build()
            var clean = BuildOptions(root: root, output: root.appendingPathComponent("clean"))
            clean.articleDownloads = true
            clean.now = options.now
            // Its downloads come from a cache of its own (`DownloadCacheTests` hold that to a
            // clean build); everything else is made from nothing, in a staging folder: the
            // folder is deleted first, so that no ledger of its last build describes it.
            try? FileManager.default.removeItem(at: clean.output)
            _ = try SiteBuilder.build(clean)
            let (incremental, scratch) = (try tree(output), try tree(clean.output))
            #expect(incremental.folders == scratch.folders, "\(what): folders", sourceLocation: sourceLocation)
            #expect(incremental.files.keys.sorted() == scratch.files.keys.sorted(), "\(what): files", sourceLocation: sourceLocation)
            for (path, bytes) in scratch.files where incremental.files[path] != bytes {
                Issue.record("\(what): \(path) differs from a clean build", sourceLocation: sourceLocation)
            }
            return report
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// Every file (with its bytes) and every folder below `folder`, hidden ones included.
    static func tree(_ folder: URL) throws -> (files: [String: Data], folders: Set<String>) {
        var folders = Set<String>()
        let base = folder.standardizedFileURL.path
        let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey])
        while let url = e?.nextObject() as? URL {
            if try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true {
                folders.insert(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
            }
        }
        return (try snapshot(of: folder), folders)
    }

    static func inode(_ path: URL) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path.path)[.systemFileNumber] as? UInt64) ?? nil
    }

    /// The files of each kind that the tests edit, and a new file for each.
    static let kinds: [(folder: String, file: String)] = [
        ("articles", "heart-harbor-profile.md"), ("organizations", "kunshan-elder-companion.md"),
        ("events", "charity-market-2027-spring.md"), ("projects", "vp-2013-childhood-reading.md"), ("pages", "contact.md"),
    ]

    /// Edits the body, then the title, of the `k`th kind's file, then adds, renames and deletes
    /// another; each change is followed by `rebuildAndCompare`, whose report `after` is handed
    /// with the step's name (`body`, `title`, …). Shared with `ReusedOutputTests`.
    static func changeEntries(of k: Int, in site: LiveSite, after: (String, BuildReport) throws -> Void = { _, _ in }) throws {
        let (folder, file) = kinds[k]
        let path = "content/\(folder)/\(file)"
        try site.edit(path) { $0 + "\n\n补充一段正文。\n" }
        try after("body", try site.rebuildAndCompare("\(folder): body edited"))
        // The title (or name) is on cards, lists, feeds, the search index and related blocks.
        try site.edit(path) { text in
            text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 改过的").replacingOccurrences(of: "\nname: ", with: "\nname: 改过的")
        }
        try after("title", try site.rebuildAndCompare("\(folder): title edited"))
        let copy = "content/\(folder)/zz-new-\(k).md"
        try site.write(copy, try site.read(path).replacingOccurrences(of: "改过的", with: "新添的"))
        try after("added", try site.rebuildAndCompare("\(folder): added"))
        try site.move(copy, "content/\(folder)/zz-renamed-\(k).md")
        try after("renamed", try site.rebuildAndCompare("\(folder): renamed"))
        try site.delete("content/\(folder)/zz-renamed-\(k).md")
        try after("deleted", try site.rebuildAndCompare("\(folder): deleted"))
    }

    @Test("edits, additions, renames and deletions of each kind of entry", arguments: kinds.indices)
    func entries(_ k: Int) throws {
        let site = try LiveSite()
        defer { site.remove() }
        try site.build()
        try Self.changeEntries(of: k, in: site) { step, _ in
            if step == "body" { #expect(site.live.reusedPlan, "only a body changed: the last plan stands") }
            if step == "title" { #expect(!site.live.reusedPlan, "front matter changed: the plan is made again") }
        }
    }

    @Test func articlesMovingInTheListsAndTags() throws {
        let site = try LiveSite()
        defer { site.remove() }
        try site.build()
        let path = "content/articles/heart-harbor-profile.md"
        // A new date moves it in every list and pager; a new tag makes a new tag page.
        try site.edit(path) { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("date: ") ? "date: 2014-12-31" : $0 }.joined(separator: "\n")
        }
        try site.edit(path) { $0.replacingOccurrences(of: "\ntags: [", with: "\ntags: [全新标签, ") }
        try site.rebuildAndCompare("date and tags changed")
        let tagFolders = { Set(try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("tags").path)) }
        let withNewTag = try tagFolders()
        #expect(try site.read("output/tags/index.html").contains("全新标签"))
        try site.edit(path) { $0.replacingOccurrences(of: "\ntags: [全新标签, ", with: "\ntags: [") }
        try site.rebuildAndCompare("tag removed")
        #expect(try tagFolders().count == withNewTag.count - 1, "a tag no article has any more leaves no folder behind")
    }

    /// Changes site.yaml, a data file, the report, a template, a partial, and adds and deletes
    /// a static file, each followed by `rebuildAndCompare` and `after` with the step's name.
    static func changeSharedInputs(in site: LiveSite, after: (String) throws -> Void = { _ in }) throws {
        try site.edit("content/site.yaml") { $0.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 新") }
        try site.rebuildAndCompare("site.yaml")
        try site.edit("content/data/figures.yaml") { $0.replacingOccurrences(of: "value: 300", with: "value: 310") }
        try site.rebuildAndCompare("data file")
        try site.edit("content/reports/2014.md") { $0 + "\n\n年度报告补充一段。\n" }
        try site.rebuildAndCompare("report")
        try site.edit("templates/article.html") { $0.replacingOccurrences(of: "</article>", with: "<p>模板改过</p></article>") }
        try site.rebuildAndCompare("template")
        try after("template")
        try site.edit("templates/partials/article-card.html") { "<!-- 卡片 -->" + $0 }
        try site.rebuildAndCompare("partial")
        try after("partial")
        try site.write("content/static/files/note.txt", "附件")
        try site.rebuildAndCompare("static file added")
        try site.delete("content/static/files/note.txt")
        try site.rebuildAndCompare("static file deleted")
    }

    @Test("site.yaml, data files, the report, a template, a partial and static files")
    func sharedInputs() throws {
        let site = try LiveSite()
        defer { site.remove() }
        try site.build()
        try Self.changeSharedInputs(in: site) { _ in #expect(!site.live.reusedCards, "cards made with other templates") }
    }

    @Test func onlyWhatChangedIsParsedAndWritten() throws {
        let site = try LiveSite()
        defer { site.remove() }
        try site.build()
        // Files changed within a tenth of a second of a load are parsed again by the next one
        // (their time stamps could not tell a second save in the same clock tick): wait that out.
        Thread.sleep(forTimeInterval: 0.15)
        try site.build()
        let untouched = site.output.appendingPathComponent("organizations/kunshan-children-reading-club/index.html")
        let before = try #require(Self.inode(untouched))
        let path = "content/articles/heart-harbor-profile.md"
        try site.edit(path) { $0 + "\n\n只改了这一篇。\n" }
        try site.rebuildAndCompare("one article")
        #expect(site.live.parses.lastParsed == [path])
        #expect(site.live.parses.lastLoadWasPatched && site.live.reusedCards, "the last load's site and cards, with one entry made anew")
        #expect(site.live.reusedPlan, "a body changed: the statistics, index and page plan stand")
        // The page was not written again: the same file, not a new one with the same bytes.
        #expect(Self.inode(untouched) == before)
        #expect(
            try String(contentsOf: site.output.appendingPathComponent("articles/heart-harbor-profile/index.html"), encoding: .utf8)
                .contains("只改了这一篇"))
    }

    @Test func aFailedRebuildLeavesTheNextOneWhole() throws {
        let site = try LiveSite()
        defer { site.remove() }
        try site.build()
        // Bad content stops the build before anything is written.
        let path = "content/articles/heart-harbor-profile.md"
        let good = try site.read(path)
        try site.edit(path) { $0.replacingOccurrences(of: "\ndate: ", with: "\ndate: 不是日期\nx: ") }
        #expect(throws: ContentErrors.self) { try site.build() }
        try site.write(path, good + "\n改好了。\n")
        try site.rebuildAndCompare("fixed after a content error")
        // A static file where a page goes is found while pages are being written in place:
        // the next build is a whole one, and ends up as a clean build's.
        try site.write("content/static/search/index.html", "<p>冲突</p>")
        #expect(throws: ContentErrors.self) { try site.build() }
        #expect(!site.live.isReady)
        try site.delete("content/static/search/index.html")
        try site.rebuildAndCompare("after a failure part-way")
        #expect(site.live.isReady)
    }

    @Test func aRebuildStoppedForANewerSaveIsCompletedByTheNext() throws {
        final class Flag: Sendable { let on = Mutex(false) }
        let newer = Flag()
        let site = try LiveSite(live: LiveOutput(newerSave: { newer.on.withLock { $0 } }))
        defer { site.remove() }
        try site.build()
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n第一次保存。\n" }
        newer.on.withLock { $0 = true }
        #expect(throws: LiveOutput.Superseded.self) { try site.build() }
        #expect(site.live.isIncomplete)
        // The pages are there already; the search index is not yet.
        #expect(
            try String(contentsOf: site.output.appendingPathComponent("articles/heart-harbor-profile/index.html"), encoding: .utf8)
                .contains("第一次保存"))
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n第二次保存。\n" }
        newer.on.withLock { $0 = false }
        try site.rebuildAndCompare("after a build stopped for a newer save")
        #expect(!site.live.isIncomplete)
    }

    /// A newer save that comes while the search index is being made stops it there (not only
    /// between phases), and the next build completes the folder as a clean build writes it.
    @Test func aRebuildStoppedInItsSearchIndexIsCompletedByTheNext() throws {
        final class Counter: Sendable { let asked = Mutex(0), from = Mutex(Int.max) }
        let counter = Counter()
        // Asked once per page (whether to skip it), once after the pages, then as the index is made.
        let site = try LiveSite(
            live: LiveOutput(newerSave: {
                counter.asked.withLock {
                    $0 += 1; return $0 > counter.from.withLock { $0 }
                }
            }))
        defer { site.remove() }
        let pages = try site.build().pagesByKind.reduce(0) { $0 + $1.count }
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n索引时的保存。\n" }
        counter.asked.withLock { $0 = 0 }
        counter.from.withLock { $0 = pages + 1 + 3 }
        #expect(throws: LiveOutput.Superseded.self) { try site.build() }
        #expect(site.live.isIncomplete)
        #expect(counter.asked.withLock { $0 } > pages + 1, "it stopped in the index, after every page and the check after them")
        counter.from.withLock { $0 = .max }
        try site.rebuildAndCompare("after a build stopped in its search index")
        #expect(!site.live.isIncomplete)
    }

    /// A build stopped for a newer save while other jobs still write (the Traditional pages
    /// beside their search index): what they wrote after the stop is noted and told too, and
    /// the next build still writes in place (it used to start over with a whole build, which
    /// reloads every open page).
    @Test func filesWrittenBesideAStoppedJobAreNotedAndTheFolderStaysLive() throws {
        final class Told: Sendable { let files = Mutex<[String]>([]) }
        let told = Told()
        let live = LiveOutput(changed: { files, _ in told.files.withLock { $0 += files } }, newerSave: { true })
        // As a first build leaves it: every file noted.
        live.begin()
        _ = live.record("a.html", .init(linkTo: "1"))
        live.finish(output: "/nonexistent", inPlace: false)
        #expect(live.isReady)
        live.begin()
        _ = live.record("a.html", .init(linkTo: "2"))
        #expect(throws: LiveOutput.Superseded.self) { try live.stopIfSuperseded(inPlace: true) }
        _ = live.record("b.html", .init(linkTo: "3")) // a job beside the one that stopped
        live.failed()
        #expect(live.isReady && live.isIncomplete)
        #expect(told.files.withLock { $0 } == ["a.html", "b.html"])
        live.begin()
        #expect(live.record("b.html", .init(linkTo: "3")), "noted as there")
    }

    @Test func stoppingThePreviewCompletesABuildStoppedEarly() throws {
        let site = try LiveSite()
        defer { site.remove() }
        var options = site.options
        options.live = nil
        let session = PreviewSession(options: options) { _ in }
        guard case .built = session.build() else { Issue.record("the first build failed"); return }
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n停止前的保存。\n" }
        session.changed() // a newer save is waiting (no rebuild loop runs here)
        _ = session.build()
        #expect(session.options.live?.isIncomplete == true)
        session.waitForBuild()
        #expect(session.options.live?.isIncomplete == false)
        var clean = BuildOptions(root: site.root, output: site.root.appendingPathComponent("clean"))
        clean.articleDownloads = true
        clean.now = site.options.now
        _ = try SiteBuilder.build(clean)
        let (served, scratch) = (try Self.tree(site.output), try Self.tree(clean.output))
        #expect(served.folders == scratch.folders)
        #expect(served.files == scratch.files)
    }
}
