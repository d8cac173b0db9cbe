import Foundation
import Testing

@testable import Content
@testable import Destination
@testable import Diagnostics
@testable import Site

/// A build that trusts the last build's ledger writes only the files that changed, into the old
/// site kept beside `output/` as the spare (`OutputLedger`). It must leave exactly what a build
/// from nothing writes, after any change, after a failed build, and never trust a ledger that
/// does not describe the folder as it is. Each test works on a copy of the sample site.
@Suite("Builds that reuse the last build's files equal clean builds")
struct ReusedOutputTests {
    typealias Site = IncrementalRebuildTests.LiveSite

    static var staging: String { ".output.staging" }

    static func inode(_ url: URL) -> UInt64? { IncrementalRebuildTests.inode(url) }

    @Test("edits, additions, renames and deletions of each kind of entry", arguments: IncrementalRebuildTests.kinds.indices)
    func entries(_ k: Int) throws {
        let site = try Site(live: nil)
        defer { site.remove() }
        #expect(try site.build().unchangedFiles == nil, "a first build writes everything")
        let folder = IncrementalRebuildTests.kinds[k].folder
        try IncrementalRebuildTests.changeEntries(of: k, in: site) { step, report in
            let unchanged = try #require(report.unchangedFiles, "\(step): the last build's files are trusted")
            // The page, its lists and feeds, the downloads, and most of the small site's search
            // index shards (the new words are in most of them): a quarter at most.
            if step == "body" { #expect(unchanged > report.files * 3 / 4, "a body edit rewrites \(report.files - unchanged) files") }
            // Only a body changed: its own pages are rendered again (and the site's home,
            // statistics, search, report and 404 pages), the rest kept. An organization's card
            // shows the start of its body on every list, so that renders everything.
            let pages = report.pagesByKind.reduce(0) { $0 + $1.count }
            if step == "body" && folder != "organizations" {
                let kept = try #require(report.pagesKept, "\(folder): only a body changed")
                #expect(kept > pages * 3 / 4, "\(folder): \(pages - kept) of \(pages) pages rendered")
            } else {
                #expect(report.pagesKept == nil, "\(folder), \(step): every page rendered")
            }
        }
    }

    /// Pages are kept only while the record of what they were rendered from describes the live
    /// site: a front matter changed and changed back renders the pages of the site in between
    /// again, and a page changed by hand in `output/` is written again.
    @Test func pagesAreKeptOnlyForTheSiteTheyWereRenderedFor() throws {
        let site = try Site(live: nil)
        defer { site.remove() }
        try site.build()
        try site.build()
        let path = "content/articles/heart-harbor-profile.md"
        let original = try site.read(path)
        try site.edit(path) { $0.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 改过的") }
        #expect(try site.rebuildAndCompare("title edited").pagesKept == nil)
        try site.write(path, original)
        #expect(try site.rebuildAndCompare("title back").pagesKept == nil, "the live pages show the edited title")
        #expect(try site.rebuildAndCompare("nothing changed").pagesKept != nil)

        // A kept page edited by hand: the ledger no longer vouches for it, so it is rendered.
        let about = site.output.appendingPathComponent("about/index.html")
        try Data("手改的".utf8).write(to: about)
        try site.edit(path) { $0 + "\n\n又一段。\n" }
        try site.rebuildAndCompare("a kept page changed by hand")

        // A damaged record is not trusted.
        let record = site.url(".output.cache/rendered")
        var text = try String(contentsOf: record, encoding: .utf8)
        text.removeLast(30)
        try text.write(to: record, atomically: true, encoding: .utf8)
        try site.edit(path) { $0 + "\n\n再一段。\n" }
        #expect(try site.rebuildAndCompare("damaged record").pagesKept == nil)
        #expect(try site.rebuildAndCompare("recorded again").pagesKept != nil)
    }

    /// An event with a time passes within the day: the lists that showed it as still to come
    /// are rendered again by a later build the same day, whatever else changed.
    @Test func anEventPassingWithinTheDayRendersTheLists() throws {
        var site = try Site(live: nil)
        defer { site.remove() }
        // 2027-03-06, 08:00 and 16:00 in Shanghai: before and after the spring market (09:30–15:30).
        site.options.now = Date(timeIntervalSince1970: 1_804_291_200)
        try site.build()
        try site.build()
        site.options.now = Date(timeIntervalSince1970: 1_804_320_000)
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n下午改的一段。\n" }
        #expect(try site.rebuildAndCompare("the market has ended").pagesKept == nil)
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n傍晚又改一段。\n" }
        #expect(try site.rebuildAndCompare("later the same day").pagesKept != nil)
    }

    /// The Traditional pages are converted with OpenCC's installed dictionaries, which an update
    /// of the system changes under the same Showcase: a kept page would show the old conversion.
    /// So a site with the edition on renders every page again when any of those files changes;
    /// a site without it does not care.
    @Test func traditionalPagesDependOnOpenCCsData() throws {
        let site = try SiteLoader.load(root: repositoryRoot)
        try #require(site.config.traditional != nil, "the sample site has the Traditional edition on")
        var oneEdition = site
        oneEdition.config.traditional = nil
        let options = BuildOptions(root: repositoryRoot)
        let today = DateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).date(at: Date(timeIntervalSince1970: 1_795_000_000))
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("showcase-opencc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("{\"name\":\"s2twp\"}".utf8).write(to: data.appendingPathComponent("s2twp.json"))
        try Data("phrases".utf8).write(to: data.appendingPathComponent("TWPhrases.ocd2"))
        func digests() -> (both: String, one: String) {
            (
                RenderRecord.sharedDigest(options, site: site, today: today, openCCData: data.path),
                RenderRecord.sharedDigest(options, site: oneEdition, today: today, openCCData: data.path)
            )
        }
        let before = digests()
        #expect(digests() == before, "the same data, the same digest")
        try Data("phrases, updated".utf8).write(to: data.appendingPathComponent("TWPhrases.ocd2"))
        let after = digests()
        #expect(after.both != before.both, "a dictionary updated")
        #expect(after.one == before.one, "one edition: OpenCC is not used")
        try Data("variants".utf8).write(to: data.appendingPathComponent("TWVariants.ocd2"))
        #expect(digests().both != after.both, "a dictionary added")
    }

    @Test("site.yaml, data files, the report, a template, a partial and static files")
    func sharedInputs() throws {
        let site = try Site(live: nil)
        defer { site.remove() }
        try site.build()
        try IncrementalRebuildTests.changeSharedInputs(in: site)
        // A file of the old site where the new one has a folder, and the other way round.
        for (step, file) in [("a static file", "guide"), ("the file became a folder", "guide/part.txt"), ("the folder became a file", "guide")] {
            try? site.delete("content/static/files/guide")
            try site.write("content/static/files/" + file, "说明")
            try site.rebuildAndCompare(step)
            try site.rebuildAndCompare(step + ", the build after")
        }
        // A tag no article has any more leaves no folder behind (compared with the clean build's folders).
        try site.edit("content/articles/heart-harbor-profile.md") { $0.replacingOccurrences(of: "\ntags: [", with: "\ntags: [全新标签, ") }
        try site.rebuildAndCompare("tag added")
        try site.edit("content/articles/heart-harbor-profile.md") { $0.replacingOccurrences(of: "\ntags: [全新标签, ", with: "\ntags: [") }
        try site.rebuildAndCompare("tag removed")
    }

    /// The spare is reused from build to build, an unchanged page is the same file (a hard link
    /// of the last one, not new bytes), and the old site is not deleted.
    @Test func onlyWhatChangedIsWritten() throws {
        let site = try Site(live: nil)
        defer { site.remove() }
        try site.build()
        try site.build()
        let untouched = site.output.appendingPathComponent("organizations/kunshan-children-reading-club/index.html")
        let before = try #require(Self.inode(untouched))
        let spare = try #require(Self.inode(site.url(Self.staging)), "the old site is kept beside the output")
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n只改了这一篇。\n" }
        let report = try site.rebuildAndCompare("one article")
        #expect(Self.inode(untouched) == before)
        #expect(Self.inode(site.output) == spare, "the spare became the live site")
        #expect(try site.read("output/articles/heart-harbor-profile/index.html").contains("只改了这一篇"))
        let written = report.files - (report.unchangedFiles ?? 0)
        #expect(written < report.files / 4, "\(written) files written for one article's body")
    }

    /// A build that fails after writing into the spare (the downloads are made while the content
    /// loads; a later file has an error) leaves the live site as it was and the spare with a
    /// note of what it changed: the next build brings the same spare back and is right.
    @Test func aFailedBuildKeepsTheSpareForTheNext() throws {
        let site = try Site(live: nil)
        defer { site.remove() }
        try site.build()
        try site.build()
        let live = try snapshot(of: site.output)
        let spare = try #require(Self.inode(site.url(Self.staging)))
        try site.edit("content/articles/alliance-founded-2014.md") { $0 + "\n\n失败前改的一段。\n" }
        let bad = "content/articles/venture-philanthropy-review.md"
        let good = try site.read(bad)
        try site.edit(bad) { $0.replacingOccurrences(of: "\ndate: ", with: "\ndate: 不是日期\nx: ") }
        #expect(throws: ContentErrors.self) { try site.build() }
        #expect(try snapshot(of: site.output) == live, "a failed build changes nothing that is live")
        #expect(Self.inode(site.url(Self.staging)) == spare, "the spare is kept")
        try site.write(bad, good)
        let report = try site.rebuildAndCompare("after a failed build")
        #expect(report.unchangedFiles != nil)
        #expect(Self.inode(site.output) == spare, "the same spare, brought up to date")
    }

    /// A ledger is trusted only when it describes the folder as it is now.
    @Test func aLedgerThatDoesNotDescribeTheFolderIsNotTrusted() throws {
        let site = try Site(live: nil)
        defer { site.remove() }
        try site.build()
        let ledger = site.url(".output.cache/files")
        #expect(FileManager.default.fileExists(atPath: ledger.path))

        // Damaged: a line cut short.
        var text = try String(contentsOf: ledger, encoding: .utf8)
        text.removeLast(10)
        try text.write(to: ledger, atomically: true, encoding: .utf8)
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n第一处。\n" }
        #expect(try site.rebuildAndCompare("damaged ledger").unchangedFiles == nil)

        // The output folder replaced by a copy: same files, another folder.
        let copy = site.url("copy")
        try FileManager.default.copyItem(at: site.output, to: copy)
        try FileManager.default.removeItem(at: site.output)
        try FileManager.default.moveItem(at: copy, to: site.output)
        try site.edit("content/articles/heart-harbor-profile.md") { $0 + "\n\n第二处。\n" }
        #expect(try site.rebuildAndCompare("output replaced").unchangedFiles == nil)

        // A file of the live site deleted by hand is written again, not taken as there.
        #expect(try site.rebuildAndCompare("trusted again").unchangedFiles != nil)
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("about/index.html"))
        try site.rebuildAndCompare("a live file deleted")

        // A file put into a folder of output/ by hand goes with the old site, as it always did:
        // the folder's modification time changed, so nothing is trusted. Two builds: the kept
        // old site must not bring it back either.
        try Data("我的".utf8).write(to: site.output.appendingPathComponent("articles/mine.txt"))
        #expect(try site.rebuildAndCompare("a file added by hand").unchangedFiles == nil)
        #expect(try site.rebuildAndCompare("the build after it").unchangedFiles != nil)
        #expect(try site.rebuildAndCompare("and the next").unchangedFiles != nil)

        // The spare changed by someone (replaced): it is made again, not brought up to date.
        try FileManager.default.removeItem(at: site.url(Self.staging))
        try FileManager.default.createDirectory(at: site.url(Self.staging + "/articles/stale"), withIntermediateDirectories: true)
        try Data("旧的".utf8).write(to: site.url(Self.staging + "/articles/stale/index.html"))
        try Destination.mark(site.url(Self.staging).path)
        try site.rebuildAndCompare("spare replaced")

        // `--clean` trusts nothing.
        var clean = site.options
        clean.clean = true
        #expect(try SiteBuilder.build(clean).unchangedFiles == nil)
        try site.rebuildAndCompare("after --clean")

        // A preview's first build reuses the last build's files as a build does; the preview
        // then writes into the folder itself, so that build deletes the ledger.
        var preview = site.options
        preview.live = LiveOutput()
        #expect(try SiteBuilder.build(preview).unchangedFiles != nil)
        #expect(!FileManager.default.fileExists(atPath: ledger.path))
        #expect(try site.rebuildAndCompare("after a preview").unchangedFiles == nil)
    }
}
