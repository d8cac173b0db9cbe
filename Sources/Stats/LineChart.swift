import Content
import Support

/// A line for cumulative growth over the years, each point marked and labelled.
struct LineChart {
    struct Point {
        var label: String
        var value: Int
    }

    var id: String
    var title: String
    var desc: String
    var points: [Point]

    var svg: ChartSVG? { ChartSVG(draw) }

    /// The narrow variant is lower and skips more year labels (see below).
    func draw(_ canvas: Canvas) -> String? {
        guard !points.isEmpty else { return nil }
        let height = canvas.narrow ? 220.0 : 260.0, top = 24.0, bottom = 32.0
        let maxValue = SVG.niceCeiling(Double(points.map(\.value).max() ?? 0))
        let ticks = 5
        let tickLabels = (0...ticks).map { NumberText.grouped(Int((maxValue * Double($0) / Double(ticks)).rounded())) }
        let left = 8 + (tickLabels.map { SVG.textWidth($0) }.max() ?? 0) + 8
        let right = 24.0
        let plotWidth = canvas.width - left - right, plotHeight = height - top - bottom
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { points.count > 1 ? left + Double(i) * step : left + plotWidth / 2 }
        func y(_ v: Int) -> Double { top + plotHeight - Double(v) / maxValue * plotHeight }

        var body: [String] = []
        for t in 0...ticks {
            let ty = top + plotHeight - Double(t) / Double(ticks) * plotHeight
            body.append(
                "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(ty))\" x2=\"\(SVG.n(left + plotWidth))\" y2=\"\(SVG.n(ty))\" stroke=\"#ccc\" stroke-dasharray=\"3 3\"/>"
            )
            body.append("<text x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(ty + 4))\" text-anchor=\"end\" fill=\"#444\">\(Escape.xml(tickLabels[t]))</text>")
        }
        body.append(
            "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(top + plotHeight))\" x2=\"\(SVG.n(left + plotWidth))\" y2=\"\(SVG.n(top + plotHeight))\" stroke=\"#000\"/>"
        )
        // Skip x labels that would touch their neighbour on a long run of years.
        let widest = points.map { SVG.textWidth($0.label) }.max() ?? 0
        let every = step > 0 ? max(1, Int((widest + 8) / step) + 1) : 1
        for (i, p) in points.enumerated() where i % every == 0 || i == points.count - 1 {
            body.append("<text x=\"\(SVG.n(x(i)))\" y=\"\(SVG.n(top + plotHeight + 20))\" text-anchor=\"middle\">\(Escape.xml(p.label))</text>")
        }
        let path = points.enumerated().map { "\(SVG.n(x($0.offset))),\(SVG.n(y($0.element.value)))" }.joined(separator: " ")
        body.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\"/>")
        for (i, p) in points.enumerated() {
            body.append("<g><title>\(Escape.xml(p.label))：\(NumberText.grouped(p.value))</title>")
            body.append("<circle cx=\"\(SVG.n(x(i)))\" cy=\"\(SVG.n(y(p.value)))\" r=\"4.5\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"2\"/>")
            body.append(SVG.haloText(x: x(i), y: y(p.value) - 10, NumberText.grouped(p.value)))
            body.append("</g>")
        }
        return SVG.document(id: id, canvas: canvas, height: height, title: title, desc: desc, body: body)
    }
}
