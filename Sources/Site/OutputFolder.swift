import CSystem
import Content
import Destination
import Diagnostics
import Foundation
import Support

#if canImport(Glibc)
import Glibc
import Synchronization
#endif

/// The build's destination, written all-or-nothing: pages go into a hidden staging folder
/// beside `output/`, which is swapped into place only when everything succeeded. A failed or
/// killed build leaves the previous site exactly as it was. Which folders may be replaced at
/// all is `Destination`'s rule; the staging folder carries the marker from its first moment.
/// With a ready `LiveOutput` (a preview's rebuild), files are written into `output/` itself
/// instead, and only those that changed (see `LiveOutput`). A build that trusts the last one's
/// `OutputLedger` writes into the old site kept as the spare, and only what changed.
struct OutputFolder: Sendable {
    let output: URL
    let staging: URL
    /// The folder written into: `staging.path`, or `output.path` in place. Taken once:
    /// `URL.path` builds a new string on every call, and there is one call per written file.
    let stagingPath: String
    let live: LiveOutput?
    /// The last build's files and this one's (a build, not a preview); with `reusing`, the
    /// staging folder is the old site kept as the spare, and only changed files are written.
    let ledger: OutputLedger?
    /// Writing into the served folder itself, only what changed.
    let isInPlace: Bool
    /// Writing only the files whose bytes changed, each renamed into place: in place, or into
    /// the spare a trusted ledger describes.
    private let writesChangesOnly: Bool
    /// The staging folder, open: files are created relative to it (`openat`), so the kernel
    /// resolves a short relative path instead of the whole absolute one for each of them.
    let directory = DirectoryHandle()
    /// Put in front of every path written (`zh-hant/`): the Traditional edition writes its
    /// pages, feeds and index with the same code into its own folder.
    var prefix = ""

    /// With `reuse` (a build without `--clean`), the last build's ledger is read and trusted
    /// when it describes the folder as it is; a preview's builds after its first keep none
    /// (``LiveOutput``).
    init(output: URL, live: LiveOutput? = nil, reuse: Bool = false) {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging")
        self.live = live
        // A preview's first build (not yet ready) reuses the last build's files as a build
        // does; its later builds write in place and keep no ledger.
        ledger = (live?.isReady ?? false) ? nil : OutputLedger(output: self.output.path, staging: staging.path, trustLast: reuse)
        // In place only over a folder that is still there as the last build left it.
        isInPlace = (live?.isReady ?? false) && Destination.isMarked(self.output.path)
        stagingPath = isInPlace ? self.output.path : staging.path
        writesChangesOnly = isInPlace || (ledger?.reusing ?? false)
    }

    /// Refuses an output folder that is, contains or sits inside the site's sources.
    static func check(output: URL, root: URL) throws {
        let out = output.standardizedFileURL.resolvingSymlinksInPath().path
        let sources = ["", "content", "templates"].map {
            ($0, root.appendingPathComponent($0).standardizedFileURL.resolvingSymlinksInPath().path)
        }
        for (name, path) in sources {
            if out == path || path.hasPrefix(out + "/") {
                throw ContentErrors([
                    Diagnostic(.error, BuildProblem.outputIsSource, at: SourceLocation(file: name.isEmpty ? output.lastPathComponent : name))
                ])
            }
            if !name.isEmpty, out.hasPrefix(path + "/") {
                throw ContentErrors([Diagnostic(.error, BuildProblem.outputContainsSources(name), at: SourceLocation(file: name))])
            }
        }
    }

    /// A fresh staging folder holding only the marker. What a killed build left there is
    /// removed first; a folder of that name that Showcase did not make is never touched.
    /// Returns the problems of a leftover that could not be removed (it is moved aside).
    func prepare() throws -> [FolderError] {
        live?.begin()
        if isInPlace {
            directory.open(stagingPath)
            return []
        }
        if let ledger, ledger.reusing { ledger.forget(ledger.changedByHand()) }
        if let ledger, ledger.reusing, let differing = ledger.spareNote {
            ledger.spareChanging()
            directory.open(stagingPath)
            bringSpareUpToDate(differing, ledger)
            return []
        }
        var leftovers: [FolderError] = []
        if let kind = try Destination.fileKind(stagingPath) {
            let ours = try kind == .folder && (Destination.isMarked(stagingPath) || Destination.listing(stagingPath).isEmpty)
            guard ours else {
                throw FolderError(stagingPath, .stagingTaken(output: output.path))
            }
            if let problem = Self.removeOrSetAside(stagingPath) { leftovers.append(problem) }
        }
        do {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw FolderError(foundation: error, path: output.deletingLastPathComponent().path, operation: .createFolder)
        }
        guard mkdir(stagingPath, 0o755) == 0 else { throw FolderError.system(stagingPath, .createFolder) }
        try Destination.mark(stagingPath)
        directory.open(stagingPath)
        if let ledger, ledger.reusing { linkLiveSite(ledger) }
        return leftovers
    }

    /// Deletes the folders above `relative` in `root` that are now empty.
    static func removeEmptyFolders(above relative: String, in root: String) {
        var folder = Substring(relative)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if rmdir(root + "/" + folder) != 0 { break }
        }
    }

    /// Deletes the files a new site no longer has from `root`, and their folders once empty.
    static func delete(gone files: [String], in root: String) {
        for relative in files.sorted(by: >) {
            unlink(root + "/" + relative)
            removeEmptyFolders(above: relative, in: root)
        }
    }

    /// Writes one file; `relative` comes from the URL scheme and never climbs out.
    ///
    /// Its folder is made first, and the folders above it only when that fails for want of
    /// them: no pass over every path before writing, no page waiting for another's folder, and
    /// for a page in a folder of its own (nearly all) two system calls, as few as any
    /// generator needs. Two workers making the same folder is harmless (`EEXIST`). With
    /// `folderMade`, the caller has made the folder (``makeFolder(_:)``) and no `mkdir` is
    /// tried: the search index writes 15,000 files into two folders.
    func write(_ relative: String, _ bytes: some ContiguousBytes, folderMade: Bool = false) throws {
        let relative = prefix.isEmpty ? relative : prefix + relative
        precondition(!Self.climbs(relative), "path escapes output: \(relative)")
        let unchanged = bytes.withUnsafeBytes { record(relative, FileSignature($0)) }
        if writesChangesOnly {
            if !unchanged { try replace(relative) { try writeNew($0, bytes, placedAs: relative) } }
            return
        }
        if !folderMade { makeFolders(above: relative) }
        try writeNew(relative, bytes)
    }

    /// Notes the file's signature for the preview and for the build's ledger; true when the
    /// folder written into holds those bytes already (as the ledger says when there is one:
    /// a preview's first build writes into the spare, not into the served folder).
    private func record(_ relative: String, _ signature: FileSignature) -> Bool {
        let served = live?.record(relative, signature) ?? false
        return ledger.map { $0.record(relative, signature) } ?? served
    }

    /// Files left as the last build wrote them; nil when everything was written.
    var unchangedFiles: Int? { ledger.flatMap { $0.reusing ? $0.unchanged : nil } }

    /// In a preview's rebuild in place, whether a newer save waits (see `LiveOutput`).
    var isSuperseded: Bool { live?.isSuperseded(inPlace: isInPlace) ?? false }

    /// In a preview's rebuild in place, throws `LiveOutput.Superseded` when a newer save waits.
    func stopIfSuperseded() throws {
        try live?.stopIfSuperseded(inPlace: isInPlace)
    }

    /// Makes the folder `relative` (and any missing above it), for the files then written
    /// into it with `folderMade`. A failure shows when the first file cannot be created.
    func makeFolder(_ relative: String) {
        makeFolders(above: (prefix.isEmpty ? relative : prefix + relative) + "/")
    }

    /// Creates (or empties) `relative` and writes `bytes` into it. For a build's ledger, notes
    /// which file `placedAs` (the path it is renamed to, if not `relative`) now holds.
    private func writeNew(_ relative: String, _ bytes: some ContiguousBytes, placedAs: String? = nil) throws {
        let fd = directory.createFile(relative, else: stagingPath + "/" + relative)
        guard fd >= 0 else { throw FolderError.system(stagingPath + "/" + relative, .writeFile) }
        defer {
            var st = stat()
            if let ledger, fstat(fd, &st) == 0 { ledger.placed(placedAs ?? relative, st) }
            close(fd)
        }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FolderError.system(stagingPath + "/" + relative, .writeFile)
                }
                offset += n
            }
        }
    }

    /// Puts an existing file (the download cache's) at `relative` as a hard link: no bytes are
    /// copied. Where the system cannot link (another disk, a filesystem without links), the
    /// bytes are written instead.
    func link(_ existing: String, to relative: String) throws {
        let relative = prefix.isEmpty ? relative : prefix + relative
        precondition(!Self.climbs(relative), "path escapes output: \(relative)")
        let unchanged = record(relative, FileSignature(linkTo: existing))
        if writesChangesOnly {
            guard !unchanged else { return }
            // The file there may be that file already: the download cache keeps the files a
            // build wrote by linking them, so the next build links the same file back (and a
            // rename onto another name of the same file does nothing, leaving the new name).
            // It is noted as placed, or the ledger would know no file for it and have it
            // written every time.
            if Self.isSameFile(existing, stagingPath + "/" + relative) {
                notePlaced(existing, as: relative)
            } else {
                try replace(relative) { try linkOrWrite(existing, to: $0, placedAs: relative) }
            }
            return
        }
        makeFolders(above: relative)
        if directory.link(existing, to: relative, else: stagingPath + "/" + relative) == 0 {
            notePlaced(existing, as: relative)
            return
        }
        guard let data = FileManager.default.contents(atPath: existing) else { throw FolderError.system(existing, .readFile) }
        var whole = self
        whole.prefix = ""
        try whole.write(relative, data)
    }

    /// A hard link to `existing` at `relative`, or its bytes where the system cannot link.
    private func linkOrWrite(_ existing: String, to relative: String, placedAs: String? = nil) throws {
        if directory.link(existing, to: relative, else: stagingPath + "/" + relative) == 0 {
            notePlaced(existing, as: placedAs ?? relative)
            return
        }
        guard let data = FileManager.default.contents(atPath: existing) else { throw FolderError.system(existing, .readFile) }
        try writeNew(relative, data, placedAs: placedAs)
    }

    /// For a build's ledger: `relative` is now a link of `existing`, the same file.
    private func notePlaced(_ existing: String, as relative: String) {
        var st = stat()
        if let ledger, stat(existing, &st) == 0 { ledger.placed(relative, st) }
    }

    /// Links the staged file at `relative` to `path` outside the staging folder (the download
    /// cache keeps the files a build wrote this way); false with `errno` set when it cannot.
    func linkOut(_ relative: String, to path: String) -> Bool {
        directory.linkOut(relative, to: path, else: stagingPath + "/" + relative) == 0
    }

    /// Puts a new file at `relative` in the served folder: made under a hidden name beside it
    /// by `make`, then renamed over the old one, so that a reader sees the old file or the new,
    /// never part of one — and a download hard-linked from the cache is replaced, never
    /// written through.
    private func replace(_ relative: String, _ make: (String) throws -> Void) throws {
        makeFolders(above: relative)
        clearTheWay(for: relative)
        let slash = relative.lastIndex(of: "/")
        let temporary =
            String(relative[..<(slash.map(relative.index(after:)) ?? relative.startIndex)])
            + "." + relative[(slash.map(relative.index(after:)) ?? relative.startIndex)...] + ".showcase-new"
        unlink(stagingPath + "/" + temporary)
        do { try make(temporary) } catch {
            // Never left behind: in the spare, the next exchange would put it live.
            unlink(stagingPath + "/" + temporary)
            throw error
        }
        guard rename(stagingPath + "/" + temporary, stagingPath + "/" + relative) == 0 else {
            let code = errno
            unlink(stagingPath + "/" + temporary)
            throw FolderError.system(stagingPath + "/" + relative, .writeFile, errno: code)
        }
    }

    /// Whether two paths name one file (hard links of each other).
    private static func isSameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        return stat(a, &first) == 0 && stat(b, &second) == 0 && first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Makes the folder `relative` goes into and any missing above it. A failure shows when
    /// the file cannot be created, whose error then names the path.
    func makeFolders(above relative: String) {
        var path = Array(relative.utf8)
        guard let last = path.lastIndex(of: 0x2F) else { return }
        path.append(0)
        path.withUnsafeMutableBufferPointer { path in
            // `path[..<end]` as a C string, by ending it there for the call.
            func make(_ end: Int) -> Bool {
                path[end] = 0
                defer { path[end] = 0x2F }
                let folder = UnsafeRawPointer(path.baseAddress!).assumingMemoryBound(to: CChar.self)
                if directory.makeFolder(folder, else: stagingPath) == 0 || errno == EEXIST { return true }
                guard errno == ENOENT, let up = path[..<end].lastIndex(of: 0x2F), make(up) else { return false }
                return directory.makeFolder(folder, else: stagingPath) == 0 || errno == EEXIST
            }
            _ = make(last)
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

    /// Puts the staged site in place. On Linux the two folders are exchanged in one atomic
    /// `renameat2(RENAME_EXCHANGE)`, so `output/` is at every instant either the old or the new site.
    /// Once the new site is in place the build has succeeded: an old site that cannot be deleted
    /// (files of another user) is set aside and returned as a problem to report, never thrown.
    func commit() throws -> [FolderError] {
        directory.close()
        if isInPlace {
            live?.finish(output: output.path, inPlace: true)
            return []
        }
        guard let ledger else {
            let (leftovers, _) = try swap(keepingOld: false)
            live?.finish(output: output.path, inPlace: false)
            return leftovers
        }
        let gone = ledger.reusing ? ledger.gone : []
        Self.delete(gone: gone, in: stagingPath)
        let (leftovers, kept) = try swap(keepingOld: ledger.reusing)
        if live == nil {
            ledger.save(keptSpare: kept, gone: gone)
        } else {
            // A preview writes into `output/` from now on: no ledger may describe it. The old
            // site stays beside it without a note, and the next build deletes it.
            OutputLedger.invalidate(output: output.path)
            live?.finish(output: output.path, inPlace: false)
        }
        return leftovers
    }

    /// Puts the staging folder live; the old site is deleted, or, `keepingOld`, left in the
    /// staging folder as the next build's spare (`kept`).
    private func swap(keepingOld: Bool) throws -> (leftovers: [FolderError], kept: Bool) {
        guard (try Destination.fileKind(output.path)) != nil else {
            guard rename(stagingPath, output.path) == 0 else { throw FolderError.system(output.path, .replace) }
            return ([], false)
        }
        if Self.exchange(stagingPath, output.path) {
            if keepingOld { return ([], true) }
            return (Self.removeOrSetAside(stagingPath).map { [$0] } ?? [], false)
        }
        guard errno == ENOSYS || errno == EINVAL else { throw FolderError.system(output.path, .replace) }
        // Fallback for systems without an atomic exchange: the old site steps aside under a
        // name of this process's own, then the new one takes its place.
        let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())").path
        guard rename(output.path, old) == 0 else { throw FolderError.system(output.path, .replace) }
        guard rename(stagingPath, output.path) == 0 else {
            let code = errno
            _ = rename(old, output.path)
            throw FolderError.system(output.path, .replace, errno: code)
        }
        return (Self.removeOrSetAside(old).map { [$0] } ?? [], false)
    }

    func discard() {
        directory.close()
        // In place, the folder may now hold part of the new site: the next build is a whole one.
        live?.failed()
        if isInPlace { return }
        if let ledger, ledger.reusing {
            // Kept as the spare, with a note of what this build may have changed in it.
            ledger.saveFailedSpare()
            return
        }
        _ = Self.removeOrSetAside(stagingPath)
    }

    private static func exchange(_ a: String, _ b: String) -> Bool {
        showcase_exchange_paths(a, b) == 0
    }
}
