import Content
import Support

/// A horizontal bar chart: long Chinese category labels get a line each, left of their bar.
struct BarChart {
    struct Bar {
        var label: String
        /// Integers only (counts, or fen for money): the chart never adds money in floating point.
        var value: Int64
        var valueLabel: String
    }

    var id: String
    var title: String
    var desc: String
    var bars: [Bar]

    /// Nil when there is nothing to draw; the page then says so in words.
    var svg: ChartSVG? { ChartSVG(draw) }

    /// Wide: labels right-aligned left of their bars. Narrow: each label on a line of its own
    /// above its bar, so a long Chinese name keeps the whole width instead of squeezing the bars.
    func draw(_ canvas: Canvas) -> String? {
        guard !bars.isEmpty else { return nil }
        let barHeight = canvas.narrow ? 16.0 : 18.0, top = 8.0
        let labelLine = canvas.narrow ? SVG.fontSize + 6 : 0
        let rowHeight = canvas.narrow ? labelLine + barHeight + 12 : 28.0
        let labelWidth = canvas.narrow ? canvas.width - 16 : min(bars.map { SVG.textWidth($0.label) }.max() ?? 0, 240)
        let valueWidth = (bars.map { SVG.textWidth($0.valueLabel) }.max() ?? 0) + 8
        let barX = canvas.narrow ? 8 : 8 + labelWidth + 8
        let barMax = max(canvas.width - barX - valueWidth - 8, 40)
        let maxValue = max(bars.map(\.value).max() ?? 0, 1)
        var body: [String] = []
        for (i, bar) in bars.enumerated() {
            let rowTop = top + Double(i) * rowHeight
            let y = rowTop + labelLine
            let length = max(Double(max(bar.value, 0)) / Double(maxValue) * barMax, bar.value > 0 ? 1 : 0)
            let mid = y + barHeight / 2 + SVG.fontSize * 0.35
            let label = Escape.xml(SVG.fit(bar.label, maxWidth: labelWidth))
            body.append("<g><title>\(Escape.xml(bar.label))：\(Escape.xml(bar.valueLabel))</title>")
            if canvas.narrow {
                body.append("<text x=\"8\" y=\"\(SVG.n(rowTop + SVG.fontSize))\">\(label)</text>")
            } else {
                body.append("<text x=\"\(SVG.n(barX - 8))\" y=\"\(SVG.n(mid))\" text-anchor=\"end\">\(label)</text>")
            }
            body.append("<rect x=\"\(SVG.n(barX))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(length))\" height=\"\(SVG.n(barHeight))\" fill=\"#3d3d3d\"/>")
            body.append("<text x=\"\(SVG.n(barX + length + 6))\" y=\"\(SVG.n(mid))\">\(Escape.xml(bar.valueLabel))</text></g>")
        }
        let bottom = top + Double(bars.count) * rowHeight
        if !canvas.narrow {
            body.append("<line x1=\"\(SVG.n(barX))\" y1=\"\(SVG.n(top - 4))\" x2=\"\(SVG.n(barX))\" y2=\"\(SVG.n(bottom - 6))\" stroke=\"#000\"/>")
        }
        return SVG.document(id: id, canvas: canvas, height: bottom + 4, title: title, desc: desc, body: body)
    }
}
