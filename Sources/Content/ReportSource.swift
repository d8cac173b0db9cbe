import Diagnostics
import Foundation
import Markdown
import Support

/// A section of the annual report, named in the front matter of `content/reports/<year>.md`.
package enum ReportSection: String, Sendable, CaseIterable {
    /// The narrative: the Markdown body of the report file.
    case narrative
    case summary, projects, organizations, events, press, appendix

    /// The heading the section prints under.
    package var chinese: String {
        switch self {
        case .narrative: "工作综述"
        case .summary: "主要数据"
        case .projects: "公益项目"
        case .organizations: "组织发展"
        case .events: "活动纪实"
        case .press: "媒体报道摘编"
        case .appendix: "附录：数据表"
        }
    }

    /// Accepts the English key or the Chinese heading.
    init?(text: String) {
        if let s = ReportSection(rawValue: text) { self = s; return }
        guard let s = ReportSection.allCases.first(where: { $0.chinese == text }) else { return nil }
        self = s
    }
}

/// `content/reports/2014.md`: the year's narrative and which sections the report holds. The
/// figures are never written here; the report computes them from the entries.
package struct ReportSource: Sendable {
    /// The file it was read from and its narrative.
    package var source: EntrySource
    /// The year the report is about (the file name).
    package var year: Int
    /// The title on the cover.
    package var title: String
    /// The line under the title, if any.
    package var subtitle: String?
    /// The computed sections to show, in order.
    package var sections: [ReportSection]

    /// A report as read from `content/reports/<year>.md`.
    package init(source: EntrySource, year: Int, title: String, subtitle: String? = nil, sections: [ReportSection]) {
        self.source = source
        self.year = year
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }
}

/// Reads `content/reports/*.md`. A handful of files: read one after another, bodies kept whole
/// (the Word report needs their syntax tree).
struct ReportReader {
    let walker: ContentWalker
    let markdown: MarkdownOptions

    func read(into site: inout SiteContent, sink: inout DiagnosticSink) {
        var options = markdown
        options.keepTree = true
        for (path, _) in walker.markdownFiles(in: "reports", into: &sink) {
            let location = SourceLocation(file: path)
            // Read as every other content file is: a regular file only, with the system's reason
            // when it cannot be read.
            guard case .text(let text) = SiteLoader.readText(path, root: walker.root, into: &sink) else { continue }
            let stem = SiteLoader.fileStem(path)
            guard let year = Int(stem), (1990...2100).contains(year), stem.count == 4 else {
                sink.error(.reportFileName(stem), at: location)
                continue
            }
            let source = SourceText(path: path, text: text)
            guard let split = source.split(into: &sink),
                let fields = source.fields(yaml: split.yaml, firstLine: split.yamlFirstLine, into: &sink)
            else { continue }
            let title = fields.string("title", required: true)
            let subtitle = fields.string("subtitle")
            var sections: [ReportSection] = []
            for (i, name) in fields.strings("sections", required: true).enumerated() {
                guard let section = ReportSection(text: name) else {
                    let known = ReportSection.allCases.map(\.rawValue) + ReportSection.allCases.map(\.chinese)
                    fields.errorAt(
                        fields.location(key: "sections", item: i),
                        .unknownReportSection(name, suggestion: closestMatch(to: name, in: known)))
                    continue
                }
                if !sections.contains(section) { sections.append(section) }
            }
            fields.reportUnknownKeys()
            sink.append(contentsOf: fields.diagnostics)
            let body = MarkdownDocument(parsing: Escape.stripControls(split.body), options: options)
            if let title {
                site.reports.append(
                    ReportSource(
                        source: EntrySource(path: path, slug: stem, body: body, bodyLine: split.bodyFirstLine),
                        year: year, title: title, subtitle: subtitle, sections: sections))
            }
        }
        site.reports.sort { $0.year < $1.year }
    }
}
