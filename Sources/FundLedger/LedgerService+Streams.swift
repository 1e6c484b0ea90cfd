import EventStore
import Foundation

/// How a command reads the state its rules need: each stream from its newest snapshot and the events after
/// it, so that a command costs what happened since the last snapshot, not the stream's whole history.
///
/// Never a stale state: a snapshot is used only when the log still holds, at the snapshot's version, the
/// event it names; the events after it are folded; and the append's expected version on every stream read
/// refuses a decision made on anything but the newest state (`recordAll`). A snapshot ahead of its
/// stream, naming another event, unreadable, or of another `LedgerState.snapshotFormat` is ignored and the
/// stream folded from its start.
extension LedgerService {
    /// Events read per round trip while folding a stream.
    static let streamReadBatchCount = 1000

    /// The state of `streams` and of the organisation of every fund among them, with each stream's version
    /// from the same reads (0 for a stream without events), and the events with `eventIDs` (command ids of
    /// a possible retry, events a correction names) looked up wherever they are in the log.
    public func loadState(streams: [String], lookingUp eventIDs: [UUID] = []) async throws -> (state: LedgerState, versions: [String: Int64]) {
        var pending = Array(streams.reversed())
        var loaded = Set<String>()
        var state = LedgerState()
        var versions: [String: Int64] = [:]
        while let stream = pending.popLast() {
            guard loaded.insert(stream).inserted else { continue }
            let (streamState, version) = try await loadStream(stream)
            versions[stream] = version
            if let fundID = LedgerState.fundID(ofStream: stream), let fund = streamState.funds[fundID] {
                pending.append(LedgerStreams.organisation(fund.organisationID))
            }
            state.merge(streamState)
        }
        let wanted = Array(Set(eventIDs).subtracting(state.eventsByID.keys))
        for record in try await store.read(eventIDs: wanted) {
            if let event = try await SkippedEvents.decode(record, store: store) { state.eventsByID[event.eventID] = event }
        }
        return (state, versions)
    }

    /// One stream's state and version: from its snapshot when one is usable, then the events after it. A
    /// fold of at least `snapshotInterval` events leaves a new snapshot for the next command.
    func loadStream(_ stream: String) async throws -> (state: LedgerState, version: Int64) {
        var state = LedgerState()
        var version: Int64 = 0
        var next: Int64 = 1
        var lastEventID: UUID?
        var snapshot = try await usableSnapshot(of: stream)
        if let snapshot, let decoded = try? LedgerState(snapshotBytes: snapshot.state) {
            let own = decoded.restricted(to: stream)
            (state, version, next, lastEventID) = (own, snapshot.streamVersion, snapshot.streamVersion, snapshot.lastEventID)
        } else {
            snapshot = nil
        }
        var folded = 0
        while true {
            var records = try await store.readStream(stream, fromVersion: next, limit: Self.streamReadBatchCount)
            let more = records.count == Self.streamReadBatchCount
            if let kept = snapshot, next == kept.streamVersion {
                // The first event read is the one the snapshot ends with, or the snapshot belongs to another history.
                guard records.first?.eventID == kept.lastEventID else { return try await foldWhole(stream) }
                records.removeFirst()
                next += 1
            }
            guard let last = records.last else { if more { continue } else { break } }
            let events = try await SkippedEvents.decode(records, store: store).compactMap { $0 }
            try await lookUpOriginals(of: events, into: &state)
            for event in events { try await state.fold(event, skipsIn: store) }
            folded += records.count
            (version, next, lastEventID) = (last.streamVersion, last.streamVersion + 1, last.eventID)
            if !more { break }
        }
        if folded >= snapshotInterval, snapshotInterval > 0, let lastEventID {
            await saveSnapshot(state, of: stream, version: version, lastEventID: lastEventID)
        }
        return (state, version)
    }

    /// The stream folded from its first event, ignoring any snapshot.
    private func foldWhole(_ stream: String) async throws -> (state: LedgerState, version: Int64) {
        var state = LedgerState()
        let records = try await store.readWholeStream(stream, batchSize: Self.streamReadBatchCount)
        for event in try await SkippedEvents.decode(records, store: store) {
            if let event { try await state.fold(event, skipsIn: store) }
        }
        if let last = records.last, records.count >= snapshotInterval, snapshotInterval > 0 {
            await saveSnapshot(state, of: stream, version: last.streamVersion, lastEventID: last.eventID)
        }
        return (state, records.last?.streamVersion ?? 0)
    }

    private func usableSnapshot(of stream: String) async throws -> StateSnapshot? {
        guard snapshotInterval > 0, let snapshots = store as? any StateSnapshots else { return nil }
        return try await snapshots.snapshot(of: stream, format: LedgerState.snapshotFormat)
    }

    /// Keeps the state for the next command. A snapshot that cannot be saved (a login that may read but not
    /// write them) costs the next command a longer fold, nothing else: the error is not the command's.
    private func saveSnapshot(_ state: LedgerState, of stream: String, version: Int64, lastEventID: UUID) async {
        guard let snapshots = store as? any StateSnapshots, let bytes = try? state.snapshotBytes() else { return }
        try? await snapshots.save(StateSnapshot(
            streamID: stream, format: LedgerState.snapshotFormat, streamVersion: version, lastEventID: lastEventID, state: bytes))
    }

    /// Puts the originals of the reversals among `events` that came before the snapshot into the state's
    /// retained events, so the fold undoes them as a fold from the start would.
    private func lookUpOriginals(of events: [StoredLedgerEvent], into state: inout LedgerState) async throws {
        var reversalPositions: [UUID: Int64] = [:]
        for event in events {
            if case .eventReversed(let reversal) = event.event, state.eventsByID[reversal.reversedEventID] == nil {
                reversalPositions[reversal.reversedEventID] = max(reversalPositions[reversal.reversedEventID] ?? 0, event.globalPosition)
            }
        }
        guard !reversalPositions.isEmpty else { return }
        let inBatch = Set(events.map(\.eventID))
        for record in try await store.read(eventIDs: Array(reversalPositions.keys)) where !inBatch.contains(record.eventID) {
            // Only an original before its reversal: a fold from the start would not have applied a later one yet.
            guard let reversalPosition = reversalPositions[record.eventID], record.globalPosition < reversalPosition,
                let original = try await SkippedEvents.decode(record, store: store) else { continue }
            state.eventsByID[original.eventID] = original
        }
    }
}
