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

    public let descriptor = PluginDescriptor.builtIn("savings-flows", parameters: [.fund])
    /// It reads the ledger's state only, so its fold books nothing.
    public var needsJournal: Bool { false }

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
        let t = parameters.texts
        return ReportDocument(
            reportID: id, title: t(.sfTitle, fund.name), subtitle: t(.fundSubtitle, fund.id),
            keyFigures: [
                KeyFigure(t(.sfInvested), money(invested)),
                KeyFigure(t(.sfSaved), money(saved)),
                KeyFigure(t(.sfDue), money(due)),
                KeyFigure(t(.repaid), money(repaid)),
                KeyFigure(t(.sfNet), money(invested - repaid)),
            ],
            tables: [
                ReportTable(id: "pairs", title: t(.sfPairsTable), columns: [
                    ReportColumn("investing_department", t(.sfInvestingDepartment)), ReportColumn("saving_department", t(.sfSavingDepartment)),
                    ReportColumn("saved", t(.saved)), ReportColumn("repaid", t(.repaid)), ReportColumn("initiatives", t(.sfInitiatives)),
                ], rows: pairRows, totals: [
                    .text(t(.total)), .empty, money(pairs.reduce(0) { $0 + $1.saved }), money(pairs.reduce(0) { $0 + $1.repaid }), .empty,
                ]),
                ReportTable(id: "departments", title: t(.sfDepartmentsTable), columns: [
                    ReportColumn("department", t(.department)), ReportColumn("invested", t(.sfInvested)), ReportColumn("saved", t(.saved)),
                    ReportColumn("due", t(.sfDue)), ReportColumn("repaid", t(.repaid)), ReportColumn("net", t(.sfNetColumn)),
                ], rows: departmentRows, totals: [
                    .text(t(.total)), money(invested), money(saved), money(due), money(repaid), money(invested - repaid),
                ]),
            ],
            charts: [.heatmap(Heatmap(
                id: "saved", title: t(.sfHeatmap), rowTitle: t(.sfInvestingDepartment),
                columnTitle: t(.sfSavingDepartment), rowLabels: investing, columnLabels: saving, currency: currency, cells: cells))],
            notes: [t(.sfNoteShares), t(.sfNoteAttribution)])
    }
}
