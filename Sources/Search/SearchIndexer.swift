import Content
import Foundation
import Support

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

    package init() {}

    /// A file of the index, relative to the site's root.
    package struct File: Sendable {
        package var path: String
        package var bytes: [UInt8]
    }

    /// A CJK term as a number: one character is its code point, a bigram sets bit 36 above
    /// the two 18-bit code points (every CJK character is below U+40000).
    @inline(__always) static func code(_ a: UInt32) -> UInt64 { UInt64(a) }
    @inline(__always) static func code(_ a: UInt32, _ b: UInt32) -> UInt64 { 1 << 36 | UInt64(a) << 18 | UInt64(b) }
    static func scalars(of code: UInt64) -> [UInt32] {
        code & (1 << 36) != 0 ? [UInt32(code >> 18 & 0x3FFFF), UInt32(code & 0x3FFFF)] : [UInt32(code)]
    }
    /// `SearchFold.shard(ofKey:)` of a CJK term, without making an array.
    @inline(__always) static func shard(of code: UInt64, shards: UInt32) -> Int {
        @inline(__always) func mix(_ h: UInt32, _ v: UInt32) -> UInt32 {
            guard v >= 0x10000 else { return (h ^ v) &* 16_777_619 }
            let u = v - 0x10000
            return (((h ^ (0xD800 + (u >> 10))) &* 16_777_619) ^ (0xDC00 + (u & 0x3FF))) &* 16_777_619
        }
        var h: UInt32 = 2_166_136_261
        if code & (1 << 36) != 0 {
            h = mix(mix(h, UInt32(code >> 18 & 0x3FFFF)), UInt32(code & 0x3FFFF))
        } else {
            h = mix(h, UInt32(code))
        }
        return Int(h % shards)
    }

    /// Scratch tables a worker reuses from batch to batch: which characters and bigrams the
    /// current document has already given (by the document's stamp, so nothing is cleared
    /// between documents), and how often each UTF-16 unit occurs (for the ``CharTable``).
    /// Taken from a pool: zeroing a megabyte per batch was a twentieth of the build.
    private final class Seen: @unchecked Sendable {
        let singles = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x40000)
        var keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        var stamps = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        /// Counts by UTF-16 unit (a pointer: an array in a class was checked for sharing on every count).
        let units = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
        var size = 0
        var mask = 0

        init() {
            singles.initialize(repeating: 0, count: 0x40000)
            units.initialize(repeating: 0, count: 0x10000)
        }
        deinit {
            singles.deallocate()
            units.deallocate()
            keys.deallocate()
            stamps.deallocate()
        }

        /// Makes room for `count` distinct bigrams at most half full.
        func reserve(_ count: Int) {
            var wanted = 1024
            while wanted < count * 2 { wanted <<= 1 }
            guard wanted > size else { return }
            keys.deallocate()
            stamps.deallocate()
            keys = .allocate(capacity: wanted)
            stamps = .allocate(capacity: wanted)
            stamps.initialize(repeating: 0, count: wanted)
            keys.initialize(repeating: 0, count: wanted)
            size = wanted
            mask = wanted - 1
        }

        /// True the first time `code` is seen with this stamp.
        @inline(__always) func insert(_ code: UInt64, stamp: UInt32) -> Bool {
            if code & (1 << 36) == 0 {
                if singles[Int(code)] == stamp { return false }
                singles[Int(code)] = stamp
                return true
            }
            var i = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while stamps[i] == stamp {
                if keys[i] == code { return false }
                i = (i + 1) & mask
            }
            stamps[i] = stamp
            keys[i] = code
            return true
        }

        func count(_ s: String) { for u in s.utf16 { units[Int(u)] &+= 1 } }
    }

    /// The terms of one text, read from its UTF-8 bytes: every CJK character and adjacent pair
    /// within a run (`code << 1 | inTitle` appended to `codes`), every word and its prefixes
    /// (into `words`; the title is the text's first line, so a term seen first there is in
    /// the title). Counts the text's UTF-16 units on the way.
    private static func terms(_ text: String, stamp: UInt32, seen: Seen, codes: inout [UInt64], words: inout [String: Bool]) {
        var text = text
        text.withUTF8 { bytes in
            seen.reserve(bytes.count / 3 + 1)
            var inTitle: UInt64 = 1
            var previous: UInt32 = 0  // the last CJK character of the current run, or 0
            var word: [UInt8] = []  // UTF-8
            var ends: (Int, Int, Int) = (0, 0, 0)  // where its first three characters end
            var letters = 0
            func endWord() {
                guard !word.isEmpty else { return }
                let title = inTitle == 1
                let w = String(decoding: word, as: UTF8.self)
                if words[w] == nil { words[w] = title }
                func prefix(_ end: Int) {
                    guard end > 0 else { return }
                    var p = String(decoding: word[..<end], as: UTF8.self)
                    p.append("*")
                    if words[p] == nil { words[p] = title }
                }
                prefix(ends.0)
                prefix(ends.1)
                prefix(ends.2)
                word.removeAll(keepingCapacity: true)
                ends = (0, 0, 0)
                letters = 0
            }
            var i = 0
            let n = bytes.count
            while i < n {
                // UTF-8 decoded by hand: the text is valid (it is a Swift string).
                let b0 = UInt32(bytes[i])
                var v: UInt32
                if b0 < 0x80 { v = b0; i += 1 } else if b0 < 0xE0 {
                    v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                } else if b0 < 0xF0 {
                    v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                } else {
                    v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                    i += 4
                }
                let units = seen.units
                if v < 0x10000 {
                    units[Int(v)] &+= 1
                } else {
                    units[Int(0xD800 + ((v - 0x10000) >> 10))] &+= 1
                    units[Int(0xDC00 + ((v - 0x10000) & 0x3FF))] &+= 1
                }
                if v == 0x0A && inTitle == 1 {
                    endWord()
                    previous = 0
                    inTitle = 0
                    continue
                }
                v = SearchFold.fold(v)
                switch SearchFold.charClass(v) {
                case .cjk:
                    endWord()
                    if seen.insert(code(v), stamp: stamp) { codes.append(code(v) << 1 | inTitle) }
                    if previous != 0, seen.insert(code(previous, v), stamp: stamp) { codes.append(code(previous, v) << 1 | inTitle) }
                    previous = v
                case .word:
                    previous = 0
                    if v < 0x80 { word.append(UInt8(v)) } else { word.append(contentsOf: String(Unicode.Scalar(v)!).utf8) }
                    letters += 1
                    if letters == 1 { ends.0 = word.count } else if letters == 2 { ends.1 = word.count } else if letters == 3 { ends.2 = word.count }
                case .separator:
                    previous = 0
                    endWord()
                }
            }
            endWord()
        }
    }

    /// The shard key of a word term: its first four characters (`abou` for `about`), or the
    /// prefix of a `*` term (`ab` for `ab*`).
    static func wordKey(_ term: String) -> [UInt32] {
        let body = term.hasSuffix("*") ? String(term.dropLast()) : term
        return Array(body.unicodeScalars.prefix(4).map(\.value))
    }

    /// One batch of consecutive documents, once its terms are read: its CJK postings sorted by
    /// shard into one flat array (`code << 21 | doc << 1 | inTitle`) with where each shard
    /// starts, and its words with their documents (`doc << 1 | inTitle`).
    private struct Batch: Sendable {
        var entries: [UInt64]
        var starts: [Int]
        var words: [String: [UInt32]]
    }

    package func build(_ docs: [SearchDocument]) -> [File] {
        let n = docs.count
        precondition(n < 1 << 20, "document numbers have 20 bits")
        // The number of shards from the texts' size, so that each batch can sort its postings
        // by shard as soon as it has them: the postings come to about one byte per 28 bytes
        // of UTF-8 text (measured on the benchmark corpus and the sample site).
        let textBytes = docs.reduce(0) { $0 + $1.text.utf8.count }
        let shards = max(1, textBytes / 28 / shardBytes)
        // Documents in batches of consecutive numbers: each batch is one job, and its postings
        // stay in document order.
        let batchSize = max(1, min(256, (n + 63) / 64))
        let ranges = Array(stride(from: 0, to: n, by: batchSize)).map { $0..<min(n, $0 + batchSize) }
        let pool = Locked([Seen]())
        let batches: [Batch] = Parallel.map(ranges) { range in
            let seen = pool.withLock { $0.popLast() } ?? Seen()
            defer { pool.withLock { $0.append(seen) } }
            // At most a term per UTF-8 byte of Chinese text over three, times two (character and
            // bigram): reserved once, as growing the array copied it again and again.
            var codes: [UInt64] = []
            codes.reserveCapacity(range.reduce(0) { $0 + docs[$1].text.utf8.count } * 2 / 3 + 16)
            var docEnds: [Int] = []
            var words: [String: [UInt32]] = [:]
            var docWords: [String: Bool] = [:]
            for d in range {
                Self.terms(docs[d].text, stamp: UInt32(d + 1), seen: seen, codes: &codes, words: &docWords)
                seen.count(docs[d].url)
                seen.count(docs[d].date)
                docEnds.append(codes.count)
                for (w, title) in docWords { words[w, default: []].append(UInt32(d) << 1 | (title ? 1 : 0)) }
                docWords.removeAll(keepingCapacity: true)
            }
            var starts = [Int](repeating: 0, count: shards + 1)
            let shardOf = [UInt32](unsafeUninitializedCapacity: codes.count) { buffer, count in
                for (j, c) in codes.enumerated() {
                    let k = Self.shard(of: c >> 1, shards: UInt32(shards))
                    buffer[j] = UInt32(k)
                    starts[k + 1] += 1
                }
                count = codes.count
            }
            for k in 0..<shards { starts[k + 1] += starts[k] }
            var fill = starts
            // Every slot is written once below: no zeroing pass first.
            let entries = [UInt64](unsafeUninitializedCapacity: codes.count) { buffer, count in
                var j = 0
                for (offset, end) in docEnds.enumerated() {
                    let d = UInt64(range.lowerBound + offset)
                    while j < end {
                        let k = Int(shardOf[j])
                        buffer[fill[k]] = (codes[j] >> 1) << 21 | d << 1 | (codes[j] & 1)
                        fill[k] += 1
                        j += 1
                    }
                }
                count = codes.count
            }
            return Batch(entries: entries, starts: starts, words: words)
        }
        let table = CharTable(counts: pool.withLock { seens in
            var total = [UInt32](repeating: 0, count: 0x10000)
            for s in seens { for u in 0..<0x10000 { total[u] &+= s.units[u] } }
            return total
        })

        // Word terms by shard, each batch's lists joined in batch order (so documents ascend).
        var wordDocs: [String: [UInt32]] = [:]
        for b in batches {
            for (w, list) in b.words { wordDocs[w, default: []] += list }
        }
        var wordsByShard = [[(String, [UInt32])]](repeating: [], count: shards)
        for (w, list) in wordDocs { wordsByShard[SearchFold.shard(ofKey: Self.wordKey(w), shards: shards)].append((w, list)) }
        let wordTerms = wordsByShard

        let shardFiles: [File] = Parallel.map(Array(0..<shards)) { k in
            // Grouped by term with a counting sort: batches are in document order, so each
            // term's documents come out ascending.
            var codes: [UInt64] = []
            var counts: [Int] = []
            var total = 0
            for b in batches { total += b.starts[k + 1] - b.starts[k] }
            var slots: [Int32] = []
            slots.reserveCapacity(total)
            // code → slot, open addressing (`-1` empty): Dictionary's hashing was most of this loop.
            var tableSize = 64
            while tableSize < total { tableSize <<= 1 }
            var tableKeys = [UInt64](repeating: 0, count: tableSize)
            var tableSlots = [Int32](repeating: -1, count: tableSize)
            let mask = tableSize - 1
            for b in batches {
                for i in b.starts[k]..<b.starts[k + 1] {
                    let c = b.entries[i] >> 21
                    var h = Int(truncatingIfNeeded: (c &* 0x9E37_79B9_7F4A_7C15) >> 33) & mask
                    while tableSlots[h] >= 0 && tableKeys[h] != c { h = (h + 1) & mask }
                    let s: Int
                    if tableSlots[h] >= 0 { s = Int(tableSlots[h]) } else {
                        s = codes.count
                        tableKeys[h] = c
                        tableSlots[h] = Int32(s)
                        codes.append(c)
                        counts.append(0)
                    }
                    counts[s] += 1
                    slots.append(Int32(s))
                }
            }
            var begin = [Int](repeating: 0, count: codes.count + 1)
            for s in codes.indices { begin[s + 1] = begin[s] + counts[s] }
            var fill = begin
            var grouped = [UInt32](repeating: 0, count: total)
            var j = 0
            for b in batches {
                for i in b.starts[k]..<b.starts[k + 1] {
                    let s = Int(slots[j])
                    grouped[fill[s]] = UInt32(truncatingIfNeeded: b.entries[i] & 0x1FFFFF)
                    fill[s] += 1
                    j += 1
                }
            }
            var terms: [([UInt8], ArraySlice<UInt32>)] = codes.indices.map { s in
                (Array(String(String.UnicodeScalarView(Self.scalars(of: codes[s]).compactMap(Unicode.Scalar.init))).utf8),
                 grouped[begin[s]..<begin[s + 1]])
            }
            terms += wordTerms[k].map { (Array($0.0.utf8), $0.1[...]) }
            terms.sort { $0.0.lexicographicallyPrecedes($1.0) }
            var out: [UInt8] = []
            out.reserveCapacity(total / 2 + 64)
            for (term, list) in terms { ShardFile.append(term: term, list: list, documentCount: n, to: &out) }
            return File(path: "search/s/\(k).bin", bytes: out)
        }

        // Text chunks: consecutive documents until the texts pass `chunkBytes`.
        var starts: [Int] = []
        var size = chunkBytes
        for d in 0..<n {
            if size >= chunkBytes {
                starts.append(d)
                size = 0
            }
            size += docs[d].text.utf8.count
        }
        let chunkRanges = starts.indices.map { c in starts[c]..<(c + 1 < starts.count ? starts[c + 1] : n) }
        let chunkFiles: [File] = Parallel.map(Array(chunkRanges.indices)) { c in
            var out: [UInt8] = []
            out.reserveCapacity(chunkBytes)
            for d in chunkRanges[c] { TextChunk.append(docs[d], table: table, to: &out) }
            return File(path: "search/t/\(c).bin", bytes: out)
        }

        var chunkBitmap = [UInt8](repeating: 0, count: (n + 7) / 8)
        for s in starts { chunkBitmap[s >> 3] |= 1 << (s & 7) }
        var kinds: [String] = []
        var first = 0
        for kind in SearchDocument.Kind.allCases {
            let count = docs[first...].prefix { $0.kind == kind }.count
            kinds.append("[\(Escape.jsonString(kind.key)),\(Escape.jsonString(kind.label)),\(first),\(count)]")
            first += count
        }
        var meta = Array("{\"v\":2,\"docs\":\(n),\"shards\":\(shards),\"kinds\":[\(kinds.joined(separator: ","))],\"chunks\":\"\(Base64.encode(chunkBitmap))\",\"chars\":".utf8)
        JSONBytes.string(table.string, to: &meta)
        meta += Array("}\n".utf8)
        return [File(path: "search/meta.json", bytes: meta)] + shardFiles + chunkFiles
    }
}

/// A value behind a lock, for the scratch tables the indexer's workers share.
private final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// JSON string literals written straight into bytes: the page texts are most of the index.
enum JSONBytes {
    private static let hex = Array("0123456789abcdef".utf8)

    static func string(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 16)
            var i = 0
            var clean = 0  // start of the bytes not yet copied
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0xE2 {
                    i += 1
                    continue
                }
                if b == 0xE2 && !(i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<i]))
                out.append(0x5C)
                switch b {
                case 0x22, 0x5C: out.append(b)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                // U+2028 and U+2029 are line ends to older JavaScript parsers.
                case 0xE2:
                    out.append(0x75); out.append(0x32); out.append(0x30); out.append(0x32); out.append(bytes[i + 2] == 0xA8 ? 0x38 : 0x39)
                    i += 2
                default:
                    out.append(0x75); out.append(0x30); out.append(0x30); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                }
                i += 1
                clean = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        }
        out.append(0x22)
    }
}
