import FundLedger
import Projections
import Reporting

/// `sroi`: social return on investment per initiative and for a fund (domain.md model 4; docs/models/sroi.md).
///
/// Values each measured outcome with the organisation's financial proxy of the same id (indicator name =
/// outcome id), under the assumptions recorded for the initiative (or the fund), and compares the present
/// value with the inputs (disbursed plus co-financed).
public struct SROIPlugin: EvaluationReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("sroi", parameters: [
        .fund,
        .initiative(.helpInitiativeOne),
        ParameterSpec("discounting", .choice(DiscountingConvention.allCases.map(\.rawValue)), help: .sroiHelpDiscounting,
                      default: DiscountingConvention.firstYearUndiscounted.rawValue),
        ParameterSpec("base-year", .integer, help: .sroiHelpBaseYear).within(Rate(units: 1900 * Rate.scale), Rate(units: 9999 * Rate.scale)),
        ParameterSpec("price-year", .integer, help: .sroiHelpPriceYear),
        EvaluationPlugin.priceIndex,
        // A step of 0 would make the low and high columns the recorded figure, a negative one swap them.
        ParameterSpec("sensitivity-step", .decimal, help: .sroiHelpStep, default: "0.1").within(Rate(units: 1_000_000), .one),
    ])

    /// The inputs the model needs for one initiative, read from the fold; unvalued and unreadable outcomes
    /// are described in `notes`, in the language of `texts`.
    public static func input(
        _ initiative: InitiativeState, fund: FundState, state: EvaluationState, priceYear: Int?, indexID: String, notes: inout [String],
        texts t: ReportTexts = ReportTexts(.en)
    ) throws -> SROIInput? {
        let proxies = state.valuation.proxies[fund.organisationID]
        var outcomes: [SROIOutcome] = []
        for (measurement, proxy) in state.valued(initiative, by: { proxies?[$0] }, missing: .sroiNoProxy, notes: &notes, texts: t) {
            guard proxy.value.currency == fund.currency else {
                throw ValuationDataError("the proxy for \(proxy.outcomeID) is in \(proxy.value.currency); fund \(fund.id) reports in \(fund.currency)")
            }
            let proxyOre = try state.uprate(proxy.value.ore, from: proxy.priceYear, to: priceYear, indexID: indexID, organisation: fund.organisationID)
            outcomes.append(SROIOutcome(outcomeID: measurement.indicator, year: measurement.year, quantity: measurement.quantity, proxyOre: proxyOre))
        }
        guard !outcomes.isEmpty else { return nil }
        let assumptions = try state.assumptions(fund: fund.id, initiative: initiative.id)
        let inputsOre = initiative.disbursed.ore + initiative.coFinancing.ore
        return SROIInput(initiativeID: initiative.id, inputsOre: inputsOre, outcomes: outcomes, assumptions: SROIAssumptions(assumptions))
    }

    public func evaluate(_ state: EvaluationState, _ parameters: ReportParameters) throws -> ReportDocument {
        let fund = try state.fund(parameters.text("fund") ?? "")
        let convention = DiscountingConvention(rawValue: parameters.text("discounting") ?? "") ?? .firstYearUndiscounted
        let priceYear = parameters.integer("price-year").map(Int.init)
        let baseYear = parameters.integer("base-year").map(Int.init)
        let indexID = parameters.text("price-index") ?? "kpi"
        let step = parameters.decimal("sensitivity-step") ?? Rate(units: 100_000_000)
        var notes: [String] = []
        let initiatives = try state.initiatives(parameters.text("initiative"), of: fund)
        var inputs: [SROIInput] = []
        for initiative in initiatives {
            if let input = try Self.input(initiative, fund: fund, state: state, priceYear: priceYear, indexID: indexID, notes: &notes,
                                          texts: parameters.texts) {
                inputs.append(input)
            }
        }
        guard !inputs.isEmpty else {
            throw ValuationDataError("no measured outcome of \(parameters.text("initiative") ?? "fund \(fund.id)") has a financial proxy; record outcomes and proxies first (docs/valuation.md)")
        }
        let firstYear = inputs.flatMap { $0.outcomes.map(\.year) }.min()
        if let baseYear, let firstYear, baseYear > firstYear {
            throw ValuationDataError("base-year \(baseYear) is after the first measured year, \(firstYear); the model discounts to a base year no later than the first flow")
        }
        let result = try SROIModel.evaluate(inputs, convention: convention, baseYear: baseYear)
        let sensitivity = try SROISensitivity.table(inputs, convention: convention, baseYear: baseYear, step: step)
        let proxyYears = Set(inputs.flatMap(\.outcomes).compactMap { state.valuation.proxies[fund.organisationID]?[$0.outcomeID]?.priceYear })
        if priceYear == nil, proxyYears.count > 1 {
            notes.append(parameters.texts(.sroiNoteProxyYears, proxyYears.sorted().map(String.init).joined(separator: ", ")))
        }
        return SROIDocument(fund: fund, state: state, inputs: inputs, result: result, sensitivity: sensitivity, convention: convention,
                            priceYear: priceYear, step: step, notes: notes, texts: parameters.texts).document()
    }
}
