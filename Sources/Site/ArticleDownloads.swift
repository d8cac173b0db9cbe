import Content
import Export
import Foundation
import Support
import Synchronization

/// Every article's Word and plain-text downloads: linked from the download cache when the
/// article and what it is made with are unchanged, made and kept for the next build otherwise.
///
/// A build hands each article over while the content loads (``LoadOptions/eachArticle``): the
/// downloads are made on the thread that has just parsed the article, while its syntax tree is
/// fresh in the processor's cache, and the tree is let go at once. Walking 10,000 kept trees
/// in a phase of their own afterwards cost more (cold memory on every node) and held about
/// 170 MB until then (BENCHMARKS.md, seventh session). A preview's rebuild keeps its trees and
/// makes the downloads last, after the pages the browser reloads (``makeAll(_:)``).
final class ArticleDownloads: Sendable {
    private let folder: OutputFolder
    private let cache: DownloadCache?
    private let staticRoot: URL
    private let progress: BuildProgress?
    private let made = Mutex(Made())

    /// What the articles handed over so far came to.
    private struct Made {
        var files = 0
        var bytes = 0
        var reused = 0
        var kept: [String: DownloadCache.Sizes] = [:]
        var errors: [Error] = []
    }

    init(folder: OutputFolder, cache: DownloadCache?, options: BuildOptions) {
        self.folder = folder
        self.cache = cache
        staticRoot = options.root.appendingPathComponent("content/static")
        progress = options.progress
    }

    /// One article's pair; a failure is kept and rethrown by ``finish()``, so that the load
    /// handing articles over still reports every problem of the content.
    func make(_ article: Article, config: SiteConfig) {
        do {
            let (bytes, reusedKey, keptKey) = try write(article, config: config)
            made.withLock {
                $0.files += 2
                $0.bytes += bytes.total
                if let reusedKey {
                    $0.reused += 1
                    $0.kept[reusedKey] = bytes.sizes
                } else if let keptKey {
                    $0.kept[keptKey] = bytes.sizes
                }
            }
        } catch {
            made.withLock { $0.errors.append(error) }
        }
        progress?.advance()
    }

    /// Every article of a loaded site, on all cores (a preview's rebuild).
    func makeAll(_ site: SiteContent) {
        progress?.expect(site.articles.count)
        let articles = site.articles, config = site.config
        Parallel.forEach(articles.count) { i in self.make(articles[i], config: config) }
    }

    /// The tally, how many articles were reused, and the pairs the cache is to keep; throws
    /// the first failure.
    func finish() throws -> (Tally, reused: Int, kept: [String: DownloadCache.Sizes]) {
        let made = made.withLock { $0 }
        if let first = made.errors.first { throw first }
        return (Tally(files: made.files, bytes: made.bytes), made.reused, made.kept)
    }

    /// Links or makes the pair; returns their sizes, and the key the pair was reused under or
    /// is now kept under.
    private func write(
        _ a: Article, config: SiteConfig
    ) throws
        -> (bytes: (sizes: DownloadCache.Sizes, total: Int), reused: String?, kept: String?)
    {
        let docxPath = "articles/\(a.slug)/\(a.slug).docx"
        let txtPath = "articles/\(a.slug)/\(a.slug).txt"
        let key = cache?.key(for: a)
        // The live site holds this pair already, as links of the cache's files: nothing to look
        // at (two `stat`s an article, a tenth of a second of an edit build at 10,000).
        if let cache, let key, let listed = cache.listed(key), folder.keepLink(listed.docx, at: docxPath),
            folder.keepLink(listed.txt, at: txtPath)
        {
            return ((listed.sizes, listed.sizes.docx + listed.sizes.txt), key, nil)
        }
        if let cache, let key, let cached = cache.files(for: key) {
            try folder.link(cached.docx, to: docxPath)
            try folder.link(cached.txt, to: txtPath)
            return ((cached.sizes, cached.sizes.docx + cached.sizes.txt), key, nil)
        }
        let docx = try ArticleExport.docx(a, config: config, staticRoot: staticRoot)
        let text = ArticleExport.plainTextFile(a, config: config)
        try folder.write(docxPath, docx)
        try folder.write(txtPath, text)
        let sizes = DownloadCache.Sizes(docx: docx.count, txt: text.count)
        let kept = if let cache, let key, cache.keep(key, docx: docxPath, txt: txtPath, from: folder) { key } else { String?.none }
        return ((sizes, docx.count + text.count), nil, kept)
    }
}
