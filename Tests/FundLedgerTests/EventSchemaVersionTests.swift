import Foundation
import Postgres
import Testing
import TestSupport

@testable import FundLedger

/// Migration 0028 bounds the schema versions a restricted recorder may write in the ledger's streams; a
/// release that raises an event type's schema version must raise the bound in its own migration.
@Suite struct EventSchemaVersionTests {
    @Test func theDatabaseBoundIsTheProgramsNewestEventSchemaVersion() async throws {
        let newest = try #require(LedgerEvent.types.values.map { $0.schemaVersion }.max())
        try await TestDatabase.withMigrated { db in
            let bound = try await db.withConnection { try await $0.query("SELECT event_store.event_schema_version_max()")[0].decode(Int.self, at: 0) }
            #expect(bound == newest, "raise event_schema_version_max() in a migration to \(newest)")
        }
    }
}
