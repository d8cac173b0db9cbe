import Destination
import Foundation
import Support
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the last build put in the output folder — every file with its ``FileSignature`` — kept
/// in the cache folder beside it (`.output.cache/files`), so that the next build writes only
/// the files whose bytes changed, into the folder the build before left behind: the *spare*.
///
/// A build is all-or-nothing: the new site is made in the hidden folder beside `output/` and
/// goes live by one atomic exchange of the two folders. Written whole, that is every one of a
/// 10,000-article site's 52,000 files, and afterwards the old site's 52,000 deleted: most of
/// what a build spends outside its own work when one article changed. So after the exchange
/// the old site stays in the hidden folder as the spare, and a note (`.output.cache/spare`)
/// lists the files in which it differs from the live one: those this build changed. The next
/// build brings the spare up to date by hard-linking those few files in from `output/`, writes
/// only the files whose signature changed — each as a new file renamed into place, since the
/// spare's other files are links of the live ones and must never be written through —
/// deletes those the site no longer has, and exchanges again. With no spare (the build after a
/// first or `--clean` one), the spare is made of hard links to every live file.
///
/// Trusted only when sure. The ledger names the folder it describes by device, inode and
/// change time (which the exchange sets, and any file added to or removed from the folder's
/// top changes), the note names both folders the same way, and the note is deleted before the
/// spare is touched. Another version's ledger, a preview that wrote into `output/` (its first
/// build deletes both files), a build killed at any moment, `--clean`, a file added to or
/// deleted from one of `output/`'s folders by hand (the folder's modification time is listed
/// too): the names or times do not match, or a file is missing, and the build writes every
/// file into a fresh folder as a first build does. A file changed or deleted by hand has
/// another inode or modification time than the ledger lists, and is written again.
final class OutputLedger: Sendable {
    /// A folder as the ledger and the note name it.
    struct FolderIdentity: Equatable, Sendable {
        var device, inode: UInt64
        var changed, changedNanoseconds: Int64

        /// The folder at `path` (not followed if a link), or nil when there is none.
        init?(_ path: String) {
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return nil }
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
            changed = Int64(st.st_ctim.tv_sec)
            changedNanoseconds = Int64(st.st_ctim.tv_nsec)
        }

        init?(_ text: Substring) {
            let fields = text.split(separator: " ")
            guard fields.count == 4, let d = UInt64(fields[0]), let i = UInt64(fields[1]), let c = Int64(fields[2]),
                let n = Int64(fields[3])
            else { return nil }
            (device, inode, changed, changedNanoseconds) = (d, i, c, n)
        }

        var text: String { "\(device) \(inode) \(changed) \(changedNanoseconds)" }
    }

    /// Which file a path holds and when it was last written: a file deleted, replaced or
    /// written to by hand in `output/` has another, and is written again.
    struct FileStamp: Equatable, Sendable {
        var inode: UInt64
        var modified: Int64

        init(inode: UInt64, modified: Int64) {
            self.inode = inode
            self.modified = modified
        }

        init(_ st: stat) {
            inode = UInt64(st.st_ino)
            modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        }
    }

    /// A file of the last build: what it holds, and which file it is.
    struct Entry: Sendable {
        var signature: FileSignature
        var stamp: FileStamp
    }

    /// Stands for a file whose bytes are not known (it was changed by hand): no file has it.
    static let unknown = FileSignature(size: -2, hash: 0)

    static let ledgerHeader = "showcase-output-files 3"
    static let noteHeader = "showcase-spare 1"

    /// Whether the last build's files are trusted: the hidden folder is then the spare,
    /// brought up to date before this build writes (``spareNote`` says whether it is there to
    /// be brought up to date, or is made of links), and only changed files are written.
    let reusing: Bool
    /// The files in which the spare differs from the live site, when the note vouches for the
    /// spare; nil when there is none to trust.
    let spareNote: [String]?
    private let output: String
    private let staging: String
    private let cache: String
    private let state: Mutex<State>

    private struct State {
        /// The live site's files, as the last build left them.
        var previous: [String: Entry]
        /// This build's files, as written so far.
        var current: [String: FileSignature] = [:]
        /// Which file each written path holds now.
        var placed: [String: FileStamp] = [:]
        /// Files found to hold already what this build would write.
        var unchanged = 0
    }

    /// The ledger of the build into `output`, made in `staging`. With `trustLast` false
    /// (`--clean`) nothing of the last build is read.
    init(output: String, staging: String, trustLast: Bool) {
        self.output = output
        self.staging = staging
        let cache = Self.cacheFolder(for: output)
        self.cache = cache
        let identity = FolderIdentity(output)
        let read = trustLast && Destination.isMarked(output) ? identity.flatMap { Self.readLedger(cache, output: $0) } : nil
        // A file added to or deleted from a folder of `output/` by hand changes the folder's
        // modification time: then nothing is trusted, and the build replaces the whole folder
        // as it always did (the marker says a file put there goes with the old site).
        let previous = read.flatMap { Self.foldersUnchanged($0.folders, in: output) ? $0.files : nil }
        reusing = previous != nil
        state = Mutex(State(previous: previous ?? [:]))
        spareNote = previous != nil ? identity.flatMap { Self.readNote(cache, output: $0, spare: staging) } : nil
    }

    /// `.output.cache`, beside the output folder; the download cache's folder too.
    static func cacheFolder(for output: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).cache").path
    }

    /// Deletes the ledger and the note of the builds into `output`: a preview is about to make
    /// the folder something they do not describe.
    static func invalidate(output: String) {
        let cache = cacheFolder(for: output)
        unlink(cache + "/spare")
        unlink(cache + "/files")
        RenderRecord.remove(output: output)
    }

    /// The live site's files the ledger lists.
    var previousFiles: [String] { state.withLock { Array($0.previous.keys) } }

    /// Whether the live site's file at `relative` was listed with this signature.
    func previous(_ relative: String) -> FileSignature? { state.withLock { $0.previous[relative]?.signature } }

    /// Files of the live site that are not as the ledger says (changed or deleted by hand, or
    /// not linked into the spare): they are written as new, or deleted if the site has them no more.
    func forget(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        state.withLock { state in for p in paths { state.previous[p]?.signature = Self.unknown } }
    }

    /// The live site's files that are not the files the ledger lists (another inode or
    /// modification time, or none), looked up on all cores: about 50,000 `fstatat` calls at
    /// 10,000 articles, a few hundredths of a second.
    func changedByHand() -> [String] {
        let entries = state.withLock { Array($0.previous) }
        let folder = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return entries.map(\.key) }
        defer { close(folder) }
        let changed = Mutex([String]())
        Parallel.forEach(entries.count) { i in
            var st = stat()
            if fstatat(folder, entries[i].key, &st, AT_SYMLINK_NOFOLLOW) == 0, FileStamp(st) == entries[i].value.stamp { return }
            changed.withLock { $0.append(entries[i].key) }
        }
        return changed.withLock { $0 }
    }

    /// Notes which file a path written by this build holds.
    func placed(_ relative: String, _ st: stat) {
        let stamp = FileStamp(st)
        state.withLock { $0.placed[relative] = stamp }
    }

    /// The note no longer vouches for the spare: it is about to change.
    func spareChanging() { unlink(cache + "/spare") }

    /// Notes that `relative` now holds `signature`; true when it holds it already: written so
    /// in this build (the sitemap is written twice with both editions), or there since the last.
    func record(_ relative: String, _ signature: FileSignature) -> Bool {
        state.withLock { state in
            let there = state.current[relative] ?? state.previous[relative]?.signature
            state.current[relative] = signature
            guard there == signature else { return false }
            state.unchanged += 1
            return true
        }
    }

    /// The signatures of `paths`, as the last build left them (`previous`) or as this build
    /// wrote or kept them so far: one look-up under the lock for all.
    func signatures(of paths: [String], previous: Bool) -> [FileSignature?] {
        state.withLock { state in paths.map { previous ? state.previous[$0]?.signature : state.current[$0] } }
    }

    /// Keeps `bytes` as the file `name` of the cache folder (made when missing), through a
    /// temporary file and a rename; false when it cannot.
    func keepInCache(_ bytes: [UInt8], as name: String) -> Bool {
        ensureCacheFolder() && write(Data(bytes), to: name)
    }

    /// Deletes the cache folder's file `name`, when the folder is Showcase's.
    func dropCached(_ name: String) {
        if Destination.isMarked(cache) { unlink(cache + "/" + name) }
    }

    /// The cache folder's file `name`, when the folder is Showcase's.
    func cached(_ name: String) -> [UInt8]? {
        guard Destination.isMarked(cache), let data = FileManager.default.contents(atPath: cache + "/" + name) else { return nil }
        return [UInt8](data)
    }

    /// Files of this build that held already what it would write.
    var unchanged: Int { state.withLock { $0.unchanged } }

    /// The live site's files this build did not write: the new site does not have them.
    var gone: [String] {
        state.withLock { state in state.previous.keys.filter { state.current[$0] == nil } }
    }

    /// Saves the ledger of the site just put live, and, when the old site was kept as the
    /// spare (``reusing``: its files are the ledger's previous ones), the note of how the two
    /// differ. Anything that fails leaves no file to trust: the next build writes everything.
    /// `gone` are the live site's files this build did not write (``gone``), which the kept
    /// spare still has.
    func save(keptSpare: Bool, gone: [String]) {
        let (previous, current, placed) = state.withLock { ($0.previous, $0.current, $0.placed) }
        guard let identity = FolderIdentity(output), ensureCacheFolder() else { return Self.invalidate(output: output) }
        // One pass over the files, after the swap and before the process can end: each path
        // is looked up once in the last ledger, for its line and for the note alike, and its
        // folders are gathered on the way. Each of these was a pass of its own over 52,000
        // paths, and the note's lookups (hashing every path again) were a quarter of the save's time
        // (BENCHMARKS.md, fourteenth session).
        // Into one buffer: a string grown by `+=` line by line took a fifth of a second at
        // 52,000 files.
        var text = ByteBuffer(capacity: current.count * 72)
        text.append(Self.ledgerHeader + "\noutput " + identity.text + "\n")
        var changed: [String] = []
        var folders = Set<Substring>()
        for (path, signature) in current {
            guard !path.utf8.contains(0x0A) else { return Self.invalidate(output: output) }
            let before = previous[path]
            if before?.signature != signature { changed.append(path) }
            // A file left as it was is the last build's file; one of neither kind is never matched.
            let stamp = placed[path] ?? before.flatMap { $0.signature == signature ? $0.stamp : nil } ?? FileStamp(inode: 0, modified: 0)
            text.append(String(signature.hash, radix: 16))
            text.append(" ")
            text.append(String(signature.size))
            text.append(" ")
            text.append(String(stamp.inode))
            text.append(" ")
            text.append(String(stamp.modified))
            text.append(" ")
            text.append(path)
            text.append("\n")
            Self.addFolders(of: path, to: &folders)
        }
        guard let times = Self.times(of: folders, in: output) else { return Self.invalidate(output: output) }
        text.append("folders \(times.count)\n")
        for (path, modified) in times {
            text.append(String(modified))
            text.append(" ")
            text.append(path)
            text.append("\n")
        }
        // A ledger cut short (a full disk) lacks its last line, and is not trusted.
        text.append("end \(current.count) \(times.count)\n")
        guard text.withUnsafeBytes({ write(Data($0), to: "files") }) else { return Self.invalidate(output: output) }
        if keptSpare { saveNote(changed + gone) }
    }

    /// After a failed build that had begun the spare: a note listing every file it may have
    /// changed, so that the next build brings it back instead of making it again (before the
    /// exchange the spare still has the files the build would have deleted, as the live site does).
    func saveFailedSpare() {
        guard reusing else { return }
        let (previous, current) = state.withLock { ($0.previous, $0.current) }
        saveNote(current.compactMap { path, signature in previous[path]?.signature != signature ? path : nil })
    }

    /// The note of the files in which the spare differs from `output/` (``spareNote``).
    private func saveNote(_ differing: [String]) {
        guard let spare = FolderIdentity(staging), let live = FolderIdentity(output) else { return }
        // Into one buffer, as the ledger is: after a build that wrote every page the note
        // lists them all.
        var note = ByteBuffer(capacity: 4096)
        note.append(Self.noteHeader + "\nspare " + spare.text + "\noutput " + live.text + "\n")
        for path in differing {
            note.append(path)
            note.append("\n")
        }
        _ = note.withUnsafeBytes { write(Data($0), to: "spare") }
    }

    /// Writes `name` in the cache folder through a temporary file and a rename.
    private func write(_ data: Data, to name: String) -> Bool {
        let path = cache + "/" + name
        let temporary = path + ".tmp-\(getpid())"
        guard (try? data.write(to: URL(fileURLWithPath: temporary))) != nil, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// The cache folder, made and marked when missing; false when a folder of that name is
    /// not Showcase's.
    private func ensureCacheFolder() -> Bool {
        if Destination.isMarked(cache) { return true }
        if mkdir(cache, 0o755) != 0 {
            // Made a moment ago by the other edition's search index saving its memo, or empty.
            guard errno == EEXIST else { return false }
            if Destination.isMarked(cache) { return true }
            guard (try? Destination.listing(cache))?.isEmpty == true else { return false }
        }
        return (try? Destination.mark(cache)) != nil
    }

    /// Adds the folders above `path` to `names`, stopping at the first already there.
    private static func addFolders(of path: String, to names: inout Set<Substring>) {
        var folder = Substring(path)
        // By the byte: finding a `/` by characters was most of this loop's time.
        while let slash = folder.utf8.lastIndex(of: 0x2F) {
            folder = folder[..<slash]
            if !names.insert(folder).inserted { break }
        }
    }

    /// Each of the folders `names` with its modification time, read on all cores; nil when
    /// `output` cannot be opened.
    private static func times(of names: Set<Substring>, in output: String) -> [(String, Int64)]? {
        let list = Array(names)
        let times = Mutex([(String, Int64)]())
        // Relative to the open folder, as `foldersUnchanged` reads them: the kernel walks a
        // short path instead of the whole absolute one.
        let top = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return nil }
        defer { close(top) }
        Parallel.forEach(list.count) { i in
            var st = stat()
            guard fstatat(top, String(list[i]), &st, AT_SYMLINK_NOFOLLOW) == 0 else { return }
            let modified = FileStamp(st).modified
            times.withLock { $0.append((String(list[i]), modified)) }
        }
        return times.withLock { $0 }
    }
}
