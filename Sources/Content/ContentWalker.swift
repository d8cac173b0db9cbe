import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files of `content/`, refusing symbolic links that lead outside it.
struct ContentWalker {
    let root: URL
    let contentFolder: URL

    private var contentReal: String { contentFolder.resolvingSymlinksInPath().path }

    /// `.md` files of one folder, recursively, as (path relative to the site, absolute path), sorted.
    func markdownFiles(in folder: String, into sink: inout DiagnosticSink) -> [(String, String)] {
        files(in: folder, into: &sink).filter { $0.0.hasSuffix(".md") }
    }

    /// Every file below `content/<folder>/`, relative to that folder.
    func allFiles(in folder: String, into sink: inout DiagnosticSink) -> [String] {
        let prefix = "content/\(folder)/"
        return files(in: folder, into: &sink).map { String($0.0.dropFirst(prefix.count)) }
    }

    /// The walk FileManager's enumerator made (fts: symbolic links not followed, no crossing into
    /// another file system, names starting with a dot skipped with everything below them), with
    /// `readdir`'s file types instead of a URL and an `lstat` per file, which cost a tenth of
    /// loading 13,000 files.
    private func files(in folder: String, into sink: inout DiagnosticSink) -> [(String, String)] {
        let basePath = contentFolder.appendingPathComponent(folder).path
        var info = stat()
        // The enumerator never descended into a folder that is itself a symbolic link.
        guard lstat(basePath, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return [] }
        var out: [(String, String)] = []
        walk(basePath, relative: "content/\(folder)/", device: info.st_dev, into: &out, sink: &sink)
        return out.sorted { $0.0 < $1.0 }
    }

    private func walk(_ directory: String, relative: String, device: dev_t, into out: inout [(String, String)],
                      sink: inout DiagnosticSink) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            // The name is read in place: a `dirent` is only as long as its name needs, so
            // copying the 256-byte `d_name` field would read past the end of the record.
            let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let namePointer = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: UInt8.self)
            let name = String(decoding: UnsafeBufferPointer(start: namePointer, count: strlen(namePointer)), as: UTF8.self)
            // Hidden files and folders, and `.` and `..`.
            if name.utf8.first == 0x2E { continue }
            let path = directory + "/" + name
            let relativePath = relative + name
            var type = Int32(entry.pointee.d_type)
            var info = stat()
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_DIR) {
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = Int32(DT_DIR)
                case S_IFLNK: type = Int32(DT_LNK)
                case S_IFREG: type = Int32(DT_REG)
                default: continue
                }
            }
            switch type {
            case Int32(DT_DIR):
                if info.st_dev == device { walk(path, relative: relativePath + "/", device: device, into: &out, sink: &sink) }
            case Int32(DT_REG):
                out.append((relativePath, path))
            case Int32(DT_LNK):
                let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                let inside = contentReal
                if !(target == inside || target.hasPrefix(inside + "/")) {
                    sink.error(.symlinkOutside(target: (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? target),
                               at: SourceLocation(file: relativePath))
                    continue
                }
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), !isDir.boolValue { out.append((relativePath, path)) }
            default:
                continue
            }
        }
    }
}
