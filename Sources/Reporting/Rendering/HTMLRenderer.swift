/// One self-contained HTML file: inline CSS, inline SVG charts, no scripts and no network references (the
/// only URL in it is the SVG namespace name, which browsers never fetch). It can be mailed, archived or
/// opened offline years later and look the same. Every piece of text from the document is escaped.
struct HTMLRenderer: Sendable {
    var style: NumberStyle

    private var formatter: ValueFormatter { ValueFormatter(style: style) }

    /// Print-friendly and readable on screen; numbers in tabular figures so columns line up.
    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:2rem auto;max-width:64rem;padding:0 1rem;line-height:1.4}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
        .subtitle{color:#555;margin-top:0}.source{font-size:.85rem;color:#555}
        dl.parameters{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;font-size:.9rem}dl.parameters dt{font-weight:600}dl.parameters dd{margin:0}
        .key-figures{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}.figure{border:1px solid #ccd;border-radius:6px;padding:.6rem 1rem;min-width:10rem}
        .figure .label{font-size:.85rem;color:#555}.figure .value{font-size:1.3rem;font-weight:600;font-variant-numeric:tabular-nums}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #e3e3e3;text-align:left}
        th{background:#f3f5f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.when{white-space:nowrap}tfoot td{font-weight:700;border-top:2px solid #999}
        svg.chart{max-width:100%;height:auto;font-size:12px}svg .grid{stroke:#e3e3e3}svg .axis,svg .tick-mark{stroke:#555}svg .tick{fill:#444}
        .notes li{margin:.2rem 0}
        """

    func render(_ document: ReportDocument) -> String {
        var html = [
            "<!DOCTYPE html>",
            "<html lang=\"sv\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(e(document.title))</title>",
            "<style>\n\(Self.css)\n</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(e(document.title))</h1>",
        ]
        if let subtitle = document.subtitle { html.append("<p class=\"subtitle\">\(e(subtitle))</p>") }
        html.append("<p class=\"source\">Source: \(e(document.source.summaryLine)). Report <code>\(e(document.reportID))</code>; "
            + "full head hash <code>\(e(document.source.hash))</code>.</p>")
        html.append("</header>")
        if !document.parameters.isEmpty {
            html.append("<section><h2>Parameters</h2><dl class=\"parameters\">")
            html += document.parameters.map { "<dt>\(e($0.name))</dt><dd>\(e($0.value))</dd>" }
            html.append("</dl></section>")
        }
        if !document.keyFigures.isEmpty {
            html.append("<section class=\"key-figures\">")
            html += document.keyFigures.map { figure in
                "<div class=\"figure\"><div class=\"label\">\(e(figure.label))</div><div class=\"value\">\(e(formatter.human(figure.value)))</div></div>"
            }
            html.append("</section>")
        }
        for table in document.tables { html += render(table) }
        for chart in document.charts {
            switch chart {
            case .line(let line):
                html.append("<section class=\"chart\"><h2>\(e(line.title))</h2>")
                html.append(SVGLineChart(chart: line, formatter: formatter).render())
                html.append("</section>")
            case .heatmap(let map):
                html.append("<section class=\"chart\"><h2>\(e(map.title))</h2>")
                html.append(SVGHeatmap(map: map, formatter: formatter).render())
                html.append("</section>")
            }
        }
        if !document.notes.isEmpty {
            html.append("<section class=\"notes\"><h2>Notes</h2><ul>")
            html += document.notes.map { "<li>\(e($0))</li>" }
            html.append("</ul></section>")
        }
        html += ["</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }

    private func render(_ table: ReportTable) -> [String] {
        let rows = table.rectangularRows
        let totals = table.rectangularTotals
        let numeric = table.columns.indices.map { column in
            let filled = (rows.map { $0[column] } + (totals.map { [$0[column]] } ?? [])).filter { $0 != .empty }
            return !filled.isEmpty && filled.allSatisfy(ValueFormatter.isNumeric)
        }
        // Dates and times are not broken at their hyphens: "2026-12-02 11:40:26" stays on one line.
        let when = table.columns.indices.map { column in
            rows.contains { row in
                switch row[column] { case .date, .timestamp: true; default: false }
            }
        }
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            if numeric[column] { return "<\(tag) class=\"num\">\(e(text))</\(tag)>" }
            if tag == "td" && when[column] { return "<td class=\"when\">\(e(text))</td>" }
            return "<\(tag)>\(e(text))</\(tag)>"
        }
        var html = ["<section class=\"table\" id=\"table-\(e(table.id))\"><h2>\(e(table.title))</h2>", "<table>"]
        html.append("<thead><tr>" + table.columns.indices.map { cell("th", table.columns[$0].title, $0) }.joined() + "</tr></thead>")
        html.append("<tbody>")
        html += rows.map { row in "<tr>" + row.indices.map { cell("td", formatter.human(row[$0]), $0) }.joined() + "</tr>" }
        html.append("</tbody>")
        if let totals {
            html.append("<tfoot><tr>" + totals.indices.map { cell("td", formatter.human(totals[$0]), $0) }.joined() + "</tr></tfoot>")
        }
        html += ["</table>", "</section>"]
        return html
    }

    private func e(_ text: String) -> String { HTMLEscaping.escape(text) }
}
