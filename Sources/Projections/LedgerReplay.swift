import EventStore
import FundLedger
import Memberwise

/// The ledger position a replay (and so a report) was computed from: the last event it read, with that
/// event's chain hash, so anyone can check the report against a verified export.
@PublicMemberwiseInit
public struct ReplayHead: Sendable, Equatable, Codable {
    /// Global position of the last event read (0 for an empty ledger).
    public var position: Int64
    /// Chain hash at that position (hex; 64 zeros for an empty ledger).
    public var hash: String
}

/// What an ad hoc replay produced.
public struct ReplayResult<State: Sendable>: Sendable {
    public var state: State
    public var head: ReplayHead
    /// Domain events folded (after the bounds' filters).
    public var eventsFolded: Int
    /// Events read from the log (up to the position bound).
    public var eventsRead: Int
}

/// Why a replay could not run.
public enum ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--to`/`--at-head` names a position the log has not reached.
    case positionBeyondHead(requested: Int64, head: Int64)
    /// A position bound below zero.
    case negativePosition(Int64)

    public var description: String {
        switch self {
        case .positionBeyondHead(let requested, let head):
            "position \(requested) is beyond the ledger's head (position \(head)); pick a position at or below the head"
        case .negativePosition(let position):
            "position \(position) is negative; positions start at 1 (0 means before the first event)"
        }
    }
}

/// Folds a projection over the log, in position order, within bounds. Reads in batches, so memory holds
/// one batch of events plus the projection's state.
public struct LedgerReplay: Sendable {
    public let store: any EventStore
    /// Events per read; a limit on memory per batch (TigerBeetle-style: every queue has a bound).
    public let batchSize: Int

    public init(store: any EventStore, batchSize: Int = 2000) {
        precondition(batchSize > 0, "batch size must be positive")
        self.store = store
        self.batchSize = batchSize
    }

    /// The position a replay within `bounds` ends at: the position bound, or the current head.
    public func endPosition(for bounds: ReplayBounds) async throws -> Int64 {
        let head = try await store.head().position
        guard let requested = bounds.throughPosition else { return head }
        if requested < 0 { throw ReplayError.negativePosition(requested) }
        if requested > head { throw ReplayError.positionBeyondHead(requested: requested, head: head) }
        return requested
    }

    /// Hands every stored record up to the position bound to `body` in position order, a batch at a time.
    /// Returns the head read.
    @discardableResult
    public func forEachBatch(
        bounds: ReplayBounds = .everything, progress: (_ eventsRead: Int, _ endPosition: Int64) -> Void = { _, _ in },
        _ body: ([RecordedEvent]) async throws -> Void
    ) async throws -> ReplayHead {
        let end = try await endPosition(for: bounds)
        var head = ReplayHead(position: 0, hash: ChainHash.zero.hex)
        var read = 0
        // The next batch is read while this one is folded: the database and the fold work at the same time.
        var next = end > 0 ? prefetch(after: 0, end: end) : nil
        while let pending = next {
            let batch = try await pending.value
            guard let last = batch.last else { break }
            next = last.globalPosition < end ? prefetch(after: last.globalPosition, end: end) : nil
            do {
                try await body(batch)
            } catch {
                next?.cancel()
                throw error
            }
            read += batch.count
            head = ReplayHead(position: last.globalPosition, hash: last.hash.hex)
            progress(read, end)
        }
        return head
    }

    private func prefetch(after position: Int64, end: Int64) -> Task<[RecordedEvent], any Error> {
        let store = store
        let limit = min(batchSize, Int(end - position))
        return Task { try await store.readAll(after: position, limit: limit, through: end) }
    }

    /// Hands every stored record up to the position bound to `body` in position order (the other bounds
    /// are the caller's to apply: external plugins get the raw records). Returns the head read.
    @discardableResult
    public func forEachRecord(
        bounds: ReplayBounds = .everything, progress: (_ eventsRead: Int, _ endPosition: Int64) -> Void = { _, _ in },
        _ body: (RecordedEvent) throws -> Void
    ) async throws -> ReplayHead {
        try await forEachBatch(bounds: bounds, progress: progress) { batch in
            for record in batch { try body(record) }
        }
    }

    /// Folds `projection` over the domain events within `bounds` (events of types the domain does not know,
    /// such as administrators' notes, are read but not folded). Each reversal carries the event it reverses
    /// when the bounds include it. `progress` gets the number of events read so far and the end position
    /// after every batch.
    public func run<P: Projection>(
        _ projection: P, bounds: ReplayBounds = .everything,
        progress: (_ eventsRead: Int, _ endPosition: Int64) -> Void = { _, _ in }
    ) async throws -> ReplayResult<P.State> {
        var state = projection.initialState()
        var folded = 0
        var read = 0
        let originals = ReversalOriginals(store: store)
        // Whatever the projection sums, no stream's amounts pass the ledger's limits (`LedgerLimits`).
        var turnover = StreamTurnover()
        let head = try await forEachBatch(bounds: bounds, progress: progress) { batch in
            let events = try await originals.decode(batch, bounds: bounds)
            for (record, event) in zip(batch, events) {
                read += 1
                guard bounds.includes(recordedAt: record.recordedAt, effectiveDate: record.effectiveDate), let event else { continue }
                do {
                    try turnover.admit(event)  // synchronous: the store is asked about a skip only when it refuses
                } catch {
                    guard try await SkippedEvents.isSkipped(event.eventID, in: event.streamID, store: store) else { throw error }
                    continue
                }
                projection.apply(event, to: &state)
                folded += 1
            }
        }
        return ReplayResult(state: state, head: head, eventsFolded: folded, eventsRead: read)
    }
}

extension EventStore {
    /// At most `limit` records after `position`, none past `end` (the batches of a replay or a projector).
    func readAll(after position: Int64, limit: Int, through end: Int64) async throws -> [RecordedEvent] {
        // Removed in place, and only when the head moved past `end`: a filtered copy retained every record again.
        var records = try await readAll(after: position, limit: limit)
        if let last = records.last, last.globalPosition > end { records.removeAll { $0.globalPosition > end } }
        return records
    }
}
