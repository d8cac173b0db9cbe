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
/// - `t/<c>.json`: chunk `c`, `[[kind, title, url, date, text], …]` for consecutive documents,
///   fetched only for the results shown, to verify them and cut their snippets.
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

    /// What one document adds: its distinct CJK term codes (sorted), which of them are in the
    /// title, and its words.
    private struct DocTerms: Sendable {
        var codes: [UInt64] = []
        var titleCodes: Set<UInt64> = []
        var words: Set<String> = []
        var titleWords: Set<String> = []
    }

    /// A CJK term as a number: one character is its code point, a bigram sets bit 36 above
    /// the two 18-bit code points (every CJK character is below U+40000).
    @inline(__always) static func code(_ a: UInt32) -> UInt64 { UInt64(a) }
    @inline(__always) static func code(_ a: UInt32, _ b: UInt32) -> UInt64 { 1 << 36 | UInt64(a) << 18 | UInt64(b) }
    static func scalars(of code: UInt64) -> [UInt32] {
        code & (1 << 36) != 0 ? [UInt32(code >> 18 & 0x3FFFF), UInt32(code & 0x3FFFF)] : [UInt32(code)]
    }

    /// The terms of a text: every CJK character and adjacent pair within a run, every word and
    /// its first letter.
    private static func terms(_ text: String, codes: inout [UInt64], words: inout Set<String>) {
        var previous: UInt32 = 0  // the last CJK character of the current run, or 0
        var word: [UInt8] = []
        func endWord() {
            guard !word.isEmpty else { return }
            let w = String(decoding: word, as: UTF8.self)
            words.insert(w)
            words.insert(String(decoding: word.prefix(word[0] < 0x80 ? 1 : 2), as: UTF8.self) + "*")
            word.removeAll(keepingCapacity: true)
        }
        for s in text.unicodeScalars {
            let v = SearchFold.fold(s.value)
            switch SearchFold.charClass(v) {
            case .cjk:
                endWord()
                codes.append(code(v))
                if previous != 0 { codes.append(code(previous, v)) }
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
    }

    /// The shard key of a word term: its first two characters (`ab` for `about`, `a*`'s is `a`).
    static func wordKey(_ term: String) -> [UInt32] {
        let body = term.hasSuffix("*") ? String(term.dropLast()) : term
        return Array(body.unicodeScalars.prefix(2).map(\.value))
    }

    package func build(_ docs: [SearchDocument]) -> [File] {
        let n = docs.count
        let perDoc: [DocTerms] = Parallel.map(docs) { doc in
            var t = DocTerms()
            var codes: [UInt64] = []
            codes.reserveCapacity(doc.text.utf8.count / 2)
            Self.terms(doc.text, codes: &codes, words: &t.words)
            codes.sort()
            var unique: [UInt64] = []
            unique.reserveCapacity(codes.count)
            for c in codes where unique.last != c { unique.append(c) }
            t.codes = unique
            var titleCodes: [UInt64] = []
            Self.terms(doc.title, codes: &titleCodes, words: &t.titleWords)
            t.titleCodes = Set(titleCodes)
            return t
        }
        let postings = perDoc.reduce(0) { $0 + $1.codes.count + $1.words.count }
        let shards = max(1, postings / shardBytes)

        // CJK postings bucketed by shard, on all cores: each worker takes a range of documents
        // and keeps its own buckets, so each bucket is in document order within a worker.
        let workers = max(1, min(Parallel.defaultWorkers(), n))
        let bucketed: [[[UInt64]]] = Parallel.map(Array(0..<workers), workers: workers) { w in
            var mine = [[UInt64]](repeating: [], count: shards)
            for d in (n * w / workers)..<(n * (w + 1) / workers) {
                let t = perDoc[d]
                for c in t.codes {
                    let shard = SearchFold.shard(ofKey: Self.scalars(of: c), shards: shards)
                    let title: UInt64 = t.titleCodes.contains(c) ? 1 : 0
                    mine[shard].append(c << 21 | UInt64(d) << 1 | title)
                }
            }
            return mine
        }

        // Word terms are few on a Chinese site: gathered on one thread.
        var wordDocs: [String: [UInt32]] = [:]
        for d in 0..<n {
            for w in perDoc[d].words { wordDocs[w, default: []].append(UInt32(d) << 1 | (perDoc[d].titleWords.contains(w) ? 1 : 0)) }
        }
        var wordsByShard = [[(String, [UInt32])]](repeating: [], count: shards)
        for (w, list) in wordDocs { wordsByShard[SearchFold.shard(ofKey: Self.wordKey(w), shards: shards)].append((w, list)) }

        let wordTerms = wordsByShard
        let shardFiles: [File] = Parallel.map(Array(0..<shards)) { k in
            var entries: [UInt64] = []
            entries.reserveCapacity(bucketed.reduce(0) { $0 + $1[k].count })
            for w in bucketed { entries += w[k] }
            entries.sort()
            var terms: [(String, [UInt32])] = []
            var i = 0
            while i < entries.count {
                let c = entries[i] >> 21
                var list: [UInt32] = []
                while i < entries.count, entries[i] >> 21 == c {
                    list.append(UInt32(entries[i] & 0x1FFFFF))
                    i += 1
                }
                terms.append((String(String.UnicodeScalarView(Self.scalars(of: c).compactMap(Unicode.Scalar.init))), list))
            }
            terms += wordTerms[k].map { ($0.0, $0.1) }
            terms.sort { $0.0 < $1.0 }
            var out = "{"
            for (t, (term, list)) in terms.enumerated() {
                if t > 0 { out += ",\n" }
                let all = list.map { $0 >> 1 }
                let title = list.filter { $0 & 1 != 0 }.map { $0 >> 1 }
                out += Escape.jsonString(term) + ":\"" + PostingList.encode(all, documentCount: n)
                if !title.isEmpty { out += " " + PostingList.encode(title, documentCount: n) }
                out += "\""
            }
            out += "}\n"
            return File(path: "search/s/\(k).json", bytes: Array(out.utf8))
        }

        // Text chunks: consecutive documents until the texts pass `chunkBytes`.
        var starts: [Int] = []
        var size = chunkBytes
        for d in 0..<n {
            if size >= chunkBytes {
                starts.append(d)
                size = 0
            }
            size += docs[d].text.utf8.count + docs[d].title.utf8.count
        }
        let chunkRanges = starts.indices.map { c in starts[c]..<(c + 1 < starts.count ? starts[c + 1] : n) }
        let chunkFiles: [File] = Parallel.map(Array(chunkRanges.indices)) { c in
            var out = "["
            for d in chunkRanges[c] {
                let doc = docs[d]
                if d > chunkRanges[c].lowerBound { out += ",\n" }
                out += "[\(doc.kind.rawValue),\(Escape.jsonString(doc.title)),\(Escape.jsonString(doc.url)),\(Escape.jsonString(doc.date)),\(Escape.jsonString(doc.text))]"
            }
            return File(path: "search/t/\(c).json", bytes: Array((out + "]\n").utf8))
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
