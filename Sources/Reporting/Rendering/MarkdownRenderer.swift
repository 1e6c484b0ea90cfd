/// GitHub-flavoured Markdown: the same content as the text format, with pipe tables (numbers
/// right-aligned) that render on GitHub, GitLab and in most editors.
struct MarkdownRenderer: Sendable {
    var style: NumberStyle
    var language: ReportLanguage = .default

    private var formatter: ValueFormatter { ValueFormatter(style: style, language: language) }
    private var texts: ReportTexts { ReportTexts(language) }

    func render(_ document: ReportDocument) -> String {
        var out: [String] = ["# " + Self.inline(document.title), ""]
        if let subtitle = document.subtitle { out += [Self.inline(subtitle), ""] }
        out += [texts(.source, Self.inline(document.source.summaryLine(texts))) + " (\(texts(.report).lowercased()) `\(document.reportID)`)", ""]
        if !document.parameters.isEmpty {
            out += ["## " + texts(.parameters), ""]
            out += table(header: [texts(.parameter), texts(.value)], rows: document.parameters.map { [PluginTexts.parameterLabel($0.name, in: language), $0.value] }, right: [false, false])
            out.append("")
        }
        if !document.keyFigures.isEmpty {
            out += ["## " + texts(.keyFigures), ""]
            out += table(header: [texts(.keyFigure), texts(.value)], rows: document.keyFigures.map { [$0.label, formatter.human($0.value)] },
                         right: [false, true])
            out.append("")
        }
        for reportTable in document.tables + ChartTables.tables(for: document.charts, texts) {
            out += ["## " + Self.inline(reportTable.title), ""]
            let rows = reportTable.rectangularRows
            let totals = reportTable.rectangularTotals
            let right = reportTable.columns.indices.map { column in
                let filled = (rows.map { $0[column] } + (totals.map { [$0[column]] } ?? [])).filter { $0 != .empty }
                return !filled.isEmpty && filled.allSatisfy(ValueFormatter.isNumeric)
            }
            // Markdown has no table footer: the totals are the last row, in bold.
            out += table(header: reportTable.columns.map(\.title), rows: rows.map { $0.map(formatter.human) }, right: right,
                         boldRow: totals.map { $0.map(formatter.human) })
            out.append("")
        }
        if !document.notes.isEmpty {
            out += ["## " + texts(.notes), ""]
            out += document.notes.map { "- " + Self.inline($0) }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// A pipe table of unescaped text; `boldRow` (the totals) comes last, each non-empty cell in bold.
    private func table(header: [String], rows: [[String]], right: [Bool], boldRow: [String]? = nil) -> [String] {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var out = [row(header.map(Self.cell)), "|" + right.map { $0 ? " ---: |" : " --- |" }.joined()]
        out += rows.map { row($0.map(Self.cell)) }
        if let boldRow { out.append(row(boldRow.map { $0.isEmpty ? "" : "**" + Self.cell($0) + "**" })) }
        return out
    }

    /// A table cell: `|` would end the cell and a newline the row, so both are escaped.
    static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "|", with: "\\|")
    }

    /// Running text: backslashes and the characters Markdown or HTML would act on are escaped, and line
    /// breaks become spaces so a value never breaks the structure around it.
    static func inline(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "#": out += "\\" + String(character)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
