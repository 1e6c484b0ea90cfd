import EventStore
import FundLedger
import Reporting
import TestSupport
import Testing

/// `fundledger funds` and `initiatives` without a binary: the table in kronor and the JSON lines in öre,
/// from a ledger recorded through `LedgerService`.
@Suite struct LedgerListingsTests {
    static func ledger() async throws -> LedgerState {
        let fixture = try await CoreFixture.start(on: InMemoryEventStore(), capital: kr(10_000_000), on: day("2025-01-02"))
        try await fixture.grant("tidiga-insatser", kr(1_000_000), on: day("2025-02-01"))
        try await fixture.disburse("tidiga-insatser", kr(400_000), on: day("2025-03-01"))
        return try await fixture.service.loadState()
    }

    @Test func fundsAsATableAndAsJSONLines() async throws {
        let funds = LedgerListings.funds(try await Self.ledger())
        #expect(LedgerListings.fundTable(funds) == [
            "FUND      NAME                          CONTRIBUTED  WITHDRAWN      DISBURSED   REPAID          BALANCE      COMMITTED      UNCOMMITTED",
            "sif-barn  Social investeringsfond  10 000 000,00 kr    0,00 kr  400 000,00 kr  0,00 kr  9 600 000,00 kr  600 000,00 kr  9 000 000,00 kr",
        ])
        #expect(funds.map(LedgerListings.fundLine) == [
            #"{"fund_id":"sif-barn","organisation_id":"212000-1124","name":"Social investeringsfond","currency":"SEK","contributed_ore":1000000000,"withdrawn_ore":0,"disbursed_ore":40000000,"repaid_ore":0,"balance_ore":960000000,"committed_ore":60000000,"uncommitted_ore":900000000,"initiative_count":1}"#,
        ])
    }

    @Test func initiativesOfOneFundOrAll() async throws {
        let state = try await Self.ledger()
        let initiatives = LedgerListings.initiatives(state, fund: nil)
        #expect(initiatives.map(\.initiative.id) == ["tidiga-insatser"])
        #expect(LedgerListings.initiatives(state, fund: "another").isEmpty)
        #expect(LedgerListings.initiativeTable(initiatives) == [
            "FUND      INITIATIVE       STATUS           GRANTED      DISBURSED   REPAID  OUTSTANDING  TITLE",
            "sif-barn  tidiga-insatser  decided  1 000 000,00 kr  400 000,00 kr  0,00 kr      0,00 kr  Tidiga insatser tidiga-insatser",
        ])
        let line = try #require(initiatives.first.map { LedgerListings.initiativeLine($0.initiative, of: $0.fund) })
        #expect(line == #"{"fund_id":"sif-barn","initiative_id":"tidiga-insatser","title":"Tidiga insatser tidiga-insatser","status":"decided","currency":"SEK","requested_ore":100000000,"granted_ore":100000000,"disbursed_ore":40000000,"committed_ore":60000000,"co_financing_ore":0,"due_ore":0,"repaid_ore":0,"waived_ore":0,"outstanding_ore":0}"#)
    }
}
