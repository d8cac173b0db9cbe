import Diagnostics
import Foundation
import Site
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The line a person at a terminal sees while a build longer than a second runs: the phase,
/// its number, and files done of files to do, redrawn in place ten times a second and erased
/// when the build ends. Piped or under CI (standard error is no terminal) nothing is drawn:
/// logs get plain lines, the summary at the end.
final class ProgressLine: Sendable {
    let progress = BuildProgress()
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let ended = Mutex(false)
    /// The language the phases are named in (`--lang`).
    private let lang: MessageLanguage

    private init(lang: MessageLanguage) { self.lang = lang }

    /// Starts drawing after `delay` seconds, or returns nil when standard error is no terminal.
    static func start(delay: Double = 1, lang: MessageLanguage) -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return nil }
        let line = ProgressLine(lang: lang)
        let thread = Thread { line.draw(after: delay) }
        thread.name = "showcase-progress"
        thread.start()
        return line
    }

    /// Stops drawing and erases the line; returns once it is erased. Later calls do nothing.
    func stop() {
        guard
            !ended.withLock({ old in
                defer { old = true }; return old
            })
        else { return }
        finished.signal()
        stopped.wait()
    }

    private func draw(after delay: Double) {
        var shown = false
        var wait = delay
        while finished.wait(timeout: .now() + wait) == .timedOut {
            let now = progress.snapshot
            var text = "[\(now.number)/\(progress.phases)] \(now.phase?.name(in: lang) ?? "")…"
            if now.total > 0 { text += " \(now.done)/\(now.total)" }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            shown = true
            wait = 0.1
        }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        stopped.signal()
    }
}
