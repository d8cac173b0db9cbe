import Destination
import Foundation
import Support
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reading what the last build left in the cache folder: the ledger, checked against the
/// folders' modification times, and the spare's note. Each is trusted only when it names the
/// folders as they are now (see ``OutputLedger``).
extension OutputLedger {
    /// The ledger's files, when it describes the folder `output` is now.
    static func readLedger(_ cache: String, output: FolderIdentity) -> (files: [String: Entry], folders: [(String, Int64)])? {
        guard Destination.isMarked(cache), let data = FileManager.default.contents(atPath: cache + "/files") else { return nil }
        return data.withUnsafeBytes { raw in
            var reader = LineReader(raw.bindMemory(to: UInt8.self))
            guard reader.line() == ledgerHeader, let first = reader.line(), first.hasPrefix("output "),
                FolderIdentity(first.dropFirst("output ".count)) == output
            else { return nil }
            var files: [String: Entry] = [:]
            files.reserveCapacity(data.count / 72)
            while !reader.isAtEnd {
                if reader.startsWith("folders ") {
                    var folders: [(String, Int64)] = []
                    guard let header = reader.line(), let count = Int(header.dropFirst("folders ".count)) else { return nil }
                    folders.reserveCapacity(count)
                    for _ in 0..<count {
                        guard let modified = reader.number(radix: 10), let path = reader.line(), !path.isEmpty else { return nil }
                        folders.append((path, modified))
                    }
                    return reader.line() == "end \(files.count) \(count)" && reader.isAtEnd ? (files, folders) : nil
                }
                guard let hash = reader.number(radix: 16), let size = reader.number(radix: 10), let inode = reader.number(radix: 10),
                    let modified = reader.number(radix: 10), let path = reader.line(), !path.isEmpty
                else { return nil }
                files[path] = Entry(
                    signature: FileSignature(size: Int(size), hash: UInt64(bitPattern: hash)),
                    stamp: FileStamp(inode: UInt64(bitPattern: inode), modified: modified))
            }
            // A ledger cut short (a full disk) lacks its last line, and is not trusted.
            return nil
        }
    }

    /// Whether every folder the ledger lists is in `output` with the modification time it had.
    static func foldersUnchanged(_ folders: [(String, Int64)], in output: String) -> Bool {
        let top = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return false }
        defer { close(top) }
        let changed = Atomic(false)
        Parallel.forEach(folders.count) { i in
            var st = stat()
            if fstatat(top, folders[i].0, &st, AT_SYMLINK_NOFOLLOW) != 0 || FileStamp(st).modified != folders[i].1 {
                changed.store(true, ordering: .relaxed)
            }
        }
        return !changed.load(ordering: .relaxed)
    }

    /// The note's list, when it names the folders `output` and `spare` are now.
    static func readNote(_ cache: String, output: FolderIdentity, spare: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: cache + "/spare"), let spareIdentity = FolderIdentity(spare),
            Destination.isMarked(spare)
        else { return nil }
        // Line by line from the bytes, as the ledger is read: after a build that wrote every
        // page the note lists them all, and split as a string, by characters, reading it took
        // about 60 ms of one core before the load.
        return data.withUnsafeBytes { raw -> [String]? in
            var reader = LineReader(raw.bindMemory(to: UInt8.self))
            guard reader.line() == noteHeader,
                let first = reader.line(), first.hasPrefix("spare "), FolderIdentity(first.dropFirst("spare ".count)) == spareIdentity,
                let second = reader.line(), second.hasPrefix("output "), FolderIdentity(second.dropFirst("output ".count)) == output
            else { return nil }
            var paths: [String] = []
            while let line = reader.line() {
                if !line.isEmpty { paths.append(line) }
            }
            // A note cut short (a full disk) is not trusted.
            return reader.isAtEnd ? paths : nil
        }
    }
}
