import FundLedger
import SROI
import Testing

/// The SROI model's worked example (domain.md model 4), without a database.
///
/// Source: the `public-value` crate's doctest (illustrative figures): inputs 250 000; 60 people × 8 500 =
/// 510 000; deadweight 40 %, attribution 30 % → 214 200 in year 1; year 2 with 30 % drop-off 149 940,
/// discounted one year at 3.5 % → 144 870; PV 359 070; ratio 1.436 with year 1 undiscounted.
@Suite struct SROIModelTests {
    static let assumptions = SROIAssumptions(
        deadweight: Rate("0.40")!, displacement: .zero, attribution: Rate("0.30")!, dropOff: Rate("0.30")!,
        discountRate: Rate("0.035")!, horizonYears: 2)
    static let input = SROIInput(
        initiativeID: "example", inputsOre: 25_000_000,
        outcomes: [SROIOutcome(outcomeID: "employment", year: 2026, quantity: Rate("60")!, proxyOre: 850_000)],
        assumptions: assumptions)

    /// Öre rounded to whole kronor (half up), the precision the doctest states.
    static func kronor(_ ore: Int64) -> Int64 { (ore + 50) / 100 }

    @Test func theWorkedExampleGivesTheDoctestsFigures() throws {
        let result = try SROIModel.evaluate([Self.input], convention: .firstYearUndiscounted)
        #expect(result.rows.map(\.impactOre) == [21_420_000, 14_994_000])  // 214 200 and 149 940 kr
        // The doctest states kronor: 149 940 / 1.035 = 144 869,57 kr, which is 144 870 to the krona.
        #expect(result.rows.map(\.presentValueOre) == [21_420_000, 14_486_957])
        #expect(Self.kronor(result.rows[1].presentValueOre) == 144_870)
        #expect(result.presentValueOre == 35_906_957)
        #expect(Self.kronor(result.presentValueOre) == 359_070)
        #expect(result.netPresentValueOre == 10_906_957)
        #expect(ExactRatio.text(try #require(result.ratio), decimals: 3) == "1.436")
        #expect(ExactRatio.text(try #require(result.netRatio), decimals: 3) == "0.436")
        #expect(result.paybackYear == 2027)
    }

    @Test func endOfYearDiscountingDiscountsTheFirstYearToo() throws {
        let result = try SROIModel.evaluate([Self.input], convention: .endOfYear)
        // 214 200 / 1.035 = 206 956,52; 149 940 / 1.035² = 139 970,59 (139 970,594…).
        #expect(result.rows.map(\.presentValueOre) == [20_695_652, 13_997_059])
        #expect(result.presentValueOre == 34_692_711)
    }

    @Test func theSensitivityTableFindsEachBreakEvenValue() throws {
        let rows = try SROISensitivity.table([Self.input], convention: .firstYearUndiscounted, baseYear: nil, step: Rate("0.1")!)
        let deadweight = try #require(rows.first { $0.assumption == .deadweight })
        #expect(deadweight.low == Rate("0.3")! && deadweight.high == Rate("0.5")!)
        // At 50 % deadweight: 510 000 × 0.5 × 0.7 = 178 500, then 124 950 / 1.035 = 120 724,64 → PV 299 224,64.
        #expect(ExactRatio.text(try #require(deadweight.ratioAtHigh), decimals: 3) == "1.197")
        // NPV = 0 when 510 000 × (1 − d) × 0.7 × (1 + 0.7 / 1.035) = 250 000: d = 0.58229…
        let breakEven = try #require(deadweight.breakEven)
        #expect(ExactRatio.text(breakEven, decimals: 4) == "0.5823")
        let discount = try #require(rows.first { $0.assumption == .discountRate })
        #expect(discount.breaksEvenAtAnyValue)  // year 1 alone nearly pays back; even 100 % leaves NPV > 0
    }

    @Test func upratingMultipliesByTheIndexRatioAndRoundsOnce() throws {
        var index = PriceIndex(indexID: "kpi")
        index.levels = [2020: Rate("338.69")!, 2025: Rate("415.46")!]
        // 8 500 kr in 2020 prices × 415.46 / 338.69 = 10 426,67 kr (10 426,673…).
        #expect(try index.uprate(850_000, from: 2020, to: 2025) == 1_042_667)
        #expect(throws: ValuationDataError.self) { try index.uprate(850_000, from: 2019, to: 2025) }
    }

    @Test func outcomeValuesAreReadDefensively() {
        #expect(OutcomeQuantity.parse("60") == Rate("60"))
        #expect(OutcomeQuantity.parse("60,5") == Rate("60.5"))
        #expect(OutcomeQuantity.parse("1 234") == Rate("1234"))
        #expect(OutcomeQuantity.parse("60 personer") == Rate("60"))
        #expect(OutcomeQuantity.parse("15 00") == nil)
        #expect(OutcomeQuantity.parse("8 %") == nil)
        #expect(OutcomeQuantity.parse("bättre") == nil)
        #expect(OutcomeQuantity.year(ofPeriod: "2026-H1") == 2026)
        #expect(OutcomeQuantity.year(ofPeriod: "VT 2027") == 2027)
        #expect(OutcomeQuantity.year(ofPeriod: "hösten") == nil)
    }
}
