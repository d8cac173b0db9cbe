import Content

/// How dates, ranges and amounts read in Chinese.
enum Format {
    static func eventWhen(_ e: Event) -> String {
        var text = e.start.chinese
        if e.start.hasTime { text += " " + e.start.time }
        guard let end = e.end else { return text }
        if (end.year, end.month, end.day) == (e.start.year, e.start.month, e.start.day) {
            return end.hasTime ? text + "–" + end.time : text
        }
        return text + " 至 " + end.chinese + (end.hasTime ? " " + end.time : "")
    }

    /// `2014-05-20T09:00:00+08:00` for `<time datetime>` and feeds, in UTC to stay simple.
    static func iso(_ d: ContentDate) -> String {
        let (y, m, day) = civil(d.epochSeconds)
        let s = Int(d.epochSeconds - d.epochSeconds.floorDivided(86_400) * 86_400)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, day, s / 3600, s % 3600 / 60, s % 60)
    }

    static func civil(_ epoch: Int64) -> (Int, Int, Int) {
        var z = Int(epoch.floorDivided(86_400)) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        z -= era * 146_097
        let yoe = (z - z / 1460 + z / 36_524 - z / 146_096) / 365
        let doy = z - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func count(_ n: Int) -> String {
        var digits = String(n)
        var groups: [String] = []
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits.removeLast(3) }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ",")
    }
}

extension Int64 {
    func floorDivided(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

/// Escaping for the few outputs not written through Mustache (feeds, sitemap, calendars).
enum Escape {
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters even as references: drop them.
                let v = scalar.value
                if v < 0x20 && v != 0x9 && v != 0xA && v != 0xD { continue }
                if v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for an iCalendar property value (RFC 5545 §3.3.11).
    static func ics(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: if ch.value >= 0x20 && ch.value != 0x7F { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    /// JSON string contents that are also safe inside `<script>` (no `</script>`, no `<!--`).
    static func jsonInScript(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
