import Foundation
import Testing

/// Rendered output pinned in files under `Fixtures/snapshots/`. A test compares what it made
/// with the file; `SHOWCASE_RECORD_SNAPSHOTS=1 swift test --filter …` writes the files anew
/// (read the diff before committing them). A missing file is written and the test fails, so a
/// new snapshot is always looked at once.
enum Snapshots {
    static let folder = fixturesRoot.appendingPathComponent("snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["SHOWCASE_RECORD_SNAPSHOTS"] == "1" }

    /// Expects `actual` to equal the snapshot `name` (a relative path, `full/index.html`).
    static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        let stored = try? String(contentsOf: file, encoding: .utf8)
        if recording || stored == nil {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            if stored == nil && !recording {
                Issue.record(Comment(rawValue: "no snapshot \(name) yet: written, look at it and run again"), sourceLocation: sourceLocation)
            }
            return
        }
        if stored != actual {
            let line = firstDifferentLine(stored!, actual)
            Issue.record(
                Comment(
                    rawValue: "\(name) differs from its snapshot at line \(line)\nif the change is meant, re-record with SHOWCASE_RECORD_SNAPSHOTS=1"),
                sourceLocation: sourceLocation)
        }
    }

    /// The first line (from 1) where `a` and `b` differ, with both versions of it.
    static func firstDifferentLine(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : nil) != (i < y.count ? y[i] : nil) {
            return "\(i + 1):\n  snapshot: \(i < x.count ? String(x[i]) : "(end)")\n  now:      \(i < y.count ? String(y[i]) : "(end)")"
        }
        return "(none)"
    }
}
