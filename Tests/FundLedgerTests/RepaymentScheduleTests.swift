import EventStore
import Foundation
import FundLedger
import TestSupport
import Testing

/// domain.md model 2: due(t) = min(share × saving(t), cap − due so far), within the horizon, split by attribution.
@Suite("Repayment schedule")
struct RepaymentScheduleTests {
    static func ledger(_ model: RepaymentModel) async throws -> LedgerFixture {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore(), policy: FundPolicy(repaymentModel: model))
        try await ledger.grant("i1", kr(5_000_000), on: day("2025-02-01"))
        try await ledger.disburse("i1", kr(5_000_000), on: day("2025-02-02"))
        return ledger
    }

    @Test("attributed parts never add up to more than the due, whatever the rounding")
    func attributedPartsAddUp() async throws {
        let ledger = try await Self.ledger(.shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5))
        // A due of 3 öre split 50/50: each half is 1.5 öre.
        try await ledger.realiseSaving("s1", "i1", in: "SOC", Money(ore: 3, currency: .sek), year: 2025, on: day("2026-01-10"))
        try await ledger.attribute("s1", to: "BUN", share: rate("0.5"), on: day("2026-01-11"))
        try await ledger.attribute("s1", to: "FK", share: rate("0.5"), on: day("2026-01-11"))
        let initiative = try await ledger.initiative("i1")
        let obligations = RepaymentSchedule.obligations(for: initiative)
        #expect(obligations.reduce(0) { $0 + $1.amount.ore } == 3)
        #expect(obligations.allSatisfy { $0.amount.isPositive })
        #expect(RepaymentSchedule.remainingCapacity(for: initiative) == Money(ore: kr(5_000_000).ore - 3, currency: .sek))
        try await ledger.expectBooksAgree()
    }

    @Test("the cap holds across many attributed savings")
    func capHoldsWithAttributions() async throws {
        let ledger = try await Self.ledger(.shareOfSavings(share: .one, cap: .fixed(Money(ore: 7, currency: .sek)), horizonYears: 5))
        for index in 0..<3 {
            try await ledger.realiseSaving("s\(index)", "i1", in: "SOC", Money(ore: 3, currency: .sek), year: 2025, on: day("2026-01-10"))
            try await ledger.attribute("s\(index)", to: "BUN", share: rate("0.5"), on: day("2026-01-11"))
            try await ledger.attribute("s\(index)", to: "FK", share: rate("0.5"), on: day("2026-01-11"))
        }
        let initiative = try await ledger.initiative("i1")
        #expect(RepaymentSchedule.obligations(for: initiative).reduce(0) { $0 + $1.amount.ore } == 7)
        #expect(RepaymentSchedule.remainingCapacity(for: initiative) == Money(ore: 0, currency: .sek))
    }

    @Test("savings after the horizon create no obligation; the fixed cap and no cap are honoured")
    func horizonAndCaps() async throws {
        let fixed = try await Self.ledger(.shareOfSavings(share: rate("0.5"), cap: .fixed(kr(600_000)), horizonYears: 1))
        try await fixed.realiseSaving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025, on: day("2026-01-10"))
        try await fixed.realiseSaving("s2", "i1", in: "SOC", kr(1_000_000), year: 2026, on: day("2027-01-10"))  // ends after 2026-02-01
        var initiative = try await fixed.initiative("i1")
        #expect(RepaymentSchedule.obligations(for: initiative).map(\.amount) == [kr(500_000)])
        #expect(RepaymentSchedule.remainingCapacity(for: initiative) == kr(100_000))

        let unlimited = try await Self.ledger(.shareOfSavings(share: .one, cap: .unlimited, horizonYears: 5))
        try await unlimited.realiseSaving("s1", "i1", in: "SOC", kr(9_000_000), year: 2025, on: day("2026-01-10"))
        initiative = try await unlimited.initiative("i1")
        #expect(RepaymentSchedule.obligations(for: initiative).map(\.amount) == [kr(9_000_000)])
        #expect(RepaymentSchedule.remainingCapacity(for: initiative) == nil)

        let grant = try await Self.ledger(.none)
        try await grant.realiseSaving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025, on: day("2026-01-10"))
        #expect(RepaymentSchedule.obligations(for: try await grant.initiative("i1")).isEmpty)
    }

    @Test("a repayment plan's instalments are due without any saving")
    func repaymentPlan() async throws {
        let plan = try await Self.ledger(.repaymentPlan(instalments: [
            PlannedInstalment(department: "SOC", due: day("2026-12-31"), amount: kr(1_000_000)),
            PlannedInstalment(department: "BUN", due: day("2027-12-31"), amount: kr(500_000)),
        ]))
        #expect(try await plan.position("i1", "SOC").due == kr(1_000_000))
        try await plan.repay("i1", by: "BUN", kr(500_000), on: day("2027-06-01"))
        try await plan.expectRefused(
            "over-repayment", .receiveRepayment(fundID: plan.fundID, initiativeID: "i1", department: "BUN", amount: kr(1), method: .cash),
            on: day("2027-06-02"))
        try await plan.expectBooksAgree()
    }
}
