import Content
import Foundation
import Markdown
import Support

/// Articles in the forms newspaper layout desks take: Word, plain text, print HTML, bundles.
///
/// Every format is built from the Markdown syntax tree (`article.source.body`: Word and plain
/// text from its ``FlatTree``, print HTML from its blocks), never from the rendered HTML. The site build calls these for every article; `ExportJob` runs them
/// for the `showcase export` command.
package enum ArticleExport {
    /// Word document for one article; images referenced as root-relative paths (`/images/x.png`)
    /// are read from `staticRoot` (content/static) and embedded; a missing image becomes its alt text.
    package static func docx(_ article: Article, site: SiteContent, staticRoot: URL) throws -> Data {
        try DocxPackage.build(article, config: site.config, staticRoot: staticRoot)
    }

    /// The same, from the settings alone: all a Word file needs of the site, so that a build can
    /// make it while the rest of the site is still loading.
    package static func docx(_ article: Article, config: SiteConfig, staticRoot: URL) throws -> Data {
        try DocxPackage.build(article, config: config, staticRoot: staticRoot)
    }

    /// Plain text as a layout desk pastes it (UTF-8 `String`; encoding and CRLF are applied by
    /// ``encode(_:encoding:crlf:)``). Links show their text alone unless `links` is `.withURLs`.
    package static func plainText(_ article: Article, site: SiteContent, links: TextLinkMode = .print) -> String {
        plainText(article, config: site.config, links: links)
    }

    /// The same, from the settings alone (see ``docx(_:config:staticRoot:)``).
    package static func plainText(_ article: Article, config: SiteConfig, links: TextLinkMode = .print) -> String {
        PlainTextWriter(links: LinkResolver(config: config, article: article), mode: links).document(article, tree: article.flatBody).string
    }

    /// The plain-text download of a build: ``plainText(_:config:links:)`` as
    /// ``encode(_:encoding:crlf:)`` makes it UTF-8 with line feeds, from the writer's bytes
    /// without a string between (only a carriage return, which is rare, takes the string's way).
    package static func plainTextFile(_ article: Article, config: SiteConfig) -> Data {
        let text = PlainTextWriter(links: LinkResolver(config: config, article: article)).document(article, tree: article.flatBody)
        return text.withUnsafeBytes { bytes in
            let hasCR = bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false
            return hasCR ? Data(String(decoding: bytes, as: UTF8.self).normalizingLineEndings().utf8) : Data(bytes)
        }
    }

    /// The body alone as plain text, without the header lines.
    package static func plainBody(_ article: Article, site: SiteContent, links: TextLinkMode = .print) -> String {
        PlainTextWriter(links: LinkResolver(site: site, article: article), mode: links).body(article.flatBody)
    }

    /// Characters of the body as a reader counts them (Chinese characters, not words; no
    /// whitespace, no header): the 字数 an editor plans a page with. It is the article page's
    /// count (``Summary/characterCount(_:)-(MarkdownDocument)``), so the manifest and the page
    /// never give an editor two numbers for one article.
    package static func characterCount(_ article: Article, site: SiteContent) -> Int {
        Summary.characterCount(article.source.body)
    }

    /// One self-contained HTML file for printing on A4: CSS inlined, images as `data:` URIs.
    package static func printHTML(_ article: Article, site: SiteContent, staticRoot: URL) -> String {
        PrintHTMLWriter(links: LinkResolver(site: site, article: article), staticRoot: staticRoot, site: site).document(article)
    }
}

extension Article {
    /// The body's syntax tree as the Word and text writers read it: flat as a build's parse
    /// made it, or the kept blocks (an export's, a preview's) flattened.
    var flatBody: FlatTree {
        source.body.flatTree ?? FlatTree(source.body.blocks)
    }
}
