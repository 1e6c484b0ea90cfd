import FundLedger
import Projections
import Reporting

/// `cost-benefit`: cost–benefit analysis by agency in the Greater Manchester style (domain.md model 5;
/// docs/models/cost-benefit.md). Measured outcomes are valued with the organisation's unit-cost catalogue
/// (indicator name = outcome id), each unit cost split over the agencies that bear it.
public struct CostBenefitPlugin: EvaluationReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("cost-benefit", parameters: [
        .fund,
        .initiative(.helpInitiativeOne),
        ParameterSpec("price-year", .integer, help: .cbHelpPriceYear),
        EvaluationPlugin.priceIndex,
    ])

    /// One initiative's valued outcomes, with each share uprated to `priceYear`; the rest described in `notes`,
    /// in the language of `texts`.
    public static func outcomes(
        _ initiative: InitiativeState, fund: FundState, state: EvaluationState, priceYear: Int?, indexID: String, notes: inout [String],
        texts t: ReportTexts = ReportTexts(.en)
    ) throws -> [CBAOutcome] {
        let unitCosts = state.valuation.unitCosts[fund.organisationID]
        var outcomes: [CBAOutcome] = []
        for (measurement, entry) in state.valued(initiative, by: { unitCosts?[$0] }, missing: .cbNoUnitCost, notes: &notes, texts: t) {
            guard entry.cost.currency == fund.currency else {
                throw ValuationDataError("the unit cost of \(entry.outcomeID) is in \(entry.cost.currency); fund \(fund.id) reports in \(fund.currency)")
            }
            // Each share is uprated on its own, so the agencies' figures add up to the report's totals.
            let split = try state.split(entry, uprated: priceYear, indexID: indexID, fund: fund)
            outcomes.append(CBAOutcome(outcomeID: entry.outcomeID, year: measurement.year, quantity: measurement.quantity, kind: entry.kind, split: split))
        }
        return outcomes
    }

    public func evaluate(_ state: EvaluationState, _ parameters: ReportParameters) throws -> ReportDocument {
        let fund = try state.fund(parameters.text("fund") ?? "")
        let priceYear = parameters.integer("price-year").map(Int.init)
        let indexID = parameters.text("price-index") ?? "kpi"
        let t = parameters.texts
        var notes: [String] = []
        let initiatives = try state.initiatives(parameters.text("initiative"), of: fund)
        var lines: [CBABenefitLine] = []
        var costsByYear: [Int: Int64] = [:]
        var perInitiative: [(id: String, result: CBAResult)] = []
        for initiative in initiatives {
            let outcomes = try Self.outcomes(initiative, fund: fund, state: state, priceYear: priceYear, indexID: indexID, notes: &notes, texts: t)
            guard !outcomes.isEmpty else { continue }
            let recorded = try state.assumptions(fund: fund.id, initiative: initiative.id)
            let costs = state.valuation.investedByYear(fund: fund.id, initiative: initiative.id)
            let result = try CostBenefitModel.evaluate(outcomes: outcomes, costsByYear: costs, adjustments: CBAAdjustments(recorded))
            perInitiative.append((initiative.id, result))
            lines += result.lines
            costsByYear.merge(costs, uniquingKeysWith: +)
            notes.append(t(.cbNoteAssumptions, initiative.id, t.percent(recorded.deadweight), t.percent(recorded.displacement),
                           t.percent(recorded.attribution), t.percent(recorded.optimismBias), recorded.source))
        }
        guard !perInitiative.isEmpty else {
            throw ValuationDataError("no measured outcome of \(parameters.text("initiative") ?? "fund \(fund.id)") has a unit cost; record outcomes and the unit-cost catalogue first (docs/valuation.md)")
        }
        // The fund's totals: the initiatives' lines and costs together (each line already adjusted by its own assumptions).
        let combined = try CostBenefitModel.summarise(lines: lines, costsByYear: costsByYear)
        for outcomeID in Set(lines.map(\.outcomeID)).sorted() {
            if let entry = state.valuation.unitCosts[fund.organisationID]?[outcomeID] {
                notes.append(t(.cbNoteUnitCost, outcomeID, entry.cost, entry.unit, t(entry.kind.text), entry.priceYear, entry.source))
            }
        }
        return CostBenefitDocument(fund: fund, result: combined, perInitiative: perInitiative, priceYear: priceYear, notes: notes, texts: t)
            .document(subtitle: parameters.text("initiative").map { t(.emInitiativeSubtitle, $0) } ?? t(.emAllInitiatives))
    }
}
