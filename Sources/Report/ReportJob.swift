import Content
import Destination
import Foundation

/// The formats `showcase report` writes.
package enum ReportFormat: String, Sendable, CaseIterable {
    case html, docx, pdf
}

/// One run of `showcase report`: assemble the year's report, write it in one format into a
/// folder claimed under the export rules (never overwriting files Showcase did not write).
package struct ReportJob: Sendable {
    /// The year reported on.
    package var year: Int
    /// HTML, Word or PDF.
    package var format: ReportFormat
    /// Where the file goes.
    package var outputFolder: URL
    /// Write into a folder Showcase did not make (`--force`).
    package var force = false
    /// Where to find Chromium for the PDF; the default looks on PATH (tests pass their own).
    package var chromium: @Sendable () -> String? = { ReportPDF.findChromium() }

    /// The report of `year` as `format`, written into `outputFolder`.
    package init(year: Int, format: ReportFormat, outputFolder: URL) {
        self.year = year
        self.format = format
        self.outputFolder = outputFolder
    }

    /// The file the job writes: `report-2014.html`.
    package var fileName: String { "report-\(year).\(format.rawValue)" }

    /// Writes the report and returns the file written.
    package func run(site: SiteContent, siteRoot: URL) throws -> URL {
        guard (1990...2100).contains(year) else { throw ReportError("--year", .yearOutOfRange(year)) }
        let target = outputFolder.appendingPathComponent(fileName)
        // Chromium is looked for first: a missing one leaves no new folder behind.
        var chromiumPath: String?
        if format == .pdf {
            guard let found = chromium() else { throw ReportError(target.path, .chromiumMissing(tried: ReportPDF.candidates)) }
            chromiumPath = found
        }
        let report = AnnualReport.make(site, year: year)
        let staticRoot = siteRoot.appendingPathComponent("content/static")
        try Destination.prepareForExport(outputFolder, force: force)
        func write(_ data: Data) throws {
            do { try data.write(to: target, options: .atomic) } catch {
                throw FolderError(foundation: error, path: target.path, operation: .writeFile)
            }
        }
        switch format {
        case .html:
            try write(Data(Self.printHTML(report, site: site, staticRoot: staticRoot).utf8))
        case .docx:
            try write(ReportDocx.data(report, site: site, staticRoot: staticRoot))
        case .pdf:
            try ReportPDF.print(html: Self.printHTML(report, site: site, staticRoot: staticRoot), to: target, chromium: chromiumPath!)
        }
        return target
    }

    /// The standalone print page: images from `content/static` inlined as `data:` URIs, so the
    /// file can be mailed or printed on its own.
    static func printHTML(_ report: AnnualReport, site: SiteContent, staticRoot: URL) -> String {
        let root = staticRoot
        let writer = ReportHTML { url in
            guard case .inside(let path) = LocalPath.resolve(url),
                let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
            else { return nil }
            let type =
                switch (path as NSString).pathExtension.lowercased() {
                case "svg": "image/svg+xml"
                case "png": "image/png"
                case "jpg", "jpeg": "image/jpeg"
                case "gif": "image/gif"
                default: ""
                }
            return type.isEmpty ? nil : "data:\(type);base64,\(data.base64EncodedString())"
        }
        return writer.document(report, language: site.config.language)
    }
}
