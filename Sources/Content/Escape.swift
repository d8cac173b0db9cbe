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

    package static func stripControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isRefusedControl) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isRefusedControl($0) })
        return String(scalars)
    }

    /// Text and attribute values for XML and HTML: `& < > " '` escaped, controls removed.
    package static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where !isRefusedControl(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A JSON string literal, quotes included. `forScript` also escapes `<`, `>` and `&` so the
    /// JSON can sit inside an HTML `<script>` element without ever closing it.
    package static func jsonString(_ s: String, forScript: Bool = false) -> String {
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

extension ContentDate {
    /// `2014-05-20T06:30:00Z`: the instant in UTC, for feeds, calendars and document properties.
    package var utcTimestamp: String {
        let days = epochSeconds.floorDiv(86_400)
        let seconds = Int(epochSeconds - days * 86_400)
        let (y, m, d) = DateParser.civilFromDays(Int(days))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }
}
