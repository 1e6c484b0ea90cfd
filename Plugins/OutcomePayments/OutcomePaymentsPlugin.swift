import FundLedger
import Projections
import Reporting

/// `outcome-payments`: what each social-impact-bond contract of a fund owes, period by period, from the
/// measured outcomes of the treated cohort and its comparison group (domain.md model 7;
/// docs/models/outcome-payments.md).
public struct OutcomePaymentsPlugin: EvaluationReportPlugin {
    public init() {}

    public var id: String { "outcome-payments" }
    public var summary: String { ReportTexts(.en).template(.opSummary) }

    public var parameters: [ParameterSpec] {
        [
            .fund,
            ParameterSpec("contract", .text, help: "One contract; without it, every contract of the fund."),
        ]
    }

    /// The periods in which both the treated and the comparison indicator were measured, in the order the
    /// treated figures were recorded; a period measured twice counts with its latest figure. Unreadable or
    /// unpaired measurements are described in `notes`.
    public static func measurements(
        for contract: OutcomeContractAgreed, initiative: InitiativeState, state: EvaluationState, notes: inout [String]
    ) -> [CohortMeasurement] {
        var treated: [String: Rate] = [:]
        var comparison: [String: Rate] = [:]
        var order: [String] = []
        for outcome in initiative.outcomes where [contract.treatedIndicator, contract.comparisonIndicator].contains(outcome.indicator) {
            guard let quantity = outcome.quantity else {
                notes.append("\(contract.contractID): \(outcome.indicator) = \"\(outcome.value)\" (\(outcome.period)) is not a number; not counted.")
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
                notes.append("\(contract.contractID): \(period) has a treated figure but no comparison figure; nothing is due for it yet.")
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
        var notes: [String] = [
            "reduction = (comparison − treated) / comparison, compared exactly with the threshold; shown as a percentage to 2 decimals (exact, 9 decimals, in CSV and JSON).",
            "due = (comparison − treated) × payment per outcome, rounded to the öre (half to even), only at or above the threshold, and never beyond what is left of the cap.",
        ]
        var rows: [[ReportValue]] = []
        var totalDue: Int64 = 0
        var totalCap: Int64 = 0
        for contract in contracts {
            let initiative = try state.initiative(contract.initiativeID, of: fund)
            let terms = OutcomePaymentTerms(threshold: contract.threshold, paymentPerOutcomeOre: contract.paymentPerOutcome.ore, capOre: contract.cap.ore)
            let payments = try OutcomePaymentModel.payments(Self.measurements(for: contract, initiative: initiative, state: state, notes: &notes), terms: terms)
            for payment in payments {
                rows.append([
                    .text(contract.contractID), .text(payment.measurement.period), .decimal(payment.measurement.treated.description),
                    .decimal(payment.measurement.comparison.description), payment.reduction.map { .share($0) } ?? .empty,
                    .share(contract.threshold), .text(payment.thresholdMet ? "yes" : "no"), .decimal(payment.outcomes.description),
                    .money(ore: payment.earnedOre, currency: currency), .money(ore: payment.dueOre, currency: currency),
                    .money(ore: payment.cumulativeOre, currency: currency),
                ])
            }
            totalDue += payments.last?.cumulativeOre ?? 0
            totalCap += contract.cap.ore
            notes.append("\(contract.contractID) (\(contract.initiativeID)): \(contract.treatedIndicator) against \(contract.comparisonIndicator), threshold \(contract.threshold.percent), \(contract.paymentPerOutcome) per outcome, cap \(contract.cap) — source: \(contract.source).")
        }
        let table = ReportTable(
            id: "payments", title: "Payments by contract and period",
            columns: [
                ReportColumn("contract", "Contract"), ReportColumn("period", "Period"), ReportColumn("treated", "Treated"),
                ReportColumn("comparison", "Comparison"), ReportColumn("reduction", "Reduction"), ReportColumn("threshold", "Threshold"),
                ReportColumn("threshold_met", "Threshold met"), ReportColumn("outcomes", "Outcomes paid for"),
                ReportColumn("earned", "Earned before cap"), ReportColumn("due", "Due"), ReportColumn("cumulative", "Due so far"),
            ],
            rows: rows)
        return ReportDocument(
            reportID: id, title: "Outcome payments — \(fund.name)",
            subtitle: parameters.text("contract").map { "Contract \($0)" } ?? "All contracts",
            keyFigures: [
                KeyFigure("Due in total", .money(ore: totalDue, currency: currency)),
                KeyFigure("Caps in total", .money(ore: totalCap, currency: currency)),
                KeyFigure("Left under the caps", .money(ore: totalCap - totalDue, currency: currency)),
            ],
            tables: [table], notes: notes)
    }
}
