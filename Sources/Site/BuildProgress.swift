import Synchronization

/// What a running build has done so far, for a progress line on a terminal: the phase it is
/// in and, in the phases that write many files, how many of how many. The builder only counts;
/// whoever shows it reads these values on a thread of its own, so a build without a reader pays
/// two atomic additions per page.
package final class BuildProgress: Sendable {
    private let current = Mutex<(phase: BuildPhase?, number: Int)>((nil, 0))
    private let done = Atomic<Int>(0)
    private let total = Atomic<Int>(0)
    private let phaseCount = Atomic<Int>(0)
    /// How many phases this build runs: 7 to 10, as ``SiteBuilder`` says once it knows (a
    /// Traditional edition adds two, downloads made after the pages one).
    package var phases: Int { phaseCount.load(ordering: .relaxed) }

    /// Progress before the first phase.
    package init() {}

    /// The phase now running (nil before the first), its number (from 1), and files done of
    /// files to do (0 of 0 in a phase that does not count).
    package var snapshot: (phase: BuildPhase?, number: Int, done: Int, total: Int) {
        let (phase, number) = current.withLock { $0 }
        return (phase, number, done.load(ordering: .relaxed), total.load(ordering: .relaxed))
    }

    func begin(_ phase: BuildPhase) {
        current.withLock { $0 = (phase, $0.number + 1) }
        done.store(0, ordering: .relaxed)
        total.store(0, ordering: .relaxed)
    }

    func expectPhases(_ count: Int) { phaseCount.store(count, ordering: .relaxed) }

    func expect(_ count: Int) { total.add(count, ordering: .relaxed) }

    func advance() { done.add(1, ordering: .relaxed) }
}
