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

    /// A hand-appended reversal in one fund's stream naming an event of another fund changes nothing: neither
    /// the state nor the books (which must not book negated postings the state never undid).
    @Test("a reversal naming another fund's event changes neither state nor books")
    func crossFundReversalIsIgnored() throws {
        func stored(_ event: LedgerEvent, _ stream: String, _ position: Int64, id: UUID = UUID()) -> StoredLedgerEvent {
            StoredLedgerEvent(
                event: event, metadata: EventMetadata(actor: "t"), eventID: id, streamID: stream, globalPosition: position,
                recordedAt: Timestamp(microsecondsSinceEpoch: position), effectiveDate: CivilDate("2025-01-01")!)
        }
        let contribution = UUID()
        var events = [
            stored(.fundEstablished(.init(fundID: "a", organisationID: "o", name: "A", currency: .sek, policy: FundPolicy())), "fund-a", 1),
            stored(.fundEstablished(.init(fundID: "b", organisationID: "o", name: "B", currency: .sek, policy: FundPolicy())), "fund-b", 2),
            stored(.capitalContributed(.init(amount: Money(ore: 500, currency: .sek), source: "KF")), "fund-b", 3, id: contribution),
        ]
        let before = Books(events: events)
        events.append(stored(.eventReversed(.init(reversedEventID: contribution, reversedEventType: CapitalContributed.eventType)), "fund-a", 4))
        for retaining in [true, false] {
            var books = Books(retainingEvents: retaining)
            for event in events { books.record(event) }
            #expect(books.state.funds == before.state.funds)
            #expect(books.trialBalance(fundID: "a").values.allSatisfy { $0 == 0 })
            #expect(books.trialBalance(fundID: "b") == before.trialBalance(fundID: "b"))
        }
    }
}
