import Content
import Diagnostics
import Foundation
import Stats
import Templates

/// What `showcase check` reports: every problem a build would report, found the same way, with
/// nothing rendered or written. The content is loaded, the templates compiled, the pages
/// planned (two entries on one URL are an error) and the links of every body checked against
/// the planned pages, as ``SiteBuilder/build(_:)`` does.
package enum SiteCheck {
    /// What a check found when the site would build.
    package struct Result: Sendable {
        /// The loaded content.
        package var site: SiteContent
        /// The load's warnings and the links to missing pages, sorted.
        package var warnings: [Diagnostic]
    }

    /// Throws ``ContentErrors`` with every error (and warning) when the site would not build.
    package static func run(root: URL, includeDrafts: Bool = false) throws -> Result {
        let root = root.standardizedFileURL
        var problems: [Diagnostic] = []
        var site: SiteContent?
        do {
            site = try SiteLoader.load(root: root, options: LoadOptions(includeDrafts: includeDrafts, keepSyntaxTrees: false))
        } catch let errors as ContentErrors {
            problems += errors.diagnostics
        }
        // Template problems are reported with the content's, not after they are fixed.
        do {
            _ = try TemplateSet.load(folder: root.appendingPathComponent("templates"), required: PagePlanner.requiredTemplates)
        } catch let errors as ContentErrors {
            problems += errors.diagnostics
        }
        guard let site, !problems.contains(where: { $0.severity == .error }) else {
            throw ContentErrors(problems + (site?.warnings ?? []))
        }
        // The Traditional edition's folder taken by a page, or OpenCC missing: as the build finds it.
        _ = try SiteBuilder.traditionalConverter(site)
        let urls = SiteURLs(config: site.config)
        let pages = PagePlanner(site: site, index: SiteIndex(site), urls: urls).plan(statisticsThemes: Statistics.themes)
        try SiteBuilder.checkUniqueURLs(pages, site: site)
        // A static file where the build writes a page, a feed or a download: found as the build
        // finds it (with downloads, as the default build makes them), and static files that
        // cannot be read, which the build finds when it copies them.
        let statics = SiteBuilder.staticFiles(root: root, site: site)
        var clashes = StaticClashes(statics.map { ($0.output, $0.source) })
        clashes.checkGenerated(site: site, pages: pages, urls: urls, statistics: StatisticsComputer.compute(site), downloads: true)
        if !clashes.problems.isEmpty { throw ContentErrors(clashes.problems) }
        var unreadable: [Diagnostic] = []
        for file in statics where access(root.appendingPathComponent(file.source).path, R_OK) != 0 {
            unreadable.append(Diagnostic(.error, .unreadable(errno: errno), at: SourceLocation(file: file.source)))
        }
        if !unreadable.isEmpty { throw ContentErrors(unreadable) }
        let links = SiteBuilder.linkWarnings(site: site, pages: pages, urls: urls, root: root)
        return Result(site: site, warnings: (site.warnings + links).sorted())
    }
}
