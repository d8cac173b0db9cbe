import Diagnostics
import Foundation
import Support

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Reading the site's files: one `open`, `fstat` and `read` each, sizes checked first.
extension SiteLoader {
    /// A file's bytes as read: `bytes[start..<count]` is its content (`start` skips a byte-order mark).
    enum FileBytes {
        case bytes([UInt8], start: Int, count: Int)
        /// The file's size in bytes, over ``maxFileBytes``.
        case tooLarge(Int)
        /// Not readable, with `errno`.
        case unreadable(Int32)
        /// A FIFO, socket or device (the walker reports those; this is for one swapped in since).
        case notRegular(ContentProblem.FileType)
    }

    /// Reads a content file with one `open`, `fstat` and `read`: the size is checked before
    /// anything is read, and one byte-order mark is skipped, as `String(data:encoding:)` does.
    /// With `relative`, the file is opened as that path inside that open folder. The UTF-8
    /// check is the caller's (``UTF8Bytes/isCleanUTF8(_:)`` for the usual file).
    static func readBytes(_ path: String, relative: (folder: Int32, path: String)? = nil) -> FileBytes {
        // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer;
        // `fstat` then refuses anything but a regular file before a byte is read.
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        var fd = relative.map { openat($0.folder, $0.path, flags) } ?? -1
        if fd < 0 { fd = open(path, flags) }
        guard fd >= 0 else { return .unreadable(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .unreadable(EISDIR)
        case S_IFIFO: return .notRegular(.fifo)
        case S_IFSOCK: return .notRegular(.socket)
        default: return .notRegular(.device)
        }
        let size = Int(info.st_size)
        if size > maxFileBytes { return .tooLarge(size) }
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while true {
            if count == bytes.count {
                if count > maxFileBytes { return .tooLarge(count) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, count)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(errno)
            }
            if n == 0 { break }
            count += n
        }
        // A file that grew after `fstat` is measured by what was read, as before.
        if count > maxFileBytes { return .tooLarge(count) }
        let start = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        return .bytes(bytes, start: start, count: count)
    }

    /// A file of the site that is not an entry (`content/site.yaml`, `content/data/*.yaml`).
    enum TextFile {
        case missing, failed, text(String)
    }

    /// Reads such a file as entries are read (a FIFO is never waited on), reporting why it
    /// could not be read at its path; a missing file is the caller's to judge.
    static func readText(_ path: String, root: URL, into sink: inout DiagnosticSink) -> TextFile {
        let location = SourceLocation(file: path)
        switch readBytes(root.appendingPathComponent(path).path) {
        case .unreadable(ENOENT): return .missing
        case .unreadable(let code): sink.error(.unreadable(errno: code), at: location)
        case .notRegular(let type): sink.error(.notRegularFile(type), at: location)
        case .tooLarge(let size): sink.error(.fileTooLarge(megabytes: size >> 20, limit: maxFileBytes >> 20), at: location)
        case .bytes(let bytes, let start, let count):
            if let text = String(validating: bytes[start..<count], as: UTF8.self) { return .text(text) }
            sink.error(.notUTF8, at: location)
        }
        return .failed
    }

    /// `x` for `content/articles/x.md`: the last path component with every `.md` removed.
    static func fileStem(_ path: String) -> String {
        let name = Array(path.utf8.split(separator: 0x2F).last ?? [])
        let md: [UInt8] = [0x2E, 0x6D, 0x64]
        // Usually ASCII whose only `.md` is the extension: drop it without a trip through Foundation.
        if name.count > 3, name.allSatisfy({ $0 < 0x80 }), name.suffix(3).elementsEqual(md),
            !(0..<max(0, name.count - 5)).contains(where: { name[$0..<($0 + 3)].elementsEqual(md) })
        {
            return String(decoding: name.dropLast(3), as: UTF8.self)
        }
        return (path as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
    }
}

/// `read(2)`, under a name that `SiteLoader.read` does not hide.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
