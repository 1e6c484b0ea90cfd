import EventStore
import Foundation
import Postgres

extension LedgerExport {
    /// Restores a verified export into an empty PostgreSQL store in one transaction, as the owner role:
    /// the database checks every row's chain link again as it inserts. All or nothing.
    public static func restore(lines: [String], into pool: ConnectionPool, batchSize: Int = 500) async throws -> Int64 {
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                let count = try connection.query("SELECT count(*) FROM event_store.events")[0].decode(Int64.self, at: 0)
                guard count == 0 else { throw LedgerExportError.targetNotEmpty(eventCount: count) }
                var position: Int64 = 0
                var start = 0
                while start < lines.count {
                    let end = min(lines.count, start + batchSize)
                    let batch = "[" + lines[start..<end].joined(separator: ",") + "]"
                    position = try connection.query("SELECT event_store.restore_events(\(batch)::jsonb)")[0]
                        .decode(Int64.self, at: 0)
                    start = end
                }
                return position
            }
        }
    }
}
