import EventStore
import Foundation
import FundLedger
import Projections
import Testing
import TestSupport

/// Replays bounded by position, recorded time and effective date give exactly the state of a ledger that
/// only ever held the events inside the bounds.
@Suite("Time travel")
struct TimeTravelTests {
    /// Books folded from a fresh in-memory store holding only `events`.
    static func truncatedBooks(_ events: [RecordedEvent]) async throws -> Books {
        let store = InMemoryEventStore()
        for event in events {
            _ = try await store.append([NewEvent(
                eventID: event.eventID, streamID: event.streamID, eventType: event.eventType, schemaVersion: event.schemaVersion,
                payload: event.payload, metadata: event.metadata, effectiveDate: event.effectiveDate,
                organisationID: event.organisationID)], expectations: [:])
        }
        return try await LedgerReplay(store: store).run(LedgerProjection()).state
    }

    static func expectSameBooks(_ replayed: Books, _ truncated: Books) {
        #expect(replayed.state == truncated.state)
        #expect(replayed.trialBalance() == truncated.trialBalance())
        #expect(replayed.journal.map(\.postings) == truncated.journal.map(\.postings))
    }

    @Test("replay through a position equals the ledger truncated there", arguments: StoreKind.allCases)
    func throughPosition(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await SyntheticLedger(seed: 7, funds: 2, initiativesPerFund: 6).append(to: store, batchSize: 50)
            let all = try await store.readAll(after: 0, limit: 10_000)
            var random = SplitMix64(seed: 99)
            for _ in 0..<4 {
                let position = Int64(1 + random.next(below: UInt64(all.count)))
                let replay = try await LedgerReplay(store: store, batchSize: 17).run(LedgerProjection(), bounds: ReplayBounds(throughPosition: position))
                #expect(replay.head.position == position)
                #expect(replay.head.hash == all[Int(position) - 1].hash.hex)
                Self.expectSameBooks(replay.state, try await Self.truncatedBooks(Array(all.prefix(Int(position)))))
            }
            // The check can fail: the whole ledger is not the truncated one.
            let whole = try await LedgerReplay(store: store).run(LedgerProjection()).state
            #expect(whole.state != (try await Self.truncatedBooks(Array(all.prefix(all.count / 2)))).state)
        }
    }

    @Test("replay to an effective date equals a ledger of the events effective by then")
    func effectiveThrough() async throws {
        try await StoreKind.postgres.withStore { store in
            try await SyntheticLedger(seed: 11, funds: 2, initiativesPerFund: 8).append(to: store)
            let all = try await store.readAll(after: 0, limit: 10_000)
            for date in ["2021-12-31", "2022-06-30", "2023-12-31"].map({ CivilDate($0)! }) {
                let replay = try await LedgerReplay(store: store).run(LedgerProjection(), bounds: ReplayBounds(effectiveThrough: date))
                let kept = all.filter { $0.effectiveDate <= date }
                #expect(kept.count < all.count && !kept.isEmpty)
                #expect(replay.eventsFolded == kept.count)
                Self.expectSameBooks(replay.state, try await Self.truncatedBooks(kept))
            }
        }
    }

    @Test("as we knew it then: recorded time, alone and with an effective date")
    func recordedThrough() async throws {
        try await StoreKind.postgres.withStore { store in
            let events = SyntheticLedger(seed: 5, funds: 2, initiativesPerFund: 5).events()
            let half = events.count / 2
            _ = try await store.append(Array(events[..<half]), expectations: [:])
            let firstHalf = try await store.readAll(after: 0, limit: 10_000)
            let knewThen = firstHalf.last!.recordedAt
            try await Task.sleep(for: .milliseconds(20))
            _ = try await store.append(Array(events[half...]), expectations: [:])
            let all = try await store.readAll(after: 0, limit: 10_000)
            #expect(all.count == events.count && all[half].recordedAt > knewThen)

            let asKnown = try await LedgerReplay(store: store).run(LedgerProjection(), bounds: ReplayBounds(recordedThrough: knewThen))
            Self.expectSameBooks(asKnown.state, try await Self.truncatedBooks(firstHalf))
            // The report still names the head it read up to: the whole log was read, half of it folded.
            #expect(asKnown.head.position == Int64(all.count) && asKnown.eventsFolded == half)

            let yearEnd = CivilDate("2022-12-31")!
            let both = try await LedgerReplay(store: store).run(
                LedgerProjection(), bounds: ReplayBounds(recordedThrough: knewThen, effectiveThrough: yearEnd))
            Self.expectSameBooks(both.state, try await Self.truncatedBooks(firstHalf.filter { $0.effectiveDate <= yearEnd }))
        }
    }

    @Test("a fold that keeps no events equals one that does, within any bounds", arguments: StoreKind.allCases)
    func leanFoldEqualsRetaining(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await SyntheticLedger(seed: 12, funds: 2, initiativesPerFund: 40).append(to: store, batchSize: 100)
            let head = try await store.head().position
            let all = try await store.readAll(after: 0, limit: 100_000)
            let bounds: [ReplayBounds] = [
                .everything, ReplayBounds(throughPosition: head / 2), ReplayBounds(effectiveThrough: CivilDate("2023-06-30")!),
                ReplayBounds(recordedThrough: all[Int(head / 3)].recordedAt, effectiveThrough: CivilDate("2024-12-31")!),
            ]
            for bound in bounds {
                // Small batches: many reversals find their original in an earlier batch, through the store.
                let replay = LedgerReplay(store: store, batchSize: 23)
                let retaining = try await replay.run(LedgerProjection(), bounds: bound).state
                let lean = try await replay.run(LedgerProjection(retainingEvents: false), bounds: bound).state
                #expect(lean.state.funds == retaining.state.funds, "\(bound)")
                #expect(lean.journal.map(\.postings) == retaining.journal.map(\.postings), "\(bound)")
                #expect(lean.state.eventsByID.isEmpty && !retaining.state.eventsByID.isEmpty)
            }
        }
    }

    @Test("a position beyond the head is refused")
    func beyondHead() async throws {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: 1, funds: 1, initiativesPerFund: 1).append(to: store)
        let head = try await store.head().position
        await #expect(throws: ReplayError.positionBeyondHead(requested: head + 1, head: head)) {
            _ = try await LedgerReplay(store: store).run(LedgerProjection(), bounds: ReplayBounds(throughPosition: head + 1))
        }
    }
}
