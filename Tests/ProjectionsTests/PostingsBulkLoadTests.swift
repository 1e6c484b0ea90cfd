import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Projections
import Testing
import TestSupport

/// A rebuild from scratch loads `read_models.postings` without its indexes and builds them when it has
/// caught up (schema/0022); whatever happens in between, the next run puts them back before it writes.
@Suite("Postings loaded before their indexes")
struct PostingsBulkLoadTests {
    /// The postings indexes that exist now.
    static func indexes(_ db: TestDatabase) async throws -> Set<String> {
        Set(try await db.withConnection {
            try await $0.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'read_models' AND tablename = 'postings'")
        }.map { try $0.decode(String.self, at: 0) })
    }

    static let all: Set<String> = ["postings_pkey", "postings_fund_date"]

    @Test("a rebuild from scratch ends with both indexes; one that failed half-way leaves them to the next run, which equals a rebuild")
    func indexesComeBack() async throws {
        try await TestDatabase.withMigrated { db in
            try await SyntheticLedger(seed: 17, funds: 2, initiativesPerFund: 8).append(to: db.store)
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 23)
            try await engine.run(ReadModelRun(commitEveryEvents: 40))
            #expect(try await Self.indexes(db) == Self.all)
            let built = try await ReadModelTests.checksums(engine)

            struct InjectedCrash: Error {}
            let crashing = ReadModelEngine(pool: db.pool, readBatchEvents: 23) { position in
                if position > 40 { throw InjectedCrash() }
            }
            await #expect(throws: InjectedCrash.self) { try await crashing.run(ReadModelRun(rebuildFrom: 1, commitEveryEvents: 40)) }
            #expect(try await Self.indexes(db).isEmpty, "the first commit emptied the table and dropped its indexes")
            // A run that goes on from the checkpoint builds them before it writes, even if it then fails too, and
            // even if it was asked for another read model.
            await #expect(throws: InjectedCrash.self) {
                try await crashing.run(ReadModelRun(names: ["balances"], rebuildFrom: 1, commitEveryEvents: 40))
            }
            #expect(try await Self.indexes(db) == Self.all)

            try await engine.run(ReadModelRun(commitEveryEvents: 40))
            #expect(try await Self.indexes(db) == Self.all)
            #expect(try await ReadModelTests.checksums(engine) == built)
            let duplicates = try await db.withConnection { try await $0.query(
                "SELECT count(*) FROM (SELECT 1 FROM read_models.postings GROUP BY global_position, line HAVING count(*) > 1) d") }
            #expect(try duplicates[0].decode(Int64.self, at: 0) == 0)
        }
    }

    @Test("a run that continues from its checkpoints leaves the indexes alone")
    func continuingKeepsIndexes() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 18, funds: 2, initiativesPerFund: 6).events()
            _ = try await db.store.append(Array(events[..<100]), expectations: [:])
            let engine = ReadModelEngine(pool: db.pool)
            try await engine.run(ReadModelRun())
            let before = try await db.withConnection { try await $0.query(
                "SELECT 'read_models.postings_fund_date'::regclass::oid::bigint") }[0].decode(Int64.self, at: 0)
            _ = try await db.store.append(Array(events[100...]), expectations: [:])
            try await engine.run(ReadModelRun())
            let after = try await db.withConnection { try await $0.query(
                "SELECT 'read_models.postings_fund_date'::regclass::oid::bigint") }[0].decode(Int64.self, at: 0)
            #expect(before == after, "the same index, not one built again")
        }
    }
}
