import Content
import Foundation
import Markdown

/// An issue bundle: every selected article as DOCX and TXT, the images it uses, and a
/// manifest an editor opens in Excel.
///
/// Layout: `manifest.csv`, then per article `<slug>/<slug>.docx`, `<slug>/<slug>.txt` and
/// `<slug>/images/…` (the image's path under content/static).
package enum BundleWriter {
    /// The columns of `manifest.csv`.
    package static let manifestColumns = ["标题", "作者", "日期", "栏目", "期号", "字数", "文件"]

    /// A ZIP of the articles as Word and plain text, with their images and a contents file.
    package static func bundle(
        _ articles: [Article], site: SiteContent, staticRoot: URL,
        encoding: TextEncoding = .utf8, crlf: Bool = false, links: TextLinkMode = .print
    ) throws -> Data {
        let newest = articles.map(\.date.epochSeconds).max() ?? 0
        var zip = ZipWriter(date: Date(timeIntervalSince1970: TimeInterval(newest)), timeZone: ZipWriter.timeZone(of: site))
        try zip.add("manifest.csv", manifest(articles, site: site))
        for article in articles {
            let folder = article.slug + "/"
            try zip.add(folder + article.slug + ".docx", ArticleExport.docx(article, site: site, staticRoot: staticRoot), compress: false)
            let text = try ArticleExport.encode(ArticleExport.plainText(article, site: site, links: links), encoding: encoding, crlf: crlf)
            try zip.add(folder + article.slug + ".txt", text)
            for file in images(of: article, site: site, staticRoot: staticRoot) {
                try zip.add(folder + file.path, file.data, compress: file.format == .svg)
            }
        }
        return zip.finish()
    }

    /// Through the project's one CSV writer (``CSV``: a byte-order mark, CRLF rows, formulas
    /// guarded). 字数 is ``ArticleExport/characterCount(_:site:)``: characters, not words.
    package static func manifest(_ articles: [Article], site: SiteContent) -> Data {
        var rows = [manifestColumns]
        for a in articles {
            rows.append([
                a.title, a.author ?? "", a.date.isoDate, a.column ?? "", a.issue.map(String.init) ?? "",
                String(ArticleExport.characterCount(a, site: site)), "\(a.slug)/\(a.slug).docx",
            ])
        }
        return Data(CSV.document(rows).utf8)
    }

    /// The local images an article shows, each once, in order of appearance.
    static func images(of article: Article, site: SiteContent, staticRoot: URL) -> [ImageFile] {
        var urls: [String] = []
        collectImages(article.source.body.blocks, into: &urls)
        var seen = Set<String>()
        return urls.compactMap { ImageFile.load($0, staticRoot: staticRoot, config: site.config) }
            .filter { seen.insert($0.path).inserted }
    }

    private static func collectImages(_ blocks: [Block], into urls: inout [String]) {
        for block in blocks {
            switch block {
            case .heading(_, let inlines), .paragraph(let inlines): collectImages(inlines, into: &urls)
            case .list(_, _, let items): for item in items { collectImages(item, into: &urls) }
            case .quote(let inner): collectImages(inner, into: &urls)
            case .code, .html, .thematicBreak: break
            }
        }
    }

    private static func collectImages(_ inlines: [Inline], into urls: inout [String]) {
        for inline in inlines {
            switch inline {
            case .image(let url, _, _): urls.append(url)
            case .emphasis(let c), .strong(let c), .link(_, _, let c): collectImages(c, into: &urls)
            default: break
            }
        }
    }
}
