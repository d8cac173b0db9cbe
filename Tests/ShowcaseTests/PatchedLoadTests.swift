import Foundation
import Testing

@testable import Content
@testable import Diagnostics

/// A preview's load after a save patches the last load's site (`SiteLoader+Patch`): it must
/// give exactly the site a whole load of the same files gives — every entry in its place and
/// every warning — and fall back to a whole load wherever a patch would not.
@Suite("Patched loads equal whole loads")
struct PatchedLoadTests {
    /// What a load made, as text: each entry with its file, slug, title and body, in the
    /// site's order, and each warning as printed.
    static func describe(_ site: SiteContent) -> [String] {
        func entry(_ source: EntrySource, _ title: String) -> String {
            "\(source.path) \(source.slug) \(title) \(String(decoding: source.body.htmlUTF8, as: UTF8.self))"
        }
        return site.organizations.map { entry($0.source, $0.name) } + site.events.map { entry($0.source, $0.title) }
            + site.articles.map { entry($0.source, $0.title) } + site.projects.map { entry($0.source, $0.title) }
            + site.pages.map { entry($0.source, $0.title) } + site.reports.map { "report \($0.year) \($0.title)" }
            + site.warnings.map { $0.formatted(in: .zh) }
    }

    /// A copy of the sample's `content/`, loaded once with a parse cache that the test's
    /// loads share. The copy settles first, as a site a person edits has (ParseCache keeps no
    /// parse of a file changed within the last tenth of a second).
    static func loadedCopyOfSample(_ name: String) throws -> (root: URL, cache: ParseCache, options: LoadOptions) {
        let root = temporaryFolder(name)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("content"), to: root.appendingPathComponent("content"))
        Thread.sleep(forTimeInterval: 0.2)
        let cache = ParseCache()
        let options = LoadOptions(parseCache: cache)
        _ = try SiteLoader.load(root: root, options: options)
        return (root, cache, options)
    }

    /// A load told which files changed (by the preview's watcher) looks only at those: a file
    /// it was not told of is taken as kept, one it was told of is read again, and a load told
    /// nothing looks at every file.
    @Test func aLoadToldWhichFilesChangedLooksOnlyAtThose() throws {
        let (root, cache, options) = try Self.loadedCopyOfSample("showcase-told")
        defer { try? FileManager.default.removeItem(at: root) }
        let (article, other) = ("content/articles/alliance-founded-2014.md", "content/articles/charity-market-2014.md")
        Thread.sleep(forTimeInterval: 0.15)
        for path in [article, other] {
            let url = root.appendingPathComponent(path)
            try Data((try String(contentsOf: url, encoding: .utf8) + "\n补充。\n").utf8).write(to: url)
        }
        Thread.sleep(forTimeInterval: 0.15) // settled: kept by the load that parses it
        cache.trust(changed: [article])
        _ = try SiteLoader.load(root: root, options: options)
        #expect(cache.lastParsed == [article], "only the file the watcher named")
        #expect(cache.lastLoadWasPatched)
        _ = try SiteLoader.load(root: root, options: options)
        #expect(cache.lastParsed == [other], "told nothing: every file looked at")
    }

    @Test func eachEditGivesWhatAWholeLoadGives() throws {
        let (root, cache, options) = try Self.loadedCopyOfSample("showcase-patch")
        defer { try? FileManager.default.removeItem(at: root) }
        func edit(_ path: String, _ change: (String) -> String) throws {
            // Past ParseCache's "racily clean" tenth of a second, as a person's save is.
            Thread.sleep(forTimeInterval: 0.15)
            let url = root.appendingPathComponent(path)
            try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        }
        let article = "content/articles/alliance-founded-2014.md"
        let edits: [(String, patched: Bool, () throws -> Void)] = [
            ("nothing changed", true, {}),
            ("an article's body, with a missing image", true, { try edit(article) { $0 + "\n![图](/images/none.png)\n" } }),
            ("an article's title", true, { try edit(article) { $0.replacingOccurrences(of: "title: 25家组织", with: "title: 二十五家组织") } }),
            ("the image taken out again", true, { try edit(article) { $0.replacingOccurrences(of: "\n![图](/images/none.png)\n", with: "") } }),
            (
                "an organization's name", true,
                {
                    try edit("content/organizations/kunshan-after-school-care.md") {
                        $0.replacingOccurrences(of: "name: 昆山市快乐童年", with: "name: 昆山快乐童年")
                    }
                }
            ),
            (
                "an event's title and a report", true,
                {
                    try edit("content/events/alliance-founding-2014.md") {
                        $0.replacingOccurrences(of: "title: 昆山市妇女儿童公益联盟成立仪式", with: "title: 联盟成立仪式")
                    }
                    try edit("content/reports/2014.md") { $0 + "\n补充一段。\n" }
                }
            ),
            ("an article's date", false, { try edit(article) { $0.replacingOccurrences(of: "date: 2014-05-21", with: "date: 2014-05-22") } }),
            (
                "an unknown organization", false,
                { try edit(article) { $0.replacingOccurrences(of: "title:", with: "organizations: [no-such-org]\ntitle:") } }
            ),
            (
                "the organization fixed again", false,
                { try edit(article) { $0.replacingOccurrences(of: "organizations: [no-such-org]\n", with: "") } }
            ),
            ("a draft", false, { try edit(article) { $0.replacingOccurrences(of: "title:", with: "draft: true\ntitle:") } }),
            ("no longer a draft", false, { try edit(article) { $0.replacingOccurrences(of: "draft: true\n", with: "") } }),
            (
                "a new file", false,
                {
                    try edit("content/articles/alliance-founded-2014.md") { $0 };
                    try Data("---\ntitle: 新文章\ndate: 2014-06-01\nauthor: 测试\ncolumn: 工作动态\n---\n正文。\n".utf8).write(
                        to: root.appendingPathComponent("content/articles/new-one.md"))
                }
            ),
        ]
        for (what, patched, change) in edits {
            try change()
            let loaded: SiteContent
            do { loaded = try SiteLoader.load(root: root, options: options) } catch let errors as ContentErrors {
                // An error is reported by a whole load: the same errors as without the cache.
                #expect(!patched, "\(what)")
                let whole = #expect(throws: ContentErrors.self) { try SiteLoader.load(root: root) }
                #expect(errors.diagnostics.map { $0.formatted(in: .zh) } == whole?.diagnostics.map { $0.formatted(in: .zh) }, "\(what)")
                continue
            }
            #expect(cache.lastLoadWasPatched == patched, "\(what)")
            #expect(Self.describe(loaded) == Self.describe(try SiteLoader.load(root: root)), "\(what)")
        }
    }
}
