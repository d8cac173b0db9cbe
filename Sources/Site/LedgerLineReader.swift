import Foundation

/// Reads the ledger's lines straight from its bytes: with `split` and `Int(_:radix:)`, the
/// 52,000 lines of a 10,000-article site took 0.44 s of one core before the load could begin
/// (5.8 % of a one-article edit build's samples).
struct LineReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    func startsWith(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard bytes.count - position >= n else { return false }
        return (0..<n).allSatisfy { bytes[position + $0] == prefix.utf8Start[$0] }
    }

    /// The rest of the line as text, the newline passed; nil at the end or without a newline.
    mutating func line() -> String? {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { return nil }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// A number (a minus sign allowed) and the space after it, as the ledger writes its fields;
    /// the hash, written unsigned in hexadecimal, comes back as its bit pattern.
    mutating func number(radix: UInt64) -> Int64? {
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var value: UInt64 = 0
        var digits = 0
        while position < bytes.count, bytes[position] != UInt8(ascii: " ") {
            let byte = bytes[position]
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            guard !overflow, digits < 20 else { return nil }
            value = shifted &+ digit
            digits += 1
            position += 1
        }
        guard digits > 0, position < bytes.count else { return nil }
        position += 1
        let signed = Int64(bitPattern: value)
        return negative ? -signed : signed
    }
}
