import EventStore

/// A line chart as inline SVG: y axis with amount ticks, x axis with dates, one polyline per series, a
/// marker with a tooltip at every point and a legend. Scaled to fit; drawn with fixed colours so the same
/// data always gives the same bytes.
///
/// Drawn in two layouts, and the page shows the one that fits (`HTMLRenderer.css`): `wide` for a column of
/// 670 px and more, `narrow` for a phone. A chart is scaled to its column, so one drawing for every width
/// would shrink the 12 px labels of a 760-unit chart to 5 px on a 360 px phone; the narrow drawing is 360
/// units wide with 13 px labels and fewer dates, so its labels stay at 10 px or more wherever it is shown.
struct SVGLineChart: Sendable {
    var chart: LineChart
    var formatter: ValueFormatter

    /// The geometry of one drawing, in the SVG's units.
    struct Layout: Sendable {
        /// `wide` or `narrow`: the class the style sheet picks the drawing by.
        var name: String
        var width: Double, height: Double
        /// Room for the y tick labels on the left and the dates below.
        var plotLeft: Double, plotRight: Double, plotTop: Double, plotBottom: Double
        /// A date label's width (10 digits and hyphens at the layout's font size) and the least gap between two
        /// labels: ticks closer than that are dropped (`dateTicks`).
        var dateLabelWidth: Double, dateLabelGap: Double
        /// Whether each amount on the y axis carries its unit (`1 000 000 kr`); else the unit stands once,
        /// above the axis, and the labels take less room.
        var unitInTicks: Bool

        /// For a column of 670 px and more: 12 px labels (the style sheet's `svg.chart` size) at 10.5 px or more.
        static let wide = Layout(
            name: "wide", width: 760, height: 340, plotLeft: 110, plotRight: 715, plotTop: 20, plotBottom: 270,
            dateLabelWidth: 66, dateLabelGap: 10, unitInTicks: true)
        /// For a phone: 13 px labels (`svg.line-chart.narrow`), at 10 px or more from a 320 px screen up; amounts
        /// up to `100 000 000` left of the axis with the unit above it, and the last date's label (centred on the
        /// plot's right edge) still inside the drawing.
        static let narrow = Layout(
            name: "narrow", width: 360, height: 300, plotLeft: 96, plotRight: 318, plotTop: 28, plotBottom: 236,
            dateLabelWidth: 76, dateLabelGap: 10, unitInTicks: false)
    }

    /// Colour-blind-safe palette (Okabe–Ito), cycled when there are more series.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// Both drawings, wide first; the style sheet shows one of them.
    func render() -> String {
        render(.wide) + "\n" + render(.narrow)
    }

    func render(_ layout: Layout) -> String {
        let points = chart.series.flatMap(\.points)
        let days = points.compactMap { Self.day($0.date) }
        let dayMin = days.min() ?? 0, dayMax = days.max() ?? 0
        let oreValues = points.map(\.ore)
        let (yMin, yMax, step) = Self.niceRange(min: min(0, oreValues.min() ?? 0), max: max(0, oreValues.max() ?? 0))
        func x(_ day: Int) -> Double {
            dayMax == dayMin ? (layout.plotLeft + layout.plotRight) / 2
                : layout.plotLeft + Double(day - dayMin) / Double(dayMax - dayMin) * (layout.plotRight - layout.plotLeft)
        }
        func y(_ ore: Int64) -> Double {
            layout.plotBottom - (Double(ore) - Double(yMin)) / Double(yMax - yMin) * (layout.plotBottom - layout.plotTop)
        }
        let legendHeight = 18.0 * Double(chart.series.count)
        let height = layout.height + legendHeight
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line-chart \(layout.name)\" width=\"\(SVGNumber.text(layout.width))\" "
                + "height=\"\(SVGNumber.text(height))\" viewBox=\"0 0 \(SVGNumber.text(layout.width)) \(SVGNumber.text(height))\" "
                + "role=\"img\" aria-label=\"\(HTMLEscaping.escape(chart.title))\">",
            "<title>\(HTMLEscaping.escape(chart.title))</title>",
        ]
        // Horizontal grid lines with their amounts (whole units: öre would crowd the axis).
        var tick = yMin
        while tick <= yMax {
            let ty = SVGNumber.text(y(tick))
            svg.append("<line class=\"grid\" x1=\"\(SVGNumber.text(layout.plotLeft))\" y1=\"\(ty)\" x2=\"\(SVGNumber.text(layout.plotRight))\" y2=\"\(ty)\"/>")
            let label = formatter.wholeUnits(tick) + (layout.unitInTicks ? " " + formatter.unit(chart.currency) : "")
            svg.append("<text class=\"tick y-tick\" x=\"\(SVGNumber.text(layout.plotLeft - 8))\" y=\"\(ty)\" text-anchor=\"end\" "
                + "dominant-baseline=\"middle\">\(HTMLEscaping.escape(label))</text>")
            tick += step
        }
        if !layout.unitInTicks {
            svg.append("<text class=\"tick y-unit\" x=\"\(SVGNumber.text(layout.plotLeft - 8))\" y=\"\(SVGNumber.text(layout.plotTop - 16))\" "
                + "text-anchor=\"end\" dominant-baseline=\"middle\">\(HTMLEscaping.escape(formatter.unit(chart.currency)))</text>")
        }
        svg.append("<line class=\"axis\" x1=\"\(SVGNumber.text(layout.plotLeft))\" y1=\"\(SVGNumber.text(layout.plotTop))\" "
            + "x2=\"\(SVGNumber.text(layout.plotLeft))\" y2=\"\(SVGNumber.text(layout.plotBottom))\"/>")
        svg.append("<line class=\"axis\" x1=\"\(SVGNumber.text(layout.plotLeft))\" y1=\"\(SVGNumber.text(y(0)))\" "
            + "x2=\"\(SVGNumber.text(layout.plotRight))\" y2=\"\(SVGNumber.text(y(0)))\"/>")
        let dated = Set(points.map(\.date)).sorted().compactMap { date in Self.day(date).map { (date, x($0)) } }
        for (date, _) in Self.dateTicks(dated, spacing: layout.dateLabelWidth + layout.dateLabelGap) {
            guard let day = Self.day(date) else { continue }
            let tx = SVGNumber.text(x(day))
            svg.append("<line class=\"tick-mark\" x1=\"\(tx)\" y1=\"\(SVGNumber.text(layout.plotBottom))\" x2=\"\(tx)\" y2=\"\(SVGNumber.text(layout.plotBottom + 5))\"/>")
            svg.append("<text class=\"tick x-tick\" x=\"\(tx)\" y=\"\(SVGNumber.text(layout.plotBottom + 20))\" text-anchor=\"middle\">\(HTMLEscaping.escape(date))</text>")
        }
        for (index, series) in chart.series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            let located = series.points.compactMap { point in Self.day(point.date).map { (point, x($0), y(point.ore)) } }
            let coordinates = located.map { "\(SVGNumber.text($0.1)),\(SVGNumber.text($0.2))" }.joined(separator: " ")
            svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(coordinates)\">"
                + "<title>\(HTMLEscaping.escape(series.name))</title></polyline>")
            for (point, px, py) in located {
                svg.append("<circle cx=\"\(SVGNumber.text(px))\" cy=\"\(SVGNumber.text(py))\" r=\"3\" fill=\"\(colour)\"><title>"
                    + HTMLEscaping.escape("\(series.name), \(point.date): \(formatter.money(point.ore, currency: chart.currency))")
                    + "</title></circle>")
            }
            // Legend: a short thick stroke in the series colour, then its name.
            let ly = layout.height - 20 + 18.0 * Double(index)
            svg.append("<line class=\"legend\" x1=\"\(SVGNumber.text(layout.plotLeft))\" y1=\"\(SVGNumber.text(ly))\" "
                + "x2=\"\(SVGNumber.text(layout.plotLeft + 24))\" y2=\"\(SVGNumber.text(ly))\" stroke=\"\(colour)\" stroke-width=\"4\"/>")
            svg.append("<text class=\"legend\" x=\"\(SVGNumber.text(layout.plotLeft + 32))\" y=\"\(SVGNumber.text(ly))\" "
                + "dominant-baseline=\"middle\">\(HTMLEscaping.escape(series.name))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private static func day(_ date: String) -> Int? { CivilDate(date)?.daysSinceEpoch }

    /// The dates to label on the x axis, from (date, x) in date order: the first and the last, and between
    /// them each date whose label keeps `spacing` (a full label width plus a gap) from the previous label and
    /// from the last one. Dates are placed by time, so picking by count would let close dates (2024-02-01 and
    /// 2024-03-01) collide; picking by position never does.
    static func dateTicks(_ dates: [(date: String, x: Double)], spacing: Double) -> [(date: String, x: Double)] {
        guard let first = dates.first, let last = dates.last, dates.count > 1 else { return dates }
        var ticks = [first]
        for candidate in dates.dropFirst().dropLast() where candidate.x - ticks.last!.x >= spacing && last.x - candidate.x >= spacing {
            ticks.append(candidate)
        }
        // The last date is always labelled: when it is too close to the label before it, that one gives way.
        if last.x - ticks.last!.x < spacing && ticks.count > 1 { ticks.removeLast() }
        if last.x - ticks.last!.x >= spacing { ticks.append(last) }
        return ticks
    }

    /// A y range that starts and ends on a round step (1, 2 or 5 × a power of ten, in whole units), with
    /// four to ten steps: ticks people read at a glance.
    static func niceRange(min low: Int64, max high: Int64) -> (min: Int64, max: Int64, step: Int64) {
        let span = Swift.max(high - low, 100)
        let rough = Double(span) / 5
        var magnitude: Int64 = 100
        while Double(magnitude) * 10 <= rough && magnitude < Int64.max / 100 { magnitude *= 10 }
        let step = [1, 2, 5, 10].map { magnitude * $0 }.first { Double($0) >= rough } ?? magnitude * 10
        let bottom = low >= 0 ? 0 : -((-low + step - 1) / step) * step
        let top = high <= 0 ? 0 : ((high + step - 1) / step) * step
        return (bottom, top == bottom ? bottom + step : top, step)
    }
}
