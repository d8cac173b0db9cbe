import Content
import Foundation
import Markdown
import Synchronization

/// Simplified → Traditional Chinese for one build: OpenCC's phrase-level conversion with the
/// author's own terms applied first, so that they win.
///
/// Made once per build and shared by every worker (see ``OpenCC`` and ``PhraseConverter`` on
/// why that is safe). Short strings — names, titles, tags, interface strings — repeat on many
/// pages and cards, so each distinct one is converted once and remembered.
package final class TraditionalConverter: @unchecked Sendable {
    /// Who converts: Showcase's own tables over OpenCC's dictionaries, the same bytes at many
    /// times the speed (``PhraseConverter``), or OpenCC itself, the reference the tests compare
    /// with and what a configuration the tables cannot read falls back to.
    package enum Engine: Sendable {
        case tables, openCC
    }

    private let tables: PhraseConverter?
    private let opencc: OpenCC?
    /// The edition this converter makes (variant, path, the author's terms), for the pages it converts.
    package let edition: TraditionalEdition
    /// Terms as bytes, by their first byte, longest first: the scan tries only those that can start there.
    private let termsByFirstByte: [[(from: [UInt8], to: [UInt8])]]
    /// The bytes a term starts with, as 256 bits: the scan passes any other byte at once.
    private let termStarts: (UInt64, UInt64, UInt64, UInt64)
    /// The characters of two or more bytes a term starts with (packed as ``PhraseConverter``
    /// packs them), spread over 4,096 bits by ``termCharacterBit(_:)``: the scan passes any
    /// other such character whole. By the byte, every CJK character whose first byte some
    /// term's has (0xE5–0xE7 for 对象, 社区 and 昆山: most of them) was tried against the terms;
    /// the scan's own samples fell by about a third (BENCHMARKS.md, twelfth session).
    private let termCharacters: [UInt64]
    private let hasTerms: Bool
    /// Converted strings by their bytes. Keyed by bytes, not `String`, since a page's text runs
    /// are looked up here: a `String` key cost a string made, checked and hashed in normalized
    /// form for every run of every page (BENCHMARKS.md, "Traditional edition (seventh session)").
    private let memo = Mutex<[MemoKey: String]>([:])
    /// Strings up to this many bytes are remembered; longer ones (bodies) rarely repeat.
    private static let memoLimit = 1024

    /// nil when OpenCC's configuration for the variant is not installed.
    package init?(_ edition: TraditionalEdition, engine: Engine = .tables) {
        let tables = engine == .tables ? PhraseConverter.shared(config: Self.configPath(edition.variant)) : nil
        if let tables {
            self.tables = tables
            opencc = nil
        } else {
            guard let opencc = OpenCC(config: edition.variant.rawValue) else { return nil }
            self.tables = nil
            self.opencc = opencc
        }
        self.edition = edition
        var table = Array(repeating: [(from: [UInt8], to: [UInt8])](), count: 256)
        for (from, to) in edition.terms where !from.isEmpty {
            table[Int(from.utf8.first!)].append((Array(from.utf8), Array(to.utf8)))
        }
        // The author's Traditional form is kept as it is where it meets the converter again
        // (a list page's text, converted around content converted already): OpenCC's Taiwan
        // phrases would otherwise turn the author's 對象 into 物件 on the second pass.
        for to in Set(edition.terms.values) where !to.isEmpty && edition.terms[to] == nil {
            table[Int(to.utf8.first!)].append((Array(to.utf8), Array(to.utf8)))
        }
        for i in table.indices { table[i].sort { $0.from.count > $1.from.count } }
        termsByFirstByte = table
        var starts: [UInt64] = [0, 0, 0, 0]
        for (b, terms) in table.enumerated() where !terms.isEmpty { starts[b >> 6] |= 1 << UInt64(b & 63) }
        termStarts = (starts[0], starts[1], starts[2], starts[3])
        var characters = [UInt64](repeating: 0, count: 64)
        for terms in table {
            for term in terms where term.from[0] >= 0xC0 {
                let n = PhraseConverter.characterLength(term.from[0])
                guard (2...4).contains(n), n <= term.from.count else { continue }
                let bit = term.from.withUnsafeBufferPointer { Self.termCharacterBit(PhraseConverter.pack($0.baseAddress!, n)) }
                characters[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        termCharacters = characters
        hasTerms = !edition.terms.isEmpty
    }

    /// Reads the dictionaries a converter for `edition` uses, once per process (``PhraseConverter/shared(config:)``),
    /// so that making the converter later does not wait for them.
    package static func readDictionaries(_ edition: TraditionalEdition) {
        _ = PhraseConverter.shared(config: configPath(edition.variant))
    }

    /// The OpenCC configuration file a variant uses (for messages).
    package static func configPath(_ variant: TraditionalEdition.Variant) -> String {
        "\(OpenCC.configFolder)/\(variant.rawValue).json"
    }

    /// Plain text converted (a title, a name, a summary).
    package func text(_ s: String) -> String {
        if s.isEmpty || s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        let remember = s.utf8.count <= Self.memoLimit
        let key = MemoKey(s)
        if remember, let known = memo.withLock({ $0[key] }) { return known }
        var copy = s
        let out = copy.withUTF8 { String(decoding: convert($0), as: UTF8.self) }
        if remember {
            // The converted text is known too: a page made of it (a list of cards) is not
            // converted a second time by ``TraditionalHTML/convertRemembered(_:with:)``.
            memo.withLock { memo in
                memo[key] = out
                memo[MemoKey(out)] = out
            }
        }
        return out
    }

    /// What memory holds for each of `runs` (nil where nothing, or longer than remembered
    /// strings are), under one lock for a whole page.
    /// The keys are made (their bytes hashed) before the lock is taken.
    func remembered(_ runs: [ArraySlice<UInt8>]) -> [String?] {
        let keys = runs.map { $0.count <= Self.memoLimit ? MemoKey(slice: $0) : nil }
        return memo.withLock { memo in keys.map { $0.flatMap { memo[$0] } } }
    }

    /// Converted runs remembered (a list page's text: the next page has the same words).
    func remember(runs: [(simplified: ArraySlice<UInt8>, traditional: String)]) {
        // Copied: the key must not keep the whole page alive.
        let keys = runs.map { $0.simplified.count <= Self.memoLimit ? MemoKey(slice: ArraySlice(Array($0.simplified))) : nil }
        memo.withLock { memo in
            for (key, run) in zip(keys, runs) {
                if let key { memo[key] = run.traditional }
            }
        }
    }

    /// Makes `simplified` convert to `traditional` wherever it is a whole string (an entry's
    /// hand-written title: the same name elsewhere — an event's organizers — follows it).
    package func remember(_ simplified: String, as traditional: String) {
        memo.withLock { memo in
            memo[MemoKey(simplified)] = traditional
            memo[MemoKey(traditional)] = traditional
        }
    }

    /// Text as bytes: the author's terms where they occur, OpenCC's conversion between them.
    func convert(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8)
        append(converting: text, to: &out)
        return out
    }

    /// `text` converted as ``convert(_:)`` converts it, appended to `out`.
    func append(converting text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard hasTerms else {
            append(text, to: &out)
            return
        }
        var start = 0
        var i = 0
        func flush(_ end: Int) {
            if end > start { append(UnsafeBufferPointer(rebasing: text[start..<end]), to: &out) }
        }
        let starts = termStarts
        let characters = termCharacters
        while i < text.count {
            let b = Int(text[i])
            // A whole character of two to four bytes: no term starts inside it (a term is
            // UTF-8, so never with a continuation byte), and none at it unless its bit is set.
            var length = 1
            if b >= 0xC0 {
                let n = PhraseConverter.characterLength(UInt8(b))
                if n >= 2, n <= 4, i + n <= text.count, (1..<n).allSatisfy({ text[i + $0] & 0xC0 == 0x80 }) {
                    let bit = Self.termCharacterBit(PhraseConverter.pack(text.baseAddress! + i, n))
                    guard characters[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else {
                        i += n
                        continue
                    }
                    length = n
                }
            }
            let word = b < 128 ? (b < 64 ? starts.0 : starts.1) : (b < 192 ? starts.2 : starts.3)
            guard word & (1 << UInt64(b & 63)) != 0 else {
                i += length
                continue
            }
            let candidates = termsByFirstByte[b]
            var matched: (from: [UInt8], to: [UInt8])?
            for term in candidates where term.from.count <= text.count - i {
                if text[i..<(i + term.from.count)].elementsEqual(term.from) {
                    matched = term
                    break
                }
            }
            if let matched {
                flush(i)
                out += matched.to
                i += matched.from.count
                start = i
            } else {
                i += length
            }
        }
        flush(text.count)
    }

    /// A character's bit among ``termCharacters``' 4,096.
    @inline(__always) private static func termCharacterBit(_ packed: UInt32) -> Int {
        Int((packed &* 0x9E37_79B1) >> 20)
    }

    /// OpenCC's conversion of `text` (without the author's terms), appended to `out`; the text
    /// as it is where OpenCC fails (invalid UTF-8).
    private func append(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if let tables {
            if !tables.convert(text, into: &out) { out += text }
        } else if let opencc {
            out += opencc.convert(text)
        }
    }

    /// A Markdown tree converted: text, alt text and titles; never code, raw HTML or URLs.
    package func blocks(_ blocks: [Block]) -> [Block] {
        blocks.map { $0.mapText(text) }
    }
}

/// Bytes as a memory key, with no string made. The bytes are hashed once, when the key is made
/// (outside the memory's lock), and keys are compared by that hash before their bytes: a lookup
/// that misses probes several slots of the table, and comparing bytes at each read memory far
/// from the table (the table's lookups: 2.6 → 2.2 % of a both-editions build's samples;
/// BENCHMARKS.md, eleventh session).
struct MemoKey: Hashable, @unchecked Sendable {
    let bytes: ArraySlice<UInt8>
    private let digest: Int

    init(slice: ArraySlice<UInt8>) {
        bytes = slice
        digest = slice.withUnsafeBytes(Self.digest)
    }

    /// A multiply-and-shift mix of the bytes, eight at a time. Not `Hasher`: its SipHash over
    /// every run of every body (57 MB at 10,000 articles, three in four runs found) was a
    /// fifth of the lookups' samples. Nothing here needs a keyed hash: the table hashes this
    /// digest with `Hasher` again, and two keys with one digest still compare their bytes.
    private static func digest(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ h >> 29)
    }

    init(_ s: String) { self.init(slice: ArraySlice(s.utf8)) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }

    static func == (a: MemoKey, b: MemoKey) -> Bool {
        guard a.digest == b.digest, a.bytes.count == b.bytes.count else { return false }
        guard !a.bytes.isEmpty else { return true }
        return a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }
}
