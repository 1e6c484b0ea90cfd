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

    public let descriptor = PluginDescriptor.builtIn("portfolio", parameters: [.fund, .initiative(.helpInitiativeAll)])
    /// It reads the ledger's state only, so its fold books nothing.
    public var needsJournal: Bool { false }

    public func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        let fund = try requestedFund(in: books.state, parameters)
        let initiatives = try requestedInitiatives(of: fund, parameters)
        let currency = fund.currency.code
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }

        var rows = Rows(currency: fund.currency, texts: parameters.texts)
        for initiative in initiatives { rows.add(initiative) }
        let sum = { (index: Int) in rows.totals[index] }
        let t = parameters.texts
        return ReportDocument(
            reportID: id, title: t(.pfTitle, fund.name),
            subtitle: parameters.text("initiative").map { t(.fundInitiativeSubtitle, fund.id, $0) } ?? t(.pfSubtitleAll, fund.id, initiatives.count),
            keyFigures: [
                KeyFigure(t(.pfInitiatives), .integer(Int64(initiatives.count))),
                KeyFigure(t(.pfGranted), money(sum(0))),
                KeyFigure(t(.disbursed), money(sum(1))),
                KeyFigure(t(.pfRemaining), money(sum(2))),
                KeyFigure(t(.pfCoFinancing), money(sum(3))),
                KeyFigure(t(.pfExpectedSavings), money(sum(4))),
                KeyFigure(t(.pfRealisedSavings), money(sum(5))),
                KeyFigure(t(.repaid), money(sum(7))),
                KeyFigure(t(.outstanding), money(sum(8))),
            ],
            tables: rows.tables(t),
            notes: [t(.pfNoteRemaining), t(.pfNoteRealised)])
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

        let texts: ReportTexts

        init(currency: Currency, texts: ReportTexts) {
            self.currency = currency
            self.texts = texts
        }

        /// An initiative's status in words.
        func status(_ status: InitiativeStatus) -> String { texts.status(status) }

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
            overview.append([.text(initiative.id), .text(initiative.application.title), .text(status(initiative.status))] + figures.map(money))
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
        func tables(_ t: ReportTexts) -> [ReportTable] {
            let overviewColumns = [
                ReportColumn("initiative", t(.initiative)), ReportColumn("title", t(.pfTitleColumn)), ReportColumn("status", t(.pfStatus)),
                ReportColumn("granted", t(.pfGranted)), ReportColumn("disbursed", t(.disbursed)), ReportColumn("remaining", t(.pfRemaining)),
                ReportColumn("co_financing", t(.pfCoFinancing)), ReportColumn("expected_savings", t(.pfExpectedSavings)),
                ReportColumn("realised_savings", t(.pfRealisedSavings)), ReportColumn("repayment_due", t(.pfRepaymentsDue)),
                ReportColumn("repaid", t(.repaid)), ReportColumn("outstanding", t(.outstanding)),
            ]
            return [
                ReportTable(id: "initiatives", title: t(.pfInitiatives), columns: overviewColumns, rows: overview,
                            totals: [.text(t(.total)), .empty, .empty] + totals.map(money)),
                ReportTable(id: "savings", title: t(.pfSavingsTable), columns: [
                    ReportColumn("initiative", t(.initiative)), ReportColumn("department", t(.department)),
                    ReportColumn("expected", t(.pfExpected)), ReportColumn("realised", t(.pfRealised)), ReportColumn("difference", t(.pfDifference)),
                ], rows: savings),
                ReportTable(id: "repayments", title: t(.pfRepaymentsTable), columns: [
                    ReportColumn("initiative", t(.initiative)), ReportColumn("department", t(.department)), ReportColumn("due", t(.due)),
                    ReportColumn("repaid", t(.repaid)), ReportColumn("waived", t(.waived)), ReportColumn("outstanding", t(.outstanding)),
                ], rows: repayments),
                ReportTable(id: "indicators", title: t(.pfIndicatorsTable), columns: [
                    ReportColumn("initiative", t(.initiative)), ReportColumn("indicator", t(.pfIndicator)), ReportColumn("unit", t(.pfUnit)),
                    ReportColumn("baseline", t(.pfBaseline)), ReportColumn("target", t(.pfTarget)), ReportColumn("latest", t(.pfLatest)),
                    ReportColumn("period", t(.pfPeriod)),
                ], rows: indicators),
            ]
        }
    }
}
