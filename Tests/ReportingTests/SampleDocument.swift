import Reporting

/// A hand-built document with known numbers, touching every value kind, a totals row, both chart kinds,
/// and text that every format must escape (a comma and a quote for CSV, a pipe for Markdown, markup for HTML).
func sampleDocument(title: String = "Fondens ställning") -> ReportDocument {
    ReportDocument(
        reportID: "fund-statement", title: title, subtitle: "Tomelilla, 2025",
        source: ReportSource(
            position: 42, hash: "0d7e21c3a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c",
            recordedThrough: "2026-03-15T12:00:00.000000Z", effectiveThrough: "2025-12-31"),
        parameters: [ParameterValue(name: "fund", value: "sif-barn"), ParameterValue(name: "discount", value: "0.035")],
        keyFigures: [
            KeyFigure("Balance", .money(ore: 150_000_000, currency: "SEK")),
            KeyFigure("Reduction", .percent("0.0839")),
            KeyFigure("SROI ratio", .decimal("1.436")),
        ],
        tables: [
            ReportTable(
                id: "statement", title: "Statement",
                columns: [ReportColumn("initiative", "Initiative"), ReportColumn("disbursed", "Disbursed"),
                          ReportColumn("events", "Events"), ReportColumn("date", "Date")],
                rows: [
                    [.text("Tidiga insatser, \"TIS\""), .money(ore: 150_000_000, currency: "SEK"), .integer(3), .date("2025-03-01")],
                    [.text("Familj | skola"), .money(ore: -5_050, currency: "SEK"), .integer(1200), .empty],
                ],
                totals: [.text("Total"), .money(ore: 149_994_950, currency: "SEK"), .integer(1203), .empty]),
        ],
        charts: [
            .line(LineChart(id: "balance", title: "Balance over time", currency: "SEK", series: [
                LineSeries(name: "Balance", points: [
                    LinePoint(date: "2025-01-01", ore: 4_000_000_000), LinePoint(date: "2025-06-30", ore: 3_000_000_000),
                    LinePoint(date: "2025-12-31", ore: 2_500_000_000),
                ]),
                LineSeries(name: "Committed", points: [
                    LinePoint(date: "2025-01-01", ore: 0), LinePoint(date: "2025-12-31", ore: 1_000_000_000),
                ]),
            ])),
            .heatmap(Heatmap(
                id: "flows", title: "Savings flows", rowTitle: "Investing", columnTitle: "Saving",
                rowLabels: ["BUN", "SOC"], columnLabels: ["BUN", "SOC", "FK"], currency: "SEK",
                cells: [[0, 150_000_000, 25_000_000], [10_000_000, 0, 0]])),
        ],
        notes: ["Amounts in öre are exact.", "Second note"])
}
