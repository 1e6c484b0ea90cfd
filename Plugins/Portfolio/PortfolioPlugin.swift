import EventStore
import FundLedger
import Projections
import Reporting

/// `portfolio`: every initiative of a fund (or one) with its money, savings, repayments and indicators.
///
/// Figures, per initiative, from the ledger's state (`LedgerProjection`):
/// - granted, disbursed, co-financing as recorded; remaining = granted − disbursed while the decision stands
///   and the initiative is open (`InitiativeState.committed`), else 0;
/// - expected savings per department = Σ the application's `expectedSavings` for it (all years); realised
///   per department = `DepartmentFlows.savedByDepartment` (attributed shares moved to their departments);
/// - repayments per department from `RepaymentSchedule.positions`: due, repaid, waived, outstanding;
/// - indicators: the application's baseline and target next to the latest measurement (the highest period,
///   and of several for that period the last recorded).
public struct PortfolioPlugin: LedgerReportPlugin {
    public init() {}

    public var id: String { "portfolio" }
    public var summary: String {
        "Initiatives of a fund: status, granted, disbursed, remaining, co-financing, expected vs realised savings, repayments and indicators."
    }

    public var parameters: [ParameterSpec] {
        [
            .fund,
            ParameterSpec("initiative", .text, help: "One initiative; without it, every initiative of the fund."),
        ]
    }

    public func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        let fund = try requestedFund(in: books.state, parameters)
        let initiatives = try requestedInitiatives(of: fund, parameters)
        let currency = fund.currency.code
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }

        var rows = Rows(currency: fund.currency)
        for initiative in initiatives { rows.add(initiative) }
        let sum = { (index: Int) in rows.totals[index] }
        return ReportDocument(
            reportID: id, title: "Portfolio: \(fund.name)",
            subtitle: parameters.text("initiative").map { "Fund \(fund.id), initiative \($0)" } ?? "Fund \(fund.id), \(initiatives.count) initiatives",
            keyFigures: [
                KeyFigure("Initiatives", .integer(Int64(initiatives.count))),
                KeyFigure("Granted", money(sum(0))),
                KeyFigure("Disbursed", money(sum(1))),
                KeyFigure("Remaining", money(sum(2))),
                KeyFigure("Co-financing", money(sum(3))),
                KeyFigure("Expected savings", money(sum(4))),
                KeyFigure("Realised savings", money(sum(5))),
                KeyFigure("Repaid", money(sum(7))),
                KeyFigure("Outstanding", money(sum(8))),
            ],
            tables: rows.tables(),
            notes: [
                "Remaining = granted − disbursed while the decision stands and the initiative is open; expected savings are the application's, summed over its years.",
                "Realised savings count attributed shares in the department they are attributed to.",
            ])
    }

    /// The rows of the report's four tables, and the overview's column totals, gathered initiative by initiative.
    private struct Rows {
        let currency: Currency
        var overview: [[ReportValue]] = []
        var savings: [[ReportValue]] = []
        var repayments: [[ReportValue]] = []
        var indicators: [[ReportValue]] = []
        /// Sums of the overview's nine money columns (granted … outstanding).
        var totals = [Int64](repeating: 0, count: 9)

        init(currency: Currency) { self.currency = currency }

        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency.code) }

        /// Adds one initiative's rows to every table.
        mutating func add(_ initiative: InitiativeState) {
            var expected: [String: Int64] = [:]
            for saving in initiative.application.expectedSavings { expected[saving.department, default: 0] += saving.amount.ore }
            let realised = DepartmentFlows.savedByDepartment(initiative)
            let positions = RepaymentSchedule.positions(for: initiative)
            let balance = RepaymentBalance(summing: positions.map(\.balance), currency: currency)
            let due = balance.due.ore
            let outstanding = balance.outstanding.ore
            let figures: [Int64] = [
                initiative.granted.ore, initiative.disbursed.ore, initiative.committed.ore, initiative.coFinancing.ore,
                expected.values.reduce(0, +), realised.values.reduce(0, +), due, initiative.repaid.ore, outstanding,
            ]
            for (index, value) in figures.enumerated() { totals[index] += value }
            overview.append([.text(initiative.id), .text(initiative.application.title), .text(initiative.status.rawValue)] + figures.map(money))
            for department in Set(expected.keys).union(realised.keys).sorted() {
                let e = expected[department] ?? 0
                let r = realised[department] ?? 0
                savings.append([.text(initiative.id), .text(department), money(e), money(r), money(r - e)])
            }
            for position in positions {
                repayments.append([.text(initiative.id), .text(position.department), .amount(position.due), .amount(position.repaid),
                                   .amount(position.waived), .amount(position.outstanding)])
            }
            for indicator in initiative.application.indicators.sorted(by: { $0.name < $1.name }) {
                let latest = initiative.outcomes.enumerated()
                    .filter { $0.element.indicator == indicator.name }
                    .max { ($0.element.period, $0.offset) < ($1.element.period, $1.offset) }?.element
                indicators.append([.text(initiative.id), .text(indicator.name), .text(indicator.unit), .text(indicator.baseline),
                                   .text(indicator.target), latest.map { .text($0.value) } ?? .empty, latest.map { .text($0.period) } ?? .empty])
            }
        }

        /// The four tables: initiatives (with totals), savings, repayments and indicators.
        func tables() -> [ReportTable] {
            let overviewColumns = [
                ReportColumn("initiative", "Initiative"), ReportColumn("title", "Title"), ReportColumn("status", "Status"),
                ReportColumn("granted", "Granted"), ReportColumn("disbursed", "Disbursed"), ReportColumn("remaining", "Remaining"),
                ReportColumn("co_financing", "Co-financing"), ReportColumn("expected_savings", "Expected savings"),
                ReportColumn("realised_savings", "Realised savings"), ReportColumn("repayment_due", "Repayments due"),
                ReportColumn("repaid", "Repaid"), ReportColumn("outstanding", "Outstanding"),
            ]
            return [
                ReportTable(id: "initiatives", title: "Initiatives", columns: overviewColumns, rows: overview,
                            totals: [.text("Total"), .empty, .empty] + totals.map(money)),
                ReportTable(id: "savings", title: "Expected and realised savings per department", columns: [
                    ReportColumn("initiative", "Initiative"), ReportColumn("department", "Department"),
                    ReportColumn("expected", "Expected"), ReportColumn("realised", "Realised"), ReportColumn("difference", "Realised − expected"),
                ], rows: savings),
                ReportTable(id: "repayments", title: "Repayments per department", columns: [
                    ReportColumn("initiative", "Initiative"), ReportColumn("department", "Department"), ReportColumn("due", "Due"),
                    ReportColumn("repaid", "Repaid"), ReportColumn("waived", "Waived"), ReportColumn("outstanding", "Outstanding"),
                ], rows: repayments),
                ReportTable(id: "indicators", title: "Indicators against targets", columns: [
                    ReportColumn("initiative", "Initiative"), ReportColumn("indicator", "Indicator"), ReportColumn("unit", "Unit"),
                    ReportColumn("baseline", "Baseline"), ReportColumn("target", "Target"), ReportColumn("latest", "Latest measured"),
                    ReportColumn("period", "Period"),
                ], rows: indicators),
            ]
        }
    }
}
