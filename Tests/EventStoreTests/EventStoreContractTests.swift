import EventStore
import Foundation
import Testing
import TestSupport

/// The guarantees of `EventStore`, checked identically on PostgreSQL and in memory.
@Suite("Event store contract")
struct EventStoreContractTests {
    @Test("positions are 1, 2, 3… in append order; versions count per stream", arguments: StoreKind.allCases)
    func ordering(kind: StoreKind) async throws {
        try await kind.withStore { store in
            _ = try await store.append([testEvent("a"), testEvent("b")], expectations: [:])
            _ = try await store.append([testEvent("a"), testEvent("a"), testEvent("c")], expectations: [:])
            let all = try await store.readAll(after: 0, limit: 100)
            #expect(all.map(\.globalPosition) == [1, 2, 3, 4, 5])
            #expect(all.map(\.streamID) == ["a", "b", "a", "a", "c"])
            #expect(all.map(\.streamVersion) == [1, 1, 2, 3, 1])
            let a = try await store.readWholeStream("a")
            #expect(a.map(\.globalPosition) == [1, 3, 4])
            #expect(try await store.streamVersion("a") == 3)
            #expect(try await store.streamVersion("missing") == nil)
            let head = try await store.head()
            #expect(head.position == 5 && head.eventCount == 5 && head.hash == all.last?.hash)
        }
    }

    @Test("events are read back by id, in position order; unknown ids are left out", arguments: StoreKind.allCases)
    func readByID(kind: StoreKind) async throws {
        try await kind.withStore { store in
            _ = try await store.append([testEvent("a"), testEvent("b"), testEvent("a")], expectations: [:])
            let all = try await store.readAll(after: 0, limit: 100)
            let found = try await store.read(eventIDs: [all[2].eventID, UUID(), all[0].eventID, all[2].eventID])
            #expect(found == [all[0], all[2]])
            #expect(try await store.read(eventIDs: []).isEmpty)
        }
    }

    @Test("a recorded event keeps what was appended", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let id = UUID()
            let date = try #require(CivilDate("2025-12-31"))
            let appended = try await store.append(
                [NewEvent(eventID: id, streamID: "fund-1", eventType: "CapitalContributed", schemaVersion: 2,
                          payload: #"{"amount_ore": 1000000000, "to": "Socialförvaltningen"}"#,
                          metadata: #"{"actor": "ekonomi"}"#, effectiveDate: date, organisationID: "212000-1124")],
                expectations: ["fund-1": .noStream])
            let event = try #require(try await store.readAll(after: 0, limit: 10).first)
            #expect(event.eventID == id && event.eventType == "CapitalContributed" && event.schemaVersion == 2)
            #expect(event.effectiveDate == date && event.organisationID == "212000-1124")
            #expect(try JSONText.parseObject(event.payload)["to"] as? String == "Socialförvaltningen")
            #expect(try JSONText.parseObject(event.payload)["amount_ore"] as? Int == 1_000_000_000)
            #expect(try JSONText.parseObject(event.metadata)["actor"] as? String == "ekonomi")
            #expect(event.previousHash == .zero)
            #expect(appended == [AppendedEvent(eventID: id, globalPosition: 1, streamVersion: 1, hash: event.hash)])
            #expect(HashChain.hash(of: event, after: .zero) == event.hash)
        }
    }

    @Test("expected versions: any, no stream, stream exists, exact", arguments: StoreKind.allCases)
    func expectedVersions(kind: StoreKind) async throws {
        try await kind.withStore { store in
            await #expect(throws: EventStoreError.wrongExpectedVersion(streamID: "s", expected: .streamExists, actual: nil)) {
                try await store.append([testEvent("s")], to: "s", expecting: .streamExists)
            }
            await #expect(throws: EventStoreError.wrongExpectedVersion(streamID: "s", expected: .exact(1), actual: nil)) {
                try await store.append([testEvent("s")], to: "s", expecting: .exact(1))
            }
            _ = try await store.append([testEvent("s")], to: "s", expecting: .noStream)
            await #expect(throws: EventStoreError.wrongExpectedVersion(streamID: "s", expected: .noStream, actual: 1)) {
                try await store.append([testEvent("s")], to: "s", expecting: .noStream)
            }
            _ = try await store.append([testEvent("s")], to: "s", expecting: .streamExists)
            _ = try await store.append([testEvent("s")], to: "s", expecting: .exact(2))
            await #expect(throws: EventStoreError.wrongExpectedVersion(streamID: "s", expected: .exact(2), actual: 3)) {
                try await store.append([testEvent("s")], to: "s", expecting: .exact(2))
            }
            _ = try await store.append([testEvent("s")], to: "s", expecting: .any)
            #expect(try await store.streamVersion("s") == 4)
            #expect(try await store.head().eventCount == 4)
        }
    }

    @Test("a retry with the same ids and content returns the original positions", arguments: StoreKind.allCases)
    func idempotentRetry(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let batch = [testEvent("a", payload: #"{"x": 1}"#), testEvent("b", payload: #"{"y": [1, 2]}"#)]
            let first = try await store.append(batch, expectations: ["a": .noStream])
            _ = try await store.append([testEvent("a")], expectations: [:])
            // The expectation no longer holds, but a retry is recognised before expectations are checked.
            let second = try await store.append(batch, expectations: ["a": .noStream])
            #expect(first == second)
            #expect(try await store.head().eventCount == 3)
        }
    }

    @Test("the same id with other content, or a partly stored batch, is refused", arguments: StoreKind.allCases)
    func idReuse(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let id = UUID()
            _ = try await store.append([testEvent("a", payload: #"{"x": 1}"#, id: id)], expectations: [:])
            await #expect(throws: EventStoreError.eventIDReusedWithDifferentContent(eventID: id, globalPosition: 1)) {
                try await store.append([testEvent("a", payload: #"{"x": 2}"#, id: id)], expectations: [:])
            }
            await #expect(throws: EventStoreError.batchPartiallyStored(storedCount: 1, batchCount: 2)) {
                try await store.append([testEvent("a", payload: #"{"x": 1}"#, id: id), testEvent("a")], expectations: [:])
            }
            #expect(try await store.head().eventCount == 1)
        }
    }

    @Test("a multi-stream append is atomic: one failed expectation writes nothing", arguments: StoreKind.allCases)
    func multiStreamAtomicity(kind: StoreKind) async throws {
        try await kind.withStore { store in
            _ = try await store.append([testEvent("initiative")], expectations: [:])
            let before = try await store.head()
            await #expect(throws: EventStoreError.self) {
                try await store.append(
                    [testEvent("fund"), testEvent("initiative")],
                    expectations: ["fund": .noStream, "initiative": .exact(5)])
            }
            #expect(try await store.head() == before)
            #expect(try await store.streamVersion("fund") == nil)
            let both = try await store.append(
                [testEvent("fund"), testEvent("initiative")], expectations: ["fund": .noStream, "initiative": .exact(1)])
            #expect(both.map(\.globalPosition) == [2, 3])
            #expect(both.map(\.streamVersion) == [1, 2])
        }
    }

    @Test("invalid appends are refused whole", arguments: StoreKind.allCases)
    func invalidAppends(kind: StoreKind) async throws {
        try await kind.withStore { (store: any EventStore) async throws in
            for invalid in InvalidAppend.allCases {
                let id = UUID()
                let batch = invalid.batch(id: id)
                if let expected = invalid.error(id: id) {
                    await #expect(throws: expected, "\(invalid)") { try await store.append(batch, expectations: [:]) }
                } else {
                    await #expect(throws: EventStoreError.self, "\(invalid)") { try await store.append(batch, expectations: [:]) }
                }
                #expect(try await store.head().eventCount == 0, "\(invalid)")
            }
        }
    }

    @Test("reading in batches returns every event once", arguments: StoreKind.allCases)
    func batchedReads(kind: StoreKind) async throws {
        try await kind.withStore { store in
            for index in 0..<25 {
                _ = try await store.append([testEvent(index % 2 == 0 ? "even" : "odd", payload: #"{"i": \#(index)}"#)], expectations: [:])
            }
            var positions: [Int64] = []
            var after: Int64 = 0
            var sizes: [Int] = []
            while true {
                let batch = try await store.readAll(after: after, limit: 10)
                if batch.isEmpty { break }
                sizes.append(batch.count)
                positions += batch.map(\.globalPosition)
                after = batch.last!.globalPosition
            }
            #expect(sizes == [10, 10, 5])
            #expect(positions == Array(1...25))
            let evenTail = try await store.readStream("even", fromVersion: 11, limit: 10)
            #expect(evenTail.map(\.streamVersion) == [11, 12, 13])
            #expect(try await store.readWholeStream("odd", batchSize: 4).count == 12)
        }
    }

    @Test("the chain verifies, and the head hash is the last event's", arguments: StoreKind.allCases)
    func chainVerifies(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.verifyChain() == .verified(LedgerHead(position: 0, hash: .zero, eventCount: 0)))
            for index in 0..<7 {
                _ = try await store.append([testEvent("s\(index % 3)"), testEvent("t")], expectations: [:])
            }
            let head = try await store.head()
            #expect(try await store.verifyChain(batchSize: 3) == .verified(head))
            let all = try await store.readAll(after: 0, limit: 100)
            for (previous, event) in zip(all, all.dropFirst()) { #expect(event.previousHash == previous.hash) }
        }
    }

    @Test("a catch-up subscription delivers history, then live events, once and in order", arguments: StoreKind.allCases)
    func subscription(kind: StoreKind) async throws {
        try await kind.withStore { store in
            _ = try await store.append([testEvent("a"), testEvent("b")], expectations: [:])
            let subscription = CatchUpSubscription(store: store, after: 0, batchSize: 2, idleTimeout: .seconds(30))
            let reader = Task {
                var seen: [Int64] = []
                for try await event in subscription {
                    seen.append(event.globalPosition)
                    if seen.count == 6 { break }
                }
                return seen
            }
            for index in 0..<4 {
                try await Task.sleep(for: .milliseconds(20))
                _ = try await store.append([testEvent("live", payload: #"{"i": \#(index)}"#)], expectations: [:])
            }
            // The reader must finish from wake-ups, long before the 30 s safety-net timeout.
            let started = ContinuousClock.now
            #expect(try await reader.value == [1, 2, 3, 4, 5, 6])
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test("in memory: a changed event is caught by verify at its position")
    func inMemoryTamper() async throws {
        let store = InMemoryEventStore()
        for _ in 0..<5 { _ = try await store.append([testEvent("a")], expectations: [:]) }
        await store.tamperForTesting(at: 3) { $0.payload = #"{"n":2}"# }
        guard case .broken(let failure) = try await store.verifyChain() else {
            Issue.record("tampering went unnoticed")
            return
        }
        #expect(failure.position == 3)
    }
}

/// The appends every store must refuse, writing nothing.
private enum InvalidAppend: CaseIterable, CustomStringConvertible {
    case emptyBatch
    case payloadNotAnObject
    case malformedPayload
    case emptyStreamID
    case duplicateIDInBatch

    var description: String {
        switch self {
        case .emptyBatch: "an empty batch"
        case .payloadNotAnObject: "a batch with a payload that is an array"
        case .malformedPayload: "a payload that is not JSON"
        case .emptyStreamID: "an empty stream id"
        case .duplicateIDInBatch: "one event id twice in a batch"
        }
    }

    /// The batch to append; `id` is the event id that `duplicateIDInBatch` repeats.
    func batch(id: UUID) -> [NewEvent] {
        switch self {
        case .emptyBatch: []
        case .payloadNotAnObject: [testEvent("a"), testEvent("a", payload: "[1, 2]")]
        // \u{7B} is an opening brace, escaped so that line-based brace counters stay balanced.
        case .malformedPayload: [testEvent("a", payload: "\u{7B}\"x\": ")]
        case .emptyStreamID: [testEvent("", payload: "{}")]
        case .duplicateIDInBatch: [testEvent("a", id: id), testEvent("b", id: id)]
        }
    }

    /// The exact error expected, where the contract names one; otherwise any `EventStoreError`.
    func error(id: UUID) -> EventStoreError? {
        switch self {
        case .duplicateIDInBatch: .duplicateEventIDInBatch(id)
        default: nil
        }
    }
}
