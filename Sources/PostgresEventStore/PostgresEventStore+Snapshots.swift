import EventStore
import Foundation
import Postgres

/// State snapshots in `event_store.state_snapshots` (schema/0011): the newest per stream and format.
extension PostgresEventStore: StateSnapshots {
    public func snapshot(of streamID: String, format: Int) async throws -> StateSnapshot? {
        try await pool.withConnection { connection in
            try await connection.query("""
                SELECT stream_version, last_event_id, state FROM event_store.state_snapshots
                WHERE stream_id = \(streamID) AND format = \(format)
                """).first.map { row in
                    StateSnapshot(
                        streamID: streamID, format: format, streamVersion: try row.decode(at: 0), lastEventID: try row.decode(at: 1),
                        state: try row.decode(PostgresBytes.self, at: 2).bytes)
                }
        }
    }

    /// Two writers saving at once keep the later version: the row is replaced only by a newer one.
    public func save(_ snapshot: StateSnapshot) async throws {
        _ = try await pool.withConnection { connection in
            try await connection.query("""
                INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state)
                VALUES (\(snapshot.streamID), \(snapshot.format), \(snapshot.streamVersion), \(snapshot.lastEventID),
                        \(PostgresBytes(snapshot.state)))
                ON CONFLICT (stream_id, format) DO UPDATE
                SET stream_version = EXCLUDED.stream_version, last_event_id = EXCLUDED.last_event_id,
                    state = EXCLUDED.state, saved_at = clock_timestamp()
                WHERE event_store.state_snapshots.stream_version < EXCLUDED.stream_version
                """)
        }
    }
}
