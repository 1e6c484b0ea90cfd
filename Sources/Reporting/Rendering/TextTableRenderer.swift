/// Plain text for a terminal: a header with title and source, then parameters, key figures, each table
/// with its totals, each chart as a table, and the notes. Columns are padded to line up; numbers are
/// right-aligned so their decimal commas line up too.
public struct TextTableRenderer: Sendable {
    var style: NumberStyle
    var language: ReportLanguage = .default

    private var formatter: ValueFormatter { ValueFormatter(style: style, language: language) }
    private var texts: ReportTexts { ReportTexts(language) }

    func render(_ document: ReportDocument) -> String {
        var out: [String] = []
        out.append(document.title)
        out.append(String(repeating: "=", count: max(document.title.count, 3)))
        if let subtitle = document.subtitle { out.append(subtitle) }
        out.append(texts(.source, document.source.summaryLine(texts)))
        out.append(texts(.report) + ": " + document.reportID)
        if !document.parameters.isEmpty {
            out.append("")
            out.append(texts(.parameters))
            out += aligned(document.parameters.map { [PluginTexts.parameterLabel($0.name, in: language), $0.value] }, rightAligned: [false, false], indent: "  ")
        }
        if !document.keyFigures.isEmpty {
            out.append("")
            out.append(texts(.keyFigures))
            out += aligned(document.keyFigures.map { [$0.label, formatter.human($0.value)] }, rightAligned: [false, true], indent: "  ")
        }
        for table in document.tables + ChartTables.tables(for: document.charts, texts) {
            out.append("")
            out += render(table)
        }
        if !document.notes.isEmpty {
            out.append("")
            out.append(texts(.notes))
            out += document.notes.map { "  - " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One table: title, header, a rule, the rows, and the totals under a second rule.
    func render(_ table: ReportTable) -> [String] {
        let rows = table.rectangularRows
        let totals = table.rectangularTotals
        // A column is right-aligned when its values are numbers (the header follows its column).
        let right = table.columns.indices.map { column in
            let values = rows.map { $0[column] } + (totals.map { [$0[column]] } ?? [])
            let filled = values.filter { $0 != .empty }
            return !filled.isEmpty && filled.allSatisfy(ValueFormatter.isNumeric)
        }
        let header = table.columns.map(\.title)
        let body = rows.map { $0.map(formatter.human) }
        let totalsText = totals.map { $0.map(formatter.human) }
        let widths = table.columns.indices.map { column in
            ([header[column]] + body.map { $0[column] } + (totalsText.map { [$0[column]] } ?? [])).map(\.count).max() ?? 0
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [table.title, line(header, widths: widths, right: right), rule]
        out += body.map { line($0, widths: widths, right: right) }
        if let totalsText {
            out.append(rule)
            out.append(line(totalsText, widths: widths, right: right))
        }
        return out
    }

    /// A plain table for a terminal (`fundledger funds`, `initiatives`): a header row and rows, columns two
    /// spaces apart, padded to their widest cell, those in `rightAligned` to the right.
    public static func lines(header: [String], rows: [[String]], rightAligned: Set<Int>) -> [String] {
        TextTableRenderer(style: .swedish).aligned([header] + rows, rightAligned: header.indices.map(rightAligned.contains), indent: "")
    }

    private func aligned(_ rows: [[String]], rightAligned: [Bool], indent: String) -> [String] {
        let widths = rightAligned.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { indent + line($0, widths: widths, right: rightAligned) }
    }

    private func line(_ cells: [String], widths: [Int], right: [Bool]) -> String {
        let padded = cells.indices.map { index in
            let padding = String(repeating: " ", count: max(0, widths[index] - cells[index].count))
            return right[index] ? padding + cells[index] : cells[index] + padding
        }
        // Trailing spaces of a left-aligned last column are noise in a terminal and in diffs.
        var text = padded.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        return text
    }
}
