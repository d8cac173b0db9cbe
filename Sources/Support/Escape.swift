import Foundation

/// Escaping of content text for every format the site writes (HTML, XML, SVG, DOCX, JSON,
/// iCalendar), in one place so that each output is as safe as the others.
package enum Escape {
    /// Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return;
    /// U+FFFE/U+FFFF) and the C1 controls, which Word refuses although XML allows them.
    package static func isRefusedControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// The text without control characters (tab, LF and CR kept) and noncharacters, which have no place on a page.
    package static func stripControls(_ text: String) -> String {
        // Whole Markdown bodies pass through here: look at the bytes first (the same test as `xml`'s).
        let clean = text.utf8.withContiguousStorageIfAvailable { !containsRefused($0) }
        if clean == true { return text }
        guard text.unicodeScalars.contains(where: isRefusedControl) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isRefusedControl($0) })
        return String(scalars)
    }

    /// Text and attribute values for XML and HTML: `& < > " '` escaped, controls removed.
    ///
    /// Runs for every value of every page, so it works on UTF-8 bytes and returns the string
    /// untouched (no copy) when, as usual, nothing needs escaping.
    package static func xml(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = firstEscapeIndex(bytes) else { return nil }
            var out = ByteBuffer(capacity: bytes.count + 16)
            appendEscaped(bytes, from: first, to: &out)
            return out.string
        } ?? text
    }

    /// `out += xml(text)` in UTF-8, without making the escaped string first: how the template
    /// renderer writes every `{{value}}` of every page.
    package static func appendXML(_ text: String, to out: inout ByteBuffer) {
        // Read in place when the string is contiguous (a copy to call `withUTF8` on retains it).
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, from: firstEscapeIndex($0) ?? $0.count, to: &out) }) != nil {
            return
        }
        var text = text
        text.withUTF8 { bytes in
            appendEscaped(bytes, from: firstEscapeIndex(bytes) ?? bytes.count, to: &out)
        }
    }

    /// `appendXML(_:to:)` for UTF-8 bytes (a piece of a longer text).
    package static func appendXML(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        appendEscaped(bytes, from: firstEscapeIndex(bytes) ?? bytes.count, to: &out)
    }

    /// Appends `bytes` (valid UTF-8) without the characters ``stripControls(_:)`` removes.
    package static func appendStrippingControls(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        guard containsRefused(bytes) else {
            out.append(bytes)
            return
        }
        var i = 0
        while i < bytes.count {
            let skip = refusedLength(bytes, at: i)
            if skip > 0 {
                i += skip
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
    }

    /// Appends `bytes`, escaping from index `first` on (nothing before it needs it).
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, to out: inout ByteBuffer) {
        out.append(UnsafeBufferPointer(rebasing: bytes[..<first]))
        var i = first
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "&"): out.append("&amp;")
            case UInt8(ascii: "<"): out.append("&lt;")
            case UInt8(ascii: ">"): out.append("&gt;")
            case UInt8(ascii: "\""): out.append("&quot;")
            case UInt8(ascii: "'"): out.append("&#39;")
            default:
                let skip = refusedLength(bytes, at: i)
                if skip > 0 { i += skip; continue }
                out.append(bytes[i])
            }
            i += 1
        }
    }

    /// The ASCII characters XML and HTML text escape.
    private static let escapedASCII: [UInt8] = Array("&<>\"'".utf8)

    /// Bytes that may start something to escape or remove: `& < > " '`, C0 controls, DEL, and
    /// the lead bytes of C1 controls (C2) and of U+FFFE/U+FFFF (EF). Most bytes of Chinese text
    /// are none of these, so one table lookup a byte replaces a call a byte.
    private static let mayNeedEscape: [Bool] = (0...255).map { (value: Int) -> Bool in
        let b = UInt8(value)
        return b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF || escapedASCII.contains(b)
    }

    /// The first byte that needs escaping or removing, if any.
    private static func firstEscapeIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        mayNeedEscape.withUnsafeBufferPointer { table in
            for i in bytes.indices where table[Int(bytes[i])] {
                switch bytes[i] {
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): return i
                default: if refusedLength(bytes, at: i) > 0 { return i }
                }
            }
            return nil
        }
    }

    /// Whether any refused control character is in `bytes`. One table lookup a byte; only the
    /// bytes a refused character can start with (controls but tab, LF and CR; DEL; C2; EF)
    /// are looked at closely. (EF also leads Chinese fullwidth punctuation such as `，`.)
    /// Swift's `SIMD16` comparisons were tried here and came out thirty times slower.
    package static func containsRefused(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        mayBeRefused.withUnsafeBufferPointer { table in
            for i in bytes.indices where table[Int(bytes[i])] {
                if refusedLength(bytes, at: i) > 0 { return true }
            }
            return false
        }
    }

    private static let mayBeRefused: [Bool] = (0...255).map { b in
        (b < 0x20 && b != UInt8(ascii: "\t") && b != UInt8(ascii: "\n") && b != UInt8(ascii: "\r")) || b == 0x7F || b == 0xC2 || b == 0xEF
    }

    /// Whether `bytes` hold neither a refused control character nor a carriage return: text a
    /// Word run takes as it is, cut only at its line feeds and tabs. The one pass
    /// ``containsRefused(_:)`` makes, with carriage returns looked for in it too.
    package static func isPlainRunText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        mayBeRefusedOrCR.withUnsafeBufferPointer { table in
            for i in bytes.indices where table[Int(bytes[i])] {
                if bytes[i] == UInt8(ascii: "\r") || refusedLength(bytes, at: i) > 0 { return false }
            }
            return true
        }
    }

    private static let mayBeRefusedOrCR: [Bool] = (0...255).map { b in mayBeRefused[b] || b == UInt8(ascii: "\r") }

    /// How many bytes of a refused control character start at `i` (0 if none): C0 controls but
    /// tab, LF and CR; DEL; C1 controls (C2 80–C2 9F); U+FFFE and U+FFFF (EF BF BE/BF).
    @inline(__always)
    private static func refusedLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x20 { return b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") ? 0 : 1 }
        if b == 0x7F { return 1 }
        if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) { return 2 }
        if b == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF { return 3 }
        return 0
    }

    /// A JSON string literal, quotes included. `forScript` also escapes `<`, `>` and `&` so the
    /// JSON can sit inside an HTML `<script>` element without ever closing it.
    package static func jsonString(_ s: String, forScript: Bool = false) -> String {
        // Most titles need nothing escaped: one pass over the bytes decides. (0xE2 leads
        // U+2028 and U+2029, and also harmless punctuation such as `——`, which takes the long way.)
        if !s.utf8.contains(where: {
            $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2
                || (forScript && ($0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")))
        }) {
            return "\"" + s + "\""
        }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where forScript: out += "\\u003c"
            case ">" where forScript: out += "\\u003e"
            case "&" where forScript: out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Text for an iCalendar property value (RFC 5545 §3.3.11): no raw line breaks or controls.
    package static func ics(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: if ch.value >= 0x20 && !isRefusedControl(ch) { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
