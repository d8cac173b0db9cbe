import Content
import Foundation

extension Statistics {
    /// Every table as CSV and JSON under `statistics/<theme>/`, plus `statistics/statistics.json`
    /// with everything, as (path relative to the output root, bytes).
    package func downloads() -> [(path: String, data: Data)] {
        var out: [(path: String, data: Data)] = []
        for t in tables {
            out.append((t.downloadStem + ".csv", Data(t.csv.utf8)))
            out.append((t.downloadStem + ".json", Data(t.jsonValue.utf8() + [0x0A])))
        }
        out.append((Statistics.allDownloadPath, json()))
        return out
    }

    /// The paths of ``downloads()``, in its order, without making the files: a build that
    /// keeps the last build's downloads needs only their names.
    package var downloadPaths: [String] {
        tables.flatMap { [$0.downloadStem + ".csv", $0.downloadStem + ".json"] } + [Statistics.allDownloadPath]
    }

    /// The file with every figure, linked from the overview.
    package static let allDownloadPath = "statistics/statistics.json"

    /// Everything `showcase stats --json` prints: headlines, data figures and every table.
    package func json() -> Data {
        let headlines = headlines(urls: urls).map { h in
            JSONText.object([("label", .string(h.label)), ("value", .string(h.value)), ("note", h.note.map(JSONText.string) ?? .null)])
        }
        let figures = figures.map { f in
            JSONText.object([
                ("id", .string(f.id)), ("label", .string(f.label)), ("value", .number(String(f.value))),
                ("qualifier", f.qualifier.map(JSONText.string) ?? .null), ("unit", .string(f.unit)),
                ("source", .string(f.source)), ("date", .string(f.date.isoDate)),
            ])
        }
        let root = JSONText.object([
            ("federation", .string(federation)), ("headlines", .array(headlines)),
            ("figures", .array(figures)), ("tables", .array(tables.map(\.jsonValue))),
        ])
        return Data(root.utf8() + [0x0A])
    }
}

extension StatValue {
    /// Money as yuan with two decimals and shares as percent with one, written exactly.
    var jsonValue: JSONText {
        switch self {
        case .text(let s): .string(s)
        case .count, .money, .percent: .number(plain)
        case .empty: .null
        }
    }
}

extension StatTable {
    /// The table as CSV through the project's one writer (``CSV``), formulas guarded, totals last.
    package var csv: String {
        CSV.document([columns.map(\.csvLabel)] + (rows + (totals.map { [$0] } ?? [])).map { $0.cells.map(\.plain) })
    }

    /// Units of the JSON values: money in yuan, shares in percent.
    static func unit(_ kind: StatColumn.Kind) -> String {
        switch kind {
        case .text: "text";
        case .count: "count";
        case .money: "yuan";
        case .percent: "percent"
        }
    }

    var jsonValue: JSONText {
        func object(_ row: StatRow) -> JSONText {
            .object(zip(columns, row.cells).map { ($0.key, $1.jsonValue) })
        }
        return .object([
            ("theme", .string(theme)), ("id", .string(id)), ("title", .string(title)), ("summary", .string(summary)),
            (
                "columns",
                .array(columns.map { .object([("key", .string($0.key)), ("label", .string($0.label)), ("unit", .string(Self.unit($0.kind)))]) })
            ),
            (
                "rows",
                .array(
                    rows.map { row in
                        guard case .object(var pairs) = object(row) else { return .null }
                        pairs.append(("entries", .array(row.entries.map { .string($0.slug) })))
                        return .object(pairs)
                    })
            ),
            ("totals", totals.map(object) ?? .null),
            ("notes", .array(notes.map(JSONText.string))),
        ])
    }
}
