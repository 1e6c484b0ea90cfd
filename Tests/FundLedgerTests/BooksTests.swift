import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

/// Double entry (domain.md, "Rules to enforce"): every money event turns into postings that sum to zero,
/// the trial balance is always 0, and the accounts agree with the fund state.
@Suite("Books")
struct BooksTests {
    @Test("each money event posts the documented journal entry", arguments: StoreKind.allCases)
    func postingRules(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let policy = FundPolicy(repaymentModel: .shareOfSavings(share: rate("0.5"), cap: .disbursed, horizonYears: 5))
            let ledger = try await LedgerFixture.start(on: store, policy: policy, capital: nil)
            func lastEntry() async throws -> JournalEntry { try #require(try await ledger.books().journal.last) }
            func lines(_ entry: JournalEntry) -> [String] {
                entry.postings.map { "\($0.account.number) \($0.amount.ore) \($0.department ?? "-") \($0.initiative ?? "-")" }
            }

            let contribution = try await ledger.contribute(kr(10_000_000), on: day("2025-01-10"))
            var entry = try await lastEntry()
            #expect(entry.eventID == contribution)
            #expect(entry.fundID == ledger.fundID)
            #expect(entry.eventType == CapitalContributed.eventType)
            #expect(lines(entry) == ["1930 1000000000 - -", "2081 -1000000000 - -"])

            try await ledger.withdraw(kr(1_000_000), on: day("2025-01-11"))
            #expect(lines(try await lastEntry()) == ["2081 100000000 - -", "1930 -100000000 - -"])

            // Decisions are commitments, not bookkeeping entries.
            let before = try await ledger.books().journal.count
            try await ledger.grant("i1", kr(4_000_000), on: day("2025-02-01"))
            #expect(try await ledger.books().journal.count == before)

            // A disbursement raises the cap, but without savings nothing is due yet.
            try await ledger.disburse("i1", kr(4_000_000), to: "BUN", on: day("2025-02-02"))
            #expect(lines(try await lastEntry()) == ["4690 400000000 BUN i1", "1930 -400000000 BUN i1"])

            // A saving accrues what SOC owes: 50 % of 1 000 000.
            try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025, on: day("2026-01-10"))
            entry = try await lastEntry()
            #expect(entry.eventType == SavingRealised.eventType)
            #expect(lines(entry) == ["1519 50000000 SOC i1", "3590 -50000000 - i1"])

            // An attribution moves 40 % of the due from SOC to FK.
            try await ledger.attribute("s1", to: "FK", share: rate("0.4"), on: day("2026-01-11"))
            #expect(lines(try await lastEntry()) == ["1519 20000000 FK i1", "3590 -20000000 - i1", "1519 -20000000 SOC i1", "3590 20000000 - i1"])

            let repayment = try await ledger.repay("i1", by: "SOC", kr(300_000), on: day("2026-01-12"))
            #expect(lines(try await lastEntry()) == ["1930 30000000 SOC i1", "1519 -30000000 SOC i1"])

            try await ledger.waive("i1", for: "FK", kr(50_000), on: day("2026-01-13"))
            #expect(lines(try await lastEntry()) == ["1519 -5000000 FK i1", "3590 5000000 - i1"])

            try await ledger.reverse(repayment, on: day("2026-01-14"))
            entry = try await lastEntry()
            #expect(entry.eventType == EventReversed.eventType)
            #expect(lines(entry) == ["1930 -30000000 SOC i1", "1519 30000000 SOC i1"])

            let balances = try await ledger.books().trialBalance()
            #expect(balances[.fundCash] == kr(10_000_000 - 1_000_000 - 4_000_000).ore)
            #expect(balances[.repaymentReceivable] == kr(500_000 - 50_000).ore)
            try await ledger.expectBooksAgree()
        }
    }

    @Test("trial balance is zero and accounts match the fund after every step of a long scenario", arguments: StoreKind.allCases)
    func trialBalanceAfterEachStep(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let policy = FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5))
            let ledger = try await LedgerFixture.start(on: store, policy: policy, capital: kr(20_000_000))
            var references: [String: UUID] = [:]
            let steps: [(String, @Sendable (LedgerFixture) async throws -> UUID?)] = [
                ("grant A", { try await $0.grant("A", kr(6_000_000), on: day("2025-02-01")); return nil }),
                ("grant B", { try await $0.grant("B", kr(3_000_000), on: day("2025-02-01")); return nil }),
                ("disburse A", { try await $0.disburse("A", kr(4_000_000), on: day("2025-03-01")) }),
                ("disburse B", { try await $0.disburse("B", kr(3_000_000), to: "SOC", on: day("2025-03-01")) }),
                ("saving A", { try await $0.realiseSaving("a1", "A", in: "SOC", kr(2_500_000), year: 2025, on: day("2026-01-15")) }),
                ("saving B", { try await $0.realiseSaving("b1", "B", in: "FK", kr(5_000_000), year: 2025, on: day("2026-01-15")) }),
                ("attribute A", { try await $0.attribute("a1", to: "BUN", share: rate("0.333333333"), on: day("2026-01-16")) }),
                ("repay A SOC", { try await $0.repay("A", by: "SOC", kr(1_000_000), on: day("2026-02-01")) }),
                ("repay B FK", { try await $0.repay("B", by: "FK", kr(3_000_000), method: .frameReduction, on: day("2026-02-01")) }),
                ("disburse A rest", { try await $0.disburse("A", kr(2_000_000), on: day("2026-03-01")) }),
                ("waive A BUN", { try await $0.waive("A", for: "BUN", kr(100_000), on: day("2026-03-02")) }),
                ("withdraw", { try await $0.withdraw(kr(1_000_000), on: day("2026-04-01")) }),
                ("close A", { try await $0.close("A", on: day("2026-12-31")); return nil }),
            ]
            for (name, step) in steps {
                if let id = try await step(ledger) { references[name] = id }
                try await ledger.expectBooksAgree()
            }
            // Corrections, each followed by the same checks.
            for name in ["waive A BUN", "repay A SOC", "attribute A", "disburse A rest"] {
                try await ledger.reverse(try #require(references[name]), on: day("2027-01-10"))
                try await ledger.expectBooksAgree()
            }
            let fund = try await ledger.fund()
            #expect(fund.balance == kr(20_000_000 - 4_000_000 - 3_000_000 + 3_000_000 - 1_000_000))
            #expect(try await ledger.position("A", "SOC").due == kr(2_500_000))
            #expect(try await ledger.position("A", "BUN").due == kr(0))
            // B: cap = disbursed 3 000 000, FK repaid all of it.
            #expect(try await ledger.position("B", "FK").outstanding == kr(0))
        }
    }

    @Test("books rebuilt from the store equal books kept while recording", arguments: StoreKind.allCases)
    func booksReplay(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let policy = FundPolicy(repaymentModel: .frameReduction(share: rate("0.75"), horizonYears: 3))
            let ledger = try await LedgerFixture.start(on: store, policy: policy)
            try await ledger.grant("i1", kr(2_000_000), on: day("2025-02-01"))
            try await ledger.disburse("i1", kr(2_000_000), on: day("2025-02-02"))
            let saving = try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(4_000_000), year: 2025, on: day("2026-01-10"))
            // Frame reduction has no cap: 75 % of 4 000 000.
            #expect(try await ledger.position("i1", "SOC").due == kr(3_000_000))
            try await ledger.repay("i1", by: "SOC", kr(3_000_000), method: .frameReduction, on: day("2026-12-31"))
            try await ledger.expectRefused("negative-obligation", .reverse(fundID: ledger.fundID, eventID: saving), on: day("2027-01-10"))

            let events = try await ledger.events()
            var incremental = Books()
            for event in events { incremental.record(event) }
            let replayed = Books(events: events)
            #expect(incremental.journal == replayed.journal)
            #expect(incremental.trialBalance() == replayed.trialBalance())
            #expect(incremental.state == LedgerState(events: events))
            // Only one fund: the per-fund trial balance is the whole one; an unknown fund has none.
            #expect(replayed.trialBalance(fundID: ledger.fundID) == replayed.trialBalance())
            #expect(replayed.trialBalance(fundID: "annan").isEmpty)
            try await ledger.expectBooksAgree()
        }
    }
}

/// Result accounts close to the fund's capital at each year end: three years worked out by hand.
@Suite struct YearEndClosingTests {
    @Test(arguments: StoreKind.allCases)
    func threeFiscalYearsAsARevisorWorksThemOut(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await ThreeYearLedger.record(on: store)
            let books = Books(events: try await LedgerService(store: store).loadEvents())
            for (year, expected) in ThreeYearLedger.expected.sorted(by: { $0.key < $1.key }) {
                let balances = books.yearBalances(fundID: ThreeYearLedger.fundID, year: year)
                for account in Account.allCases {
                    #expect(balances[account] == expected[account], "\(year) \(account)")
                }
                #expect(balances.values.map(\.opening).reduce(0, +) == 0, "\(year) openings")
                #expect(balances.values.map(\.closing).reduce(0, +) == 0, "\(year) closings")
                for account in Account.allCases where account.isResultAccount {
                    #expect(balances[account]?.opening == 0, "\(year) \(account) opens at zero")
                }
            }
        }
    }
}
