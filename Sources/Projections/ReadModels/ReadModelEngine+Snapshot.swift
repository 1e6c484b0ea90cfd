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
        cursor.lastHash = event.hash
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
        PendingSnapshot(cursor)?.encode()
    }

    /// Starts encoding the fold where it stands, off the run's threads, and saving it (on a connection of its
    /// own) once the commit written at this position has committed; does nothing once one has started.
    func startBackgroundSnapshot(_ cursor: inout FoldCursor) {
        guard cursor.backgroundSnapshot == nil, let snapshot = PendingSnapshot(cursor) else { return }
        let committed = cursor.writing, store = self.store
        cursor.backgroundSnapshot = Task {
            guard let encoded = await snapshot.encoded() else { return nil }
            do {
                try await committed?.value
                try await store.save(encoded)
                return encoded.streamVersion
            } catch {
                return nil
            }
        }
    }

    /// Waits for the background snapshot, if one was started; true if it was saved.
    func finishBackgroundSnapshot(_ cursor: inout FoldCursor) async -> Bool {
        guard let task = cursor.backgroundSnapshot else { return false }
        cursor.backgroundSnapshot = nil
        guard let saved = await task.value else { return false }
        cursor.savedPosition = max(cursor.savedPosition, saved)
        return true
    }

    /// Saves `snapshot` (from `snapshot(of:)`); a snapshot that cannot be saved costs the next restart a
    /// longer fold, nothing else.
    func save(_ snapshot: StateSnapshot, _ cursor: inout FoldCursor) async {
        if (try? await store.save(snapshot)) != nil { cursor.savedPosition = snapshot.streamVersion }
    }
}

/// The fold at one position, to be encoded away from the run's threads.
struct PendingSnapshot: Sendable {
    let books: Books
    let position: Int64
    let lastEventID: UUID

    init?(_ cursor: ReadModelEngine.FoldCursor) {
        guard cursor.position > cursor.savedPosition, let lastEventID = cursor.lastEventID else { return nil }
        books = cursor.books
        position = cursor.position
        self.lastEventID = lastEventID
    }

    /// The snapshot; nil if it cannot be encoded.
    func encode() -> StateSnapshot? {
        guard let bytes = try? books.snapshotBytes() else { return nil }
        return StateSnapshot(
            streamID: ReadModelEngine.snapshotStreamID, format: Books.snapshotFormat, streamVersion: position,
            lastEventID: lastEventID, state: bytes)
    }

    /// `encode()` on a dispatch thread: the encoding blocks while it uses every processor, which a task on
    /// Swift's cooperative pool must not.
    func encoded() async -> StateSnapshot? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(returning: encode()) }
        }
    }
}

/// Where a run that stops at its end (no `--follow`) takes the fold's snapshot: at its first commit close enough
/// to the end, encoded and saved in the background while it folds the rest, rather than after its last commit.
/// At the end of a rebuild of the wide benchmark ledger (100 000 events, 9 300 initiatives) encoding the state
/// took 0.12 s and saving its 19.6 MB 0.09 s, while the processors sat partly idle during the fold.
struct BackgroundSnapshotPlan {
    /// Where the run stops.
    var end: Int64
    /// The fewest events before the end at which the snapshot may be taken (`ReadModelRun.snapshotLeadEvents`).
    var minimumLead: Int64

    /// Whether a commit at the cursor's position takes the snapshot. Encoding and saving a state costs about
    /// as much as folding two events per initiative (those 0.21 s against the fold's 10 µs or so per event),
    /// so a larger state starts earlier, to be done about when the fold is; the next run folds at most the
    /// lead again.
    func isDue(at cursor: ReadModelEngine.FoldCursor) -> Bool {
        guard cursor.position < end else { return false }
        return end - cursor.position <= max(minimumLead, Self.encodingCost(of: cursor))
    }

    /// What encoding and saving the fold's state costs, in events folded: two per initiative.
    static func encodingCost(of cursor: ReadModelEngine.FoldCursor) -> Int64 {
        2 * Int64(cursor.books.state.funds.values.reduce(0) { $0 + $1.initiatives.count })
    }
}
