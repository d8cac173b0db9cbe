import Content
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What a long-running preview (`showcase serve`) keeps between its builds, so that a save
/// costs what it changed rather than a whole build: the parsed content files (`parses`) and a
/// signature of every file in the output folder.
///
/// The first build is an ordinary one (staging folder, swap) that notes each file's signature.
/// From then on a build runs the same pipeline — every page, feed and index shard is made
/// exactly as a clean build makes it — but writes into the served folder itself, and only the
/// files whose bytes differ from what is there (each through a temporary file and a rename, so
/// the server never hands out half a file); files the new site no longer has are deleted. The
/// folder therefore ends up byte for byte what a clean build would write. A build that fails
/// part-way forgets the signatures: the next one is an ordinary build again.
package final class LiveOutput: Sendable {
    /// A file's size and a hash of its bytes, or of the path of the cached file it links to.
    struct Signature: Equatable {
        var size: Int
        var hash: Int

        init(_ bytes: UnsafeRawBufferPointer) {
            var h = Hasher()
            h.combine(bytes: bytes)
            size = bytes.count
            hash = h.finalize()
        }

        init(linkTo existing: String) {
            var h = Hasher()
            h.combine(existing)
            size = -1
            hash = h.finalize()
        }
    }

    /// Thrown by a rebuild in place that stopped after its pages because a newer save is
    /// waiting: the search index and the downloads are left to the next build.
    package struct Superseded: Error {}

    private struct State {
        /// Whether `previous` describes the output folder as it is.
        var ready = false
        /// The last build stopped early: the folder is not yet all a clean build would write.
        var incomplete = false
        var previous: [String: Signature] = [:]
        var current: [String: Signature] = [:]
    }

    /// Parses kept for the next load: only changed files are read and parsed again.
    package let parses = ParseCache()
    private let state = Mutex(State())
    /// Told when the pages are in the served folder, before the search index and downloads.
    private let pagesDone: @Sendable () -> Void
    /// Whether a newer save is waiting to be built.
    private let newerSave: @Sendable () -> Bool
    /// Set while a build must run to the end (the preview is stopping).
    private let mustFinish = Mutex(false)

    /// Both closures come from the preview: it reloads the browser once the pages are written,
    /// and knows whether a newer save waits (then a rebuild stops early).
    package init(pagesWritten: @escaping @Sendable () -> Void = {}, newerSave: @escaping @Sendable () -> Bool = { false }) {
        pagesDone = pagesWritten
        self.newerSave = newerSave
    }

    /// Whether the last build stopped early (`Superseded`), leaving work to the next.
    package var isIncomplete: Bool { state.withLock { $0.incomplete } }

    /// Builds from now on run to the end, newer saves or not: the preview is stopping.
    package func finishEveryBuild() { mustFinish.withLock { $0 = true } }

    /// Whether a build in place should leave the rest of its work to a newer save: the pages
    /// not yet written keep their files and signatures, and the next build compares them again.
    func isSuperseded(inPlace: Bool) -> Bool {
        inPlace && !mustFinish.withLock({ $0 }) && newerSave()
    }

    /// After the pages and between the phases after them: throws `Superseded` when a newer save is waiting,
    /// so that it is built at once instead of after the search index and downloads of this
    /// one. What was written so far is noted as there; the files the site no longer has are
    /// left for the build that completes.
    func stopIfSuperseded(inPlace: Bool) throws {
        guard isSuperseded(inPlace: inPlace) else { return }
        state.withLock { state in
            state.previous.merge(state.current) { $1 }
            state.current = [:]
            state.incomplete = true
        }
        throw Superseded()
    }

    /// Whether the next build may write into the output folder in place.
    var isReady: Bool { state.withLock { $0.ready } }

    /// A build that failed. One that wrote files may have left part of a new site in the
    /// folder: everything is forgotten, and the next build is an ordinary one. One that wrote
    /// nothing (or stopped for a newer save, having noted what it wrote) leaves things as noted.
    func failed() {
        state.withLock { state in
            if !state.current.isEmpty { state = State() }
        }
    }

    func begin() {
        state.withLock { $0.current = [:] }
    }

    /// Notes that `relative` now holds `signature`; true when it held that already.
    func record(_ relative: String, _ signature: Signature) -> Bool {
        state.withLock { state in
            // Written already in this build (a page written first), or there since the last.
            let there = state.current[relative] ?? (state.ready ? state.previous[relative] : nil)
            state.current[relative] = signature
            return there == signature
        }
    }

    /// Ends a build that went live. In place, the files the new site no longer has are deleted
    /// (and their folders, once empty).
    func finish(output: String, inPlace: Bool) {
        let gone: [String] = state.withLock { state in
            defer {
                state.previous = state.current
                state.current = [:]
                state.ready = true
                state.incomplete = false
            }
            return inPlace ? state.previous.keys.filter { state.current[$0] == nil } : []
        }
        for relative in gone.sorted(by: >) {
            unlink(output + "/" + relative)
            var folder = Substring(relative)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if rmdir(output + "/" + folder) != 0 { break }
            }
        }
    }

    /// The pages of the content files the load just parsed again, which a build in place
    /// writes before all the others: they are the ones the person who saved is looking at.
    func pagesFirst(_ pages: [PlannedPage], inPlace: Bool) -> [PlannedPage] {
        guard inPlace else { return [] }
        let changed = Set(parses.lastParsed)
        guard !changed.isEmpty, changed.count < 64 else { return [] }
        return pages.filter { $0.sources.first.map(changed.contains) ?? false }
    }

    func pagesWritten(inPlace: Bool) {
        if inPlace { pagesDone() }
    }
}
