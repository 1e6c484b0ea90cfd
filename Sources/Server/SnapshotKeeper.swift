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
/// A snapshot is a cache: one saved late or not at all costs a read a longer fold, never a wrong answer.
public final class SnapshotKeeper: Service, Sendable {
    let pool: ConnectionPool
    let logger: Logger
    let pause: Duration
    /// The position through which appended streams have been looked at.
    private let looked = Atomic<Int64>(0)

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

    /// One look: folds and saves the streams that are far enough past their snapshots; returns them.
    @discardableResult
    func keep() async throws -> [String] {
        let service = LedgerService(store: PostgresEventStore(pool: pool))
        let after = looked.load(ordering: .relaxed)
        let (streams, through) = try await pool.withLoginConnection { connection in
            let rows = try await connection.query("""
                WITH touched AS (
                    SELECT stream_id, max(stream_version) AS version FROM event_store.events
                    WHERE global_position > \(after) AND (stream_id LIKE 'fund-%' OR stream_id LIKE 'organisation-%')
                    GROUP BY stream_id),
                head AS (SELECT coalesce(max(global_position), \(after)) AS through FROM event_store.events WHERE global_position > \(after))
                SELECT due.stream_id, head.through FROM head LEFT JOIN LATERAL (
                    SELECT t.stream_id FROM touched t
                    LEFT JOIN event_store.state_snapshots s ON s.stream_id = t.stream_id AND s.format = \(LedgerState.snapshotFormat)
                    WHERE t.version - coalesce(s.stream_version, 0) >= \(service.snapshotInterval)) due ON true
                """)
            return (try rows.compactMap { try $0.decodeIfPresent(String.self, at: 0) }, try rows.first?.decode(Int64.self, at: 1) ?? after)
        }
        for stream in streams { _ = try await service.loadState(streams: [stream]) }
        looked.store(through, ordering: .relaxed)
        if !streams.isEmpty { logger.debug("state snapshots saved", metadata: ["streams": "\(streams.count)"]) }
        return streams
    }
}
