import FundLedger
import Projections
import Reporting

/// `outcome-payments`: what each social-impact-bond contract of a fund owes, period by period, from the
/// measured outcomes of the treated cohort and its comparison group (domain.md model 7;
/// docs/models/outcome-payments.md).
public struct OutcomePaymentsPlugin: EvaluationReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("outcome-payments", parameters: [
        .fund,
        ParameterSpec("contract", .text, help: .opHelpContract),
    ])

    /// The periods in which both the treated and the comparison indicator were measured, in the order the
    /// treated figures were recorded; a period measured twice counts with its latest figure. Unreadable or
    /// unpaired measurements are described in `notes`, in the language of `texts`.
    public static func measurements(
        for contract: OutcomeContractAgreed, initiative: InitiativeState, state: EvaluationState, notes: inout [String],
        texts: ReportTexts = ReportTexts(.en)
    ) -> [CohortMeasurement] {
        var treated: [String: Rate] = [:]
        var comparison: [String: Rate] = [:]
        var order: [String] = []
        for outcome in initiative.outcomes where [contract.treatedIndicator, contract.comparisonIndicator].contains(outcome.indicator) {
            guard let quantity = outcome.quantity else {
                notes.append(texts(.opNotNumber, contract.contractID, outcome.indicator, outcome.value, outcome.period))
                continue
            }
            if outcome.indicator == contract.treatedIndicator {
                if treated[outcome.period] == nil { order.append(outcome.period) }
                treated[outcome.period] = quantity
            } else {
                comparison[outcome.period] = quantity
            }
        }
        var paired: [CohortMeasurement] = []
        for period in order {
            guard let treatedValue = treated[period], let comparisonValue = comparison[period] else {
                notes.append(texts(.opNoComparison, contract.contractID, period))
                continue
            }
            paired.append(CohortMeasurement(period: period, treated: treatedValue, comparison: comparisonValue))
        }
        return paired
    }

    public func evaluate(_ state: EvaluationState, _ parameters: ReportParameters) throws -> ReportDocument {
        let fund = try state.fund(parameters.text("fund") ?? "")
        var contracts = (state.valuation.contracts[fund.id] ?? [:]).values.sorted { $0.contractID < $1.contractID }
        if let contractID = parameters.text("contract") {
            contracts = contracts.filter { $0.contractID == contractID }
            guard !contracts.isEmpty else {
                throw ValuationDataError("fund \(fund.id) has no outcome contract \(contractID); record it with `fundledger valuation contract`")
            }
        }
        guard !contracts.isEmpty else {
            throw ValuationDataError("fund \(fund.id) has no outcome contracts; record one with `fundledger valuation contract`")
        }
        let currency = fund.currency.code
        let t = parameters.texts
        var notes = [t(.opNoteReduction), t(.opNoteDue)]
        var rows: [[ReportValue]] = []
        var totalDue: Int64 = 0
        var totalCap: Int64 = 0
        for contract in contracts {
            let initiative = try state.initiative(contract.initiativeID, of: fund)
            let terms = OutcomePaymentTerms(threshold: contract.threshold, paymentPerOutcomeOre: contract.paymentPerOutcome.ore, capOre: contract.cap.ore)
            let payments = try OutcomePaymentModel.payments(Self.measurements(for: contract, initiative: initiative, state: state, notes: &notes, texts: t),
                                                            terms: terms)
            for payment in payments {
                rows.append([
                    .text(contract.contractID), .text(payment.measurement.period), .decimal(payment.measurement.treated.description),
                    .decimal(payment.measurement.comparison.description), payment.reduction.map { .share($0) } ?? .empty,
                    .share(contract.threshold), .text(t(payment.thresholdMet ? .yes : .no)), .decimal(payment.outcomes.description),
                    .money(ore: payment.earnedOre, currency: currency), .money(ore: payment.dueOre, currency: currency),
                    .money(ore: payment.cumulativeOre, currency: currency),
                ])
            }
            totalDue = try FigureArithmetic.sum(totalDue, payments.last?.cumulativeOre ?? 0)
            totalCap = try FigureArithmetic.sum(totalCap, contract.cap.ore)
            notes.append(t(.opNoteContract, contract.contractID, contract.initiativeID, contract.treatedIndicator, contract.comparisonIndicator,
                           t.percent(contract.threshold), contract.paymentPerOutcome, contract.cap, contract.source))
        }
        let table = ReportTable(
            id: "payments", title: t(.opTable),
            columns: [
                ReportColumn("contract", t(.paramContract)), ReportColumn("period", t(.pfPeriod)), ReportColumn("treated", t(.opTreated)),
                ReportColumn("comparison", t(.opComparison)), ReportColumn("reduction", t(.opReduction)), ReportColumn("threshold", t(.opThreshold)),
                ReportColumn("threshold_met", t(.opThresholdMet)), ReportColumn("outcomes", t(.opOutcomesPaid)),
                ReportColumn("earned", t(.opEarned)), ReportColumn("due", t(.due)), ReportColumn("cumulative", t(.rpDueSoFar)),
            ],
            rows: rows)
        return ReportDocument(
            reportID: id, title: t(.opTitle, fund.name),
            subtitle: parameters.text("contract").map { t(.opContractSubtitle, $0) } ?? t(.opAllContracts),
            keyFigures: [
                KeyFigure(t(.opDueTotal), .money(ore: totalDue, currency: currency)),
                KeyFigure(t(.opCapsTotal), .money(ore: totalCap, currency: currency)),
                KeyFigure(t(.opLeftUnderCaps), .money(ore: totalCap - totalDue, currency: currency)),
            ],
            tables: [table], notes: notes)
    }
}
