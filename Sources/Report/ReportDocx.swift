import Content
import Export
import Foundation
import Markdown

/// The report as Word: cover, contents field, then each part under a `Heading1`, subsections
/// under `Heading2`, so Word's navigation pane and table of contents follow the report.
enum ReportDocx {
    static func data(_ report: AnnualReport, site: SiteContent, staticRoot: URL) throws -> Data {
        var doc = DocxDocument(site: site, staticRoot: staticRoot, path: "reports/\(report.year)/")
        doc.space(lines: 8)
        doc.paragraph(report.publisher, style: "ArticleMeta")
        doc.paragraph(report.title, style: "Title")
        if let subtitle = report.subtitle { doc.paragraph(subtitle, style: "ArticleMeta") }
        doc.paragraph("\(report.year)年", style: "ArticleMeta")
        doc.pageBreak()
        doc.tableOfContents(title: "目录", entries: report.parts.map(\.title))
        for part in report.parts {
            doc.pageBreak()
            doc.heading(part.title, level: 1)
            for block in part.blocks {
                switch block {
                case .paragraph(let text):
                    doc.paragraph(text)
                case .subheading(let text):
                    doc.heading(text, level: 2)
                case .headlines(let items):
                    doc.table(
                        columns: ["指标", "\(report.year)年", "与上年相比", "说明"],
                        rows: items.map { [$0.label, $0.value, $0.change?.text ?? "", $0.note ?? ""] },
                        totals: nil, numeric: [1])
                case .table(let t):
                    doc.paragraph(t.title, style: "Caption")
                    doc.table(columns: t.columns, rows: t.rows, totals: t.totals, numeric: t.numeric)
                case .chart:
                    // Word takes no SVG without a raster copy; the same figures are in the tables.
                    break
                case .markdown(let document):
                    doc.markdown(document.blocks)
                case .event(let title, let meta, let image):
                    doc.heading(title, level: 3)
                    doc.paragraph(meta, style: "ArticleMeta", align: "left")
                    // The photo as the article export embeds one (PNG, JPEG, GIF); an SVG, which
                    // Word cannot take alone, is left out rather than shown as a placeholder.
                    if let image, !image.lowercased().hasSuffix(".svg") {
                        doc.markdown([.paragraph([.image(url: image, title: "", alt: title)])])
                    }
                case .pressItem(let title, let meta, let summary):
                    doc.heading(title, level: 3)
                    doc.paragraph(meta, style: "ArticleMeta", align: "left")
                    doc.paragraph(summary)
                }
            }
        }
        return try doc.data(title: report.title, subject: "\(report.year)年度工作报告", date: yearEnd(report.year, site: site))
    }

    /// 31 December of the report's year: the document's date, so the same content gives the same file.
    static func yearEnd(_ year: Int, site: SiteContent) -> ContentDate {
        let zone = TimeZone(identifier: site.config.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!
        if case .success(let d) = DateParser(timeZone: zone).parse("\(year)-12-31") { return d }
        return DateParser(timeZone: zone).date(at: Date(timeIntervalSince1970: 0))
    }
}
