import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// Migration 0016: extending the Merkle tree reads siblings by key even when the statistics say the tree is
/// empty (a fresh database after VACUUM ANALYZE), where a cached plan used to scan the whole table for each
/// lookup and made the extension quadratic (docs/scaling.md).
@Suite struct MerkleExtensionPlanTests {
    @Test("after VACUUM ANALYZE of an empty tree, extending it scans merkle_nodes sequentially not once per lookup")
    func extendingReadsByKeyAfterAnalyze() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { connection in
                // One statement each: a multi-statement script runs as one transaction, where VACUUM may not.
                try await connection.executeScript(unsafeSQL: "VACUUM ANALYZE event_store.merkle_nodes")
                try await connection.executeScript(unsafeSQL: "VACUUM ANALYZE event_store.events")
                _ = try await connection.query("""
                    SELECT * FROM event_store.append_events((SELECT jsonb_build_object('events', jsonb_agg(jsonb_build_object(
                        'event_id', gen_random_uuid(), 'stream_id', 's-' || g, 'event_type', 'Noted', 'payload', '{}'::jsonb)))
                        FROM generate_series(1, 600) g))
                    """)
                let scans = try await connection.transaction { connection in
                    _ = try connection.query("SELECT event_store.extend_merkle_tree()")
                    return try connection.query(
                        "SELECT coalesce(sum(seq_scan), 0)::bigint FROM pg_stat_xact_user_tables WHERE relname = 'merkle_nodes'"
                    )[0].decode(Int64.self, at: 0)
                }
                #expect(scans == 0, "\(scans) sequential scans of merkle_nodes for 600 events (about one per sibling lookup without 0016)")
            }
            let proof = try await db.store.inclusionProof(position: 17, treeSize: 600)
            #expect(!proof.auditPath.isEmpty)
        }
    }
}
