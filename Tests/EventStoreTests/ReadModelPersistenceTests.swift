import Postgres
import Testing
import TestSupport

/// Migration 0024: every table of schema `read_models` is UNLOGGED, the checkpoints with the rows, and the
/// log's tables are not. A crash empties unlogged tables only, so a read-model table left logged would keep
/// its rows without their checkpoint, and a logged checkpoint would claim rows a crash took
/// (`ReadModelCrashTests` crashes a real server).
@Suite("Read models unlogged (migration 0024)")
struct ReadModelPersistenceTests {
    /// Each ordinary table of `schema` with its persistence (`p` logged, `u` unlogged).
    static func persistence(_ schema: String, _ db: TestDatabase) async throws -> [String: String] {
        let rows = try await db.withConnection { try await $0.query("""
            SELECT relname::text, relpersistence::text FROM pg_catalog.pg_class
            WHERE relnamespace = \(schema)::regnamespace AND relkind IN ('r', 'p')
            """) }
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) })
    }

    @Test("the read models and their checkpoints are unlogged; the log, users and snapshots are logged")
    func onlyDerivedTablesAreUnlogged() async throws {
        try await TestDatabase.withMigrated { db in
            let readModels = try await Self.persistence("read_models", db)
            #expect(readModels["projection_checkpoints"] == "u" && readModels["postings"] == "u" && readModels.count >= 6, "\(readModels)")
            #expect(readModels.values.allSatisfy { $0 == "u" }, "\(readModels)")
            let log = try await Self.persistence("event_store", db)
            #expect(log["events"] == "p" && log["state_snapshots"] == "p", "\(log)")
            #expect(log.values.allSatisfy { $0 == "p" }, "\(log)")
        }
    }
}
