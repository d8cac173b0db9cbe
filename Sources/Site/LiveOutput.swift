import Content
import Dispatch
import Foundation
import Stats
import Synchronization
import Templates

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
///
/// A build in place says which files it changed (``init(changed:newerSave:)``) as soon as each
/// group is written — the pages of the files just saved first, then the other pages, then what
/// was deleted — so that the preview reloads only the open pages that changed, and the page being
/// edited before the rest of the site is made.
package final class LiveOutput: Sendable {
    /// Thrown by a rebuild in place that stopped after its pages because a newer save is
    /// waiting: the search index and the downloads are left to the next build.
    package struct Superseded: Error {}

    private struct State {
        /// Whether `previous` describes the output folder as it is.
        var ready = false
        /// The last build stopped early: the folder is not yet all a clean build would write.
        var incomplete = false
        var previous: [String: FileSignature] = [:]
        var current: [String: FileSignature] = [:]
        /// Files of a build in place whose bytes changed, not yet told to the preview.
        var unreported: [String] = []
        /// This build stopped for a newer save (``stopIfSuperseded(inPlace:)``).
        var stopped = false
    }

    /// Parses kept for the next load: only changed files are read and parsed again.
    package let parses = ParseCache()
    /// What the last build made (its content, contexts and pages), and what builds before it
    /// made, to be let go of once the next build's first pages are out (``keep(_:)``).
    private let states = Mutex<(last: BuildState?, older: [BuildState])>((nil, []))
    private let state = Mutex(State())
    /// Told, during a build in place, which files (relative to the output folder) it changed,
    /// and whether they are the pages of the files just saved (the first group).
    private let changed: @Sendable (_ files: [String], _ savedPages: Bool) -> Void
    /// Whether a newer save is waiting to be built.
    private let newerSave: @Sendable () -> Bool
    /// Set while a build must run to the end (the preview is stopping).
    private let mustFinish = Mutex(false)

    /// Both closures come from the preview: `changed` is told, during each build in place, the
    /// files it changed (possibly none: it is still called, after the pages), group by group —
    /// first the pages of the files just saved (`savedPages`), then the rest — and reloads the
    /// pages open on them; `newerSave` says whether a newer save waits (then a rebuild stops
    /// early).
    package init(
        changed: @escaping @Sendable (_ files: [String], _ savedPages: Bool) -> Void = { _, _ in },
        newerSave: @escaping @Sendable () -> Bool = { false }
    ) {
        self.changed = changed
        self.newerSave = newerSave
    }

    /// Takes what a build made as it ends (finished, failed or stopped for a newer save). What
    /// the build before made is let go of on another thread once the next build has told its
    /// first pages: freed as the build ends, tens of thousands of entries and pages held up the
    /// newer save waiting for it (35 ms at 10,000 articles); freed while the next build loads,
    /// they slowed that down as much.
    func keep(_ state: BuildState) {
        states.withLock { states in
            if let last = states.last { states.older.append(last) }
            states.last = state
        }
    }

    /// The last build's cards, with the content files re-parsed since, when this build may
    /// reuse those of the other entries: this build's load patched the last build's (the same
    /// files, in the same order, only these entries replaced, `SiteLoader+Patch`), the
    /// templates are the same and no standalone page changed (the menu every card sees). See
    /// ``PageCards``.
    func cardsToReuse(templates: TemplateSet) -> PageCards.Reuse? {
        let reuse = cardsToReuseNow(templates: templates)
        cardsReused.withLock { $0 = reuse != nil }
        return reuse
    }

    /// Whether the last build reused the build before's cards (``cardsToReuse(templates:)``).
    package var reusedCards: Bool { cardsReused.withLock { $0 } }
    private let cardsReused = Mutex(false)

    private func cardsToReuseNow(templates: TemplateSet) -> PageCards.Reuse? {
        guard let patched = parses.lastLoad.patched, let last = states.withLock({ $0.last }), last.load == patched,
            last.templates.texts == templates.texts
        else { return nil }
        let changed = Set(parses.lastParsed)
        guard !changed.contains(where: { $0.hasPrefix("content/pages/") }) else { return nil }
        return PageCards.Reuse(cards: last.contexts.cards, changed: changed)
    }

    /// The last build's statistics, index and page plan, when this build's load patched that
    /// build's and replaced only entries whose front matter was unchanged (the reports too):
    /// none of the three reads a body, so they are what this build would make again.
    func planToReuse() -> (statistics: Statistics, index: SiteIndex, pages: [PlannedPage])? {
        let load = parses.lastLoad
        let last = states.withLock { $0.last }
        guard let patched = load.patched, load.bodiesOnly, let last, last.load == patched else {
            planReused.withLock { $0 = false }
            return nil
        }
        planReused.withLock { $0 = true }
        return (last.contexts.statistics, last.contexts.index, last.pages)
    }

    /// Whether the last build reused the build before's statistics, index and page plan
    /// (``planToReuse()``).
    package var reusedPlan: Bool { planReused.withLock { $0 } }
    private let planReused = Mutex(false)

    /// Lets go of the states of the builds before the last, on another thread.
    private func letGoOfOlderStates() {
        let older = states.withLock { states in
            defer { states.older = [] }
            return states.older
        }
        if !older.isEmpty { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(older) {} } }
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
    /// one. What was written is noted as there when the build unwinds (``failed()``); the
    /// files the site no longer has are left for the build that completes.
    func stopIfSuperseded(inPlace: Bool) throws {
        guard isSuperseded(inPlace: inPlace) else { return }
        state.withLock { $0.stopped = true }
        throw Superseded()
    }

    /// Whether the next build may write into the output folder in place.
    var isReady: Bool { state.withLock { $0.ready } }

    /// A build that failed, or stopped for a newer save. One that stopped notes what it wrote
    /// as there — jobs running beside the one that stopped (the Traditional pages beside their
    /// search index) may have written more since, and all of it is noted here, once they are
    /// done — and tells the preview. One that failed having written files may have left part
    /// of a new site in the folder: everything is forgotten, and the next build is an ordinary
    /// one. One that wrote nothing leaves things as they were.
    func failed() {
        let stopped = state.withLock { state in
            if state.stopped {
                state.previous.merge(state.current) { $1 }
                state.current = [:]
                state.stopped = false
                state.incomplete = true
                return true
            }
            if !state.current.isEmpty { state = State() }
            return false
        }
        if stopped { report(changes: unreportedChanges(), savedPages: false) }
    }

    func begin() {
        state.withLock { state in
            state.current = [:]
            state.unreported = []
            state.stopped = false
        }
    }

    /// Notes that `relative` now holds `signature`; true when it held that already.
    func record(_ relative: String, _ signature: FileSignature) -> Bool {
        state.withLock { state in
            // Written already in this build (a page written first), or there since the last.
            let there = state.current[relative] ?? (state.ready ? state.previous[relative] : nil)
            state.current[relative] = signature
            if there == signature { return true }
            if state.ready { state.unreported.append(relative) }
            return false
        }
    }

    /// Tells the preview which files this build in place changed since it last told it
    /// (`savedPages`: they are the pages of the files just saved, ``pagesFirst(_:inPlace:)``);
    /// then the builds before are let go of.
    func reportChanges(inPlace: Bool, savedPages: Bool = false) {
        guard inPlace else { return }
        report(changes: unreportedChanges(), savedPages: savedPages)
    }

    private func unreportedChanges() -> [String] {
        state.withLock { state in
            defer { state.unreported = [] }
            return state.unreported
        }
    }

    private func report(changes: [String], savedPages: Bool) {
        changed(changes, savedPages)
        letGoOfOlderStates()
    }

    /// Ends a build that went live. In place, the files the new site no longer has are deleted
    /// (and their folders, once empty), and the preview is told of them and of the files
    /// changed since the pages.
    func finish(output: String, inPlace: Bool) {
        letGoOfOlderStates()
        let (gone, unreported): ([String], [String]) = state.withLock { state in
            defer {
                state.previous = state.current
                state.current = [:]
                state.unreported = []
                state.ready = true
                state.incomplete = false
            }
            return inPlace ? (state.previous.keys.filter { state.current[$0] == nil }, state.unreported) : ([], [])
        }
        OutputFolder.delete(gone: gone, in: output)
        if inPlace, !(gone.isEmpty && unreported.isEmpty) { changed(unreported + gone.sorted(), false) }
    }

    /// The pages of the content files the load just parsed again, which a build in place
    /// writes before all the others: they are the ones the person who saved is looking at.
    func pagesFirst(_ pages: [PlannedPage], inPlace: Bool) -> [PlannedPage] {
        guard inPlace else { return [] }
        let changed = Set(parses.lastParsed)
        guard !changed.isEmpty, changed.count < 64 else { return [] }
        return pages.filter { $0.sources.first.map(changed.contains) ?? false }
    }
}
