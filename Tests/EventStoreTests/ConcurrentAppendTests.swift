import EventStore
import Foundation
import Testing
import TestSupport

/// Many writers at once, some racing on the same streams, with a subscriber reading all the while.
@Suite("Concurrent appends")
struct ConcurrentAppendTests {
    static let writerCount = 8
    static let appendsPerWriter = 300

    /// What one writer did.
    struct WriterTally: Sendable {
        var appendedEventIDs: [UUID] = []
        var conflicts = 0
    }

    @Test("8 writers, thousands of appends: no gaps, no duplicates, every conflict reported, subscriber sees all once",
          arguments: StoreKind.allCases)
    func concurrentWriters(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let subscriber = Task { () throws -> [RecordedEvent] in
                var seen: [RecordedEvent] = []
                for try await event in CatchUpSubscription(store: store, after: 0, batchSize: 200, idleTimeout: .seconds(2)) {
                    seen.append(event)
                    if event.eventType == "Done" { break }
                }
                return seen
            }

            let tallies = try await withThrowingTaskGroup(of: WriterTally.self) { group in
                for writer in 0..<Self.writerCount {
                    group.addTask { try await Self.write(writer: writer, store: store) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            _ = try await store.append([testEvent("control", "Done")], expectations: [:])

            let appendedIDs = tallies.flatMap(\.appendedEventIDs)
            let conflicts = tallies.reduce(0) { $0 + $1.conflicts }
            let all = try await Self.readEverything(store)
            let expectedCount = appendedIDs.count + 1
            // Gap-free and duplicate-free: positions are exactly 1…N, and each appended id is stored once.
            #expect(all.map(\.globalPosition) == Array(1...Int64(expectedCount)))
            #expect(Set(all.map(\.eventID)).count == all.count)
            #expect(Set(appendedIDs).isSubset(of: Set(all.map(\.eventID))))
            // Every append landed (one event each); the losers of each race were told, with the actual version.
            #expect(appendedIDs.count == Self.writerCount * Self.appendsPerWriter)
            if kind == .postgres { #expect(conflicts > 0, "8 writers racing on 3 streams should conflict") }
            // Shared streams: versions are 1…n with no holes.
            for stream in Set(all.map(\.streamID)) {
                let versions = all.filter { $0.streamID == stream }.map(\.streamVersion)
                #expect(versions == Array(1...Int64(versions.count)), "stream \(stream)")
            }
            let head = try await store.head()
            #expect(try await store.verifyChain() == .verified(head))
            let seen = try await subscriber.value
            #expect(seen.map(\.globalPosition) == all.map(\.globalPosition))
            #expect(seen.map(\.eventID) == all.map(\.eventID))
        }
    }

    /// Half the appends go to a stream shared by all writers with an exact expected version, so writers
    /// race and lose; the loser re-reads the version and tries again (counted as one conflict).
    static func write(writer: Int, store: any EventStore) async throws -> WriterTally {
        var tally = WriterTally()
        for index in 0..<appendsPerWriter {
            if index % 2 == 0 {
                let event = testEvent("writer-\(writer)", payload: #"{"writer": \#(writer), "i": \#(index)}"#)
                _ = try await store.append([event], expectations: [:])
                tally.appendedEventIDs.append(event.eventID)
                continue
            }
            let shared = "shared-\(index % 3)"
            while true {
                let version = try await store.streamVersion(shared) ?? 0
                let event = testEvent(shared, payload: #"{"writer": \#(writer), "i": \#(index)}"#)
                do {
                    _ = try await store.append([event], to: shared, expecting: .exact(version))
                    tally.appendedEventIDs.append(event.eventID)
                    break
                } catch let error as EventStoreError {
                    guard case .wrongExpectedVersion(let stream, .exact(version), let actual) = error,
                          stream == shared, let actual, actual > version
                    else { throw error }
                    tally.conflicts += 1
                }
            }
        }
        return tally
    }

    static func readEverything(_ store: any EventStore) async throws -> [RecordedEvent] {
        var all: [RecordedEvent] = []
        while true {
            let batch = try await store.readAll(after: Int64(all.count), limit: 1000)
            if batch.isEmpty { return all }
            all += batch
        }
    }
}
