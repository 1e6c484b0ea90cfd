import EventStore
import FundLedger
import Projections
import Reporting

/// `repayments`: the repayment schedule of a fund's initiatives (domain.md, model 2).
///
/// Every figure comes from `RepaymentSchedule`: each obligation (share × saving within the horizon, never
/// beyond the cap; or a planned instalment), split over the saving department and the departments the saving
/// is attributed to; each department's due, repaid, waived and outstanding (due − repaid − waived); and the
/// capacity left under the cap (cap − Σ due; none without a cap).
public struct RepaymentsPlugin: LedgerReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("repayments", parameters: [.fund, .initiative(.helpInitiativeDecided)])
    /// It reads the ledger's state only, so its fold books nothing.
    public var needsJournal: Bool { false }

    /// The terms in words: `100 % of savings, cap: disbursed, horizon 5 years`.
    public static func describe(_ terms: RepaymentModel, _ t: ReportTexts = ReportTexts(.en)) -> String {
        switch terms {
        case .none: return t(.rpTermsNone)
        case .shareOfSavings(let share, let cap, let horizon):
            let capText = switch cap {
            case .disbursed: t(.rpCapDisbursed)
            case .fixed(let amount): amount.description
            case .unlimited: t(.rpCapNone)
            }
            return t(.rpTermsShare, t.percent(share), capText, horizon)
        case .repaymentPlan(let instalments): return t(.rpTermsPlan, instalments.count)
        case .frameReduction(let share, let horizon): return t(.rpTermsFrame, t.percent(share), horizon)
        }
    }

    public func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        let fund = try requestedFund(in: books.state, parameters)
        let initiatives = try requestedInitiatives(of: fund, parameters) { $0.decision != nil }
        let currency = fund.currency.code
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }
        let t = parameters.texts

        var terms: [[ReportValue]] = []
        var obligations: [[ReportValue]] = []
        var positions: [[ReportValue]] = []
        var totals = (due: Int64(0), repaid: Int64(0), waived: Int64(0), outstanding: Int64(0))
        var obligationTotal: Int64 = 0
        for initiative in initiatives {
            let schedule = RepaymentSchedule.obligations(for: initiative)
            let due = schedule.reduce(Int64(0)) { $0 + $1.amount.ore }
            terms.append([
                .text(initiative.id), .text(initiative.decision.map { Self.describe($0.repaymentTerms, t) } ?? t(.rpNoDecision)),
                .amount(initiative.disbursed), money(due), RepaymentSchedule.remainingCapacity(for: initiative).map { .amount($0) } ?? .empty,
            ])
            let sorted = schedule.sorted {
                ($0.dueDate, $0.department, $0.savingID ?? "") < ($1.dueDate, $1.department, $1.savingID ?? "")
            }
            for obligation in sorted {
                obligationTotal += obligation.amount.ore
                obligations.append([.text(initiative.id), .text(obligation.department), obligation.savingID.map { .text($0) } ?? .text(t(.rpInstalment)),
                                    .date(obligation.dueDate.description), .amount(obligation.amount)])
            }
            for position in RepaymentSchedule.positions(for: initiative) {
                totals.due += position.due.ore
                totals.repaid += position.repaid.ore
                totals.waived += position.waived.ore
                totals.outstanding += position.outstanding.ore
                positions.append([.text(initiative.id), .text(position.department), .amount(position.due), .amount(position.repaid),
                                  .amount(position.waived), .amount(position.outstanding)])
            }
        }
        return ReportDocument(
            reportID: id, title: t(.rpTitle, fund.name),
            subtitle: parameters.text("initiative").map { t(.fundInitiativeSubtitle, fund.id, $0) } ?? t(.fundSubtitle, fund.id),
            keyFigures: [
                KeyFigure(t(.due), money(totals.due)),
                KeyFigure(t(.repaid), money(totals.repaid)),
                KeyFigure(t(.waived), money(totals.waived)),
                KeyFigure(t(.outstanding), money(totals.outstanding)),
            ],
            tables: [
                ReportTable(id: "terms", title: t(.rpTermsTable), columns: [
                    ReportColumn("initiative", t(.initiative)), ReportColumn("terms", t(.rpTerms)), ReportColumn("disbursed", t(.disbursed)),
                    ReportColumn("due", t(.rpDueSoFar)), ReportColumn("remaining_capacity", t(.rpRemaining)),
                ], rows: terms),
                ReportTable(id: "obligations", title: t(.rpObligations), columns: [
                    ReportColumn("initiative", t(.initiative)), ReportColumn("department", t(.department)), ReportColumn("saving", t(.rpSaving)),
                    ReportColumn("due_date", t(.rpDueDate)), ReportColumn("amount", t(.rpAmount)),
                ], rows: obligations, totals: [.text(t(.total)), .empty, .empty, .empty, money(obligationTotal)]),
                ReportTable(id: "positions", title: t(.rpPerDepartment), columns: [
                    ReportColumn("initiative", t(.initiative)), ReportColumn("department", t(.department)), ReportColumn("due", t(.due)),
                    ReportColumn("repaid", t(.repaid)), ReportColumn("waived", t(.waived)), ReportColumn("outstanding", t(.outstanding)),
                ], rows: positions, totals: [
                    .text(t(.total)), .empty, money(totals.due), money(totals.repaid), money(totals.waived), money(totals.outstanding),
                ]),
            ],
            notes: [t(.rpNote)])
    }
}
