import Foundation
import Support
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Content files parsed by one load, kept for the next load in the same process
/// (`showcase serve`): a file whose inode, size and modification and change times are those it
/// had when it was parsed is not read or parsed again; its entry, problems and references are
/// taken as they were. Everything a parse depends on besides the file itself (the choices, the
/// time zone, the base path, raw HTML, whether syntax trees are kept) is the cache's `settings`:
/// when they differ, every file is parsed again.
package final class ParseCache: Sendable {
    /// What `fstatat` says of a file; equal stamps are taken to mean equal bytes.
    struct Stamp: Equatable, Sendable {
        var device, inode: UInt64
        var size: Int64
        var modified, changed: Int64
    }

    /// A file's parse and the stamp it had. A class: reading a stamp out of the table then
    /// copies one reference, not the whole parse (a retain of each of the entry's strings:
    /// most of a patched load's time at 10,000 articles).
    private final class Kept: Sendable {
        let stamp: Stamp
        let parsed: ParsedFile

        init(_ stamp: Stamp, _ parsed: ParsedFile) {
            self.stamp = stamp
            self.parsed = parsed
        }
    }

    /// What the cache holds between loads, and what the current load parsed.
    private struct State {
        var files: [String: Kept] = [:]
        var settings = ""
        var parsedNow: [String] = []
        /// Files of the current load that are in `files` (taken from it or stored): when that is
        /// all of them, no file is gone and `end` has nothing to forget.
        var present = 0
        /// What the last load made, for the next to patch.
        var snapshot: LoadSnapshot?
        /// Loads begun so far; the current one's number.
        var loads = 0
        /// The number of the load the current one patched, if it did.
        var patchedLoad: Int?
        /// Whether that patch replaced entries whose front matter was unchanged: only bodies.
        var bodiesOnly = false
        /// The front matter hash of each file's last parse, kept or not (a file saved within
        /// the last tenth of a second is parsed again by the next load, and compared with this).
        var frontMatters: [String: Int] = [:]
        /// The files a watcher saw change since the last load began (``trust(changed:)``),
        /// for the next load, and the current load's.
        var toldChanged: Set<String>?
        var changedNow: Set<String>?
    }

    /// What a load made of the files it found, kept so that the next load, finding the same
    /// files with only a few of them changed, replaces those few entries in it rather than
    /// assembling, checking and sorting every entry again (`SiteLoader`'s patched load).
    struct LoadSnapshot: Sendable {
        /// The content files, in the order the load listed them.
        var paths: [String]
        /// `content/static/`'s files.
        var staticFiles: [String]
        var includeDrafts: Bool
        /// The loaded site: sorted, with its warnings.
        var site: SiteContent
        /// Each entry's kind and place in `site`'s sorted lists, by its file.
        var positions: [String: (kind: EntryKind, index: Int)]
        /// The number of the load whose site this is (set by ``ParseCache/keep(_:)``).
        var load = 0
    }
    private let state = Mutex(State())

    /// Empty: the first load parses every file; `showcase serve` keeps one for its whole session.
    package init() {}

    /// The content files (`content/articles/x.md`…) the last load read and parsed rather than
    /// took from the cache: a rebuild writes their pages first.
    package var lastParsed: [String] { state.withLock { $0.parsedNow } }

    /// Starts a load: everything is forgotten when the settings changed.
    func begin(settings: String) {
        state.withLock { state in
            if settings != state.settings {
                state.files = [:]
                state.frontMatters = [:]
                state.snapshot = nil
            }
            state.settings = settings
            state.parsedNow = []
            state.present = 0
            state.loads += 1
            state.patchedLoad = nil
            state.bodiesOnly = false
            (state.changedNow, state.toldChanged) = (state.toldChanged, nil)
        }
    }

    /// Tells the next load which files (relative to the site folder) changed since the last
    /// load began, as a watcher that misses nothing saw them (inotify; nil when it cannot
    /// say): that load looks only at those of the files it parsed before, instead of at all of
    /// them (``unchanged(_:rootFD:)``). A load not told this looks at every file.
    package func trust(changed: Set<String>?) {
        state.withLock { $0.toldChanged = changed }
    }

    /// The last load's number (from 1), and the number of the load it patched, if it did: its
    /// site is then that load's with only the entries of ``lastParsed`` replaced, each in
    /// its place (`SiteLoader`'s patched load).
    /// `bodiesOnly`: every entry it replaced had the front matter it had before, so that what
    /// is made from front matter alone (the index, the statistics, the page plan) stands.
    package var lastLoad: (number: Int, patched: Int?, bodiesOnly: Bool) {
        state.withLock { ($0.loads, $0.patchedLoad, $0.patchedLoad != nil && $0.bodiesOnly) }
    }

    /// Whether the last load patched the load before it.
    package var lastLoadWasPatched: Bool { lastLoad.patched != nil }

    /// What the last load made, when it is there to patch: taken out, so that a load that
    /// fails leaves none (the next load is a whole one).
    func takeSnapshot() -> LoadSnapshot? {
        state.withLock { state in
            defer { state.snapshot = nil }
            return state.snapshot
        }
    }

    /// A hash of a front matter's UTF-8 bytes (``ParsedFile/frontMatter``): two texts that
    /// differ in any byte differ here (almost surely), even where Swift's `String` equality
    /// takes them as the same text.
    static func frontMatterHash(_ yaml: String) -> Int {
        var yaml = yaml
        var hasher = Hasher()
        yaml.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }

    /// The hash of `path`'s front matter as last parsed (``ParsedFile/frontMatter``).
    func frontMatter(of path: String) -> Int? {
        state.withLock { $0.frontMatters[path] }
    }

    /// Keeps what this load made, for the next; `patched`: the snapshot was the last load's,
    /// patched, and `bodiesOnly` whether the entries it replaced kept their front matter.
    func keep(_ snapshot: LoadSnapshot, patched: Bool = false, bodiesOnly: Bool = false) {
        state.withLock { state in
            if patched {
                state.patchedLoad = snapshot.load
                state.bodiesOnly = bodiesOnly
            }
            var snapshot = snapshot
            snapshot.load = state.loads
            state.snapshot = snapshot
        }
    }

    /// Whether each of `paths` is as it was when its parse was kept (those count as present in
    /// this load, like parses taken from the cache). The files are looked at on every core,
    /// then compared under one lock: a lock per file kept the two cores waiting on each other.
    /// When a watcher said which files changed (``trust(changed:)``), only those are looked at:
    /// at 10,000 articles the stats were half of a preview's rebuild before its first page
    /// (about 40 ms of 140 on a loaded two-core machine, `perf`).
    func unchanged(_ paths: [String], rootFD: Int32) -> [Bool] {
        let told = state.withLock { $0.changedNow }
        let stamps: [Stamp?] =
            if let told {
                paths.map { told.contains($0) ? Self.stamp($0, rootFD: rootFD) : nil }
            } else {
                Parallel.map(paths) { Self.stamp($0, rootFD: rootFD) }
            }
        return state.withLock { state in
            var same = [Bool](repeating: false, count: paths.count)
            for i in paths.indices {
                guard let kept = state.files[paths[i]] else { continue }
                if let told, !told.contains(paths[i]) {
                    // Not changed since the last load began, which kept it.
                } else {
                    guard let stamp = stamps[i], kept.stamp == stamp else { continue }
                }
                same[i] = true
                state.present += 1
            }
            return same
        }
    }

    /// The parse of `path` (relative to the open site folder `rootFD`), from the cache when the
    /// file is unchanged, otherwise from `parse`, kept for the next load.
    func parsed(_ path: String, rootFD: Int32, parse: () -> ParsedFile) -> ParsedFile {
        let before = Self.stamp(path, rootFD: rootFD)
        if let before,
            let kept = state.withLock({ state -> ParsedFile? in
                guard let kept = state.files[path], kept.stamp == before else { return nil }
                state.present += 1
                return kept.parsed
            })
        {
            return kept
        }
        let parsed = parse()
        // Kept only when the file did not change while it was read, and not within the last
        // tenth of a second: the kernel's clock for file times moves in ticks of a few
        // milliseconds, so a save in the same tick as this one would leave the same stamp
        // (git's "racily clean" rule).
        let after = Self.stamp(path, rootFD: rootFD)
        let settled = after.map { Self.now() - $0.modified > 100_000_000 && Self.now() - $0.changed > 100_000_000 } ?? false
        state.withLock { state in
            state.parsedNow.append(path)
            state.frontMatters[path] = parsed.frontMatter
            if let before, before == after, settled {
                state.files[path] = Kept(before, parsed)
                state.present += 1
            } else {
                state.files[path] = nil
            }
        }
        return parsed
    }

    /// Ends a load: files no longer in the content are forgotten. `paths` is asked for only
    /// then: a rebuild after a save has none to forget, and copying the table was a tenth of
    /// its load at 10,000 articles.
    func end(keeping paths: () -> Set<String>) {
        state.withLock { state in
            if state.files.count != state.present {
                let paths = paths()
                state.files = state.files.filter { paths.contains($0.key) }
                state.frontMatters = state.frontMatters.filter { paths.contains($0.key) }
            }
            state.parsedNow.sort()
        }
    }

    /// The settings of a load, with the stamps of `site.yaml` and the data files that decide them.
    static func settings(root: URL, config: SiteConfig, keepSyntaxTrees: Bool, digests: Bool) -> String {
        var text = "\(config.basePath)|\(config.rawHTML)|\(config.timeZoneIdentifier)|\(keepSyntaxTrees)|\(digests)"
        let data = root.appendingPathComponent("content/data").path
        // A data folder that cannot be listed fails the load itself (Choices, SiteLoader), with
        // its location; the settings made without it are never used.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []).sorted()
        for path in [root.appendingPathComponent("content/site.yaml").path] + names.map({ data + "/" + $0 }) {
            let s = stamp(path, rootFD: AT_FDCWD)
            text += "|\(path) \(s.map { "\($0.inode) \($0.size) \($0.modified) \($0.changed)" } ?? "-")"
        }
        return text
    }

    private static func stamp(_ path: String, rootFD: Int32) -> Stamp? {
        var st = stat()
        guard fstatat(rootFD, path, &st, 0) == 0 else { return nil }
        return Stamp(
            device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
            modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            changed: Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec))
    }

    private static func now() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
