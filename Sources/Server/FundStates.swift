import EventStore
import FundLedger
import Postgres
import PostgresEventStore

/// Funds' current states for `/v1/funds`, a fund's initiatives and the web view's pages: each fund stream
/// from its newest state snapshot plus the events after it (docs/ledger-model.md, "State snapshots"), as
/// a command reads it — not a fold of the whole log per request. Streams fold independently, so the answer
/// is the full fold's (`FundStatesTests`); row-level security applies to every read, snapshots included.
/// `SnapshotKeeper` keeps the snapshots near the head, so a request folds a short tail.
struct FundStates: Sendable {
    let pool: ConnectionPool

    private var service: LedgerService { LedgerService(store: PostgresEventStore(pool: pool)) }

    /// Every fund this request may read, sorted by id.
    func all() async throws -> [FundState] {
        let streams = try await Self.fundStreams(on: pool)
        guard !streams.isEmpty else { return [] }
        return try await service.loadState(streams: streams).state.funds.values.sorted { $0.id < $1.id }
    }

    /// One fund; nil when it does not exist (or this request may not read it).
    func fund(_ id: String) async throws -> FundState? {
        try await service.loadState(streams: [LedgerStreams.fund(id)]).state.funds[id]
    }

    /// The fund streams with an event this request may read: a loose index scan of the
    /// `(stream_id, stream_version)` index, one probe per stream rather than a look at every event.
    static func fundStreams(on pool: ConnectionPool) async throws -> [String] {
        try await pool.withConnection { connection in
            try await connection.query("""
                WITH RECURSIVE streams(id) AS (
                    SELECT (SELECT min(stream_id) FROM event_store.events)
                    UNION ALL
                    SELECT (SELECT min(e.stream_id) FROM event_store.events e WHERE e.stream_id > streams.id)
                    FROM streams WHERE streams.id IS NOT NULL)
                SELECT id FROM streams WHERE id LIKE 'fund-%'
                """).map { try $0.decode(String.self, at: 0) }
        }
    }
}
