import Content
import Foundation
import Markdown
import Stats
import Support

/// The report as HTML: the body for the site page (`/reports/2014/`), and a whole print-ready
/// document (A4 style, page numbers, images inlined) that Chromium prints to PDF. Every text
/// from the content is escaped here; only the narrative comes as HTML, rendered by the same
/// Markdown module (and under the same raw-HTML rule) as every page of the site.
package struct ReportHTML: Sendable {
    /// `src` of an image written in the content as `/images/x.svg`; nil leaves the image out.
    package var imageSource: @Sendable (String) -> String?

    /// A writer that asks `imageSource` for each image's `src` (nil leaves the image out).
    package init(imageSource: @escaping @Sendable (String) -> String?) {
        self.imageSource = imageSource
    }

    private func e(_ s: String) -> String { Escape.xml(s) }

    /// Cover, table of contents and sections, for the site's layout to wrap.
    package func body(_ report: AnnualReport, narrowCharts: Bool = true) -> String {
        var s = "<article class=\"report\">\n<section class=\"report-cover\">\n"
        s += "<p class=\"report-publisher\">\(e(report.publisher))</p>\n<h1>\(e(report.title))</h1>\n"
        if let subtitle = report.subtitle { s += "<p class=\"report-subtitle\">\(e(subtitle))</p>\n" }
        s += "<p class=\"report-year\">\(report.year)年</p>\n</section>\n"
        s += "<nav class=\"report-toc\" aria-label=\"目录\">\n<h2>目录</h2>\n<ol>\n"
        for part in report.parts { s += "<li><a href=\"#\(part.anchor)\">\(e(part.title))</a></li>\n" }
        s += "</ol>\n</nav>\n"
        for part in report.parts {
            s += "<section class=\"report-section\" id=\"\(part.anchor)\">\n<h2>\(e(part.title))</h2>\n"
            for block in part.blocks { s += self.block(block, narrowCharts: narrowCharts) }
            s += "</section>\n"
        }
        return s + "</article>\n"
    }

    private func block(_ block: ReportBlock, narrowCharts: Bool) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(e(text))</p>\n"
        case .subheading(let text):
            return "<h3>\(e(text))</h3>\n"
        case .headlines(let items):
            var s = "<dl class=\"report-figures\">\n"
            for h in items {
                s += "<div><dt>\(e(h.label))</dt><dd class=\"value\">\(e(h.value))</dd>"
                if let change = h.change { s += "<dd class=\"change\">（\(e(change.text))）</dd>" }
                if let note = h.note { s += "<dd class=\"note\">\(e(note))</dd>" }
                s += "</div>\n"
            }
            return s + "</dl>\n"
        case .table(let t):
            return table(t)
        case .chart(let chart, let caption):
            // The SVG is the statistics module's own output, its texts escaped there.
            return "<figure class=\"report-chart\">\(chart.wide)\(narrowCharts ? chart.narrow : "")<figcaption>\(e(caption))</figcaption></figure>\n"
        case .markdown(let document):
            return "<div class=\"report-narrative\">\n\(document.html)</div>\n"
        case .event(let title, let meta, let image):
            var s = "<div class=\"report-event\">\n<h3>\(e(title))</h3>\n<p class=\"report-meta\">\(e(meta))</p>\n"
            if let image, let src = imageSource(image) {
                s += "<figure><img src=\"\(e(src))\" alt=\"\(e(title))\"></figure>\n"
            }
            return s + "</div>\n"
        case .pressItem(let title, let meta, let summary):
            return "<div class=\"report-press\">\n<h3>\(e(title))</h3>\n<p class=\"report-meta\">\(e(meta))</p>\n<p>\(e(summary))</p>\n</div>\n"
        }
    }

    private func table(_ t: ReportTable) -> String {
        func cell(_ tag: String, _ text: String, _ i: Int) -> String {
            "<\(tag)\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(e(text))</\(tag)>"
        }
        var s = "<table class=\"report-table\">\n<caption>\(e(t.title))</caption>\n<thead><tr>"
        s += t.columns.enumerated().map { cell("th", $1, $0) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in t.rows { s += "<tr>" + row.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>\n" }
        s += "</tbody>\n"
        if let totals = t.totals { s += "<tfoot><tr>" + totals.enumerated().map { cell("td", $1, $0) }.joined() + "</tr></tfoot>\n" }
        return s + "</table>\n"
    }

    /// A whole document for print: the style inlined, one chart variant, page numbers in the footer.
    package func document(_ report: AnnualReport, language: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(e(language))">
        <head>
        <meta charset="utf-8">
        <title>\(e(report.title))</title>
        <style>
        \(Self.printCSS)
        </style>
        </head>
        <body>
        \(body(report, narrowCharts: false))</body>
        </html>

        """
    }

    /// A4 pages numbered at the foot (Chromium prints `@page` margin boxes); the cover alone on
    /// its page, each section from a new page, tables and figures kept whole where they fit.
    package static let printCSS = """
        @page { size: A4; margin: 22mm 22mm 24mm;
          @bottom-center { content: "— " counter(page) " —"; font-size: 9pt; color: #555; } }
        @page :first { @bottom-center { content: none; } }
        html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; font-size: 11pt;
          line-height: 1.7; color: #000; background: #fff; }
        body { margin: 0 auto; max-width: 170mm; }
        h1, h2, h3, dt, caption, .report-toc { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Heiti SC", "SimHei", sans-serif; }
        h2, h3 { break-after: avoid; page-break-after: avoid; }
        .report-cover { text-align: center; padding-top: 70mm; break-after: page; page-break-after: always; }
        .report-cover h1 { font-size: 24pt; margin: .6em 0; }
        .report-publisher, .report-year { font-size: 14pt; }
        .report-subtitle { color: #444; }
        .report-toc { break-after: page; page-break-after: always; }
        .report-toc ol { list-style: none; padding: 0; font-size: 13pt; line-height: 2.2; }
        .report-toc a { color: inherit; text-decoration: none; }
        .report-section { break-before: page; page-break-before: always; }
        .report-section h2 { font-size: 16pt; }
        p { margin: 0 0 .5em; text-align: justify; }
        .report-narrative p { text-indent: 2em; }
        .report-figures { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
        .report-figures div { border: 1px solid #999; padding: 2mm 3mm; break-inside: avoid; }
        .report-figures dt { font-size: 9.5pt; color: #333; }
        .report-figures dd { margin: 0; }
        .report-figures .value { font-size: 16pt; font-weight: bold; }
        .report-figures .change, .report-figures .note, .report-meta { font-size: 9pt; color: #444; }
        table { width: 100%; border-collapse: collapse; margin: 3mm 0 5mm; font-size: 9.5pt; }
        caption { font-weight: bold; text-align: left; margin-bottom: 1mm; }
        th, td { border: 1px solid #888; padding: 1mm 2mm; vertical-align: top; }
        th { background: #eee; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .num { text-align: right; white-space: nowrap; }
        tfoot td { font-weight: bold; }
        figure { margin: 3mm 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
        figure svg, figure img { max-width: 100%; height: auto; max-height: 90mm; }
        figcaption { font-size: 9pt; color: #444; }
        .chart-narrow { display: none; }
        .report-event, .report-press { break-inside: avoid; page-break-inside: avoid; margin-bottom: 4mm; }
        .report-event h3, .report-press h3 { font-size: 11.5pt; margin: 0 0 1mm; }
        """
}
