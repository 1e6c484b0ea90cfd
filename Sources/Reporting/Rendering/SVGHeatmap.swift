import Foundation

/// A heat map as inline SVG: one rectangle per cell, coloured on a sequential scale from the smallest to
/// the largest value (light to dark blue), the amount printed in the cell, labels on both axes. The scale's
/// swatches are paths, not rectangles, so every `<rect>` in the drawing is a cell.
struct SVGHeatmap: Sendable {
    var map: Heatmap
    var formatter: ValueFormatter
    var texts: ReportTexts

    static let cellWidth = 120.0, cellHeight = 36.0
    static let labelWidth = 180.0, headerHeight = 56.0
    /// The sequential scale's ends (ColorBrewer "Blues").
    static let lightRGB = (247.0, 251.0, 255.0), darkRGB = (8.0, 48.0, 107.0)

    func render() -> String {
        let values = map.rowLabels.indices.flatMap { row in map.columnLabels.indices.compactMap { map.cell(row, $0) } }
        let low = values.min() ?? 0, high = values.max() ?? 0
        let width = Self.labelWidth + Self.cellWidth * Double(map.columnLabels.count) + 10
        let legendTop = Self.headerHeight + Self.cellHeight * Double(map.rowLabels.count) + 16
        let height = legendTop + 40
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" width=\"\(SVGNumber.text(width))\" "
                + "height=\"\(SVGNumber.text(height))\" viewBox=\"0 0 \(SVGNumber.text(width)) \(SVGNumber.text(height))\" "
                + "role=\"img\" aria-label=\"\(HTMLEscaping.escape(map.title))\">",
            "<title>\(HTMLEscaping.escape(map.title))</title>",
            "<text class=\"axis-title\" x=\"4\" y=\"16\">\(HTMLEscaping.escape(map.rowTitle + " \\ " + map.columnTitle))</text>",
        ]
        for (column, label) in map.columnLabels.enumerated() {
            let cx = Self.labelWidth + Self.cellWidth * (Double(column) + 0.5)
            svg.append("<text class=\"column-label\" x=\"\(SVGNumber.text(cx))\" y=\"\(SVGNumber.text(Self.headerHeight - 8))\" "
                + "text-anchor=\"middle\">\(HTMLEscaping.escape(label))</text>")
        }
        for (row, label) in map.rowLabels.enumerated() {
            let top = Self.headerHeight + Self.cellHeight * Double(row)
            svg.append("<text class=\"row-label\" x=\"\(SVGNumber.text(Self.labelWidth - 8))\" y=\"\(SVGNumber.text(top + Self.cellHeight / 2))\" "
                + "text-anchor=\"end\" dominant-baseline=\"middle\">\(HTMLEscaping.escape(label))</text>")
            for column in map.columnLabels.indices {
                let left = Self.labelWidth + Self.cellWidth * Double(column)
                let value = map.cell(row, column)
                let share = value.map { Self.share($0, low: low, high: high) } ?? 0
                let tooltip = "\(label) → \(map.columnLabels[column]): " + (value.map { formatter.money($0, currency: map.currency) } ?? texts(.noValue))
                svg.append("<rect class=\"cell\" x=\"\(SVGNumber.text(left))\" y=\"\(SVGNumber.text(top))\" width=\"\(SVGNumber.text(Self.cellWidth))\" "
                    + "height=\"\(SVGNumber.text(Self.cellHeight))\" fill=\"\(value == nil ? "#ffffff" : Self.colour(share))\">"
                    + "<title>\(HTMLEscaping.escape(tooltip))</title></rect>")
                if let value {
                    svg.append("<text class=\"cell-value\" x=\"\(SVGNumber.text(left + Self.cellWidth / 2))\" y=\"\(SVGNumber.text(top + Self.cellHeight / 2))\" "
                        + "text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"\(Self.textColour(on: share))\">"
                        + "\(HTMLEscaping.escape(formatter.wholeUnits(value)))</text>")
                }
            }
        }
        // The scale: five swatches from the smallest to the largest value, with both ends labelled.
        for step in 0..<5 {
            let left = Self.labelWidth + 24 * Double(step)
            svg.append("<path class=\"scale\" d=\"M\(SVGNumber.text(left)) \(SVGNumber.text(legendTop))h24v14h-24z\" fill=\"\(Self.colour(Double(step) / 4))\"/>")
        }
        let unit = formatter.unit(map.currency)
        svg.append("<text class=\"scale-label\" x=\"\(SVGNumber.text(Self.labelWidth - 8))\" y=\"\(SVGNumber.text(legendTop + 7))\" text-anchor=\"end\" "
            + "dominant-baseline=\"middle\">\(HTMLEscaping.escape(formatter.wholeUnits(low) + " " + unit))</text>")
        svg.append("<text class=\"scale-label\" x=\"\(SVGNumber.text(Self.labelWidth + 128))\" y=\"\(SVGNumber.text(legendTop + 7))\" "
            + "dominant-baseline=\"middle\">\(HTMLEscaping.escape(formatter.wholeUnits(high) + " " + unit))</text>")
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Where `value` lies between `low` (0) and `high` (1).
    static func share(_ value: Int64, low: Int64, high: Int64) -> Double {
        high == low ? 1 : (Double(value) - Double(low)) / (Double(high) - Double(low))
    }

    /// The scale's colour at `share` (0…1) as `#rrggbb`, interpolated linearly in RGB.
    static func colour(_ share: Double) -> String {
        let rgb = channels(share)
        func hex(_ value: Int) -> String {
            let hex = String(value, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + hex(rgb.0) + hex(rgb.1) + hex(rgb.2)
    }

    /// The scale's colour at `share` as 0…255 channels.
    static func channels(_ share: Double) -> (Int, Int, Int) {
        let t = Swift.min(1, Swift.max(0, share))
        func channel(_ light: Double, _ dark: Double) -> Int { Int((light + (dark - light) * t).rounded()) }
        return (channel(lightRGB.0, darkRGB.0), channel(lightRGB.1, darkRGB.1), channel(lightRGB.2, darkRGB.2))
    }

    /// White or near-black, whichever contrasts more with the cell's colour (WCAG relative luminance): at
    /// least 4.5:1 anywhere on the scale.
    static func textColour(on share: Double) -> String {
        let rgb = channels(share)
        func linear(_ value: Int) -> Double {
            let c = Double(value) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(rgb.0) + 0.7152 * linear(rgb.1) + 0.0722 * linear(rgb.2)
        let dark = 0.2126 * linear(0x1a) + 0.7152 * linear(0x1a) + 0.0722 * linear(0x1a)
        let againstWhite = 1.05 / (luminance + 0.05), againstDark = (luminance + 0.05) / (dark + 0.05)
        return againstWhite > againstDark ? "#ffffff" : "#1a1a1a"
    }
}
