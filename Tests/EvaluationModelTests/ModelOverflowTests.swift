@testable import CostBenefit
import FundLedger
import SocioEconomic
import Testing

/// The evaluation models on figures whose totals pass 64 bits (a huge recorded quantity or target group):
/// `MoneyError.overflow`, which a report shows as its error, where a plain `+` or `*` stopped the process.
@Suite struct ModelOverflowTests {
    @Test func costBenefitLinesWhoseTotalPasses64BitsAreRefused() throws {
        let half = Int64.max / 2 + 1
        let line = CBABenefitLine(outcomeID: "o", year: 2026, kind: .fiscal, actor: "kommun", cashable: true, grossOre: half, valueOre: half)
        #expect(throws: MoneyError.overflow) { try CostBenefitModel.summarise(lines: [line, line], costsByYear: [2026: 1]) }
        // Within a quarter of Int64.max together, the same lines sum exactly.
        var small = line
        (small.grossOre, small.valueOre) = (Int64.max / 32, Int64.max / 32)
        let result = try CostBenefitModel.summarise(lines: [small, small], costsByYear: [2026: 1])
        #expect(result.fiscalOre == 2 * (Int64.max / 32))
        #expect(throws: MoneyError.overflow) { try CostBenefitModel.summarise(lines: [small], costsByYear: [2026: .max, 2027: .max]) }
    }

    @Test func aSocioEconomicTargetGroupTooLargeToMultiplyIsRefused() throws {
        var input = ModelExampleTests.jonkoping(succeeded: "2")
        input.targetGroupSize = Int.max / 1_000
        #expect(throws: MoneyError.overflow) { try SocioEconomicModel.evaluate(input) }
        input.targetGroupSize = 160
        #expect(try SocioEconomicModel.evaluate(input).groupCostPerYearOre == 160 * 43_750_000)
    }

    @Test func figureSumsAreCheckedOnce() throws {
        try FigureArithmetic.requireSummable([Int64.max / 4])
        #expect(throws: MoneyError.overflow) { try FigureArithmetic.requireSummable([Int64.max / 4, 1]) }
        #expect(throws: MoneyError.overflow) { try FigureArithmetic.requireSummable([Int64.min]) }
        #expect(throws: MoneyError.overflow) { try FigureArithmetic.sum(.max, 1) }
        #expect(throws: MoneyError.overflow) { try FigureArithmetic.product(.min, -1) }
        #expect(try FigureArithmetic.product(-3, 4) == -12)
    }
}
