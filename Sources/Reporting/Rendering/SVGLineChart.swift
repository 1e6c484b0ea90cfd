import EventStore

/// A line chart as inline SVG: y axis with amount ticks, x axis with dates, one polyline per series, a
/// marker with a tooltip at every point and a legend. Scaled to fit; drawn with fixed colours so the same
/// data always gives the same bytes.
struct SVGLineChart: Sendable {
    var chart: LineChart
    var formatter: ValueFormatter

    static let width = 760.0
    static let height = 340.0
    /// Room for the y tick labels on the left and the dates below.
    static let plotLeft = 110.0, plotRight = 715.0, plotTop = 20.0, plotBottom = 270.0
    /// Colour-blind-safe palette (Okabe–Ito), cycled when there are more series.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    /// A date label's width in the chart's units (10 digits and hyphens at 12 px), and the least gap between
    /// two labels: ticks closer than that are dropped (`dateTicks`).
    static let dateLabelWidth = 66.0, dateLabelGap = 10.0

    func render() -> String {
        let points = chart.series.flatMap(\.points)
        let days = points.compactMap { Self.day($0.date) }
        let dayMin = days.min() ?? 0, dayMax = days.max() ?? 0
        let oreValues = points.map(\.ore)
        let (yMin, yMax, step) = Self.niceRange(min: min(0, oreValues.min() ?? 0), max: max(0, oreValues.max() ?? 0))
        func x(_ day: Int) -> Double {
            dayMax == dayMin ? (Self.plotLeft + Self.plotRight) / 2
                : Self.plotLeft + Double(day - dayMin) / Double(dayMax - dayMin) * (Self.plotRight - Self.plotLeft)
        }
        func y(_ ore: Int64) -> Double {
            Self.plotBottom - (Double(ore) - Double(yMin)) / Double(yMax - yMin) * (Self.plotBottom - Self.plotTop)
        }
        let legendHeight = 18.0 * Double(chart.series.count)
        let height = Self.height + legendHeight
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line-chart\" width=\"\(SVGNumber.text(Self.width))\" "
                + "height=\"\(SVGNumber.text(height))\" viewBox=\"0 0 \(SVGNumber.text(Self.width)) \(SVGNumber.text(height))\" "
                + "role=\"img\" aria-label=\"\(HTMLEscaping.escape(chart.title))\">",
            "<title>\(HTMLEscaping.escape(chart.title))</title>",
        ]
        // Horizontal grid lines with their amounts (whole units: öre would crowd the axis).
        var tick = yMin
        while tick <= yMax {
            let ty = SVGNumber.text(y(tick))
            svg.append("<line class=\"grid\" x1=\"\(SVGNumber.text(Self.plotLeft))\" y1=\"\(ty)\" x2=\"\(SVGNumber.text(Self.plotRight))\" y2=\"\(ty)\"/>")
            svg.append("<text class=\"tick y-tick\" x=\"\(SVGNumber.text(Self.plotLeft - 8))\" y=\"\(ty)\" text-anchor=\"end\" "
                + "dominant-baseline=\"middle\">\(HTMLEscaping.escape(formatter.wholeUnits(tick) + " " + formatter.unit(chart.currency)))</text>")
            tick += step
        }
        svg.append("<line class=\"axis\" x1=\"\(SVGNumber.text(Self.plotLeft))\" y1=\"\(SVGNumber.text(Self.plotTop))\" "
            + "x2=\"\(SVGNumber.text(Self.plotLeft))\" y2=\"\(SVGNumber.text(Self.plotBottom))\"/>")
        svg.append("<line class=\"axis\" x1=\"\(SVGNumber.text(Self.plotLeft))\" y1=\"\(SVGNumber.text(y(0)))\" "
            + "x2=\"\(SVGNumber.text(Self.plotRight))\" y2=\"\(SVGNumber.text(y(0)))\"/>")
        let dated = Set(points.map(\.date)).sorted().compactMap { date in Self.day(date).map { (date, x($0)) } }
        for (date, _) in Self.dateTicks(dated) {
            guard let day = Self.day(date) else { continue }
            let tx = SVGNumber.text(x(day))
            svg.append("<line class=\"tick-mark\" x1=\"\(tx)\" y1=\"\(SVGNumber.text(Self.plotBottom))\" x2=\"\(tx)\" y2=\"\(SVGNumber.text(Self.plotBottom + 5))\"/>")
            svg.append("<text class=\"tick x-tick\" x=\"\(tx)\" y=\"\(SVGNumber.text(Self.plotBottom + 20))\" text-anchor=\"middle\">\(HTMLEscaping.escape(date))</text>")
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
            let ly = Self.height - 20 + 18.0 * Double(index)
            svg.append("<line class=\"legend\" x1=\"\(SVGNumber.text(Self.plotLeft))\" y1=\"\(SVGNumber.text(ly))\" "
                + "x2=\"\(SVGNumber.text(Self.plotLeft + 24))\" y2=\"\(SVGNumber.text(ly))\" stroke=\"\(colour)\" stroke-width=\"4\"/>")
            svg.append("<text class=\"legend\" x=\"\(SVGNumber.text(Self.plotLeft + 32))\" y=\"\(SVGNumber.text(ly))\" "
                + "dominant-baseline=\"middle\">\(HTMLEscaping.escape(series.name))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private static func day(_ date: String) -> Int? { CivilDate(date)?.daysSinceEpoch }

    /// The dates to label on the x axis, from (date, x) in date order: the first and the last, and between
    /// them each date whose label keeps a full label width plus a gap from the previous label and from the
    /// last one. Dates are placed by time, so picking by count would let close dates (2024-02-01 and
    /// 2024-03-01) collide; picking by position never does.
    static func dateTicks(_ dates: [(date: String, x: Double)]) -> [(date: String, x: Double)] {
        guard let first = dates.first, let last = dates.last, dates.count > 1 else { return dates }
        let spacing = dateLabelWidth + dateLabelGap
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
