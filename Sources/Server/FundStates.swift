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

    /// The fund streams this request may read, sorted by id: those whose first event (the fund's
    /// establishment) the request's identity may read, found by `event_store.readable_fund_streams()`
    /// (migration 0019), a loose index scan of the `(stream_id, stream_version)` index made as the owner, one
    /// probe per stream and one per fund stream. Made under row-level security instead, every probe would walk
    /// past the events of the streams a restricted user may not read: about a scan of the whole log.
    static func fundStreams(on pool: ConnectionPool) async throws -> [String] {
        try await pool.withConnection { try await fundStreams(on: $0) }
    }

    static func fundStreams(on connection: PostgresConnection) async throws -> [String] {
        try await connection.query("SELECT id FROM event_store.readable_fund_streams() AS streams(id) ORDER BY id")
            .map { try $0.decode(String.self, at: 0) }
    }
}
