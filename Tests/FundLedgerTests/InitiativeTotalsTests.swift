import EventStore
import Foundation
@testable import FundLedger
import Testing
import TestSupport

/// `FundState.initiativeTotals` reads each initiative in place in one pass; its figures must be the plain
/// sums over the initiatives that the fund's figures are defined as.
@Suite("Fund totals over initiatives")
struct InitiativeTotalsTests {
    @Test("a generated ledger's funds: one pass gives the sums over every initiative")
    func totalsAreTheSums() async throws {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: 19, funds: 4, initiativesPerFund: 25).append(to: store)
        let state = LedgerState(events: try await LedgerService(store: store).loadEvents())
        #expect(state.funds.count == 4)
        for fund in state.funds.values {
            let initiatives = Array(fund.initiatives.values)
            let standing = initiatives.filter { $0.status == .decided || $0.status == .closed }
            let expected = InitiativeTotals(
                granted: standing.reduce(0) { $0 + $1.granted.ore }, disbursed: initiatives.reduce(0) { $0 + $1.disbursed.ore },
                repaid: initiatives.reduce(0) { $0 + $1.repaid.ore }, committed: initiatives.reduce(0) { $0 + $1.committed.ore })
            #expect(fund.initiativeTotals == expected)
            #expect(expected.disbursed > 0 && expected.repaid > 0 && expected.granted > expected.disbursed / 2)
            #expect(fund.balance.ore == fund.contributed.ore - fund.withdrawn.ore - expected.disbursed + expected.repaid)
            #expect(fund.uncommitted.ore == fund.balance.ore - expected.committed)
            #expect(fund.balance(expected) == fund.balance.ore)
        }
    }
}
