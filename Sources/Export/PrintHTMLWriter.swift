import Content
import Foundation
import Markdown
import Support

/// One self-contained HTML page per article for printing: CSS inlined, images as `data:` URIs,
/// every piece of author text escaped (raw HTML in the Markdown is dropped, whatever the site allows).
struct PrintHTMLWriter {
    let links: LinkResolver
    let staticRoot: URL
    let site: SiteContent

    private func e(_ s: String) -> String { Escape.xml(s) }

    func document(_ article: Article) -> String {
        var meta: [String] = []
        if let author = article.author, !author.isEmpty { meta.append("作者：" + author) }
        meta.append(article.date.chinese)
        if let column = ArticleMeta.columnLine(article) { meta.append("栏目：" + column) }
        var s = """
            <!DOCTYPE html>
            <html lang="\(e(site.config.language))">
            <head>
            <meta charset="utf-8">
            <title>\(e(article.title))</title>
            """
        if let author = article.author { s += "\n<meta name=\"author\" content=\"\(e(author))\">" }
        s += """

            <meta name="date" content="\(article.date.isoDate)">
            <style>
            \(PrintStyle.css)
            </style>
            </head>
            <body>
            <article>
            <header>
            <h1>\(e(article.title))</h1>
            <p class="meta">\(e(meta.joined(separator: "　　")))</p>
            </header>

            """
        s += blocks(article.source.body.blocks)
        s += """
            <footer><p>原文：\(e(links.pageURL))　\(e(site.config.federation.name))</p></footer>
            </article>
            </body>
            </html>

            """
        return s
    }

    func blocks(_ blocks: [Block]) -> String {
        blocks.map(block).joined()
    }

    private func block(_ block: Block) -> String {
        switch block {
        case .heading(let level, let inlines):
            // h1 is the article's title; authors start their sections at `##`, as on the site.
            let h = min(max(level, 2), 6)
            return "<h\(h)>\(inline(inlines))</h\(h)>\n"
        case .paragraph(let inlines):
            return paragraph(inlines)
        case .list(let ordered, let start, let items):
            let tag = ordered ? "ol" : "ul"
            let startAttribute = ordered && start != 1 ? " start=\"\(start)\"" : ""
            let body = items.map { item -> String in
                // A tight item (one paragraph) is written without <p>, as browsers expect.
                if item.count == 1, case .paragraph(let inlines) = item[0] { return "<li>\(inline(inlines))</li>\n" }
                return "<li>\(blocks(item))</li>\n"
            }.joined()
            return "<\(tag)\(startAttribute)>\n\(body)</\(tag)>\n"
        case .quote(let inner):
            return "<blockquote>\n\(blocks(inner))</blockquote>\n"
        case .code(let language, let text):
            let cls = language.isEmpty ? "" : " class=\"language-\(e(language.split(separator: " ").first.map(String.init) ?? ""))\""
            return "<pre><code\(cls)>\(e(text.trimmingTrailingNewlines()))</code></pre>\n"
        case .thematicBreak:
            return "<p class=\"break\">\(ArticleMeta.sectionBreak)</p>\n"
        case .html:
            return ""
        }
    }

    /// A paragraph made only of images becomes a figure with the alt text as caption.
    private func paragraph(_ inlines: [Inline]) -> String {
        let resolved = SoftBreaks.resolve(inlines)
        let images = resolved.compactMap { inline -> String? in
            if case .image(_, _, let alt) = inline { return alt }
            return nil
        }
        let onlyImages =
            !images.isEmpty
            && resolved.allSatisfy { inline in
                switch inline {
                case .image, .softBreak, .lineBreak: return true
                case .text(let s): return s.allSatisfy(\.isWhitespace)
                default: return false
                }
            }
        if onlyImages {
            let caption = images.filter { !$0.isEmpty }.joined(separator: "　")
            return "<figure>\(inline(resolved))" + (caption.isEmpty ? "" : "<figcaption>\(e(caption))</figcaption>") + "</figure>\n"
        }
        let text = inline(resolved)
        return text.isEmpty ? "" : "<p>\(text)</p>\n"
    }

    func inline(_ inlines: [Inline]) -> String {
        SoftBreaks.resolve(inlines).map(inline).joined()
    }

    private func inline(_ item: Inline) -> String {
        switch item {
        case .text(let s): return e(s)
        case .code(let s): return "<code>\(e(s))</code>"
        case .emphasis(let c): return "<em>\(inline(c))</em>"
        case .strong(let c): return "<strong>\(inline(c))</strong>"
        case .link(let url, let title, let c):
            let text = inline(c)
            guard let target = links.absolute(url) else { return text }
            // Print the URL after the text, unless the text already is the URL.
            let showURL = links.display(url) != c.plainText && !target.lowercased().hasPrefix("mailto:")
            let titleAttribute = title.isEmpty ? "" : " title=\"\(e(title))\""
            return "<a href=\"\(e(target))\"\(titleAttribute)\(showURL ? " class=\"url\"" : "")>\(text)</a>"
        case .image(let url, let title, let alt):
            guard let file = ImageFile.load(url, staticRoot: staticRoot, config: site.config) else {
                return e(alt.isEmpty ? "（图）" : "（图：\(alt)）")
            }
            let titleAttribute = title.isEmpty ? "" : " title=\"\(e(title))\""
            return "<img src=\"data:\(file.format.mimeType);base64,\(file.data.base64EncodedString())\" alt=\"\(e(alt))\"\(titleAttribute)>"
        case .lineBreak: return "<br>\n"
        case .softBreak, .html: return ""
        }
    }
}
