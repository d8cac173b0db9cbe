import Support

/// The index of a build after a few pages changed, made from the last build's: every page is
/// still read (``SearchDocument/all(in:urls:stop:)``), but only the changed ones are scanned,
/// and only the shards whose lists they change and the chunks they are in are written again.
/// Making the whole index was most of an edit build's half second in it (BENCHMARKS.md,
/// fifteenth session).
extension SearchIndexer {
    /// The last build's file at a path of the index (`search/…`), as that build wrote it; nil
    /// when that cannot be vouched for.
    package typealias LastFile = (_ path: String) -> [UInt8]?
    /// Keeps the last build's file at a path as this build's; its size, or nil when it cannot.
    package typealias Keep = (_ path: String) -> Int?

    /// More changed pages than this, and the index is made whole: each costs a text chunk
    /// read and two scans, and the set of changed postings grows with them.
    static let patchLimit = 64

    /// A posting of a changed document: its term's UTF-8 and `doc << 1 | inTitle`.
    private struct Posting: Hashable {
        var term: [UInt8]
        var entry: UInt32
    }

    /// The index of `docs`, patched from the last build's (described by `memo`, its files read
    /// through `read`, the unchanged ones kept through `keep`) and handed to `sink` as
    /// ``write(_:stop:to:)`` would: the same bytes. Nil, with nothing written, when it cannot
    /// be patched: another number of documents, of shards or chunks, codes of characters moved
    /// that cannot be traced to their pages, too many changed pages, a file that cannot be read
    /// or kept. The caller then writes the whole index (files already noted as kept are then
    /// written only where their bytes differ).
    package func patch(_ docs: [SearchDocument], memo: IndexMemo, read: LastFile, keep: Keep, to sink: Sink) throws -> Written? {
        let n = docs.count
        guard n > 0, n == memo.digests.count else { return nil }
        let digests = Parallel.map(docs, IndexMemo.digest)
        let changed = docs.indices.filter { digests[$0] != memo.digests[$0] }
        let shards = shardCount(docs), starts = chunkStarts(docs)
        guard changed.count <= Self.patchLimit, shards == memo.shards, starts == memo.starts else { return nil }

        // The changed documents as the last build indexed them, from their text chunks.
        let lastTable = CharTable(counts: memo.counts)
        func chunkOf(_ d: Int) -> Int { (starts.lastIndex { $0 <= d })! }
        var rows: [Int: [TextChunk.Row]] = [:]
        var olds: [SearchDocument] = []
        for d in changed {
            let c = chunkOf(d)
            if rows[c] == nil {
                guard let bytes = read(Self.chunkPath(c)) else { return nil }
                rows[c] = TextChunk.decode(bytes, table: lastTable)
            }
            guard let row = rows[c]?.dropFirst(d - starts[c]).first, let kind = SearchDocument.Kind(rawValue: row.kind) else { return nil }
            olds.append(SearchDocument(kind: kind, title: row.title, url: row.url, date: row.date, text: row.text))
        }

        // The table's counts, less the old texts' units and plus the new ones'. A unit whose
        // code the new table moved is in other pages' chunks too, which are then made again.
        var counts = memo.counts
        for old in olds {
            for u in Self.units(of: old) {
                guard counts[Int(u)] > 0 else { return nil }
                counts[Int(u)] -= 1
            }
        }
        for d in changed { for u in Self.units(of: docs[d]) { counts[Int(u)] &+= 1 } }
        let table = CharTable(counts: counts)
        var shardCache: [Int: [[UInt8]: [UInt32]]] = [:]
        func lists(_ k: Int) -> [[UInt8]: [UInt32]]? {
            if let known = shardCache[k] { return known }
            guard let bytes = read(Self.shardPath(k)), let lists = ShardFile.lists(bytes) else { return nil }
            shardCache[k] = lists
            return lists
        }
        var moved: [Int] = []
        if table.units != lastTable.units {
            // A unit in a URL or date is on pages its list does not name.
            var outsideTexts = Set<UInt16>()
            for d in docs.indices { outsideTexts.formUnion(docs[d].url.utf16); outsideTexts.formUnion(docs[d].date.utf16) }
            guard
                let pages = Self.pagesWithMovedUnits(
                    from: lastTable, to: table, lastCounts: memo.counts, shards: shards, outsideTexts: outsideTexts, lists: lists)
            else { return nil }
            moved = pages
        }

        // The postings that changed, by shard: those only the old texts have, and those only
        // the new ones have (a title flag that changed is both).
        let removed = postings(olds, numbered: changed, shards: shards)
        let added = postings(changed.map { docs[$0] }, numbered: changed, shards: shards)
        var changes: [Int: (minus: Set<Posting>, plus: Set<Posting>)] = [:]
        for k in Set(removed.keys).union(added.keys) {
            let before = removed[k] ?? [], after = added[k] ?? []
            let minus = before.subtracting(after), plus = after.subtracting(before)
            if !minus.isEmpty || !plus.isEmpty { changes[k] = (minus, plus) }
        }

        // Every new file made before any is written, and every other one kept.
        var files: [(path: String, bytes: [UInt8])] = []
        for (k, change) in changes.sorted(by: { $0.key < $1.key }) {
            guard let lists = lists(k) else { return nil }
            files.append((Self.shardPath(k), Self.patched(lists, change.minus, change.plus, documentCount: n)))
        }
        let changedChunks = Set((changed + moved).map(chunkOf))
        for c in changedChunks.sorted() { files.append((Self.chunkPath(c), chunk(c, of: docs, starts: starts, table: table))) }
        var keptBytes = 0
        for k in 0..<shards where changes[k] == nil {
            guard let size = keep(Self.shardPath(k)) else { return nil }
            keptBytes += size
        }
        for c in starts.indices where !changedChunks.contains(c) {
            guard let size = keep(Self.chunkPath(c)) else { return nil }
            keptBytes += size
        }
        files.append((Self.metaPath, Self.meta(docs, shards: shards, starts: starts, table: table)))
        for f in files { try sink(f.path, f.bytes) }
        return Written(
            files: 1 + shards + starts.count, bytes: keptBytes + files.reduce(0) { $0 + $1.bytes.count },
            memo: IndexMemo(digests: digests, counts: counts, shards: shards, starts: starts))
    }

    /// The pages whose text chunks hold a unit whose code `table` moved from where `last` had
    /// it, found through each such character's own list in the last build's shards (`lists`:
    /// a shard's lists by term); nil when one has no list of its own (it is not in the common
    /// CJK block, which the index lists character by character), is in a URL or date
    /// (`outsideTexts`: the list names only the pages whose text has it) or is on more than
    /// `patchLimit` pages. A new rare character moves the codes of the rarer ones after it
    /// (``CharTable/init(counts:)``), each on a few pages at most.
    private static func pagesWithMovedUnits(
        from last: CharTable, to table: CharTable, lastCounts: [UInt32], shards: Int, outsideTexts: Set<UInt16>,
        lists: (Int) -> [[UInt8]: [UInt32]]?
    ) -> [Int]? {
        var code: [UInt16: Int] = [:]
        for (i, u) in table.units.enumerated() { code[u] = i }
        var pages: [Int] = []
        for (i, u) in last.units.enumerated() where code[u] != i {
            guard (0x4E00...0x9FFF).contains(u), lastCounts[Int(u)] <= patchLimit, !outsideTexts.contains(u),
                let list = lists(SearchFold.shard(ofKey: [UInt32(u)], shards: shards))?[Array(String(Unicode.Scalar(u)!).utf8)]
            else { return nil }
            pages += list.map { Int($0 >> 1) }
        }
        return pages
    }

    /// The UTF-16 units ``scan(_:_:shards:scratch:)`` counts for a document: its text's, URL's and date's.
    private static func units(of doc: SearchDocument) -> [UInt16] {
        Array(doc.text.utf16) + Array(doc.url.utf16) + Array(doc.date.utf16)
    }

    /// The postings of `docs` by shard, each document numbered as `numbers` says.
    private func postings(_ docs: [SearchDocument], numbered numbers: [Int], shards: Int) -> [Int: Set<Posting>] {
        // A scratch of its own: a reused one would take the documents' stamps for seen.
        let batch = Self.scan(docs, docs.indices, shards: shards, scratch: TermScratch())
        defer { batch.entries.deallocate() }
        func entry(_ local: UInt32) -> UInt32 { UInt32(numbers[Int(local >> 1)]) << 1 | local & 1 }
        var out: [Int: Set<Posting>] = [:]
        var term: [UInt8] = []
        for k in 0..<shards {
            for i in Int(batch.starts[k])..<Int(batch.starts[k + 1]) {
                let p = batch.entries[i]
                let (a, b) = Self.scalars(ofKey: p >> 21)
                term.removeAll(keepingCapacity: true)
                Self.appendUTF8(a, to: &term)
                if let b { Self.appendUTF8(b, to: &term) }
                out[k, default: []].insert(Posting(term: term, entry: entry(UInt32(truncatingIfNeeded: p & 0x1FFFFF))))
            }
            let words = batch.words
            for t in Int(words.shardStarts[k])..<Int(words.shardStarts[k + 1]) {
                let bytes = Array(words.bytes[words.term(t)])
                for local in words.docs[words.docRange(t)] { out[k, default: []].insert(Posting(term: bytes, entry: entry(local))) }
            }
        }
        return out
    }

    /// A shard's lists with the changed documents' postings taken out and put in, written as
    /// ``shard(_:of:documentCount:scratch:)`` writes a shard: terms in byte order, each list ascending.
    private static func patched(_ lists: [[UInt8]: [UInt32]], _ minus: Set<Posting>, _ plus: Set<Posting>, documentCount n: Int) -> [UInt8] {
        var terms = lists
        for p in minus { terms[p.term]?.removeAll { $0 == p.entry } }
        for p in plus {
            var list = terms[p.term] ?? []
            list.insert(p.entry, at: list.firstIndex { $0 > p.entry } ?? list.count)
            terms[p.term] = list
        }
        var out = ByteBuffer(capacity: 1024)
        var titles: [UInt32] = []
        for (term, list) in terms.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where !list.isEmpty {
            list.withUnsafeBufferPointer { ShardFile.append(term: term, list: $0, documentCount: n, titles: &titles, to: &out) }
        }
        return out.array
    }
}
