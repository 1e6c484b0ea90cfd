import FundLedger
import Reporting

/// Turns a socio-economic result into a report document.
struct SocioEconomicDocument {
    var fund: FundState
    var initiativeID: String
    var input: SocioEconomicInput
    var result: SocioEconomicResult
    var notes: [String]
    var texts: ReportTexts

    /// Shares are shown to three decimals of a fraction (12.9 %), half to even.
    static let shareDecimals = 3

    func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: fund.currency.code) }

    func share(_ rate: Rate?) -> ReportValue { .percent(rate, decimals: Self.shareDecimals) }

    func document() -> ReportDocument {
        let t = texts
        let horizon = input.horizonYears == 1 ? t(.seOneYear) : t(.seYears, input.horizonYears)
        let keyFigures = [
            KeyFigure(t(.seInvestmentPerYear), money(result.investmentPerYearOre)),
            KeyFigure(t(.seCostPerPersonYear), money(result.costPerPersonYearOre)),
            KeyFigure(t(.seTargetGroup), .integer(Int64(input.targetGroupSize))),
            KeyFigure(t(.seGroupCostPerYear), money(result.groupCostPerYearOre)),
            KeyFigure(t(.seBreakEvenShare), share(result.breakEvenShare)),
            KeyFigure(t(.seBreakEvenPeople), result.breakEvenPeople.map { .integer($0) } ?? .empty),
            KeyFigure(t(.seLeftExclusion), .decimal(input.succeeded.description)),
            KeyFigure(t(.seShareLeft), share(result.succeededShare)),
            KeyFigure(t(.seAvoidedFirstYear), money(result.avoidedFirstYearOre)),
            KeyFigure(t(.seAvoidedOver, horizon), money(result.avoidedHorizonOre)),
            KeyFigure(t(.seBears), .text(result.bearers.isEmpty ? t(.seNobody) : result.bearers.joined(separator: ", "))),
            KeyFigure(t(.seGains), .text(result.gainers.isEmpty ? t(.seNobodyYet) : result.gainers.joined(separator: ", "))),
        ]
        let rows: [[ReportValue]] = result.actors.map {
            [.text($0.actor), money($0.costPerPersonYearOre), money($0.groupCostPerYearOre), money($0.investedOre),
             money($0.avoidedFirstYearOre), money($0.avoidedHorizonOre), money($0.netHorizonOre)]
        }
        let actors = ReportTable(
            id: "actors", title: t(.seActorsTable),
            columns: [
                ReportColumn("actor", t(.emActor)), ReportColumn("cost_per_person_year", t(.seCostPerPersonYearColumn)),
                ReportColumn("group_cost_per_year", t(.seGroupCostColumn)), ReportColumn("invested", t(.seInvests)),
                ReportColumn("avoided_first_year", t(.seAvoidedYearOne)), ReportColumn("avoided_horizon", t(.seAvoidedColumn, horizon)),
                ReportColumn("net_horizon", t(.seNetColumn, horizon)),
            ],
            rows: rows,
            totals: [
                .text(t(.total)), money(result.costPerPersonYearOre), money(result.groupCostPerYearOre), money(input.investmentOre),
                money(result.avoidedFirstYearOre), money(result.avoidedHorizonOre), money(result.avoidedHorizonOre - input.investmentOre),
            ])
        let allNotes = [
            t(.seNoteBreakEven), t(.seNoteAvoided),
            t(.seNoteInvestment, Money(ore: input.investmentOre, currency: fund.currency), input.investmentYears, input.investor),
        ]
        return ReportDocument(
            reportID: "socio-economic", title: t(.seTitle, fund.name), subtitle: t(.emInitiativeSubtitle, initiativeID),
            keyFigures: keyFigures, tables: [actors], notes: allNotes + notes)
    }
}
