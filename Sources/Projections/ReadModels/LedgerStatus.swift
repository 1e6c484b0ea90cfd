import EventStore
import Postgres
import PostgresEventStore

/// What `fundledger status` shows of a database: the log's head, the schema version, the organisations a
/// restricted login reads, and each read model's checkpoint, lag and checksum.
public struct LedgerStatus: Sendable, Equatable {
    public var head: LedgerHead
    public var schemaVersion: Int
    /// The organisations this login may read, or nil for a network login (docs/access.md).
    public var readableOrganisations: [String]?
    /// Empty before the read models' migration (0005).
    public var readModels: [ReadModelStatus]

    public init(head: LedgerHead, schemaVersion: Int, readableOrganisations: [String]?, readModels: [ReadModelStatus]) {
        self.head = head
        self.schemaVersion = schemaVersion
        self.readableOrganisations = readableOrganisations
        self.readModels = readModels
    }

    /// Reads the status through `pool`.
    public static func load(_ pool: ConnectionPool) async throws -> LedgerStatus {
        let version = try await pool.withConnection { connection in
            try await connection.query("SELECT coalesce(max(version), 0) FROM public.fundledger_migrations")[0].decode(Int.self, at: 0)
        }
        let store = PostgresEventStore(pool: pool)
        return LedgerStatus(
            head: try await store.head(), schemaVersion: version, readableOrganisations: try await store.readableOrganisations(),
            readModels: version >= 5 ? try await ReadModelEngine(pool: pool).status() : [])
    }

    /// `status --json`: one object, keys in a fixed order.
    public var json: String {
        let models = readModels.map { model in
            "{\"name\":\(JSONText.quote(model.name)),\"code_version\":\(model.codeVersion),\"stored_version\":\(model.storedVersion.map(String.init) ?? "null"),\"checkpoint\":\(model.checkpoint),\"lag\":\(model.lag),\"checksum\":\"\(model.checksum)\"}"
        }
        let readable = readableOrganisations.map { "[" + $0.map(JSONText.quote).joined(separator: ",") + "]" } ?? "null"
        return "{\"head_position\":\(head.position),\"head_hash\":\"\(head.hash.hex)\",\"event_count\":\(head.eventCount),\"schema_version\":\(schemaVersion),\"readable_organisations\":\(readable),\"read_models\":[\(models.joined(separator: ","))]}"
    }
}
