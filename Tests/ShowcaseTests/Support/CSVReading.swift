/// Shared by the suites that read back what Showcase writes as CSV (statistics downloads,
/// the export's tables): BOM dropped, RFC 4180 quoting, CRLF or LF rows.
/// A CSV parser for RFC 4180 quoting, enough to read back what Showcase writes.
func readCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
    var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
    while let ch = chars.popFirst() {
        if quoted {
            if ch == "\"" {
                if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
            } else {
                field.append(ch)
            }
        } else if ch == "\"" {
            quoted = true
        } else if ch == "," {
            row.append(field); field = ""
        } else if ch == "\r\n" || ch == "\n" {
            row.append(field); rows.append(row); row = []; field = ""
        } else {
            field.append(ch)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
