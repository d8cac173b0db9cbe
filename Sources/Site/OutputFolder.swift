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
    private let stagingPath: String
    private let live: LiveOutput?
    /// The last build's files and this one's (a build, not a preview); with `reusing`, the
    /// staging folder is the old site kept as the spare, and only changed files are written.
    private let ledger: OutputLedger?
    /// Writing into the served folder itself, only what changed.
    let isInPlace: Bool
    /// The staging folder, open: files are created relative to it (`openat`), so the kernel
    /// resolves a short relative path instead of the whole absolute one for each of them.
    private let directory = DirectoryHandle()
    /// Put in front of every path written (`zh-hant/`): the Traditional edition writes its
    /// pages, feeds and index with the same code into its own folder.
    var prefix = ""

    /// With `reuse` (a build without `--clean`), the last build's ledger is read and trusted
    /// when it describes the folder as it is; a preview's builds keep none (``LiveOutput``).
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

    /// Makes the fresh staging folder a copy of the live site out of hard links, one per file
    /// the ledger lists, on all cores: about a tenth of what writing the files costs. A file
    /// that is not there (deleted by hand) is forgotten, and written as new.
    private func linkLiveSite(_ ledger: OutputLedger) {
        let files = ledger.previousFiles
        let missing = Mutex([String]())
        Parallel.forEach(files.count) { i in
            if !linkLive(files[i]) { missing.withLock { $0.append(files[i]) } }
        }
        ledger.forget(missing.withLock { $0 })
    }

    /// Brings the spare up to date with the live site: each file in which the note says they
    /// differ is deleted, and linked in again from `output/` when the live site has it.
    private func bringSpareUpToDate(_ differing: [String], _ ledger: OutputLedger) {
        var missing: [String] = []
        for relative in differing {
            unlink(stagingPath + "/" + relative)
            if ledger.previous(relative) != nil {
                if !linkLive(relative) { missing.append(relative) }
            } else {
                removeEmptyFolders(above: relative)
            }
        }
        ledger.forget(missing)
    }

    /// Links the live site's file at `relative` into the staging folder; false when it cannot.
    private func linkLive(_ relative: String) -> Bool {
        let live = output.path + "/" + relative
        if directory.link(live, to: relative, else: stagingPath + "/" + relative) == 0 { return true }
        guard errno == ENOENT else { return false }
        makeFolders(above: relative)
        return directory.link(live, to: relative, else: stagingPath + "/" + relative) == 0
    }

    /// Deletes the folders above `relative` in the staging folder that are now empty.
    private func removeEmptyFolders(above relative: String) {
        var folder = Substring(relative)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if rmdir(stagingPath + "/" + folder) != 0 { break }
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
        if let live {
            let unchanged = bytes.withUnsafeBytes { live.record(relative, FileSignature($0)) }
            if isInPlace {
                if !unchanged { try replace(relative) { try writeNew($0, bytes) } }
                return
            }
        }
        if let ledger {
            let unchanged = bytes.withUnsafeBytes { ledger.record(relative, FileSignature($0)) }
            if ledger.reusing {
                if !unchanged { try replace(relative) { try writeNew($0, bytes, placedAs: relative) } }
                return
            }
        }
        if !folderMade { makeFolders(above: relative) }
        try writeNew(relative, bytes)
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
        if let live, isInPlace {
            if live.record(relative, FileSignature(linkTo: existing)) { return }
            // The served file may be that file already: the download cache keeps the files a
            // build wrote by linking them, so the next build links the same file back (and a
            // rename onto another name of the same file does nothing, leaving the new name).
            if Self.isSameFile(existing, stagingPath + "/" + relative) { return }
            try replace(relative) { try linkOrWrite(existing, to: $0) }
            return
        }
        _ = live?.record(relative, FileSignature(linkTo: existing))
        if let ledger {
            let unchanged = ledger.record(relative, FileSignature(linkTo: existing))
            if ledger.reusing {
                guard !unchanged else { return }
                // The spare's file may be that file already (see below): it is noted as placed,
                // or the ledger would know no file for it and have it written every time.
                if Self.isSameFile(existing, stagingPath + "/" + relative) {
                    notePlaced(existing, as: relative)
                } else {
                    try replace(relative) { try linkOrWrite(existing, to: $0, placedAs: relative) }
                }
                return
            }
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

    /// Deletes what the old site has in the way of `relative`: a file where one of its folders
    /// goes, or a folder where it goes (a static file `docs` that became a folder `docs/`, or
    /// the other way round). The new site cannot have both, and a clean build would not meet them.
    private func clearTheWay(for relative: String) {
        var st = stat()
        let target = stagingPath + "/" + relative
        if lstat(target, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { _ = showcase_remove_tree(target) }
            return
        }
        guard errno == ENOTDIR else { return }
        var folder = Substring(relative)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            let path = stagingPath + "/" + folder
            if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR {
                unlink(path)
                makeFolders(above: relative)
                return
            }
        }
    }

    /// Whether two paths name one file (hard links of each other).
    private static func isSameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        return stat(a, &first) == 0 && stat(b, &second) == 0 && first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Makes the folder `relative` goes into and any missing above it. A failure shows when
    /// the file cannot be created, whose error then names the path.
    private func makeFolders(above relative: String) {
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
        if ledger.reusing {
            for relative in ledger.gone.sorted(by: >) {
                unlink(stagingPath + "/" + relative)
                removeEmptyFolders(above: relative)
            }
        }
        let (leftovers, kept) = try swap(keepingOld: ledger.reusing)
        if live == nil {
            ledger.save(keptSpare: kept)
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

    /// Deletes a folder of Showcase's; when that fails part-way, renames what is left to a
    /// name no build uses, so the next build's staging folder is free, and says where it is.
    private static func removeOrSetAside(_ path: String) -> FolderError? {
        do {
            try removeTree(path)
            return nil
        } catch let error as FolderError {
            let aside = path + "-left-\(Int(Date().timeIntervalSince1970))"
            return rename(path, aside) == 0 ? FolderError(aside, error.problem) : error
        } catch {
            return FolderError(foundation: error, path: path, operation: .removeOld)
        }
    }

    /// Deletes the previous site after the swap. A site has tens of thousands of files, and
    /// `FileManager.removeItem` took longer than writing them, so the folders one level down
    /// (each article's, each organization's…) are removed with `nftw` on all cores. The marker
    /// goes last: a folder only partly deleted is still known as Showcase's.
    static func removeTree(_ path: String) throws {
        // A folder that cannot be listed is removed whole below, and that removal reports it.
        func entries(_ dir: String) -> [String] {
            ((try? Destination.listing(dir)) ?? []).map { dir + "/" + ($0.hasSuffix("/") ? String($0.dropLast()) : $0) }
        }
        func isDirectory(_ p: String) -> Bool {
            var st = stat()
            return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        }
        let marker = path + "/" + Destination.markerName
        let top = entries(path).filter { $0 != marker }
        let folders = top.filter(isDirectory)
        let pieces = top.filter { !isDirectory($0) } + folders.flatMap(entries)
        let failed = Mutex<FolderError?>(nil)
        Parallel.forEach(pieces.count) { i in
            guard showcase_remove_tree(pieces[i]) != 0 else { return }
            let error = FolderError.system(pieces[i], .removeOld)
            failed.withLock { $0 = $0 ?? error }
        }
        if let error = failed.withLock({ $0 }) { throw error }
        for folder in folders where rmdir(folder) != 0 { throw FolderError.system(folder, .removeOld) }
        if unlink(marker) != 0, errno != ENOENT { throw FolderError.system(marker, .removeOld) }
        if rmdir(path) != 0 { throw FolderError.system(path, .removeOld) }
    }

    private static func exchange(_ a: String, _ b: String) -> Bool {
        showcase_exchange_paths(a, b) == 0
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

    // The other path of each call below is only made when the folder is not open (an
    // autoclosure): made every time, it was a string allocated and freed for every file.

    /// A new or emptied file at `relative`, or at `path` when the folder is not open.
    func createFile(_ relative: String, else path: @autoclosure () -> String) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        return fd >= 0 ? openat(fd, relative, flags, 0o644) : Glibc.open(path(), flags, 0o644)
    }

    /// A hard link to `existing` at `relative`, or at `path` when the folder is not open.
    func link(_ existing: String, to relative: String, else path: @autoclosure () -> String) -> Int32 {
        fd >= 0 ? linkat(AT_FDCWD, existing, fd, relative, 0) : Glibc.link(existing, path())
    }

    /// A hard link at `path` to the file at `relative`, or to the one at `existing` when the folder is not open.
    func linkOut(_ relative: String, to path: String, else existing: @autoclosure () -> String) -> Int32 {
        fd >= 0 ? linkat(fd, relative, AT_FDCWD, path, 0) : Glibc.link(existing(), path)
    }

    /// `mkdir` of `relative`, or of it inside `base` when the folder is not open.
    func makeFolder(_ relative: UnsafePointer<CChar>, else base: String) -> Int32 {
        fd >= 0 ? mkdirat(fd, relative, 0o755) : mkdir(base + "/" + String(cString: relative), 0o755)
    }
}
