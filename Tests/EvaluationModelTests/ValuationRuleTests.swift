import EventStore
import FundLedger
import TestSupport
import Testing

/// Valuation data breaking a rule is refused with the rule's name, and nothing is written.
@Suite struct ValuationRuleTests {
    static func expectRefused(
        _ rule: String, _ fixture: EvaluationFixture, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async throws {
        let before = try await fixture.store.head().position
        do {
            try await body()
            Issue.record("expected rule \(rule) to refuse", sourceLocation: sourceLocation)
        } catch let error as LedgerRuleError {
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
        } catch let error as BatchRuleError {
            #expect(error.error.rule == rule, "\(error)", sourceLocation: sourceLocation)
        }
        #expect(try await fixture.store.head().position == before, "something was written", sourceLocation: sourceLocation)
    }

    static func unitCost(_ split: [(String, Int64)], cost: Int64, year: Int = 2025) -> UnitCostRecorded {
        UnitCostRecorded(
            outcomeID: "placering", description: "one placement for a year", unit: "placement-year", kind: .fiscal, cost: .sek(cost * 100),
            split: split.map { CostShare(actor: $0.0, amount: .sek($0.1 * 100)) }, source: "SKR 2025", priceYear: year)
    }

    @Test func aSplitThatDoesNotAddUpToTheUnitCostIsRefused() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 100_000, disbursed: 0, indicators: ["x"])
            let org = EvaluationFixture.organisationID
            try await Self.expectRefused("split-sum", fixture) {
                try await fixture.record(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 900_000), ("region", 50_000)], cost: 1_000_000)))
            }
            do {
                try await fixture.record(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 900_000), ("region", 50_000)], cost: 1_000_000)))
            } catch let error as LedgerRuleError {
                // The message says what the split adds up to, for the finance officer to find the mistake.
                #expect(error.message.contains("950 000,00 kr") && error.message.contains("1 000 000,00 kr"), "\(error)")
            }
            try await Self.expectRefused("split-duplicate-actor", fixture) {
                try await fixture.record(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 500), ("kommun", 500)], cost: 1_000)))
            }
            try await Self.expectRefused("price-year", fixture) {
                try await fixture.record(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 1_000)], cost: 1_000, year: 2031)))
            }
            try await Self.expectRefused("unknown-organisation", fixture) {
                try await fixture.record(.recordUnitCost(organisationID: "999999-9999", Self.unitCost([("kommun", 1_000)], cost: 1_000)))
            }
            try await fixture.record(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 900_000), ("region", 100_000)], cost: 1_000_000)))
        }
    }

    @Test func assumptionsOutsideTheirRangesAreRefused() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 100_000, disbursed: 0, indicators: ["x"])
            try await Self.expectRefused("rate-range", fixture) { try await fixture.assume(deadweight: "1.2") }
            try await Self.expectRefused("rate-range", fixture) { try await fixture.assume(discountRate: "-0.01") }
            try await Self.expectRefused("horizon", fixture) { try await fixture.assume(horizonYears: 0) }
            try await Self.expectRefused("horizon", fixture) { try await fixture.assume(horizonYears: 51) }
            try await Self.expectRefused("unknown-fund", fixture) {
                try await fixture.record(.recordAssumptions(fundID: "okand", EvaluationAssumptionsRecorded(
                    initiativeID: nil, deadweight: .zero, displacement: .zero, attribution: .zero, dropOff: .zero, discountRate: .zero,
                    optimismBias: .zero, horizonYears: 1, source: "x")))
            }
            try await Self.expectRefused("unknown-initiative", fixture) {
                try await fixture.record(.recordAssumptions(fundID: EvaluationFixture.fundID, EvaluationAssumptionsRecorded(
                    initiativeID: "okand", deadweight: .zero, displacement: .zero, attribution: .zero, dropOff: .zero, discountRate: .zero,
                    optimismBias: .zero, horizonYears: 1, source: "x")))
            }
            try await fixture.assume(deadweight: "1", horizonYears: 50)
        }
    }

    @Test func contractsAndIndicesAreChecked() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 100_000, disbursed: 0, indicators: ["treated", "comparison"])
            func contract(threshold: String = "0.1", treated: String = "treated", cap: Int64 = 100_000) -> ValuationCommand {
                .agreeOutcomeContract(fundID: EvaluationFixture.fundID, OutcomeContractAgreed(
                    contractID: "c", initiativeID: EvaluationFixture.initiativeID, treatedIndicator: treated, comparisonIndicator: "comparison",
                    threshold: rate(threshold), paymentPerOutcome: .sek(1_000_000), cap: .sek(cap * 100), source: "avtal"))
            }
            try await Self.expectRefused("rate-range", fixture) { try await fixture.record(contract(threshold: "1.5")) }
            try await Self.expectRefused("unknown-indicator", fixture) { try await fixture.record(contract(treated: "okand")) }
            try await Self.expectRefused("cap-below-payment", fixture) { try await fixture.record(contract(cap: 5_000)) }
            try await Self.expectRefused("duplicate-year", fixture) {
                try await fixture.record(.recordPriceIndex(organisationID: EvaluationFixture.organisationID, PriceIndexRecorded(
                    indexID: "kpi", points: [IndexPoint(year: 2025, level: rate("400")), IndexPoint(year: 2025, level: rate("401"))], source: "SCB")))
            }
            try await fixture.record(contract())
        }
    }

    @Test func aBatchIsAllOrNothingAndARetryWritesNothing() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 100_000, disbursed: 0, indicators: ["x"])
            let org = EvaluationFixture.organisationID
            let good = ValuationEnvelope(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 1_000)], cost: 1_000)),
                                         actor: "a", effectiveDate: day("2026-03-01"))
            let bad = ValuationEnvelope(.recordUnitCost(organisationID: org, Self.unitCost([("kommun", 999)], cost: 1_000)),
                                        actor: "a", effectiveDate: day("2026-03-01"))
            try await Self.expectRefused("split-sum", fixture) { try await fixture.service.recordAll([good, bad]) }
            do {
                try await fixture.service.recordAll([good, bad])
            } catch let error as BatchRuleError {
                #expect(error.index == 1)
            }
            let first = try await fixture.service.recordAll([good])
            #expect(!first.wasAlreadyRecorded && first.appended.count == 1)
            #expect(try await fixture.store.readWholeStream("valuation-\(org)").count == 1)
            let again = try await fixture.service.recordAll([good])
            #expect(again.wasAlreadyRecorded)
        }
    }

    @Test func valuationEventsReadBackAndLeaveTheLedgerStateAlone() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 100_000, disbursed: 0, indicators: ["x"])
            let before = try await fixture.service.loadState()
            try await fixture.assume(deadweight: "0.25")
            let events = try await fixture.service.loadEvents()
            guard case .valuation(.evaluationAssumptionsRecorded(let recorded))? = events.last?.event else {
                Issue.record("the assumptions did not read back: \(String(describing: events.last))")
                return
            }
            #expect(recorded.deadweight == rate("0.25") && recorded.initiativeID == EvaluationFixture.initiativeID)
            let after = try await fixture.service.loadState()
            #expect(after == before)
            // A fund command still runs on the fund stream that now holds valuation data.
            try await fixture.record(.disburse(fundID: EvaluationFixture.fundID, initiativeID: EvaluationFixture.initiativeID,
                                               amount: .sek(100_000), department: "SOC", voucher: "V-2"), on: day("2026-04-01"))
        }
    }
}
