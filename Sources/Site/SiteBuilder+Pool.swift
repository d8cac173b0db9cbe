import Support
import Synchronization

/// The build's worker pool: items (pages, files) on all cores, and named jobs of one thread
/// each handed out before them.
extension SiteBuilder {
    /// Runs each of `jobs`, then `write` for `0..<count`, in one pool on all cores: the jobs are
    /// handed out first, so that the items keep every other core busy while they run. Group
    /// `g` of `among` (of `k`) is handed out just before item `g * count / k`: the search index's
    /// stages, which must be handed out in order and run best with other work between them
    /// (see `SearchIndexSteps`). Returns the bytes the items wrote and what the jobs wrote. The
    /// first error is rethrown once every worker has finished.
    static func writeInParallel(
        _ count: Int, beside jobs: [PoolJob], among groups: [[PoolJob]] = [],
        _ write: @Sendable (Int) throws -> Int
    ) throws -> (bytes: Int, jobs: Tally) {
        let tallies = Mutex(Tally.none)
        // The order things are handed out in: a job (its index in `all`), or an item (`-1 - i`).
        var all = jobs
        var order = Array(jobs.indices)
        order.reserveCapacity(jobs.count + count + groups.reduce(0) { $0 + $1.count })
        var next = 0
        for (g, group) in groups.enumerated() {
            let before = g * count / groups.count
            order += (next..<before).map { -1 - $0 }
            next = before
            order += all.count..<(all.count + group.count)
            all += group
        }
        order += (next..<count).map { -1 - $0 }
        let (jobList, sequence) = (all, order)
        // One pool, so a job never waits for the items.
        let bytes = try writeInParallel(sequence.count) { k in
            let i = sequence[k]
            guard i < 0 else {
                let tally = try jobList[i].run()
                tallies.withLock { $0 = $0 + tally }
                return 0
            }
            return try write(-1 - i)
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
