/// An amount in yuan held exactly as an integer number of fen (分), so sums of many
/// projects never drift the way floating point does.
package struct Money: Sendable, Hashable, Comparable, Codable {
    /// Hundredths of a yuan.
    package var fen: Int64

    /// An amount in fen (hundredths of a yuan), kept as an integer so sums are exact.
    package init(fen: Int64) { self.fen = fen }

    /// Parses `213350`, `213350.5` or `213350.00` (digits, optional thousands commas).
    package init?(yuan text: String) {
        let cleaned = text.replacingOccurrences(of: ",", with: "")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 12,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), let yuan = Int64(whole)
        else { return nil }
        var fen: Int64 = 0
        if parts.count == 2 {
            let frac = parts[1]
            guard !frac.isEmpty, frac.count <= 2, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fen = Int64(frac)! * (frac.count == 1 ? 10 : 1)
        }
        self.fen = yuan * 100 + fen
    }

    /// The smaller amount first.
    package static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    /// The sum of two amounts.
    package static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    /// No money.
    package static let zero = Money(fen: 0)

    /// `2172900.00`
    package var yuanString: String {
        "\(fen / 100).\(String(fen % 100).leftPadded(to: 2))"
    }

    /// `217.29万元`: ten-thousands of yuan with two decimals, rounded half up from fen.
    package var wanYuan: String {
        // 1万元 = 1,000,000 fen; two decimals of 万元 = units of 10,000 fen.
        let units = (fen + 5_000) / 10_000
        return "\(units / 100).\(String(units % 100).leftPadded(to: 2))万元"
    }

    /// `213,350.00元`
    package var yuanWithSeparators: String {
        (fen / 100).grouped + "." + String(fen % 100).leftPadded(to: 2) + "元"
    }
}

extension BinaryInteger {
    /// `98,600`: thousands separated by commas, as figures are printed for readers.
    /// Written digit by digit into bytes: every article page prints one (its length).
    package var grouped: String {
        var bytes: [UInt8] = []
        var rest = magnitude
        repeat {
            if bytes.count % 4 == 3 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest != 0
        if self < 0 { bytes.append(UInt8(ascii: "-")) }
        return String(decoding: bytes.reversed(), as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Sequence where Element == Money {
    /// The sum of the amounts; zero for none.
    package func sum() -> Money { reduce(.zero, +) }
}
