import EventStore
import Foundation
import FundLedger
import Projections
import Testing
import TestSupport

/// Events written by older code keep their stored bytes and are read as the current version.
@Suite("Upcasting")
struct UpcastingTests {
    static func versionOneOutcome(_ value: String, id: UUID = UUID()) -> NewEvent {
        // Exactly what version-1 code wrote: no `quantity` field, schema version 1.
        NewEvent(
            eventID: id, streamID: LedgerStreams.fund("f"), eventType: OutcomeMeasured.eventType, schemaVersion: 1,
            payload: #"{"indicator":"placeringar","initiative_id":"i1","period":"2024","value":"\#(value)"}"#,
            metadata: #"{"actor":"v1"}"#, effectiveDate: CivilDate("2024-12-31"), organisationID: "o")
    }

    @Test("version-1 OutcomeMeasured events replay with version-2 code", arguments: StoreKind.allCases)
    func versionOneReplays(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            _ = try await store.append([Self.versionOneOutcome("12,5"), Self.versionOneOutcome("god")], expectations: [:])
            // Written by today's code: version 2, with the quantity.
            let current = try EventCoding.newEvent(
                .outcomeMeasured(.init(initiativeID: "i1", indicator: "placeringar", value: "7", period: "2025")),
                stream: LedgerStreams.fund("f"), metadata: EventMetadata(actor: "v2"), effectiveDate: CivilDate("2025-12-31")!,
                organisationID: "o")
            #expect(current.schemaVersion == 2)
            _ = try await store.append([current], expectations: [:])

            let outcomes = Fold<[OutcomeMeasured]>(name: "outcomes", initial: { [] }) { event, state in
                if case .outcomeMeasured(let outcome) = event.event { state.append(outcome) }
            }
            let replay = try await LedgerReplay(store: store).run(outcomes)
            #expect(replay.state.map(\.quantity) == [Rate("12.5"), nil, Rate("7")])
            #expect(replay.state.map(\.value) == ["12,5", "god", "7"])

            // The stored bytes are untouched: still version 1, still without the field.
            let stored = try await store.readAll(after: 0, limit: 10)
            #expect(stored[0].schemaVersion == 1 && !stored[0].payload.contains("quantity"))
            #expect(stored[2].schemaVersion == 2 && stored[2].payload.contains("quantity"))
            #expect(try await store.verifyChain() == .verified(try await store.head()))
        }
    }

    @Test("an event from a newer schema version is refused, not guessed at")
    func newerVersionRefused() async throws {
        let store = InMemoryEventStore()
        var future = Self.versionOneOutcome("1")
        future.schemaVersion = 3
        _ = try await store.append([future], expectations: [:])
        await #expect(throws: UnreadableEventError.self) {
            _ = try await LedgerReplay(store: store).run(LedgerProjection())
        }
    }
}
