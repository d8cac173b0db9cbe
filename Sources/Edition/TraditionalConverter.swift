import Content
import Foundation
import Markdown

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
    package let edition: TraditionalEdition
    /// Terms as bytes, by their first byte, longest first: the scan tries only those that can start there.
    private let termsByFirstByte: [[(from: [UInt8], to: [UInt8])]]
    private let hasTerms: Bool
    private var memo: [String: String] = [:]
    private let lock = NSLock()
    /// Strings up to this many bytes are remembered; longer ones (bodies) rarely repeat.
    private static let memoLimit = 1024

    /// nil when OpenCC's configuration for the variant is not installed.
    package init?(_ edition: TraditionalEdition, engine: Engine = .tables) {
        let tables = engine == .tables ? PhraseConverter(config: Self.configPath(edition.variant)) : nil
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
        hasTerms = !edition.terms.isEmpty
    }

    /// The OpenCC configuration file a variant uses (for messages).
    package static func configPath(_ variant: TraditionalEdition.Variant) -> String {
        "\(OpenCC.configFolder)/\(variant.rawValue).json"
    }

    /// Plain text converted (a title, a name, a summary).
    package func text(_ s: String) -> String {
        if s.isEmpty || s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        let remember = s.utf8.count <= Self.memoLimit
        if remember, let known = lock.withLock({ memo[s] }) { return known }
        var copy = s
        let out = copy.withUTF8 { String(decoding: convert($0), as: UTF8.self) }
        if remember {
            // The converted text is known too: a page made of it (a list of cards) is not
            // converted a second time by ``TraditionalHTML/convertRemembered(_:with:)``.
            lock.withLock {
                memo[s] = out
                memo[out] = out
            }
        }
        return out
    }

    /// Text runs looked up in memory first; only those never seen are converted (together,
    /// in one call) and remembered.
    /// With `store` false (a document's body, whose runs rarely repeat) nothing new is
    /// remembered, but a run that is a remembered string (a name with a hand-written
    /// Traditional form) still converts as it does everywhere else.
    func convert(rememberedRuns runs: [ArraySlice<UInt8>], store: Bool = true) -> [[UInt8]] {
        let keys = runs.map { $0.count <= Self.memoLimit ? String(decoding: $0, as: UTF8.self) : "" }
        var out: [[UInt8]?] = lock.withLock { keys.map { $0.isEmpty ? nil : memo[$0].map { Array($0.utf8) } } }
        let missing = out.indices.filter { out[$0] == nil }
        guard !missing.isEmpty else { return out.map { $0! } }
        let converted = convert(runs: missing.map { runs[$0] })
        lock.withLock {
            for (k, i) in missing.enumerated() {
                out[i] = converted[k]
                if store, !keys[i].isEmpty { memo[keys[i]] = String(decoding: converted[k], as: UTF8.self) }
            }
        }
        return out.map { $0! }
    }

    /// Makes `simplified` convert to `traditional` wherever it is a whole string (an entry's
    /// hand-written title: the same name elsewhere — an event's organizers — follows it).
    package func remember(_ simplified: String, as traditional: String) {
        lock.withLock {
            memo[simplified] = traditional
            memo[traditional] = traditional
        }
    }

    /// Text as bytes: the author's terms where they occur, OpenCC's conversion between them.
    func convert(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8)
        guard hasTerms else {
            append(text, to: &out)
            return out
        }
        var start = 0
        var i = 0
        func flush(_ end: Int) {
            if end > start { append(UnsafeBufferPointer(rebasing: text[start..<end]), to: &out) }
        }
        while i < text.count {
            let candidates = termsByFirstByte[Int(text[i])]
            var matched: (from: [UInt8], to: [UInt8])?
            for term in candidates where term.from.count <= text.count - i {
                if term.from.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text.baseAddress! + i, term.from.count) == 0 }) {
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
                i += 1
            }
        }
        flush(text.count)
        return out
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

    /// Text runs joined by a byte no text has (controls are stripped from content), converted
    /// in one call, split again: one OpenCC call per document instead of one per run. No
    /// dictionary entry holds the byte, so no phrase is matched across two runs.
    func convert(runs: [ArraySlice<UInt8>]) -> [[UInt8]] {
        guard !runs.isEmpty else { return [] }
        var joined: [UInt8] = []
        joined.reserveCapacity(runs.reduce(runs.count) { $0 + $1.count })
        for (k, run) in runs.enumerated() {
            if k > 0 { joined.append(Self.separator) }
            joined += run
        }
        let converted = joined.withUnsafeBufferPointer { convert($0) }
        let parts = converted.split(separator: Self.separator, omittingEmptySubsequences: false).map(Array.init)
        if parts.count == runs.count { return parts }
        // Never expected; converted one by one rather than misplaced.
        return runs.map { run in Array(run).withUnsafeBufferPointer { convert($0) } }
    }

    static let separator: UInt8 = 0x01

    /// A Markdown tree converted: text, alt text and titles; never code, raw HTML or URLs.
    package func blocks(_ blocks: [Block]) -> [Block] {
        blocks.map { $0.mapText(text) }
    }
}
