import Dispatch
import Support
import Synchronization

/// The search index's work as steps that a pool can hand out among its own work: the build
/// runs them among its pages, so that the index fills the moments a core would have waited
/// (its own serial steps and last files, when it was a phase of its own, left one idle).
///
/// Three stages, each a list of steps: ``texts`` (the documents' texts, in batches), ``terms``
/// (each batch's terms, sorted by shard) and ``files`` (the shards and text chunks, each made
/// and handed to the sink at once). A step of a stage waits until every step of the stage
/// before has finished, so a pool must hand the steps out in that order, which `Parallel`'s
/// pools do: a waiting step then only waits for steps that other threads are running. Placed
/// apart in the pool, with other work between the stages, a step never waits in practice.
/// After the pool, ``finish()`` writes `meta.json` and rethrows the first failure.
package final class SearchIndexSteps: @unchecked Sendable {
    // `@unchecked`: the mutable state is behind mutexes, or written once before a group is
    // left and read only after that group is waited for.

    /// Steps that each read the texts of one batch of documents.
    package let texts: Int
    /// Steps that each read the terms of one batch of documents.
    package let terms: Int
    /// Steps that each make and write files until none is left (the count of files is only
    /// known once the texts are read): as many as the pool has threads.
    package let files: Int

    private let indexer: SearchIndexer
    private let count: Int
    private let read: @Sendable (Range<Int>) -> [SearchDocument]
    private let sink: SearchIndexer.Sink
    /// Documents by batch (the same batches for both first stages).
    private let ranges: [Range<Int>]
    private let textsDone = DispatchGroup()
    private let termsDone = DispatchGroup()
    /// Each text step's documents, then all of them in order once the terms stage begins.
    private let batchDocs: Mutex<[[SearchDocument]]>
    private let documents = Mutex<Documents?>(nil)
    private let scratches = Mutex([TermScratch]())
    /// Each term step's postings, until the files stage takes them (``ShardInput`` owns them then).
    private let batches: Mutex<[TermBatch?]>
    private let plan = Mutex<FilePlan?>(nil)
    private let shardScratches = Mutex([ShardScratch]())
    private let nextFile = Atomic<Int>(0)
    private let failure = Mutex<(any Error)?>(nil)
    /// Asked before each step: true, the index is given up (a preview's rebuild that a newer
    /// save superseded), and every step after it does nothing.
    private let skip: @Sendable () -> Bool
    private let abandoned = Atomic<Bool>(false)

    /// The documents in order and what the terms stage needs of them.
    private struct Documents: @unchecked Sendable {
        var docs: [SearchDocument]
        var shards: Int
    }

    /// What the files stage needs: every batch's postings, the character table and the chunks.
    private struct FilePlan: @unchecked Sendable {
        var input: ShardInput
        var table: CharTable
        var chunkStarts: [Int]
        var chunkRanges: [Range<Int>]
        var docs: [SearchDocument]
    }

    /// Steps for `count` documents, whose texts `read` makes by range (in the index's order),
    /// each file handed to `sink` as it is made, from any thread. `workers`: the pool's threads.
    /// `skip`: asked before each step; once true, the index is given up (``finish()`` writes nothing).
    package init(
        _ indexer: SearchIndexer = SearchIndexer(), count: Int, workers: Int = Parallel.defaultWorkers(),
        skip: @escaping @Sendable () -> Bool = { false },
        read: @escaping @Sendable (Range<Int>) -> [SearchDocument], sink: @escaping SearchIndexer.Sink
    ) {
        precondition(count < 1 << 20, "document numbers have 20 bits")
        self.indexer = indexer
        self.count = count
        self.read = read
        self.sink = sink
        self.skip = skip
        // Documents in batches of consecutive numbers: each batch is one step, and its
        // postings stay in document order.
        let batchSize = max(1, min(256, (count + 63) / 64))
        ranges = Array(stride(from: 0, to: count, by: batchSize)).map { $0..<min(count, $0 + batchSize) }
        texts = ranges.count
        terms = ranges.count
        files = max(1, workers)
        batchDocs = Mutex(Array(repeating: [], count: ranges.count))
        batches = Mutex(Array(repeating: nil, count: ranges.count))
        for _ in ranges {
            textsDone.enter()
            termsDone.enter()
        }
    }

    deinit {
        // Postings a files stage never took (a build that failed first).
        for case let b? in batches.withLock({ $0 }) { b.entries.deallocate() }
    }

    /// Whether the index is given up: checked by each step after its wait, so that a later
    /// stage never reads what a skipped step did not make.
    private func givenUp() -> Bool {
        if abandoned.load(ordering: .relaxed) { return true }
        guard skip() else { return false }
        abandoned.store(true, ordering: .relaxed)
        return true
    }

    /// Text step `i`: the texts of batch `i`.
    package func text(_ i: Int) {
        defer { textsDone.leave() }
        guard !givenUp() else { return }
        let docs = read(ranges[i])
        batchDocs.withLock { $0[i] = docs }
    }

    /// Term step `i`: the terms of batch `i`, sorted by shard.
    package func term(_ i: Int) {
        defer { termsDone.leave() }
        textsDone.wait()
        guard !givenUp() else { return }
        let (docs, shards) = documentsRead()
        let scratch = scratches.withLock { $0.popLast() } ?? TermScratch()
        defer { scratches.withLock { $0.append(scratch) } }
        let batch = SearchIndexer.scan(docs, ranges[i], shards: shards, scratch: scratch)
        batches.withLock { $0[i] = batch }
    }

    /// A files step: makes and writes shards and text chunks until none is left; returns the
    /// files and bytes it wrote. A failure is kept for ``finish()``, and stops the rest.
    package func file(_ step: Int) -> (files: Int, bytes: Int) {
        termsDone.wait()
        guard !givenUp() else { return (0, 0) }
        let plan = filePlan()
        let shards = plan.input.shards
        let total = shards + plan.chunkRanges.count
        var files = 0, bytes = 0
        while failure.withLock({ $0 == nil }), !givenUp() {
            let job = nextFile.wrappingAdd(1, ordering: .relaxed).oldValue
            guard job < total else { break }
            do {
                if job < shards {
                    let scratch = shardScratches.withLock { $0.popLast() } ?? ShardScratch()
                    defer { shardScratches.withLock { $0.append(scratch) } }
                    let out = SearchIndexer.shard(job, of: plan.input, documentCount: count, scratch: scratch)
                    try out.withUnsafeBytes { try sink("search/s/\(job).bin", $0) }
                    bytes += out.count
                } else {
                    let c = job - shards
                    var out = ByteBuffer(capacity: indexer.chunkBytes * 2)
                    plan.docs.withUnsafeBufferPointer { docs in
                        for d in plan.chunkRanges[c] { TextChunk.append(docs[d], table: plan.table, to: &out) }
                    }
                    try out.withUnsafeBytes { try sink("search/t/\(c).bin", $0) }
                    bytes += out.count
                }
                files += 1
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        return (files, bytes)
    }

    /// Writes `meta.json` once every step has run, frees the index's tables and rethrows the
    /// first failure of a files step. Returns the files and bytes it wrote (the meta alone).
    package func finish() throws -> (files: Int, bytes: Int) {
        if let error = failure.withLock({ $0 }) { throw error }
        termsDone.wait()
        guard !abandoned.load(ordering: .relaxed) else { return (0, 0) }
        let plan = filePlan()
        defer { self.plan.withLock { $0 = nil } }
        let n = count
        var chunkBitmap = [UInt8](repeating: 0, count: (n + 7) / 8)
        for s in plan.chunkStarts { chunkBitmap[s >> 3] |= 1 << (s & 7) }
        var kinds: [String] = []
        var first = 0
        for kind in SearchDocument.Kind.allCases {
            let count = plan.docs[first...].prefix { $0.kind == kind }.count
            kinds.append("[\(Escape.jsonString(kind.key)),\(Escape.jsonString(kind.label)),\(first),\(count)]")
            first += count
        }
        var meta = Array(
            "{\"v\":2,\"docs\":\(n),\"shards\":\(plan.input.shards),\"kinds\":[\(kinds.joined(separator: ","))],\"chunks\":\"\(Base64.encode(chunkBitmap))\",\"chars\":"
                .utf8)
        JSONBytes.string(plan.table.string, to: &meta)
        meta += Array("}\n".utf8)
        try meta.withUnsafeBytes { try sink("search/meta.json", $0) }
        return (1, meta.count)
    }

    /// Every step of every stage, in order, on all cores (for callers without a pool of their own).
    package func runAll() throws -> (files: Int, bytes: Int) {
        let written = Mutex((files: 0, bytes: 0))
        Parallel.forEach(texts + terms + files) { i in
            if i < texts {
                text(i)
            } else if i < texts + terms {
                term(i - texts)
            } else {
                let w = file(i - texts - terms)
                written.withLock { $0 = ($0.files + w.files, $0.bytes + w.bytes) }
            }
        }
        let meta = try finish()
        return written.withLock { ($0.files + meta.files, $0.bytes + meta.bytes) }
    }

    /// The documents in order, once every text step has run; the number of shards from their size.
    private func documentsRead() -> (docs: [SearchDocument], shards: Int) {
        textsDone.wait()
        let plan = documents.withLock { documents in
            if let documents { return documents }
            var docs: [SearchDocument] = []
            docs.reserveCapacity(count)
            batchDocs.withLock { parts in
                for p in parts.indices { docs += parts[p] }
                parts = []
            }
            // The number of shards from the texts' size, so that each batch can sort its
            // postings by shard as soon as it has them: the postings come to about one byte per
            // 28 bytes of UTF-8 text (measured on the benchmark corpus and the sample site).
            var textBytes = 0
            for d in docs.indices { textBytes += docs[d].utf8.count }
            let made = Documents(docs: docs, shards: max(1, textBytes / 28 / indexer.shardBytes))
            documents = made
            return made
        }
        return (plan.docs, plan.shards)
    }

    /// The files stage's plan, once every term step has run.
    private func filePlan() -> FilePlan {
        termsDone.wait()
        return plan.withLock { plan in
            if let plan { return plan }
            let (docs, shards) = documentsRead()
            documents.withLock { $0 = nil }
            let taken = batches.withLock { batches in
                defer { batches = [] }
                return batches.map { $0! }
            }
            let input = ShardInput(taken, shards: shards)
            let table = CharTable(
                counts: scratches.withLock { scratches in
                    var total = [UInt32](repeating: 0, count: 0x10000)
                    for s in scratches { for u in 0..<0x10000 { total[u] &+= s.units[u] } }
                    scratches = []
                    return total
                })
            // Text chunks: consecutive documents until the texts pass `chunkBytes`.
            var starts: [Int] = []
            var size = indexer.chunkBytes
            for d in docs.indices {
                if size >= indexer.chunkBytes {
                    starts.append(d)
                    size = 0
                }
                size += docs[d].utf8.count
            }
            let n = docs.count
            let chunkRanges = starts.indices.map { c in starts[c]..<(c + 1 < starts.count ? starts[c + 1] : n) }
            let made = FilePlan(input: input, table: table, chunkStarts: starts, chunkRanges: chunkRanges, docs: docs)
            plan = made
            return made
        }
    }
}
