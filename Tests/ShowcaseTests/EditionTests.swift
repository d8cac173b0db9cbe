import Foundation
import Testing

@testable import Content
@testable import Edition
@testable import Markdown
@testable import Site
@testable import Support

/// The Traditional Chinese edition (issue 16): OpenCC's conversions, text converted and markup
/// never, the two editions' pages mirroring and linking each other, the author's overrides.
@Suite("Traditional edition")
struct EditionTests {
    static func converter(_ variant: TraditionalEdition.Variant = .s2twp, terms: [String: String] = [:]) throws -> TraditionalConverter {
        try #require(TraditionalConverter(TraditionalEdition(variant: variant, terms: terms)))
    }

    @Test("Known conversions: characters, Taiwan phrases (s2twp), Hong Kong forms (s2hk)")
    func knownConversions() throws {
        let tw = try Self.converter()
        #expect(tw.text("妇女儿童") == "婦女兒童")
        #expect(tw.text("软件") == "軟體")
        #expect(tw.text("昆山市妇女联合会") == "崑山市婦女聯合會")
        #expect(tw.text("Showcase 2014") == "Showcase 2014")
        let hk = try Self.converter(.s2hk)
        #expect(hk.text("软件") == "軟件")
        #expect(hk.text("妇女儿童") == "婦女兒童")
    }

    @Test("The author's terms win over OpenCC's, and survive a second conversion")
    func termsWin() throws {
        let c = try Self.converter(terms: ["昆山": "昆山", "服务对象": "服務對象"])
        #expect(c.text("昆山市妇女联合会") == "昆山市婦女聯合會")
        #expect(c.text("以家庭为服务对象") == "以家庭為服務對象")
        // Without the term OpenCC's Taiwan phrases give 物件; converted text met again keeps the author's form.
        #expect(try Self.converter().text("服务对象") == "服務物件")
        #expect(c.text("服務對象") == "服務對象")
    }

    @Test("The author's terms: a one-byte term, a term at the end, a term's first character alone")
    func termsAtTheEdges() throws {
        let c = try Self.converter(terms: ["社区": "社區", "对象": "對象", "X": "十"])
        #expect(c.text("妇女儿童") == "婦女兒童")
        #expect(c.text("软件") == "軟體")
        #expect(c.text("服务对象") == "服務對象")
        #expect(c.text("社区软件X") == "社區軟體十")
        #expect(c.text("软X社区") == "軟十社區")
        // 社会 starts with 社区's first bytes (社) without being the term.
        #expect(c.text("社会社区") == "社會社區")
    }

    /// The scan for the author's terms passes whole characters whose bit is clear; a term is
    /// still found wherever the byte-by-byte scan (longest term first at each byte) finds it:
    /// next to characters sharing its first byte, after invalid bytes, at the ends.
    @Test("The author's terms are found by the character where they are found by the byte")
    func termsByCharacter() throws {
        let terms = ["昆山": "昆山", "对象": "對象", "社区": "社區", "X": "十", "é字": "e字"]
        let c = try Self.converter(terms: terms)
        let plain = try Self.converter()
        // The terms as the scan has them: each, and each Traditional form that is not a term itself.
        var all = terms.map { (from: Array($0.key.utf8), to: Array($0.value.utf8)) }
        for to in Set(terms.values) where terms[to] == nil { all.append((Array(to.utf8), Array(to.utf8))) }
        all.sort { $0.from.count > $1.from.count }
        func reference(_ text: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            var start = 0
            var i = 0
            func flush(_ end: Int) {
                if end > start { out += Array(text[start..<end]).withUnsafeBufferPointer { plain.convert($0) } }
            }
            while i < text.count {
                if let t = all.first(where: { text[i...].starts(with: $0.from) }) {
                    flush(i)
                    out += t.to
                    i += t.from.count
                    start = i
                } else {
                    i += 1
                }
            }
            flush(text.count)
            return out
        }
        let pieces: [[UInt8]] =
            ["昆山", "对象", "社区", "X", "é字", "對象", "社區", "昆", "对", "社", "社会", "昆明", "对话", "é", "字", "软件", "妇女", "a", " ", "。"]
            .map { Array($0.utf8) } + [[0xE5], [0xE5, 0xAF], [0x80], [0xE7, 0x41], [0xC3]]
        var random = SeededGenerator(seed: 1612)
        for round in 0..<200 {
            var text: [UInt8] = []
            for _ in 0..<(1 + round % 40) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            let ours = text.withUnsafeBufferPointer { c.convert($0) }
            #expect(ours == reference(text), "\(text)")
        }
    }

    @Test("One converter on many threads gives one thread's result")
    func sharedAcrossThreads() throws {
        let c = try Self.converter()
        let texts = (0..<64).map { "第\($0)篇：妇女儿童公益服务、软件培训与社区志愿者的故事。" + String(repeating: "项目发展", count: $0) }
        let alone = texts.map { text in Array(text.utf8).withUnsafeBufferPointer { c.convert($0) } }
        let together = Parallel.map(Array(texts.indices)) { i in Array(texts[i].utf8).withUnsafeBufferPointer { c.convert($0) } }
        #expect(together == alone)
    }

    @Test("HTML: text converted; tags, attributes, comments, code and pre byte for byte; page links moved to the edition")
    func markupUntouched() throws {
        let c = try Self.converter()
        let html = """
            <h2 id="软件">软件</h2>
            <p><a href="/sub/organizations/x/" title="软件">妇女儿童</a> <img src="/sub/images/软件.svg" alt="软件"> \
            <a href="/sub/files/a.pdf">软件</a> <a href="https://example.org/sub/about/">软件</a> <a href="/sub/about/#联系">软件</a></p>
            <!-- 软件 -->
            <pre><code class="language-软件">软件 &lt;b&gt;
            </code></pre>
            <p>用 <code>软件</code> 和 <kbd>软件</kbd>。&amp; 软件</p>

            """
        let out = String(decoding: TraditionalHTML(from: "/sub/", to: "/sub/zh-hant/").convert(Array(html.utf8), with: c), as: UTF8.self)
        let expected = """
            <h2 id="软件">軟體</h2>
            <p><a href="/sub/zh-hant/organizations/x/" title="软件">婦女兒童</a> <img src="/sub/images/软件.svg" alt="软件"> \
            <a href="/sub/files/a.pdf">軟體</a> <a href="https://example.org/sub/about/">軟體</a> <a href="/sub/zh-hant/about/#联系">軟體</a></p>
            <!-- 软件 -->
            <pre><code class="language-软件">软件 &lt;b&gt;
            </code></pre>
            <p>用 <code>软件</code> 和 <kbd>软件</kbd>。&amp; 軟體</p>

            """
        #expect(out == expected)
    }

    @Test("A list page with its cards converted once gives the bytes of the page converted whole")
    func cardsConvertedOnce() throws {
        let c = try Self.converter()
        let html = TraditionalHTML.textOnly
        let cards = [
            "\n<article class=\"card\"><h3><a href=\"/a/\">软件与妇女</a></h3><p>社区软件</p></article>\n",
            "<div class=\"card\"><p>项目<code>软件</code>发展</p></div>",
        ].map { Array($0.utf8) }
        let converted = cards.map { html.convertCard($0, with: c) }
        #expect(converted.allSatisfy { $0 != nil })
        func page(_ cards: [[UInt8]]) -> [UInt8] {
            Array("<h1>软件列表</h1>".utf8) + cards[0] + Array("软件".utf8) + cards[1] + Array("<p>第2页</p>".utf8)
        }
        let standIns = converted.indices.map { k in
            Array(converted[k]!.leading) + TraditionalHTML.standIn(k) + Array(converted[k]!.trailing)
        }
        let whole = html.convertRemembered(page(cards), with: c)
        #expect(html.convertRemembered(page(standIns), with: c, cards: converted) == whole)
        // The card converted as text (OpenCC's Taiwan phrases make 社区 社群 without the author's term).
        #expect(String(decoding: whole, as: UTF8.self).contains("<p>社群軟體</p>"))
        // A stand-in not met as a tag (in a comment): the page must be converted whole.
        let hidden = Array("<!-- ".utf8) + TraditionalHTML.standIn(0) + Array(" -->".utf8)
        #expect(html.convertRemembered(hidden, with: c, cards: converted) == nil)
        // A card that leaves `code` open, or ends in text, would run on into the page.
        #expect(html.convertCard(Array("<p><code>软件</p>".utf8), with: c) == nil)
        #expect(html.convertCard(Array("<p>软件</p>软件".utf8), with: c) == nil)
        #expect(html.convertCard(Array("<p>软件</p><!-- 软件".utf8), with: c) == nil)
    }

    @Test("Markdown trees: text and alt converted, code and URLs kept")
    func trees() throws {
        let c = try Self.converter()
        let doc = MarkdownDocument(parsing: "## 软件\n\n[软件](/organizations/软件/ \"软件\") `软件` ![软件](/a.svg)\n\n```\n软件\n```\n")
        #expect(
            c.blocks(doc.blocks) == [
                .heading(level: 2, [.text("軟體")]),
                .paragraph([
                    .link(url: "/organizations/软件/", title: "軟體", [.text("軟體")]), .text(" "), .code("软件"), .text(" "),
                    .image(url: "/a.svg", title: "", alt: "軟體"),
                ]),
                .code(language: "", text: "软件\n"),
            ])
    }
}
