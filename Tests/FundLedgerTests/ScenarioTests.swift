import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

/// domain.md's worked examples, recorded through `LedgerService` on the in-memory store and on PostgreSQL.
@Suite("Worked examples")
struct ScenarioTests {
    /// Model 2's policy: the saving department repays 100 % of each saving, up to what was disbursed, for 5 years.
    static let fullRepayment = FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5))

    /// A fund with 40 MSEK of capital and two decisions: `lasframjande` 12 MSEK and `familjestod` 8 MSEK.
    static func capitalWithTwoDecisions(on store: any EventStore) async throws -> LedgerFixture {
        let ledger = try await LedgerFixture.start(on: store, capital: kr(40_000_000))
        try await ledger.grant("lasframjande", kr(12_000_000), on: day("2025-02-01"))
        try await ledger.grant("familjestod", kr(8_000_000), on: day("2025-02-01"))
        return ledger
    }

    // MARK: (a) Fund statement

    @Test("fund statement: capital 40, decisions 12 and 8, disbursed 10", arguments: StoreKind.allCases)
    func fundStatement(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await Self.capitalWithTwoDecisions(on: store)
            try await ledger.disburse("lasframjande", kr(6_000_000), on: day("2025-03-01"))
            try await ledger.disburse("lasframjande", kr(4_000_000), to: "SOC", on: day("2025-04-01"))

            let fund = try await ledger.fund()
            #expect(fund.contributed == kr(40_000_000))
            #expect(fund.disbursed == kr(10_000_000))
            #expect(fund.balance == kr(30_000_000))
            #expect(fund.committed == kr(10_000_000))
            #expect(fund.uncommitted == kr(20_000_000))
            let initiative = try #require(fund.initiatives["lasframjande"])
            #expect(initiative.committed == kr(2_000_000))
            #expect(initiative.disbursedByDepartment == ["BUN": kr(6_000_000), "SOC": kr(4_000_000)])
            #expect(fund.initiatives["familjestod"]?.committed == kr(8_000_000))
            try await ledger.expectBooksAgree()
            let books = try await ledger.books()
            #expect(books.trialBalance()[.fundCash] == kr(30_000_000).ore)
            #expect(books.trialBalance()[.disbursements] == kr(10_000_000).ore)
        }
    }

    // MARK: (b) Repayment schedule

    @Test("repayment schedule: disbursed 5, savings 1.5 and 2.5 → dues 1.5 and 2.5, capacity left 1.0", arguments: StoreKind.allCases)
    func repaymentSchedule(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.fullRepayment)
            // Run by the school department (BUN); the savings arise in social services (SOC).
            try await ledger.grant("tidiga-insatser", kr(5_000_000), on: day("2025-02-01"))
            try await ledger.disburse("tidiga-insatser", kr(5_000_000), to: "BUN", on: day("2025-02-15"))
            try await ledger.realiseSaving("soc-2025", "tidiga-insatser", in: "SOC", kr(1_500_000), year: 2025, on: day("2026-01-20"))
            try await ledger.realiseSaving("soc-2026", "tidiga-insatser", in: "SOC", kr(2_500_000), year: 2026, on: day("2027-01-20"))

            var initiative = try await ledger.initiative("tidiga-insatser")
            let obligations = RepaymentSchedule.obligations(for: initiative)
            #expect(obligations.map(\.amount) == [kr(1_500_000), kr(2_500_000)])
            #expect(obligations.map(\.department) == ["SOC", "SOC"], "the department where the saving arose pays")
            #expect(obligations.map(\.savingID) == ["soc-2025", "soc-2026"])
            #expect(obligations.map(\.dueDate) == [day("2025-12-31"), day("2026-12-31")])
            #expect(RepaymentSchedule.positions(for: initiative).map(\.department) == ["SOC"], "BUN, which ran it, owes nothing")
            #expect(RepaymentSchedule.remainingCapacity(for: initiative) == kr(1_000_000))

            // BUN ran the initiative but saved nothing: it has nothing to repay.
            try await ledger.expectRefused(
                "repayment-without-obligation",
                .receiveRepayment(fundID: ledger.fundID, initiativeID: "tidiga-insatser", department: "BUN", amount: kr(1_500_000), method: .cash),
                on: day("2027-02-01"))

            try await ledger.repay("tidiga-insatser", by: "SOC", kr(1_500_000), on: day("2026-02-01"))
            try await ledger.repay("tidiga-insatser", by: "SOC", kr(2_500_000), method: .frameReduction, on: day("2027-02-01"))
            initiative = try await ledger.initiative("tidiga-insatser")
            let soc = try await ledger.position("tidiga-insatser", "SOC")
            #expect(soc.due == kr(4_000_000))
            #expect(soc.repaid == kr(4_000_000))
            #expect(soc.outstanding == kr(0))
            #expect(RepaymentSchedule.remainingCapacity(for: initiative) == kr(1_000_000), "cap 5 − repaid 4 − waived 0")

            // A third saving only fills the remaining capacity of 1.0.
            try await ledger.realiseSaving("soc-2027", "tidiga-insatser", in: "SOC", kr(3_000_000), year: 2027, on: day("2028-01-20"))
            initiative = try await ledger.initiative("tidiga-insatser")
            #expect(RepaymentSchedule.obligations(for: initiative).map(\.amount) == [kr(1_500_000), kr(2_500_000), kr(1_000_000)])
            #expect(RepaymentSchedule.remainingCapacity(for: initiative) == kr(0))
            #expect(try await ledger.position("tidiga-insatser", "SOC").outstanding == kr(1_000_000))

            let fund = try await ledger.fund()
            #expect(fund.balance == kr(40_000_000 - 5_000_000 + 4_000_000))
            try await ledger.expectBooksAgree()
        }
    }

    @Test("an attribution of 40 % to another department splits the due", arguments: StoreKind.allCases)
    func attributionSplitsTheDue(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.fullRepayment)
            try await ledger.grant("tidiga-insatser", kr(5_000_000), on: day("2025-02-01"))
            try await ledger.disburse("tidiga-insatser", kr(5_000_000), on: day("2025-02-15"))
            try await ledger.realiseSaving("soc-2025", "tidiga-insatser", in: "SOC", kr(1_500_000), year: 2025, on: day("2026-01-20"))
            #expect(try await ledger.position("tidiga-insatser", "SOC").due == kr(1_500_000))

            try await ledger.attribute("soc-2025", to: "BUN", share: rate("40 %"), on: day("2026-01-25"))
            let initiative = try await ledger.initiative("tidiga-insatser")
            let obligations = RepaymentSchedule.obligations(for: initiative)
            #expect(Set(obligations.map(\.department)) == ["SOC", "BUN"])
            #expect(try await ledger.position("tidiga-insatser", "BUN").due == kr(600_000))
            #expect(try await ledger.position("tidiga-insatser", "SOC").due == kr(900_000))
            #expect(initiative.savings["soc-2025"]?.remainingShare == rate("0.6"))

            // Each pays its own share and no more.
            try await ledger.expectRefused(
                "over-repayment",
                .receiveRepayment(fundID: ledger.fundID, initiativeID: "tidiga-insatser", department: "BUN", amount: kr(600_001), method: .cash),
                on: day("2026-02-01"))
            try await ledger.repay("tidiga-insatser", by: "BUN", kr(600_000), on: day("2026-02-01"))
            try await ledger.repay("tidiga-insatser", by: "SOC", kr(900_000), on: day("2026-02-01"))
            #expect(try await ledger.position("tidiga-insatser", "BUN").outstanding == kr(0))
            #expect(try await ledger.position("tidiga-insatser", "SOC").outstanding == kr(0))
            try await ledger.expectBooksAgree()
            let books = try await ledger.books()
            #expect(books.trialBalance()[.repaymentReceivable, default: 0] == 0)
            #expect(books.trialBalance()[.accruedRepayments, default: 0] == -kr(1_500_000).ore)
        }
    }

    // MARK: (c) Policy change

    @Test("a policy change applies only to decisions taken after it", arguments: StoreKind.allCases)
    func policyChangeIsNotRetroactive(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let halfRepayment = FundPolicy(repaymentModel: .shareOfSavings(share: rate("0.5"), cap: .disbursed, horizonYears: 5))
            let ledger = try await LedgerFixture.start(on: store, policy: halfRepayment)
            try await ledger.grant("fore", kr(2_000_000), on: day("2025-03-01"))
            // Norrköping: no repayment for initiatives decided from now on.
            try await ledger.changePolicy(FundPolicy(repaymentModel: .none), on: day("2025-06-01"))
            try await ledger.grant("efter", kr(2_000_000), on: day("2025-09-01"))

            let fund = try await ledger.fund()
            #expect(fund.policy.repaymentModel == .none)
            #expect(fund.initiatives["fore"]?.decision?.repaymentTerms == halfRepayment.repaymentModel)
            #expect(fund.initiatives["efter"]?.decision?.repaymentTerms == RepaymentModel.none)

            for initiative in ["fore", "efter"] {
                try await ledger.disburse(initiative, kr(2_000_000), on: day("2025-10-01"))
                try await ledger.realiseSaving("soc-\(initiative)", initiative, in: "SOC", kr(1_000_000), year: 2026, on: day("2027-01-15"))
            }
            #expect(try await ledger.position("fore", "SOC").due == kr(500_000), "the earlier decision keeps 50 % of savings")
            #expect(try await ledger.position("efter", "SOC").due == kr(0), "the later decision is a grant")
            try await ledger.expectRefused(
                "repayment-without-obligation",
                .receiveRepayment(fundID: ledger.fundID, initiativeID: "efter", department: "SOC", amount: kr(1), method: .cash),
                on: day("2027-02-01"))
            try await ledger.repay("fore", by: "SOC", kr(500_000), on: day("2027-02-01"))

            // And the other way round: a repayment model introduced later does not reach the grant.
            try await ledger.changePolicy(Self.fullRepayment, on: day("2027-03-01"))
            try await ledger.realiseSaving("soc-efter-2", "efter", in: "SOC", kr(1_000_000), year: 2027, on: day("2028-01-15"))
            #expect(try await ledger.position("efter", "SOC").due == kr(0))
            #expect(try await ledger.initiative("efter").decision?.repaymentTerms == RepaymentModel.none)
            try await ledger.expectBooksAgree()
        }
    }

    // MARK: (d) Correction

    @Test("reversing a disbursement restores the balance and the books", arguments: StoreKind.allCases)
    func reversingADisbursement(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await Self.capitalWithTwoDecisions(on: store)
            let wrong = try await ledger.disburse("lasframjande", kr(10_000_000), on: day("2025-03-01"))
            var fund = try await ledger.fund()
            #expect(fund.balance == kr(30_000_000))
            #expect(try await ledger.books().trialBalance()[.disbursements] == kr(10_000_000).ore)

            let reversal = try await ledger.reverse(wrong, on: day("2025-03-05"))
            fund = try await ledger.fund()
            #expect(fund.balance == kr(40_000_000))
            #expect(fund.disbursed == kr(0))
            #expect(fund.committed == kr(20_000_000))
            #expect(fund.uncommitted == kr(20_000_000))
            let state = try await ledger.state()
            #expect(state.reversedBy[wrong] == reversal)

            let books = try await ledger.books()
            let balances = books.trialBalance()
            #expect(balances.values.reduce(0, +) == 0)
            #expect(balances[.disbursements, default: 0] == 0)
            #expect(balances[.fundCash, default: 0] == kr(40_000_000).ore)
            // The reversal is its own journal entry, the original's postings negated, effective on its own date.
            let entry = try #require(books.journal.last)
            #expect(entry.eventType == EventReversed.eventType)
            #expect(entry.effectiveDate == day("2025-03-05"))
            #expect(entry.postings.map(\.account) == [.disbursements, .fundCash])
            #expect(entry.postings.map(\.amount) == [kr(-10_000_000), kr(10_000_000)])
            // As booked up to the day before the correction, the disbursement still stands.
            #expect(books.trialBalance(through: day("2025-03-04"))[.disbursements] == kr(10_000_000).ore)

            // The right amount can be disbursed afterwards.
            try await ledger.disburse("lasframjande", kr(1_000_000), on: day("2025-03-06"))
            #expect(try await ledger.fund().balance == kr(39_000_000))
            try await ledger.expectBooksAgree()
        }
    }

    /// The whole life of an initiative: round trip through the store decodes every event type back to the
    /// same payload.
    @Test("events read back equal what the handler decided", arguments: StoreKind.allCases)
    func storedEventsRoundTrip(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let policy = FundPolicy(
                minimumDepartments: 2, nonProfitPartnerCountsAsDepartment: true, minimumCoFinancingShare: rate("0.3"),
                maximumDurationYears: 3, maximumAmountPerYear: kr(500_000), priorityAreas: [LedgerFixture.priorityArea],
                targetGroups: [LedgerFixture.targetGroup],
                repaymentModel: .shareOfSavings(share: rate("0.5"), cap: .fixed(kr(700_000)), horizonYears: 5))
            let ledger = try await LedgerFixture.start(on: store, policy: policy)
            try await ledger.submit("i1", on: day("2025-02-01"))
            try await ledger.record(.assessApplication(fundID: ledger.fundID, initiativeID: "i1", assessor: "utvärderare"), on: day("2025-02-02"))
            try await ledger.decide(
                "i1", granted: kr(800_000),
                phasing: [YearAmount(year: 2025, amount: kr(400_000)), YearAmount(year: 2026, amount: kr(400_000))], on: day("2025-02-03"))
            try await ledger.disburse("i1", kr(400_000), on: day("2025-02-04"))
            try await ledger.record(.recordCoFinancing(fundID: ledger.fundID, initiativeID: "i1", amount: kr(240_000), contributor: "SOC"), on: day("2025-02-05"))
            try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025, on: day("2026-01-10"))
            try await ledger.attribute("s1", to: "FK", share: rate("0.25"), on: day("2026-01-11"))
            try await ledger.repay("i1", by: "SOC", kr(100_000), on: day("2026-01-12"))
            try await ledger.waive("i1", for: "FK", kr(25_000), on: day("2026-01-13"))
            try await ledger.record(
                .measureOutcome(fundID: ledger.fundID, initiativeID: "i1", indicator: "placeringar", value: "9", period: "2025"), on: day("2026-01-14"))
            try await ledger.close("i1", outcome: .implemented, on: day("2026-06-30"))
            try await ledger.closePeriod(through: day("2025-12-31"), on: day("2026-07-01"))

            let events = try await ledger.events()
            let types = events.map(\.event.eventType)
            #expect(types.contains(ApplicationAssessed.eventType))
            #expect(types.contains(OutcomeMeasured.eventType))
            #expect(types.contains(PeriodClosed.eventType))
            // Every event keeps its metadata and effective date through the store.
            for event in events {
                #expect(event.metadata.actor == LedgerFixture.actor)
                #expect(event.metadata.commandID == event.eventID)
            }
            let state = LedgerState(events: events)
            let initiative = try #require(state.funds[ledger.fundID]?.initiatives["i1"])
            #expect(initiative.status == .closed)
            #expect(initiative.closing == .implemented)
            #expect(initiative.assessment?.results.allSatisfy(\.met) == true)
            #expect(initiative.decision?.repaymentTerms == policy.repaymentModel)
            #expect(initiative.decision?.decidedOn == day("2025-02-03"))
            #expect(initiative.coFinancing == kr(240_000))
            #expect(initiative.outcomes.map(\.value) == ["9"])
            // 50 % of 1 000 000 = 500 000 (under the fixed cap of 700 000): FK 25 %, SOC 75 %.
            #expect(RepaymentSchedule.positions(for: initiative).map(\.due) == [kr(125_000), kr(375_000)])
            #expect(state.organisations[LedgerFixture.organisationID]?.closedThrough == day("2025-12-31"))
            #expect(state.organisations[LedgerFixture.organisationID]?.departments["FK"]?.kind == .externalActor)
            try await ledger.expectBooksAgree()
        }
    }
}
