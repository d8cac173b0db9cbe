import CSystem
import Content
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The build's destination, written all-or-nothing: pages go into a hidden staging folder
/// beside `output/`, which is swapped into place only when everything succeeded. A failed or
/// killed build leaves the previous site exactly as it was.
struct OutputFolder: Sendable {
    let output: URL
    let staging: URL
    /// `staging.path`, taken once: `URL.path` builds a new string on every call, and there is
    /// one call per written file.
    private let stagingPath: String
    /// The staging folder, open: files are created relative to it (`openat`), so the kernel
    /// resolves a short relative path instead of the whole absolute one for each of them.
    private let directory = DirectoryHandle()

    init(output: URL) {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging")
        stagingPath = staging.path
    }

    /// Refuses an output folder that is, contains or sits inside the site's sources.
    static func check(output: URL, root: URL) throws {
        let out = output.standardizedFileURL.resolvingSymlinksInPath().path
        let sources = ["", "content", "templates"].map {
            ($0, root.appendingPathComponent($0).standardizedFileURL.resolvingSymlinksInPath().path)
        }
        for (name, path) in sources {
            if out == path || path.hasPrefix(out + "/") {
                throw ContentErrors([Diagnostic(.error, .outputIsSource, at: SourceLocation(file: name.isEmpty ? output.lastPathComponent : name))])
            }
            if !name.isEmpty, out.hasPrefix(path + "/") {
                throw ContentErrors([Diagnostic(.error, .outputContainsSources(name), at: SourceLocation(file: name))])
            }
        }
    }

    /// A fresh, empty staging folder (left-overs of a killed build are removed first).
    func prepare() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        directory.open(stagingPath)
    }

    /// Creates the folders every file will go into, once, before parallel writing starts.
    func createDirectories(for files: some Sequence<String>) throws {
        var folders = Set<String>()
        for f in files {
            // Each folder of the path, deepest first, until one is known (then so are its parents).
            var folder = Substring(f)
            while let slash = folder.utf8.lastIndex(of: 0x2F) {
                folder = folder[..<slash]
                if folder.isEmpty || !folders.insert(String(folder)).inserted { break }
            }
        }
        // Level by level (a folder after its parent), each level on all cores.
        var levels: [[String]] = []
        for folder in folders {
            let depth = folder.utf8.reduce(0) { $1 == 0x2F ? $0 + 1 : $0 }
            while levels.count <= depth { levels.append([]) }
            levels[depth].append(folder)
        }
        let failure = Locked<BuildError?>(nil)
        for level in levels {
            Parallel.forEach(level.count) { i in
                if directory.makeFolder(level[i], else: stagingPath + "/" + level[i]) != 0 && errno != EEXIST {
                    let error = BuildError.write(stagingPath + "/" + level[i], String(cString: strerror(errno)))
                    failure.withLock { $0 = $0 ?? error }
                }
            }
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }

    /// Writes one file; `relative` comes from the URL scheme and never climbs out.
    func write(_ relative: String, _ bytes: some ContiguousBytes) throws {
        precondition(!Self.climbs(relative), "path escapes output: \(relative)")
        let fd = directory.createFile(relative, else: stagingPath + "/" + relative)
        guard fd >= 0 else { throw BuildError.write(stagingPath + "/" + relative, String(cString: strerror(errno))) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BuildError.write(stagingPath + "/" + relative, String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    /// Whether `relative` starts with `/` or has a `..` component.
    static func climbs(_ relative: String) -> Bool {
        if relative.utf8.first == 0x2F { return true }
        var length = 0
        var dots = 0
        for byte in relative.utf8 {
            if byte == 0x2F {
                if length == 2 && dots == 2 { return true }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == 0x2E { dots += 1 }
            }
        }
        return length == 2 && dots == 2
    }

    func write(_ relative: String, _ text: String) throws {
        var text = text
        try text.withUTF8 { try write(relative, UnsafeRawBufferPointer($0)) }
    }

    func copy(from source: URL, to relative: String) throws {
        try write(relative, try Data(contentsOf: source))
    }

    /// Puts the staged site in place. On Linux the two folders are exchanged in one atomic
    /// `renameat2(RENAME_EXCHANGE)`, so `output/` is at every instant either the old or the new site.
    func commit() throws {
        directory.close()
        let fm = FileManager.default
        if fm.fileExists(atPath: output.path) {
            if Self.exchange(staging.path, output.path) {
                try Self.removeTree(staging.path)
                return
            }
            // Fallback for systems without an atomic exchange.
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old")
            if fm.fileExists(atPath: old.path) { try fm.removeItem(at: old) }
            try fm.moveItem(at: output, to: old)
            try fm.moveItem(at: staging, to: output)
            try fm.removeItem(at: old)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    func discard() {
        directory.close()
        try? FileManager.default.removeItem(at: staging)
    }

    /// Deletes the previous site after the swap. A site has tens of thousands of files, and
    /// `FileManager.removeItem` took longer than writing them, so the folders one level down
    /// (each article's, each organization's…) are removed with `nftw` on all cores.
    static func removeTree(_ path: String) throws {
        func entries(_ dir: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).map { dir + "/" + $0 }
        }
        func isDirectory(_ p: String) -> Bool {
            var st = stat()
            return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        }
        let top = entries(path)
        let folders = top.filter(isDirectory)
        let pieces = top.filter { !isDirectory($0) } + folders.flatMap(entries)
        let failed = Locked<BuildError?>(nil)
        Parallel.forEach(pieces.count) { i in
            guard showcase_remove_tree(pieces[i]) != 0 else { return }
            let error = BuildError.write(pieces[i], String(cString: strerror(errno)))
            failed.withLock { $0 = $0 ?? error }
        }
        if let error = failed.withLock({ $0 }) { throw error }
        for folder in folders where rmdir(folder) != 0 { throw BuildError.write(folder, String(cString: strerror(errno))) }
        if rmdir(path) != 0 { throw BuildError.write(path, String(cString: strerror(errno))) }
    }

    private static func exchange(_ a: String, _ b: String) -> Bool {
        showcase_exchange_paths(a, b) == 0
    }
}

/// Failures of the build itself (as opposed to problems in the content).
package enum BuildError: Error, CustomStringConvertible {
    case write(String, String)
    case read(String, String)

    package var description: String {
        switch self {
        case .write(let path, let reason): "无法写入 \(path)：\(reason)"
        case .read(let path, let reason): "无法读取 \(path)：\(reason)"
        }
    }
}

/// An open folder, set once before the parallel writes start and read-only while they run.
private final class DirectoryHandle: @unchecked Sendable {
    private var fd: Int32 = -1

    deinit { close() }

    func open(_ path: String) {
        close()
        fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// A new or emptied file at `relative`, or at `path` when the folder is not open.
    func createFile(_ relative: String, else path: String) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        return fd >= 0 ? openat(fd, relative, flags, 0o644) : Glibc.open(path, flags, 0o644)
    }

    /// `mkdir` of `relative`, or of `path` when the folder is not open.
    func makeFolder(_ relative: String, else path: String) -> Int32 {
        fd >= 0 ? mkdirat(fd, relative, 0o755) : mkdir(path, 0o755)
    }
}
