/// Charts as tables, for the formats that cannot draw (table, Markdown, CSV): the same numbers, so no
/// format hides data another shows.
enum ChartTables {
    /// A line chart as `date | series 1 | series 2 …`, one row per date that any series has.
    static func table(for chart: LineChart, _ texts: ReportTexts) -> ReportTable {
        let dates = Set(chart.series.flatMap { $0.points.map(\.date) }).sorted()
        let columns = [ReportColumn("date", texts(.date))] + chart.series.enumerated().map { index, series in
            ReportColumn("series_\(index + 1)", series.name)
        }
        let rows: [[ReportValue]] = dates.map { date in
            [.date(date)] + chart.series.map { series in
                // The last point on a date wins, as a line drawn through the points would end there.
                series.points.last(where: { $0.date == date }).map { .money(ore: $0.ore, currency: chart.currency) } ?? .empty
            }
        }
        return ReportTable(id: chart.id, title: chart.title, columns: columns, rows: rows)
    }

    /// A heat map as its matrix: row labels down the first column, one column per column label.
    static func table(for map: Heatmap) -> ReportTable {
        let columns = [ReportColumn("row", "\(map.rowTitle) \\ \(map.columnTitle)")]
            + map.columnLabels.enumerated().map { index, label in ReportColumn("column_\(index + 1)", label) }
        let rows: [[ReportValue]] = map.rowLabels.enumerated().map { rowIndex, label in
            [.text(label)] + map.columnLabels.indices.map { column in
                map.cell(rowIndex, column).map { .money(ore: $0, currency: map.currency) } ?? .empty
            }
        }
        return ReportTable(id: map.id, title: map.title, columns: columns, rows: rows)
    }

    /// Every chart of a document as a table, in order.
    static func tables(for charts: [Chart], _ texts: ReportTexts) -> [ReportTable] {
        charts.map { chart in
            switch chart {
            case .line(let line): table(for: line, texts)
            case .heatmap(let map): table(for: map)
            }
        }
    }
}

extension Heatmap {
    /// The cell at `row`, `column`, or `nil` when a decoded document's matrix is short (renderers never trap
    /// on a plugin's malformed answer).
    func cell(_ row: Int, _ column: Int) -> Int64? {
        guard cells.indices.contains(row), cells[row].indices.contains(column) else { return nil }
        return cells[row][column]
    }
}

extension ReportTable {
    /// Rows with exactly one value per column: a decoded document may carry short or long rows, which are
    /// padded with empty cells or cut rather than crash a renderer.
    var rectangularRows: [[ReportValue]] { rows.map { Self.fit($0, columns.count) } }

    /// The totals row fitted to the columns, if any.
    var rectangularTotals: [ReportValue]? { totals.map { Self.fit($0, columns.count) } }

    private static func fit(_ row: [ReportValue], _ count: Int) -> [ReportValue] {
        row.count >= count ? Array(row.prefix(count)) : row + Array(repeating: .empty, count: count - row.count)
    }
}

extension ReportSource {
    /// `ledger position 42, hash 0d7e21c3a1b2c3d4…`: the first 16 hex digits identify the head for a reader;
    /// the JSON and CSV formats carry the whole hash.
    func summaryLine(_ texts: ReportTexts) -> String {
        var line = texts(.sourceLine, position, hash.prefix(16))
        if let recordedThrough { line += texts(.sourceRecordedThrough, recordedThrough) }
        if let effectiveThrough { line += texts(.sourceEffectiveThrough, effectiveThrough) }
        return line
    }
}
