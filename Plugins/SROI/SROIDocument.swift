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

    /// Ratios are shown to three decimals (1.436), half to even.
    static let ratioDecimals = 3
    /// Break-even values are shown to four decimals of a fraction (0.01 percentage points).
    static let breakEvenDecimals = 4

    func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: fund.currency.code) }

    func ratio(_ rate: Rate?) -> ReportValue {
        rate.map { .decimal(ExactRatio.text($0, decimals: Self.ratioDecimals)) } ?? .empty
    }

    func document() -> ReportDocument {
        let single = inputs.count == 1 ? inputs[0].initiativeID : nil
        let payback: ReportValue = result.paybackYear.map { .text(String($0)) } ?? .text("not within the horizon")
        let keyFigures = [
            KeyFigure("Inputs (disbursed + co-financing)", money(result.inputsOre)),
            KeyFigure("Present value of impact", money(result.presentValueOre)),
            KeyFigure("Net present value", money(result.netPresentValueOre)),
            KeyFigure("SROI ratio", ratio(result.ratio)),
            KeyFigure("Net SROI ratio", ratio(result.netRatio)),
            KeyFigure("Payback year", payback),
        ]
        var allNotes = [
            "Discounting: \(convention.rawValue) (\(convention == .firstYearUndiscounted ? "year 1 undiscounted, year n discounted n − 1 times" : "year n discounted n times")).",
            "Rounding: every step is exact to 10⁻⁹ öre; each row's impact and present value are rounded to the öre (half to even), and totals add the rounded rows. Ratios are PV / inputs, rounded to \(Self.ratioDecimals) decimals.",
        ]
        if let priceYear { allNotes.append("Proxies are uprated to \(priceYear) prices.") }
        for input in inputs {
            if let recorded = state.valuation.assumptions(fund: fund.id, initiative: input.initiativeID) {
                allNotes.append("\(input.initiativeID): assumptions \(recorded.initiativeID == nil ? "of the fund" : "of the initiative") — source: \(recorded.source).")
            }
        }
        for outcomeID in Set(inputs.flatMap(\.outcomes).map(\.outcomeID)).sorted() {
            if let proxy = state.valuation.proxies[fund.organisationID]?[outcomeID] {
                allNotes.append("Proxy \(outcomeID): \(proxy.value) per \(proxy.unit), \(proxy.priceYear) prices — source: \(proxy.source).")
            }
        }
        return ReportDocument(
            reportID: "sroi", title: "Social return on investment — \(fund.name)",
            subtitle: single.map { "Initiative \($0)" } ?? "All initiatives with valued outcomes",
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
        return ReportTable(
            id: "impact", title: "Impact per outcome and year",
            columns: [
                ReportColumn("initiative", "Initiative"), ReportColumn("outcome", "Outcome"), ReportColumn("measured_year", "Measured"),
                ReportColumn("year", "Year"), ReportColumn("quantity", "Quantity"), ReportColumn("proxy", "Proxy per unit"),
                ReportColumn("impact", "Impact"), ReportColumn("discount_years", "Discounted (years)"),
                ReportColumn("present_value", "Present value"),
            ],
            rows: rows,
            totals: [.text("Total"), .empty, .empty, .empty, .empty, .empty, money(impactTotal), .empty, money(result.presentValueOre)])
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
        return ReportTable(
            id: "initiatives", title: "Per initiative",
            columns: [
                ReportColumn("initiative", "Initiative"), ReportColumn("inputs", "Inputs"), ReportColumn("present_value", "Present value"),
                ReportColumn("npv", "NPV"), ReportColumn("ratio", "SROI ratio"),
            ],
            rows: rows,
            totals: [.text("Total"), money(result.inputsOre), money(result.presentValueOre), money(result.netPresentValueOre), ratio(result.ratio)])
    }

    func sensitivityTable() -> ReportTable {
        let rows: [[ReportValue]] = sensitivity.map { row in
            let breakEven: ReportValue =
                if let value = row.breakEven { .percent(ExactRatio.text(value, decimals: Self.breakEvenDecimals)) }
                else if row.breaksEvenAtAnyValue { .text("breaks even at any value") }
                else { .text("does not break even at any value") }
            return [
                .text(row.assumption.rawValue), .share(row.current), .share(row.low), ratio(row.ratioAtLow), .share(row.high),
                ratio(row.ratioAtHigh), breakEven,
            ]
        }
        return ReportTable(
            id: "sensitivity", title: "Sensitivity (each assumption ± \(step.percent), the others as recorded)",
            columns: [
                ReportColumn("assumption", "Assumption"), ReportColumn("current", "Recorded"), ReportColumn("low", "Low"),
                ReportColumn("ratio_low", "Ratio at low"), ReportColumn("high", "High"), ReportColumn("ratio_high", "Ratio at high"),
                ReportColumn("break_even", "Break-even value (NPV = 0)"),
            ],
            rows: rows)
    }
}
