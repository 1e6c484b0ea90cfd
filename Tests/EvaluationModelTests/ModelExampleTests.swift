import CostBenefit
import FundLedger
import OutcomePayments
import SocioEconomic
import Testing

/// The worked examples of domain.md models 5–7, without a database, each to the precision it is stated in.
@Suite struct ModelExampleTests {
    /// Source: the Greater Manchester unit cost database's example (domain.md model 5): a domestic-violence
    /// incident costs £2 470 = NHS 1 171 + criminal justice 581 + police 415 + children's services 193 +
    /// housing 110; 100 incidents avoided → £247 000; cost £150 000 → fiscal ROI 1.65.
    @Test func greaterManchesterDomesticViolenceExample() throws {
        let split = [("nhs", 117_100), ("criminal-justice", 58_100), ("police", 41_500), ("childrens-services", 19_300), ("housing", 11_000)]
            .map { CostShare(actor: $0.0, amount: Money(ore: Int64($0.1), currency: .gbp)) }
        let outcome = CBAOutcome(outcomeID: "domestic-violence-incident", year: 2026, quantity: Rate("100")!, kind: .fiscal, split: split)
        let result = try CostBenefitModel.evaluate(outcomes: [outcome], costsByYear: [2026: 15_000_000], adjustments: CBAAdjustments())
        #expect(result.fiscalOre == 24_700_000)  // £247 000
        #expect(ExactRatio.text(try #require(result.fiscalReturn), decimals: 2) == "1.65")
        #expect(result.agencies.map(\.actor) == ["nhs", "criminal-justice", "police", "childrens-services", "housing"])
        #expect(result.agencies.first?.totalOre == 11_710_000)
        #expect(result.paybackYear == 2026)
    }

    @Test func optimismBiasReducesEveryBenefitAndNonCashableIsKeptApart() throws {
        let split = [CostShare(actor: "police", amount: Money(ore: 41_500, currency: .gbp), cashable: false),
                     CostShare(actor: "nhs", amount: Money(ore: 117_100, currency: .gbp))]
        let outcome = CBAOutcome(outcomeID: "incident", year: 2027, quantity: Rate("100")!, kind: .fiscal, split: split)
        let result = try CostBenefitModel.evaluate(
            outcomes: [outcome], costsByYear: [2026: 10_000_000, 2027: 5_000_000], adjustments: CBAAdjustments(optimismBias: Rate("0.15")!))
        #expect(result.nonCashableOre == 3_527_500)  // 41 500 × 0.85
        #expect(result.cashableOre == 9_953_500)  // 117 100 × 0.85
        #expect(result.paybackYear == nil)  // 134 810 < 150 000
    }

    /// Source: derived from a published Jönköping calculation (Nilsson & Wadeskog), domain.md model 6: 9 MSEK
    /// a year for 160 people whose exclusion costs 70 MSEK a year → break-even when 12.9 % succeed. The
    /// split of the 437 500 kr per person-year over actors is illustrative.
    @Test func jonkopingBreakEvenShare() throws {
        let result = try SocioEconomicModel.evaluate(Self.jonkoping(succeeded: "25"))
        #expect(result.groupCostPerYearOre == 7_000_000_000)  // 70 MSEK
        #expect(ExactRatio.text(try #require(result.breakEvenShare), decimals: 3) == "0.129")
        #expect(result.breakEvenPeople == 21)  // 9 000 000 / 437 500 = 20.6 → 21
        #expect(result.avoidedFirstYearOre == 1_093_750_000)  // 25 × 437 500
        #expect(result.avoidedHorizonOre == 5_468_750_000)
        #expect(result.actors.first?.actor == "kommun")
        #expect(result.gainers.contains("forsakringskassan") && result.bearers.isEmpty)
    }

    @Test func theInvestorBearsTheCostWhenTooFewSucceed() throws {
        let result = try SocioEconomicModel.evaluate(Self.jonkoping(succeeded: "2"))
        #expect(result.bearers == ["kommun"])  // invests 9 MSEK, avoids 2 × 150 000 × 5 = 1.5 MSEK
    }

    static func jonkoping(succeeded: String) -> SocioEconomicInput {
        let split = [("kommun", 15_000_000), ("region", 4_000_000), ("stat", 6_000_000), ("forsakringskassan", 9_000_000),
                     ("arbetsformedlingen", 3_000_000), ("rattsvasendet", 2_750_000), ("individen", 4_000_000)]
            .map { CostShare(actor: $0.0, amount: .sek(Int64($0.1))) }
        return SocioEconomicInput(
            investmentOre: 900_000_000, investmentYears: 1, investor: "kommun", targetGroupSize: 160, succeeded: Rate(succeeded)!,
            exclusionCostPerPersonYear: split, horizonYears: 5)
    }

    /// Source: Peterborough social impact bond, cohort 1 (domain.md model 7): (155 − 142) / 155 = 8.39 %,
    /// below the 10 % threshold → no payment.
    @Test func peterboroughCohortOneEarnsNothing() throws {
        let terms = OutcomePaymentTerms(threshold: Rate("0.10")!, paymentPerOutcomeOre: 1_000_000, capOre: 100_000_000)
        let payments = try OutcomePaymentModel.payments(
            [CohortMeasurement(period: "cohort 1", treated: Rate("142")!, comparison: Rate("155")!)], terms: terms)
        let reduction = try #require(payments.first?.reduction)
        #expect(ExactRatio.text(reduction, decimals: 4) == "0.0839")
        #expect(payments.first?.thresholdMet == false)
        #expect(payments.first?.dueOre == 0)
    }

    @Test func paymentsStartAtTheThresholdAndStopAtTheCap() throws {
        let terms = OutcomePaymentTerms(threshold: Rate("0.10")!, paymentPerOutcomeOre: 1_000_000, capOre: 25_000_000)
        let payments = try OutcomePaymentModel.payments([
            CohortMeasurement(period: "2026", treated: Rate("90")!, comparison: Rate("100")!),  // exactly 10 %: pays 10
            CohortMeasurement(period: "2027", treated: Rate("80")!, comparison: Rate("100")!),  // 20 earned, 15 left under the cap
            CohortMeasurement(period: "2028", treated: Rate("70")!, comparison: Rate("100")!),  // cap reached
        ], terms: terms)
        #expect(payments.map(\.thresholdMet) == [true, true, true])
        #expect(payments.map(\.earnedOre) == [10_000_000, 20_000_000, 30_000_000])
        #expect(payments.map(\.dueOre) == [10_000_000, 15_000_000, 0])
        #expect(payments.last?.cumulativeOre == 25_000_000)
    }
}
