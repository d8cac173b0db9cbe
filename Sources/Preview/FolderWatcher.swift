import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Calls `changed` when anything below the watched folders is saved, created, renamed or
/// deleted. On Linux the kernel tells (inotify, one watch per folder, new folders watched as
/// they appear), so a save is seen in microseconds and an idle preview costs nothing; elsewhere
/// the folders are compared every 300 ms. Editors' swap and backup files are ignored.
///
/// `changed` is also told whether the save looks finished: every file written since it was
/// opened has been closed again (or arrived whole, by a rename), and none was just deleted or
/// renamed away (the first step of many editors' saves). The preview then waits only a moment
/// before building, rather than the longer quiet a save still in progress needs.
///
/// With inotify, `changed` is also told the paths of the files that changed (absolute); nil when
/// it cannot say for sure: events were lost (the queue overflowed), a folder appeared (files may
/// have been written in it before its watch), or the folders are polled.
package final class FolderWatcher: Sendable {
    private let folders: [String]
    private let changed: @Sendable (_ settled: Bool, _ files: [String]?) -> Void

    /// A watcher of `folders` and every folder below them; `changed` runs after each change.
    package init(folders: [URL], changed: @escaping @Sendable (_ settled: Bool, _ files: [String]?) -> Void) {
        self.folders = folders.map(\.standardizedFileURL.path)
        self.changed = changed
    }

    /// Starts watching. The watches are in place when this returns (a save made the moment
    /// after is seen); the events are read on a thread of its own, as long as the process lives.
    package func start() {
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        if fd >= 0 {
            var watched: [Int32: String] = [:]
            watchAll(fd, into: &watched)
            let thread = Thread { [self, watched] in readEvents(fd, watched: watched) }
            thread.name = "showcase-watch"
            thread.start()
            return
        }
        #endif
        let thread = Thread { [self] in poll() }
        thread.name = "showcase-watch"
        thread.start()
    }

    /// Files an editor writes beside the real one while saving.
    static func isScratch(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name.hasSuffix(".tmp") || name == "4913"
    }

    /// Every folder below the watched ones (hidden ones left out).
    private func allFolders() -> [String] {
        var found: [String] = []
        for root in folders {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else { continue }
            found.append(root)
            let e = FileManager.default.enumerator(
                at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isDirectoryKey],
                options: [.skipsHiddenFiles])
            while let url = e?.nextObject() as? URL {
                // A folder deleted while it is listed is simply not watched: the next poll sees it gone.
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true { found.append(url.path) }
            }
        }
        return found
    }

    #if os(Linux)
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF)

    /// One watch per folder; adding a folder watched already is harmless (the same watch).
    /// Returns each watch's folder.
    private func watchAll(_ fd: Int32, into watched: inout [Int32: String]) {
        for folder in allFolders() {
            let wd = inotify_add_watch(fd, folder, Self.mask)
            if wd >= 0 { watched[wd] = folder }
        }
    }

    private func readEvents(_ fd: Int32, watched: [Int32: String]) {
        var watched = watched
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let headerSize = MemoryLayout<inotify_event>.size
        /// Files (watch, name) written to and not yet closed.
        var writing = Set<String>()
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            var relevant = false
            var removed = false
            var newFolder = false
            var files: [String]? = []
            var offset = 0
            buffer.withUnsafeBytes { bytes in
                while offset + headerSize <= n {
                    let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameBytes = bytes[(offset + headerSize)..<(offset + headerSize + Int(event.len))]
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    if !Self.isScratch(name) || name.isEmpty {
                        relevant = true
                        removed = Self.note(event.mask, of: "\(event.wd)/\(name)", in: &writing) || removed
                        if let folder = watched[event.wd], !name.isEmpty, event.mask & UInt32(IN_Q_OVERFLOW) == 0 {
                            files?.append(folder + "/" + name)
                        } else {
                            files = nil
                        }
                    }
                    if event.mask & UInt32(IN_ISDIR) != 0 { newFolder = true }
                    offset += headerSize + Int(event.len)
                }
            }
            if newFolder {
                watchAll(fd, into: &watched)
                files = nil
            }
            if relevant { changed(writing.isEmpty && !removed, files) }
        }
    }

    /// Follows which files are being written: a file is written from its first change until
    /// it is closed or goes away. Returns whether the event removed a file (deleted, or
    /// renamed away). A lost event (the queue overflowed) counts as a write that never ends,
    /// so every later save gets the longer quiet.
    static func note(_ mask: UInt32, of file: String, in writing: inout Set<String>) -> Bool {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 { writing.insert("") }
        if mask & UInt32(IN_ISDIR) != 0 { return false }
        if mask & UInt32(IN_MODIFY | IN_CREATE) != 0 { writing.insert(file) }
        if mask & UInt32(IN_CLOSE_WRITE) != 0 { writing.remove(file) }
        guard mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 else { return false }
        writing.remove(file)
        return true
    }
    #endif

    /// The fallback: size and modification time of every file, compared every 300 ms.
    private func poll() {
        func state() -> [String: String] {
            var files: [String: String] = [:]
            for folder in allFolders() {
                // A folder gone between two polls has no files: that is the change to report.
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !Self.isScratch(name) {
                    var st = stat()
                    if stat(folder + "/" + name, &st) == 0 { files[folder + "/" + name] = "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)" }
                }
            }
            return files
        }
        var last = state()
        while true {
            usleep(300_000)
            let now = state()
            // Files compared every 300 ms may still be being written: the longer quiet.
            if now != last { changed(false, nil) }
            last = now
        }
    }
}
