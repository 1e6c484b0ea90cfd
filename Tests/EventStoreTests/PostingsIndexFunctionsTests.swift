import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// Migration 0022 (and 0023)'s two functions run as the owner for the projector's login: what they let whom do.
@Suite("Postings index functions (migrations 0022 and 0023)", .serialized)
struct PostingsIndexFunctionsTests {
    /// The SQLSTATE `sql` fails with on `connection`; nil if it succeeds.
    static func failure(_ sql: String, on connection: PostgresConnection) async -> String? {
        await OrganisationChainsTests.sqlState { _ = try await connection.query(PostgresQuery(unsafeSQL: sql)) }
    }

    @Test("the indexes are dropped only from an empty table, only by a network login; any writer may put them back")
    func whoMayDoWhat() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.query("""
                INSERT INTO read_models.postings VALUES (1, 1, gen_random_uuid(), 'T', 'f', '2025-01-01', 2025, 'a', '1', NULL, NULL, 5, 'SEK', 1)
                """) }
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (login: String, connection: PostgresConnection) async throws in
                #expect(await Self.failure("SELECT read_models.suspend_postings_indexes()", on: connection) == "55000", "a table with rows")
                _ = try await db.withConnection { try await $0.query("DELETE FROM read_models.postings") }
                try await OrganisationAccess(pool: db.pool).grant(login: login, organisation: "A", role: .recorder)
                #expect(await Self.failure("SELECT read_models.suspend_postings_indexes()", on: connection) == "42501", "a restricted login")
                #expect(await Self.failure("DROP INDEX read_models.postings_fund_date", on: connection) == "42501", "and not directly")
                #expect(await Self.failure("SELECT read_models.restore_postings_indexes()", on: connection) == nil)
            }
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (_: String, connection: PostgresConnection) async throws in
                #expect(await Self.failure("SELECT read_models.suspend_postings_indexes()", on: connection) == nil, "a network writer, an empty table")
                #expect(try await connection.query("SELECT read_models.restore_postings_indexes()")[0].decode(Bool.self, at: 0))
                #expect(try await !connection.query("SELECT read_models.restore_postings_indexes()")[0].decode(Bool.self, at: 0), "nothing left to build")
            }
            // A primary key renamed by hand counts: the projector's every run would fail on a second one.
            try await db.withConnection { _ = try await $0.query("ALTER TABLE read_models.postings RENAME CONSTRAINT postings_pkey TO postings_by_line") }
            let built = try await db.withConnection { try await $0.query("SELECT read_models.restore_postings_indexes()") }
            #expect(try !built[0].decode(Bool.self, at: 0))
        }
    }
}
