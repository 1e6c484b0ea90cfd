/// One self-contained HTML file: inline CSS, inline SVG charts, no scripts and no network references (the
/// only URL in it is the SVG namespace name, which browsers never fetch). It can be mailed, archived or
/// opened offline years later and look the same. Every piece of text from the document is escaped.
struct HTMLRenderer: Sendable {
    var style: NumberStyle
    var language: ReportLanguage = .default

    /// Digits grouped by a no-break space (U+00A0) in Swedish, so an amount never breaks across lines.
    private var formatter: ValueFormatter { ValueFormatter(style: style, language: language, swedishGroupSeparator: "\u{00A0}") }
    private var texts: ReportTexts { ReportTexts(language) }

    /// Print-friendly and readable on screen from a 320 px phone up; numbers in tabular figures so columns
    /// line up. A line chart comes in two drawings (`SVGLineChart`): the wide one from a 701 px window up
    /// (a 669 px column, where its 12 px labels are 10.5 px or more), the narrow one below (and at most 480 px
    /// wide, so its labels never grow large); the other is `display:none`, out of the accessibility tree too.
    /// A table or heat map wider than the page scrolls sideways inside its own region, which a keyboard can
    /// focus (tabindex 0) and a screen reader names (aria-labelledby its heading); the page itself never does.
    /// Contrast of text is at least 4.5:1 (WCAG 2.1 AA); focus is always visible.
    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:1rem auto;max-width:80rem;padding:0 1rem;line-height:1.4}
        h1{font-size:1.6rem;margin-bottom:.2rem;overflow-wrap:anywhere}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
        .subtitle{color:#555;margin-top:0}.source{font-size:.85rem;color:#555;overflow-wrap:anywhere}
        dl.parameters{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;font-size:.9rem}dl.parameters dt{font-weight:600}dl.parameters dd{margin:0;overflow-wrap:anywhere}
        .key-figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,14rem),1fr));gap:.8rem;margin:1rem 0}.figure{border:1px solid #ccd;border-radius:6px;padding:.6rem 1rem}
        .figure .label{font-size:.85rem;color:#555}.figure .value{font-size:1.2rem;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:break-word}.figure .value.text{font-size:1rem}
        .scroll{overflow-x:auto;max-width:100%}.scroll:focus-visible,a:focus-visible,summary:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{padding:.25rem .5rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
        th{background:#f3f5f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}td.when,th.when{white-space:nowrap}tfoot td,tfoot th{font-weight:700;border-top:2px solid #999}
        caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        svg.chart{font-size:12px}svg.line-chart{width:100%;max-width:760px;height:auto}svg.line-chart.narrow{display:none;max-width:480px;font-size:13px}
        @media screen and (max-width:700px){svg.line-chart.wide{display:none}svg.line-chart.narrow{display:block}}svg .grid{stroke:#e3e3e3}svg .axis,svg .tick-mark{stroke:#555}svg .tick{fill:#444}
        details{margin:.5rem 0}summary{cursor:pointer;color:#1a5fb4}
        .notes li{margin:.2rem 0}
        @media print{.scroll{overflow:visible}details{display:block}}
        """

    func render(_ document: ReportDocument) -> String {
        var html = [
            "<!DOCTYPE html>",
            "<html lang=\"\(language.tag)\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(e(document.title))</title>",
            "<style>\n\(Self.css)\n</style>",
            "</head>",
            "<body>",
            "<header>",
        ]
        html += heading(document)
        html.append("</header>")
        html.append("<main>")
        html += sections(document)
        html += ["</main>", "</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }

    /// The report inside another page (the web view): its heading in a `<header>`, then its sections, for
    /// a page that has its own `<main>` and styles (`css`).
    func fragment(_ document: ReportDocument) -> String {
        (["<header class=\"report-header\">"] + heading(document) + ["</header>"] + sections(document)).joined(separator: "\n") + "\n"
    }

    /// Title, subtitle and the source line.
    private func heading(_ document: ReportDocument) -> [String] {
        var html = ["<h1>\(e(document.title))</h1>"]
        if let subtitle = document.subtitle { html.append("<p class=\"subtitle\">\(e(subtitle))</p>") }
        html.append("<p class=\"source\">" + texts(.sourceHTML, e(document.source.summaryLine(texts)), "<code>\(e(document.reportID))</code>",
                                                    "<code>\(e(document.source.hash))</code>") + "</p>")
        return html
    }

    /// Parameters, key figures, tables, charts (each with its table) and notes.
    private func sections(_ document: ReportDocument) -> [String] {
        var html: [String] = []
        if !document.parameters.isEmpty {
            html.append("<section><h2>\(e(texts(.parameters)))</h2><dl class=\"parameters\">")
            html += document.parameters.map { "<dt>\(e(PluginTexts.parameterLabel($0.name, in: language)))</dt><dd>\(e($0.value))</dd>" }
            html.append("</dl></section>")
        }
        if !document.keyFigures.isEmpty {
            html.append("<section aria-labelledby=\"key-figures\"><h2 id=\"key-figures\">\(e(texts(.keyFigures)))</h2><div class=\"key-figures\">")
            html += document.keyFigures.map { figure in
                // A figure is wide enough for an amount in the tens of millions; a text (a list of actors) is set smaller.
                "<div class=\"figure\"><div class=\"label\">\(e(figure.label))</div><div class=\"value\(ValueFormatter.isNumeric(figure.value) ? "" : " text")\">"
                    + "\(e(formatter.human(figure.value)))</div></div>"
            }
            html.append("</div></section>")
        }
        for table in document.tables { html += render(table, anchor: "table-" + table.id) }
        for chart in document.charts {
            // Every chart is followed by its numbers as a table (the text equivalent WCAG asks for), folded away.
            switch chart {
            case .line(let line):
                html.append("<section class=\"chart\" id=\"chart-\(e(line.id))\"><h2>\(e(line.title))</h2>")
                html.append(SVGLineChart(chart: line, formatter: formatter).render())
                html += details(ChartTables.table(for: line, texts), anchor: "chart-table-" + line.id)
                html.append("</section>")
            case .heatmap(let map):
                html.append("<section class=\"chart\" id=\"chart-\(e(map.id))\"><h2 id=\"heading-chart-\(e(map.id))\">\(e(map.title))</h2>")
                html.append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"heading-chart-\(e(map.id))\">")
                html.append(SVGHeatmap(map: map, formatter: formatter, texts: texts).render())
                html.append("</div>")
                html += details(ChartTables.table(for: map), anchor: "chart-table-" + map.id)
                html.append("</section>")
            }
        }
        if !document.notes.isEmpty {
            html.append("<section class=\"notes\"><h2>\(e(texts(.notes)))</h2><ul>")
            html += document.notes.map { "<li>\(e($0))</li>" }
            html.append("</ul></section>")
        }
        return html
    }

    /// A chart's numbers as a table inside a `<details>` that opens on demand.
    private func details(_ table: ReportTable, anchor: String) -> [String] {
        var html = ["<details><summary>\(e(texts(.chartAsTable, table.title)))</summary>"]
        html += render(table, anchor: anchor, heading: false)
        html.append("</details>")
        return html
    }

    /// A table with a heading (unless inside a chart's `<details>`), a caption, column headers with
    /// `scope="col"`, the first cell of each row as its row header (`scope="row"`), and totals in a `<tfoot>`;
    /// inside a focusable, labelled region that scrolls sideways when the table is wider than the page.
    private func render(_ table: ReportTable, anchor: String, heading: Bool = true) -> [String] {
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
        func cell(_ tag: String, _ text: String, _ column: Int, scope: String? = nil) -> String {
            var attributes = scope.map { " scope=\"\($0)\"" } ?? ""
            if numeric[column] { attributes += " class=\"num\"" } else if scope != "col" && when[column] { attributes += " class=\"when\"" }
            return "<\(tag)\(attributes)>\(e(text))</\(tag)>"
        }
        func row(_ values: [ReportValue]) -> String {
            "<tr>" + values.indices.map { column in
                column == 0 ? cell("th", formatter.human(values[0]), 0, scope: "row") : cell("td", formatter.human(values[column]), column)
            }.joined() + "</tr>"
        }
        let id = e(anchor)
        var html: [String] = []
        if heading { html.append("<section class=\"table\" id=\"\(id)\"><h2 id=\"heading-\(id)\">\(e(table.title))</h2>") }
        html.append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"caption-\(id)\">")
        html.append("<table><caption id=\"caption-\(id)\">\(e(table.title))</caption>")
        html.append("<thead><tr>" + table.columns.indices.map { cell("th", table.columns[$0].title, $0, scope: "col") }.joined() + "</tr></thead>")
        html.append("<tbody>")
        html += rows.map(row)
        html.append("</tbody>")
        if let totals { html.append("<tfoot>" + row(totals) + "</tfoot>") }
        html += ["</table>", "</div>"]
        if heading { html.append("</section>") }
        return html
    }

    private func e(_ text: String) -> String { HTMLEscaping.escape(text) }
}
