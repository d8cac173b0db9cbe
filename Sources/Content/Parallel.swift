import Dispatch
import Foundation

/// Runs work for indices `0..<count` on `workers` threads (all cores by default). Each index
/// runs exactly once; results must not depend on the number of workers, which tests vary.
package enum Parallel {
    /// Set by `--jobs` (and by tests): how many threads rendering and parsing use.
    package static func defaultWorkers() -> Int {
        if let text = ProcessInfo.processInfo.environment["SHOWCASE_JOBS"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    package static func forEach(_ count: Int, workers: Int = defaultWorkers(), _ body: @Sendable (Int) -> Void) {
        let threads = max(1, min(workers, count))
        if threads == 1 {
            for i in 0..<count { body(i) }
            return
        }
        // Interleaved so that slow and fast items spread evenly over the threads.
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var i = t
            while i < count {
                body(i)
                i += threads
            }
        }
    }

    /// `map` over `items` in parallel, keeping their order.
    package static func map<T: Sendable, R>(_ items: [T], workers: Int = defaultWorkers(), _ transform: @Sendable (T) -> R) -> [R] {
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            forEach(items.count, workers: workers) { i in out[i] = transform(items[i]) }
        }
        return results.map { $0! }
    }
}
