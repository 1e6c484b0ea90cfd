import FundLedger
import Reporting

/// Turns a cost–benefit result into a report document.
struct CostBenefitDocument {
    var fund: FundState
    var result: CBAResult
    var perInitiative: [(id: String, result: CBAResult)]
    var priceYear: Int?
    var notes: [String]
    var texts: ReportTexts

    /// Returns are shown to two decimals (1.65), half to even, as the Greater Manchester model shows them.
    static let returnDecimals = 2

    func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: fund.currency.code) }

    func ratio(_ rate: Rate?) -> ReportValue { .decimal(rate, decimals: Self.returnDecimals) }

    func document(subtitle: String) -> ReportDocument {
        let t = texts
        let payback: ReportValue = result.paybackYear.map { .text(String($0)) } ?? .text(t(.cbNotYet))
        let keyFigures = [
            KeyFigure(t(.cbCost), money(result.costOre)),
            KeyFigure(t(.cbFiscalBenefits), money(result.fiscalOre)),
            KeyFigure(t(.cbCashableOf), money(result.cashableOre)),
            KeyFigure(t(.cbEconomicBenefits), money(result.economicOre)),
            KeyFigure(t(.cbSocialBenefits), money(result.socialOre)),
            KeyFigure(t(.cbFiscalReturn), ratio(result.fiscalReturn)),
            KeyFigure(t(.cbEconomicReturn), ratio(result.economicReturn)),
            KeyFigure(t(.cbPublicValueReturn), ratio(result.publicValueReturn)),
            KeyFigure(t(.cbPaybackYear), payback),
        ]
        let agencyRows: [[ReportValue]] = result.agencies.map {
            [.text($0.actor), money($0.cashableOre), money($0.nonCashableOre), money($0.totalOre), ratio($0.fiscalReturn)]
        }
        let agencies = ReportTable(
            id: "agencies", title: t(.cbAgenciesTable),
            columns: [
                ReportColumn("agency", t(.cbAgency)), ReportColumn("cashable", t(.cbCashable)), ReportColumn("non_cashable", t(.cbNonCashable)),
                ReportColumn("total", t(.cbFiscalBenefit)), ReportColumn("fiscal_return", t(.cbReturnOnCost)),
            ],
            rows: agencyRows,
            totals: [.text(t(.total)), money(result.cashableOre), money(result.nonCashableOre), money(result.fiscalOre), ratio(result.fiscalReturn)])
        let valueRows: [[ReportValue]] = result.lines.map {
            [.text($0.outcomeID), .text(String($0.year)), .text(t($0.kind.text)), .text($0.actor), .text(t($0.cashable ? .yes : .no)),
             money($0.grossOre), money($0.valueOre)]
        }
        let values = ReportTable(
            id: "benefits", title: t(.cbBenefitsTable),
            columns: [
                ReportColumn("outcome", t(.emOutcome)), ReportColumn("year", t(.year)), ReportColumn("kind", t(.value)), ReportColumn("actor", t(.emActor)),
                ReportColumn("cashable", t(.cbCashable)), ReportColumn("gross", t(.cbBeforeAdjustments)), ReportColumn("value", t(.cbBenefit)),
            ],
            rows: valueRows,
            totals: [.text(t(.total)), .empty, .empty, .empty, .empty, money(result.lines.reduce(0) { $0 + $1.grossOre }),
                     money(result.lines.reduce(0) { $0 + $1.valueOre })])
        var cumulative: (cost: Int64, benefit: Int64) = (0, 0)
        let yearRows: [[ReportValue]] = result.years.map { year in
            cumulative.cost += year.costOre
            cumulative.benefit += year.fiscalOre
            return [.text(String(year.year)), money(year.costOre), money(year.fiscalOre), money(cumulative.cost), money(cumulative.benefit)]
        }
        let years = ReportTable(
            id: "years", title: t(.cbYearsTable),
            columns: [
                ReportColumn("year", t(.year)), ReportColumn("cost", t(.cbCostColumn)), ReportColumn("fiscal", t(.cbFiscalBenefit)),
                ReportColumn("cumulative_cost", t(.cbCumulativeCost)), ReportColumn("cumulative_fiscal", t(.cbCumulativeFiscal)),
            ],
            rows: yearRows)
        let initiatives = ReportTable(
            id: "initiatives", title: t(.emPerInitiative),
            columns: [
                ReportColumn("initiative", t(.initiative)), ReportColumn("cost", t(.cbCostColumn)), ReportColumn("fiscal", t(.cbFiscal)),
                ReportColumn("economic", t(.cbEconomic)), ReportColumn("social", t(.cbSocial)), ReportColumn("fiscal_return", t(.cbFiscalReturn)),
            ],
            rows: perInitiative.map {
                [.text($0.id), money($0.result.costOre), money($0.result.fiscalOre), money($0.result.economicOre), money($0.result.socialOre),
                 ratio($0.result.fiscalReturn)]
            })
        var allNotes = [t(.cbNoteFormula), t(.cbNoteReturns, Self.returnDecimals)]
        if let priceYear { allNotes.append(t(.cbNotePriceYear, priceYear)) }
        return ReportDocument(
            reportID: "cost-benefit", title: t(.cbTitle, fund.name), subtitle: subtitle, keyFigures: keyFigures,
            tables: [agencies, values, years, initiatives], notes: allNotes + notes)
    }
}

extension ValueKind {
    /// The kind of value in the report's language (in English its raw value).
    var text: ReportText {
        switch self {
        case .fiscal: .cbKindFiscal
        case .economic: .cbKindEconomic
        case .social: .cbKindSocial
        }
    }
}
