import EventStore
import Foundation
import FundLedger
import Projections
import Testing
import TestSupport

/// A reversal is undone in O(1) by subtracting what the original added; the result must be exactly the
/// state of a ledger that never had the original (nor the reversal).
@Suite("Reversals")
struct ReversalTests {
    @Test("undoing a reversed event equals folding without it", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func undoEqualsRefold(seed: UInt64) async throws {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: seed, funds: 3, initiativesPerFund: 30).append(to: store)
        let events = try await LedgerReplay(store: store).run(
            Fold<[StoredLedgerEvent]>(name: "all", initial: { [] }) { event, all in all.append(event) }).state
        var reversed: Set<UUID> = []
        for event in events { if case .eventReversed(let reversal) = event.event { reversed.insert(reversal.reversedEventID) } }
        #expect(reversed.count >= 5, "the generated ledger should reverse several kinds of events")
        let kinds = Set(events.filter { reversed.contains($0.eventID) }.map(\.event.eventType))
        #expect(kinds.count >= 3)

        let withReversals = Books(events: events)
        let neverHappened = Books(events: events.filter {
            if case .eventReversed = $0.event { return false }
            return !reversed.contains($0.eventID)
        })
        #expect(withReversals.state.funds == neverHappened.state.funds)
        #expect(withReversals.trialBalance() == neverHappened.trialBalance())
        // ...and the comparison can fail: keeping the originals gives other funds.
        let originalsKept = Books(events: events.filter { if case .eventReversed = $0.event { return false }; return true })
        #expect(originalsKept.state.funds != withReversals.state.funds)
    }
}
