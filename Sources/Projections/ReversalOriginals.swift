import EventStore
import Foundation
import FundLedger

/// Decodes a batch of records and hands each reversal the event it reverses, so folds that keep no events
/// (`LedgerState(retainingEvents: false)`) can undo it. The original comes from the same batch or, in one
/// query per batch, from the store; it is attached only when the replay's bounds include it (so it was
/// folded), which is how a bounded replay leaves standing an original it never saw undone.
struct ReversalOriginals {
    let store: any EventStore

    /// The batch's domain events (`nil` for other types), reversals carrying their originals.
    func decode(_ records: [RecordedEvent], bounds: ReplayBounds) async throws -> [StoredLedgerEvent?] {
        var decoded: [StoredLedgerEvent?]
        do {
            decoded = try await Self.decodeInParallel(records)
        } catch is UnreadableEventError {
            decoded = try await SkippedEvents.decode(records, store: store)  // honours skips, or throws the same error
        }
        var wanted: [(index: Int, id: UUID)] = []
        for (index, event) in decoded.enumerated() {
            if case .eventReversed(let reversal)? = event?.event { wanted.append((index, reversal.reversedEventID)) }
        }
        guard !wanted.isEmpty else { return decoded }
        // Originals in the batch itself: one pass looking each id up in the few reversed ones (no index of all).
        var originals: [UUID: StoredLedgerEvent] = [:]
        let wantedIDs = Set(wanted.map(\.id))
        for case let event? in decoded where wantedIDs.contains(event.eventID) { originals[event.eventID] = event }
        let missing = wanted.map(\.id).filter { originals[$0] == nil }
        for record in try await store.read(eventIDs: missing) {
            if let event = try await SkippedEvents.decode(record, store: store) { originals[record.eventID] = event }
        }
        for (index, id) in wanted {
            guard let reversal = decoded[index], let original = originals[id], original.globalPosition < reversal.globalPosition,
                bounds.includes(recordedAt: original.recordedAt, effectiveDate: original.effectiveDate)
            else { continue }
            decoded[index]?.reversedOriginal = OriginalEvent(original)
        }
        return decoded
    }

    /// Decoding JSON is most of a replay's work and each event decodes on its own, so a batch is split over
    /// the processors; the results keep the batch's order. The first chunk is decoded by this task straight
    /// into the result, which has room for all (copying every decoded event into a joined array, in fresh
    /// pages, was a twentieth of a rebuild's client time).
    static func decodeInParallel(_ records: [RecordedEvent]) async throws -> [StoredLedgerEvent?] {
        let chunkCount = min(ProcessInfo.processInfo.activeProcessorCount, max(1, records.count / 256))
        guard chunkCount > 1 else { return try records.map { try EventCoding.decode($0) } }
        let chunkSize = (records.count + chunkCount - 1) / chunkCount
        return try await withThrowingTaskGroup(of: (Int, [StoredLedgerEvent?]).self) { group in
            for chunk in 1..<chunkCount {
                // The task shares `records` (no copy of the records) and decodes its own range of it.
                let range = (chunk * chunkSize)..<min(records.count, (chunk + 1) * chunkSize)
                group.addTask { (chunk, try records[range].map { try EventCoding.decode($0) }) }
            }
            var decoded: [StoredLedgerEvent?] = []
            decoded.reserveCapacity(records.count)
            for record in records[..<chunkSize] { decoded.append(try EventCoding.decode(record)) }
            var parts = [[StoredLedgerEvent?]](repeating: [], count: chunkCount)
            for try await (chunk, events) in group { parts[chunk] = events }
            for part in parts.dropFirst() { decoded.append(contentsOf: part) }
            return decoded
        }
    }
}
