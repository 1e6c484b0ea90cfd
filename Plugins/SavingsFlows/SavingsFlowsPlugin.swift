import EventStore
import FundLedger
import Projections
import Reporting

/// `savings-flows`: who invested and who saved (domain.md, model 3).
///
/// Every figure comes from `DepartmentFlows`: the pair matrix from `perPair` (a saving department's savings
/// and repayments shared over an initiative's investing departments by their share of its disbursements,
/// to the öre) and each department's position from `perDepartment` (invested, saved, due, repaid, net =
/// invested − repaid). The heat map shows saved amounts: rows are investing departments, columns the
/// departments where the savings arose (after attribution).
public struct SavingsFlowsPlugin: LedgerReportPlugin {
    public init() {}

    public var id: String { "savings-flows" }
    public var summary: String {
        "Cross-department savings flows: investing department × saving department, and each department's net position."
    }

    public var parameters: [ParameterSpec] {
        [.fund]
    }

    public func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        let fund = try requestedFund(in: books.state, parameters)
        let currency = fund.currency.code
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }
        let pairs = DepartmentFlows.perPair(fund)
        let departments = DepartmentFlows.perDepartment(fund)

        let pairRows = pairs.map { pair -> [ReportValue] in
            [.text(pair.investingDepartment), .text(pair.savingDepartment), money(pair.saved), money(pair.repaid), .integer(Int64(pair.initiatives))]
        }
        let departmentRows = departments.map { flow -> [ReportValue] in
            [.text(flow.department), money(flow.invested), money(flow.saved), money(flow.due), money(flow.repaid), money(flow.net)]
        }
        let investing = Array(Set(pairs.map(\.investingDepartment))).sorted()
        let saving = Array(Set(pairs.map(\.savingDepartment))).sorted()
        var cells = investing.map { _ in saving.map { _ in Int64(0) } }
        for pair in pairs {
            cells[investing.firstIndex(of: pair.investingDepartment)!][saving.firstIndex(of: pair.savingDepartment)!] += pair.saved
        }
        let invested = departments.reduce(Int64(0)) { $0 + $1.invested }
        let saved = departments.reduce(Int64(0)) { $0 + $1.saved }
        let due = departments.reduce(Int64(0)) { $0 + $1.due }
        let repaid = departments.reduce(Int64(0)) { $0 + $1.repaid }
        return ReportDocument(
            reportID: id, title: "Savings flows: \(fund.name)", subtitle: "Fund \(fund.id)",
            keyFigures: [
                KeyFigure("Invested", money(invested)),
                KeyFigure("Saved", money(saved)),
                KeyFigure("Repayments due", money(due)),
                KeyFigure("Repaid", money(repaid)),
                KeyFigure("Net drawn from the fund", money(invested - repaid)),
            ],
            tables: [
                ReportTable(id: "pairs", title: "Investing department × saving department", columns: [
                    ReportColumn("investing_department", "Investing department"), ReportColumn("saving_department", "Saving department"),
                    ReportColumn("saved", "Saved"), ReportColumn("repaid", "Repaid"), ReportColumn("initiatives", "Initiatives"),
                ], rows: pairRows, totals: [
                    .text("Total"), .empty, money(pairs.reduce(0) { $0 + $1.saved }), money(pairs.reduce(0) { $0 + $1.repaid }), .empty,
                ]),
                ReportTable(id: "departments", title: "Net position per department", columns: [
                    ReportColumn("department", "Department"), ReportColumn("invested", "Invested"), ReportColumn("saved", "Saved"),
                    ReportColumn("due", "Repayments due"), ReportColumn("repaid", "Repaid"), ReportColumn("net", "Net (invested − repaid)"),
                ], rows: departmentRows, totals: [
                    .text("Total"), money(invested), money(saved), money(due), money(repaid), money(invested - repaid),
                ]),
            ],
            charts: [.heatmap(Heatmap(
                id: "saved", title: "Savings by investing and saving department", rowTitle: "Investing department",
                columnTitle: "Saving department", rowLabels: investing, columnLabels: saving, currency: currency, cells: cells))],
            notes: [
                "A saving department's savings and repayments are shared over an initiative's investing departments by their share of its disbursements (largest-remainder rounding).",
                "Attributed shares of a saving count in the department they are attributed to.",
            ])
    }
}
