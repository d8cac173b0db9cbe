import Content

/// A share computed from two integers, shown with one decimal (`20.8%`), never via floating point.
package struct Percent: Sendable, Hashable {
    /// The part counted.
    package var part: Int
    /// What it is a part of.
    package var whole: Int

    /// The share `part` of `whole` (zero when `whole` is zero).
    package init(_ part: Int, of whole: Int) {
        self.part = part
        self.whole = whole
    }

    /// Tenths of a percent, rounded half up: 20 of 96 → 208. Zero when `whole` is zero.
    package var tenths: Int {
        guard whole > 0 else { return 0 }
        return (part * 1000 * 2 + whole) / (whole * 2)
    }

    /// `20.8`
    package var plain: String { "\(tenths / 10).\(tenths % 10)" }
    /// `20.8%`
    package var display: String { plain + "%" }
}

/// How figures are written for readers: thousands separators and rounded wording (“近10万”).
package enum NumberText {
    /// `98,600`
    package static func grouped(_ n: Int) -> String { n.grouped }

    /// The wording of a report: `近10万` for 98,600, `逾2000` for 2,150, the number itself when round or small.
    ///
    /// Within 5% below the next round number it is “近” (nearly); above a round number it is “逾” (over).
    package static func approximate(_ n: Int) -> String {
        guard n >= 1000 else { return String(n) }
        let unit = n >= 10_000 ? 10_000 : 1000
        let floor = n / unit * unit
        let ceiling = floor + unit
        if n == floor { return words(floor) }
        if (ceiling - n) * 20 <= ceiling { return "近" + words(ceiling) }
        return "逾" + words(floor)
    }

    private static func words(_ n: Int) -> String {
        n >= 10_000 && n % 10_000 == 0 ? "\(n / 10_000)万" : String(n)
    }
}
