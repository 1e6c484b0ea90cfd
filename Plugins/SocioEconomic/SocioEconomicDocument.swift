import FundLedger
import Reporting

/// Turns a socio-economic result into a report document.
struct SocioEconomicDocument {
    var fund: FundState
    var initiativeID: String
    var input: SocioEconomicInput
    var result: SocioEconomicResult
    var notes: [String]

    /// Shares are shown to three decimals of a fraction (12.9 %), half to even.
    static let shareDecimals = 3

    func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: fund.currency.code) }

    func share(_ rate: Rate?) -> ReportValue {
        rate.map { .percent(ExactRatio.text($0, decimals: Self.shareDecimals)) } ?? .empty
    }

    func document() -> ReportDocument {
        let horizon = input.horizonYears == 1 ? "1 year" : "\(input.horizonYears) years"
        let keyFigures = [
            KeyFigure("Investment per year", money(result.investmentPerYearOre)),
            KeyFigure("Cost of exclusion per person and year", money(result.costPerPersonYearOre)),
            KeyFigure("Target group", .integer(Int64(input.targetGroupSize))),
            KeyFigure("Target group's cost of exclusion per year", money(result.groupCostPerYearOre)),
            KeyFigure("Break-even share", share(result.breakEvenShare)),
            KeyFigure("Break-even people", result.breakEvenPeople.map { .integer($0) } ?? .empty),
            KeyFigure("Left exclusion (measured)", .decimal(input.succeeded.description)),
            KeyFigure("Share who left exclusion", share(result.succeededShare)),
            KeyFigure("Costs avoided, first year", money(result.avoidedFirstYearOre)),
            KeyFigure("Costs avoided over \(horizon)", money(result.avoidedHorizonOre)),
            KeyFigure("Bears the cost", .text(result.bearers.isEmpty ? "nobody" : result.bearers.joined(separator: ", "))),
            KeyFigure("Gains", .text(result.gainers.isEmpty ? "nobody yet" : result.gainers.joined(separator: ", "))),
        ]
        let rows: [[ReportValue]] = result.actors.map {
            [.text($0.actor), money($0.costPerPersonYearOre), money($0.groupCostPerYearOre), money($0.investedOre),
             money($0.avoidedFirstYearOre), money($0.avoidedHorizonOre), money($0.netHorizonOre)]
        }
        let actors = ReportTable(
            id: "actors", title: "Investment and avoided costs by actor",
            columns: [
                ReportColumn("actor", "Actor"), ReportColumn("cost_per_person_year", "Cost per person-year"),
                ReportColumn("group_cost_per_year", "Group's cost per year"), ReportColumn("invested", "Invests"),
                ReportColumn("avoided_first_year", "Avoided, year 1"), ReportColumn("avoided_horizon", "Avoided, \(horizon)"),
                ReportColumn("net_horizon", "Net, \(horizon)"),
            ],
            rows: rows,
            totals: [
                .text("Total"), money(result.costPerPersonYearOre), money(result.groupCostPerYearOre), money(input.investmentOre),
                money(result.avoidedFirstYearOre), money(result.avoidedHorizonOre), money(result.avoidedHorizonOre - input.investmentOre),
            ])
        let allNotes = [
            "Break-even share = investment per year / the target group's cost of exclusion per year; people rounded up.",
            "Avoided = people who left exclusion × each actor's share of a person-year, rounded to the öre (half to even); over the horizon undiscounted, in fixed prices.",
            "Investment = granted + co-financing (\(Money(ore: input.investmentOre, currency: fund.currency))) over \(input.investmentYears) year(s), borne by \(input.investor).",
        ]
        return ReportDocument(
            reportID: "socio-economic", title: "Socio-economic calculation — \(fund.name)", subtitle: "Initiative \(initiativeID)",
            keyFigures: keyFigures, tables: [actors], notes: allNotes + notes)
    }
}
