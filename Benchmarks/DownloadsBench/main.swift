import Content
import Export
import Foundation
import Markdown
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What one article's downloads cost, apart from the rest of the build (issue 13):
///
///     swift run -c release --scratch-path .build-bench showcase-downloads-bench .bench/corpus-1000/showcase [out-folder]
///
/// Loads the site once, then on one thread, for every article: makes its Word file, makes its
/// plain text, and writes both into `out-folder` (default /dev/shm/showcase-downloads-bench) with
/// plain `open`/`write`/`close`, the way the floor program (Benchmarks/floor.c) writes: the last
/// figure is the floor for those bytes. Prints CPU time per article for each, and the bytes.
/// Timings are a benchmark's business: no test asserts on them.
@main
struct DownloadsBench {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let source = arguments.first else {
            print("usage: showcase-downloads-bench SITE-FOLDER [OUT-FOLDER]")
            exit(2)
        }
        let root = URL(fileURLWithPath: source)
        let out = arguments.dropFirst().first ?? "/dev/shm/showcase-downloads-bench"
        // Each article as a build hands it to its downloads: with the flat tree of its parse.
        let handed = Mutex<[Article]>([])
        let site = try SiteLoader.load(
            root: root, options: LoadOptions(keepSyntaxTrees: false, eachArticle: { article, _ in handed.withLock { $0.append(article) } }))
        let staticRoot = root.appendingPathComponent("content/static")
        let articles = handed.withLock { $0 }.sorted { $0.slug < $1.slug }
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

        var docxCPU = 0.0, textCPU = 0.0, writeCPU = 0.0, writeWall = 0.0
        var docxBytes = 0, textBytes = 0
        var files: [(name: String, docx: Data, text: Data)] = []
        for article in articles {
            var start = cpuSeconds()
            let docx = try ArticleExport.docx(article, site: site, staticRoot: staticRoot)
            docxCPU += cpuSeconds() - start
            start = cpuSeconds()
            let text = ArticleExport.plainTextFile(article, config: site.config)
            textCPU += cpuSeconds() - start
            docxBytes += docx.count
            textBytes += text.count
            files.append((article.slug, docx, text))
        }
        let wallStart = Date()
        let start = cpuSeconds()
        for file in files {
            try write(file.docx, to: out + "/" + file.name + ".docx")
            try write(file.text, to: out + "/" + file.name + ".txt")
        }
        writeCPU = cpuSeconds() - start
        writeWall = Date().timeIntervalSince(wallStart)

        let n = Double(articles.count)
        print("articles: \(articles.count)")
        print(String(format: "DOCX: %.1f µs CPU per article, %.0f bytes per file", docxCPU / n * 1e6, Double(docxBytes) / n))
        print(String(format: "TXT:  %.1f µs CPU per article, %.0f bytes per file", textCPU / n * 1e6, Double(textBytes) / n))
        print(
            String(
                format: "writing both (the floor for these bytes): %.1f µs CPU, %.1f µs wall per article",
                writeCPU / n * 1e6, writeWall / n * 1e6))
        try? FileManager.default.removeItem(atPath: out)
        try treeCost(root: root)
    }

    /// What the syntax tree the downloads are made from costs: every article body parsed with
    /// the flat tree a build keeps, with the tree of blocks an export keeps, and with neither
    /// (HTML, counts and destinations either way), alternately, three rounds; the differences
    /// are building and freeing each tree.
    static func treeCost(root: URL) throws {
        let folder = root.appendingPathComponent("content/articles")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        let bodies: [String] = try names.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            // The body follows the front matter's closing line.
            guard let close = text.range(of: "\n---\n", range: text.index(after: text.startIndex)..<text.endIndex) else { return text }
            return String(text[close.upperBound...])
        }
        let forms = [
            MarkdownOptions(keepTree: false, keepFlatTree: true), MarkdownOptions(keepTree: true), MarkdownOptions(keepTree: false),
        ]
        var perArticle: [[Double]] = forms.map { _ in [] }
        for _ in 0..<3 {
            for (i, options) in forms.enumerated() {
                let start = cpuSeconds()
                for body in bodies { _ = MarkdownDocument(parsing: body, options: options) }
                perArticle[i].append((cpuSeconds() - start) / Double(bodies.count) * 1e6)
            }
        }
        let median = perArticle.map { $0.sorted()[$0.count / 2] }
        print(
            String(
                format: "parse with the flat tree: %.1f µs, with the tree of blocks: %.1f µs, with neither: %.1f µs CPU per article "
                    + "(the flat tree: %.1f µs, the blocks: %.1f µs)",
                median[0], median[1], median[2], median[0] - median[2], median[1] - median[2]))
    }

    /// CPU time of this process (one thread does all the work).
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                guard n > 0 else { throw CocoaError(.fileWriteUnknown) }
                offset += n
            }
        }
    }
}
