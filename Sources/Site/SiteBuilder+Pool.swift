import Support
import Synchronization

/// The build's worker pool: items (pages, files) on all cores, and named jobs of one thread
/// each handed out before them.
extension SiteBuilder {
    /// Runs each of `jobs`, then `write` for `0..<count`, in one pool on all cores: the jobs are
    /// handed out first, so that the items keep every other core busy while they run. Returns
    /// the bytes the items wrote and what the jobs wrote. The first error is rethrown once every
    /// worker has finished.
    static func writeInParallel(
        _ count: Int, beside jobs: [PoolJob],
        _ write: @Sendable (Int) throws -> Int
    ) throws -> (bytes: Int, jobs: Tally) {
        let tallies = Mutex(Tally.none)
        // Each index is a job or an item: one pool, so a job never waits for the items.
        let bytes = try writeInParallel(jobs.count + count) { i in
            guard i >= jobs.count else {
                let tally = try jobs[i].run()
                tallies.withLock { $0 = $0 + tally }
                return 0
            }
            return try write(i - jobs.count)
        }
        return (bytes, tallies.withLock { $0 })
    }

    /// Runs `write` for `0..<count` on all cores; each call returns the bytes it wrote. The
    /// first error is rethrown once every worker has finished.
    static func writeInParallel(_ count: Int, _ write: @Sendable (Int) throws -> Int) throws -> Int {
        let failures = Mutex<[Error]>([])
        let bytes = Mutex(0)
        Parallel.forEach(count) { i in
            do {
                let n = try write(i)
                bytes.withLock { $0 += n }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let first = failures.withLock({ $0.first }) { throw first }
        return bytes.withLock { $0 }
    }
}

/// Files and bytes written by one phase.
struct Tally {
    var files: Int
    var bytes: Int
    /// Nothing written (a job that only checks).
    static let none = Tally(files: 0, bytes: 0)
    static func + (a: Tally, b: Tally) -> Tally { Tally(files: a.files + b.files, bytes: a.bytes + b.bytes) }
}

/// Work of one thread that runs in a pool beside many small items (the pages), named for the
/// reader: the link check, the feeds, the statistics downloads, the static files.
struct PoolJob: Sendable {
    /// What the job does, as a phase would be named.
    let name: String
    /// Does it; returns what it wrote.
    let run: @Sendable () throws -> Tally

    init(_ name: String, _ run: @escaping @Sendable () throws -> Tally) {
        self.name = name
        self.run = run
    }
}
