import Foundation
/// The append-only event log, as every layer above sees it.
///
/// Implementations: `PostgresEventStore` (the real one, in the `PostgresEventStore` module) and
/// `InMemoryEventStore` (for pure domain tests); both pass the same contract tests. Guarantees: appends are
/// atomic across streams; global positions are gap-free and in commit order; a retry with the same event ids
/// and content returns the original positions; expected-version conflicts write nothing.
public protocol EventStore: Sendable {
    /// Appends `events` atomically, checking each stream in `expectations` first (streams not named: any).
    func append(_ events: [NewEvent], expectations: [String: ExpectedVersion]) async throws -> [AppendedEvent]

    /// Events of one stream with `streamVersion >= fromVersion`, oldest first, at most `limit`.
    func readStream(_ streamID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent]

    /// Events with `globalPosition > position`, oldest first, at most `limit`.
    func readAll(after position: Int64, limit: Int) async throws -> [RecordedEvent]

    /// The events with these ids, in position order; ids the log does not have are left out. Replays use it to
    /// fetch the original of a reversal instead of keeping every event in memory.
    func read(eventIDs: [UUID]) async throws -> [RecordedEvent]

    /// The newest position, its hash and the number of events.
    func head() async throws -> LedgerHead

    /// The current version of a stream, or `nil` if it has no events.
    func streamVersion(_ streamID: String) async throws -> Int64?

    /// Suspends until events after `position` may exist, or `timeout` passes. Never the source of truth:
    /// callers read by position afterwards.
    func waitForAppends(after position: Int64, timeout: Duration) async throws

    /// A secret of `organisations` that content-derived ids of their commands are keyed with
    /// (`DeterministicID.batch(_:namespace:)`), so that no other organisation can compute them; nil where
    /// ids need none (a database without grants, a store without organisations). Default: nil.
    func commandIDNamespace(organisations: [String]) async throws -> String?
}

extension EventStore {
    public func commandIDNamespace(organisations: [String]) async throws -> String? { nil }

    /// Appends events to one stream with one expectation.
    public func append(
        _ events: [NewEvent], to streamID: String, expecting expected: ExpectedVersion = .any
    ) async throws -> [AppendedEvent] {
        try await append(events, expectations: [streamID: expected])
    }

    /// Every event of a stream, reading in batches.
    public func readWholeStream(_ streamID: String, batchSize: Int = 1000) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        var next: Int64 = 1
        while true {
            let batch = try await readStream(streamID, fromVersion: next, limit: batchSize)
            events += batch
            guard batch.count == batchSize, let last = batch.last else { return events }
            next = last.streamVersion + 1
        }
    }

    /// Recomputes the whole chain from position 1, reading in batches; names the first break. `onEvent`
    /// sees every event that continues the chain (to check anchors kept from an earlier audit).
    public func verifyChain(
        batchSize: Int = 1000, onEvent: (RecordedEvent) -> Void = { _ in }, progress: (Int64) -> Void = { _ in }
    ) async throws -> VerificationResult {
        let head = try await head()
        var verifier = ChainVerifier()
        var count: Int64 = 0
        var after: Int64 = 0
        while after < head.position {
            let batch = try await readAll(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            for event in batch where event.globalPosition <= head.position {
                if let failure = verifier.check(event) { return .broken(failure) }
                onEvent(event)
                count += 1
            }
            after = last.globalPosition
            progress(count)
        }
        if verifier.expectedPosition - 1 != head.position || count != head.eventCount {
            return .broken(ChainBreak(
                position: verifier.expectedPosition,
                reason: "the log's head is position \(head.position) with \(head.eventCount) events, but the chain ends at \(verifier.expectedPosition - 1)"))
        }
        if verifier.previousHash != head.hash {
            return .broken(ChainBreak(position: head.position, reason: "the head hash does not match the chain"))
        }
        return .verified(head)
    }
}
