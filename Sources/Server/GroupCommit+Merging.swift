import EventStore
import Foundation
import Postgres
import PostgresEventStore

/// A raw append waiting in the group-commit queue.
struct PendingAppend: Sendable {
    let events: [NewEvent]
    let expectations: [String: ExpectedVersion]
    /// The user it is recorded for (`recorded_by` `LOGIN/actor`); a run merges only one user's appends.
    var actor: String? = nil

    /// The append on its own (the path when it is not merged, or when a merged call failed).
    func run(on pool: ConnectionPool) async throws -> [AppendedEvent] {
        try await PostgresEventStore(pool: pool).append(events, expectations: expectations)
    }
}

/// Merging raw appends: one `append_events` call for a run of requests costs the database one lock, one
/// head read and one chain walk instead of one each, while every request keeps its own answer.
extension GroupCommitter {
    /// The batch's indices in runs: each run is either one request, or consecutive raw appends that one
    /// call can write with the same outcome as writing them one after another. A request's expected
    /// versions are checked against the log before the call, so a request may join a run only if no
    /// earlier request in it writes to a stream it expects a version of; event ids must not repeat (a
    /// retry of an earlier request's event is answered by `append_events` only when alone).
    static func runs(of appends: [PendingAppend?]) -> [[Int]] {
        var runs: [[Int]] = []
        var written: Set<String> = [], expected: Set<String> = [], ids: Set<UUID> = []
        var count = 0
        for (index, append) in appends.enumerated() {
            guard let append else {
                runs.append([index])
                written = []; expected = []; ids = []; count = 0
                continue
            }
            let streams = Set(append.events.map(\.streamID)), expects = Set(append.expectations.keys), eventIDs = Set(append.events.map(\.eventID))
            let previous = runs.last.flatMap { appends[$0[0]] }
            let joins = previous != nil && previous?.actor == append.actor && expects.isDisjoint(with: written)
                && expects.isDisjoint(with: expected) && eventIDs.isDisjoint(with: ids) && count + append.events.count <= AppendLimits.eventCountMax
            if joins {
                runs[runs.count - 1].append(index)
            } else {
                runs.append([index])
                written = []; expected = []; ids = []; count = 0
            }
            written.formUnion(streams); expected.formUnion(expects); ids.formUnion(eventIDs); count += append.events.count
        }
        return runs
    }

    /// Runs one run: alone in a savepoint, or merged into one append in a savepoint, each request getting
    /// its own events' positions back; if the merged call fails, each request again on its own.
    static func run(
        _ run: [(work: Work, actor: String?, append: PendingAppend?)], on connection: PostgresConnection, pinned: ConnectionPool
    ) async throws -> [Result<any Sendable, any Error>] {
        guard run.count > 1 else { return [try await runInSavepoint(run[0].work, actor: run[0].actor, on: connection, pinned: pinned)] }
        let appends = run.compactMap(\.append)
        let events = appends.flatMap(\.events)
        let expectations = appends.reduce(into: [String: ExpectedVersion]()) { $0.merge($1.expectations) { first, _ in first } }
        let merged = try await runInSavepoint({ pool in
            try await PostgresEventStore(pool: pool).append(events, expectations: expectations)
        }, actor: run[0].actor, on: connection, pinned: pinned)
        if case .success(let value) = merged, let appended = value as? [AppendedEvent], appended.count == events.count {
            var results: [Result<any Sendable, any Error>] = []
            var start = 0
            for append in appends {
                results.append(.success(Array(appended[start..<start + append.events.count])))
                start += append.events.count
            }
            return results
        }
        var results: [Result<any Sendable, any Error>] = []
        for item in run { results.append(try await runInSavepoint(item.work, actor: item.actor, on: connection, pinned: pinned)) }
        return results
    }
}
