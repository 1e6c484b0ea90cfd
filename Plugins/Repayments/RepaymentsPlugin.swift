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

    public var id: String { "repayments" }
    public var summary: String {
        "Repayment schedule per initiative and department: obligations, due, repaid, waived, outstanding and capacity left under the cap."
    }

    public var parameters: [ParameterSpec] {
        [
            .fund,
            ParameterSpec("initiative", .text, help: "One initiative; without it, every decided initiative of the fund."),
        ]
    }

    /// The terms in words: `100 % of savings, cap: disbursed, horizon 5 years`.
    public static func describe(_ terms: RepaymentModel) -> String {
        switch terms {
        case .none: return "none (grant)"
        case .shareOfSavings(let share, let cap, let horizon):
            let capText = switch cap {
            case .disbursed: "the amount disbursed"
            case .fixed(let amount): amount.description
            case .unlimited: "none"
            }
            return "\(share.percent) of realised savings, cap \(capText), horizon \(horizon) years"
        case .repaymentPlan(let instalments): return "repayment plan, \(instalments.count) instalments"
        case .frameReduction(let share, let horizon): return "frame reduction, \(share.percent) of realised savings, horizon \(horizon) years"
        }
    }

    public func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        let fund = try requestedFund(in: books.state, parameters)
        let initiatives = try requestedInitiatives(of: fund, parameters) { $0.decision != nil }
        let currency = fund.currency.code
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }

        var terms: [[ReportValue]] = []
        var obligations: [[ReportValue]] = []
        var positions: [[ReportValue]] = []
        var totals = (due: Int64(0), repaid: Int64(0), waived: Int64(0), outstanding: Int64(0))
        var obligationTotal: Int64 = 0
        for initiative in initiatives {
            let schedule = RepaymentSchedule.obligations(for: initiative)
            let due = schedule.reduce(Int64(0)) { $0 + $1.amount.ore }
            terms.append([
                .text(initiative.id), .text(initiative.decision.map { Self.describe($0.repaymentTerms) } ?? "no decision"),
                .amount(initiative.disbursed), money(due), RepaymentSchedule.remainingCapacity(for: initiative).map { .amount($0) } ?? .empty,
            ])
            let sorted = schedule.sorted {
                ($0.dueDate, $0.department, $0.savingID ?? "") < ($1.dueDate, $1.department, $1.savingID ?? "")
            }
            for obligation in sorted {
                obligationTotal += obligation.amount.ore
                obligations.append([.text(initiative.id), .text(obligation.department), obligation.savingID.map { .text($0) } ?? .text("instalment"),
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
            reportID: id, title: "Repayments: \(fund.name)",
            subtitle: parameters.text("initiative").map { "Fund \(fund.id), initiative \($0)" } ?? "Fund \(fund.id)",
            keyFigures: [
                KeyFigure("Due", money(totals.due)),
                KeyFigure("Repaid", money(totals.repaid)),
                KeyFigure("Waived", money(totals.waived)),
                KeyFigure("Outstanding", money(totals.outstanding)),
            ],
            tables: [
                ReportTable(id: "terms", title: "Repayment terms", columns: [
                    ReportColumn("initiative", "Initiative"), ReportColumn("terms", "Terms"), ReportColumn("disbursed", "Disbursed"),
                    ReportColumn("due", "Due so far"), ReportColumn("remaining_capacity", "Remaining under the cap"),
                ], rows: terms),
                ReportTable(id: "obligations", title: "Obligations", columns: [
                    ReportColumn("initiative", "Initiative"), ReportColumn("department", "Department"), ReportColumn("saving", "Saving"),
                    ReportColumn("due_date", "Due date"), ReportColumn("amount", "Amount"),
                ], rows: obligations, totals: [.text("Total"), .empty, .empty, .empty, money(obligationTotal)]),
                ReportTable(id: "positions", title: "Per department", columns: [
                    ReportColumn("initiative", "Initiative"), ReportColumn("department", "Department"), ReportColumn("due", "Due"),
                    ReportColumn("repaid", "Repaid"), ReportColumn("waived", "Waived"), ReportColumn("outstanding", "Outstanding"),
                ], rows: positions, totals: [
                    .text("Total"), .empty, money(totals.due), money(totals.repaid), money(totals.waived), money(totals.outstanding),
                ]),
            ],
            notes: [
                "due(t) = min(share × saving(t), cap − due so far) for savings whose period ends within the horizon; outstanding = due − repaid − waived.",
            ])
    }
}
