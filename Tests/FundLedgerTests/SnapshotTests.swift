import EventStore
import Foundation
@testable import FundLedger
import Testing
import TestSupport

/// Commands decide on a stream's snapshot and the events after it (`LedgerService+Streams`): never on a
/// stale or foreign snapshot, and always as a fold of the whole log would.
@Suite("State snapshots")
struct SnapshotTests {
    /// The service saves a snapshot of the fund; then events appended past it (here: past the rules, as
    /// another writer's would be) must weigh in the next decision.
    @Test("a snapshot followed by newer events: the rules see the newer events", arguments: StoreKind.allCases)
    func staleSnapshotIsNeverDecisive(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, capital: kr(1_000_000))
            let service = LedgerService(store: store, snapshotInterval: 1)
            _ = try await service.loadState(streams: [LedgerStreams.fund(ledger.fundID)])
            let snapshots = try #require(store as? any StateSnapshots)
            let kept = try #require(try await snapshots.snapshot(of: LedgerStreams.fund(ledger.fundID), format: LedgerState.snapshotFormat))

            // Another writer withdraws most of the capital; the snapshot still shows 1 000 000 kr.
            let withdrawal = try EventCoding.newEvent(
                .capitalWithdrawn(.init(amount: kr(950_000))), stream: LedgerStreams.fund(ledger.fundID),
                metadata: EventMetadata(actor: "t"), effectiveDate: day("2025-02-02"), organisationID: LedgerFixture.organisationID)
            _ = try await store.append([withdrawal], expectations: [:])
            #expect(try await snapshots.snapshot(of: LedgerStreams.fund(ledger.fundID), format: LedgerState.snapshotFormat) == kept)

            let withdrawal2 = CommandEnvelope(.withdrawCapital(fundID: ledger.fundID, amount: kr(500_000)), actor: "t", effectiveDate: day("2025-02-03"))
            let whole = LedgerState(events: try await service.loadEvents())
            let expected = #expect(throws: LedgerRuleError.self) { try CommandHandler().handle(withdrawal2, state: whole) }
            let actual = await #expect(throws: LedgerRuleError.self) { try await service.record(withdrawal2) }
            #expect(actual?.rule == expected?.rule)
        }
    }

    /// A snapshot that claims more than the log holds — a version the stream has not reached, or another
    /// event at its version — is ignored; here it would have let a withdrawal of capital the fund does not have through.
    @Test("a snapshot ahead of its stream or naming another event is ignored", arguments: [false, true])
    func foreignSnapshotIsIgnored(ahead: Bool) async throws {
        let store = InMemoryEventStore()
        let ledger = try await LedgerFixture.start(on: store, capital: kr(100_000))
        let stream = LedgerStreams.fund(ledger.fundID)
        let version = try #require(try await store.streamVersion(stream))
        // The fund as it would be with 10 000 000 kr contributed.
        var rich = try await ledger.service.loadState(streams: [stream]).state
        rich.funds[ledger.fundID]?.contributed = kr(10_000_000)
        rich.eventsByID = [:]
        let lastEvent = try await store.readStream(stream, fromVersion: version, limit: 1)[0].eventID
        try await store.save(StateSnapshot(
            streamID: stream, format: LedgerState.snapshotFormat, streamVersion: ahead ? version + 5 : version,
            lastEventID: ahead ? lastEvent : UUID(), state: try rich.snapshotBytes()))

        let service = LedgerService(store: store, snapshotInterval: 1)
        #expect(try await service.loadState(streams: [stream]).state.funds[ledger.fundID]?.contributed == kr(100_000))
        await #expect(throws: LedgerRuleError.self) {
            try await service.record(CommandEnvelope(
                .withdrawCapital(fundID: ledger.fundID, amount: kr(2_000_000)), actor: "t", effectiveDate: day("2025-02-03")))
        }
        // ...and the check can fail: the same forged state at the right version and event would be believed.
        try await store.save(StateSnapshot(
            streamID: stream, format: LedgerState.snapshotFormat, streamVersion: version + 100, lastEventID: lastEvent,
            state: try rich.snapshotBytes()))
        #expect(try await service.loadState(streams: [stream]).state.funds[ledger.fundID]?.contributed == kr(100_000))
    }

    /// A snapshot at the right version and event whose bytes were cut, changed or replaced (tampering in
    /// `event_store.state_snapshots`) is ignored: the stream is folded from its start and commands go on.
    @Test("a snapshot with damaged bytes is ignored", arguments: ["cut", "length", "garbage"])
    func damagedSnapshotIsIgnored(damage: String) async throws {
        let store = InMemoryEventStore()
        let ledger = try await LedgerFixture.start(on: store, capital: kr(100_000))
        let stream = LedgerStreams.fund(ledger.fundID)
        let version = try #require(try await store.streamVersion(stream))
        let lastEvent = try await store.readStream(stream, fromVersion: version, limit: 1)[0].eventID
        var state = try await ledger.service.loadState(streams: [stream]).state
        state.eventsByID = [:]
        var bytes = try state.snapshotBytes()
        switch damage {
        case "cut": bytes.removeLast(bytes.count / 3)
        case "length": bytes[6] ^= 0x7F  // the first frame body's first container length
        default: bytes = (0..<bytes.count).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        }
        #expect((try? LedgerState(snapshotBytes: bytes)) == nil, "the damage must make the bytes unreadable")
        try await store.save(StateSnapshot(
            streamID: stream, format: LedgerState.snapshotFormat, streamVersion: version, lastEventID: lastEvent, state: bytes))
        let service = LedgerService(store: store, snapshotInterval: 1000)
        let reference = LedgerState(events: try await ledger.service.loadEvents()).funds[ledger.fundID]
        #expect(try await service.loadState(streams: [stream]).state.funds[ledger.fundID] == reference)
        try await service.record(CommandEnvelope(
            .contributeCapital(fundID: ledger.fundID, amount: kr(5), source: "KF"), actor: "t", effectiveDate: day("2025-02-03")))
    }

    /// Snapshots taken part-way through a generated ledger, then the rest of it: each fund's state from its
    /// snapshot and the events after it equals the fold of the whole log, reversals across the boundary included.
    @Test("snapshot plus the events after it equals the whole fold", arguments: StoreKind.allCases)
    func snapshotPlusTailEqualsWholeFold(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let generated = SyntheticLedger(seed: 7, funds: 2, initiativesPerFund: 12).events()
            let service = LedgerService(store: store, snapshotInterval: 1)
            // The first half of every stream, then the rest: each fund gets a snapshot half-way through its history.
            var counts: [String: Int] = [:], seen: [String: Int] = [:]
            for event in generated { counts[event.streamID, default: 0] += 1 }
            let early = generated.filter { event in
                seen[event.streamID, default: 0] += 1
                return seen[event.streamID]! <= counts[event.streamID]! / 2
            }
            let earlyIDs = Set(early.map(\.eventID))
            _ = try await store.append(early, expectations: [:])
            let funds = Array(Set(generated.map(\.streamID).filter { $0.hasPrefix("fund-") })).sorted()
            #expect(funds.count == 2)
            _ = try await service.loadState(streams: funds)
            _ = try await store.append(generated.filter { !earlyIDs.contains($0.eventID) }, expectations: [:])
            // A correction after the snapshot of an event before it: the fold must find the original by id.
            for stream in funds {
                let contribution = try #require(early.first { $0.streamID == stream && $0.eventType == CapitalContributed.eventType })
                let reversal = try EventCoding.newEvent(
                    .eventReversed(.init(reversedEventID: contribution.eventID, reversedEventType: CapitalContributed.eventType)),
                    stream: stream, metadata: EventMetadata(actor: "t"), effectiveDate: day("2026-01-02"), organisationID: contribution.organisationID)
                _ = try await store.append([reversal], expectations: [:])
            }
            let snapshots = try #require(store as? any StateSnapshots)
                        for stream in funds {
                let snapshot = try #require(try await snapshots.snapshot(of: stream, format: LedgerState.snapshotFormat))
                #expect(snapshot.streamVersion < (try await store.streamVersion(stream) ?? 0), "the snapshot is behind the stream")
            }
            let fromSnapshots = try await service.loadState(streams: funds).state
            let reference = LedgerState(events: try await service.loadEvents())
            #expect(fromSnapshots.funds == reference.funds)
            #expect(fromSnapshots.organisations == reference.organisations)
            #expect(fromSnapshots.reversedBy == reference.reversedBy)
            #expect(!reference.reversedBy.isEmpty, "the generated ledger reverses events")
        }
    }

    /// The encoding: framed per fund, decoded to an equal state and equal books; damaged bytes are refused.
    @Test("a state and books survive their snapshot encoding; damaged bytes are refused")
    func encodingRoundTrip() async throws {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: 5, funds: 3, initiativesPerFund: 9).append(to: store)
        let books = Books(events: try await LedgerService(store: store).loadEvents())
        let bytes = try books.snapshotBytes()
        let decoded = try Books(snapshotBytes: bytes, retainingEvents: false)
        #expect(decoded.state == books.state)
        #expect(decoded.knownDues == books.knownDues && !books.knownDues.isEmpty, "the known dues come back too")
        #expect(try LedgerState(snapshotBytes: try books.state.snapshotBytes()) == books.state)
        #expect(throws: (any Error).self) { try Books(snapshotBytes: Array(bytes.dropLast(3)), retainingEvents: false) }
        #expect(throws: (any Error).self) { try LedgerState(snapshotBytes: [0x5A, 1, 0, 0, 0, 0x7B]) }
    }

    /// A stream's snapshot that also carries another fund cannot stand in for that fund's own state.
    @Test("a fund's snapshot cannot carry another fund's state into a command")
    func snapshotCannotCarryAnotherFund() async throws {
        let store = InMemoryEventStore()
        let ledger = try await LedgerFixture.start(on: store, capital: kr(100_000))
        let service = LedgerService(store: store, snapshotInterval: 1)
        try await service.record(CommandEnvelope(
            .establishFund(fundID: "other", organisationID: LedgerFixture.organisationID, name: "Annan", currency: .sek, policy: FundPolicy()),
            actor: "t", effectiveDate: day("2025-01-02")))
        // The first fund's snapshot, rewritten to also hold a rich "other" fund.
        let stream = LedgerStreams.fund(ledger.fundID)
        var forged = try await LedgerService(store: store, snapshotInterval: 0).loadState(streams: [stream, LedgerStreams.fund("other")]).state
        forged.funds["other"]?.contributed = kr(10_000_000)
        forged.eventsByID = [:]
        let version = try #require(try await store.streamVersion(stream))
        let last = try await store.readStream(stream, fromVersion: version, limit: 1)[0].eventID
        try await store.save(StateSnapshot(
            streamID: stream, format: LedgerState.snapshotFormat, streamVersion: version, lastEventID: last, state: try forged.snapshotBytes()))
        let loaded = try await service.loadState(streams: [LedgerStreams.fund("other"), stream]).state
        #expect(loaded.funds["other"]?.contributed == kr(0))
        await #expect(throws: LedgerRuleError.self) {
            try await service.record(CommandEnvelope(
                .withdrawCapital(fundID: "other", amount: kr(1_000)), actor: "t", effectiveDate: day("2025-02-03")))
        }
    }
}
