import Content
import Foundation
import Support

/// A chart drawn twice: for wide screens and print, and re-laid out for a phone. The page holds
/// both and its style sheet shows one (`.chart-wide`, `.chart-narrow`): a 640-unit chart scaled
/// down to a 343-pixel phone column would have 7-pixel labels.
package struct ChartSVG: Sendable, Hashable {
    /// For wide screens and print.
    package var wide: String
    /// Re-laid out for a phone.
    package var narrow: String

    /// Both variants, or nil when there is nothing to draw (the page then says so in words).
    init?(_ draw: (Canvas) -> String?) {
        guard let wide = draw(.wide), let narrow = draw(.narrow) else { return nil }
        self.wide = wide
        self.narrow = narrow
    }
}

/// The drawing area of one variant of a chart.
struct Canvas: Sendable {
    /// Width in user units. The narrow canvas is about a phone column's width in CSS pixels,
    /// so its 13-unit labels show at about 13 pixels.
    var width: Double
    /// Narrow charts put each label above its bar instead of beside it.
    var narrow: Bool

    static let wide = Canvas(width: 640, narrow: false)
    static let narrow = Canvas(width: 340, narrow: true)

    /// Appended to element ids, so both variants on one page keep unique ids.
    var idSuffix: String { narrow ? "-narrow" : "" }
    var className: String { narrow ? "chart chart-narrow" : "chart chart-wide" }
}

/// Helpers shared by the charts: escaping, text measures and print-safe fills.
enum SVG {
    static let fontFamily = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
    static let fontSize = 13.0

    /// Estimated width in user units: 1 em per CJK (or other wide) character, 0.55 em per ASCII one.
    static func textWidth(_ s: String, fontSize: Double = fontSize) -> Double {
        s.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 0.55 : 1.0) } * fontSize
    }

    /// Cuts a label to `maxWidth`, ending it with `…`; the chart keeps the full label in a `<title>`.
    static func fit(_ s: String, maxWidth: Double, fontSize: Double = fontSize) -> String {
        guard textWidth(s, fontSize: fontSize) > maxWidth else { return s }
        var chars = Array(s)
        while !chars.isEmpty, textWidth(String(chars), fontSize: fontSize) + fontSize > maxWidth { chars.removeLast() }
        return String(chars) + "…"
    }

    /// One decimal is plenty for a 340- or 640-unit canvas.
    static func n(_ d: Double) -> String {
        let tenths = Int((d * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }

    /// The `<svg>` element around a chart's body; `id` without the canvas's suffix.
    static func document(id bare: String, canvas: Canvas, height: Double, title: String, desc: String, defs: String = "", body: [String]) -> String {
        let id = bare + canvas.idSuffix
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(canvas.className)\" id=\"chart-\(Escape.xml(id))\" role=\"img\""
        s += " aria-labelledby=\"chart-\(Escape.xml(id))-title chart-\(Escape.xml(id))-desc\""
        s += " viewBox=\"0 0 \(n(canvas.width)) \(n(height))\" width=\"100%\" preserveAspectRatio=\"xMidYMin meet\""
        s += " font-family=\"\(Escape.xml(fontFamily))\" font-size=\"\(n(fontSize))\">"
        s += "<title id=\"chart-\(Escape.xml(id))-title\">\(Escape.xml(title))</title>"
        s += "<desc id=\"chart-\(Escape.xml(id))-desc\">\(Escape.xml(desc))</desc>"
        if !defs.isEmpty { s += "<defs>\(defs)</defs>" }
        s += body.joined()
        s += "</svg>"
        return s
    }

    /// A label drawn over any fill: a white halo keeps it readable on dark and hatched segments.
    static func haloText(x: Double, y: Double, _ text: String, anchor: String = "middle") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"3\" style=\"paint-order:stroke\">\(Escape.xml(text))</text>"
    }

    /// Fills that stay distinct in black and white: grey shades and hatch patterns, each with a dark outline.
    static let fillCount = 8

    static func patternDefs(prefix: String) -> String {
        let p = Escape.xml(prefix)
        return [
            "<pattern id=\"\(p)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#333\" stroke-width=\"2\"/></pattern>",
            "<pattern id=\"\(p)-dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"#333\"/></pattern>",
            "<pattern id=\"\(p)-cross\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#e8e8e8\"/><path d=\"M0 0L8 8M8 0L0 8\" stroke=\"#444\" stroke-width=\"1\"/></pattern>",
            "<pattern id=\"\(p)-lines\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"3\" x2=\"6\" y2=\"3\" stroke=\"#333\" stroke-width=\"1.5\"/></pattern>",
        ].joined()
    }

    /// The fill of series `i`; the pattern ids come from ``patternDefs(prefix:)``.
    static func fill(_ i: Int, prefix: String) -> String {
        let p = Escape.xml(prefix)
        switch i % fillCount {
        case 0: return "#2b2b2b"
        case 1: return "#b0b0b0"
        case 2: return "url(#\(p)-hatch)"
        case 3: return "#ffffff"
        case 4: return "url(#\(p)-dots)"
        case 5: return "#6e6e6e"
        case 6: return "url(#\(p)-cross)"
        default: return "url(#\(p)-lines)"
        }
    }

    /// A legend that wraps onto more lines on the narrow canvas; returns the elements and the height used.
    static func legend(_ names: [String], prefix: String, y top: Double, width: Double) -> (elements: [String], height: Double) {
        var x = 8.0, y = top
        var out: [String] = []
        for (i, name) in names.enumerated() {
            let w = 18 + textWidth(name) + 16
            if x + w > width - 8, x > 8 { x = 8; y += 20 }
            out.append(
                "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"12\" height=\"12\" fill=\"\(fill(i, prefix: prefix))\" stroke=\"#000\" stroke-width=\"0.8\"/>"
            )
            out.append("<text x=\"\(n(x + 18))\" y=\"\(n(y + 11))\">\(Escape.xml(name))</text>")
            x += w
        }
        return (out, names.isEmpty ? 0 : y - top + 24)
    }

    /// A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least 5.
    static func niceCeiling(_ v: Double) -> Double {
        guard v > 5 else { return 5 }
        let magnitude = pow(10, floor(log10(v)))
        let f = v / magnitude
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        return nice * magnitude
    }
}
