import Content
import Destination
import Diagnostics
import Dispatch
import Foundation
import Site
import Synchronization

/// The state of the preview: the site is rebuilt into the output folder on every save, and
/// what the browser should see — the site, or the page of errors that stopped the last build —
/// is kept here for the server to read.
package final class PreviewSession: Sendable {
    /// What the last build ended with.
    package enum Outcome: Sendable {
        case built(BuildReport)
        case failed([Diagnostic])
        /// The output folder itself was refused or could not be written.
        case folderError(FolderError)
    }

    /// How every rebuild builds.
    package let options: BuildOptions
    /// Where open pages wait to be told to reload.
    package let reload: ReloadChannel
    private let state = Mutex<(outcome: Outcome?, generation: Int)>((nil, 0))
    private let wake = DispatchSemaphore(value: 0)
    private let log: @Sendable (String) -> Void
    /// The language of the lines given to `log` (`--lang`).
    private let lang: MessageLanguage

    /// A session building with `options`; `log` receives a line per rebuild, in `lang`.
    /// `goToSaved`: a save that changed one entry's page takes the open pages there (`serve`
    /// does this unless `--stay`).
    package init(
        options: BuildOptions, lang: MessageLanguage = .zh, goToSaved: Bool = true, log: @escaping @Sendable (String) -> Void
    ) {
        var options = options
        let reload = ReloadChannel()
        let signals = Signals()
        let timings = Self.timings
        // Rebuilds parse and write only what changed, into the served folder; each open page
        // reloads as soon as its own file changed (the saved entry's page first, before the
        // rest of the site), and a newer save is built at once rather than after this one's
        // search index and downloads.
        options.live = LiveOutput(
            changed: { files, savedPages in
                let showingSite = signals.inPlace.withLock { state in
                    state.wrote = true
                    return state.showingSite
                }
                if showingSite {
                    reload.reload(changed: files, basePath: signals.basePath.withLock { $0 }, goTo: goToSaved && savedPages)
                }
                if timings {
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - signals.started.withLock { $0 }.uptimeNanoseconds) / 1e6
                    log(String(format: "%d files changed, told at %.0f ms", files.count, ms))
                }
            }, newerSave: { signals.changes.withLock { $0.due } })
        self.options = options
        self.reload = reload
        self.signals = signals
        self.log = log
        self.lang = lang
    }

    /// `SHOWCASE_PHASES` set: the log also gives each rebuild's phases and when it began and
    /// told its changes (what `Benchmarks/incremental.py` and a person tuning it read).
    private static let timings = ProcessInfo.processInfo.environment["SHOWCASE_PHASES"] != nil

    /// What the builds and the watcher tell each other.
    private final class Signals: Sendable {
        /// When the last change was seen, and whether a build is already due to take it: a
        /// burst of saves makes one rebuild, not a queue of them.
        /// `settled`: the last change looked like a finished save (see `FolderWatcher`).
        /// `touched`: the files (relative to the site folder) changed since the last rebuild
        /// began, as the watcher saw them; nil when it could not say (`FolderWatcher`).
        let changes = Mutex<(last: DispatchTime, due: Bool, settled: Bool, touched: Set<String>?)>((.now(), false, false, []))
        /// Whether this build wrote into the served folder in place (then it told the open
        /// pages which files changed), and whether the pages showed the site when it began
        /// (not the error page, which every page must leave).
        let inPlace = Mutex((wrote: false, showingSite: false))
        /// The path the last successful build is served under.
        let basePath = Mutex("/")
        /// When the running build began (`SHOWCASE_PHASES` logs times from it).
        let started = Mutex(DispatchTime.now())
    }
    private let signals: Signals

    /// The last build's outcome; nil before the first.
    package var outcome: Outcome? { state.withLock { $0.outcome } }
    /// The path the last successful build is served under.
    package var basePath: String {
        state.withLock { state in
            if case .built(let report)? = state.outcome { return report.basePath }
            return signals.basePath.withLock { $0 }
        }
    }
    /// How many builds have finished; tests wait for it to move.
    package var generation: Int { state.withLock { $0.generation } }

    /// Held while a build runs, so that stopping waits for it (`waitForBuild`); true once the
    /// command is ending, after which no build starts.
    private let building = Mutex(false)

    /// Waits until no build is running and keeps any from starting: the command is ending.
    /// A build that stopped early for a newer save is completed first, so that the folder is
    /// left as a clean build would write it.
    package func waitForBuild() {
        options.live?.finishEveryBuild()
        building.withLock { ended in
            ended = true
            if options.live?.isIncomplete == true { buildLocked() }
        }
    }

    /// Builds once, synchronously (the first build, before serving); after ``waitForBuild()``
    /// it builds nothing and returns the last outcome.
    @discardableResult
    package func build() -> Outcome {
        building.withLock { ended in
            if ended { return outcome ?? .failed([]) }
            return buildLocked()
        }
    }

    @discardableResult
    private func buildLocked() -> Outcome {
        let started = Date()
        let showingSite: Bool
        if case .built? = self.outcome { showingSite = true } else { showingSite = false }
        let outcome: Outcome
        signals.inPlace.withLock { $0 = (false, showingSite) }
        signals.started.withLock { $0 = .now() }
        if Self.timings {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - signals.changes.withLock { $0.last }.uptimeNanoseconds) / 1e6
            log(String(format: "build began %.0f ms after the last change was seen", ms))
        }
        var options = options
        // `--clean` empties the download cache for the first build, not for every save.
        if generation > 0 { options.clean = false }
        do {
            let report = try SiteBuilder.build(options)
            outcome = .built(report)
            signals.basePath.withLock { $0 = report.basePath }
            let pages = report.pagesByKind.reduce(0) { $0 + $1.count }
            let seconds = Date().timeIntervalSince(started)
            log(
                lang == .zh
                    ? String(format: "已重新生成：%d 个页面，用时 %.2f 秒。", pages, seconds)
                    : String(format: "Rebuilt: %d pages in %.2f s.", pages, seconds))
            if Self.timings {
                log(report.phases.map { String(format: "%@ %.3f", $0.phase.name(in: lang), $0.seconds) }.joined(separator: "; "))
                if let live = options.live {
                    log("load patched \(live.parses.lastLoadWasPatched), plan reused \(live.reusedPlan), cards reused \(live.reusedCards)")
                }
            }
        } catch is LiveOutput.Superseded {
            // The pages are in place and the browser reloaded; the newer save is built next.
            let seconds = Date().timeIntervalSince(started)
            log(
                lang == .zh
                    ? String(format: "页面已更新，用时 %.2f 秒；接着处理刚才的新修改。", seconds)
                    : String(format: "Pages updated in %.2f s; building the newer change next.", seconds))
            return self.outcome ?? .failed([])
        } catch let errors as ContentErrors {
            outcome = .failed(errors.diagnostics)
            let count = errors.errors.count
            log(
                lang == .zh
                    ? "内容有 \(count) 个错误，浏览器里显示错误页面；改正后会自动刷新。"
                    : "The content has \(count) error(s), shown in the browser; the page reloads once they are fixed.")
        } catch {
            // The one mapping of the command line (a Foundation error is a failed write of the
            // output folder), so the log says what `build` would.
            let mapped = error as? FolderError ?? FolderError(foundation: error, path: options.output.path, operation: .writeFile)
            outcome = .folderError(mapped)
            log(mapped.formatted(in: lang))
        }
        state.withLock { $0 = (outcome, $0.generation + 1) }
        // After a build in place the changed pages were told; after any other (the first, one
        // after a failure, a failure) every page reloads.
        if case .built = outcome, showingSite, signals.inPlace.withLock({ $0.wrote }) { return outcome }
        reload.reload()
        return outcome
    }

    /// Called by the watcher on every change: wakes the build loop unless a build is already
    /// due. `settled`: the change looks like a finished save (every file written was closed).
    /// `files`: the paths the watcher saw change (absolute), nil when it cannot say; the next
    /// rebuild looks only at these of the content files it parsed before (``ParseCache/trust(changed:)``).
    package func changed(settled: Bool = false, files: [String]? = nil) {
        let root = options.root.standardizedFileURL.path + "/"
        // A path outside the site folder as named (a link resolved on the way): nothing is trusted.
        let relative = files.flatMap { files in
            files.allSatisfy { $0.hasPrefix(root) } ? files.map { String($0.dropFirst(root.count)) } : nil
        }
        let wasDue = signals.changes.withLock { state in
            defer {
                let touched = relative.flatMap { relative in state.touched.map { $0.union(relative) } }
                state = (.now(), true, settled, touched)
            }
            return state.due
        }
        if !wasDue { wake.signal() }
    }

    /// Rebuilds after each burst of changes, on a thread of its own, for as long as the process
    /// runs. `quiet` is how long the files must stay unchanged before a build starts: editors
    /// save in several steps (rename away, write, close, touch) within a few milliseconds. A
    /// save the watcher saw finish (`settled`) waits only `settledQuiet`, for the events of the
    /// same save still on their way. A change made during a build wakes the loop again (and
    /// stops a build in place after its first pages), so the site always ends up built from
    /// the last save.
    package func startRebuilding(quiet: Double = 0.04, settledQuiet: Double = 0.005) {
        let thread = Thread { [self] in
            while true {
                wake.wait()
                while true {
                    let (ready, touched) = signals.changes.withLock { state -> (Double, Set<String>?) in
                        let waited = Double(DispatchTime.now().uptimeNanoseconds - state.last.uptimeNanoseconds) / 1e9
                        let needed = state.settled ? settledQuiet : quiet
                        guard waited >= needed else { return (needed - waited, nil) }
                        // The changes seen until now are this build's; later ones the next build's.
                        defer { (state.due, state.touched) = (false, []) }
                        return (0, state.touched)
                    }
                    if ready <= 0 {
                        options.live?.parses.trust(changed: touched)
                        break
                    }
                    // In steps: a save seen to finish meanwhile shortens the wait.
                    Thread.sleep(forTimeInterval: min(ready, settledQuiet))
                }
                build()
            }
        }
        thread.name = "showcase-rebuild"
        thread.start()
    }
}
