import Content
import Destination
import Foundation

/// The formats `showcase export` writes.
package enum ExportFormat: String, Sendable, CaseIterable {
    case docx, txt, html, bundle
}

/// One run of `showcase export`: select, render, write. The CLI only parses arguments into this.
package struct ExportJob: Sendable {
    /// Which articles.
    package var selection: ArticleSelection
    /// Word, plain text, print HTML or a bundle.
    package var format: ExportFormat
    /// The plain text's encoding.
    package var encoding: TextEncoding
    /// CRLF line ends in plain text.
    package var crlf: Bool
    /// Plain text (alone or in a bundle): for print (no URLs) unless asked for links.
    package var links: TextLinkMode
    /// Where the files go.
    package var outputFolder: URL
    /// Write into a folder that holds files Showcase did not write (`--force`); files of the
    /// same name are overwritten, nothing else is touched.
    package var force = false

    /// An export of `selection` as `format` into `outputFolder`.
    package init(
        selection: ArticleSelection, format: ExportFormat, encoding: TextEncoding = .utf8, crlf: Bool = false,
        links: TextLinkMode = .print, outputFolder: URL
    ) {
        self.selection = selection
        self.format = format
        self.encoding = encoding
        self.crlf = crlf
        self.links = links
        self.outputFolder = outputFolder
    }

    /// Writes the files and returns them in the order written. `siteRoot` is the site folder;
    /// images come from its `content/static`.
    package func run(site: SiteContent, siteRoot: URL) throws -> [URL] {
        let articles = try selection.select(from: site)
        let staticRoot = siteRoot.appendingPathComponent("content/static")
        try Destination.prepareForExport(outputFolder, force: force)
        var written: [URL] = []
        func write(_ data: Data, _ name: String) throws {
            let url = outputFolder.appendingPathComponent(name)
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw FolderError(foundation: error, path: url.path, operation: .writeFile)
            }
            written.append(url)
        }
        switch format {
        case .bundle:
            let data = try BundleWriter.bundle(articles, site: site, staticRoot: staticRoot, encoding: encoding, crlf: crlf, links: links)
            try write(data, selection.bundleName(site: site) + ".zip")
        case .docx:
            for a in articles { try write(ArticleExport.docx(a, site: site, staticRoot: staticRoot), a.slug + ".docx") }
        case .txt:
            for a in articles {
                let data = try ArticleExport.encode(ArticleExport.plainText(a, site: site, links: links), encoding: encoding, crlf: crlf)
                try write(data, a.slug + encoding.fileSuffix + ".txt")
            }
        case .html:
            for a in articles { try write(Data(ArticleExport.printHTML(a, site: site, staticRoot: staticRoot).utf8), a.slug + ".html") }
        }
        return written
    }
}
