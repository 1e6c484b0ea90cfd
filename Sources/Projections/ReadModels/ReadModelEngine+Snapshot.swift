import EventStore
import Foundation
import FundLedger

/// The shared fold's snapshot: a projector that restarts resumes from it instead of refolding from
/// position 1 (the read models' rows are committed already; only the fold's memory was lost).
///
/// Kept in `event_store.state_snapshots` under the stream id `$read-models` with the global position as
/// its version. Used only when the event at that position is still the one it names and no read model's
/// checkpoint lies before it (a rebuild from an earlier position folds from the start).
extension ReadModelEngine {
    static let snapshotStreamID = "$read-models"
    /// A run in `--follow` mode saves the fold again after this many more events.
    static let snapshotEveryEvents: Int64 = 100_000

    /// The fold to resume from: the snapshot when usable, else the first position.
    func resumeCursor(slots: inout [Slot]) async throws -> FoldCursor {
        var cursor = FoldCursor()
        let resumeLimit = slots.map(\.checkpoint).min() ?? 0
        guard resumeLimit > 0,
            let snapshot = try await store.snapshot(of: Self.snapshotStreamID, format: Books.snapshotFormat),
            snapshot.streamVersion <= resumeLimit,
            let event = try await store.readAll(after: snapshot.streamVersion - 1, limit: 1).first,
            event.globalPosition == snapshot.streamVersion, event.eventID == snapshot.lastEventID,
            let books = try? Books(snapshotBytes: snapshot.state, retainingEvents: false)
        else { return cursor }
        cursor.books = books
        cursor.position = snapshot.streamVersion
        cursor.lastHash = event.hash.hex
        cursor.lastEventID = event.eventID
        cursor.savedPosition = snapshot.streamVersion
        cursor.resumedFrom = snapshot.streamVersion
        // A slot rebuilt from exactly here starts writing everything from the next event.
        for index in slots.indices where slots[index].checkpoint == cursor.position && !slots[index].pendingReset.isEmpty {
            slots[index].writer.markEverythingChanged()
        }
        return cursor
    }

    /// The fold where it stands, encoded, if it moved since the last save; nil otherwise (or if it cannot be
    /// encoded: a snapshot only saves the next restart a longer fold).
    func snapshot(of cursor: FoldCursor) -> StateSnapshot? {
        guard cursor.position > cursor.savedPosition, let lastEventID = cursor.lastEventID,
            let bytes = try? cursor.books.snapshotBytes() else { return nil }
        return StateSnapshot(
            streamID: Self.snapshotStreamID, format: Books.snapshotFormat, streamVersion: cursor.position, lastEventID: lastEventID,
            state: bytes)
    }

    /// Saves `snapshot` (from `snapshot(of:)`); a snapshot that cannot be saved costs the next restart a
    /// longer fold, nothing else.
    func save(_ snapshot: StateSnapshot, _ cursor: inout FoldCursor) async {
        if (try? await store.save(snapshot)) != nil { cursor.savedPosition = snapshot.streamVersion }
    }
}
