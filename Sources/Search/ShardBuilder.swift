import Support

/// A worker's scratch space for grouping a shard's postings by term, reused from shard to shard:
/// a table from term key to term number (open addressing; a slot is taken when its stamp is the
/// current shard's, so nothing is cleared between shards), and the arrays of the counting sort.
/// `Dictionary`'s hashing was most of this work once; allocating and zeroing these per shard
/// was a tenth of it.
final class ShardScratch: @unchecked Sendable {
    private var slotKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
    private var slotTerms = UnsafeMutablePointer<Int32>.allocate(capacity: 1024)
    private var slotStamps = UnsafeMutablePointer<UInt32>.allocate(capacity: 1024)
    private var mask = 1023
    private var stamp: UInt32 = 0
    /// Per term number: its key, and its postings' count, then where they start.
    private(set) var keys: [UInt64] = []
    private(set) var begins: [Int] = []
    /// Per posting of the shard, in order: its term number.
    private(set) var termOf = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// The postings grouped by term, `doc << 1 | inTitle`.
    private(set) var grouped = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private var capacity = 1

    init() {
        slotStamps.initialize(repeating: 0, count: mask + 1)
    }

    deinit {
        slotKeys.deallocate()
        slotTerms.deallocate()
        slotStamps.deallocate()
        termOf.deallocate()
        grouped.deallocate()
    }

    /// Starts a shard of `postings` postings.
    func begin(postings: Int) {
        stamp += 1
        keys.removeAll(keepingCapacity: true)
        if postings > capacity {
            termOf.deallocate()
            grouped.deallocate()
            capacity = max(postings, capacity * 2)
            termOf = .allocate(capacity: capacity)
            grouped = .allocate(capacity: capacity)
        }
    }

    /// The number of the term with `key`, a new one if the shard has not had it.
    @inline(__always)
    func term(_ key: UInt64) -> Int {
        var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while slotStamps[h] == stamp {
            if slotKeys[h] == key { return Int(slotTerms[h]) }
            h = (h + 1) & mask
        }
        let t = keys.count
        slotStamps[h] = stamp
        slotKeys[h] = key
        slotTerms[h] = Int32(t)
        keys.append(key)
        if keys.count * 2 > mask + 1 { grow() }
        return t
    }

    private func grow() {
        let size = (mask + 1) * 2
        slotKeys.deallocate()
        slotTerms.deallocate()
        slotStamps.deallocate()
        slotKeys = .allocate(capacity: size)
        slotTerms = .allocate(capacity: size)
        slotStamps = .allocate(capacity: size)
        slotStamps.initialize(repeating: 0, count: size)
        mask = size - 1
        for (t, key) in keys.enumerated() {
            var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while slotStamps[h] == stamp { h = (h + 1) & mask }
            slotStamps[h] = stamp
            slotKeys[h] = key
            slotTerms[h] = Int32(t)
        }
    }

    /// Where each term's postings start in `grouped` once grouped (one more than there are
    /// terms), from the `count` term numbers in `termOf`.
    func countTerms(_ count: Int) {
        begins = [Int](repeating: 0, count: keys.count + 1)
        begins.withUnsafeMutableBufferPointer { begins in
            for j in 0..<count { begins[Int(termOf[j]) + 1] += 1 }
            for t in 0..<keys.count { begins[t + 1] += begins[t] }
        }
    }
}

/// Every batch's postings, as the shard jobs read them: flat, so that a job reads through
/// pointers rather than retaining each batch's arrays for every shard (64 batches times 1,763
/// shards at 10,000 articles).
final class ShardInput: @unchecked Sendable {
    let shards: Int
    /// Per batch, its CJK postings by shard (``TermBatch/entries``), owned here.
    let entries: [UnsafeMutablePointer<UInt64>]
    /// Batch `b`'s postings of shard `k` start at `starts[b * (shards + 1) + k]`.
    let starts: [Int32]
    /// Per batch, its word terms, and where those of shard `k` start, as `starts`.
    let words: [WordTerms]
    let wordStarts: [Int32]

    init(_ batches: [TermBatch], shards: Int) {
        self.shards = shards
        entries = batches.map(\.entries)
        starts = batches.flatMap(\.starts)
        words = batches.map(\.words)
        wordStarts = batches.flatMap(\.words.shardStarts)
    }

    deinit { for e in entries { e.deallocate() } }
}

extension SearchIndexer {
    /// A CJK term as a number whose order is its UTF-8 bytes' order (so the shard can be sorted
    /// without making the strings): one character `a` is `a << 19`, a bigram `a b` is
    /// `a << 19 | 1 << 18 | b` (every CJK character is below U+40000, 18 bits).
    static func scalars(ofKey key: UInt64) -> (UInt32, UInt32?) {
        (UInt32(key >> 19), key & (1 << 18) != 0 ? UInt32(key & 0x3FFFF) : nil)
    }

    /// Shard `k` as its file's bytes: its word terms, then its CJK terms (every word term
    /// sorts before them: its first byte is at most 0xC9, a CJK character's at least 0xE3), each
    /// in byte order with its documents in the order of the batches.
    static func shard(_ k: Int, of input: ShardInput, documentCount n: Int, scratch: ShardScratch) -> ByteBuffer {
        let width = input.shards + 1
        let (total, order): (Int, [UInt64]) = input.entries.withUnsafeBufferPointer { entries in
            input.starts.withUnsafeBufferPointer { starts in
                var total = 0
                for b in entries.indices { total += Int(starts[b * width + k + 1] - starts[b * width + k]) }
                scratch.begin(postings: total)
                // Each posting's term number, then the postings placed by term (a counting
                // sort: batches in order, so each term's documents ascend).
                let termOf = scratch.termOf
                var j = 0
                for b in entries.indices {
                    for i in Int(starts[b * width + k])..<Int(starts[b * width + k + 1]) {
                        termOf[j] = Int32(truncatingIfNeeded: scratch.term(entries[b][i] >> 21))
                        j += 1
                    }
                }
                scratch.countTerms(total)
                var fill = scratch.begins
                let grouped = scratch.grouped
                j = 0
                fill.withUnsafeMutableBufferPointer { fill in
                    for b in entries.indices {
                        for i in Int(starts[b * width + k])..<Int(starts[b * width + k + 1]) {
                            let t = Int(termOf[j])
                            grouped[fill[t]] = UInt32(truncatingIfNeeded: entries[b][i] & 0x1FFFFF)
                            fill[t] += 1
                            j += 1
                        }
                    }
                }
                // The terms in key order: key and term number in one word (the keys are 37
                // bits, the numbers below 2^27).
                var order = scratch.keys.enumerated().map { t, key in key << 27 | UInt64(t) }
                order.sort()
                return (total, order)
            }
        }

        var out = ByteBuffer(capacity: total / 2 + 64)
        var titles: [UInt32] = []
        writeWords(k, of: input, documentCount: n, titles: &titles, to: &out)
        let keys = scratch.keys, begins = scratch.begins, grouped = scratch.grouped
        var term: [UInt8] = []
        term.reserveCapacity(8)
        for o in order {
            let t = Int(o & (1 << 27 - 1))
            let (a, b) = scalars(ofKey: keys[t])
            term.removeAll(keepingCapacity: true)
            appendUTF8(a, to: &term)
            if let b { appendUTF8(b, to: &term) }
            ShardFile.append(
                term: term, list: UnsafeBufferPointer(start: grouped + begins[t], count: begins[t + 1] - begins[t]),
                documentCount: n, titles: &titles, to: &out)
        }
        return out
    }

    /// Appends the UTF-8 bytes of the scalar `v`.
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// The word terms of shard `k` from every batch, in byte order; a term in several batches
    /// has their documents joined in batch order, which is document order.
    private static func writeWords(
        _ k: Int, of input: ShardInput, documentCount n: Int, titles: inout [UInt32],
        to out: inout ByteBuffer
    ) {
        let width = input.shards + 1
        var items: [(batch: Int, term: Int)] = []
        for b in 0..<input.words.count {
            for t in Int(input.wordStarts[b * width + k])..<Int(input.wordStarts[b * width + k + 1]) { items.append((b, t)) }
        }
        guard !items.isEmpty else { return }
        let words = input.words
        func bytes(_ item: (batch: Int, term: Int)) -> ArraySlice<UInt8> {
            words[item.batch].bytes[words[item.batch].term(item.term)]
        }
        items.sort { x, y in
            let (a, b) = (bytes(x), bytes(y))
            return a == b ? x.batch < y.batch : a.lexicographicallyPrecedes(b)
        }
        var docs: [UInt32] = []
        var i = 0
        while i < items.count {
            let term = bytes(items[i])
            docs.removeAll(keepingCapacity: true)
            repeat {
                let (b, t) = items[i]
                docs += words[b].docs[words[b].docRange(t)]
                i += 1
            } while i < items.count && bytes(items[i]) == term
            docs.withUnsafeBufferPointer { list in
                ShardFile.append(term: term, list: list, documentCount: n, titles: &titles, to: &out)
            }
        }
    }
}
