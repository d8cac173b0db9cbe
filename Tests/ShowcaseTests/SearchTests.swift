import Foundation
import Synchronization
import Testing

@testable import Content
@testable import Search
@testable import Site

/// The search index and the browser's query code (`templates/static/assets/search.js`, run
/// under node), checked against a plain substring scan of the pages' texts.
@Suite struct SearchTests {
    static let script = repositoryRoot.appendingPathComponent("templates/static/assets/search.js").path
    static let runner = repositoryRoot.appendingPathComponent("Tests/ShowcaseTests/Fixtures/search/run-search.js").path

    /// One answer of `run-search.js search`.
    struct Answer: Decodable {
        var q: String
        var urls: [String]
        var exact: Bool
        var candidates: Int
        var bytes: Int
        var warmBytes: Int
        struct First: Decodable { var title: String; var kind: String; var snippet: [[Snippet]] }
        var first: First?
    }
    /// A snippet part: `["text", highlighted]`.
    enum Snippet: Decodable {
        case text(String), flag(Bool)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .flag(b) } else { self = .text(try c.decode(String.self)) }
        }
    }

    struct Query: Encodable {
        var q: String
        var kind: String? = nil
        var all = true
    }

    static func search(_ queries: [Query], in output: URL) throws -> [Answer] {
        let r = try runTool(["node", runner, script, "search", output.path], input: try JSONEncoder().encode(queries))
        try #require(r.status == 0, Comment(rawValue: "node failed (is node installed? `apt-get install nodejs`): \(r.err)"))
        return try JSONDecoder().decode([Answer].self, from: r.out)
    }

    /// A preview's rebuild stops the index for a newer save: `stop` is asked as the work goes,
    /// and once it says yes no more files are handed over and the call throws.
    @Test func theIndexStopsWhenAsked() throws {
        let docs = (0..<300).map { SearchDocument(kind: .article, title: "第\($0)篇", url: "/a/\($0)/", date: "", text: "妇女儿童公益服务\($0)") }
        let whole = SearchIndexer().build(docs)
        for askedBeforeStopping in [0, 5, 40] {
            let asked = Mutex(0)
            let files = Mutex(0)
            #expect(throws: SearchIndexer.Stopped.self) {
                try SearchIndexer().write(
                    docs,
                    stop: {
                        asked.withLock {
                            $0 += 1; return $0 > askedBeforeStopping
                        }
                    }
                ) { _, _ in
                    files.withLock { $0 += 1 }
                }
            }
            #expect(files.withLock { $0 } < whole.count)
        }
        let none = SearchIndexer().build(docs)
        #expect(none.map(\.bytes) == whole.map(\.bytes), "stopping one index leaves the next one whole")
    }

    // MARK: - Folding and tokens

    static let tokenTable: [(String, [String])] = [
        ("区里闲", ["c:区里闲"]),
        ("妇联，服务！", ["c:妇联", "c:服务"]),
        ("Ｓｈｏｗcase２０１４年", ["w:showcase2014", "c:年"]),
        ("ABC-def", ["w:abc", "w:def"]),
        ("  《儿童》议事会 ", ["c:儿童", "c:议事会"]),
        ("𠀀𠀁x", ["c:𠀀𠀁", "w:x"]),
        ("ÉCOLE", ["w:école"]),
        ("妇女\u{3000}儿童", ["c:妇女", "c:儿童"]),
        ("!!!", []),
        ("かなカナ한국", ["c:かなカナ한국"]),
    ]

    static func describe(_ tokens: [SearchFold.Token]) -> [String] { tokens.map { ($0.isCJK ? "c:" : "w:") + $0.text } }

    @Test func foldingAndTokens() {
        for (query, expected) in Self.tokenTable {
            #expect(Self.describe(SearchFold.tokens(query)) == expected, "\(query)")
        }
    }

    /// The browser splits and folds queries exactly as the indexer does.
    @Test func browserTokensMatchTheIndexer() throws {
        let queries = Self.tokenTable.map(\.0)
        let r = try runTool(["node", Self.runner, Self.script, "tokens"], input: try JSONEncoder().encode(queries))
        try #require(r.status == 0, Comment(rawValue: r.err))
        struct T: Decodable { var cjk: Bool; var text: String }
        let answers = try JSONDecoder().decode([[T]].self, from: r.out)
        for (query, tokens) in zip(queries, answers) {
            #expect(tokens.map { ($0.cjk ? "c:" : "w:") + $0.text } == Self.describe(SearchFold.tokens(query)), "\(query)")
        }
    }

    @Test func postingListsRoundTrip() {
        let sparse: [UInt32] = [0, 5, 130, 20_000, 1_000_000]
        #expect(PostingList.encode(sparse, universe: 1_000_001).first == 0, "gaps")
        #expect(PostingList.decode(PostingList.encode(sparse, universe: 1_000_001)[...]) == sparse)
        let dense = Array(UInt32(0)..<UInt32(900)).filter { $0 % 7 != 3 }
        #expect(PostingList.encode(dense, universe: 900).first == 1, "a bitmap")
        #expect(PostingList.encode(dense, universe: 900).count == 1 + 900 / 8 + 1)
        #expect(PostingList.decode(PostingList.encode(dense, universe: 900)[...]) == dense)
        #expect(PostingList.decode(PostingList.encode([], universe: 10)[...]) == [])
    }

    /// Texts survive the character table: common units in one byte, the rest in two, units
    /// outside it (surrogates, a table that is full) as `0xFF` and the unit.
    @Test func textChunksRoundTrip() {
        let docs = [Self.doc(.page, "儿童议事会", "小区里闲置的房间\n第二行 \"引号\" <b>"), Self.doc(.article, "𠀀𠀁 emoji 👩‍👧", "")]
        var counts = [UInt32](repeating: 0, count: 0x10000)
        for d in docs { for u in (d.text + d.url).utf16 { counts[Int(u)] += 1 } }
        let table = CharTable(string: CharTable(counts: counts).string)
        #expect(!table.units.contains { (0xD800...0xDFFF).contains($0) })
        let bytes = TextChunk.encode(docs, table: table)
        let rows = TextChunk.decode(bytes, table: table)
        #expect(rows.map(\.text) == docs.map(\.text) && rows.map(\.url) == docs.map(\.url) && rows.map(\.kind) == [0, 4])
        let small = CharTable(string: "的")
        let one = TextChunk.encode([Self.doc(.page, "的", "童")], table: small)
        #expect(TextChunk.decode(one, table: small).first?.text == "的\n童")
    }

    /// A unit's code is its place in the character table, so a table that reorders on every
    /// edit makes the next build write every page text again. Here one page gains a unit that
    /// no page had and one more of a unit every page has (30 → 31, no power of two passed):
    /// only that page's chunk changes.
    @Test func anEditLeavesTheOtherPagesTextChunks() {
        var indexer = SearchIndexer()
        indexer.chunkBytes = 1 // a chunk per page
        let docs = (1...30).map { Self.doc(.article, "第\($0)篇", "妇女儿童家庭教育服务") }
        var edited = docs
        edited[6].text += "服测"
        let chunks = { (docs: [SearchDocument]) in indexer.build(docs).filter { $0.path.hasPrefix("search/t/") } }
        let before = chunks(docs), after = chunks(edited)
        #expect(before.count == 30 && after.count == 30)
        #expect(zip(before, after).filter { $0.bytes != $1.bytes }.map(\.0.path) == ["search/t/6.bin"])
    }

    /// The index patched from the last one where a few pages changed is the whole index of
    /// the new pages, byte for byte, with the same memo: for edited bodies, titles, dates and
    /// URLs, a title flag that moved, two pages that swapped places, a new or rare character
    /// that moves other rare ones' codes. What it cannot patch (common characters' codes moved,
    /// the shard count or the chunks changed, a file it cannot read) it declines, and writes
    /// nothing.
    @Test func aPatchedIndexIsTheWholeIndex() throws {
        var indexer = SearchIndexer()
        indexer.shardBytes = 40
        indexer.chunkBytes = 1 // a chunk per page: a page that grows moves no chunk
        let words = ["妇女", "儿童", "家庭", "教育", "志愿", "服务", "社区", "公益", "心理", "健康", "关爱", "留守", "Showcase", "2014", "。", "\n"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ below: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(below))
        }
        func text(_ count: Int) -> String { (0..<count).map { _ in words[random(words.count)] }.joined() }
        func whole(_ docs: [SearchDocument]) throws -> ([String: [UInt8]], IndexMemo) {
            let files = Mutex([String: [UInt8]]())
            let memo = try indexer.write(docs) { path, bytes in files.withLock { $0[path] = bytes } }.memo
            return (files.withLock { $0 }, memo)
        }
        // Rare characters, one page each, whose codes a new character moves (and new ones).
        let rare = Array("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"), fresh = Array("鑫淼犇骉龘")
        let docs = (0..<120).map { i in
            let title = text(3)
            let body = text(60 + random(60)) + (i < 20 ? String(rare[i]) : "")
            return SearchDocument(kind: i < 20 ? .event : .article, title: title, url: "/a/\(i)/", date: "2014年", text: title + "\n" + body)
        }
        let (last, memo) = try whole(docs)
        var patched = 0, declined = 0
        for trial in 0..<60 {
            var edited = docs
            for _ in 0...random(3) {
                let d = random(docs.count)
                switch trial % 5 {
                case 0: edited[d].text += text(2) + String(random(2) == 0 ? fresh[random(fresh.count)] : rare[random(rare.count)])
                case 1: edited[d].title = text(3); edited[d].text = edited[d].title + "\n" + text(90)
                case 2: edited[d].date = "2015年"; edited[d].url += "x/"
                case 3: edited[d].text = text(2) + "\n" + edited[d].title // the title's terms in the body now
                default: edited.swapAt(d, (d + 1) % 20)
                }
            }
            let (expected, expectedMemo) = try whole(edited)
            let written = Mutex([String: [UInt8]]())
            let kept = Mutex(Set<String>())
            let result = try indexer.patch(
                edited, memo: memo, read: { last[$0] },
                keep: { path in
                    kept.withLock { _ = $0.insert(path) }; return last[path]?.count
                }
            ) { path, bytes in written.withLock { $0[path] = bytes } }
            guard let result else {
                declined += 1
                #expect(written.withLock { $0.isEmpty }, "a patch declined writes nothing")
                continue
            }
            patched += 1
            var files = written.withLock { $0 }
            for path in kept.withLock({ $0 }) { files[path] = last[path] }
            #expect(files.keys.sorted() == expected.keys.sorted(), "trial \(trial)")
            #expect(expected.keys.filter { files[$0] != expected[$0] }.sorted() == [], "trial \(trial)")
            #expect(result.memo == expectedMemo && result.files == expected.count)
            #expect(result.bytes == expected.values.reduce(0) { $0 + $1.count })
        }
        #expect(patched > 30, "most edits are patched (\(patched), declined \(declined))")
        #expect(try indexer.patch(docs, memo: memo, read: { _ in nil }, keep: { _ in 0 }) { _, _ in } != nil, "nothing changed: nothing to read")
        var one = docs
        one[5].text += "测"
        #expect(try indexer.patch(one, memo: memo, read: { _ in nil }, keep: { last[$0]?.count }) { _, _ in } == nil, "unreadable")
        #expect(try indexer.patch(Array(docs.dropLast()), memo: memo, read: { last[$0] }, keep: { last[$0]?.count }) { _, _ in } == nil)
    }

    /// The memo reads back as it was written, and a memo cut short or with a byte changed in
    /// its header is not taken.
    @Test func aMemoReadsBackAndADamagedOneIsRefused() throws {
        let docs = (0..<40).map { SearchDocument(kind: .article, title: "第\($0)篇", url: "/a/\($0)/", date: "2014年", text: "第\($0)篇\n妇女儿童") }
        let memo = try SearchIndexer().write(docs) { _, _ in }.memo
        #expect(IndexMemo(bytes: memo.bytes) == memo)
        for cut in [1, 8, memo.bytes.count / 2, memo.bytes.count - 1] { #expect(IndexMemo(bytes: Array(memo.bytes.prefix(cut))) == nil) }
        var damaged = memo.bytes
        damaged[3] ^= 1
        #expect(IndexMemo(bytes: damaged) == nil)
        #expect(IndexMemo(bytes: memo.bytes + [0]) == nil)
    }

    /// A character whose code moves is found on the pages through its own list, which holds
    /// the pages whose text has it: a page that has it only in its date is found too, or the
    /// patch declines.
    @Test func aPatchFindsACharacterInADate() throws {
        var indexer = SearchIndexer()
        indexer.chunkBytes = 1
        func whole(_ docs: [SearchDocument]) throws -> ([String: [UInt8]], IndexMemo) {
            let files = Mutex([String: [UInt8]]())
            let memo = try indexer.write(docs) { path, bytes in files.withLock { $0[path] = bytes } }.memo
            return (files.withLock { $0 }, memo)
        }
        var docs = (0..<30).map { SearchDocument(kind: .article, title: "第\($0)篇", url: "/a/\($0)/", date: "", text: "第\($0)篇\n妇女儿童家庭教育服务") }
        docs[3].date = "乙"
        docs[5].text += "乙"
        let (last, memo) = try whole(docs)
        var edited = docs
        edited[10].text += "一一" // a new character as common as 乙, coded before it
        let files = Mutex(last)
        let result = try indexer.patch(edited, memo: memo, read: { last[$0] }, keep: { last[$0]?.count }) { path, bytes in
            files.withLock { $0[path] = bytes }
        }
        if result != nil { #expect(files.withLock { $0 } == (try whole(edited)).0) }
    }

    /// The page text's runs end where a byte-by-byte search says: at the first `<`, `&` or
    /// line end from any start, in text of one-, two- and three-byte characters.
    @Test func textRunsEndAtTheFirstTagEntityOrLineEnd() {
        let pieces: [[UInt8]] = ["a", "中", "é", "<", "&", "\n", "=", "\u{3C}\u{26}"].map { Array($0.utf8) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ below: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(below))
        }
        for _ in 0..<5_000 {
            var html: [UInt8] = []
            for _ in 0..<random(20) { html += pieces[random(random(2) == 0 ? 3 : pieces.count)] }
            let start = random(html.count + 1)
            let expected = html[start...].firstIndex { $0 == 0x3C || $0 == 0x26 || $0 == 0x0A } ?? html.count
            #expect(HTMLText.textRunEnd(html, from: start) == expected, "\(html) from \(start)")
        }
    }

    // MARK: - The index's terms

    /// Which documents each term of the index lists, read back from its shards.
    static func terms(of files: [SearchIndexer.File]) throws -> [String: [UInt32]] {
        var out: [String: [UInt32]] = [:]
        for f in files where f.path.hasPrefix("search/s/") {
            for (term, entry) in ShardFile.decode(f.bytes) { out[term] = entry.all }
        }
        return out
    }

    static func doc(_ kind: SearchDocument.Kind, _ title: String, _ body: String) -> SearchDocument {
        SearchDocument(kind: kind, title: title, url: "/\(title)/", date: "", text: title + "\n" + body)
    }

    @Test func bigramsCharactersAndWords() throws {
        let docs = [
            Self.doc(.page, "儿童议事会", "小区里闲置的房间"), Self.doc(.article, "童，议", "Showcase 2014 版"),
            Self.doc(.article, "全角", "Ｓｈｏｗ　ＴＩＭＥ"), Self.doc(.page, "长词", String(repeating: "ab", count: 150)),
        ]
        let terms = try Self.terms(of: SearchIndexer().build(docs))
        #expect(terms["童议"] == [0], "a bigram crossing a word boundary is indexed")
        #expect(terms["区里"] == [0] && terms["里闲"] == [0])
        #expect(terms["童"] == [0, 1] && terms["议"] == [0, 1], "every character alone")
        #expect(terms["showcase"] == [1] && terms["2014"] == [1])
        #expect(terms["s*"] == [1, 2] && terms["2*"] == [1], "first letters, for one-letter queries")
        #expect(
            terms["sh*"] == [1, 2] && terms["sho*"] == [1, 2] && terms["201*"] == [1] && terms["show*"] == nil,
            "prefixes up to three letters; longer ones are read from the words of a shard")
        #expect(terms["show"] == [2] && terms["time"] == [2], "full-width letters folded to lower-case ASCII")
        #expect(terms[String(repeating: "ab", count: 150)] == [3], "a word longer than 255 bytes is kept whole")
        #expect(terms.keys.allSatisfy { !$0.contains("，") && !$0.contains(" ") }, "punctuation is never part of a term")
        #expect(terms["童，"] == nil && terms["，议"] == nil)
    }

    /// A bigram false positive (both bigrams present, never together) is found by the index
    /// but never shown.
    @Test func candidatesAreCheckedAgainstTheText() throws {
        let site = try TestSite([
            "content/pages/a.md": "---\ntitle: 甲\n---\n关爱妇女儿童。\n",
            "content/pages/b.md": "---\ntitle: 乙\n---\n她的女儿在家。六一儿童节。\n",
        ])
        defer { site.remove() }
        try site.build()
        let answers = try Self.search([Query(q: "女儿童"), Query(q: "儿童"), Query(q: "女儿")], in: site.output)
        #expect(answers[0].candidates == 2 && !answers[0].exact)
        #expect(answers[0].urls == ["/sub/a/"])
        #expect(Set(answers[1].urls) == ["/sub/a/", "/sub/b/"] && answers[1].exact)
        #expect(Set(answers[2].urls) == ["/sub/a/", "/sub/b/"])
    }

    // MARK: - Recall on the sample site

    /// Which documents contain the query, by a plain scan of each folded text: CJK runs as
    /// substrings, words at the start of a word.
    static func scan(_ query: String, _ docs: [SearchDocument]) -> [String] {
        let tokens = SearchFold.tokens(query)
        guard !tokens.isEmpty else { return [] }
        return docs.filter { doc in
            let folded = doc.text.unicodeScalars.map { s -> UInt32 in
                let v = SearchFold.fold(s.value)
                return SearchFold.charClass(v) == .separator ? 0x20 : v
            }
            return tokens.allSatisfy { t in
                let n = t.scalars.count
                guard folded.count >= n else { return false }
                for i in 0...(folded.count - n) where folded[i] == t.scalars[0] && Array(folded[i..<(i + n)]) == t.scalars {
                    if t.isCJK || i == 0 || SearchFold.charClass(folded[i - 1]) != .word { return true }
                }
                return false
            }
        }.map(\.url)
    }

    /// Every query taken from the pages themselves: single characters, pairs and triples at
    /// positions that ignore word boundaries, the same with full-width letters and punctuation.
    static func sampleQueries(_ docs: [SearchDocument]) -> [String] {
        var out = Set<String>()
        for (n, doc) in docs.enumerated() {
            let cjk = doc.text.unicodeScalars.filter { SearchFold.isCJK($0.value) }.map(Character.init)
            let runs = SearchFold.tokens(doc.text).filter(\.isCJK).map(\.text).filter { $0.count >= 3 }
            if let c = cjk.dropFirst(n % 7).first { out.insert(String(c)) }
            for (k, run) in runs.enumerated() where k % 5 == n % 5 {
                let chars = Array(run)
                let at = (n + k) % (chars.count - 1)
                out.insert(String(chars[at...min(chars.count - 1, at + 1)]))
                if at + 3 <= chars.count { out.insert(String(chars[at..<(at + 3)])) }
            }
        }
        out.formUnion(["童议", "区里闲", "妇", "联", "的", "ｓｏｃｉａｌ", "Alliance", "妇联，服务", "2014年", "（儿童）", "w", "２０"])
        return out.sorted()
    }

    @Test func everyPageContainingTheQueryIsFound() throws {
        let output = temporaryFolder("showcase-search")
        defer { try? FileManager.default.removeItem(at: output) }
        var options = BuildOptions(root: repositoryRoot, output: output)
        options.articleDownloads = false
        try SiteBuilder.build(options)
        let loaded = try SiteLoader.load(root: repositoryRoot, options: LoadOptions())
        let docs = SearchDocument.all(in: loaded, urls: SiteURLs(config: loaded.config))
        let queries = Self.sampleQueries(docs)
        #expect(queries.count > 150)
        let answers = try Self.search(queries.map { Query(q: $0) }, in: output)
        var misses: [String] = []
        var withHits = 0
        for (q, answer) in zip(queries, answers) {
            let expected = Set(Self.scan(q, docs))
            if !expected.isEmpty { withHits += 1 }
            let found = Set(answer.urls)
            if found != expected {
                misses.append(
                    "\(q): missing \(expected.subtracting(found).sorted().prefix(3)), extra \(found.subtracting(expected).sorted().prefix(3))")
            }
            #expect(answer.urls.count == found.count, "\(q): a page listed twice")
        }
        #expect(misses.isEmpty, Comment(rawValue: misses.prefix(20).joined(separator: "\n")))
        // Queries taken from the pages find something: the test would pass vacuously otherwise.
        #expect(withHits > 150, "\(withHits) of \(queries.count) queries have pages to find")
    }

    @Test func titleMatchesComeFirstAndKindsFilter() throws {
        let site = try TestSite([
            "content/articles/a.md": "---\ntitle: 普通文章\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文提到公益集市。\n",
            "content/articles/b.md": "---\ntitle: 公益集市开幕\ndate: 2013-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文。\n",
            "content/pages/c.md": "---\ntitle: 关于\n---\n公益集市的介绍。\n",
        ])
        defer { site.remove() }
        try site.build()
        let answers = try Self.search(
            [Query(q: "公益集市"), Query(q: "公益集市", kind: "page"), Query(q: "集市", kind: "article")],
            in: site.output)
        #expect(answers[0].urls.first == "/sub/articles/b/", "the title match first, though it is older and an article")
        #expect(Set(answers[0].urls) == ["/sub/articles/a/", "/sub/articles/b/", "/sub/c/"])
        #expect(answers[1].urls == ["/sub/c/"])
        #expect(Set(answers[2].urls) == ["/sub/articles/a/", "/sub/articles/b/"])
        let first = try #require(answers[0].first)
        #expect(first.title == "公益集市开幕" && first.kind == "article")
    }

    /// Snippets are cut from the text, and the script only ever puts text into the page.
    @Test func snippetsAreTextAndHighlighted() throws {
        let site = try TestSite([
            "content/articles/x.md":
                "---\ntitle: \"<img src=x onerror=alert(1)>标题\"\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n正文里有 <b>粗体</b> 和 **强调的妇联** 以及 &amp; 符号。\n"
        ])
        defer { site.remove() }
        try site.build()
        let answer = try #require(try Self.search([Query(q: "妇联")], in: site.output).first?.first)
        #expect(answer.title == "<img src=x onerror=alert(1)>标题")
        let parts = answer.snippet.map { p -> (String, Bool) in
            guard case .text(let t) = p[0], case .flag(let f) = p[1] else { return ("", false) }
            return (t, f)
        }
        #expect(parts.contains { $0 == ("妇联", true) })
        #expect(!parts.map(\.0).joined().contains("<b>"), "HTML tags of the body are gone from the text")
        let js = try String(contentsOfFile: Self.script, encoding: .utf8)
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            #expect(!js.contains(sink), "search.js must not use \(sink)")
        }
    }

    @Test func searchPageWorksWithoutJavaScriptAndEveryPageHasTheBox() throws {
        let site = try TestSite(fullSite)
        defer { site.remove() }
        try site.build()
        let page = try site.read("search/index.html")
        #expect(page.contains("<noscript>") && page.contains("href=\"/sub/organizations/\""))
        #expect(page.contains("aria-live=\"polite\""))
        #expect(page.contains("<script src=\"/sub/assets/search.js\" defer></script>"))
        for path in ["index.html", "articles/index.html", "events/market-2014/index.html", "404.html"] {
            #expect(try site.read(path).contains("<form class=\"site-search\" role=\"search\" action=\"/sub/search/\""), "\(path)")
        }
        #expect(!(try site.read("sitemap.xml")).contains("/search/"))
    }
}
