import Content
import Support

/// 100% bars: how a whole divides into parts, each part labelled with its percentage.
struct ShareChart {
    struct Bar {
        /// Shown above the bar; nil for a chart with a single bar.
        var label: String?
        var parts: [Int]
    }

    var id: String
    var title: String
    var desc: String
    var series: [String]
    var bars: [Bar]

    var svg: ChartSVG? { ChartSVG(draw) }

    /// Labels are above the bars already: the narrow variant is the same drawing on a narrower canvas.
    func draw(_ canvas: Canvas) -> String? {
        let drawn = bars.filter { $0.parts.reduce(0, +) > 0 }
        guard !drawn.isEmpty, !series.isEmpty else { return nil }
        let prefix = "chart-\(id)\(canvas.idSuffix)"
        let (legend, legendHeight) = SVG.legend(series, prefix: prefix, y: 6, width: canvas.width)
        let barHeight = 26.0, barWidth = canvas.width - 16
        var y = 6 + legendHeight + 4
        var body = legend
        for bar in drawn {
            let whole = bar.parts.reduce(0, +)
            body.append("<g>")
            if let label = bar.label {
                y += SVG.fontSize + 2
                body.append("<text x=\"8\" y=\"\(SVG.n(y))\">\(Escape.xml(SVG.fit(label, maxWidth: barWidth)))</text>")
                y += 6
            }
            var x = 8.0, labels: [String] = []
            for (s, part) in bar.parts.enumerated() where part > 0 {
                let w = Double(part) / Double(whole) * barWidth
                let percent = Percent(part, of: whole).display
                let name = s < series.count ? series[s] : ""
                body.append(
                    "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(barHeight))\" fill=\"\(SVG.fill(s, prefix: prefix))\" stroke=\"#000\" stroke-width=\"0.8\"><title>\(Escape.xml(bar.label.map { $0 + " " } ?? ""))\(Escape.xml(name))：\(part)（\(percent)）</title></rect>"
                )
                if SVG.textWidth(percent) + 6 <= w {
                    labels.append(SVG.haloText(x: x + w / 2, y: y + barHeight / 2 + SVG.fontSize * 0.35, percent))
                }
                x += w
            }
            body += labels
            body.append("</g>")
            y += barHeight + 10
        }
        return SVG.document(id: id, canvas: canvas, height: y, title: title, desc: desc, defs: SVG.patternDefs(prefix: prefix), body: body)
    }
}
