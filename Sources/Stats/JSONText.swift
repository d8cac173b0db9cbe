import Content

/// A tiny JSON writer: keys keep their order and numbers are written from exact text
/// (`2172900.00`, `20.8`), which `JSONSerialization` with `Double` cannot promise.
indirect enum JSONText {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    func rendered(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    /// Appends to one string rather than joining the rendered children at every level, which
    /// copied each value once per level it was nested in.
    private func write(into out: inout String, indent: Int) {
        func pad(_ level: Int) { for _ in 0..<level { out += "  " } }
        switch self {
        case .string(let s): out += Escape.jsonString(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                if i > 0 { out += ",\n" }
                pad(indent + 1)
                item.write(into: &out, indent: indent + 1)
            }
            out += "\n"
            pad(indent)
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += ",\n" }
                pad(indent + 1)
                out += Escape.jsonString(pair.0)
                out += ": "
                pair.1.write(into: &out, indent: indent + 1)
            }
            out += "\n"
            pad(indent)
            out += "}"
        }
    }
}
