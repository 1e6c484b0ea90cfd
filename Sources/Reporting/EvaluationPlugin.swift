import FundLedger
import Projections

/// What the evaluation-model plugins (`sroi`, `socio-economic`, `cost-benefit`, `outcome-payments`) share:
/// the fold of the ledger and its valuation data, their common parameters, and how their data errors
/// become report errors.
public enum EvaluationPlugin {
    /// The fold every evaluation model reads: the ledger's state and the valuation data in force.
    public static func fold(_ name: String) -> Fold<EvaluationState> {
        Fold(name: name, initial: { EvaluationState() }, apply: { event, state in state.apply(event) })
    }

    /// `price-index`: the index used for uprating to a price year.
    public static let priceIndex = ParameterSpec(
        "price-index", .text, help: .helpPriceIndex, default: "kpi")

    /// Runs `make`, turning missing or inconsistent valuation data and overflows into `ReportError.plugin`.
    public static func report(id: String, _ make: () throws -> ReportDocument) throws -> ReportDocument {
        do {
            return try make()
        } catch let error as ValuationDataError {
            throw ReportError.plugin(id: id, message: error.message)
        } catch let error as MoneyError {
            throw ReportError.plugin(id: id, message: "a figure is too large to compute exactly (\(error))")
        }
    }
}

/// An evaluation-model plugin: it replays `EvaluationPlugin.fold` and makes its report in `evaluate`, whose
/// missing or inconsistent valuation data and overflows become `ReportError.plugin` (`EvaluationPlugin.report`).
public protocol EvaluationReportPlugin: ReportPlugin where Input == Fold<EvaluationState> {
    /// The report for the folded state; throws `ValuationDataError` for data the model cannot use.
    func evaluate(_ state: EvaluationState, _ parameters: ReportParameters) throws -> ReportDocument
}

extension EvaluationReportPlugin {
    public func projection(for parameters: ReportParameters) throws -> Fold<EvaluationState> {
        EvaluationPlugin.fold(id)
    }

    public func report(from state: EvaluationState, parameters: ReportParameters) throws -> ReportDocument {
        try EvaluationPlugin.report(id: id) { try evaluate(state, parameters) }
    }
}

extension EvaluationState {
    /// The initiative's measured quantities, each with what `valuation` gives for its indicator (the
    /// organisation's financial proxy or unit cost of that outcome id). A measurement that does not read as a
    /// quantity is described in `notes` as not valued, and one `valuation` has nothing for by `missing`
    /// (given the initiative, the indicator and the period), in the language of `texts`.
    public func valued<Value>(
        _ initiative: InitiativeState, by valuation: (String) -> Value?, missing: ReportText, notes: inout [String],
        texts t: ReportTexts
    ) -> [(measurement: MeasuredQuantity, value: Value)] {
        let (measured, unreadable) = measuredQuantities(initiative)
        notes += unreadable.map { t(.emNotValued, initiative.id, $0.indicator, $0.value, $0.period) }
        var valued: [(measurement: MeasuredQuantity, value: Value)] = []
        for measurement in measured {
            guard let value = valuation(measurement.indicator) else {
                notes.append(t(missing, initiative.id, measurement.indicator, measurement.period))
                continue
            }
            valued.append((measurement, value))
        }
        return valued
    }
}
