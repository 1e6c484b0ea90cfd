import EventStore
import FundLedger
import Projections
import Reporting

/// What the fund statement folds: the fund's own stream, as books and as the events themselves.
public struct FundStatementState: Sendable {
    /// Books over the fund's stream only (position order).
    public var books = Books()
    /// The fund stream's events in position order, for the year-end snapshots.
    public var events: [StoredLedgerEvent] = []

    public init() {}
}

/// `fund-statement`: a fund's capital per fiscal year (domain.md, model 1).
///
/// Method:
/// - **Flows** come from the books' fund-cash postings (`Books.journal`, account `fund_cash`) of the fund,
///   grouped by the calendar year of each entry's effective date and by the event that made them:
///   contributions (+), withdrawals (−), disbursements (−), repayments (+). A reversal's postings are the
///   original's negated, effective on the reversal's date, so a reversed disbursement lowers that year's
///   disbursements. Opening balance = the previous year's closing; closing = opening + contributions −
///   withdrawals − disbursements + repayments, which equals the fund-cash balance through the year end.
/// - **Committed at a year end** is the state as booked up to that date: the fund stream's events with an
///   effective date on or before 31 December, folded in position order into `LedgerState` (exactly what a
///   replay with `effectiveThrough` = 31 December gives), then Σ (granted − disbursed) over decided, open
///   initiatives. Uncommitted = closing balance − committed.
/// - **The balance line** has one point per date with a fund-cash movement: the cumulative balance at the
///   end of that day.
public struct FundStatementPlugin: ReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("fund-statement", parameters: [
        .fund,
        ParameterSpec("year", .integer, help: .helpYear),
    ])

    /// How far past the fund's last event a `year` may be.
    static let yearsAfterLastEventMax = 100

    public func projection(for parameters: ReportParameters) throws -> Fold<FundStatementState> {
        let stream = LedgerStreams.fund(parameters.text("fund") ?? "")
        return Fold(name: "fund-statement", initial: { FundStatementState() }, apply: { event, state in
            guard event.streamID == stream else { return }
            state.events.append(event)
            state.books.record(event)
        })
    }

    /// One fiscal year of the statement (öre).
    public struct YearFigures: Sendable, Equatable {
        public var year: Int
        public var opening: Int64 = 0
        public var contributions: Int64 = 0
        public var withdrawals: Int64 = 0
        public var disbursements: Int64 = 0
        public var repayments: Int64 = 0
        public var committed: Int64 = 0
        public var closing: Int64 { opening + contributions - withdrawals - disbursements + repayments }
        public var uncommitted: Int64 { closing - committed }
    }

    public func report(from state: FundStatementState, parameters: ReportParameters) throws -> ReportDocument {
        let fund = try requestedFund(in: state.books.state, parameters)
        let (flows, cashByDate) = cashFlows(of: fund.id, in: state)
        let (years, selected) = try statementYears(of: fund.id, flows: flows, state: state, parameters: parameters)
        let shown = years.first { $0.year == (selected ?? years.last!.year) }!
        let currency = fund.currency.code
        let t = parameters.texts
        return ReportDocument(
            reportID: id, title: t(.fsTitle, fund.name), subtitle: t(.fsSubtitle, fund.id, shown.year),
            keyFigures: Self.keyFigures(of: shown, currency: currency, t),
            tables: [Self.statementTable(years, currency: currency, t)],
            charts: [.line(LineChart(id: "balance", title: t(.fsChart), currency: currency,
                                     series: [LineSeries(name: t(.fsBalance), points: Self.balancePoints(cashByDate))]))],
            notes: [t(.fsNoteFormula), t(.fsNoteYears)])
    }

    /// The fund's fund-cash movements: the flows per calendar year, classified by the event that made them (a
    /// reversal by the event it reverses), and the net movement per effective date.
    private func cashFlows(of fundID: String, in state: FundStatementState) -> (flows: [Int: YearFigures], cashByDate: [CivilDate: Int64]) {
        var flows: [Int: YearFigures] = [:]
        var cashByDate: [CivilDate: Int64] = [:]
        for entry in state.books.journal where entry.fundID == fundID {
            let cash = entry.postings.filter { $0.account == .fundCash }.reduce(Int64(0)) { $0 + $1.amount.ore }
            guard cash != 0 else { continue }
            cashByDate[entry.effectiveDate, default: 0] += cash
            var eventType = entry.eventType
            if eventType == EventReversed.eventType, case .eventReversed(let reversal)? = state.books.state.eventsByID[entry.eventID]?.event {
                eventType = reversal.reversedEventType
            }
            let year = entry.effectiveDate.year
            var figures = flows[year] ?? YearFigures(year: year)
            switch eventType {
            case CapitalContributed.eventType: figures.contributions += cash
            case CapitalWithdrawn.eventType: figures.withdrawals -= cash
            case FundsDisbursed.eventType: figures.disbursements -= cash
            case RepaymentReceived.eventType: figures.repayments += cash
            default: preconditionFailure("unexpected fund-cash posting from \(eventType)")
            }
            flows[year] = figures
        }
        return (flows, cashByDate)
    }

    /// Every fiscal year from the fund's first event through the later of its last event and the requested `year`,
    /// each with its opening balance carried forward and its committed amount at year end; and the requested year.
    private func statementYears(
        of fundID: String, flows: [Int: YearFigures], state: FundStatementState, parameters: ReportParameters
    ) throws -> (years: [YearFigures], selected: Int?) {
        let eventYears = state.events.map(\.effectiveDate.year)
        guard !eventYears.isEmpty else {
            throw ReportError.plugin(id: id, message: "fund \(fundID) has no events within the requested bounds")
        }
        let firstYear = eventYears.min() ?? 0
        let selected = parameters.integer("year").map(Int.init)
        let lastYear = max(eventYears.max() ?? 0, selected ?? 0)
        if let selected, selected < firstYear {
            throw ReportError.plugin(id: id, message: "fund \(fundID) has no events before \(firstYear); year \(selected) has no statement")
        }
        // Later years are shown with their opening balance carried forward; a bound keeps a typo (year=20250)
        // from asking for thousands of empty years.
        let lastEventYear = eventYears.max() ?? firstYear
        if let selected, selected > lastEventYear + Self.yearsAfterLastEventMax {
            throw ReportError.plugin(
                id: id, message: "year \(selected) is more than \(Self.yearsAfterLastEventMax) years after fund \(fundID)'s last event (\(lastEventYear))")
        }
        var years: [YearFigures] = []
        var opening: Int64 = 0
        for year in firstYear...lastYear {
            var figures = flows[year] ?? YearFigures(year: year)
            figures.opening = opening
            let yearEnd = CivilDate(year: year, month: 12, day: 31)!
            let snapshot = LedgerState(events: state.events.lazy.filter { $0.effectiveDate <= yearEnd })
            figures.committed = snapshot.funds[fundID]?.committed.ore ?? 0
            years.append(figures)
            opening = figures.closing
        }
        return (years, selected)
    }

    /// The key figures of the shown fiscal year.
    private static func keyFigures(of shown: YearFigures, currency: String, _ t: ReportTexts) -> [KeyFigure] {
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }
        return [
            KeyFigure(t(.fsOpening), money(shown.opening)),
            KeyFigure(t(.fsContributions), money(shown.contributions)),
            KeyFigure(t(.fsWithdrawals), money(shown.withdrawals)),
            KeyFigure(t(.fsDisbursements), money(shown.disbursements)),
            KeyFigure(t(.fsRepayments), money(shown.repayments)),
            KeyFigure(t(.fsClosing), money(shown.closing)),
            KeyFigure(t(.fsCommitted), money(shown.committed)),
            KeyFigure(t(.fsUncommitted), money(shown.uncommitted)),
        ]
    }

    /// The statement table: one row per fiscal year and a total row.
    private static func statementTable(_ years: [YearFigures], currency: String, _ t: ReportTexts) -> ReportTable {
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }
        let columns = [
            ReportColumn("year", t(.year)), ReportColumn("opening_balance", t(.fsOpening)),
            ReportColumn("contributions", t(.fsContributions)), ReportColumn("withdrawals", t(.fsWithdrawals)),
            ReportColumn("disbursements", t(.fsDisbursements)), ReportColumn("repayments", t(.fsRepayments)),
            ReportColumn("closing_balance", t(.fsClosing)), ReportColumn("committed", t(.fsCommittedYearEnd)),
            ReportColumn("uncommitted", t(.fsUncommittedYearEnd)),
        ]
        let rows = years.map { y -> [ReportValue] in
            [.text(String(y.year)), money(y.opening), money(y.contributions), money(y.withdrawals), money(y.disbursements),
             money(y.repayments), money(y.closing), money(y.committed), money(y.uncommitted)]
        }
        let last = years.last!
        let totals: [ReportValue] = [
            .text(t(.total)), money(years.first!.opening), money(years.reduce(0) { $0 + $1.contributions }), money(years.reduce(0) { $0 + $1.withdrawals }),
            money(years.reduce(0) { $0 + $1.disbursements }), money(years.reduce(0) { $0 + $1.repayments }), money(last.closing),
            money(last.committed), money(last.uncommitted),
        ]
        return ReportTable(id: "statement", title: t(.fsTable), columns: columns, rows: rows, totals: totals)
    }

    /// The balance line: the cumulative fund-cash balance at the end of each date with a movement.
    private static func balancePoints(_ cashByDate: [CivilDate: Int64]) -> [LinePoint] {
        var running: Int64 = 0
        return cashByDate.keys.sorted().map { date -> LinePoint in
            running += cashByDate[date]!
            return LinePoint(date: date.description, ore: running)
        }
    }
}
