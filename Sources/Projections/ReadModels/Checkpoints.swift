import Postgres

/// A read model's stored checkpoint.
public struct StoredCheckpoint: Sendable, Equatable {
    public var name: String
    public var codeVersion: Int
    public var position: Int64
    public var hash: String
}

/// `read_models.projection_checkpoints`: read, and moved forward only from the value a run started with.
enum Checkpoints {
    static func load(_ connection: PostgresConnection) async throws -> [String: StoredCheckpoint] {
        let rows = try await connection.query(
            "SELECT projection, code_version, position, hash FROM read_models.projection_checkpoints")
        var result: [String: StoredCheckpoint] = [:]
        for row in rows {
            let checkpoint = StoredCheckpoint(
                name: try row.decode(at: 0), codeVersion: Int(try row.decode(Int64.self, at: 1)), position: try row.decode(at: 2),
                hash: try row.decode(at: 3))
            result[checkpoint.name] = checkpoint
        }
        return result
    }

    /// Moves `name` from `expected` to `position`. Without a restart the stored position must still be
    /// `expected`: anything else means a second writer, and the whole transaction rolls back.
    static func advance(
        _ connection: isolated PostgresConnection, name: String, version: Int, from expected: Int64, to position: Int64,
        hash: String, restarting: Bool
    ) throws {
        if restarting {
            try connection.execute("""
                INSERT INTO read_models.projection_checkpoints (projection, code_version, position, hash, updated_at)
                VALUES (\(name), \(version), \(position), \(hash), now())
                ON CONFLICT (projection) DO UPDATE SET code_version = excluded.code_version, position = excluded.position,
                    hash = excluded.hash, updated_at = now()
                """)
            return
        }
        let updated = try connection.execute("""
            UPDATE read_models.projection_checkpoints SET position = \(position), hash = \(hash), updated_at = now()
            WHERE projection = \(name) AND position = \(expected) AND code_version = \(version)
            """)
        guard updated == 1 else { throw ReadModelError.checkpointMoved(name: name, expected: expected) }
    }
}
