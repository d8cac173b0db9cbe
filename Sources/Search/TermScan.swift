import Foundation

/// The terms of a batch of consecutive documents, read in one pass over each text, with the
/// postings already sorted by shard: the first half of ``SearchIndexer``'s work, one job per batch.
struct TermBatch {
    /// The CJK postings by shard: `key << 21 | doc << 1 | inTitle` (the key as
    /// ``SearchIndexer/scalars(ofKey:)`` reads it), each shard's in document order. Handed
    /// to ``ShardInput``, which deallocates it.
    var entries: UnsafeMutablePointer<UInt64>
    /// Where each shard's postings start in `entries` (one more than there are shards).
    var starts: [Int32]
    /// The batch's word terms, by shard.
    var words: WordTerms
}

/// The word terms of a batch: each distinct term once, with its documents, ordered by shard.
struct WordTerms: Sendable {
    /// The terms' UTF-8 bytes, one after the other.
    var bytes: [UInt8] = []
    /// Term `i` is `bytes[ends[i - 1]..<ends[i]]` (from 0 for the first).
    var ends: [Int32] = []
    /// Its documents, `doc << 1 | inTitle`, are `docs[docEnds[i - 1]..<docEnds[i]]`.
    var docs: [UInt32] = []
    var docEnds: [Int32] = []
    /// The terms of shard `k` are `shardStarts[k]..<shardStarts[k + 1]`.
    var shardStarts: [Int32] = []

    func term(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i]) }
    func docRange(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(docEnds[i - 1]))..<Int(docEnds[i]) }
}

/// A worker's scratch tables, reused from batch to batch (taken from a pool: zeroing a
/// megabyte per batch was a twentieth of the build): which characters and bigrams the current
/// document has already given, by the document's stamp so that nothing is cleared between
/// documents; how often each UTF-16 unit occurs (for the ``CharTable``); and the batch's
/// postings before they are sorted by shard.
final class TermScratch: @unchecked Sendable {
    /// Stamp of the last document each character was posted for.
    let singles = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x40000)
    /// Bigrams posted for the current document, open addressing: a slot is the document's
    /// stamp and the bigram in one word (`stamp << 36 | bigram`, see ``pairSlot(_:_:)``), and
    /// a slot of an earlier stamp is free, so nothing is cleared between documents.
    private(set) var pairs = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var mask = 0
    /// Counts by UTF-16 unit (a pointer: an array in a class was checked for sharing on every count).
    let units = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
    /// The batch's CJK postings in text order, `shard << 38 | key << 1 | inTitle`.
    private(set) var postings = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private var postingsCapacity = 1

    init() {
        singles.initialize(repeating: 0, count: 0x40000)
        units.initialize(repeating: 0, count: 0x10000)
        pairs.initialize(to: 0)
    }

    deinit {
        singles.deallocate()
        units.deallocate()
        pairs.deallocate()
        postings.deallocate()
    }

    /// The slot of bigram `code` (two 18-bit characters) in the document stamped `stamp` (20 bits).
    @inline(__always)
    static func pairSlot(_ stamp: UInt32, _ code: UInt64) -> UInt64 { UInt64(stamp) << 36 | code }

    /// Makes room for `count` distinct bigrams at most half full.
    func reserveBigrams(_ count: Int) {
        var wanted = 1024
        while wanted < count * 2 { wanted <<= 1 }
        guard wanted > mask + 1 else { return }
        pairs.deallocate()
        pairs = .allocate(capacity: wanted)
        pairs.initialize(repeating: 0, count: wanted)
        mask = wanted - 1
    }

    /// Makes room for `count` postings (their contents need not survive).
    func reservePostings(_ count: Int) {
        guard count > postingsCapacity else { return }
        postings.deallocate()
        postingsCapacity = max(count, postingsCapacity * 2)
        postings = .allocate(capacity: postingsCapacity)
    }
}

extension SearchIndexer {
    /// The word terms of one document, while it is read: each new term is looked up in a table of
    /// the batch's terms (FNV-1a of its bytes, open addressing), and posted once per document.
    struct WordTable {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        /// The last document each term was posted for, plus one.
        var lastDoc: [UInt32] = []
        /// term number << 21 | doc << 1 | inTitle, in document order.
        var postings: [UInt64] = []
        var slots = [Int32](repeating: -1, count: 1024)
        var hashes: [UInt64] = []

        mutating func post(_ term: ArraySlice<UInt8>, doc: UInt32, title: UInt64) {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in term { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: h >> 20) & mask
            var t = -1
            while slots[i] >= 0 {
                let s = Int(slots[i])
                if hashes[s] == h {
                    let start = s == 0 ? 0 : Int(ends[s - 1])
                    if Int(ends[s]) - start == term.count && bytes[start..<Int(ends[s])].elementsEqual(term) {
                        t = s
                        break
                    }
                }
                i = (i + 1) & mask
            }
            if t < 0 {
                t = ends.count
                slots[i] = Int32(t)
                hashes.append(h)
                bytes.append(contentsOf: term)
                ends.append(Int32(bytes.count))
                lastDoc.append(0)
                if ends.count * 2 > slots.count { grow() }
            }
            guard lastDoc[t] != doc + 1 else { return }
            lastDoc[t] = doc + 1
            postings.append(UInt64(t) << 21 | UInt64(doc) << 1 | title)
        }

        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            let mask = slots.count - 1
            for (t, h) in hashes.enumerated() {
                var i = Int(truncatingIfNeeded: h >> 20) & mask
                while slots[i] >= 0 { i = (i + 1) & mask }
                slots[i] = Int32(t)
            }
        }

        /// The terms with their documents, ordered by shard.
        func terms(shards: Int) -> WordTerms {
            let count = ends.count
            var out = WordTerms()
            out.shardStarts = [Int32](repeating: 0, count: shards + 1)
            guard count > 0 else { return out }
            // Documents grouped by term (a counting sort: they stay in document order).
            var docStarts = [Int](repeating: 0, count: count + 1)
            for p in postings { docStarts[Int(p >> 21) + 1] += 1 }
            for t in 0..<count { docStarts[t + 1] += docStarts[t] }
            var fill = docStarts
            var grouped = [UInt32](repeating: 0, count: postings.count)
            for p in postings {
                let t = Int(p >> 21)
                grouped[fill[t]] = UInt32(truncatingIfNeeded: p & 0x1FFFFF)
                fill[t] += 1
            }
            // Terms ordered by shard (a counting sort again).
            var shardOf = [Int](repeating: 0, count: count)
            for t in 0..<count {
                let start = t == 0 ? 0 : Int(ends[t - 1])
                shardOf[t] = SearchFold.shard(ofKey: SearchIndexer.wordKey(bytes[start..<Int(ends[t])]), shards: shards)
                out.shardStarts[shardOf[t] + 1] += 1
            }
            for k in 0..<shards { out.shardStarts[k + 1] += out.shardStarts[k] }
            var order = [Int](repeating: 0, count: count)
            var next = out.shardStarts.map(Int.init)
            for t in 0..<count {
                order[next[shardOf[t]]] = t
                next[shardOf[t]] += 1
            }
            out.bytes.reserveCapacity(bytes.count)
            out.docs.reserveCapacity(grouped.count)
            for t in order {
                let start = t == 0 ? 0 : Int(ends[t - 1])
                out.bytes += bytes[start..<Int(ends[t])]
                out.ends.append(Int32(out.bytes.count))
                out.docs += grouped[docStarts[t]..<docStarts[t + 1]]
                out.docEnds.append(Int32(out.docs.count))
            }
            return out
        }
    }

    /// The shard key of a word term from its UTF-8 bytes: its first four characters (`abou`
    /// for `about`), or the prefix of a `*` term (`ab` for `ab*`).
    static func wordKey(_ term: ArraySlice<UInt8>) -> [UInt32] {
        let body = term.last == 0x2A ? term.dropLast() : term
        return Array(String(decoding: body, as: UTF8.self).unicodeScalars.prefix(4).map(\.value))
    }

    /// Reads the terms of `docs[range]`: every CJK character and adjacent pair within a run,
    /// every word and its first one, two and three letters as `*` prefixes; each posted once
    /// per document, flagged when its first occurrence is in the title (the text's first line).
    /// One pass over each text's UTF-8 bytes, which also counts its UTF-16 units. One loop
    /// without closures: the state of the word being read, captured by a local function, was
    /// checked for exclusive access on every character.
    static func scan(_ docs: [SearchDocument], _ range: Range<Int>, shards: Int, scratch: TermScratch) -> TermBatch {
        var bound = 0
        for d in range { bound += docs[d].utf8.count }
        // At most a posting per UTF-8 byte of Chinese text over three, times two (character
        // and bigram); a four-byte character gives two as well. `post` writes at `count`
        // before it knows whether the term is new: the spare 16 keep that write in room.
        scratch.reservePostings(bound * 2 / 3 + 16)
        let postings = scratch.postings
        let singles = scratch.singles, units = scratch.units
        var count = 0
        let shardCounts = UnsafeMutablePointer<Int32>.allocate(capacity: shards + 1)
        defer { shardCounts.deallocate() }
        shardCounts.initialize(repeating: 0, count: shards + 1)
        var docEnds: [Int] = []
        docEnds.reserveCapacity(range.count)
        var words = WordTable()
        var word = WordReader()
        // `h % shards` by Lemire's multiply-and-shift: exact for 32-bit `h`, and a division per
        // posting was a tenth of this loop.
        let divisor = UInt64(shards)
        let magic = UInt64.max / divisor &+ 1
        for d in range {
            let stamp = UInt32(d + 1)
            docs[d].utf8.withUnsafeBufferPointer { bytes in
                scratch.reserveBigrams(bytes.count / 3 + 1)
                let pairs = scratch.pairs, mask = scratch.mask
                let stamped = UInt64(stamp)
                var inTitle: UInt64 = 1
                var previous: UInt32 = 0 // the last CJK character of the current run, or 0
                var previousHash: UInt32 = 0 // the shard hash of `previous` alone
                // Written whether or not the term is new in the document, and counted only when
                // it is: about a third of the characters and bigrams repeat within a page, too
                // few and too scattered for a branch to be guessed.
                @inline(__always) func post(_ key: UInt64, _ hash: UInt32, if isNew: Bool) {
                    let shard = (magic &* UInt64(hash)).multipliedFullWidth(by: divisor).high
                    postings[count] = shard << 38 | key << 1 | inTitle
                    let one = isNew ? 1 : 0
                    count += one
                    shardCounts[Int(shard) + 1] += Int32(truncatingIfNeeded: one)
                }
                var i = 0
                let n = bytes.count
                while i < n {
                    // UTF-8 decoded by hand: the text is valid (see `SearchDocument.utf8`); the
                    // bounds are checked all the same, so that bytes that were not could never
                    // be read past.
                    let b0 = UInt32(bytes[i])
                    var v: UInt32
                    if b0 < 0x80 {
                        v = b0; i += 1
                    } else if b0 < 0xE0 {
                        guard i + 2 <= n else { break }
                        v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                    } else if b0 < 0xF0 {
                        guard i + 3 <= n else { break }
                        v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                    } else {
                        guard i + 4 <= n else { break }
                        v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                        i += 4
                    }
                    // Not a scalar (the bytes were not UTF-8 after all): none of the tables is indexed by it.
                    if v > 0x10FFFF { v = 0xFFFD }
                    if v < 0x10000 {
                        units[Int(v)] &+= 1
                    } else {
                        units[Int(0xD800 + ((v - 0x10000) >> 10))] &+= 1
                        units[Int(0xDC00 + ((v - 0x10000) & 0x3FF))] &+= 1
                    }
                    if v == 0x0A && inTitle == 1 {
                        if word.letters > 0 { word.end(into: &words, doc: UInt32(d), title: inTitle) }
                        previous = 0
                        inTitle = 0
                        continue
                    }
                    // The common CJK block first: folding leaves it as it is.
                    let charClass: SearchFold.CharClass
                    if v >= 0x4E00 && v <= 0x9FFF {
                        charClass = .cjk
                    } else {
                        v = SearchFold.fold(v)
                        charClass = SearchFold.charClass(v)
                    }
                    switch charClass {
                    case .cjk:
                        if word.letters > 0 { word.end(into: &words, doc: UInt32(d), title: inTitle) }
                        let hash = Self.hash(2_166_136_261, v)
                        let newSingle = singles[Int(v)] != stamp
                        singles[Int(v)] = stamp
                        post(UInt64(v) << 19, hash, if: newSingle)
                        if previous != 0 {
                            let code = UInt64(previous) << 18 | UInt64(v)
                            let slot = TermScratch.pairSlot(stamp, code)
                            var h = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
                            while pairs[h] != slot && pairs[h] >> 36 == stamped { h = (h + 1) & mask }
                            let newPair = pairs[h] != slot
                            pairs[h] = slot
                            post(UInt64(previous) << 19 | 1 << 18 | UInt64(v), Self.hash(previousHash, v), if: newPair)
                        }
                        previous = v
                        previousHash = hash
                    case .word:
                        previous = 0
                        word.append(v)
                    case .separator:
                        previous = 0
                        if word.letters > 0 { word.end(into: &words, doc: UInt32(d), title: inTitle) }
                    }
                }
                if word.letters > 0 { word.end(into: &words, doc: UInt32(d), title: inTitle) }
            }
            countUnits(docs[d].url, units)
            countUnits(docs[d].date, units)
            docEnds.append(count)
        }
        for k in 0..<shards { shardCounts[k + 1] += shardCounts[k] }
        let starts = Array(UnsafeBufferPointer(start: shardCounts, count: shards + 1))
        // Sorted by shard with a counting sort; every slot is written once, so not zeroed first.
        let entries = UnsafeMutablePointer<UInt64>.allocate(capacity: max(count, 1))
        var j = 0
        for (offset, end) in docEnds.enumerated() {
            let doc = UInt64(range.lowerBound + offset) << 1
            while j < end {
                let p = postings[j]
                let s = Int(p >> 38)
                entries[Int(shardCounts[s])] = (p >> 1 & (1 << 37 - 1)) << 21 | doc | (p & 1)
                shardCounts[s] += 1
                j += 1
            }
        }
        return TermBatch(entries: entries, starts: starts, words: words.terms(shards: shards))
    }

    private static func countUnits(_ s: String, _ units: UnsafeMutablePointer<UInt32>) {
        for u in s.utf16 { units[Int(u)] &+= 1 }
    }

    /// The word being read: its UTF-8 bytes, and where its first three characters end.
    struct WordReader {
        var bytes: [UInt8] = []
        var ends: (Int, Int, Int) = (0, 0, 0)
        var letters = 0

        init() { bytes.reserveCapacity(64) }

        /// Adds a folded letter or digit.
        mutating func append(_ v: UInt32) {
            if v < 0x80 {
                bytes.append(UInt8(v))
            } else {
                bytes.append(UInt8(0xC0 | v >> 6))
                bytes.append(UInt8(0x80 | v & 0x3F))
            }
            letters += 1
            if letters == 1 { ends.0 = bytes.count } else if letters == 2 { ends.1 = bytes.count } else if letters == 3 { ends.2 = bytes.count }
        }

        /// Posts the word and its prefixes, and starts the next word.
        mutating func end(into words: inout WordTable, doc: UInt32, title: UInt64) {
            words.post(bytes[...], doc: doc, title: title)
            // Each prefix and `*`, written over the byte after it: longest first, so that each
            // `*` lands after the bytes the shorter ones still need.
            prefix(ends.2, into: &words, doc: doc, title: title)
            prefix(ends.1, into: &words, doc: doc, title: title)
            prefix(ends.0, into: &words, doc: doc, title: title)
            bytes.removeAll(keepingCapacity: true)
            ends = (0, 0, 0)
            letters = 0
        }

        private mutating func prefix(_ end: Int, into words: inout WordTable, doc: UInt32, title: UInt64) {
            guard end > 0 else { return }
            if end < bytes.count { bytes[end] = 0x2A } else { bytes.append(0x2A) }
            words.post(bytes[..<(end + 1)], doc: doc, title: title)
        }
    }
}
