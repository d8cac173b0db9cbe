/// How search sees a character. The browser's `templates/static/search.js` implements the same
/// rules (`fold` and `charClass` there); a change here must be made there too, and the recall
/// test runs that script against this index.
///
/// Folding maps one code point to one code point, and every folded character stays in the same
/// UTF-16 length, so positions in the folded text are positions in the original: the browser
/// highlights the original text at the offsets where it found the folded query.
package enum SearchFold {
    /// The three kinds of character: CJK text is indexed by characters and bigrams, words by
    /// whole lower-cased words and prefixes, and anything else separates.
    package enum CharClass: Equatable { case cjk, word, separator }

    /// Full-width ASCII (`Ａ`, `１`, `！`) to ASCII, ASCII and Latin-1 capitals to small letters.
    @inline(__always)
    package static func fold(_ v: UInt32) -> UInt32 {
        var v = v
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 } else if v == 0x3000 { return 0x20 }
        if v >= 0x41 && v <= 0x5A { return v + 0x20 }
        if v >= 0xC0 && v <= 0xDE && v != 0xD7 { return v + 0x20 }
        return v
    }

    /// The class of a folded code point.
    @inline(__always)
    package static func charClass(_ v: UInt32) -> CharClass {
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) ? .word : .separator
        }
        if v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7 { return .word }
        if isCJK(v) { return .cjk }
        return .separator
    }

    /// Han (the BMP blocks, compatibility ideographs and planes 2–3), 々〆〇, kana and Hangul.
    @inline(__always)
    package static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x3005 && v <= 0x3007)
            || (v >= 0x3040 && v <= 0x30FF) || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x3FFFF)
    }

    /// A piece of a query or text: a run of CJK characters or one word, folded.
    package struct Token: Equatable, Sendable {
        /// A CJK run is found by its bigrams, a word by itself or its prefix term.
        package var isCJK: Bool
        /// Folded code points: the tests scan page texts for them.
        package var scalars: [UInt32]
        /// The folded piece as text, to compare with the browser's tokens.
        package var text: String { String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))) }
    }

    /// Splits folded text into CJK runs and words; separators (punctuation, spaces, symbols)
    /// are dropped, which is how punctuation in a query is ignored.
    package static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current: Token?
        for s in text.unicodeScalars {
            let v = fold(s.value)
            let c = charClass(v)
            if c == .separator {
                if let t = current { out.append(t); current = nil }
                continue
            }
            let cjk = c == .cjk
            if var t = current, t.isCJK == cjk {
                t.scalars.append(v)
                current = t
            } else {
                if let t = current { out.append(t) }
                current = Token(isCJK: cjk, scalars: [v])
            }
        }
        if let t = current { out.append(t) }
        return out
    }

    /// FNV-1a over the UTF-16 code units of a term's shard key: which shard holds the term.
    /// (The script hashes the same units with `charCodeAt`.)
    package static func shard(ofKey scalars: some Sequence<UInt32>, shards: Int) -> Int {
        var h: UInt32 = 2_166_136_261
        for v in scalars {
            if v >= 0x10000 {
                let u = v - 0x10000
                h = (h ^ (0xD800 + (u >> 10))) &* 16_777_619
                h = (h ^ (0xDC00 + (u & 0x3FF))) &* 16_777_619
            } else {
                h = (h ^ v) &* 16_777_619
            }
        }
        return Int(h % UInt32(shards))
    }
}
