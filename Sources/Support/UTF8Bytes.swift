#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks on a file's raw bytes, so that the loader can take the usual file apart without
/// first making a string of all of it.
package enum UTF8Bytes {
    /// Whether `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
    /// nothing above U+10FFFF; the same answer as `String(validating:as:)`) with no control
    /// character that ``Escape/stripControls(_:)`` would remove: the test a file's body must
    /// pass to go to cmark as it was read. One pass: runs of ASCII eight bytes at a time (a
    /// word with a byte below 0x20 or DEL is looked at byte by byte: tab and LF are fine), and
    /// the three-byte forms that need nothing checked but their continuations (all of CJK) in
    /// one branch.
    package static func isCleanUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            let lead = p[i]
            if lead < 0x80 {
                while i + 8 <= n {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    // No byte with the high bit, none below 0x20 (x - 0x20 borrows into the high
                    // bit), none that is 0x7F (x + 1 carries into it).
                    let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
                    guard (word | (word &- ones &* 0x20) | (word &+ ones)) & high == 0 else { break }
                    i += 8
                }
                guard i < n else { return true }
                let byte = p[i]
                if byte >= 0x80 { continue }
                if (byte < 0x20 && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r")) || byte == 0x7F {
                    return false
                }
                i += 1
                continue
            }
            // E1–EC and EE–EF: any two continuation bytes (but EF BF BE and EF BF BF, U+FFFE
            // and U+FFFF, are refused).
            if (lead >= 0xE1 && lead <= 0xEC) || lead >= 0xEE && lead <= 0xEF {
                guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if lead == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE { return false }
                i += 3
                continue
            }
            // The rest: the second byte's range depends on the lead.
            let length: Int, low: UInt8, high: UInt8
            switch lead {
            case 0xC2: (length, low, high) = (2, 0xA0, 0xBF) // C2 80–9F are the C1 controls
            case 0xC3...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return false
            }
            guard i + length <= n, p[i + 1] >= low, p[i + 1] <= high else { return false }
            for k in 2..<length where p[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }

    /// Where the usual Markdown file divides, found on its bytes: it opens with a `---` line,
    /// has a closing `---` or `...` line, and no CR anywhere. `head` ends after the closing line
    /// (the front matter with its fences, numbered as in the file); the body is the rest.
    /// `nil` for anything else, which the loader then reads as text, with its messages.
    package static func frontMatterEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress, memchr(p, 0x0D, bytes.count) == nil else { return nil }
        var start = 0
        var first = true
        while start < bytes.count {
            let newline = memchr(p + start, 0x0A, bytes.count - start).map { UnsafeRawPointer(p).distance(to: $0) }
            let end = newline ?? bytes.count
            // The line without trailing spaces and tabs.
            var last = end
            while last > start, p[last - 1] == UInt8(ascii: " ") || p[last - 1] == UInt8(ascii: "\t") { last -= 1 }
            let isDashes =
                last - start == 3 && p[start] == UInt8(ascii: "-") && p[start + 1] == UInt8(ascii: "-") && p[start + 2] == UInt8(ascii: "-")
            let isDots = last - start == 3 && p[start] == UInt8(ascii: ".") && p[start + 1] == UInt8(ascii: ".") && p[start + 2] == UInt8(ascii: ".")
            if first {
                guard isDashes else { return nil }
                first = false
            } else if isDashes || isDots {
                return newline.map { $0 + 1 } ?? bytes.count
            }
            guard let newline else { return nil }
            start = newline + 1
        }
        return nil
    }

    /// How many UTF-16 units `bytes` decode to: one per byte that is not a continuation
    /// (`10xxxxxx`), one more per lead of a four-byte form (`11110xxx` and above). Eight bytes
    /// at a time: the search index counts each page text before coding it (42 MB at 10,000
    /// articles), and byte by byte this took about twice the time (125 samples against about
    /// 60 in a build; BENCHMARKS.md, fifteenth session).
    package static func utf16Count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = bytes.baseAddress else { return 0 }
        let n = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        var count = 0
        var i = 0
        while i + 8 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            // Each byte's top bit, tested with the bits below it shifted up into its place
            // (a shift of at most 7 never carries one byte's bits into the next byte's top).
            let continuation = w & ~(w << 1) & high
            let fourByteLead = w & (w << 1) & (w << 2) & (w << 3) & high
            count += 8 - continuation.nonzeroBitCount + fourByteLead.nonzeroBitCount
            i += 8
        }
        while i < n {
            if p[i] & 0xC0 != 0x80 { count += p[i] >= 0xF0 ? 2 : 1 }
            i += 1
        }
        return count
    }
}
