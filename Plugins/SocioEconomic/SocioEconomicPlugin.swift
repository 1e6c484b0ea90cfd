import FundLedger
import Projections
import Reporting

/// `socio-economic`: Nilsson & Wadeskog's socio-economic calculation for one initiative (domain.md model 6;
/// docs/models/socio-economic.md): the cost of exclusion (utanförskap) per person-year from the unit-cost
/// catalogue, split over the actors who bear it; costs avoided per actor over one year and the horizon; the
/// break-even share of the target group.
public struct SocioEconomicPlugin: EvaluationReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("socio-economic", parameters: [
        .fund,
        .initiative(.seHelpInitiative),
        ParameterSpec("exclusion-outcome", .text, help: .seHelpExclusion, default: "utanforskap"),
        ParameterSpec("horizon-years", .integer, help: .seHelpHorizon, default: "5"),
        ParameterSpec("price-year", .integer, help: .seHelpPriceYear),
        EvaluationPlugin.priceIndex,
    ])

    /// The model's input for one initiative, read from the fold; unreadable measurements are described in
    /// `notes`, in the language of `texts`.
    public static func input(
        _ initiative: InitiativeState, fund: FundState, state: EvaluationState, exclusionOutcome: String, horizonYears: Int,
        priceYear: Int?, indexID: String, notes: inout [String], texts: ReportTexts = ReportTexts(.en)
    ) throws -> SocioEconomicInput {
        guard let entry = state.valuation.unitCosts[fund.organisationID]?[exclusionOutcome] else {
            throw ValuationDataError("the unit-cost catalogue of \(fund.organisationID) has no \(exclusionOutcome) (the cost of one person-year of exclusion); record it with `fundledger valuation unit-cost`")
        }
        guard entry.cost.currency == fund.currency else {
            throw ValuationDataError("the unit cost of \(exclusionOutcome) is in \(entry.cost.currency); fund \(fund.id) reports in \(fund.currency)")
        }
        let assumptions = try state.assumptions(fund: fund.id, initiative: initiative.id)
        guard let size = assumptions.targetGroupSize else {
            throw ValuationDataError("no target group size is recorded for \(initiative.id); record it with `fundledger valuation assumptions --target-group-size N`")
        }
        let split = try state.split(entry, uprated: priceYear, indexID: indexID, fund: fund)
        let (measured, unreadable) = state.measuredQuantities(initiative)
        for outcome in unreadable where outcome.indicator == exclusionOutcome {
            notes.append(texts(.seNotCounted, outcome.indicator, outcome.value, outcome.period))
        }
        var succeeded = Rate.zero
        for measurement in measured where measurement.indicator == exclusionOutcome {
            succeeded = try succeeded + measurement.quantity
        }
        let phasing = initiative.decision?.phasing.map(\.year) ?? []
        let years = Set(phasing.isEmpty ? initiative.application.requestedPerYear.map(\.year) : phasing).count
        let investor = state.ledger.organisations[fund.organisationID]?.kind ?? "kommun"
        return SocioEconomicInput(
            investmentOre: initiative.granted.ore + initiative.coFinancing.ore, investmentYears: max(years, 1), investor: investor,
            targetGroupSize: size, succeeded: succeeded, exclusionCostPerPersonYear: split, horizonYears: horizonYears)
    }

    public func evaluate(_ state: EvaluationState, _ parameters: ReportParameters) throws -> ReportDocument {
        let fund = try state.fund(parameters.text("fund") ?? "")
        guard let initiativeID = parameters.text("initiative") else {
            throw ValuationDataError("name the initiative (parameter initiative): the calculation is about one target group")
        }
        let initiative = try state.initiative(initiativeID, of: fund)
        let horizon = Int(parameters.integer("horizon-years") ?? 5)
        guard (1...ValuationRules.horizonYearsMax).contains(horizon) else {
            throw ValuationDataError("horizon-years is \(horizon); it must be 1 to \(ValuationRules.horizonYearsMax)")
        }
        let exclusion = parameters.text("exclusion-outcome") ?? "utanforskap"
        let priceYear = parameters.integer("price-year").map(Int.init)
        var notes: [String] = []
        let input = try Self.input(
            initiative, fund: fund, state: state, exclusionOutcome: exclusion, horizonYears: horizon, priceYear: priceYear,
            indexID: parameters.text("price-index") ?? "kpi", notes: &notes, texts: parameters.texts)
        let result = try SocioEconomicModel.evaluate(input)
        let t = parameters.texts
        if let entry = state.valuation.unitCosts[fund.organisationID]?[exclusion] {
            let uprated = priceYear.map { t(.seUprated, $0) } ?? ""
            notes.append(t(.seNoteCost, exclusion, entry.cost, entry.unit, entry.priceYear, uprated, entry.source))
        }
        if let assumptions = state.valuation.assumptions(fund: fund.id, initiative: initiative.id) {
            notes.append(t(.seNoteTargetGroup, input.targetGroupSize, assumptions.source))
        }
        return SocioEconomicDocument(fund: fund, initiativeID: initiativeID, input: input, result: result, notes: notes, texts: t).document()
    }
}
