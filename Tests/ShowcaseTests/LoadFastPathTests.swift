import Foundation
import Markdown
import Testing
import Yams

@testable import Content
@testable import Diagnostics
@testable import Support

/// The loader's byte-level fast paths against the slower code they stand in for: each must give
/// exactly the old result, on the inputs it takes and on the ones it hands back.
@Suite("Loader fast paths agree with the general code")
struct LoadFastPathTests {
    /// Deterministic pseudo-random strings over an alphabet chosen to hit every branch.
    struct Strings: Sequence, IteratorProtocol {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var left: Int
        let alphabet: [String]
        let maxLength: Int

        mutating func next() -> String? {
            guard left > 0 else { return nil }
            left -= 1
            var out = ""
            for _ in 0..<(random() % UInt64(maxLength + 1)) { out += alphabet[Int(random() % UInt64(alphabet.count))] }
            return out
        }

        mutating func random() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }

    @Test func localPathBytesAgreeWithCharacters() {
        let pieces = [
            "/", "/", "a", "B", "..", ".", ":", "#", "?", "%2e", "%2F", "%", " ", "\t", "\r\n", "\\", "\0", "\n", "\u{1}", "\u{7F}", "\u{85}",
            "http", "HTTPS", "mailto", "javascript", "https://", "http://", "mailto:", "+", "-", "中", "é", "e\u{301}", "/\u{301}", ":\u{301}", "//",
            "1",
        ]
        let directories = ["", "articles/x/", "x/y/", "a/b/c/", "中文/"]
        for url in Strings(left: 20_000, alphabet: pieces, maxLength: 8) {
            for directory in directories {
                #expect(
                    LocalPath.resolve(url, from: directory) == LocalPath.resolveCharacters(url, from: directory),
                    "url \(url.debugDescription) from \(directory.debugDescription)")
            }
        }
    }

    @Test func characterCountAgreesWithCountingCharacters() {
        let pieces = [
            "a", " ", "\n", "\r\n", "\t", "中", "妇联", "龥", "丁", "，", "。", "　", "·", "—", "“", "”", "！", "e\u{301}", "\u{301}",
            "😀", "👩‍👧", "é", "\u{85}", "\u{2028}", "ｆ", "〇", "A", "1",
        ]
        for text in Strings(left: 20_000, alphabet: pieces, maxLength: 12) {
            #expect(Summary.characterCount(text) == text.reduce(0) { $1.isWhitespace ? $0 : $0 + 1 }, "\(text.debugDescription)")
        }
    }

    @Test func documentCharacterCountAgreesWithItsPlainText() {
        let pieces = [
            "妇女", " ", "\n", "\n\n", "- ", "1. ", "> ", "# ", "**", "*", "`", "[链接](/a)", "![图](/b.png)", "<b>", "\\\n",
            "e", "\u{301}", "😀", "——", "```\n", "    ", "é", "，", "\t",
        ]
        for markdown in Strings(left: 5_000, alphabet: pieces + ["<!--more-->\n\n", "\n<!--more-->\n"], maxLength: 30) {
            let document = MarkdownDocument(parsing: markdown)
            #expect(Summary.characterCount(document) == Summary.characterCount(document.plainText), "\(markdown.debugDescription)")
            // Without the whole tree: the same summary blocks and count, from the same parse.
            let lean = MarkdownDocument(parsing: markdown, options: MarkdownOptions(keepTree: false))
            #expect(
                lean.blocks.isEmpty && lean.lead == document.lead && lean.hasMore == document.hasMore
                    && lean.characterCount == document.characterCount && lean.htmlUTF8 == document.htmlUTF8, "\(markdown.debugDescription)")
            // The summary's blocks are what the whole tree says they are.
            let more = document.blocks.firstIndex {
                if case .html(let raw) = $0 { raw.trimmingCharacters(in: .whitespacesAndNewlines) == "<!--more-->" } else { false }
            }
            let paragraph = document.blocks.first { if case .paragraph = $0 { true } else { false } }
            #expect(document.lead == (more.map { Array(document.blocks[..<$0]) } ?? paragraph.map { [$0] } ?? []), "\(markdown.debugDescription)")
        }
    }

    @Test func summaryCutAgreesWithCountingCharacters() {
        func reference(_ text: String, _ length: Int) -> String {
            let flat = text.replacingOccurrences(of: "\n", with: " ")
            guard flat.utf8.count > length,
                let cut = flat.index(flat.startIndex, offsetBy: length, limitedBy: flat.endIndex), cut != flat.endIndex
            else { return flat }
            return String(flat[..<cut]).trimmingSpaces() + "……"
        }
        let pieces = ["妇联", "a", " ", "\n", "\r", "\r\n", "，", "“", "　", "e\u{301}", "\u{301}", "👩‍👧", "丁", "〇", "é", "\u{200D}", "\u{2028}"]
        for text in Strings(left: 20_000, alphabet: pieces, maxLength: 10) {
            for length in [0, 1, 3, 8] {
                #expect(Summary.cut(text, to: length) == reference(text, length), "\(text.debugDescription) to \(length)")
            }
        }
    }

    /// The front matter composed from libyaml's events against Yams' composition: where the
    /// event reader answers, it must give the same values, kinds, styles and places; where
    /// Yams fails, it must not answer at all.
    @Test func frontMatterEventsAgreeWithYams() throws {
        func same(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
            guard a.mark == b.mark else { return false }
            switch (a, b) {
            case (.scalar(let x, let px, _), .scalar(let y, let py, _)): return x == y && px == py
            case (.sequence(let x, _), .sequence(let y, _)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
            case (.mapping(let x, _), .mapping(let y, _)):
                return x.count == y.count && zip(x, y).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
            default: return false
            }
        }
        func check(_ yaml: String) -> Bool? {
            guard let fast = YAMLEvents.compose(yaml) else { return nil }
            let reference = try? SourceText.compose(yaml)
            switch fast {
            case .empty: #expect(reference == .some(nil), "\(yaml.debugDescription)")
            case .node(let node):
                let expected = try? #require(reference ?? nil)
                #expect(expected.map { same(node, YAMLNode($0)) } == true, "\(yaml.debugDescription)")
            }
            return true
        }
        // Every front matter and data file of the sample site takes the fast path.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = FileManager.default.enumerator(at: root.appendingPathComponent("content"), includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { ["md", "yaml"].contains($0.pathExtension) }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let yaml = file.pathExtension == "yaml" ? text : text.components(separatedBy: "\n---\n").first.map { String($0.dropFirst(4)) } ?? ""
            #expect(check(yaml) == true, "\(file.lastPathComponent)")
        }
        let pieces = [
            "a: ", "b: ", "tags: ", "- ", "\n", "\n  ", "  ", "'x'", "\"y\\n\"", "null", "~", "[1, 2]", "{k: v}", "&a ", "*a",
            "!!str ", "! ", "# c", "|\n  text", "中文", ":", "---", "...", "=", "a: b: c", "\t", "? ", "%YAML 1.1\n", "2014-05-20",
        ]
        var answered = 0
        for yaml in Strings(left: 20_000, alphabet: pieces, maxLength: 10) where check(yaml) == true { answered += 1 }
        #expect(answered > 1_000)

        // Repeated keys are found by comparing while a mapping is short, in a set past 16 keys:
        // on either side of that, a repeat is left to Yams, which reports it.
        for count in [3, 15, 16, 17, 40] {
            let distinct = (1...count).map { "k\($0): \($0)\n" }.joined()
            #expect(check(distinct) == true, "\(count) keys")
            for repeated in [1, count] {
                let yaml = distinct + "k\(repeated): again\n"
                #expect(YAMLEvents.compose(yaml) == nil, "\(count) keys, k\(repeated) again")
                #expect((try? SourceText.compose(yaml)) == nil, "\(count) keys, k\(repeated) again")
            }
        }
    }

    @Test func jsonStringsNeedingNoEscapesAreQuotedAsTheyAre() {
        #expect(Escape.jsonString("妇联 · 2015", forScript: true) == "\"妇联 · 2015\"")
        #expect(Escape.jsonString("a<b>&c", forScript: false) == "\"a<b>&c\"")
        #expect(Escape.jsonString("a<b>&c", forScript: true) == "\"a\\u003cb\\u003e\\u0026c\"")
        #expect(Escape.jsonString("\u{2028}——\"\\\u{1}", forScript: false) == "\"\\u2028——\\\"\\\\\\u0001\"")
    }

    @Test func trimmingSpacesAgreesWithFoundation() {
        let pieces = ["a", " ", "\t", "\n", "\u{3000}", "\u{00A0}", "\u{2003}", "中", "\r", "\u{0B}", "e\u{301}", "\u{301}"]
        for s in Strings(left: 20_000, alphabet: pieces, maxLength: 5) {
            #expect(s.trimmingSpaces() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
        }
    }

    @Test func exportTrimmingAndLineEndingsAgreeWithFoundation() {
        let pieces = ["a", " ", "\t", "\n", "\r", "\r\n", "\u{3000}", "\u{85}", "\u{2028}", "中", "e\u{301}", "\u{301}", "\u{0B}"]
        for s in Strings(left: 20_000, alphabet: pieces, maxLength: 5) {
            #expect(s.trimmingSpacesAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            #expect(s.normalizingLineEndings() == s.replacingOccurrences(of: "\r\n", with: "\n"), "\(s.debugDescription)")
        }
        // Every scalar up to a little past U+3000 (where the fast path stops asking Foundation)
        // at either end, and a few above it.
        let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["。", "；", "\u{FEFF}", "\u{FF0C}"]
        for scalar in scalars {
            for s in [String(scalar) + "中", "中" + String(scalar)] {
                #expect(s.trimmingSpacesAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            }
        }
    }

    /// The one-pass check a body must pass to reach cmark as read, against Swift's own
    /// validation and the control-character test, on byte strings that are mostly not UTF-8.
    @Test func cleanUTF8CheckAgreesWithValidationAndControls() {
        let pieces: [[UInt8]] = [
            [0x61], [0x20], [0x0A], [0x09], [0x0D], [0x00], [0x1F], [0x7F], [0x7E], [0x80], [0xBF],
            [0xC2], [0xC2, 0x85], [0xC2, 0xA0], [0xC1, 0xBF], [0xDF, 0xBF], [0xE0, 0x9F, 0x80],
            [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xE4, 0xB8, 0xAD],
            [0xEF, 0xBC, 0x8C], [0xEF, 0xBF, 0xBD], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], Array("abcdefgh".utf8), Array("中文，".utf8),
        ]
        var random = Strings(left: 0, alphabet: [], maxLength: 0)
        var agreed = (clean: 0, not: 0)
        for _ in 0..<40_000 {
            var bytes: [UInt8] = []
            for _ in 0..<(random.random() % 24) { bytes += pieces[Int(random.random() % UInt64(pieces.count))] }
            let expected = bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil && !Escape.containsRefused($0) }
            #expect(bytes.withUnsafeBufferPointer(UTF8Bytes.isCleanUTF8) == expected, "\(bytes)")
            if expected { agreed.clean += 1 } else { agreed.not += 1 }
        }
        #expect(agreed.clean > 1_000 && agreed.not > 1_000)
    }

    /// The eight-bytes-at-a-time count of UTF-16 units against Swift's own, on text of every
    /// UTF-8 length at every alignment (and against the byte rule on bytes that are not UTF-8).
    @Test func utf16CountAgreesWithSwift() {
        let pieces = ["a", "é", "中", "，", "👩", "\n", "𠀀", "ab"]
        for (k, text) in Strings(left: 20_000, alphabet: pieces, maxLength: 30).enumerated() {
            let bytes = Array(text.utf8).dropFirst(k % 3)
            let tail = String(decoding: bytes, as: UTF8.self)
            let counted = Array(bytes).withUnsafeBufferPointer(UTF8Bytes.utf16Count)
            if bytes.count == text.utf8.count {
                #expect(counted == text.utf16.count, "\(text.debugDescription)")
            } else {
                let byRule = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : $1 >= 0xF0 ? 2 : 1) }
                #expect(counted == byRule, "\(tail.debugDescription)")
            }
        }
    }

    /// Where the front matter ends, found on bytes, against the text split it stands in for:
    /// the same YAML, the same first body line, the body the rest of the file.
    @Test func frontMatterEndAgreesWithTheTextSplit() throws {
        let pieces = ["---", "...", "--", "----", "\n", "\n", "\n", " ", "\t", "a: b", "中", "\r", "-", "."]
        var found = 0
        for (k, generated) in Strings(left: 20_000, alphabet: pieces, maxLength: 10).enumerated() {
            // Mostly files that open with a fence, as every real one does.
            let text = ["---\n", "---", ""][k % 3] + generated
            let bytes = Array(text.utf8)
            guard let end = bytes.withUnsafeBufferPointer(UTF8Bytes.frontMatterEnd) else { continue }
            found += 1
            var sink = DiagnosticSink()
            let whole = try #require(SourceText(path: "x.md", text: text).split(into: &sink), "\(text.debugDescription)")
            var headSink = DiagnosticSink()
            let head = try #require(SourceText(path: "x.md", text: String(decoding: bytes[..<end], as: UTF8.self)).split(into: &headSink))
            #expect(head.yaml == whole.yaml && head.yamlFirstLine == whole.yamlFirstLine, "\(text.debugDescription)")
            #expect(head.bodyFirstLine == whole.bodyFirstLine, "\(text.debugDescription)")
            #expect(String(decoding: bytes[end...], as: UTF8.self) == whole.body, "\(text.debugDescription)")
        }
        #expect(found > 500)
    }

    /// Fields are found by comparing names in a short mapping and through an index in a long
    /// one: the same values and places on either side of the switch.
    @Test func longMappingsReadLikeShortOnes() throws {
        for count in [3, 31, 32, 33, 40] {
            let yaml = (1...count).map { "k\($0): v\($0)" }.joined(separator: "\n")
            let source = SourceText(path: "x.md", text: "---\n" + yaml + "\n---\n")
            var sink = DiagnosticSink()
            let fields = try #require(source.fields(yaml: yaml, firstLine: 2, into: &sink))
            for k in Set([1, count / 2, count - 1, count].filter { $0 >= 1 }) {
                #expect(fields.string("k\(k)") == "v\(k)", "\(count) keys, k\(k)")
                #expect(fields.location(key: "k\(k)").line == k + 1, "\(count) keys, k\(k)")
            }
            #expect(fields.string("k\(count + 1)") == nil)
        }
    }

    @Test func stripControlsKeepsEverythingElse() {
        let pieces = [
            "a", "\u{01}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "，",
            "\t", "\n", "\r", "中", "\u{10000}",
        ]
        // Long enough for the sixteen-byte steps, short enough for every branch to come up.
        for s in Strings(left: 20_000, alphabet: pieces, maxLength: 40) {
            let expected = String(String.UnicodeScalarView(s.unicodeScalars.filter { !Escape.isRefusedControl($0) }))
            #expect(Escape.stripControls(s) == expected, "\(s.debugDescription)")
        }
        // Mostly clean text with a rare refused character, anywhere in a long run.
        let clean = Array(repeating: ["a", "，", "中", "\n", "\t", "\r", "\u{A0}", "\u{FFFD}", "\u{10000}", "é", "\u{EFBF}"], count: 6).flatMap { $0 }
        for s in Strings(left: 20_000, alphabet: clean + ["\u{9F}", "\u{FFFF}", "\u{01}"], maxLength: 60) {
            let expected = String(String.UnicodeScalarView(s.unicodeScalars.filter { !Escape.isRefusedControl($0) }))
            #expect(Escape.stripControls(s) == expected, "\(s.debugDescription)")
        }
    }

    @Test func fileStemAgreesWithFoundation() {
        let pieces = ["a", ".md", ".", "m", "d", "-", "中", ".m", "d.", "é"]
        for s in Strings(left: 5_000, alphabet: pieces, maxLength: 6) {
            let path = "content/articles/" + s
            #expect(
                SiteLoader.fileStem(path) == (path as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: ""),
                "\(path.debugDescription)")
        }
    }

    @Test func sourceLinesAreTheTextSplitAtLineFeeds() {
        for s in Strings(left: 5_000, alphabet: ["a", "\n", "中", "\r\n", "\r", "\u{FEFF}", "\n\n"], maxLength: 8) {
            let source = SourceText(path: "x.md", text: s)
            #expect(source.lines == source.text.split(separator: "\n", omittingEmptySubsequences: false), "\(s.debugDescription)")
        }
    }

    @Test func readsFilesAsStringDataDid() throws {
        let folder = temporaryFolder("load-fast")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [[UInt8]] = [
            [], [0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0x41], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x41],
            [0x41, 0xEF, 0xBB, 0xBF], [0xEF, 0xBB], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00, 0x41],
            Array("---\ntitle: 标题\n---\n正文".utf8), Array(repeating: 0x61, count: 70_000),
        ]
        for (i, bytes) in cases.enumerated() {
            let url = folder.appendingPathComponent("\(i).md")
            try Data(bytes).write(to: url)
            let expected = String(data: Data(bytes), encoding: .utf8)
            // The loader's text is the content it read, checked as UTF-8.
            switch SiteLoader.readBytes(url.path) {
            case .bytes(let read, let start, let count):
                let text = String(validating: read[start..<count], as: UTF8.self)
                #expect(text == expected && text.map { $0.unicodeScalars.elementsEqual(expected!.unicodeScalars) } != false, "case \(i)")
            case .unreadable: Issue.record("case \(i) is readable")
            case .notRegular: Issue.record("case \(i) is a regular file")
            case .tooLarge: Issue.record("case \(i) is small")
            }
        }
        #expect({ if case .unreadable(ENOENT) = SiteLoader.readBytes(folder.appendingPathComponent("missing.md").path) { true } else { false } }())
        // A FIFO is refused by its type, at once: opening it to read would wait for a writer.
        let fifo = folder.appendingPathComponent("fifo.md").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect({ if case .notRegular(.fifo) = SiteLoader.readBytes(fifo) { true } else { false } }())
        #expect({ if case .unreadable(EISDIR) = SiteLoader.readBytes(folder.path) { true } else { false } }())
    }
}
