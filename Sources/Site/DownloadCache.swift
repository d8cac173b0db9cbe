import Content
import Crypto
import Destination
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The articles' Word and plain-text downloads, kept between builds in a hidden folder beside
/// the output (`.output.cache/downloads/`, safe to delete), so that a build after editing one
/// article makes one article's downloads, not every article's: they are most of a build's time.
///
/// A download is found by a SHA-256 key of everything it is made from — the article's file, the
/// site's settings and data files, the static files it may embed (by path, size and time), the
/// `--base-url` asked for, and the Showcase executable itself — so a file is reused only when a
/// fresh one would be byte-for-byte the same, and a cache written by another build of Showcase
/// simply never matches. Files go in by rename (never half-written) and come out as hard links
/// into the staging folder (no bytes copied).
final class DownloadCache: Sendable {
    /// `…/.output.cache/downloads`.
    let folder: String
    /// The digest of what every download depends on besides its own article.
    private let shared: [UInt8]
    private let root: URL

    /// The cache for a build, or nil with a note for the person building when it cannot be
    /// used (a folder of that name Showcase did not make). `clean` deletes it first (`--clean`).
    static func open(_ options: BuildOptions, site: SiteContent, clean: Bool) -> (cache: DownloadCache?, note: String?) {
        let output = options.output
        let top = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).cache").path
        switch try? Destination.fileKind(top) {
        case .folder?:
            guard Destination.isMarked(top) || ((try? Destination.listing(top))?.isEmpty ?? false) else {
                return (nil, "缓存文件夹 \(top) 不是 Showcase 建立的，本次不使用缓存（所有下载重新生成）；把它移走即可恢复缓存。")
            }
            if clean { try? OutputFolder.removeTree(top) }
        case .symbolicLink?, .other?:
            return (nil, "\(top) 不是文件夹，本次不使用缓存（所有下载重新生成）；把它移走即可恢复缓存。")
        case nil:
            break
        }
        let downloads = top + "/downloads"
        guard (try? FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)) != nil,
              (try? Destination.mark(top)) != nil else {
            return (nil, "无法建立缓存文件夹 \(top)，本次不使用缓存。")
        }
        return (DownloadCache(folder: downloads, shared: sharedDigest(options, site: site), root: options.root), nil)
    }

    private init(folder: String, shared: [UInt8], root: URL) {
        self.folder = folder
        self.shared = shared
        self.root = root
    }

    /// The key of one article's downloads, or nil when its file cannot be read again (then the
    /// downloads are simply made).
    func key(for article: Article) -> String? {
        guard let bytes = FileManager.default.contents(atPath: root.appendingPathComponent(article.source.path).path) else { return nil }
        var hash = SHA256()
        hash.update(data: shared)
        hash.update(data: Data(article.source.path.utf8))
        hash.update(data: [0])
        hash.update(data: bytes)
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The cached pair for `key` and its bytes, when both files are there at the sizes they
    /// were written with (`<key>.sizes`, written last): a pair cut short or half-deleted is made again.
    func files(for key: String) -> (docx: String, txt: String, bytes: Int)? {
        let docx = folder + "/" + key + ".docx"
        let txt = folder + "/" + key + ".txt"
        guard let docxSize = Self.size(docx), let txtSize = Self.size(txt),
              let sizes = FileManager.default.contents(atPath: folder + "/" + key + ".sizes"),
              String(decoding: sizes, as: UTF8.self) == "\(docxSize) \(txtSize)" else { return nil }
        return (docx, txt, docxSize + txtSize)
    }

    /// Keeps a pair for the next build; false when it could not (the build then writes the
    /// files itself, and the next build makes them again).
    @discardableResult
    func store(_ key: String, docx: Data, txt: Data) -> Bool {
        for (data, ext) in [(docx, "docx"), (txt, "txt"), (Data("\(docx.count) \(txt.count)".utf8), "sizes")] {
            let final = folder + "/" + key + "." + ext
            let temporary = final + ".tmp-\(getpid())"
            guard (try? data.write(to: URL(fileURLWithPath: temporary))) != nil else { return false }
            if rename(temporary, final) != 0 {
                unlink(temporary)
                return false
            }
        }
        return true
    }

    private static func size(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Deletes the pairs this build did not use, and anything else (a killed build's temporary
    /// files): the cache holds one site's downloads, no more.
    func prune(keeping keys: Set<String>) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let parts = name.split(separator: ".")
            let kept = parts.count == 2 && keys.contains(String(parts[0])) && ["docx", "txt", "sizes"].contains(parts[1])
            if !kept { unlink(folder + "/" + name) }
        }
    }

    /// What every download is made from besides its article.
    private static func sharedDigest(_ options: BuildOptions, site: SiteContent) -> [UInt8] {
        var hash = SHA256()
        func add(_ text: String) { hash.update(data: Data(text.utf8)); hash.update(data: [0]) }
        add("showcase-downloads-1")
        // The executable that makes the files: another build of Showcase may make other bytes.
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        add(executable + " " + stamp(executable))
        add(options.baseURL ?? "")
        let content = options.root.appendingPathComponent("content")
        for file in ["site.yaml"] + ((try? FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("data").path))?
            .sorted().map { "data/" + $0 } ?? []) {
            add(file)
            hash.update(data: FileManager.default.contents(atPath: content.appendingPathComponent(file).path) ?? Data())
        }
        // Images are embedded from content/static: a changed file changes its size or time.
        for file in site.staticFiles.sorted() {
            add(file + " " + stamp(content.appendingPathComponent("static/" + file).path))
        }
        return Array(hash.finalize())
    }

    /// Size and modification time, to the nanosecond.
    private static func stamp(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "missing" }
        return "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
