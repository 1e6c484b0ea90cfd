import FundLedger
import Reporting

/// Turns a cost–benefit result into a report document.
struct CostBenefitDocument {
    var fund: FundState
    var result: CBAResult
    var perInitiative: [(id: String, result: CBAResult)]
    var priceYear: Int?
    var notes: [String]

    /// Returns are shown to two decimals (1.65), half to even, as the Greater Manchester model shows them.
    static let returnDecimals = 2

    func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: fund.currency.code) }

    func ratio(_ rate: Rate?) -> ReportValue {
        rate.map { .decimal(ExactRatio.text($0, decimals: Self.returnDecimals)) } ?? .empty
    }

    func document(subtitle: String) -> ReportDocument {
        let payback: ReportValue = result.paybackYear.map { .text(String($0)) } ?? .text("not yet")
        let keyFigures = [
            KeyFigure("Cost (disbursed + co-financing)", money(result.costOre)),
            KeyFigure("Fiscal benefits", money(result.fiscalOre)),
            KeyFigure("of which cashable", money(result.cashableOre)),
            KeyFigure("Economic benefits", money(result.economicOre)),
            KeyFigure("Social benefits", money(result.socialOre)),
            KeyFigure("Fiscal return", ratio(result.fiscalReturn)),
            KeyFigure("Economic return (fiscal + economic)", ratio(result.economicReturn)),
            KeyFigure("Public value return (all benefits)", ratio(result.publicValueReturn)),
            KeyFigure("Payback year (fiscal)", payback),
        ]
        let agencyRows: [[ReportValue]] = result.agencies.map {
            [.text($0.actor), money($0.cashableOre), money($0.nonCashableOre), money($0.totalOre), ratio($0.fiscalReturn)]
        }
        let agencies = ReportTable(
            id: "agencies", title: "Fiscal benefits and return by agency",
            columns: [
                ReportColumn("agency", "Agency"), ReportColumn("cashable", "Cashable"), ReportColumn("non_cashable", "Non-cashable"),
                ReportColumn("total", "Fiscal benefit"), ReportColumn("fiscal_return", "Return on the whole cost"),
            ],
            rows: agencyRows,
            totals: [.text("Total"), money(result.cashableOre), money(result.nonCashableOre), money(result.fiscalOre), ratio(result.fiscalReturn)])
        let valueRows: [[ReportValue]] = result.lines.map {
            [.text($0.outcomeID), .text(String($0.year)), .text($0.kind.rawValue), .text($0.actor), .text($0.cashable ? "yes" : "no"),
             money($0.grossOre), money($0.valueOre)]
        }
        let values = ReportTable(
            id: "benefits", title: "Benefits by outcome and actor",
            columns: [
                ReportColumn("outcome", "Outcome"), ReportColumn("year", "Year"), ReportColumn("kind", "Value"), ReportColumn("actor", "Actor"),
                ReportColumn("cashable", "Cashable"), ReportColumn("gross", "Before adjustments"), ReportColumn("value", "Benefit"),
            ],
            rows: valueRows,
            totals: [.text("Total"), .empty, .empty, .empty, .empty, money(result.lines.reduce(0) { $0 + $1.grossOre }),
                     money(result.lines.reduce(0) { $0 + $1.valueOre })])
        var cumulative: (cost: Int64, benefit: Int64) = (0, 0)
        let yearRows: [[ReportValue]] = result.years.map { year in
            cumulative.cost += year.costOre
            cumulative.benefit += year.fiscalOre
            return [.text(String(year.year)), money(year.costOre), money(year.fiscalOre), money(cumulative.cost), money(cumulative.benefit)]
        }
        let years = ReportTable(
            id: "years", title: "Costs and fiscal benefits by year",
            columns: [
                ReportColumn("year", "Year"), ReportColumn("cost", "Cost"), ReportColumn("fiscal", "Fiscal benefit"),
                ReportColumn("cumulative_cost", "Cumulative cost"), ReportColumn("cumulative_fiscal", "Cumulative fiscal benefit"),
            ],
            rows: yearRows)
        let initiatives = ReportTable(
            id: "initiatives", title: "Per initiative",
            columns: [
                ReportColumn("initiative", "Initiative"), ReportColumn("cost", "Cost"), ReportColumn("fiscal", "Fiscal"),
                ReportColumn("economic", "Economic"), ReportColumn("social", "Social"), ReportColumn("fiscal_return", "Fiscal return"),
            ],
            rows: perInitiative.map {
                [.text($0.id), money($0.result.costOre), money($0.result.fiscalOre), money($0.result.economicOre), money($0.result.socialOre),
                 ratio($0.result.fiscalReturn)]
            })
        var allNotes = [
            "benefit = quantity × the actor's share of the unit cost × (1 − deadweight) × (1 − displacement) × (1 − attribution) × (1 − optimism bias), exact to 10⁻⁹ öre and rounded to the öre per line (half to even); totals add the lines.",
            "Returns are benefits / cost, rounded to \(Self.returnDecimals) decimals; payback is the first year in which cumulative fiscal benefits reach cumulative costs.",
        ]
        if let priceYear { allNotes.append("Unit costs are uprated to \(priceYear) prices, each share on its own.") }
        return ReportDocument(
            reportID: "cost-benefit", title: "Cost–benefit analysis — \(fund.name)", subtitle: subtitle, keyFigures: keyFigures,
            tables: [agencies, values, years, initiatives], notes: allNotes + notes)
    }
}
