import Foundation
import Testing

@testable import Content
@testable import Edition

/// Showcase's own conversion over OpenCC's dictionaries (`PhraseConverter`) against OpenCC
/// itself (`opencc_convert_utf8`, the reference): the same bytes out, on the sample site, every
/// key of every dictionary in context, the benchmark corpus' words, and mixed text.
@Suite("OpenCC's conversion by Showcase's tables")
struct PhraseConverterTests {
    /// s2twp and s2hk are the site's choices; s2tw and s2t are further chains over the same
    /// files (a step less, a group alone), which the converter reads the same way.
    static let configs = ["s2twp", "s2hk", "s2tw", "s2t"]

    struct Pair {
        let name: String
        let fast: PhraseConverter
        let reference: OpenCC

        /// What `TraditionalConverter` writes: the input unchanged where OpenCC fails.
        func fast(_ text: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            let ok = text.withUnsafeBufferPointer { fast.convert($0, into: &out) }
            return ok ? out : text
        }

        func reference(_ text: [UInt8]) -> [UInt8] {
            text.withUnsafeBufferPointer { reference.convert($0) }
        }

        /// Both converters on `text`; a difference is reported at its first byte, with context.
        func expectSame(_ text: [UInt8], _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let a = fast(text)
            let b = reference(text)
            guard a != b else { return }
            let at = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            func around(_ bytes: [UInt8]) -> String {
                String(decoding: bytes[max(0, at - 30)..<min(bytes.count, at + 30)], as: UTF8.self)
            }
            Issue.record(
                "\(name), \(label): differs at byte \(at) of \(b.count): ours …\(around(a))… OpenCC …\(around(b))…",
                sourceLocation: sourceLocation)
        }
    }

    static func pair(_ name: String) throws -> Pair {
        let path = "\(OpenCC.configFolder)/\(name).json"
        return Pair(name: name, fast: try #require(PhraseConverter(config: path)), reference: try #require(OpenCC(config: name)))
    }

    /// Every dictionary file a configuration uses.
    static func dictionaries(_ name: String) throws -> [PhraseDictionary] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(OpenCC.configFolder)/\(name).json"))
        let text = String(decoding: data, as: UTF8.self)
        let files = Set(text.split(separator: "\"").filter { $0.hasSuffix(".ocd2") }.map(String.init)).sorted()
        #expect(!files.isEmpty)
        return try files.map { try #require(PhraseDictionary(path: "\(OpenCC.configFolder)/\($0)")) }
    }

    @Test("The sample site's files and the benchmark corpus' words convert as OpenCC converts them", arguments: configs)
    func sampleSite(_ name: String) throws {
        let pair = try Self.pair(name)
        var all: [UInt8] = []
        for folder in ["content", "templates"] {
            let root = repositoryRoot.appendingPathComponent(folder)
            let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let url as URL in walker where !url.hasDirectoryPath {
                guard let data = try? Data(contentsOf: url), !data.contains(0) else { continue }
                pair.expectSame(Array(data), url.lastPathComponent)
                all += data
            }
        }
        #expect(all.count > 100_000)
        pair.expectSame(all, "the whole sample site as one text")
        let corpus = try Data(contentsOf: repositoryRoot.appendingPathComponent("Benchmarks/make_corpus.py"))
        pair.expectSame(Array(corpus), "Benchmarks/make_corpus.py")
    }

    @Test("Every key of every dictionary, alone, between others and in a sentence, and its value converted again", arguments: configs)
    func everyKey(_ name: String) throws {
        let pair = try Self.pair(name)
        for dict in try Self.dictionaries(name) {
            var joined: [UInt8] = []
            var separated: [UInt8] = []
            var values: [UInt8] = []
            for e in 0..<dict.count {
                let key = Array(dict.key(e))
                joined += key
                separated += Array("「".utf8) + key + Array("」的\(e % 10)".utf8)
                dict.appendValue(Int32(e), to: &values)
                values += Array(e % 7 == 0 ? "\n".utf8 : "，".utf8)
                // Each key alone: a segment that is the whole text.
                if e % 50 == 0 { pair.expectSame(key, "key \(String(decoding: key, as: UTF8.self))") }
            }
            #expect(dict.count > 10)
            pair.expectSame(joined, "keys one after another")
            pair.expectSame(separated, "keys in context")
            pair.expectSame(values, "values converted again")
        }
    }

    /// The converter writes a run's characters one by one from a table of each character's
    /// result alone (`PhraseConverter.lone`) where no step's longer key starts with it: every
    /// character it has an entry for, in runs, next to keys and next to characters it has none
    /// for, and bytes that only look like such a character.
    @Test("Every character below U+10000: alone, in runs, beside keys and beside each other", arguments: configs)
    func everyCharacter(_ name: String) throws {
        let pair = try Self.pair(name)
        var keys: [[UInt8]] = []
        for dict in try Self.dictionaries(name) {
            for e in stride(from: 0, to: dict.count, by: 97) { keys.append(Array(dict.key(e))) }
        }
        var run: [UInt8] = []
        var mixed: [UInt8] = []
        var k = 0
        for v in 1..<0x10000 where !(0xD800...0xDFFF).contains(v) {
            let c = Array(String(Unicode.Scalar(UInt32(v))!).utf8)
            run += c
            mixed += c
            if v % 3 == 0 {
                mixed += keys[k % keys.count]
                k += 1
            }
            if v % 4_000 == 0 || (0x4E00...0x4E40).contains(v) { pair.expectSame(c, "U+\(String(v, radix: 16)) alone") }
        }
        pair.expectSame(run, "every character, one after another")
        pair.expectSame(mixed, "every character, between keys")
        // Bytes OpenCC reads as a character that are not one's shortest UTF-8 form.
        let soft = Array("软件".utf8)
        for bytes: [UInt8] in [[0xE0, 0x80, 0xAF], [0xC1, 0x81], [0xE8, 0x41, 0x42], [0xED, 0xA0, 0x80], [0xC3, 0x28]] {
            pair.expectSame(soft + bytes + soft, "bytes \(bytes)")
            pair.expectSame(Array("的".utf8) + bytes + Array("一".utf8), "bytes \(bytes) in a run")
        }
    }

    @Test("Mixed text: ASCII, punctuation, emoji, rare and combining characters, controls", arguments: configs)
    func mixedText(_ name: String) throws {
        let pair = try Self.pair(name)
        // Characters from the dictionaries' keys, so that phrases form across the mix.
        var chinese: [String] = []
        for dict in try Self.dictionaries(name) {
            for e in stride(from: 0, to: dict.count, by: 7) { chinese.append(String(decoding: dict.key(e), as: UTF8.self)) }
        }
        let others = [
            "a", "Z", "0", "9", " ", "\n", "\t", "<", "&amp;", "-", "，", "。", "「", "」", "、", "…", "——", "“", "”", "！",
            "😀", "👩‍👧", "🇹🇼", "𠀀", "𡘙", "e\u{301}", "Ａ", "\u{1}", "\u{7F}", "ß", "Ω", "ي", "한", "の", "🀄",
        ]
        var random = SeededGenerator(seed: 16)
        var text = ""
        while text.utf8.count < 300_000 {
            if random.next() % 3 == 0 {
                text += others[Int(random.next() % UInt64(others.count))]
            } else {
                let word = chinese[Int(random.next() % UInt64(chinese.count))]
                // Sometimes only part of a key: a phrase cut short.
                text += random.next() % 4 == 0 ? String(word.prefix(max(1, word.count - 1))) : word
            }
        }
        pair.expectSame(Array(text.utf8), "mixed text")
    }

    @Test("Where OpenCC fails or stops, the same: invalid UTF-8 kept as it is, text cut at a NUL, a cut character kept")
    func edgeBytes() throws {
        for name in ["s2twp", "s2hk"] {
            let pair = try Self.pair(name)
            let soft = Array("软件".utf8)
            let cases: [[UInt8]] = [
                [], [0x80], soft + [0x80], [0x80] + soft, Array("ab".utf8) + [0xFF] + Array("c".utf8),
                soft + [0xF8, 0x80, 0x80, 0x80, 0x80] + soft, soft + [0] + soft, [0] + soft,
            ]
            for (k, bytes) in cases.enumerated() { pair.expectSame(bytes, "case \(k)") }
            #expect(pair.fast(soft + [0x80]) == soft + [0x80])
            #expect(pair.fast(soft + [0] + soft) == pair.fast(soft))
            // A character cut off at the end: OpenCC 1.1 reads past its buffer there (what it
            // writes depends on memory, so it is no reference); the bytes are kept as they are.
            #expect(pair.fast(soft + [0xE4, 0xBB]) == pair.fast(soft) + [0xE4, 0xBB])
        }
    }

    @Test("A TraditionalConverter with the author's terms gives what it gives through OpenCC")
    func withTerms() throws {
        let terms = ["昆山": "昆山", "对象": "對象", "社区": "社區"]
        let edition = TraditionalEdition(variant: .s2twp, terms: terms)
        let ours = try #require(TraditionalConverter(edition))
        let reference = try #require(TraditionalConverter(edition, engine: .openCC))
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("content/articles/alliance-founded-2014.md"), encoding: .utf8)
        let samples = [text, "服务对象是昆山市社区的妇女", "服務對象", "对象社区昆山对象"]
        for s in samples {
            let bytes = Array(s.utf8)
            #expect(bytes.withUnsafeBufferPointer { ours.convert($0) } == bytes.withUnsafeBufferPointer { reference.convert($0) })
        }
    }
}
