import Content
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The one rule for every folder a command writes as a whole: Showcase never deletes a file it
/// did not write. Each folder it makes carries a marker file; a build replaces only a folder
/// that has the marker or is empty, and refuses any other before anything is written (Zola
/// refuses a non-empty output folder the same way). `--force` lets an unmarked folder be
/// replaced, but never the filesystem root, the home folder, the folders above the current
/// one, or a mount point.
package enum Destination {
    /// The marker's name inside a folder Showcase made. Hidden, so static servers and file
    /// managers leave it out of listings.
    package static let markerName = ".showcase-output"

    /// The marker's text: the tool, the format version, and a word for a person who finds it.
    package static let markerText = """
        Showcase output folder, format 1
        This folder was written by Showcase and is replaced as a whole by the next build or export.
        本文件夹由 Showcase 生成，下次生成时会被整体替换；请不要在这里存放其他文件。

        """

    /// What may be done with a folder that passed the checks.
    package enum Claim: Sendable, Equatable {
        /// Nothing is there yet.
        case create
        /// A folder Showcase made, an empty one, or (with `--force`) one the user named.
        case replace
    }

    /// Checks that the folder at `path` may be replaced by a build. Throws `FolderError` with
    /// the reason otherwise. `currentFolder` and `home` are passed in so tests can set them.
    package static func claimForBuild(
        _ path: String, force: Bool,
        currentFolder: String = FileManager.default.currentDirectoryPath,
        home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) throws -> Claim {
        guard let kind = try fileKind(path) else { return .create }
        switch kind {
        case .symbolicLink: throw FolderError(path, .symbolicLink(target: linkTarget(path)))
        case .other: throw FolderError(path, .notAFolder)
        case .folder: break
        }
        let real = realPath(path) ?? path
        if real == "/" { throw FolderError(path, .filesystemRoot) }
        if let home, let home = realPath(home), home != "/", contains(real, home) { throw FolderError(path, .homeFolder) }
        // The folders above the current one; the current folder itself follows the rules below.
        if let here = realPath(currentFolder), here != real, contains(real, here) { throw FolderError(path, .holdsCurrentFolder) }
        if isMountPoint(path, real: real) { throw FolderError(path, .mountPoint) }
        if isMarked(path) { return .replace }
        let names = try listing(path)
        if names.isEmpty || force { return .replace }
        throw FolderError(path, .notOurs(entries: Array(names.prefix(5)), total: names.count, export: false))
    }

    /// Checks a folder an export adds files to. It never deletes anything, so only a folder
    /// that holds other files is refused (unless forced): a file of the same name would be
    /// overwritten. Returns whether the folder should be marked as Showcase's (new or empty).
    package static func claimForExport(_ path: String, force: Bool) throws -> Bool {
        guard let kind = try fileKind(path, followingLinks: true) else { return true }
        guard kind == .folder else { throw FolderError(path, .notAFolder) }
        if isMarked(path) { return false }
        let names = try listing(path)
        if names.isEmpty { return true }
        if force { return false }
        throw FolderError(path, .notOurs(entries: Array(names.prefix(5)), total: names.count, export: true))
    }

    /// Makes the folder an export or a report writes its files into, after `claimForExport`'s
    /// checks, and marks it as Showcase's when it is new or was empty.
    package static func prepareForExport(_ folder: URL, force: Bool) throws {
        let path = folder.path
        let markFolder = try claimForExport(path, force: force)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FolderError(foundation: error, path: path, operation: .createFolder)
        }
        if markFolder { try mark(path) }
    }

    /// Whether `folder` holds Showcase's marker (a regular file starting with its first line).
    package static func isMarked(_ folder: String) -> Bool {
        let path = folder + "/" + markerName
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size < 4096,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        // Closing a file only read cannot lose anything; a read that fails reads as no marker,
        // and an unmarked folder is refused, which is the safe side.
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return String(decoding: head, as: UTF8.self).hasPrefix("Showcase output folder")
    }

    /// Writes the marker into a folder Showcase has just made or emptied. A marker already
    /// there is left as it is: rewritten (emptied, then written) it reads as none to anyone
    /// reading it meanwhile, such as a build's ledger read beside its download cache's opening.
    package static func mark(_ folder: String) throws {
        if isMarked(folder) { return }
        let path = folder + "/" + markerName
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FolderError.system(path, .writeFile) }
        defer { close(fd) }
        let bytes = Array(markerText.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else { throw FolderError.system(path, .writeFile) }
    }

    /// What is at a path, as far as the folder rules care.
    package enum FileKind: Sendable { case folder, symbolicLink, other }

    /// What is at `path`, or nil when nothing is.
    package static func fileKind(_ path: String, followingLinks: Bool = false) throws -> FileKind? {
        var st = stat()
        if (followingLinks ? stat(path, &st) : lstat(path, &st)) != 0 {
            if errno == ENOENT { return nil }
            throw FolderError.system(path, .list)
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The folder's entries, sorted, folders marked with a trailing `/`.
    package static func listing(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw FolderError.system(path, .list) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            names.append(entry.pointee.d_type == UInt8(DT_DIR) ? name + "/" : name)
        }
        return names.sorted()
    }

    /// Whether `outer` is `inner` or one of the folders above it.
    private static func contains(_ outer: String, _ inner: String) -> Bool {
        inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    /// The link's target for the message only (the refusal stands without it).
    private static func linkTarget(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
    }

    /// A mount point sits on another device than its parent (a disk, a tmpfs, a volume), or is
    /// listed in the kernel's mount table (a bind mount of a folder on the same disk).
    package static func isMountPoint(_ path: String, real: String) -> Bool {
        var here = stat()
        var parent = stat()
        if stat(path, &here) == 0, stat(path + "/..", &parent) == 0 {
            if here.st_dev != parent.st_dev || here.st_ino == parent.st_ino { return true }
        }
        return mountPoints().contains(real)
    }

    /// The mount points of this process's namespace, from `/proc/self/mountinfo` (Linux); the
    /// fifth field of each line, with spaces and other bytes written as `\040`-style escapes.
    private static func mountPoints() -> Set<String> {
        // No table (no /proc: macOS, some containers): the device check above still applies.
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        var points = Set<String>()
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count > 4 else { continue }
            points.insert(unescapeOctal(fields[4]))
        }
        return points
    }

    private static func unescapeOctal(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3, let code = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(code)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
