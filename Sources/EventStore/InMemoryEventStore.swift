import Foundation

/// An event store in memory, for pure domain tests. It keeps the same guarantees and hash chain as the
/// PostgreSQL store (and passes the same contract tests); payloads are canonicalised with sorted keys in
/// place of jsonb's rendering, so its hashes differ from PostgreSQL's for the same events.
public actor InMemoryEventStore: EventStore {
    private var events: [RecordedEvent] = []
    private var positionByEventID: [UUID: Int] = [:]
    private var versionByStream: [String: Int64] = [:]
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// The newest state snapshot per stream and format (`StateSnapshots`).
    var snapshots: [String: StateSnapshot] = [:]
    private let clock: @Sendable () -> Timestamp
    /// Stands in for the database login PostgreSQL records as `recorded_by`.
    private let recordedBy: String

    /// `clock` supplies `recordedAt`; the default reads the system clock. `recordedBy` is the name every
    /// appended event records as its recorder, as PostgreSQL records the calling login.
    public init(recordedBy: String = "fundledger", clock: @escaping @Sendable () -> Timestamp = InMemoryEventStore.systemClock) {
        self.clock = clock
        self.recordedBy = recordedBy
    }

    /// The system clock at microsecond precision.
    public static let systemClock: @Sendable () -> Timestamp = {
        Timestamp(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }

    public func append(_ newEvents: [NewEvent], expectations: [String: ExpectedVersion]) async throws -> [AppendedEvent] {
        try AppendLimits.validate(newEvents)
        let payloads = try newEvents.map { (try JSONText.canonicalObject($0.payload), try JSONText.canonicalObject($0.metadata)) }

        let stored = newEvents.enumerated().compactMap { index, event in
            positionByEventID[event.eventID].map { (index, events[$0 - 1]) }
        }
        if !stored.isEmpty {
            for (index, existing) in stored {
                let event = newEvents[index]
                let same = existing.streamID == event.streamID && existing.eventType == event.eventType
                    && existing.schemaVersion == event.schemaVersion && existing.payload == payloads[index].0
                    && existing.metadata == payloads[index].1 && existing.organisationID == event.organisationID
                    && (event.effectiveDate == nil || event.effectiveDate == existing.effectiveDate)
                if !same {
                    throw EventStoreError.eventIDReusedWithDifferentContent(
                        eventID: event.eventID, globalPosition: existing.globalPosition)
                }
            }
            guard stored.count == newEvents.count else {
                throw EventStoreError.batchPartiallyStored(storedCount: stored.count, batchCount: newEvents.count)
            }
            return stored.map { _, existing in
                AppendedEvent(eventID: existing.eventID, globalPosition: existing.globalPosition,
                              streamVersion: existing.streamVersion, hash: existing.hash)
            }
        }

        for (stream, expected) in expectations.sorted(by: { $0.key < $1.key }) {
            let actual = versionByStream[stream]
            guard expected.isSatisfied(by: actual) else {
                throw EventStoreError.wrongExpectedVersion(streamID: stream, expected: expected, actual: actual)
            }
        }

        let recordedAt = max(clock(), events.last?.recordedAt ?? Timestamp(microsecondsSinceEpoch: 0))
        var versions = versionByStream
        var previous = events.last?.hash ?? .zero
        var appended: [RecordedEvent] = []
        for (index, event) in newEvents.enumerated() {
            let version = (versions[event.streamID] ?? 0) + 1
            versions[event.streamID] = version
            var recorded = RecordedEvent(
                globalPosition: Int64(events.count + index + 1), streamID: event.streamID, streamVersion: version,
                eventID: event.eventID, eventType: event.eventType, schemaVersion: event.schemaVersion,
                payload: payloads[index].0, metadata: payloads[index].1, recordedAt: recordedAt,
                effectiveDate: event.effectiveDate ?? recordedAt.utcDate, organisationID: event.organisationID,
                previousHash: previous, hash: .zero, canonicalVersion: 2, recordedBy: recordedBy)
            recorded.hash = HashChain.hash(of: recorded, after: previous)
            previous = recorded.hash
            appended.append(recorded)
        }
        // Commit: nothing above has changed state, so a thrown error left the store untouched.
        for event in appended {
            events.append(event)
            positionByEventID[event.eventID] = Int(event.globalPosition)
        }
        versionByStream = versions
        for waiter in waiters.values { waiter.resume() }
        waiters.removeAll()
        return appended.map {
            AppendedEvent(eventID: $0.eventID, globalPosition: $0.globalPosition, streamVersion: $0.streamVersion, hash: $0.hash)
        }
    }

    public func readStream(_ streamID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        Array(events.lazy.filter { $0.streamID == streamID && $0.streamVersion >= fromVersion }.prefix(limit))
    }

    public func readAll(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        let start = Int(max(0, min(position, Int64(events.count))))
        return Array(events[start..<min(events.count, start + max(0, limit))])
    }

    public func read(eventIDs: [UUID]) async throws -> [RecordedEvent] {
        Set(eventIDs).compactMap { positionByEventID[$0] }.sorted().map { events[$0 - 1] }
    }

    public func head() async throws -> LedgerHead {
        LedgerHead(position: Int64(events.count), hash: events.last?.hash ?? .zero, eventCount: Int64(events.count))
    }

    public func streamVersion(_ streamID: String) async throws -> Int64? {
        versionByStream[streamID]
    }

    public func waitForAppends(after position: Int64, timeout: Duration) async throws {
        if Int64(events.count) > position { return }
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters[id] = continuation
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    await self?.wake(id)
                }
            }
        } onCancel: {
            Task { await self.wake(id) }
        }
    }

    private func wake(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }

    /// Test hook: replaces the stored event at `position`, bypassing every guarantee, to prove `verify`
    /// notices. Nothing in the product calls it.
    public func tamperForTesting(at position: Int64, _ change: (inout RecordedEvent) -> Void) {
        change(&events[Int(position) - 1])
    }
}
