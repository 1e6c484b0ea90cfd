import FundLedger
import Memberwise

/// What the socio-economic calculation needs for one initiative.
@PublicMemberwiseInit
public struct SocioEconomicInput: Sendable, Equatable {
    /// Everything invested in the initiative (granted plus co-financing).
    public var investmentOre: Int64
    /// Over how many years it is invested (at least 1).
    public var investmentYears: Int
    /// Who bears the investment (`kommun` or `region`: the fund's owner).
    public var investor: String
    /// People in the target group.
    public var targetGroupSize: Int
    /// People who left exclusion (measured).
    public var succeeded: Rate
    /// The cost of one person's exclusion for one year, split over the actors who bear it.
    public var exclusionCostPerPersonYear: [CostShare]
    /// Years over which avoided costs are counted (besides the first year).
    public var horizonYears: Int
}

/// One actor's side: what it invests and what it no longer pays.
public struct SocioEconomicActor: Sendable, Equatable {
    public var actor: String
    /// Its share of one person-year of exclusion.
    public var costPerPersonYearOre: Int64
    /// The target group's exclusion cost to this actor in one year.
    public var groupCostPerYearOre: Int64
    public var investedOre: Int64
    /// Costs avoided in one year: succeeded × its share, rounded to the öre.
    public var avoidedFirstYearOre: Int64
    /// Costs avoided over the horizon: the first year's × the horizon.
    public var avoidedHorizonOre: Int64
    /// Avoided over the horizon − invested: positive gains, negative bears the cost.
    public var netHorizonOre: Int64 { avoidedHorizonOre - investedOre }
}

/// The calculation's figures.
public struct SocioEconomicResult: Sendable, Equatable {
    public var investmentPerYearOre: Int64
    public var costPerPersonYearOre: Int64
    /// The whole target group's exclusion cost in one year.
    public var groupCostPerYearOre: Int64
    /// investment per year / the group's yearly cost: the share who must leave exclusion for a year's
    /// avoided costs to equal a year's investment.
    public var breakEvenShare: Rate?
    /// The same as a number of people, rounded up.
    public var breakEvenPeople: Int64?
    /// succeeded / the target group.
    public var succeededShare: Rate?
    /// Actors, the most avoided cost first (the investor included even if it avoids nothing).
    public var actors: [SocioEconomicActor]
    public var avoidedFirstYearOre: Int64
    public var avoidedHorizonOre: Int64
    /// Actors who pay more than they avoid over the horizon.
    public var bearers: [String] { actors.filter { $0.netHorizonOre < 0 }.map(\.actor) }
    /// Actors who avoid more than they pay.
    public var gainers: [String] { actors.filter { $0.netHorizonOre > 0 }.map(\.actor) }
}

/// Nilsson & Wadeskog's socio-economic calculation (domain.md model 6), pure.
///
/// The cost of exclusion per person and year is split over the actors who bear it; costs avoided per
/// actor = people who left exclusion × the actor's share, for one year and over the horizon (undiscounted,
/// fixed prices, as the published calculations are); break-even share = investment per year / the target
/// group's yearly cost of exclusion.
public enum SocioEconomicModel {
    public static func evaluate(_ input: SocioEconomicInput) throws -> SocioEconomicResult {
        precondition(input.investmentYears >= 1 && input.horizonYears >= 1 && input.targetGroupSize >= 1, "checked when recorded")
        let perYear = try ExactAmount(ore: input.investmentOre).scaled(by: 1, over: Int128(input.investmentYears)).ore()
        let perPerson = input.exclusionCostPerPersonYear.reduce(Int64(0)) { $0 + $1.amount.ore }
        let groupSize = Int64(input.targetGroupSize)
        var actors: [SocioEconomicActor] = []
        for share in input.exclusionCostPerPersonYear {
            let avoided = try ExactAmount.product(quantity: input.succeeded, ore: share.amount.ore).ore()
            actors.append(SocioEconomicActor(
                actor: share.actor, costPerPersonYearOre: share.amount.ore,
                groupCostPerYearOre: try FigureArithmetic.product(share.amount.ore, groupSize),
                investedOre: share.actor == input.investor ? input.investmentOre : 0, avoidedFirstYearOre: avoided,
                avoidedHorizonOre: try FigureArithmetic.product(avoided, Int64(input.horizonYears))))
        }
        if !actors.contains(where: { $0.actor == input.investor }) {
            actors.append(SocioEconomicActor(
                actor: input.investor, costPerPersonYearOre: 0, groupCostPerYearOre: 0, investedOre: input.investmentOre,
                avoidedFirstYearOre: 0, avoidedHorizonOre: 0))
        }
        actors.sort { ($0.avoidedFirstYearOre, $1.actor) > ($1.avoidedFirstYearOre, $0.actor) }
        // Every total below, in this model and in the report's tables, is a sum of these figures.
        try FigureArithmetic.requireSummable(actors.lazy.flatMap { [$0.avoidedFirstYearOre, $0.avoidedHorizonOre, $0.groupCostPerYearOre, $0.investedOre] })
        let groupCost = try FigureArithmetic.product(perPerson, groupSize)
        let breakEvenPeople: Int64? = perPerson > 0 ? (perYear + perPerson - 1) / perPerson : nil
        return SocioEconomicResult(
            investmentPerYearOre: perYear, costPerPersonYearOre: perPerson, groupCostPerYearOre: groupCost,
            breakEvenShare: ExactRatio.rate(perYear, groupCost), breakEvenPeople: breakEvenPeople,
            succeededShare: ExactRatio.rate(ExactAmount.product(quantity: input.succeeded, ore: 1), ExactAmount(ore: groupSize)),
            actors: actors, avoidedFirstYearOre: actors.reduce(0) { $0 + $1.avoidedFirstYearOre },
            avoidedHorizonOre: actors.reduce(0) { $0 + $1.avoidedHorizonOre })
    }
}
