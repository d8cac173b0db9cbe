import Content

/// The search index of a site, as the files the browser fetches (all under `search/`):
///
/// - `meta.json`: the number of documents and shards, each kind's range of document numbers,
///   and a bitmap of where each text chunk starts.
/// - `s/<k>.json`: shard `k`, `{term: "<all> <title>"}` (see ``PostingList``). A CJK term is
///   one character or a bigram; a word term is a lower-cased word, or its first letter and `*`
///   (every word starting with it). The shard is chosen by hashing the term's key: the term
///   itself for CJK, the first two letters of a word, so that every word sharing a prefix
///   is in one shard and a prefix query reads one file.
/// - `t/<c>.u16`: chunk `c`, `[[kind, title, url, date, text], …]` for consecutive documents,
///   as JSON in UTF-16LE, fetched only for the results shown, to verify them and cut their
///   snippets.
package struct SearchIndexer {
    /// Bytes of postings a shard aims at: a query reads one shard per term it looks up.
    package var shardBytes = 12_000
    /// A chunk ends once its texts pass this many bytes: a shown result costs about its own text.
    package var chunkBytes = 1_500

    package init() {}

    /// A file of the index, relative to the site's root.
    package struct File: Sendable {
        package var path: String
        package var bytes: [UInt8]
    }

    /// What one document adds: each distinct CJK term once, as `code << 1 | inTitle`, and its
    /// words (the title is the text's first line, so a term seen first there is in the title).
    private struct DocTerms: Sendable {
        var codes: [UInt64] = []
        var words: [String: Bool] = [:]
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

    /// Scratch tables one batch of documents reuses: which characters and bigrams the current
    /// document has already given (by the document's stamp, so nothing is cleared between them).
    private final class Seen {
        let singles = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x40000)
        var keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        var stamps = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        var size = 0
        var mask = 0

        init() { singles.initialize(repeating: 0, count: 0x40000) }
        deinit {
            singles.deallocate()
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
    }

    /// The terms of one text, read from its UTF-8 bytes: every CJK character and adjacent pair
    /// within a run, every word and its first letter.
    private static func terms(_ text: String, stamp: UInt32, seen: Seen) -> DocTerms {
        var t = DocTerms()
        var text = text
        text.withUTF8 { bytes in
            seen.reserve(bytes.count / 3 + 1)
            var inTitle: UInt64 = 1
            var previous: UInt32 = 0  // the last CJK character of the current run, or 0
            var word: [UInt8] = []
            func endWord() {
                guard !word.isEmpty else { return }
                let w = String(decoding: word, as: UTF8.self)
                let first = String(decoding: word.prefix(word[0] < 0x80 ? 1 : 2), as: UTF8.self) + "*"
                for term in [w, first] where t.words[term] == nil { t.words[term] = inTitle == 1 }
                word.removeAll(keepingCapacity: true)
            }
            var codes: [UInt64] = []
            codes.reserveCapacity(bytes.count / 2)
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
                case .separator:
                    previous = 0
                    endWord()
                }
            }
            endWord()
            t.codes = codes
        }
        return t
    }

    /// The shard key of a word term: its first two characters (`ab` for `about`, `a*`'s is `a`).
    static func wordKey(_ term: String) -> [UInt32] {
        let body = term.hasSuffix("*") ? String(term.dropLast()) : term
        return Array(body.unicodeScalars.prefix(2).map(\.value))
    }

    package func build(_ docs: [SearchDocument]) -> [File] {
        let n = docs.count
        precondition(n < 1 << 20, "document numbers have 20 bits")
        // Documents in batches of consecutive numbers: each batch is one job with its own
        // scratch tables, and its postings stay in document order.
        let batchSize = max(1, min(256, (n + 63) / 64))
        let batches = Array(stride(from: 0, to: n, by: batchSize)).map { $0..<min(n, $0 + batchSize) }
        let perBatch: [[DocTerms]] = Parallel.map(batches) { range in
            let seen = Seen()
            return range.map { d in Self.terms(docs[d].text, stamp: UInt32(d + 1), seen: seen) }
        }
        let postings = perBatch.reduce(0) { $0 + $1.reduce(0) { $0 + $1.codes.count + $1.words.count } }
        let shards = max(1, postings / shardBytes)

        // Each batch's CJK postings sorted by shard into one flat array (`code << 21 | doc << 1
        // | inTitle`), with where each shard starts; and its words with their documents.
        let bucketed: [(entries: [UInt64], starts: [Int], words: [String: [UInt32]])] = Parallel.map(Array(batches.indices)) { b in
            let terms = perBatch[b]
            var shardOf: [UInt32] = []
            shardOf.reserveCapacity(terms.reduce(0) { $0 + $1.codes.count })
            var starts = [Int](repeating: 0, count: shards + 1)
            for t in terms {
                for c in t.codes {
                    let k = Self.shard(of: c >> 1, shards: UInt32(shards))
                    shardOf.append(UInt32(k))
                    starts[k + 1] += 1
                }
            }
            for k in 0..<shards { starts[k + 1] += starts[k] }
            var fill = starts
            var entries = [UInt64](repeating: 0, count: shardOf.count)
            var words: [String: [UInt32]] = [:]
            var j = 0
            for (offset, t) in terms.enumerated() {
                let d = UInt64(batches[b].lowerBound + offset)
                for c in t.codes {
                    let k = Int(shardOf[j])
                    entries[fill[k]] = (c >> 1) << 21 | d << 1 | (c & 1)
                    fill[k] += 1
                    j += 1
                }
                for (w, title) in t.words { words[w, default: []].append(UInt32(d) << 1 | (title ? 1 : 0)) }
            }
            return (entries, starts, words)
        }

        // Word terms by shard, each batch's lists joined in batch order (so documents ascend).
        var wordDocs: [String: [UInt32]] = [:]
        for b in bucketed {
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
            for b in bucketed { total += b.starts[k + 1] - b.starts[k] }
            var slots: [Int32] = []
            slots.reserveCapacity(total)
            // code → slot, open addressing (`-1` empty): Dictionary's hashing was most of this loop.
            var tableSize = 64
            while tableSize < total { tableSize <<= 1 }
            var tableKeys = [UInt64](repeating: 0, count: tableSize)
            var tableSlots = [Int32](repeating: -1, count: tableSize)
            let mask = tableSize - 1
            for b in bucketed {
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
            for b in bucketed {
                for i in b.starts[k]..<b.starts[k + 1] {
                    let s = Int(slots[j])
                    grouped[fill[s]] = UInt32(truncatingIfNeeded: b.entries[i] & 0x1FFFFF)
                    fill[s] += 1
                    j += 1
                }
            }
            var terms: [(String, ArraySlice<UInt32>)] = codes.indices.map { s in
                (String(String.UnicodeScalarView(Self.scalars(of: codes[s]).compactMap(Unicode.Scalar.init))), grouped[begin[s]..<begin[s + 1]])
            }
            terms += wordTerms[k].map { ($0.0, $0.1[...]) }
            terms.sort { $0.0 < $1.0 }
            var out: [UInt8] = [0x7B]
            for (t, (term, list)) in terms.enumerated() {
                if t > 0 { out += [0x2C, 0x0A] }
                JSONBytes.string(term, to: &out)
                out.append(0x3A)
                var value = PostingList.encode(list.map { $0 >> 1 }, documentCount: n)
                let title = list.filter { $0 & 1 != 0 }.map { $0 >> 1 }
                if !title.isEmpty { value += " " + PostingList.encode(title, documentCount: n) }
                JSONBytes.string(value, to: &out)
            }
            out += [0x7D, 0x0A]
            return File(path: "search/s/\(k).json", bytes: out)
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
            var out: [UInt8] = [0x5B]
            for d in chunkRanges[c] {
                let doc = docs[d]
                if d > chunkRanges[c].lowerBound { out += [0x2C, 0x0A] }
                out.append(0x5B)
                out += Array(String(doc.kind.rawValue).utf8)
                for field in [doc.title, doc.url, doc.date, doc.text] {
                    out.append(0x2C)
                    JSONBytes.string(field, to: &out)
                }
                out.append(0x5D)
            }
            out += [0x5D, 0x0A]
            // UTF-16LE: two bytes a Chinese character instead of three, a third off what a
            // shown result costs (the script decodes it with TextDecoder, whatever the server says).
            var utf16: [UInt8] = []
            utf16.reserveCapacity(out.count * 2)
            for unit in String(decoding: out, as: UTF8.self).utf16 {
                utf16.append(UInt8(truncatingIfNeeded: unit))
                utf16.append(UInt8(truncatingIfNeeded: unit >> 8))
            }
            return File(path: "search/t/\(c).u16", bytes: utf16)
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
        let meta = "{\"v\":1,\"docs\":\(n),\"shards\":\(shards),\"kinds\":[\(kinds.joined(separator: ","))],\"chunks\":\"\(Base64.encode(chunkBitmap))\"}\n"
        return [File(path: "search/meta.json", bytes: Array(meta.utf8))] + shardFiles + chunkFiles
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
