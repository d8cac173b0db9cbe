import Content
import Crypto
import Destination
import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The articles' Word and plain-text downloads, kept between builds in a hidden folder beside
/// the output (`.output.cache/downloads/`, safe to delete), so that a build after editing one
/// article makes one article's downloads, not every article's.
///
/// A download is found by a SHA-256 key of everything it is made from — the article's file, the
/// site's settings and data files, the static files it may embed (by path, size and time), the
/// `--base-url` asked for, and the Showcase executable itself — so a file is reused only when a
/// fresh one would be byte-for-byte the same, and a cache written by another build of Showcase
/// simply never matches.
///
/// The files are written once, into the staging folder, and kept by hard-linking them into the
/// cache (`<key>.docx`, `<key>.txt`); a reused pair is linked back into the next staging folder.
/// No bytes are copied either way. Only complete files are ever linked, and a pair is trusted
/// only when `manifest` — one file, replaced by rename once a build has made every download
/// (beside the swap that puts the site live) — lists it at
/// the sizes it has: a file cut short, grown or half-deleted is made again, and a cache whose
/// manifest is missing or damaged is not used, with a note.
final class DownloadCache: Sendable {
    /// `…/.output.cache/downloads`.
    let folder: String
    /// The digest of what every download depends on besides its own article.
    private let shared: [UInt8]
    private let root: URL
    /// The pairs the last successful build kept, by key.
    private let known: [String: Sizes]
    /// Whether the folder held nothing when the build began (a first or `--clean` build).
    private let startedEmpty: Bool

    /// The sizes of a kept pair, as the manifest records them.
    struct Sizes: Sendable, Equatable {
        var docx: Int
        var txt: Int
    }

    static let manifestName = "manifest"
    static let manifestHeader = "showcase-downloads 3"

    /// The cache for a build, or nil with a note for the person building when it cannot be
    /// used (a folder of that name Showcase did not make). `clean` deletes it first (`--clean`).
    static func open(_ options: BuildOptions, clean: Bool) -> (cache: DownloadCache?, note: CacheNote?) {
        let output = options.output
        let top = OutputLedger.cacheFolder(for: output.path)
        // A cache folder that cannot even be looked at is treated as absent: making it below
        // then fails and says so in the note.
        switch try? Destination.fileKind(top) {
        case .folder?:
            // A folder that cannot be listed is not taken for empty: the safe side.
            guard Destination.isMarked(top) || ((try? Destination.listing(top))?.isEmpty ?? false) else {
                return (nil, .notOurs(top))
            }
            if clean {
                // `--clean` asked for no reuse: a cache that cannot be deleted is not used, and the note says why.
                do { try OutputFolder.removeTree(top) } catch {
                    return (nil, .cannotClean(top, error as? FolderError ?? .system(top, .removeOld, errno: FolderError.posixCode(of: error))))
                }
            }
        case .symbolicLink?, .other?:
            return (nil, .notAFolder(top))
        case nil:
            break
        }
        let downloads = top + "/downloads"
        guard (try? FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)) != nil,
            (try? Destination.mark(top)) != nil
        else {
            return (nil, .cannotCreate(top))
        }
        let (known, note, empty) = readManifest(in: downloads)
        return (
            DownloadCache(folder: downloads, shared: sharedDigest(options), root: options.root, known: known, startedEmpty: empty),
            note
        )
    }

    private init(folder: String, shared: [UInt8], root: URL, known: [String: Sizes], startedEmpty: Bool) {
        self.folder = folder
        self.shared = shared
        self.root = root
        self.known = known
        self.startedEmpty = startedEmpty
    }

    /// The digest of an article's file the loader takes as it reads it (``LoadOptions/fileDigest``).
    static let fileDigest: @Sendable (UnsafeRawBufferPointer) -> [UInt8] = { Array(SHA256.hash(data: $0)) }

    /// The key of one article's downloads, from the digest the loader took of its file, or
    /// from the file read again when the load took none; nil when it cannot be read (then the
    /// downloads are simply made).
    func key(for article: Article) -> String? {
        let digest: [UInt8]
        if let known = article.source.fileDigest {
            digest = known
        } else {
            guard let bytes = FileManager.default.contents(atPath: root.appendingPathComponent(article.source.path).path) else { return nil }
            digest = bytes.withUnsafeBytes(Self.fileDigest)
        }
        var hash = SHA256()
        hash.update(data: shared)
        var path = article.source.path
        path.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { hash.update(bufferPointer: $0) }
        hash.update(data: digest)
        return hash.finalize().withUnsafeBytes { Self.hex($0) }
    }

    /// The kept pair for `key` and its sizes, when the manifest lists it and both files are
    /// there at those sizes.
    func files(for key: String) -> (docx: String, txt: String, sizes: Sizes)? {
        guard let pair = listed(key), Self.size(pair.docx) == pair.sizes.docx, Self.size(pair.txt) == pair.sizes.txt else { return nil }
        return pair
    }

    /// The pair the manifest lists for `key`, not looked at: for a build whose output ledger
    /// says the live site holds these very files already (``OutputFolder/keepLink(_:at:)``).
    func listed(_ key: String) -> (docx: String, txt: String, sizes: Sizes)? {
        guard let sizes = known[key] else { return nil }
        return (folder + "/" + key + ".docx", folder + "/" + key + ".txt", sizes)
    }

    /// Keeps a pair just written into the staging folder, by linking it into the cache; false
    /// when it could not (the next build then makes it again).
    func keep(_ key: String, docx: String, txt: String, from staging: OutputFolder) -> Bool {
        func keep(_ staged: String, as kept: String) -> Bool {
            if staging.linkOut(staged, to: kept) { return true }
            // A file of this name left by a build that did not finish: the same bytes, but not
            // listed; replaced rather than trusted.
            return errno == EEXIST && unlink(kept) == 0 && staging.linkOut(staged, to: kept)
        }
        let base = folder + "/" + key
        return keep(docx, as: base + ".docx") && keep(txt, as: base + ".txt")
    }

    /// Records the pairs this build used (`manifest`, replaced by rename), then deletes every
    /// other file: the cache holds one site's downloads, no more. Called once the new site is
    /// in place.
    func finish(keeping kept: [String: Sizes]) {
        var text = Self.manifestHeader + "\n"
        for (key, sizes) in kept.sorted(by: { $0.key < $1.key }) { text += "\(key) \(sizes.docx) \(sizes.txt)\n" }
        let manifest = folder + "/" + Self.manifestName
        let temporary = manifest + ".tmp-\(getpid())"
        if (try? Data(text.utf8).write(to: URL(fileURLWithPath: temporary))) == nil || rename(temporary, manifest) != 0 {
            // Without a manifest nothing is trusted next time: the files go too.
            unlink(temporary)
            unlink(manifest)
        }
        // Pruning files no manifest lists is housekeeping: a folder that cannot be listed keeps
        // them, and they are never reused without a manifest line. A folder that began empty
        // holds only what this build kept (a pair half linked is never listed, and is replaced
        // when made again), so it is not listed at all: on the main thread, after the pages,
        // 20,000 names read and looked up were most of finishing a first build's cache.
        guard !startedEmpty else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name != Self.manifestName {
            // `<key>.docx` or `<key>.txt`, split at the byte: split by characters, the names'
            // grapheme breaking was most of this loop.
            let dot = name.utf8.firstIndex(of: 0x2E)
            let used =
                dot.map { dot in
                    let suffix = name[name.utf8.index(after: dot)...]
                    return (suffix == "docx" || suffix == "txt") && kept[String(name[..<dot])] != nil
                } ?? false
            if !used { unlink(folder + "/" + name) }
        }
    }

    /// The pairs the manifest lists; an unreadable or damaged manifest lists none and says so.
    /// `empty`: there is no manifest and nothing else either.
    private static func readManifest(in folder: String) -> ([String: Sizes], note: CacheNote?, empty: Bool) {
        guard let data = FileManager.default.contents(atPath: folder + "/" + manifestName) else {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return ([:], files.isEmpty ? nil : .manifestMissing, files.isEmpty)
        }
        // Line by line from the bytes, as the output ledger is read: split as a string, by
        // characters, the 10,000 lines of a 10,000-article site's manifest were most of
        // opening the cache.
        let (known, note): ([String: Sizes], CacheNote?) = data.withUnsafeBytes { raw in
            var reader = LineReader(raw.bindMemory(to: UInt8.self))
            guard reader.line() == manifestHeader else { return ([:], .manifestForeign) }
            var known: [String: Sizes] = [:]
            while !reader.isAtEnd {
                // A last line without its newline is a manifest cut short.
                guard let line = reader.line() else { return ([:], .manifestDamaged) }
                let fields = line.utf8.split(separator: 0x20).map { Substring($0) }
                guard fields.count == 3, fields[0].utf8.count == 64, let docx = Int(fields[1]), let txt = Int(fields[2]) else {
                    return ([:], .manifestDamaged)
                }
                known[String(fields[0])] = Sizes(docx: docx, txt: txt)
            }
            return (known, nil)
        }
        return (known, note, false)
    }

    private static func size(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Lower-case hexadecimal, as `sha256sum` prints it (without `String(format:)`, which cost
    /// a twentieth of the downloads' time).
    static func hex(_ digest: some Collection<UInt8>) -> String {
        // Straight into the string's storage: an array of the digits and one of the result were
        // allocations a key (two of several that each article's downloads made and freed).
        String(unsafeUninitializedCapacity: 2 * digest.count) { out in
            var count = 0
            for byte in digest {
                out[count] = hexDigits[Int(byte >> 4)]
                out[count + 1] = hexDigits[Int(byte & 0xF)]
                count += 2
            }
            return count
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// What every download is made from besides its article.
    private static func sharedDigest(_ options: BuildOptions) -> [UInt8] {
        var hash = SHA256()
        func add(_ text: String) { hash.update(data: Data(text.utf8)); hash.update(data: [0]) }
        add("showcase-downloads-3")
        // The executable that makes the files: another build of Showcase may make other bytes.
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        add(executable + " " + stamp(executable))
        add(options.baseURL ?? "")
        let content = options.root.appendingPathComponent("content")
        // A data folder that cannot be listed fails the load itself, with its location; the key
        // made without it is never used.
        for file in ["site.yaml"]
            + ((try? FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("data").path))?
                .sorted().map { "data/" + $0 } ?? [])
        {
            add(file)
            hash.update(data: FileManager.default.contents(atPath: content.appendingPathComponent(file).path) ?? Data())
        }
        // Images are embedded from content/static: a changed file changes its size or time.
        // Listed here rather than taken from the loaded site: the cache is opened before the
        // content is loaded, as the downloads are made while it loads.
        let staticFolder = content.appendingPathComponent("static").path
        for file in ((FileManager.default.subpaths(atPath: staticFolder)) ?? []).sorted() {
            add(file + " " + stamp(staticFolder + "/" + file))
        }
        return Array(hash.finalize())
    }

    /// Size and modification time, to the nanosecond.
    static func stamp(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "missing" }
        return "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}

/// Why the download cache was not used this time, said once to the person building in
/// `--lang`: the build goes on and makes every download.
package enum CacheNote: Sendable, Equatable {
    /// A folder of the cache's name that Showcase did not make.
    case notOurs(String)
    /// The cache's name is taken by a file or a symbolic link.
    case notAFolder(String)
    /// `--clean` could not delete the cache, for the reason given.
    case cannotClean(String, FolderError)
    /// The cache folder could not be made.
    case cannotCreate(String)
    /// Files without the manifest that lists them (the last build was interrupted).
    case manifestMissing
    /// A manifest written by another version, or damaged in its first line.
    case manifestForeign
    /// A manifest damaged further in.
    case manifestDamaged

    /// The note in `lang`, one line.
    package func text(in lang: MessageLanguage) -> String {
        let zh = lang == .zh
        switch self {
        case .notOurs(let top):
            return zh
                ? "缓存文件夹 \(top) 不是 Showcase 建立的，本次不使用缓存（所有下载重新生成）；把它移走即可恢复缓存。"
                : "the cache folder \(top) was not made by Showcase: no cache this time (every download is made); move it away to have the cache back."
        case .notAFolder(let top):
            return zh
                ? "\(top) 不是文件夹，本次不使用缓存（所有下载重新生成）；把它移走即可恢复缓存。"
                : "\(top) is not a folder: no cache this time (every download is made); move it away to have the cache back."
        case .cannotClean(let top, let error):
            return zh
                ? "无法按 --clean 删除缓存文件夹 \(top)（\(error.text(in: .zh).message)），本次不使用缓存（所有下载重新生成）。"
                : "--clean could not delete the cache folder \(top) (\(error.text(in: .en).message)): no cache this time (every download is made)."
        case .cannotCreate(let top):
            return zh ? "无法建立缓存文件夹 \(top)，本次不使用缓存。" : "the cache folder \(top) could not be made: no cache this time."
        case .manifestMissing:
            return zh
                ? "下载缓存没有记录文件（上次生成可能被中断），本次重新生成所有下载。"
                : "the download cache has no manifest (the last build may have been interrupted): every download is made anew."
        case .manifestForeign:
            return zh
                ? "下载缓存的记录文件由其他版本写成或已损坏，本次不使用缓存，重新生成所有下载。"
                : "the download cache's manifest was written by another version or is damaged: no cache this time, every download is made."
        case .manifestDamaged:
            return zh
                ? "下载缓存的记录文件已损坏，本次不使用缓存，重新生成所有下载。"
                : "the download cache's manifest is damaged: no cache this time, every download is made."
        }
    }
}
