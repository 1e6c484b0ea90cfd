import EventStore
import Foundation
@testable import FundLedger
import Testing
import TestSupport

/// `Books.record` recomputes the dues only of the initiatives an event can touch — a reversal those of the
/// event it reverses. If it skipped one whose dues did change, that change would be booked late (at the
/// initiative's next event) or never; so after every event, every initiative's remembered dues must equal
/// its dues computed afresh.
@Suite("Books: the initiatives an event touches")
struct BooksDuesScopeTests {
    @Test("after every event of a ledger with reversals, each initiative's booked dues are its dues", arguments: [true, false])
    func bookedDuesFollowEveryEvent(retainingEvents: Bool) async throws {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: 23, funds: 2, initiativesPerFund: 24).append(to: store)
        let events = try await LedgerService(store: store).loadEvents()
        let byID = Dictionary(events.map { ($0.eventID, $0) }, uniquingKeysWith: { first, _ in first })
        var books = Books(retainingEvents: retainingEvents)
        var reversals = 0, mismatches: [String] = []
        for var event in events {
            if case .eventReversed(let reversal) = event.event {
                reversals += 1
                // As a replay without retained events hands each reversal its original.
                if !retainingEvents, let original = byID[reversal.reversedEventID] { event.reversedOriginal = OriginalEvent(original) }
            }
            books.record(event)
            for (fundID, fund) in books.state.funds {
                var fund = fund
                for initiativeID in fund.initiatives.keys {
                    let booked = books.knownDues[Books.InitiativeKey(fundID: fundID, initiativeID: initiativeID)] ?? [:]
                    if fund.duesAfterWaivers(of: initiativeID) != booked { mismatches.append("\(event.globalPosition) \(initiativeID)") }
                }
            }
        }
        #expect(reversals > 10)
        #expect(mismatches.count == 0, "first: \(mismatches.prefix(3))")
    }
}
