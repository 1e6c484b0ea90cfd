/// RFC 4180 CSV for spreadsheets and scripts. Records end in CRLF, as RFC 4180 says (Python's `csv`, Excel
/// and LibreOffice all read it); a field is quoted when it holds a comma, a quote, CR or LF, with quotes
/// doubled. UTF-8, no byte-order mark.
///
/// The file is a run of sections separated by an empty record. Each section starts with a record naming
/// it; the first is always `report`:
///
/// ```
/// report                                  key,value records: title, subtitle, report_id, source_position,
/// key,value                               source_hash (all 64 hex digits), recorded_through,
/// title,Fund statement                    effective_through, then parameter.<name> for each parameter
///
/// key_figures                             label,value,currency
/// table,<id>,<title>                      column ids, then one record per row
/// totals,<id>                             column ids, then the totals record (only when the table has totals)
/// chart,<id>,<title>                      date, then one column per series (titles in a `series` record)
/// heatmap,<id>,<title>                    row, then one column per column label
/// notes                                   one note per record
/// ```
///
/// Amounts are plain decimals with a dot (`1500000.00`), never grouped; the currency of a money column
/// `x` is in the column `x_currency` right after it. Shares stay exact fractions (`0.0839` is 8.39 %).
/// The Swedish dialect (`CSVDialect.sv`) writes the same records with `;`, decimal commas and a byte-order mark,
/// and puts an apostrophe before a text that Excel would run as a formula (`inert`).
struct CSVRenderer: Sendable {
    var dialect: CSVDialect = .rfc4180

    /// The record separator (RFC 4180).
    static let lineEnding = "\r\n"

    func render(_ document: ReportDocument) -> String {
        var records: [[String]] = [["report"], ["key", "value"], ["title", document.title]]
        if let subtitle = document.subtitle { records.append(["subtitle", subtitle]) }
        records += [
            ["report_id", document.reportID],
            ["source_position", String(document.source.position)],
            ["source_hash", document.source.hash],
        ]
        if let recorded = document.source.recordedThrough { records.append(["recorded_through", recorded]) }
        if let effective = document.source.effectiveThrough { records.append(["effective_through", effective]) }
        records += document.parameters.map { ["parameter.\($0.name)", $0.value] }
        if !document.keyFigures.isEmpty {
            records += [[], ["key_figures"], ["label", "value", "currency"]]
            records += document.keyFigures.map { figure in
                let (value, currency) = field(figure.value)
                return [figure.label, value, currency ?? ""]
            }
        }
        for table in document.tables {
            let moneyColumns = Self.moneyColumns(of: table)
            records += [[], ["table", table.id, table.title], Self.header(table, money: moneyColumns)]
            records += table.rectangularRows.map { record($0, money: moneyColumns) }
            if let totals = table.rectangularTotals {
                records += [[], ["totals", table.id], Self.header(table, money: moneyColumns), record(totals, money: moneyColumns)]
            }
        }
        for chart in document.charts {
            switch chart {
            case .line(let line):
                let table = ChartTables.table(for: line, ReportTexts(.en))
                records += [[], ["chart", line.id, line.title], ["series"] + line.series.map(\.name)]
                records.append(["date"] + line.series.indices.map { "series_\($0 + 1)" } + ["currency"])
                records += table.rows.map { row in row.map { field($0).text } + [line.currency] }
            case .heatmap(let map):
                records += [[], ["heatmap", map.id, map.title], [map.rowTitle + " \\ " + map.columnTitle] + map.columnLabels + ["currency"]]
                records += map.rowLabels.indices.map { row in
                    [map.rowLabels[row]] + map.columnLabels.indices.map { map.cell(row, $0).map { number(ValueFormatter.plainAmount($0)) } ?? "" } + [map.currency]
                }
            }
        }
        if !document.notes.isEmpty {
            records += [[], ["notes"]] + document.notes.map { [$0] }
        }
        let text = records.map { $0.map(quoted).joined(separator: String(dialect.separator)) + Self.lineEnding }.joined()
        return dialect.byteOrderMark + text
    }

    /// RFC 4180 quoting: only when needed (the separator, a quote or a line break), embedded quotes doubled.
    /// In the Swedish dialect, made for Excel, a text Excel would run as a formula is made inert first.
    func quoted(_ field: String) -> String {
        let field = dialect == .sv ? Self.inert(field) : field
        guard field.contains(where: { $0 == dialect.separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `field` with an apostrophe in front when a spreadsheet would read it as a formula: it starts with `=`,
    /// `+`, `-`, `@`, a tab or a carriage return (OWASP's CSV injection list), and is not a number such as
    /// `-50,50`. Excel shows the apostrophe's cell as the text after it. A recorder's initiative title
    /// `=HYPERLINK(…)` is then a title, not a link that runs when an auditor opens the file.
    static func inert(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        let digits = field.unicodeScalars.dropFirst()
        let isNumber = first == "-" && !digits.isEmpty && digits.first.map { ("0"..."9").contains($0) } == true
            && digits.allSatisfy { ("0"..."9").contains($0) || $0 == "," || $0 == "." }
        return isNumber ? field : "'" + field
    }

    /// A number's machine text in this dialect: the decimal point becomes a comma in `sv`.
    func number(_ text: String) -> String {
        dialect.decimalMark == "." ? text : text.replacingOccurrences(of: ".", with: String(dialect.decimalMark))
    }

    /// Columns holding money: they get a `<id>_currency` column after them.
    private static func moneyColumns(of table: ReportTable) -> Set<Int> {
        Set(table.columns.indices.filter { column in
            (table.rectangularRows + [table.rectangularTotals ?? []]).contains { row in
                if row.indices.contains(column), case .money = row[column] { return true }
                return false
            }
        })
    }

    private static func header(_ table: ReportTable, money: Set<Int>) -> [String] {
        table.columns.indices.flatMap { column in
            money.contains(column) ? [table.columns[column].id, table.columns[column].id + "_currency"] : [table.columns[column].id]
        }
    }

    private func record(_ row: [ReportValue], money: Set<Int>) -> [String] {
        row.indices.flatMap { column in
            let (text, currency) = field(row[column])
            return money.contains(column) ? [text, currency ?? ""] : [text]
        }
    }

    /// A value's machine text in this dialect, and its currency when it is money.
    func field(_ value: ReportValue) -> (text: String, currency: String?) {
        switch value {
        case .decimal(let text), .percent(let text): (number(text), nil)
        case .money(let ore, let currency): (number(ValueFormatter.plainAmount(ore)), currency)
        default: Self.field(value)
        }
    }

    /// A value's machine text (RFC 4180 dialect), and its currency when it is money.
    static func field(_ value: ReportValue) -> (text: String, currency: String?) {
        switch value {
        case .text(let text), .decimal(let text), .percent(let text), .date(let text), .timestamp(let text): (text, nil)
        case .money(let ore, let currency): (ValueFormatter.plainAmount(ore), currency)
        case .integer(let number): (String(number), nil)
        case .empty: ("", nil)
        }
    }

}
