import EventStore
import FundLedger
import Postgres

/// Commits: what the fold drained from the writers, written with the read models' checkpoints in one
/// transaction. The write runs in a task of its own while the fold goes on with the next events, so the
/// database writes and the fold computes at the same time; at most one write is in flight and writes
/// commit in order on the run's one connection.
extension ReadModelEngine {
    /// One read model's share of a commit, as plain data that can cross into the writing task.
    struct CommitWork: Sendable {
        var name: String
        var version: Int
        var expected: Int64
        var reset: [PostgresQuery]
        var changes: ReadModelChanges
    }

    /// Drains every slot behind the cursor's position and starts writing its rows and moving its checkpoint
    /// there, after the write before it has finished; a commit on the way (`onTheWay`) leaves out the read
    /// models that hold current state only (`ReadModel.holdsCurrentStateOnly`). A slot's checkpoint moves
    /// here, before its write commits: a write that fails fails the run, which then reports nothing. Returns
    /// whether it started a write (`cursor.writing`, then the write of this position).
    @discardableResult
    func commit(_ slots: inout [Slot], cursor: inout FoldCursor, connection: PostgresConnection, onTheWay: Bool = false) async throws -> Bool {
        let position = cursor.position
        var work: [CommitWork] = []
        for index in slots.indices where Self.isDue(slots[index], at: position) && !(onTheWay && slots[index].model.holdsCurrentStateOnly) {
            work.append(CommitWork(
                name: slots[index].model.name, version: slots[index].model.version, expected: slots[index].checkpoint,
                reset: slots[index].pendingReset, changes: slots[index].writer.drainChanges(books: cursor.books)))
            slots[index].checkpoint = position
            slots[index].pendingReset = []
        }
        guard !work.isEmpty else { return false }
        try await finishWriting(&cursor)
        let hook = beforeCommit, hash = cursor.lastHash.hex, items = work
        cursor.writing = Task {
            try await connection.transaction { connection in
                for item in items { try Self.write(item, through: position, hash: hash, on: connection) }
                try hook(position)
            }
        }
        return true
    }

    /// Waits for the write in flight, if any, and rethrows its error.
    func finishWriting(_ cursor: inout FoldCursor) async throws {
        guard let writing = cursor.writing else { return }
        cursor.writing = nil
        try await writing.value
    }

    /// One read model's rows and checkpoint, inside the commit's transaction.
    private static func write(_ item: CommitWork, through position: Int64, hash: String, on connection: isolated PostgresConnection) throws {
        for statement in item.reset { try connection.execute(statement) }
        for statement in item.changes.statements { try connection.execute(statement) }
        let rendered = item.changes.renderedWhileWriting?() ?? []
        for copy in item.changes.copies + rendered where !copy.isEmpty { try copy.copy(into: connection) }
        try Checkpoints.advance(
            connection, name: item.name, version: item.version, from: item.expected, to: position, hash: hash,
            restarting: !item.reset.isEmpty)
    }
}
