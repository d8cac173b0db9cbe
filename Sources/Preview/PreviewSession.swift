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
    package init(options: BuildOptions, lang: MessageLanguage = .zh, log: @escaping @Sendable (String) -> Void) {
        var options = options
        let reload = ReloadChannel()
        let signals = Signals()
        // Rebuilds parse and write only what changed, into the served folder; the open pages
        // reload as soon as the pages are there, and a newer save is built at once rather
        // than after this one's search index and downloads.
        options.live = LiveOutput(
            pagesWritten: {
                signals.reloadedEarly.withLock { $0 = true }
                reload.reload()
            }, newerSave: { signals.changes.withLock { $0.due } })
        self.options = options
        self.reload = reload
        self.signals = signals
        self.log = log
        self.lang = lang
    }

    /// What the builds and the watcher tell each other.
    private final class Signals: Sendable {
        /// When the last change was seen, and whether a build is already due to take it: a
        /// burst of saves makes one rebuild, not a queue of them.
        let changes = Mutex<(last: DispatchTime, due: Bool)>((.now(), false))
        /// Whether this build's pages already made the browser reload.
        let reloadedEarly = Mutex(false)
    }
    private let signals: Signals

    /// The last build's outcome; nil before the first.
    package var outcome: Outcome? { state.withLock { $0.outcome } }
    /// The path the last successful build is served under.
    package var basePath: String {
        state.withLock { state in
            if case .built(let report)? = state.outcome { return report.basePath }
            return lastBasePath.withLock { $0 }
        }
    }
    private let lastBasePath = Mutex("/")
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
        let outcome: Outcome
        signals.reloadedEarly.withLock { $0 = false }
        var options = options
        // `--clean` empties the download cache for the first build, not for every save.
        if generation > 0 { options.clean = false }
        do {
            let report = try SiteBuilder.build(options)
            outcome = .built(report)
            lastBasePath.withLock { $0 = report.basePath }
            let pages = report.pagesByKind.reduce(0) { $0 + $1.count }
            let seconds = Date().timeIntervalSince(started)
            log(
                lang == .zh
                    ? String(format: "已重新生成：%d 个页面，用时 %.2f 秒。", pages, seconds)
                    : String(format: "Rebuilt: %d pages in %.2f s.", pages, seconds))
            if ProcessInfo.processInfo.environment["SHOWCASE_PHASES"] != nil {
                log(report.phases.map { String(format: "%@ %.3f", $0.phase.name(in: lang), $0.seconds) }.joined(separator: "; "))
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
        if case .built = outcome, signals.reloadedEarly.withLock({ $0 }) { return outcome }
        reload.reload()
        return outcome
    }

    /// Called by the watcher on every change: wakes the build loop unless a build is already due.
    package func changed() {
        let wasDue = signals.changes.withLock { state in
            defer { state = (.now(), true) }
            return state.due
        }
        if !wasDue { wake.signal() }
    }

    /// Rebuilds after each burst of changes, on a thread of its own, for as long as the process
    /// runs. `quiet` is how long the files must stay unchanged before a build starts: editors
    /// save in several steps (write, rename, touch) within a few milliseconds. A change made
    /// during a build wakes the loop again, so the site always ends up built from the last save.
    package func startRebuilding(quiet: Double = 0.04) {
        let thread = Thread { [self] in
            while true {
                wake.wait()
                while true {
                    let ready = signals.changes.withLock { state -> Double in
                        let waited = Double(DispatchTime.now().uptimeNanoseconds - state.last.uptimeNanoseconds) / 1e9
                        if waited >= quiet { state.due = false }
                        return quiet - waited
                    }
                    if ready <= 0 { break }
                    Thread.sleep(forTimeInterval: ready)
                }
                build()
            }
        }
        thread.name = "showcase-rebuild"
        thread.start()
    }
}
