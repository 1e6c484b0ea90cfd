import FundLedger
import Reporting

/// Turns an SROI result into a report document: key figures, the impact table, the initiatives and the
/// sensitivity table, with notes on conventions, rounding and sources.
struct SROIDocument {
    var fund: FundState
    var state: EvaluationState
    var inputs: [SROIInput]
    var result: SROIResult
    var sensitivity: [SROISensitivityRow]
    var convention: DiscountingConvention
    var priceYear: Int?
    var step: Rate
    var notes: [String]
    var texts: ReportTexts

    /// Ratios are shown to three decimals (1.436), half to even.
    static let ratioDecimals = 3
    /// Break-even values are shown to four decimals of a fraction (0.01 percentage points).
    static let breakEvenDecimals = 4

    func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: fund.currency.code) }

    func ratio(_ rate: Rate?) -> ReportValue { .decimal(rate, decimals: Self.ratioDecimals) }

    func document() -> ReportDocument {
        let t = texts
        let single = inputs.count == 1 ? inputs[0].initiativeID : nil
        let payback: ReportValue = result.paybackYear.map { .text(String($0)) } ?? .text(t(.sroiNoPayback))
        let keyFigures = [
            KeyFigure(t(.sroiInputs), money(result.inputsOre)),
            KeyFigure(t(.sroiPresentValue), money(result.presentValueOre)),
            KeyFigure(t(.sroiNetPresentValue), money(result.netPresentValueOre)),
            KeyFigure(t(.sroiRatio), ratio(result.ratio)),
            KeyFigure(t(.sroiNetRatio), ratio(result.netRatio)),
            KeyFigure(t(.sroiPaybackYear), payback),
        ]
        var allNotes = [
            t(.sroiNoteDiscounting, convention.rawValue, t(convention == .firstYearUndiscounted ? .sroiFirstYearUndiscounted : .sroiEndOfYear)),
            t(.sroiNoteRounding, Self.ratioDecimals),
        ]
        if let priceYear { allNotes.append(t(.sroiNotePriceYear, priceYear)) }
        for input in inputs {
            if let recorded = state.valuation.assumptions(fund: fund.id, initiative: input.initiativeID) {
                allNotes.append(t(.sroiNoteAssumptions, input.initiativeID, t(recorded.initiativeID == nil ? .sroiOfTheFund : .sroiOfTheInitiative), recorded.source))
            }
        }
        for outcomeID in Set(inputs.flatMap(\.outcomes).map(\.outcomeID)).sorted() {
            if let proxy = state.valuation.proxies[fund.organisationID]?[outcomeID] {
                allNotes.append(t(.sroiNoteProxy, outcomeID, proxy.value, proxy.unit, proxy.priceYear, proxy.source))
            }
        }
        return ReportDocument(
            reportID: "sroi", title: t(.sroiTitle, fund.name),
            subtitle: single.map { t(.emInitiativeSubtitle, $0) } ?? t(.emAllInitiatives),
            keyFigures: keyFigures, tables: [impactTable(), initiativeTable(), sensitivityTable()], notes: allNotes + notes)
    }

    func impactTable() -> ReportTable {
        let rows: [[ReportValue]] = result.rows.map { row in
            let input = inputs.first { $0.initiativeID == row.initiativeID }
            let outcome = input?.outcomes.first { $0.outcomeID == row.outcomeID && $0.year == row.measuredYear }
            return [
                .text(row.initiativeID), .text(row.outcomeID), .text(String(row.measuredYear)), .text(String(row.year)),
                outcome.map { .decimal($0.quantity.description) } ?? .empty, outcome.map { money($0.proxyOre) } ?? .empty,
                money(row.impactOre), .integer(Int64(row.discountYears)), money(row.presentValueOre),
            ]
        }
        let impactTotal = result.rows.reduce(Int64(0)) { $0 + $1.impactOre }
        let t = texts
        return ReportTable(
            id: "impact", title: t(.sroiImpactTable),
            columns: [
                ReportColumn("initiative", t(.initiative)), ReportColumn("outcome", t(.emOutcome)), ReportColumn("measured_year", t(.sroiMeasured)),
                ReportColumn("year", t(.year)), ReportColumn("quantity", t(.sroiQuantity)), ReportColumn("proxy", t(.sroiProxyPerUnit)),
                ReportColumn("impact", t(.sroiImpact)), ReportColumn("discount_years", t(.sroiDiscountYears)),
                ReportColumn("present_value", t(.sroiPresentValueColumn)),
            ],
            rows: rows,
            totals: [.text(t(.total)), .empty, .empty, .empty, .empty, .empty, money(impactTotal), .empty, money(result.presentValueOre)])
    }

    func initiativeTable() -> ReportTable {
        var rows: [[ReportValue]] = []
        for input in inputs {
            let pv = result.rows.filter { $0.initiativeID == input.initiativeID }.reduce(Int64(0)) { $0 + $1.presentValueOre }
            rows.append([
                .text(input.initiativeID), money(input.inputsOre), money(pv), money(pv - input.inputsOre),
                ratio(input.inputsOre > 0 ? ExactRatio.rate(pv, input.inputsOre) : nil),
            ])
        }
        let t = texts
        return ReportTable(
            id: "initiatives", title: t(.emPerInitiative),
            columns: [
                ReportColumn("initiative", t(.initiative)), ReportColumn("inputs", t(.sroiInputsColumn)),
                ReportColumn("present_value", t(.sroiPresentValueColumn)), ReportColumn("npv", t(.sroiNPV)), ReportColumn("ratio", t(.sroiRatio)),
            ],
            rows: rows,
            totals: [.text(t(.total)), money(result.inputsOre), money(result.presentValueOre), money(result.netPresentValueOre), ratio(result.ratio)])
    }

    func sensitivityTable() -> ReportTable {
        let t = texts
        let rows: [[ReportValue]] = sensitivity.map { row in
            let breakEven: ReportValue =
                if let value = row.breakEven { .percent(value, decimals: Self.breakEvenDecimals) }
                else if row.breaksEvenAtAnyValue { .text(t(.sroiBreaksEvenAlways)) }
                else { .text(t(.sroiBreaksEvenNever)) }
            return [
                .text(t(row.assumption.text)), .share(row.current), .share(row.low), ratio(row.ratioAtLow), .share(row.high),
                ratio(row.ratioAtHigh), breakEven,
            ]
        }
        return ReportTable(
            id: "sensitivity", title: t(.sroiSensitivityTable, t.percent(step)),
            columns: [
                ReportColumn("assumption", t(.sroiAssumption)), ReportColumn("current", t(.sroiRecorded)), ReportColumn("low", t(.sroiLow)),
                ReportColumn("ratio_low", t(.sroiRatioLow)), ReportColumn("high", t(.sroiHigh)), ReportColumn("ratio_high", t(.sroiRatioHigh)),
                ReportColumn("break_even", t(.sroiBreakEven)),
            ],
            rows: rows)
    }
}

extension SROIAssumption {
    /// The assumption's name in the report's language (in English its raw value).
    var text: ReportText {
        switch self {
        case .deadweight: .sroiDeadweight
        case .displacement: .sroiDisplacement
        case .attribution: .sroiAttribution
        case .dropOff: .sroiDropOff
        case .discountRate: .sroiDiscountRate
        }
    }
}
