import Content
import Foundation
import Support
import Synchronization

/// The search index of a site, as the files the browser fetches (all under `search/`):
///
/// - `meta.json`: the number of documents and shards, each kind's range of document numbers,
///   a bitmap of where each text chunk starts, and the ``CharTable`` of the texts.
/// - `s/<k>.bin`: shard `k` (see ``ShardFile``). A CJK term is one character or a bigram; a
///   word term is a lower-cased word, or its first one, two or three letters and `*` (every
///   word starting with them). The shard is chosen by hashing the term's key: the term itself
///   for CJK, the first four letters of a word (the prefix of a `*` term), so that every word
///   sharing a prefix of four is in one shard and a longer prefix query reads one file.
/// - `t/<c>.bin`: chunk `c` of page texts (see ``TextChunk``) for consecutive documents,
///   fetched only for the results shown, to verify them and cut their snippets.
package struct SearchIndexer {
    /// Bytes of postings a shard aims at: a query reads one shard per term it looks up, so
    /// small shards keep a query's download near the size of its own terms' lists.
    package var shardBytes = 1_200
    /// A chunk ends once its texts pass this many bytes: a shown result costs about its own text.
    package var chunkBytes = 1_500

    /// The default sizes, which the byte targets per query were measured with.
    package init() {}

    /// A file of the index, relative to the site's root.
    package struct File: Sendable {
        /// `search/…`, as the browser requests it.
        package var path: String
        /// The file's contents.
        package var bytes: [UInt8]
    }

    /// The folders ``write(_:to:)`` writes into besides `search/`, which holds them: the sink
    /// may make them once beforehand rather than for each file.
    package static let folders = ["search/s", "search/t"]

    /// Where ``write(_:to:)`` puts each file (a path relative to the site's root, and its
    /// bytes): called from every worker at once.
    package typealias Sink = @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void

    /// One step of `SearchFold.shard(ofKey:)`'s FNV-1a: the hash `h` followed by the UTF-16
    /// units of `v`. A CJK term's shard is `hash(hash(2166136261, a), b) % shards`.
    @inline(__always)
    static func hash(_ h: UInt32, _ v: UInt32) -> UInt32 {
        guard v >= 0x10000 else { return (h ^ v) &* 16_777_619 }
        let u = v - 0x10000
        return (((h ^ (0xD800 + (u >> 10))) &* 16_777_619) ^ (0xDC00 + (u & 0x3FF))) &* 16_777_619
    }

    /// The index as files, for tests (the build writes them as they are made, ``write(_:to:)``).
    package func build(_ docs: [SearchDocument]) -> [File] {
        let files = Mutex([File]())
        // The sink below never throws.
        _ = try? write(docs) { path, bytes in
            let file = File(path: path, bytes: bytes)
            files.withLock { $0.append(file) }
        }
        return files.withLock { $0 }.sorted { $0.path < $1.path }
    }

    /// Thrown by ``write(_:stop:to:)`` when `stop` said to stop: part of the files may be written.
    package struct Stopped: Error {}

    /// What ``write(_:stop:to:)`` and ``patch(_:memo:read:keep:to:)`` wrote (or kept).
    package struct Written: Sendable {
        /// The index's files, written or kept.
        package var files: Int
        /// Their bytes.
        package var bytes: Int
        /// What the next build needs to patch this index.
        package var memo: IndexMemo
    }

    /// Makes the index of `docs` (numbered in their order) and hands each file to `sink` as soon
    /// as it is made, on all cores. Two passes: the terms of each batch of documents, sorted by
    /// shard as they are read (``scan(_:_:shards:scratch:)``); then each shard and each text
    /// chunk as one job that makes and writes its file. Returns the files and bytes written.
    /// `stop` is asked before each batch and each file; once it says yes, the work ends with
    /// ``Stopped`` (a preview's rebuild leaves the index to a newer save).
    package func write(_ docs: [SearchDocument], stop: @Sendable () -> Bool = { false }, to sink: Sink) throws -> Written {
        let n = docs.count
        precondition(n < 1 << 20, "document numbers have 20 bits")
        let shards = shardCount(docs)
        // Documents in batches of consecutive numbers: each batch is one job, and its postings
        // stay in document order.
        let batchSize = max(1, min(256, (n + 63) / 64))
        let ranges = Array(stride(from: 0, to: n, by: batchSize)).map { $0..<min(n, $0 + batchSize) }
        let pool = Mutex([TermScratch]())
        let stopped = Atomic<Bool>(false)
        let batches: [TermBatch?] = Parallel.map(ranges) { range in
            if stopped.load(ordering: .relaxed) || stop() {
                stopped.store(true, ordering: .relaxed)
                return nil
            }
            let scratch = pool.withLock { $0.popLast() } ?? TermScratch()
            defer { pool.withLock { $0.append(scratch) } }
            return Self.scan(docs, range, shards: shards, scratch: scratch)
        }
        if stopped.load(ordering: .relaxed) {
            for batch in batches { batch?.entries.deallocate() }
            throw Stopped()
        }
        let input = ShardInput(batches.compactMap { $0 }, shards: shards)
        let counts = pool.withLock { scratches in
            var total = [UInt32](repeating: 0, count: 0x10000)
            for s in scratches { for u in 0..<0x10000 { total[u] &+= s.units[u] } }
            return total
        }
        let table = CharTable(counts: counts)
        let starts = chunkStarts(docs)

        // Every shard, then every chunk, one job each, written as soon as made: the writes
        // overlap the work instead of waiting for the last file.
        let failure = Mutex<(any Error)?>(nil)
        let written = Atomic<Int>(0)
        let shardPool = Mutex([ShardScratch]())
        Parallel.forEach(shards + starts.count) { job in
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                if stop() { throw Stopped() }
                if job < shards {
                    let scratch = shardPool.withLock { $0.popLast() } ?? ShardScratch()
                    defer { shardPool.withLock { $0.append(scratch) } }
                    let out = Self.shard(job, of: input, documentCount: n, scratch: scratch)
                    try sink(Self.shardPath(job), out.array)
                    written.wrappingAdd(out.count, ordering: .relaxed)
                } else {
                    let bytes = chunk(job - shards, of: docs, starts: starts, table: table)
                    try sink(Self.chunkPath(job - shards), bytes)
                    written.wrappingAdd(bytes.count, ordering: .relaxed)
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let meta = Self.meta(docs, shards: shards, starts: starts, table: table)
        try sink(Self.metaPath, meta)
        let memo = IndexMemo(digests: Parallel.map(docs, IndexMemo.digest), counts: counts, shards: shards, starts: starts)
        return Written(files: 1 + shards + starts.count, bytes: written.load(ordering: .relaxed) + meta.count, memo: memo)
    }

    /// Every file of an index of `shards` shards and `chunks` text chunks.
    package static func paths(shards: Int, chunks: Int) -> [String] {
        [metaPath] + (0..<shards).map(shardPath) + (0..<chunks).map(chunkPath)
    }

    static let metaPath = "search/meta.json"
    static func shardPath(_ k: Int) -> String { "search/s/\(k).bin" }
    static func chunkPath(_ c: Int) -> String { "search/t/\(c).bin" }

    /// The number of shards from the texts' size, so that each batch can sort its postings by
    /// shard as soon as it has them: the postings come to about one byte per 28 bytes of UTF-8
    /// text (measured on the benchmark corpus and the sample site).
    func shardCount(_ docs: [SearchDocument]) -> Int {
        var textBytes = 0
        for d in docs.indices { textBytes += docs[d].utf8.count }
        return max(1, textBytes / 28 / shardBytes)
    }

    /// The first document of each text chunk: consecutive documents until their texts pass
    /// `chunkBytes`.
    func chunkStarts(_ docs: [SearchDocument]) -> [Int] {
        var starts: [Int] = []
        var size = chunkBytes
        for d in docs.indices {
            if size >= chunkBytes {
                starts.append(d)
                size = 0
            }
            size += docs[d].utf8.count
        }
        return starts
    }

    /// Text chunk `c`'s bytes.
    func chunk(_ c: Int, of docs: [SearchDocument], starts: [Int], table: CharTable) -> [UInt8] {
        var out = ByteBuffer(capacity: chunkBytes * 2)
        for d in starts[c]..<(c + 1 < starts.count ? starts[c + 1] : docs.count) { TextChunk.append(docs[d], table: table, to: &out) }
        return out.array
    }

    /// `meta.json`: the counts of documents and shards, each kind's range of numbers, the
    /// bitmap of where chunks start, and the character table.
    static func meta(_ docs: [SearchDocument], shards: Int, starts: [Int], table: CharTable) -> [UInt8] {
        let n = docs.count
        var chunkBitmap = [UInt8](repeating: 0, count: (n + 7) / 8)
        for s in starts { chunkBitmap[s >> 3] |= 1 << (s & 7) }
        var kinds: [String] = []
        var first = 0
        for kind in SearchDocument.Kind.allCases {
            let count = docs[first...].prefix { $0.kind == kind }.count
            kinds.append("[\(Escape.jsonString(kind.key)),\(Escape.jsonString(kind.label)),\(first),\(count)]")
            first += count
        }
        var meta = Array(
            "{\"v\":2,\"docs\":\(n),\"shards\":\(shards),\"kinds\":[\(kinds.joined(separator: ","))],\"chunks\":\"\(Base64.encode(chunkBitmap))\",\"chars\":"
                .utf8)
        meta += Array((Escape.jsonString(table.string) + "}\n").utf8)
        return meta
    }
}
