import FundLedger

/// An assumption the sensitivity table varies.
public enum SROIAssumption: String, Sendable, CaseIterable {
    case deadweight, displacement, attribution
    case dropOff = "drop-off"
    case discountRate = "discount-rate"

    /// The assumption's value.
    public func value(in assumptions: SROIAssumptions) -> Rate {
        switch self {
        case .deadweight: assumptions.deadweight
        case .displacement: assumptions.displacement
        case .attribution: assumptions.attribution
        case .dropOff: assumptions.dropOff
        case .discountRate: assumptions.discountRate
        }
    }

    /// The assumptions with this one set to `value`.
    public func setting(_ value: Rate, in assumptions: SROIAssumptions) -> SROIAssumptions {
        var changed = assumptions
        switch self {
        case .deadweight: changed.deadweight = value
        case .displacement: changed.displacement = value
        case .attribution: changed.attribution = value
        case .dropOff: changed.dropOff = value
        case .discountRate: changed.discountRate = value
        }
        return changed
    }
}

/// One line of the sensitivity table.
public struct SROISensitivityRow: Sendable, Equatable {
    public var assumption: SROIAssumption
    /// The value recorded (for several initiatives: the first one's; every initiative moves by the step).
    public var current: Rate
    public var low: Rate
    public var ratioAtLow: Rate?
    public var high: Rate
    public var ratioAtHigh: Rate?
    /// The highest value (0–100 %, to the billionth) at which NPV is still at least zero when this
    /// assumption alone is set to it for every initiative; nil when NPV is below zero even at 0 % or stays
    /// at least zero even at 100 %.
    public var breakEven: Rate?
    /// NPV is still at least zero at 100 %: the assumption cannot sink the investment.
    public var breaksEvenAtAnyValue: Bool
}

/// Each assumption ± a step, and its break-even value.
public enum SROISensitivity {
    /// Moves each assumption by −`step` and +`step` (kept within 0–100 %) for every initiative, and finds
    /// each one's break-even by bisection over whole billionths, so the answer is exact and the same on
    /// every machine.
    public static func table(_ inputs: [SROIInput], convention: DiscountingConvention, baseYear: Int?, step: Rate) throws -> [SROISensitivityRow] {
        let base = baseYear ?? inputs.flatMap { $0.outcomes.map(\.year) }.min() ?? 0
        var rows: [SROISensitivityRow] = []
        for assumption in SROIAssumption.allCases {
            func shifted(_ delta: Int64) -> [SROIInput] {
                inputs.map { input in
                    var moved = input
                    let units = min(max(assumption.value(in: input.assumptions).units + delta, 0), Rate.scale)
                    moved.assumptions = assumption.setting(Rate(units: units), in: input.assumptions)
                    return moved
                }
            }
            func setTo(_ units: Int64) -> [SROIInput] {
                inputs.map { input in
                    var moved = input
                    moved.assumptions = assumption.setting(Rate(units: units), in: input.assumptions)
                    return moved
                }
            }
            func breaksEven(_ units: Int64) throws -> Bool {
                try SROIModel.evaluate(setTo(units), convention: convention, baseYear: base).exactNetPresentValue.nano >= 0
            }
            let current = inputs.first.map { assumption.value(in: $0.assumptions) } ?? .zero
            let lowInputs = shifted(-step.units)
            let highInputs = shifted(step.units)
            var breakEven: Rate?
            var atAnyValue = false
            if try breaksEven(Rate.scale) {
                atAnyValue = true
            } else if try breaksEven(0) {
                // NPV falls as the assumption rises: find the last value where it is still ≥ 0.
                var good: Int64 = 0
                var bad: Int64 = Rate.scale
                while bad - good > 1 {
                    let middle = good + (bad - good) / 2
                    if try breaksEven(middle) { good = middle } else { bad = middle }
                }
                breakEven = Rate(units: good)
            }
            rows.append(SROISensitivityRow(
                assumption: assumption, current: current,
                low: lowInputs.first.map { assumption.value(in: $0.assumptions) } ?? .zero,
                ratioAtLow: try SROIModel.evaluate(lowInputs, convention: convention, baseYear: base).ratio,
                high: highInputs.first.map { assumption.value(in: $0.assumptions) } ?? .zero,
                ratioAtHigh: try SROIModel.evaluate(highInputs, convention: convention, baseYear: base).ratio,
                breakEven: breakEven, breaksEvenAtAnyValue: atAnyValue))
        }
        return rows
    }
}
