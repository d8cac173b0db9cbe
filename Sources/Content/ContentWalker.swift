import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files of `content/`. Nothing is skipped in silence: a folder that cannot be
/// opened, a symbolic link that loops, dangles or leads outside `content/`, a FIFO, socket or
/// device, and a name that is not UTF-8 are each reported at their path. Symbolic links that
/// stay inside `content/` are followed, to files and to folders alike (docs/CONTENT.md).
/// Names starting with a dot are skipped with everything below them, on purpose (editors'
/// and version control's own files).
struct ContentWalker {
    let root: URL
    let contentFolder: URL
    /// `content/` with every symbolic link resolved, taken once.
    private let contentReal: String

    init(root: URL, contentFolder: URL) {
        self.root = root
        self.contentFolder = contentFolder
        contentReal = realPath(contentFolder.path) ?? contentFolder.standardizedFileURL.path
    }

    /// `.md` files of one folder, recursively, as (path relative to the site, absolute path), sorted.
    func markdownFiles(in folder: String, into sink: inout DiagnosticSink) -> [(String, String)] {
        files(in: folder, markdownOnly: true, into: &sink)
    }

    /// Every file below `content/<folder>/`, relative to that folder.
    func allFiles(in folder: String, into sink: inout DiagnosticSink) -> [String] {
        let prefix = "content/\(folder)/"
        return files(in: folder, markdownOnly: false, into: &sink).map { String($0.0.dropFirst(prefix.count)) }
    }

    /// One walk with `readdir`'s file types (an `lstat` only for folders and links): an `lstat`
    /// per file cost a tenth of loading 13,000 files. With `markdownOnly`, other files are
    /// neither listed nor reported, unless they lead outside `content/`.
    private func files(in folder: String, markdownOnly: Bool, into sink: inout DiagnosticSink) -> [(String, String)] {
        let basePath = contentFolder.appendingPathComponent(folder).path
        let relative = "content/\(folder)"
        var info = stat()
        guard lstat(basePath, &info) == 0 else {
            // A kind of entry the site does not have yet is no problem.
            if errno != ENOENT { sink.error(.unreadable(errno: errno), at: SourceLocation(file: relative)) }
            return []
        }
        var walk = Walk(markdownOnly: markdownOnly, contentReal: contentReal)
        switch info.st_mode & S_IFMT {
        case S_IFDIR: walk.directory(basePath, relative: relative, info: info)
        case S_IFLNK: walk.link(basePath, relative: relative, topLevel: true)
        case S_IFREG: walk.sink.error(ContentProblem.notAFolder, at: SourceLocation(file: relative))
        default: walk.special(info.st_mode, relative: relative)
        }
        sink.append(contentsOf: walk.sink.all)
        return walk.out.sorted { $0.0 < $1.0 }
    }
}

/// The state of one walk: what was found, what was wrong, and the folders being walked (by
/// device and inode), so that a link back to one of them is a loop rather than endless.
private struct Walk {
    let markdownOnly: Bool
    let contentReal: String
    var out: [(String, String)] = []
    var sink = DiagnosticSink()
    var open: [(dev_t, ino_t)] = []

    func wanted(_ name: String) -> Bool { !markdownOnly || name.hasSuffix(".md") }

    mutating func directory(_ directory: String, relative: String, info: stat) {
        if open.contains(where: { $0.0 == info.st_dev && $0.1 == info.st_ino }) {
            sink.error(.symlinkLoop(target: Self.destination(of: directory)), at: SourceLocation(file: relative))
            return
        }
        guard let dir = opendir(directory) else {
            sink.error(.unreadable(errno: errno), at: SourceLocation(file: relative))
            return
        }
        defer { closedir(dir) }
        open.append((info.st_dev, info.st_ino))
        defer { open.removeLast() }
        while let entry = readdir(dir) {
            // The name is read in place: a `dirent` is only as long as its name needs, so
            // copying the 256-byte `d_name` field would read past the end of the record.
            let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let namePointer = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: UInt8.self)
            let nameBytes = UnsafeBufferPointer(start: namePointer, count: strlen(namePointer))
            // Hidden files and folders, and `.` and `..`.
            if nameBytes.first == UInt8(ascii: ".") { continue }
            var type = Int32(entry.pointee.d_type)
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                // Its path could not be written in a message, a link or a URL.
                let shown = String(decoding: nameBytes, as: UTF8.self)
                if type == Int32(DT_DIR) || wanted(shown) { sink.error(.nameNotUTF8, at: SourceLocation(file: relative + "/" + shown)) }
                continue
            }
            let path = directory + "/" + name
            let relativePath = relative + "/" + name
            var info = stat()
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_DIR) {
                guard lstat(path, &info) == 0 else {
                    sink.error(.unreadable(errno: errno), at: SourceLocation(file: relativePath))
                    continue
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = Int32(DT_DIR)
                case S_IFLNK: type = Int32(DT_LNK)
                case S_IFREG: type = Int32(DT_REG)
                default: type = Int32(DT_UNKNOWN)
                }
            }
            switch type {
            case Int32(DT_DIR): self.directory(path, relative: relativePath, info: info)
            case Int32(DT_REG): if wanted(name) { file(path, relative: relativePath) }
            case Int32(DT_LNK): link(path, relative: relativePath, topLevel: false)
            default:
                if wanted(name), type != Int32(DT_UNKNOWN) || lstat(path, &info) == 0 {
                    special(type == Int32(DT_UNKNOWN) ? info.st_mode : Self.mode(ofDirentType: type), relative: relativePath)
                }
            }
        }
    }

    /// A regular file to list. Entries are read by the loader, which says why one cannot be;
    /// static files are only copied by the build, so their readability is checked here, for
    /// `check` to see it too (one `access` call each: a site has few of them).
    mutating func file(_ path: String, relative: String) {
        if !markdownOnly, access(path, R_OK) != 0 {
            sink.error(.unreadable(errno: errno), at: SourceLocation(file: relative))
            return
        }
        out.append((relative, path))
    }

    /// A symbolic link: followed when it stays inside `content/`, else reported.
    mutating func link(_ path: String, relative: String, topLevel: Bool) {
        guard let target = realPath(path) else {
            let problem: ContentProblem =
                switch errno {
                case ELOOP: .symlinkLoop(target: Self.destination(of: path))
                case ENOENT, ENOTDIR: .brokenSymlink(target: Self.destination(of: path))
                default: .unreadable(errno: errno)
                }
            sink.error(problem, at: SourceLocation(file: relative))
            return
        }
        guard target == contentReal || target.hasPrefix(contentReal + "/") else {
            sink.error(.symlinkOutside(target: Self.destination(of: path)), at: SourceLocation(file: relative))
            return
        }
        var info = stat()
        guard stat(target, &info) == 0 else {
            sink.error(.unreadable(errno: errno), at: SourceLocation(file: relative))
            return
        }
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        if info.st_mode & S_IFMT == S_IFDIR, open.contains(where: { $0.0 == info.st_dev && $0.1 == info.st_ino }) {
            sink.error(.symlinkLoop(target: Self.destination(of: path)), at: SourceLocation(file: relative))
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: directory(target, relative: relative, info: info)
        case S_IFREG where topLevel: sink.error(.notAFolder, at: SourceLocation(file: relative))
        case S_IFREG: if wanted(name) { file(path, relative: relative) }
        default: if wanted(name) || topLevel { special(info.st_mode, relative: relative) }
        }
    }

    /// A FIFO, socket or device where a file belongs: reported, never opened (opening a FIFO
    /// waits for a writer, forever).
    mutating func special(_ mode: mode_t, relative: String) {
        let type: ContentProblem.FileType =
            switch mode & S_IFMT {
            case S_IFIFO: .fifo
            case S_IFSOCK: .socket
            default: .device
            }
        sink.error(.notRegularFile(type), at: SourceLocation(file: relative))
    }

    private static func mode(ofDirentType type: Int32) -> mode_t {
        switch type {
        case Int32(DT_FIFO): S_IFIFO
        case Int32(DT_SOCK): S_IFSOCK
        case Int32(DT_CHR): S_IFCHR
        default: S_IFBLK
        }
    }

    /// What a link says it points to, as written (`../articles`), for messages.
    static func destination(of path: String) -> String {
        // For the message only: the link is refused whether or not its text can be read.
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? path
    }
}
