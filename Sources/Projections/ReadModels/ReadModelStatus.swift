import EventStore
import Postgres

/// Where a read model stands against the log.
public struct ReadModelStatus: Sendable, Equatable {
    public var name: String
    /// The version of the code in this program.
    public var codeVersion: Int
    /// The version that wrote the stored rows (`nil`: never run).
    public var storedVersion: Int?
    /// Last position applied and committed.
    public var checkpoint: Int64
    /// The log's head.
    public var head: Int64
    /// Events not yet applied.
    public var lag: Int64 { head - checkpoint }
    /// MD5 over the model's tables' rows in a fixed order: equal checksums mean equal tables.
    public var checksum: String
    /// The next run rebuilds from scratch (never run, or the code version changed).
    public var needsRebuild: Bool { storedVersion != codeVersion }
}

extension ReadModelEngine {
    /// Every core read model's checkpoint, lag and checksum.
    public func status() async throws -> [ReadModelStatus] {
        let head = try await store.head().position
        return try await pool.withConnection { connection in
            let stored = try await Checkpoints.load(connection)
            var result: [ReadModelStatus] = []
            for model in CoreReadModels.all {
                result.append(ReadModelStatus(
                    name: model.name, codeVersion: model.version, storedVersion: stored[model.name]?.codeVersion,
                    checkpoint: stored[model.name]?.position ?? 0, head: head,
                    checksum: try await Self.checksum(of: model, connection)))
            }
            return result
        }
    }

    /// MD5 over each table's rows (as row text, sorted bytewise), then over those digests in table order.
    static func checksum(of model: any ReadModel, _ connection: PostgresConnection) async throws -> String {
        var digests: [String] = []
        for table in model.tables {
            let row = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) FROM \(table) t
                """))[0]
            digests.append(try row.decode(String.self, at: 0))
        }
        return try await connection.query("SELECT md5(\(digests.joined(separator: ":")))")[0].decode(String.self, at: 0)
    }
}
