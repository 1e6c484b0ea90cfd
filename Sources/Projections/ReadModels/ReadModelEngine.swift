import EventStore
import Foundation
import FundLedger
import Postgres
import PostgresEventStore

/// How far to run the SQL read models (`ReadModelEngine.run`; the CLI's `project` and `replay`). The
/// in-memory folds are `Projection`s, run by `LedgerReplay` instead.
public struct ReadModelRun: Sendable, Equatable {
    /// Which read models (default: all core ones).
    public var names: [String]
    /// Rebuild from this position: rows derived from it onwards are removed and rewritten (1: from scratch).
    /// `nil`: continue from each checkpoint.
    public var rebuildFrom: Int64?
    /// Stop at this position instead of the head.
    public var through: Int64?
    /// Keep running, waking on appends, until cancelled.
    public var follow: Bool
    /// Events per transaction: how much one crash can make the projector redo (never lose or repeat).
    public var commitEveryEvents: Int
    /// Without `follow`: the fold's snapshot is taken in the background at the first commit at most this many
    /// events before the end — more for a large state (`BackgroundSnapshotPlan`) — so the next run folds at
    /// most that many more.
    public var snapshotLeadEvents: Int64

    public init(names: [String] = CoreReadModels.all.map(\.name), rebuildFrom: Int64? = nil, through: Int64? = nil,
                follow: Bool = false, commitEveryEvents: Int = 5000, snapshotLeadEvents: Int64 = 20_000) {
        self.names = names
        self.rebuildFrom = rebuildFrom
        self.through = through
        self.follow = follow
        self.commitEveryEvents = commitEveryEvents
        self.snapshotLeadEvents = snapshotLeadEvents
    }
}

/// What a run did, per read model.
public struct ReadModelOutcome: Sendable, Equatable {
    public var name: String
    /// The checkpoint after the run.
    public var checkpoint: Int64
    /// Whether the run started from scratch because the model's code version changed.
    public var rebuiltForNewVersion: Bool
    /// The position whose fold snapshot the run resumed from (0: it folded from the first event).
    public var resumedFrom: Int64 = 0
}

/// Why the read-model engine refused or stopped.
public enum ReadModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownReadModel(String, known: [String])
    case anotherProjectorRunning
    case checkpointMoved(name: String, expected: Int64)
    case rebuildPositionOutOfRange(requested: Int64, head: Int64)
    case throughBeforeCheckpoint(name: String, through: Int64, checkpoint: Int64)
    /// The read database's log is not a prefix of this database's: not its replica.
    case readDatabaseDiffers(position: Int64, readHash: String, hash: String?)

    public var description: String {
        switch self {
        case .unknownReadModel(let name, let known):
            "no read model \"\(name)\"; known: \(known.joined(separator: ", "))"
        case .anotherProjectorRunning:
            "another projector (fundledger project/replay) is running against this database; wait for it or stop it"
        case .checkpointMoved(let name, let expected):
            "the checkpoint of \(name) moved away from \(expected) during the run (a second projector?); nothing was written, run again"
        case .rebuildPositionOutOfRange(let requested, let head):
            "cannot rebuild from position \(requested): positions run from 1 to the head, \(head)"
        case .throughBeforeCheckpoint(let name, let through, let checkpoint):
            "\(name) is already at position \(checkpoint), past \(through); use --from to rebuild it up to \(through)"
        case .readDatabaseDiffers(let position, let readHash, let hash):
            "the read database is not a replica of this database: at position \(position) its event's hash is \(readHash.prefix(12))…, "
                + (hash.map { "here it is \($0.prefix(12))…" } ?? "here the log ends before it") + "; nothing was written"
        }
    }
}

/// Runs the SQL read models (schema `read_models`) as catch-up subscribers of the log. Not to be confused with
/// `Projection`, an in-memory fold that `LedgerReplay` runs and that writes nothing.
///
/// Each batch of up to `commitEveryEvents` events is written in ONE transaction together with the read
/// models' checkpoints, so a crash (or a kill) mid-batch rolls everything back to the last checkpoint and
/// the next run redoes exactly the missing events: nothing is lost or applied twice. On start each model
/// folds the events up to its checkpoint again in memory (without writing) to regain its state. A model
/// whose code version differs from the one that wrote its rows is rebuilt from the first event. A
/// session-level advisory lock keeps two projectors from interleaving.
///
/// With a `readPool` (`project --read-database`, a streaming replica of `pool`'s database) the events are
/// read there and everything else stays on `pool`: rows, checkpoints, the advisory lock and the fold's
/// snapshot. A replica holds a prefix of the primary's log, so the read models then stop at the replica's
/// head; a checkpoint already past it (a run on the primary) is left where it is, never moved back.
public struct ReadModelEngine: Sendable {
    /// The database the read models are written to (and, without `readPool`, read from).
    public let pool: ConnectionPool
    /// Where the events are read, if not from `pool`: a streaming replica of it.
    public let readPool: ConnectionPool?
    /// Events per read.
    public let readBatchEvents: Int
    /// Called inside each commit's transaction, after the writes and before COMMIT, with the batch's last
    /// position. Throwing rolls the batch back. For fault-injection tests; production passes nothing.
    public let beforeCommit: @Sendable (Int64) throws -> Void

    static let advisoryLockKey: Int64 = 0x46_4C_50_52_4F_4A  // "FLPROJ"

    public init(
        pool: ConnectionPool, readPool: ConnectionPool? = nil, readBatchEvents: Int = 2000,
        beforeCommit: @escaping @Sendable (Int64) throws -> Void = { _ in }
    ) {
        self.pool = pool
        self.readPool = readPool
        self.readBatchEvents = readBatchEvents
        self.beforeCommit = beforeCommit
    }

    /// The primary's store: checkpoints' lag, the fold's snapshot.
    var store: PostgresEventStore { PostgresEventStore(pool: pool) }
    /// Where the events come from: the replica when there is one.
    var events: PostgresEventStore { PostgresEventStore(pool: readPool ?? pool) }

    /// Brings the read models in `run` up to date (or rebuilds them); `progress` gets (position, end) after
    /// every read batch.
    @discardableResult
    public func run(_ request: ReadModelRun, progress: @escaping (Int64, Int64) -> Void = { _, _ in }) async throws -> [ReadModelOutcome] {
        let models = try request.names.map { name in
            guard let model = CoreReadModels.named(name) else {
                throw ReadModelError.unknownReadModel(name, known: CoreReadModels.all.map(\.name))
            }
            return model
        }
        let connection = try await PostgresConnection(conninfo: pool.conninfo)
        // The projector's lock is given back before the connection closes: a server releases a closed
        // session's locks only when its backend has exited, a moment later, and the next run must not
        // find it still held.
        func finish() async {
            _ = try? await connection.query("SELECT pg_advisory_unlock_all()")
            await connection.close()
        }
        do {
            let outcomes = try await run(request, models: models, connection: connection, progress: progress)
            await finish()
            return outcomes
        } catch {
            await finish()
            throw error
        }
    }

    struct Slot {
        var model: any ReadModel
        var writer: any ReadModelWriter
        /// Last position whose effects are committed.
        var checkpoint: Int64
        /// Statements to run in the first commit (a reset), and whether state tables are rewritten then.
        var pendingReset: [PostgresQuery]
        var rebuiltForNewVersion: Bool
    }

    /// Where the shared fold stands during a run.
    ///
    /// One fold for every read model: they all fold from the first event (those behind a checkpoint without
    /// writing), so at any position their states are the same. The journal is handed to the writers as it
    /// grows, so the fold keeps no postings.
    struct FoldCursor {
        var books = Books(retainingEvents: false)
        /// The last position folded.
        var position: Int64 = 0
        /// The hash of the event at `position` (written out as hex only when a commit needs it).
        var lastHash = ChainHash.zero
        /// Events folded since the last commit while some read model was behind.
        var uncommitted = 0
        /// The id of the event at `position`.
        var lastEventID: UUID?
        /// Where the fold's snapshot stands (`ReadModelEngine+Snapshot`), and where this run resumed from.
        var savedPosition: Int64 = 0
        var resumedFrom: Int64 = 0
        /// The commit PostgreSQL is writing while the fold goes on (`ReadModelEngine+Commit`).
        var writing: Task<Void, any Error>?
        /// The fold's snapshot being encoded and saved while the fold goes on; its result is the position it
        /// was saved at, nil if it was not (`ReadModelEngine+Snapshot`).
        var backgroundSnapshot: Task<Int64?, Never>?
    }

    private func run(
        _ run: ReadModelRun, models: [any ReadModel], connection: PostgresConnection, progress: (Int64, Int64) -> Void
    ) async throws -> [ReadModelOutcome] {
        guard try await connection.query("SELECT pg_try_advisory_lock(\(Self.advisoryLockKey))")[0].decode(Bool.self, at: 0) else {
            throw ReadModelError.anotherProjectorRunning
        }
        let head = try await events.head()
        if readPool != nil { try await checkReplicates(head) }
        let end = min(run.through ?? head.position, head.position)
        if let from = run.rebuildFrom, from < 1 || from > max(head.position, 1) {
            throw ReadModelError.rebuildPositionOutOfRange(requested: from, head: head.position)
        }
        // Every core model's, not only those of this run: a rebuild of postings that failed half-way is mended
        // by the next run, whichever read models it was asked for.
        try await Self.restore(CoreReadModels.all, on: connection)
        let stored = try await Checkpoints.load(connection)
        var slots = try Self.slots(for: models, run, checkpoints: stored)
        var cursor = try await resumeCursor(slots: &slots)
        let commitEvery = max(1, run.commitEveryEvents)
        do {
            try await foldAndWrite(run, end: end, cursor: &cursor, slots: &slots, commitEvery: commitEvery, connection: connection, progress: progress)
        } catch {
            // A write still in flight ends (its outcome is moot: the run fails) before the caller gives the
            // projector's lock back and closes the connection.
            if let writing = cursor.writing { _ = try? await writing.value }
            if let snapshot = cursor.backgroundSnapshot { _ = await snapshot.value }
            throw error
        }
        return slots.map {
            ReadModelOutcome(
                name: $0.model.name, checkpoint: $0.checkpoint, rebuiltForNewVersion: $0.rebuiltForNewVersion,
                resumedFrom: cursor.resumedFrom)
        }
    }

    /// Folds and writes up to `end`, then (with `--follow`) waits for more and goes on.
    private func foldAndWrite(
        _ run: ReadModelRun, end: Int64, cursor: inout FoldCursor, slots: inout [Slot], commitEvery: Int,
        connection: PostgresConnection, progress: (Int64, Int64) -> Void
    ) async throws {
        var end = end
        while true {
            // The next batch is read and decoded while this one is folded and written.
            var next = cursor.position < end ? prefetch(after: cursor.position, end: end) : nil
            defer { next?.cancel() }
            while let pending = next {
                let (batch, events) = try await pending.value
                guard let lastInBatch = batch.last else { break }
                next = lastInBatch.globalPosition < end ? prefetch(after: lastInBatch.globalPosition, end: end) : nil
                try await fold(
                    batch, events: events, cursor: &cursor, slots: &slots, commitEvery: commitEvery, connection: connection,
                    backgroundSnapshot: run.follow ? nil : BackgroundSnapshotPlan(end: end, minimumLead: run.snapshotLeadEvents))
                progress(cursor.position, end)
            }
            if slots.contains(where: { Self.isDue($0, at: cursor.position) }) {
                try await commit(&slots, cursor: &cursor, connection: connection)
                cursor.uncommitted = 0
            }
            try await finishCatchUp(run, cursor: &cursor, models: slots.map(\.model), connection: connection)
            guard run.follow, run.through == nil else { break }
            try await waitForEvents(after: cursor.position)
            try Task.checkCancellation()
            end = try await events.head().position
        }
    }

    /// Ends a catch-up: its last commit written, the indexes a reset took away built again, and the fold's
    /// snapshot saved. The snapshot is encoded while the last commit is written and saved once it has
    /// committed: saved before, a failed write would leave only a snapshot no checkpoint has reached, and the
    /// next run would fold from position 1. A run that took one in the background near its end keeps that
    /// one, unless it could not be saved; a run that folded fewer events than saving the state costs keeps
    /// the snapshot it started from (the next run folds those few events again, which is cheaper).
    private func finishCatchUp(
        _ run: ReadModelRun, cursor: inout FoldCursor, models: [any ReadModel], connection: PostgresConnection
    ) async throws {
        let folded = cursor.position - cursor.savedPosition
        let due = run.follow
            ? folded >= Self.snapshotEveryEvents
            : cursor.backgroundSnapshot == nil && folded >= BackgroundSnapshotPlan.encodingCost(of: cursor)
        var snapshot = due ? snapshot(of: cursor) : nil
        try await finishWriting(&cursor)
        try await Self.restore(models, on: connection)
        if cursor.backgroundSnapshot != nil, !(await finishBackgroundSnapshot(&cursor)) { snapshot = self.snapshot(of: cursor) }
        if let snapshot { await save(snapshot, &cursor) }
    }

    /// Runs the models' restore statements (`ReadModel.restoreStatements`).
    static func restore(_ models: [any ReadModel], on connection: PostgresConnection) async throws {
        for statement in models.flatMap(\.restoreStatements) { _ = try await connection.query(statement) }
    }

    /// One slot per model, starting from its stored checkpoint: from scratch when it has none or its code
    /// version changed, from `run.rebuildFrom` when asked; a slot that starts from scratch with a reset writes
    /// everything.
    static func slots(for models: [any ReadModel], _ run: ReadModelRun, checkpoints stored: [String: StoredCheckpoint]) throws -> [Slot] {
        var slots: [Slot] = []
        for model in models {
            let saved = stored[model.name]
            var checkpoint = saved?.position ?? 0
            var reset: [PostgresQuery] = []
            let versionChanged = saved.map { $0.codeVersion != model.version } ?? false
            if versionChanged || saved == nil {
                checkpoint = 0
                reset = model.resetStatements(from: 1)
            } else if let from = run.rebuildFrom {
                checkpoint = min(checkpoint, from - 1)
                reset = model.resetStatements(from: from)
            }
            if let through = run.through, checkpoint > through {
                throw ReadModelError.throughBeforeCheckpoint(name: model.name, through: through, checkpoint: checkpoint)
            }
            slots.append(Slot(model: model, writer: model.makeWriter(), checkpoint: checkpoint, pendingReset: reset,
                              rebuiltForNewVersion: versionChanged))
        }
        for index in slots.indices where slots[index].checkpoint == 0 && !slots[index].pendingReset.isEmpty {
            slots[index].writer.markEverythingChanged()
        }
        return slots
    }

    /// Folds one read batch (`events` decoded from `batch`, `nil` for events that are not ledger events),
    /// hands each event to the writers of the slots past their checkpoint, and commits every `commitEvery`
    /// events that some slot still needs; the first commit `backgroundSnapshot` finds due starts the fold's
    /// snapshot in the background.
    private func fold(
        _ batch: [RecordedEvent], events: [StoredLedgerEvent?], cursor: inout FoldCursor, slots: inout [Slot],
        commitEvery: Int, connection: PostgresConnection, backgroundSnapshot: BackgroundSnapshotPlan?
    ) async throws {
        for (record, event) in zip(batch, events) {
            var entries: [JournalEntry] = []
            if let event, try await cursor.books.admit(event, skipsIn: self.events) {
                cursor.books.record(event)
                entries = cursor.books.drainJournal()
            }
            var someBehind = false
            for index in slots.indices {
                // Up to its checkpoint a read model's rows are in the tables already: the shared fold
                // advances, the writer only notes events after it.
                let behind = record.globalPosition > slots[index].checkpoint
                someBehind = someBehind || behind
                if let event, behind { slots[index].writer.observe(event, books: cursor.books, entries: entries) }
                if record.globalPosition == slots[index].checkpoint, !slots[index].pendingReset.isEmpty {
                    slots[index].writer.markEverythingChanged()
                }
            }
            cursor.position = record.globalPosition
            cursor.lastHash = record.hash
            cursor.lastEventID = record.eventID
            if someBehind { cursor.uncommitted += 1 }
            if cursor.uncommitted >= commitEvery {
                // The commit the snapshot is taken at writes every read model, so that no checkpoint lies
                // before the snapshot and a restart can resume from it.
                let snapshotDue = cursor.backgroundSnapshot == nil && backgroundSnapshot?.isDue(at: cursor) == true
                let wrote = try await commit(&slots, cursor: &cursor, connection: connection, onTheWay: !snapshotDue)
                cursor.uncommitted = 0
                if wrote, snapshotDue { startBackgroundSnapshot(&cursor) }
            }
        }
    }

    /// Whether a commit at `position` writes `slot`: it is behind, or exactly there with a reset to apply. A
    /// slot still ahead of the fold (a read model nearer the head than another) waits until the fold reaches it.
    static func isDue(_ slot: Slot, at position: Int64) -> Bool {
        slot.checkpoint < position || (slot.checkpoint == position && !slot.pendingReset.isEmpty)
    }

    /// Refuses a read database whose head is not in this database's log with the same hash: read models
    /// folded from another ledger's events must never be written here.
    private func checkReplicates(_ head: LedgerHead) async throws {
        guard head.position > 0 else { return }
        let here = try await store.readAll(after: head.position - 1, limit: 1).first
        guard let here, here.globalPosition == head.position, here.hash == head.hash else {
            throw ReadModelError.readDatabaseDiffers(
                position: head.position, readHash: head.hash.hex, hash: here.flatMap { $0.globalPosition == head.position ? $0.hash.hex : nil })
        }
    }

    /// Waits up to 5 s for an event after `position`: woken by the primary's NOTIFY, or, reading from a
    /// replica (which cannot LISTEN while it replays), by looking at its head, more slowly as it stays still.
    private func waitForEvents(after position: Int64) async throws {
        guard readPool != nil else { return try await store.waitForAppends(after: position, timeout: .seconds(5)) }
        let deadline = ContinuousClock.now + .seconds(5)
        var pause = Duration.milliseconds(20)
        while ContinuousClock.now < deadline, try await events.head().position <= position {
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(500))
        }
    }

    /// Reads the batch after `position` and decodes it, in a task of its own: the fold of the batch before it
    /// runs meanwhile, so reading and decoding take the processor the fold leaves idle.
    private func prefetch(after position: Int64, end: Int64) -> Task<([RecordedEvent], [StoredLedgerEvent?]), any Error> {
        let store = events
        let limit = min(readBatchEvents, Int(end - position))
        return Task {
            let batch = try await store.readAll(after: position, limit: limit, through: end)
            return (batch, try await ReversalOriginals(store: store).decode(batch, bounds: .everything))
        }
    }
}
