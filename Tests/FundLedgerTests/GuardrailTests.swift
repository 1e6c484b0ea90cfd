import EventStore
import Foundation
import FundLedger
import TestSupport
import Testing

/// Rules added after review: limits and consistency checks a finance officer would expect.
@Suite("Guard rails")
struct GuardrailTests {
    static let repayingPolicy = FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 2))

    @Test("with overcommitment allowed, a withdrawal still cannot exceed the cash in the fund")
    func withdrawalAboveBalance() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore(), policy: FundPolicy(overcommitmentAllowed: true), capital: kr(1_000_000))
        try await ledger.expectRefused("withdrawal-above-balance", .withdrawCapital(fundID: ledger.fundID, amount: kr(1_000_001)), on: day("2025-02-01"))
        _ = try await ledger.withdraw(kr(1_000_000), on: day("2025-02-01"))
        #expect(try await ledger.fund().balance == kr(0))
    }

    @Test("a period is closed only after it has ended, and never backwards")
    func periodCloseDates() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore())
        let organisation = try await ledger.fund().organisationID
        try await ledger.expectRefused("period-not-ended", .closePeriod(organisationID: organisation, through: day("2062-12-31")), on: day("2026-01-10"))
        _ = try await ledger.closePeriod(through: day("2025-12-31"), on: day("2026-01-10"))
        try await ledger.expectRefused("period-order", .closePeriod(organisationID: organisation, through: day("2025-06-30")), on: day("2026-02-01"))
    }

    @Test("a saving cannot be attributed to the department where it arose")
    func attributionToSelf() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore(), policy: Self.repayingPolicy)
        try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
        _ = try await ledger.disburse("i1", kr(500_000), on: day("2025-02-02"))
        _ = try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(100_000), year: 2025, on: day("2026-01-15"))
        try await ledger.expectRefused(
            "attribution-to-self", .attributeSaving(fundID: ledger.fundID, savingID: "s1", department: "SOC", share: rate("0.5")),
            on: day("2026-01-16"))
    }

    @Test("one amount above the ledger's limit is refused before any sum could overflow")
    func amountLimit() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore())
        let huge = Money(ore: CommandHandler.amountOreMax + 1, currency: .sek)
        try await ledger.expectRefused("amount-limit", .contributeCapital(fundID: ledger.fundID, amount: huge, source: "KF"), on: day("2025-02-01"))
        _ = try await ledger.contribute(Money(ore: CommandHandler.amountOreMax, currency: .sek), on: day("2025-02-01"))
    }

    /// A command id reused with another effective date, or on the same day with another amount: the digest
    /// in the metadata tells it from a retry.
    @Test(
        "a command id reused for another command is refused, not taken for a retry",
        arguments: [(kr(100), day("2025-04-01")), (kr(200), day("2025-03-01"))])
    func commandIDReuse(otherAmount: Money, otherDate: CivilDate) async throws {
        let store = InMemoryEventStore()
        let ledger = try await LedgerFixture.start(on: store)
        let service = LedgerService(store: store)
        let id = UUID()
        func contribution(_ amount: Money, on date: CivilDate) -> CommandEnvelope {
            CommandEnvelope(
                .contributeCapital(fundID: ledger.fundID, amount: amount, source: "KF"), actor: "t", effectiveDate: date, commandID: id)
        }
        try await service.record(contribution(kr(100), on: day("2025-03-01")))
        #expect(try await service.record(contribution(kr(100), on: day("2025-03-01"))).wasAlreadyRecorded)
        let before = try await store.head()
        await #expect(throws: CommandIDReusedError.self) { try await service.record(contribution(otherAmount, on: otherDate)) }
        #expect(try await store.head() == before)
        #expect(try await service.record(contribution(kr(100), on: day("2025-03-01"))).wasAlreadyRecorded)
    }
}

/// Repayment terms agreed in one decision, overriding the fund's model for that decision only.
@Suite("Decision terms")
struct DecisionTermsTests {
    @Test("a repayment plan agreed in a decision makes its instalments due; other decisions keep the fund's model")
    func agreedPlan() async throws {
        let store = InMemoryEventStore()
        let ledger = try await LedgerFixture.start(
            on: store, policy: FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5)))
        try await ledger.submit("planned", on: day("2025-02-01"))
        try await ledger.submit("usual", on: day("2025-02-01"))
        let plan = RepaymentModel.repaymentPlan(instalments: [
            PlannedInstalment(department: "SOC", due: day("2026-12-31"), amount: kr(100_000)),
            PlannedInstalment(department: "BUN", due: day("2027-12-31"), amount: kr(50_000)),
        ])
        _ = try await ledger.record(.decideInvestment(
            fundID: ledger.fundID, initiativeID: "planned", body: "KS", referenceNumber: "KS 2025/9", granted: kr(500_000),
            phasing: [], repaymentTerms: plan), on: day("2025-03-01"))
        _ = try await ledger.decide("usual", granted: kr(500_000), on: day("2025-03-01"))
        let planned = try await ledger.initiative("planned")
        #expect(planned.decision?.repaymentTerms == plan)
        #expect(RepaymentSchedule.positions(for: planned).map { "\($0.department) \($0.due.ore)" } == ["BUN 5000000", "SOC 10000000"])
        #expect(try await ledger.initiative("usual").decision?.repaymentTerms == .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5))
        // Invalid agreed terms are refused like an invalid policy.
        try await ledger.submit("bad", on: day("2025-02-01"))
        try await ledger.expectRefused("policy", .decideInvestment(
            fundID: ledger.fundID, initiativeID: "bad", body: "KS", referenceNumber: "KS 2025/10", granted: kr(100_000),
            phasing: [], repaymentTerms: .shareOfSavings(share: .zero, cap: .disbursed, horizonYears: 5)), on: day("2025-03-02"))
    }
}

/// Review findings turned into tests.
@Suite("Review fixes")
struct ReviewFixTests {
    @Test("a year named twice in a request or a phasing is refused (it would dodge the per-year maximum)")
    func duplicateYears() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore(), policy: FundPolicy(maximumAmountPerYear: kr(500_000)))
        var application = LedgerFixture.application("twice")
        application.requestedPerYear = [YearAmount(year: 2026, amount: kr(400_000)), YearAmount(year: 2026, amount: kr(400_000))]
        try await ledger.expectRefused("duplicate-year", .submitApplication(fundID: ledger.fundID, application: application), on: day("2025-03-01"))
        try await ledger.submit("once", on: day("2025-03-01"))
        try await ledger.expectRefused("duplicate-year", .decideInvestment(
            fundID: ledger.fundID, initiativeID: "once", body: "KS", referenceNumber: "KS 1", granted: kr(800_000),
            phasing: [YearAmount(year: 2026, amount: kr(400_000)), YearAmount(year: 2026, amount: kr(400_000))]), on: day("2025-03-02"))
    }
}
