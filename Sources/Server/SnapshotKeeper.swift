import Foundation
import FundLedger
import Logging
import Postgres
import PostgresEventStore
import ServiceLifecycle
import Synchronization

/// Keeps every stream's state snapshot (docs/ledger-model.md, "State snapshots") near its head, so that
/// `/v1/funds` and the web view fold a short tail per fund however long the log. Reads run under the
/// read-only role and cannot save snapshots; commands save those of the streams they fold, but raw appends
/// and writers outside the server do not. So this service, as the server's own login, looks once a
/// `pause` at the ledger's streams (funds and organisations: what `FundStates` folds) appended to since its
/// last look and folds (and saves) each that has `LedgerService.snapshotInterval` or more events after its
/// snapshot; other streams (raw appends of other kinds) have no ledger state to keep. At start it looks at
/// the whole log.
///
/// A save can fail without a word (the fold keeps its state for the next command and swallows the error),
/// so after folding the keeper reads back each stream's snapshot: a stream still that far behind is tried
/// again at the next pass whether or not anything is appended to it, then after 2, 4, 8 … passes (at most
/// `longestWaitPasses`) while it keeps failing — a save the database always refuses costs a fold a minute,
/// not one a second — and logged once, when it starts failing, with its name and versions, never an
/// error's text or the login's conninfo. An append to the stream makes it due at once, as any stream.
/// A snapshot is a cache: one saved late or not at all costs a read a longer fold, never a wrong answer.
public final class SnapshotKeeper: Service, Sendable {
    let pool: ConnectionPool
    let logger: Logger
    let pause: Duration
    /// The position through which appended streams have been looked at.
    private let looked = Atomic<Int64>(0)
    /// The streams whose snapshot could not be saved: how many passes in a row failed, and the pass at which
    /// each is tried again.
    private let failing = Mutex<[String: (failures: Int, atPass: Int)]>([:])
    private let passes = Atomic<Int>(0)
    /// The longest wait between two tries of a save that keeps failing.
    static let longestWaitPasses = 64

    public init(pool: ConnectionPool, pause: Duration = .seconds(1), logger: Logger = Logger(label: "fundledger.snapshot-keeper")) {
        self.pool = pool
        self.pause = pause
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await self.keep()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("could not bring the state snapshots up to date; trying again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.pause)
            }
        }
    }

    /// One look: folds the streams that are far enough past their snapshots (those appended to since the
    /// last look, and those whose save failed at it) and returns the ones whose snapshots are now saved.
    @discardableResult
    func keep() async throws -> [String] {
        let service = LedgerService(store: PostgresEventStore(pool: pool))
        let after = looked.load(ordering: .relaxed)
        let pass = passes.add(1, ordering: .relaxed).newValue
        let waiting = failing.withLock { $0 }
        let retried = Set(waiting.filter { $0.value.atPass <= pass }.keys)
        let (due, through) = try await dueStreams(after: after, retrying: retried, interval: service.snapshotInterval)
        var unsaved: [String: String] = [:]
        for (stream, _) in due {
            do {
                _ = try await service.loadState(streams: [stream])
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                unsaved[stream] = "the fold failed (\(Self.kind(of: error)))"
            }
        }
        let saved = try await snapshotVersions(of: due.map(\.stream))
        for (stream, version) in due where unsaved[stream] == nil && saved[stream] ?? 0 < version {
            unsaved[stream] = "the save failed (snapshot at version \(saved[stream] ?? 0), stream at \(version))"
        }
        looked.store(through, ordering: .relaxed)
        let tried = Set(due.map(\.stream))
        failing.withLock { failing in
            failing = waiting.filter { !tried.contains($0.key) }  // still waiting for their turn
            for stream in unsaved.keys {
                let failures = (waiting[stream]?.failures ?? 0) + 1
                failing[stream] = (failures, pass + min(1 << min(failures - 1, 16), Self.longestWaitPasses))
            }
        }
        report(unsaved, wasFailing: Set(waiting.keys))
        let kept = due.map(\.stream).filter { unsaved[$0] == nil }
        if !kept.isEmpty { logger.debug("state snapshots saved", metadata: ["streams": "\(kept.count)"]) }
        return kept
    }

    /// The ledger streams appended to after `after`, and those in `retrying`, that are `interval` or more
    /// events past their snapshots, with their versions; and the position looked through.
    private func dueStreams(after: Int64, retrying: Set<String>, interval: Int) async throws -> (due: [(stream: String, version: Int64)], through: Int64) {
        let retried = String(decoding: try JSONEncoder().encode(retrying.sorted()), as: UTF8.self)
        return try await pool.withLoginConnection { connection in
            let rows = try await connection.query("""
                WITH touched AS (
                    SELECT stream_id, max(version) AS version FROM (
                        SELECT stream_id, max(stream_version) AS version FROM event_store.events
                        WHERE global_position > \(after) AND (stream_id LIKE 'fund-%' OR stream_id LIKE 'organisation-%')
                        GROUP BY stream_id
                        UNION ALL
                        SELECT r.stream_id, (SELECT max(e.stream_version) FROM event_store.events e WHERE e.stream_id = r.stream_id)
                        FROM jsonb_array_elements_text(\(retried)::jsonb) AS r(stream_id)) candidates
                    GROUP BY stream_id),
                head AS (SELECT coalesce(max(global_position), \(after)) AS through FROM event_store.events WHERE global_position > \(after))
                SELECT due.stream_id, due.version, head.through FROM head LEFT JOIN LATERAL (
                    SELECT t.stream_id, t.version FROM touched t
                    LEFT JOIN event_store.state_snapshots s ON s.stream_id = t.stream_id AND s.format = \(LedgerState.snapshotFormat)
                    WHERE t.version - coalesce(s.stream_version, 0) >= \(interval)) due ON true
                ORDER BY due.stream_id
                """)
            let due = try rows.compactMap { row in
                try row.decodeIfPresent(String.self, at: 0).map { (stream: $0, version: try row.decode(Int64.self, at: 1)) }
            }
            return (due, try rows.first?.decode(Int64.self, at: 2) ?? after)
        }
    }

    /// The version of each of `streams`' ledger snapshots, read back after the folds that should have saved them.
    private func snapshotVersions(of streams: [String]) async throws -> [String: Int64] {
        guard !streams.isEmpty else { return [:] }
        let names = String(decoding: try JSONEncoder().encode(streams), as: UTF8.self)
        return try await pool.withLoginConnection { connection in
            var versions: [String: Int64] = [:]
            for row in try await connection.query("""
                SELECT stream_id, stream_version FROM event_store.state_snapshots
                WHERE format = \(LedgerState.snapshotFormat) AND stream_id IN (SELECT jsonb_array_elements_text(\(names)::jsonb))
                """) {
                versions[try row.decode(String.self, at: 0)] = try row.decode(Int64.self, at: 1)
            }
            return versions
        }
    }

    /// Logs the streams that started failing at this pass (once, not at every pass they keep failing), and
    /// those that were failing and are saved now.
    private func report(_ unsaved: [String: String], wasFailing: Set<String>) {
        let started = unsaved.keys.filter { !wasFailing.contains($0) }.sorted()
        if !started.isEmpty {
            logger.warning("could not save the state snapshots of \(started.count) stream(s); trying again at the next pass, then less and less often", metadata: [
                "streams": "\(started.prefix(10).map { "\($0): \(unsaved[$0]!)" }.joined(separator: "; "))\(started.count > 10 ? "; …" : "")",
            ])
        }
        let recovered = wasFailing.subtracting(unsaved.keys)
        if !recovered.isEmpty {
            logger.notice("state snapshots saved again, or no longer due", metadata: ["streams": "\(recovered.sorted().prefix(10).joined(separator: ", "))"])
        }
    }

    /// What kind of error it was, without its text (which may carry a database's or a connection's details).
    static func kind(of error: any Error) -> String {
        (error as? PostgresError).flatMap { $0.sqlState.map { "SQLSTATE \($0)" } } ?? String(describing: type(of: error))
    }
}
