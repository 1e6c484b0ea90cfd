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
        var decoded = try records.map { try EventCoding.decode($0) }
        var wanted: [(index: Int, id: UUID)] = []
        var indexByID: [UUID: Int] = [:]
        for (index, event) in decoded.enumerated() {
            guard let event else { continue }
            indexByID[event.eventID] = index
            if case .eventReversed(let reversal) = event.event { wanted.append((index, reversal.reversedEventID)) }
        }
        guard !wanted.isEmpty else { return decoded }
        var originals: [UUID: StoredLedgerEvent] = [:]
        for (_, id) in wanted { if let index = indexByID[id], let event = decoded[index] { originals[id] = event } }
        let missing = wanted.map(\.id).filter { originals[$0] == nil }
        for record in try await store.read(eventIDs: missing) {
            if let event = try EventCoding.decode(record) { originals[record.eventID] = event }
        }
        for (index, id) in wanted {
            guard let reversal = decoded[index], let original = originals[id], original.globalPosition < reversal.globalPosition,
                bounds.includes(recordedAt: original.recordedAt, effectiveDate: original.effectiveDate)
            else { continue }
            decoded[index]?.reversedOriginal = OriginalEvent(original)
        }
        return decoded
    }
}
