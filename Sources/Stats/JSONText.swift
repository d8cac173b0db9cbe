import Content
import Support

/// A tiny JSON writer: keys keep their order and numbers are written from exact text
/// (`2172900.00`, `20.8`), which `JSONSerialization` with `Double` cannot promise.
indirect enum JSONText {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// The JSON text in UTF-8, written into one byte buffer (a download is written as bytes, and
    /// appending to a `String` piece by piece cost more than the rest of the work).
    func utf8(indent: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: indent)
        return out
    }

    private func write(into out: inout [UInt8], indent: Int) {
        func pad(_ level: Int) { out.append(contentsOf: repeatElement(0x20, count: 2 * level)) }
        func put(_ text: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        switch self {
        case .string(let s): out.append(contentsOf: Escape.jsonString(s).utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): put(b ? "true" : "false")
        case .null: put("null")
        case .array(let items):
            if items.isEmpty { put("[]"); return }
            put("[\n")
            for (i, item) in items.enumerated() {
                if i > 0 { put(",\n") }
                pad(indent + 1)
                item.write(into: &out, indent: indent + 1)
            }
            put("\n")
            pad(indent)
            put("]")
        case .object(let pairs):
            if pairs.isEmpty { put("{}"); return }
            put("{\n")
            for (i, pair) in pairs.enumerated() {
                if i > 0 { put(",\n") }
                pad(indent + 1)
                out.append(contentsOf: Escape.jsonString(pair.0).utf8)
                put(": ")
                pair.1.write(into: &out, indent: indent + 1)
            }
            put("\n")
            pad(indent)
            put("}")
        }
    }
}
