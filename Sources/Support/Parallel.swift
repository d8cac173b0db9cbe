import Dispatch
import Foundation
import Synchronization

/// Runs work for indices `0..<count` on `workers` threads (all cores by default). Each index
/// runs exactly once; results must not depend on the number of workers, which tests vary.
package enum Parallel {
    /// How many threads rendering and parsing use: the count the work runs under
    /// (``withWorkers(_:_:)``, from `--jobs`), else `SHOWCASE_JOBS` (for tests and benchmarks
    /// that run the executable), else every core.
    package static func defaultWorkers() -> Int {
        if let n = requestedWorkers { return n }
        if let text = ProcessInfo.processInfo.environment["SHOWCASE_JOBS"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// The thread count asked for by the work running now; nil: the default. A task-local
    /// value, so two builds in one process (the preview server, tests) each keep their own;
    /// this type's own threads carry it on (``forEach``, ``both``, ``start``).
    @TaskLocal private static var requestedWorkers: Int?

    /// Runs `body` with every parallel step in it on at most `workers` threads (nil: the default).
    package static func withWorkers<T>(_ workers: Int?, _ body: () throws -> T) rethrows -> T {
        try $requestedWorkers.withValue(workers.map { max(1, $0) }, operation: body)
    }

    /// Runs `body` once for each index in `0..<count`, on up to `workers` threads.
    package static func forEach(_ count: Int, workers: Int = defaultWorkers(), _ body: @Sendable (Int) -> Void) {
        let threads = max(1, min(workers, count))
        if threads == 1 {
            for i in 0..<count { body(i) }
            return
        }
        // Each thread takes the next index when it is free, so a thread that meets slow items
        // (a long tag page) or loses its core to another process does not hold up the rest.
        let next = Atomic<Int>(0)
        let requested = requestedWorkers
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            $requestedWorkers.withValue(requested) {
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < count else { return }
                    body(i)
                }
            }
        }
    }

    /// Starts `work` on a Dispatch worker and returns at once; ``Pending/wait()`` gives its
    /// result. Wait for it on every path, errors included: a command that exits while the work
    /// still runs leaves what it was doing half done (LeakSanitizer reports it).
    package static func start<T>(_ work: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        let requested = requestedWorkers
        DispatchQueue.global(qos: .userInitiated).async { pending.finish($requestedWorkers.withValue(requested, operation: work)) }
        return pending
    }

    /// The result of work started with ``start(_:)``.
    package final class Pending<T>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: T?

        fileprivate func finish(_ value: T) {
            result = value
            done.signal()
        }

        /// Waits for the work to end; may be called again (the semaphore is signalled again
        /// for the next call), so that a caller's every path can wait without counting.
        package func wait() -> T {
            done.wait()
            defer { done.signal() }
            return result!
        }
    }

    /// Two different pieces of work at once.
    package static func both<A, B>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        nonisolated(unsafe) var first: A?
        nonisolated(unsafe) var second: B?
        let requested = requestedWorkers
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            $requestedWorkers.withValue(requested) {
                if k == 0 { first = a() } else { second = b() }
            }
        }
        return (first!, second!)
    }

    /// `map` over `items` in parallel, keeping their order.
    /// Each result is made in its place in the array: collecting optionals and unwrapping them
    /// copied every result once more, a visible pause after loading 10,000 documents.
    package static func map<T: Sendable, R>(_ items: [T], workers: Int = defaultWorkers(), _ transform: @Sendable (T) -> R) -> [R] {
        if items.isEmpty { return [] }
        return items.withUnsafeBufferPointer { source in
            [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
                // Items are read in place: `items[i]` copied a whole entry for each call.
                nonisolated(unsafe) let (input, out) = (source, buffer.baseAddress!)
                forEach(items.count, workers: workers) { i in (out + i).initialize(to: transform(input[i])) }
                initialized = items.count
            }
        }
    }
}
