import Foundation
import Testing

@testable import Content
@testable import Site

/// The valid fixture sites on disk, beside the invalid corpus: `Fixtures/sites/minimal` (one
/// organization: the least a site needs) and `Fixtures/sites/full` (every page kind, cross
/// references, a draft; the `fullSite` of many suites). Each is built into a temporary folder
/// with the default theme; a few representative pages of `full` are pinned by snapshots.
@Suite("Fixture sites: minimal and full build; pages pinned by snapshots", .serialized)
struct FixtureSiteTests {
    static func site(_ name: String) throws -> TestSite {
        // The fixture's own site.yaml and choices.yaml, not TestSite's defaults.
        try TestSite(fixtureSiteFiles(name), siteYAML: nil, choicesYAML: nil)
    }

    @Test func minimalSiteBuilds() throws {
        let site = try Self.site("minimal")
        defer { site.remove() }
        let report = try site.build()
        #expect(report.warnings.isEmpty, "\(report.warnings.map { $0.formatted(in: .en) })")
        #expect(try site.read("organizations/family-center/index.html").contains("示例家庭服务中心"))
        #expect(try site.read("index.html").contains("测试站点"))
        for path in ["feed.xml", "sitemap.xml", "404.html", "statistics/index.html"] {
            #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent(path).path), "\(path)")
        }
    }

    /// The pages a theme change is most likely to touch, one of each main kind, byte for byte.
    static let pinned = [
        "index.html", "organizations/family-center/index.html", "events/market-2014/index.html",
        "articles/first/index.html", "projects/help/index.html", "tags/index.html",
    ]

    @Test func fullSiteBuildsAndMatchesItsSnapshots() throws {
        let site = try Self.site("full")
        defer { site.remove() }
        let report = try site.build()
        #expect(report.warnings.isEmpty, "\(report.warnings.map { $0.formatted(in: .en) })")
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("articles/draft").path), "drafts stay out")
        for page in Self.pinned {
            try Snapshots.expect(site.read(page), matches: "full/\(page)")
        }
    }

    /// A snapshot that differs is reported, with the line: the check can fail.
    @Test func aChangedPageIsCaught() {
        #expect(Snapshots.firstDifferentLine("a\nb\nc", "a\nB\nc").hasPrefix("2:"))
        #expect(Snapshots.firstDifferentLine("a\nb", "a\nb\nc").hasPrefix("3:"))
        #expect(Snapshots.firstDifferentLine("a", "a") == "(none)")
    }
}
