import Content
import Report
import Templates

/// `/reports/2014/`: the annual report on the site, the same body the `report` command prints,
/// its print style applied only when the page is printed.
enum ReportPage {
    static func context(_ source: ReportSource, site: SiteContent, urls: SiteURLs) -> (String, String?, TemplateFields) {
        let report = AnnualReport.make(site, year: source.year)
        let html = ReportHTML { url in
            guard case .inside(let path) = LocalPath.resolve(url) else { return nil }
            return urls.staticFile(path)
        }
        let description = "\(report.publisher)\(report.year)年度工作报告：主要数据、公益项目、组织发展、活动与媒体报道。"
        return (
            report.title, description,
            [
                "title": .string(report.title),
                "reportBody": .string(html.body(report)),
                "printStyle": .string("@media print {\n\(ReportHTML.printCSS)\n}"),
            ]
        )
    }
}
