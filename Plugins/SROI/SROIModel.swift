import FundLedger
import Memberwise

/// How the years of an SROI are discounted.
public enum DiscountingConvention: String, Sendable, CaseIterable {
    /// Year 1 (the base year) is not discounted, year 2 is discounted once, … (the SROI Guide's tables).
    case firstYearUndiscounted = "first-year-undiscounted"
    /// Every year is discounted to the start of the base year, year 1 once (flows at each year's end).
    case endOfYear = "end-of-year"

    /// How many times a flow in `year` is discounted when the evaluation starts in `baseYear`.
    public func discountYears(year: Int, baseYear: Int) -> Int {
        switch self {
        case .firstYearUndiscounted: max(year - baseYear, 0)
        case .endOfYear: max(year - baseYear + 1, 0)
        }
    }
}

/// The assumptions one SROI rests on (from `EvaluationAssumptionsRecorded`).
@PublicMemberwiseInit
public struct SROIAssumptions: Sendable, Equatable {
    public var deadweight: Rate
    public var displacement: Rate
    public var attribution: Rate
    public var dropOff: Rate
    public var discountRate: Rate
    public var horizonYears: Int

    public init(_ recorded: EvaluationAssumptionsRecorded) {
        self.init(deadweight: recorded.deadweight, displacement: recorded.displacement, attribution: recorded.attribution,
                  dropOff: recorded.dropOff, discountRate: recorded.discountRate, horizonYears: recorded.horizonYears)
    }
}

/// One measured outcome to value: a quantity in a year, and the proxy value of one unit (öre).
@PublicMemberwiseInit
public struct SROIOutcome: Sendable, Equatable {
    public var outcomeID: String
    public var year: Int
    public var quantity: Rate
    public var proxyOre: Int64
}

/// One initiative's inputs, outcomes and assumptions.
@PublicMemberwiseInit
public struct SROIInput: Sendable, Equatable {
    public var initiativeID: String
    public var inputsOre: Int64
    public var outcomes: [SROIOutcome]
    public var assumptions: SROIAssumptions
}

/// One outcome's impact in one year, and its present value.
public struct SROIYearRow: Sendable, Equatable {
    public var initiativeID: String
    public var outcomeID: String
    /// The year the outcome was measured (its first year of impact).
    public var measuredYear: Int
    public var year: Int
    /// Impact after deadweight, displacement, attribution and drop-off, rounded to the öre.
    public var impactOre: Int64
    /// Times discounted.
    public var discountYears: Int
    /// The impact discounted, rounded to the öre.
    public var presentValueOre: Int64
    /// The unrounded present value, for break-even searches.
    public var presentValue: ExactAmount
}

/// An SROI's figures. Totals are sums of the rows' rounded öre, so the tables add up.
public struct SROIResult: Sendable, Equatable {
    public var rows: [SROIYearRow]
    public var inputsOre: Int64
    public var presentValueOre: Int64
    /// PV − inputs.
    public var netPresentValueOre: Int64
    /// PV / inputs (9 decimals, half to even); nil without inputs.
    public var ratio: Rate?
    /// NPV / inputs.
    public var netRatio: Rate?
    /// The first year in which the cumulative present value reaches the inputs; nil if it never does
    /// within the horizon.
    public var paybackYear: Int?
    /// The unrounded NPV, for break-even searches.
    public var exactNetPresentValue: ExactAmount
}

/// The SROI model of domain.md (model 4), pure: no database, no report.
///
/// impact(first year) = quantity × proxy × (1 − deadweight) × (1 − displacement) × (1 − attribution);
/// impact(each later year) = previous × (1 − drop-off), for `horizonYears` years in all;
/// PV = Σ impact / (1 + discount rate)^k with k from the discounting convention; NPV = PV − inputs;
/// ratio = PV / inputs; net ratio = NPV / inputs.
public enum SROIModel {
    /// One outcome's impact per year, unrounded (nano-öre), first year first.
    public static func impacts(of outcome: SROIOutcome, _ assumptions: SROIAssumptions) throws -> [(year: Int, impact: ExactAmount)] {
        var impact = try ExactAmount.product(quantity: outcome.quantity, ore: outcome.proxyOre)
            .timesOneMinus(assumptions.deadweight)
            .timesOneMinus(assumptions.displacement)
            .timesOneMinus(assumptions.attribution)
        var years: [(Int, ExactAmount)] = []
        for offset in 0..<assumptions.horizonYears {
            if offset > 0 { impact = try impact.timesOneMinus(assumptions.dropOff) }
            years.append((outcome.year + offset, impact))
        }
        return years
    }

    /// The SROI of one or more initiatives together, discounted to `baseYear` (default: the earliest year
    /// with an outcome).
    public static func evaluate(_ inputs: [SROIInput], convention: DiscountingConvention, baseYear: Int? = nil) throws -> SROIResult {
        let base = baseYear ?? inputs.flatMap { $0.outcomes.map(\.year) }.min() ?? 0
        var rows: [SROIYearRow] = []
        var exactPV = ExactAmount.zero
        for input in inputs {
            for outcome in input.outcomes {
                for (year, impact) in try impacts(of: outcome, input.assumptions) {
                    let k = convention.discountYears(year: year, baseYear: base)
                    let pv = try impact.discounted(at: input.assumptions.discountRate, years: k)
                    exactPV = try exactPV.adding(pv)
                    rows.append(SROIYearRow(
                        initiativeID: input.initiativeID, outcomeID: outcome.outcomeID, measuredYear: outcome.year, year: year,
                        impactOre: try impact.ore(), discountYears: k, presentValueOre: try pv.ore(), presentValue: pv))
                }
            }
        }
        // Every total below, in this model and in the report's tables, is a sum of these figures.
        try FigureArithmetic.requireSummable(rows.lazy.flatMap { [$0.impactOre, $0.presentValueOre] })
        try FigureArithmetic.requireSummable(inputs.lazy.map(\.inputsOre))
        let inputsOre = inputs.reduce(Int64(0)) { $0 + $1.inputsOre }
        let pvOre = rows.reduce(Int64(0)) { $0 + $1.presentValueOre }
        let npvOre = pvOre - inputsOre
        var cumulative: Int64 = 0
        var payback: Int?
        for year in Set(rows.map(\.year)).sorted() {
            cumulative += rows.filter { $0.year == year }.reduce(0) { $0 + $1.presentValueOre }
            if inputsOre > 0, cumulative >= inputsOre {
                payback = year
                break
            }
        }
        return SROIResult(
            rows: rows, inputsOre: inputsOre, presentValueOre: pvOre, netPresentValueOre: npvOre,
            ratio: inputsOre > 0 ? ExactRatio.rate(pvOre, inputsOre) : nil,
            netRatio: inputsOre > 0 ? ExactRatio.rate(npvOre, inputsOre) : nil, paybackYear: payback,
            exactNetPresentValue: try exactPV.adding(ExactAmount(ore: -inputsOre)))
    }
}
