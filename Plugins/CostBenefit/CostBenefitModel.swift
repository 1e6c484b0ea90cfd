import FundLedger
import Memberwise

/// One measured outcome valued with a unit cost: the quantity, the year, and the unit cost's split (each
/// share already in the report's price year).
@PublicMemberwiseInit
public struct CBAOutcome: Sendable, Equatable {
    public var outcomeID: String
    public var year: Int
    public var quantity: Rate
    public var kind: ValueKind
    public var split: [CostShare]
}

/// The adjustments a cost–benefit analysis applies to every benefit.
@PublicMemberwiseInit
public struct CBAAdjustments: Sendable, Equatable {
    public var deadweight: Rate = .zero
    public var displacement: Rate = .zero
    public var attribution: Rate = .zero
    /// Benefits are reduced by this share to correct for optimism.
    public var optimismBias: Rate = .zero

    public init(_ recorded: EvaluationAssumptionsRecorded) {
        self.init(deadweight: recorded.deadweight, displacement: recorded.displacement, attribution: recorded.attribution,
                  optimismBias: recorded.optimismBias)
    }
}

/// One benefit: an outcome's value to one actor in one year, after every adjustment, rounded to the öre.
public struct CBABenefitLine: Sendable, Equatable {
    public var outcomeID: String
    public var year: Int
    public var kind: ValueKind
    public var actor: String
    public var cashable: Bool
    /// quantity × the actor's share, before adjustments, rounded to the öre.
    public var grossOre: Int64
    /// After deadweight, displacement, attribution and optimism bias.
    public var valueOre: Int64
}

/// One agency's fiscal benefits and return.
public struct CBAAgency: Sendable, Equatable {
    public var actor: String
    public var cashableOre: Int64
    public var nonCashableOre: Int64
    public var totalOre: Int64 { cashableOre + nonCashableOre }
    /// Fiscal benefits to this agency / the whole cost.
    public var fiscalReturn: Rate?
}

/// A cost–benefit analysis's figures.
public struct CBAResult: Sendable, Equatable {
    public var lines: [CBABenefitLine]
    public var costOre: Int64
    public var fiscalOre: Int64
    public var economicOre: Int64
    public var socialOre: Int64
    public var cashableOre: Int64
    public var nonCashableOre: Int64
    /// Fiscal agencies, most benefit first.
    public var agencies: [CBAAgency]
    /// Fiscal benefits / cost.
    public var fiscalReturn: Rate?
    /// (Fiscal + economic) / cost.
    public var economicReturn: Rate?
    /// (Fiscal + economic + social) / cost: the public value return.
    public var publicValueReturn: Rate?
    /// The first year in which cumulative fiscal benefits reach cumulative costs; nil if none does.
    public var paybackYear: Int?
    /// Cost and fiscal benefit per year.
    public var years: [(year: Int, costOre: Int64, fiscalOre: Int64)]

    public static func == (lhs: CBAResult, rhs: CBAResult) -> Bool {
        lhs.lines == rhs.lines && lhs.costOre == rhs.costOre && lhs.agencies == rhs.agencies && lhs.paybackYear == rhs.paybackYear
            && lhs.years.map(\.year) == rhs.years.map(\.year) && lhs.years.map(\.costOre) == rhs.years.map(\.costOre)
            && lhs.years.map(\.fiscalOre) == rhs.years.map(\.fiscalOre)
    }
}

/// Cost–benefit analysis by agency, Greater Manchester style (domain.md model 5), pure.
///
/// benefit(outcome, actor) = quantity × the actor's share of the unit cost × (1 − deadweight) ×
/// (1 − displacement) × (1 − attribution) × (1 − optimism bias), rounded to the öre per line (half to
/// even); fiscal, economic and social value are kept apart; fiscal return = fiscal benefits / cost, per
/// agency and in total; payback = the first year in which cumulative fiscal benefits ≥ cumulative costs.
public enum CostBenefitModel {
    public static func evaluate(outcomes: [CBAOutcome], costsByYear: [Int: Int64], adjustments: CBAAdjustments) throws -> CBAResult {
        try summarise(lines: try lines(outcomes: outcomes, adjustments: adjustments), costsByYear: costsByYear)
    }

    /// Each outcome's value to each actor, adjusted and rounded to the öre.
    public static func lines(outcomes: [CBAOutcome], adjustments: CBAAdjustments) throws -> [CBABenefitLine] {
        var lines: [CBABenefitLine] = []
        for outcome in outcomes {
            for share in outcome.split {
                let gross = ExactAmount.product(quantity: outcome.quantity, ore: share.amount.ore)
                let value = try gross.timesOneMinus(adjustments.deadweight).timesOneMinus(adjustments.displacement)
                    .timesOneMinus(adjustments.attribution).timesOneMinus(adjustments.optimismBias)
                lines.append(CBABenefitLine(
                    outcomeID: outcome.outcomeID, year: outcome.year, kind: outcome.kind, actor: share.actor, cashable: share.cashable,
                    grossOre: try gross.ore(), valueOre: try value.ore()))
            }
        }
        return lines
    }

    /// Totals, returns and payback of benefit lines against costs (several initiatives' lines may be summed,
    /// each adjusted by its own assumptions).
    public static func summarise(lines: [CBABenefitLine], costsByYear: [Int: Int64]) throws -> CBAResult {
        // Every total below, in this model and in the report's tables, is a sum of these figures.
        try FigureArithmetic.requireSummable(lines.lazy.flatMap { [$0.grossOre, $0.valueOre] })
        try FigureArithmetic.requireSummable(costsByYear.values)
        func total(_ kind: ValueKind) -> Int64 { lines.filter { $0.kind == kind }.reduce(0) { $0 + $1.valueOre } }
        let cost = costsByYear.values.reduce(0, +)
        let fiscal = lines.filter { $0.kind == .fiscal }
        var agencies: [String: CBAAgency] = [:]
        for line in fiscal {
            var agency = agencies[line.actor] ?? CBAAgency(actor: line.actor, cashableOre: 0, nonCashableOre: 0)
            if line.cashable { agency.cashableOre += line.valueOre } else { agency.nonCashableOre += line.valueOre }
            agencies[line.actor] = agency
        }
        let agencyList = agencies.values.map { agency in
            var withReturn = agency
            withReturn.fiscalReturn = ExactRatio.rate(agency.totalOre, cost)
            return withReturn
        }.sorted { ($0.totalOre, $1.actor) > ($1.totalOre, $0.actor) }
        let fiscalOre = total(.fiscal)
        let economicOre = total(.economic)
        let socialOre = total(.social)
        var years: [(Int, Int64, Int64)] = []
        var payback: Int?
        var cumulativeCost: Int64 = 0
        var cumulativeBenefit: Int64 = 0
        for year in Set(costsByYear.keys).union(fiscal.map(\.year)).sorted() {
            let yearCost = costsByYear[year] ?? 0
            let yearBenefit = fiscal.filter { $0.year == year }.reduce(Int64(0)) { $0 + $1.valueOre }
            years.append((year, yearCost, yearBenefit))
            cumulativeCost += yearCost
            cumulativeBenefit += yearBenefit
            if payback == nil, cumulativeCost > 0, cumulativeBenefit >= cumulativeCost { payback = year }
        }
        return CBAResult(
            lines: lines, costOre: cost, fiscalOre: fiscalOre, economicOre: economicOre, socialOre: socialOre,
            cashableOre: fiscal.filter(\.cashable).reduce(0) { $0 + $1.valueOre },
            nonCashableOre: fiscal.filter { !$0.cashable }.reduce(0) { $0 + $1.valueOre },
            agencies: agencyList, fiscalReturn: ExactRatio.rate(fiscalOre, cost),
            economicReturn: ExactRatio.rate(fiscalOre + economicOre, cost),
            publicValueReturn: ExactRatio.rate(fiscalOre + economicOre + socialOre, cost), paybackYear: payback, years: years)
    }
}
