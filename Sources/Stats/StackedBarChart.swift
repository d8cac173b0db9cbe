import Content
import Support

/// Horizontal bars split into series (programs, kinds, columns), each series a distinct grey or pattern.
struct StackedBarChart {
    struct Bar {
        var label: String
        /// One value per series, integers only.
        var values: [Int64]
        var valueLabels: [String]
        var totalLabel: String
    }

    var id: String
    var title: String
    var desc: String
    var series: [String]
    var bars: [Bar]

    var svg: ChartSVG? { ChartSVG(draw) }

    /// As ``BarChart``: narrow charts put the label above its bar.
    func draw(_ canvas: Canvas) -> String? {
        guard !bars.isEmpty, !series.isEmpty else { return nil }
        let prefix = "chart-\(id)\(canvas.idSuffix)"
        let (legend, legendHeight) = SVG.legend(series, prefix: prefix, y: 6, width: canvas.width)
        let barHeight = 20.0, top = 6 + legendHeight + 4
        let labelLine = canvas.narrow ? SVG.fontSize + 6 : 0
        let rowHeight = canvas.narrow ? labelLine + barHeight + 12 : 30.0
        let labelWidth = canvas.narrow ? canvas.width - 16 : min(bars.map { SVG.textWidth($0.label) }.max() ?? 0, 200)
        let totalWidth = (bars.map { SVG.textWidth($0.totalLabel) }.max() ?? 0) + 8
        let barX = canvas.narrow ? 8 : 8 + labelWidth + 8
        let barMax = max(canvas.width - barX - totalWidth - 8, 40)
        let maxTotal = max(bars.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        var body = legend
        for (i, bar) in bars.enumerated() {
            let rowTop = top + Double(i) * rowHeight
            let y = rowTop + labelLine
            let mid = y + barHeight / 2 + SVG.fontSize * 0.35
            let label = Escape.xml(SVG.fit(bar.label, maxWidth: labelWidth))
            body.append("<g><title>\(Escape.xml(bar.label))：\(Escape.xml(bar.totalLabel))</title>")
            if canvas.narrow {
                body.append("<text x=\"8\" y=\"\(SVG.n(rowTop + SVG.fontSize))\">\(label)</text>")
            } else {
                body.append("<text x=\"\(SVG.n(barX - 8))\" y=\"\(SVG.n(mid))\" text-anchor=\"end\">\(label)</text>")
            }
            var x = barX
            var labels: [String] = []
            for (s, value) in bar.values.enumerated() where value > 0 {
                let w = Double(value) / Double(maxTotal) * barMax
                let name = s < series.count ? series[s] : ""
                let valueLabel = s < bar.valueLabels.count ? bar.valueLabels[s] : String(value)
                body.append(
                    "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(barHeight))\" fill=\"\(SVG.fill(s, prefix: prefix))\" stroke=\"#000\" stroke-width=\"0.8\"><title>\(Escape.xml(bar.label)) \(Escape.xml(name))：\(Escape.xml(valueLabel))</title></rect>"
                )
                // Labels are drawn after every segment, so a later segment never covers them.
                if SVG.textWidth(valueLabel) + 6 <= w { labels.append(SVG.haloText(x: x + w / 2, y: mid, valueLabel)) }
                x += w
            }
            body += labels
            body.append("<text x=\"\(SVG.n(x + 6))\" y=\"\(SVG.n(mid))\">\(Escape.xml(bar.totalLabel))</text></g>")
        }
        return SVG.document(
            id: id, canvas: canvas, height: top + Double(bars.count) * rowHeight + 4, title: title, desc: desc,
            defs: SVG.patternDefs(prefix: prefix), body: body)
    }
}
