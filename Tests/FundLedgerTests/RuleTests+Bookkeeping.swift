import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

// The bookkeeping rules (domain.md, "Rules to enforce"): closed periods, reversals, unknown references,
// batches and vouchers. The money rules are in RuleTests.swift.

extension RuleTests {
    // MARK: Periods

    @Test("no event may be effective in a closed period; late corrections go into the open one", arguments: stores)
    func closedPeriod(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            try await ledger.grant("i1", kr(5_000_000), on: day("2025-02-01"))
            let disbursement = try await ledger.disburse("i1", kr(1_000_000), on: day("2025-11-30"))
            try await ledger.closePeriod(through: day("2025-12-31"), on: day("2026-01-15"))
            let fund = ledger.fundID
            try await ledger.expectRefused("closed-period", .contributeCapital(fundID: fund, amount: kr(1), source: "KF"), on: day("2025-12-31"))
            try await ledger.expectRefused(
                "closed-period", .disburse(fundID: fund, initiativeID: "i1", amount: kr(1), department: "BUN", voucher: "V"), on: day("2025-06-01"))
            try await ledger.expectRefused("closed-period", .reverse(fundID: fund, eventID: disbursement), on: day("2025-12-15"))
            try await ledger.expectRefused(
                "closed-period", .registerDepartment(organisationID: LedgerFixture.organisationID, code: "KFN", name: "Kultur", kind: .committee),
                on: day("2025-12-31"))
            try await ledger.expectRefused("period-order", .closePeriod(organisationID: LedgerFixture.organisationID, through: day("2025-06-30")), on: day("2026-01-16"))
            // The correction of a closed period's event is effective in the open period.
            try await ledger.reverse(disbursement, on: day("2026-01-02"))
            try await ledger.contribute(kr(1), on: day("2026-01-01"))
            let books = try await ledger.books()
            #expect(books.trialBalance(through: day("2025-12-31"))[.disbursements] == kr(1_000_000).ore, "the closed year's books stay as they were")
            #expect(books.trialBalance()[.disbursements] == 0)
        }
    }

    // MARK: Reversals

    @Test("an event can be reversed only once, and a reversal cannot be reversed", arguments: stores)
    func reversals(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let contribution = try await ledger.contribute(kr(1_000_000), on: day("2025-02-01"))
            let reversal = try await ledger.reverse(contribution, on: day("2025-02-02"))
            let fund = ledger.fundID
            try await ledger.expectRefused("reverse-once", .reverse(fundID: fund, eventID: contribution), on: day("2025-02-03"))
            try await ledger.expectRefused("reverse-reversal", .reverse(fundID: fund, eventID: reversal), on: day("2025-02-03"))
            try await ledger.expectRefused("unknown-event", .reverse(fundID: fund, eventID: UUID()), on: day("2025-02-03"))
            try await ledger.submit("i1", on: day("2025-02-03"))
            let decision = try await ledger.decide("i1", granted: kr(1_000_000), on: day("2025-02-03"))
            try await ledger.expectRefused("not-reversible", .reverse(fundID: fund, eventID: decision), on: day("2025-02-04"))
            #expect(try await ledger.fund().contributed == kr(40_000_000))
        }
    }

    @Test("a reversal that would break an invariant is refused", arguments: stores)
    func reversalsKeepInvariants(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.repayingPolicy, capital: nil)
            let capital = try await ledger.contribute(kr(5_000_000), on: day("2025-01-10"))
            try await ledger.grant("i1", kr(5_000_000), on: day("2025-02-01"))
            try await ledger.disburse("i1", kr(5_000_000), on: day("2025-02-02"))
            let saving = try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025, on: day("2026-01-10"))
            try await ledger.repay("i1", by: "SOC", kr(1_000_000), on: day("2026-01-11"))
            // Taking back the capital would leave the fund at −4 000 000.
            try await ledger.expectRefused("negative-balance", .reverse(fundID: ledger.fundID, eventID: capital), on: day("2026-02-01"))
            // Taking back the saving would leave SOC having repaid more than it owes.
            try await ledger.expectRefused("negative-obligation", .reverse(fundID: ledger.fundID, eventID: saving), on: day("2026-02-01"))
        }
    }

    // MARK: Unknown references

    @Test("unknown department, fund and initiative are refused", arguments: stores)
    func unknownReferences(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            let date = day("2025-03-01")
            try await ledger.expectRefused(
                "unknown-department", .disburse(fundID: ledger.fundID, initiativeID: "i1", amount: kr(1), department: "KUL", voucher: "V"), on: date)
            try await ledger.expectRefused(
                "unknown-department", .submitApplication(fundID: ledger.fundID, application: LedgerFixture.application("i2", departments: ["BUN", "KUL"])),
                on: date)
            try await ledger.expectRefused(
                "unknown-department", .realiseSaving(fundID: ledger.fundID, saving: LedgerFixture.saving("s1", "i1", in: "KUL", kr(1), year: 2025)),
                on: date)
            try await ledger.expectRefused("unknown-fund", .contributeCapital(fundID: "ingen-fond", amount: kr(1), source: "KF"), on: date)
            try await ledger.expectRefused("unknown-fund", .submitApplication(fundID: "ingen-fond", application: LedgerFixture.application("i3")), on: date)
            try await ledger.expectRefused(
                "unknown-initiative", .disburse(fundID: ledger.fundID, initiativeID: "okand", amount: kr(1), department: "BUN", voucher: "V"), on: date)
            try await ledger.expectRefused(
                "unknown-initiative",
                .decideInvestment(fundID: ledger.fundID, initiativeID: "okand", body: "KS", referenceNumber: "KS 1", granted: kr(1), phasing: []), on: date)
            try await ledger.expectRefused(
                "unknown-organisation",
                .establishFund(fundID: "f2", organisationID: "000000-0000", name: "Fond", currency: .sek, policy: FundPolicy()), on: date)
            try await ledger.expectRefused("unknown-saving", .attributeSaving(fundID: ledger.fundID, savingID: "okand", department: "BUN", share: rate("0.5")), on: date)
        }
    }

    // MARK: Batches

    @Test("a batch whose third command breaks a rule writes nothing and names index 2", arguments: stores)
    func batchRefusedAsAWhole(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, capital: kr(10_000_000))
            let before = try await store.head()
            let fund = ledger.fundID
            let date = day("2025-02-01")
            let batch = [
                CommandEnvelope(.submitApplication(fundID: fund, application: LedgerFixture.application("i1")), actor: "import", effectiveDate: date),
                CommandEnvelope(.decideInvestment(fundID: fund, initiativeID: "i1", body: "KS", referenceNumber: "KS 1", granted: kr(4_000_000), phasing: []),
                                actor: "import", effectiveDate: date),
                // Only 4 000 000 are granted: this breaks the over-disbursement rule, given the two before it.
                CommandEnvelope(.disburse(fundID: fund, initiativeID: "i1", amount: kr(5_000_000), department: "BUN", voucher: "V1"), actor: "import", effectiveDate: date),
                CommandEnvelope(.contributeCapital(fundID: fund, amount: kr(1), source: "KF"), actor: "import", effectiveDate: date),
            ]
            await #expect(throws: BatchRuleError.self) { try await ledger.service.recordAll(batch) }
            do {
                try await ledger.service.recordAll(batch)
            } catch let error as BatchRuleError {
                #expect(error.index == 2)
                #expect(error.error.rule == "over-disbursement")
                #expect(error.description.hasPrefix("command 3:"))
            }
            #expect(try await store.head() == before)
            #expect(try await ledger.fund().initiatives.isEmpty)

            // The same batch with the disbursement within the grant is written whole, in order.
            var fixed = batch
            fixed[2] = CommandEnvelope(
                .disburse(fundID: fund, initiativeID: "i1", amount: kr(4_000_000), department: "BUN", voucher: "V1"), actor: "import", effectiveDate: date)
            let result = try await ledger.service.recordAll(fixed)
            #expect(result.appended.count == 4)
            #expect(try await store.head().position == before.position + 4)
            #expect(try await ledger.fund().balance == kr(6_000_001))
            // Retrying the recorded batch writes nothing new.
            let retry = try await ledger.service.recordAll(fixed)
            #expect(retry.wasAlreadyRecorded)
            #expect(try await store.head().position == before.position + 4)
        }
    }
}

/// A voucher number is used once in a fund's fiscal year, unless the command says it genuinely repeats.
@Suite("Vouchers")
struct VoucherRuleTests {
    @Test("a second use in the same fiscal year is refused, naming the first event", arguments: StoreKind.allCases)
    func secondUseRefused(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let fund = ledger.fundID
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            func disburse(_ voucher: String, repeated: Bool = false) -> LedgerCommand {
                .disburse(fundID: fund, initiativeID: "i1", amount: kr(1_000), department: "BUN", voucher: voucher, repeatedVoucher: repeated)
            }
            let first = try await ledger.record(disburse("V-17"), on: day("2025-03-01"))
            try await ledger.expectRefused("unique-voucher", disburse("V-17"), on: day("2025-11-30"))
            let refusal = await #expect(throws: LedgerRuleError.self) { try await ledger.record(disburse("V-17"), on: day("2025-04-01")) }
            #expect(refusal?.message.contains(first.uuidString.lowercased()) == true, "\(String(describing: refusal))")
            // Another fiscal year, or a number said to repeat, is recorded.
            try await ledger.record(disburse("V-17"), on: day("2026-01-02"))
            try await ledger.record(disburse("V-17", repeated: true), on: day("2025-05-01"))
            // A reversed use frees its number; one in force keeps it taken.
            try await ledger.record(disburse("V-18"), on: day("2025-06-01"))
            let reversedFirst = try await ledger.record(disburse("V-19"), on: day("2025-06-02"))
            try await ledger.reverse(reversedFirst, on: day("2025-06-03"))
            try await ledger.record(disburse("V-19"), on: day("2025-06-04"))
            try await ledger.expectRefused("unique-voucher", disburse("V-18"), on: day("2025-07-01"))
        }
    }

    @Test("a voucher written in another case, with Unicode hyphens, full-width letters or more spaces is the same voucher",
          arguments: StoreKind.allCases)
    func sameVoucherWrittenDifferently(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            func disburse(_ voucher: String) -> LedgerCommand {
                .disburse(fundID: ledger.fundID, initiativeID: "i1", amount: kr(1_000), department: "BUN", voucher: voucher, repeatedVoucher: false)
            }
            try await ledger.record(disburse("TK-V 2025-0203"), on: day("2025-03-01"))
            for variant in ["tk-v 2025-0203", "TK\u{2010}V 2025\u{2011}0203", "TK\u{2013}V 2025-0203", "\u{FF34}\u{FF2B}-V 2025-0203",
                            "TK-V  2025-0203", "TK\u{2212}V 2025-0203"] {
                try await ledger.expectRefused("unique-voucher", disburse(variant), on: day("2025-04-01"))
            }
            try await ledger.record(disburse("TK-V 2025-0204"), on: day("2025-04-01"))
            #expect(VoucherUse(year: 2025, voucher: "Ｖ‐1 A") == VoucherUse(year: 2025, voucher: "v-1  a"))
        }
    }

    @Test("two uses within one batch are refused too", arguments: StoreKind.allCases)
    func withinABatch(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            let before = try await store.head()
            let envelopes = ["V-1", "V-1"].map {
                CommandEnvelope(
                    .disburse(fundID: ledger.fundID, initiativeID: "i1", amount: kr(1_000), department: "BUN", voucher: $0),
                    actor: LedgerFixture.actor, effectiveDate: day("2025-03-01"))
            }
            await #expect(throws: BatchRuleError.self) { try await ledger.service.recordAll(envelopes) }
            let after = try await store.head()
            #expect(after == before)
        }
    }
}
