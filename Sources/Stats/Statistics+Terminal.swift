import Foundation

extension Statistics {
    /// The figures as aligned plain-text tables, what a staff member pastes into a report.
    package func table() -> String {
        var out = ["数据统计（\(federation)）", ""]
        out.append("【主要数字】")
        out += TextTable.render(headlines(urls: urls).map { [$0.label, $0.value, $0.note ?? ""] }, numeric: [false, true, false], header: nil)
        if !figures.isEmpty {
            out.append("")
            out.append("【公开数据】")
            out += TextTable.render(
                figures.map { [$0.label, Statistics.figureValue($0), Statistics.sourceNote($0.source, $0.date)] },
                numeric: [false, true, false], header: nil)
        }
        for t in tables {
            out.append("")
            out.append("【\(Statistics.title(theme: t.theme))·\(t.title)】")
            let body = (t.rows + (t.totals.map { [$0] } ?? [])).map { $0.cells.map(\.display) }
            if body.isEmpty {
                out.append("（暂无数据）")
                continue
            }
            out += TextTable.render(
                body, numeric: t.columns.map { $0.kind != .text }, header: t.columns.map(\.label),
                totalsLine: t.totals != nil)
            out += t.notes.map { "注：" + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Columns aligned by display width: CJK and full-width characters take two columns of a terminal.
package enum TextTable {
    /// Terminal cells `s` takes: two for each CJK or full-width character.
    package static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : ($1.properties.generalCategory == .nonspacingMark ? 0 : 1)) }
    }

    static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    static func pad(_ s: String, to width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(width - displayWidth(s), 0))
        return right ? fill + s : s + fill
    }

    static func render(_ rows: [[String]], numeric: [Bool], header: [String]?, totalsLine: Bool = false) -> [String] {
        let all = (header.map { [$0] } ?? []) + rows
        let count = all.map(\.count).max() ?? 0
        let widths = (0..<count).map { c in all.map { c < $0.count ? displayWidth($0[c]) : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            (0..<count).map { c in
                pad(c < cells.count ? cells[c] : "", to: widths[c], right: c < numeric.count && numeric[c])
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(count - 1, 0))
        var out: [String] = []
        if let header { out += [line(header), rule] }
        for (i, row) in rows.enumerated() {
            if totalsLine, i == rows.count - 1, rows.count > 1 { out.append(rule) }
            out.append(line(row))
        }
        return out
    }
}
