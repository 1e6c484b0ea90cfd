import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

/// One test per rule of domain.md ("Rules to enforce"): the exact rule name, and nothing written.
@Suite("Rules")
struct RuleTests {
    static let stores = StoreKind.allCases
    static let repayingPolicy = FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 2))

    /// The fixture under `repayingPolicy` with initiative i1 granted and wholly disbursed (5 000 000 kr,
    /// 1 and 2 February 2025).
    static func disbursed(on store: any EventStore) async throws -> LedgerFixture {
        let ledger = try await LedgerFixture.start(on: store, policy: repayingPolicy)
        try await ledger.grant("i1", kr(5_000_000), on: day("2025-02-01"))
        try await ledger.disburse("i1", kr(5_000_000), on: day("2025-02-02"))
        return ledger
    }

    // MARK: Amounts and currency

    @Test("amounts must be positive", arguments: stores)
    func nonPositiveAmounts(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.repayingPolicy)
            let fund = ledger.fundID
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            let date = day("2025-03-01")
            try await ledger.expectRefused("positive-amount", .contributeCapital(fundID: fund, amount: kr(0), source: "KF"), on: date)
            try await ledger.expectRefused("positive-amount", .contributeCapital(fundID: fund, amount: kr(-5), source: "KF"), on: date)
            try await ledger.expectRefused("positive-amount", .withdrawCapital(fundID: fund, amount: kr(0)), on: date)
            try await ledger.expectRefused(
                "positive-amount", .disburse(fundID: fund, initiativeID: "i1", amount: kr(0), department: "BUN", voucher: "V1"), on: date)
            try await ledger.expectRefused(
                "positive-amount", .disburse(fundID: fund, initiativeID: "i1", amount: Money(ore: -1, currency: .sek), department: "BUN", voucher: "V1"),
                on: date)
            try await ledger.submit("i2", on: date)
            try await ledger.expectRefused(
                "positive-amount",
                .decideInvestment(fundID: fund, initiativeID: "i2", body: "KS", referenceNumber: "KS 1", granted: kr(0), phasing: []), on: date)
            try await ledger.expectRefused(
                "positive-amount", .submitApplication(fundID: fund, application: LedgerFixture.application("i3", perYear: [YearAmount(year: 2025, amount: kr(0))])),
                on: date)
            try await ledger.disburse("i1", kr(1_000_000), on: date)
            try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(300_000), year: 2025, on: day("2026-01-10"))
            try await ledger.expectRefused(
                "positive-amount",
                .receiveRepayment(fundID: fund, initiativeID: "i1", department: "SOC", amount: kr(0), method: .cash), on: day("2026-01-11"))
            try await ledger.expectRefused(
                "positive-amount",
                .waiveRepayment(fundID: fund, initiativeID: "i1", department: "SOC", amount: kr(-1), referenceNumber: "KS 2"), on: day("2026-01-11"))
            try await ledger.expectRefused(
                "positive-amount",
                .realiseSaving(fundID: fund, saving: LedgerFixture.saving("s2", "i1", in: "SOC", kr(0), year: 2025)), on: day("2026-01-11"))
            // The positive control: a positive amount is accepted.
            try await ledger.contribute(kr(1), on: date)
        }
    }

    @Test("amounts must be in the fund's currency", arguments: stores)
    func wrongCurrency(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let fund = ledger.fundID
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            let euros = Money(ore: 100_000, currency: .eur)
            try await ledger.expectRefused("currency", .contributeCapital(fundID: fund, amount: euros, source: "EU"), on: day("2025-03-01"))
            try await ledger.expectRefused(
                "currency", .disburse(fundID: fund, initiativeID: "i1", amount: euros, department: "BUN", voucher: "V1"), on: day("2025-03-01"))
            try await ledger.expectRefused(
                "currency", .submitApplication(fundID: fund, application: LedgerFixture.application("i2", coFinancing: Money(ore: 0, currency: .eur))),
                on: day("2025-03-01"))
            #expect(try await ledger.fund().contributed == kr(40_000_000))
        }
    }

    // MARK: Commitments

    @Test("a decision cannot exceed the uncommitted capital without overcommitment", arguments: stores)
    func decisionAboveUncommitted(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, capital: kr(40_000_000))
            try await ledger.grant("i1", kr(30_000_000), on: day("2025-02-01"))
            try await ledger.submit("i2", on: day("2025-02-01"))
            try await ledger.expectRefused(
                "overcommitment",
                .decideInvestment(fundID: ledger.fundID, initiativeID: "i2", body: "KS", referenceNumber: "KS 2", granted: kr(10_000_001), phasing: []),
                on: day("2025-02-02"))
            // Exactly the uncommitted capital is allowed.
            try await ledger.decide("i2", granted: kr(10_000_000), on: day("2025-02-02"))
            #expect(try await ledger.fund().uncommitted == kr(0))
            // Raising a grant is a decision too.
            try await ledger.expectRefused(
                "overcommitment", .amendDecision(fundID: ledger.fundID, initiativeID: "i1", referenceNumber: "KS 3", granted: kr(30_000_001)),
                on: day("2025-02-03"))
        }
    }

    @Test("with overcommitment allowed, a decision may exceed the uncommitted capital", arguments: stores)
    func decisionAboveUncommittedAllowed(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: FundPolicy(overcommitmentAllowed: true), capital: kr(40_000_000))
            try await ledger.grant("i1", kr(30_000_000), on: day("2025-02-01"))
            try await ledger.grant("i2", kr(25_000_000), on: day("2025-02-02"))
            let fund = try await ledger.fund()
            #expect(fund.committed == kr(55_000_000))
            #expect(fund.uncommitted == kr(-15_000_000))
            #expect(fund.balance == kr(40_000_000))
        }
    }

    @Test("a withdrawal cannot exceed the uncommitted capital", arguments: stores)
    func withdrawalAboveUncommitted(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, capital: kr(40_000_000))
            try await ledger.grant("i1", kr(30_000_000), on: day("2025-02-01"))
            try await ledger.expectRefused(
                "withdrawal-above-uncommitted", .withdrawCapital(fundID: ledger.fundID, amount: kr(10_000_001)), on: day("2025-03-01"))
            try await ledger.withdraw(kr(10_000_000), on: day("2025-03-01"))
            #expect(try await ledger.fund().balance == kr(30_000_000))
        }
    }

    // MARK: Disbursements

    @Test("no disbursement for an undecided, rejected, revoked or closed initiative", arguments: stores)
    func disbursementNeedsAnOpenDecision(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let date = day("2025-06-01")
            func disburse(_ initiative: String) -> LedgerCommand {
                .disburse(fundID: ledger.fundID, initiativeID: initiative, amount: kr(100_000), department: "BUN", voucher: "V9")
            }
            try await ledger.submit("ansokt", on: day("2025-02-01"))
            try await ledger.expectRefused("initiative-status", disburse("ansokt"), on: date)
            try await ledger.submit("avslag", on: day("2025-02-01"))
            try await ledger.reject("avslag", on: day("2025-02-02"))
            try await ledger.expectRefused("initiative-status", disburse("avslag"), on: date)
            try await ledger.grant("aterkallad", kr(1_000_000), on: day("2025-02-01"))
            try await ledger.revoke("aterkallad", on: day("2025-02-03"))
            try await ledger.expectRefused("initiative-status", disburse("aterkallad"), on: date)
            try await ledger.grant("avslutad", kr(1_000_000), on: day("2025-02-01"))
            try await ledger.disburse("avslutad", kr(100_000), on: day("2025-02-04"))
            try await ledger.close("avslutad", outcome: .discontinued, on: day("2025-05-31"))
            try await ledger.expectRefused("initiative-status", disburse("avslutad"), on: date)
            // Once closed, the rest of the grant is no longer committed.
            #expect(try await ledger.fund().committed == kr(0))
        }
    }

    @Test("never disburse above granted − already disbursed", arguments: stores)
    func overDisbursement(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            try await ledger.grant("i1", kr(5_000_000), on: day("2025-02-01"))
            try await ledger.disburse("i1", kr(3_000_000), on: day("2025-02-02"))
            try await ledger.expectRefused(
                "over-disbursement",
                .disburse(fundID: ledger.fundID, initiativeID: "i1", amount: Money(ore: kr(2_000_000).ore + 1, currency: .sek), department: "SOC", voucher: "V2"),
                on: day("2025-03-01"))
            try await ledger.disburse("i1", kr(2_000_000), to: "SOC", on: day("2025-03-01"))
            try await ledger.expectRefused(
                "over-disbursement", .disburse(fundID: ledger.fundID, initiativeID: "i1", amount: Money(ore: 1, currency: .sek), department: "BUN", voucher: "V3"),
                on: day("2025-03-02"))
            #expect(try await ledger.initiative("i1").disbursed == kr(5_000_000))
        }
    }

    // MARK: Repayments

    @Test("a repayment needs a recorded saving", arguments: stores)
    func repaymentWithoutSaving(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await Self.disbursed(on: store)
            let repay = LedgerCommand.receiveRepayment(fundID: ledger.fundID, initiativeID: "i1", department: "SOC", amount: kr(100_000), method: .cash)
            try await ledger.expectRefused("repayment-without-obligation", repay, on: day("2025-12-01"))
            // A saving beyond the horizon (decided 2025-02-01 + 2 years) creates no obligation either.
            try await ledger.realiseSaving("sent", "i1", in: "SOC", kr(1_000_000), year: 2027, on: day("2028-01-10"))
            try await ledger.expectRefused("repayment-without-obligation", repay, on: day("2028-01-11"))
            // One within the horizon does.
            try await ledger.realiseSaving("i-tid", "i1", in: "SOC", kr(1_000_000), year: 2026, on: day("2028-01-12"))
            try await ledger.record(repay, on: day("2028-01-13"))
        }
    }

    @Test("a repayment cannot exceed the outstanding obligation", arguments: stores)
    func repaymentAboveOutstanding(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await Self.disbursed(on: store)
            try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(1_500_000), year: 2025, on: day("2026-01-10"))
            try await ledger.repay("i1", by: "SOC", kr(1_000_000), on: day("2026-01-11"))
            try await ledger.waive("i1", for: "SOC", kr(200_000), on: day("2026-01-12"))
            // due 1 500 000 − repaid 1 000 000 − waived 200 000 = 300 000
            func repay(_ amount: Money) -> LedgerCommand {
                .receiveRepayment(fundID: ledger.fundID, initiativeID: "i1", department: "SOC", amount: amount, method: .cash)
            }
            try await ledger.expectRefused("over-repayment", repay(Money(ore: kr(300_000).ore + 1, currency: .sek)), on: day("2026-01-13"))
            try await ledger.expectRefused(
                "over-waiver",
                .waiveRepayment(fundID: ledger.fundID, initiativeID: "i1", department: "SOC", amount: kr(300_001), referenceNumber: "KS 9"),
                on: day("2026-01-13"))
            try await ledger.record(repay(kr(300_000)), on: day("2026-01-13"))
            try await ledger.expectRefused("over-repayment", repay(Money(ore: 1, currency: .sek)), on: day("2026-01-14"))
            #expect(try await ledger.position("i1", "SOC").outstanding == kr(0))
        }
    }

    @Test("attribution shares of one saving sum to at most 100 %", arguments: stores)
    func attributionAbove100(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await Self.disbursed(on: store)
            try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025, on: day("2026-01-10"))
            try await ledger.attribute("s1", to: "BUN", share: rate("0.6"), on: day("2026-01-11"))
            try await ledger.expectRefused(
                "attribution-over-100", .attributeSaving(fundID: ledger.fundID, savingID: "s1", department: "FK", share: rate("0.400000001")),
                on: day("2026-01-12"))
            try await ledger.expectRefused(
                "attribution-share", .attributeSaving(fundID: ledger.fundID, savingID: "s1", department: "FK", share: rate("1.5")), on: day("2026-01-12"))
            try await ledger.attribute("s1", to: "FK", share: rate("0.4"), on: day("2026-01-12"))
            try await ledger.expectRefused(
                "attribution-over-100", .attributeSaving(fundID: ledger.fundID, savingID: "s1", department: "BUN", share: rate("0.000000001")),
                on: day("2026-01-13"))
            // All of it attributed: the saving department owes nothing.
            #expect(try await ledger.position("i1", "SOC").due == kr(0))
            #expect(try await ledger.position("i1", "BUN").due == kr(600_000))
            #expect(try await ledger.position("i1", "FK").due == kr(400_000))
        }
    }
}
