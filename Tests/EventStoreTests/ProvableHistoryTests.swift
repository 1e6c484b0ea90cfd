import EventStore
import Foundation
import Postgres
import PostgresEventStore
import TestSupport
import Testing

/// Who recorded each event, taken from the database login (`recorded_by`), and the canonical form v2
/// that covers it: no writer can forge it, version-1 events keep their bytes, and NULL differs from ''.
@Suite("Provable history: recorded_by and canonical v2", .serialized)
struct ProvableHistoryTests {
    @Test("recorded_by is the login that called append_events, by every path a writer has")
    func aWriterCannotForgeRecordedBy() async throws {
        try await TestDatabase.withMigrated { db in
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let clerk = "fl_clerk_\(suffix)", other = "fl_other_\(suffix)"
            try await db.withConnection { admin in
                try await admin.executeScript(unsafeSQL: """
                    CREATE ROLE \(other) NOLOGIN IN ROLE fundledger_writer;
                    CREATE ROLE \(clerk) LOGIN PASSWORD 'clerk' IN ROLE fundledger_writer, \(other);
                    """)
            }
            defer { Task { try? await TestServer.admin { try await $0.executeScript(unsafeSQL: "DROP ROLE IF EXISTS \(clerk); DROP ROLE IF EXISTS \(other)") } } }
            var options = try ConnectionString.parse(db.conninfo)
            options["user"] = clerk
            options["password"] = "clerk"
            let connection = try await PostgresConnection(conninfo: ConnectionString.render(options))
            try await closing(connection) { connection in
                // A batch that names a recorder, at the top and in the event, is recorded as the login.
                let forged = #"{"recorded_by":"revisor","events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"s","event_type":"T","payload":{},"recorded_by":"revisor","canonical_version":1}]}"#
                _ = try await connection.query("SELECT * FROM event_store.append_events(\(forged)::jsonb)")
                // Under another role the session user is still the login.
                try await connection.executeScript(unsafeSQL: "SET ROLE \(other)")
                _ = try await connection.query("SELECT * FROM event_store.append_events(\(Self.batch(stream: "s2"))::jsonb)")
                try await connection.executeScript(unsafeSQL: "RESET ROLE")
                for (what, sql) in [
                    ("SET SESSION AUTHORIZATION", "SET SESSION AUTHORIZATION postgres"),
                    ("INSERT", "INSERT INTO event_store.events (global_position, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, effective_date, prev_hash, hash, canonical_version, recorded_by) SELECT 3, 'x', 1, gen_random_uuid(), 'T', 1, '{}', '{}', now(), current_date, hash, hash, 2, 'revisor' FROM event_store.events WHERE global_position = 2"),
                    ("UPDATE", "UPDATE event_store.events SET recorded_by = 'revisor'"),
                    ("append_rows", "SELECT * FROM event_store.append_rows(\(Self.batch(stream: "s3"))::jsonb)"),
                    ("restore_events", "SELECT event_store.restore_events('[]'::jsonb)"),
                ] {
                    await #expect(throws: PostgresError.self, "\(what) must be refused") { try await connection.executeScript(unsafeSQL: sql) }
                }
            }
            let events = try await db.store.readAll(after: 0, limit: 10)
            #expect(events.map(\.recordedBy) == [clerk, clerk])
            #expect(events.map(\.canonicalVersion) == [2, 2])
            #expect(events.first?.payload == "{}")
            guard case .verified(let head) = try await db.store.verifyChain() else {
                Issue.record("the chain must verify")
                return
            }
            #expect(head.position == 2)
        }
    }

    @Test("events stored before migration 8 keep their bytes and verify as v1; later ones are v2; the export restores both")
    func versionOneEventsSurviveTheMigration() async throws {
        try await TestDatabase.withEmpty { db in
            let all = try TestServer.migrator()
            let before = Migrator(migrations: all.migrations.filter { $0.version < 8 })
            try await db.withConnection { _ = try await before.migrate(on: $0) }
            _ = try await db.store.append([testEvent("old", organisation: "212000-0886"), testEvent("old")], expectations: [:])
            let storedBefore = try await Self.storedRows(db)
            try await db.withConnection { _ = try await all.migrate(on: $0) }
            #expect(try await Self.storedRows(db) == storedBefore)
            let old = try await db.store.readAll(after: 0, limit: 10)
            #expect(old.map(\.canonicalVersion) == [1, 1] && old.allSatisfy { $0.recordedBy == nil })
            _ = try await db.store.append([testEvent("new", organisation: "212000-0886"), testEvent("new")], expectations: [:])
            let new = try await db.store.readAll(after: 2, limit: 10)
            #expect(new.map(\.canonicalVersion) == [2, 2])
            #expect(new.allSatisfy { $0.recordedBy?.isEmpty == false })
            guard case .verified(let head) = try await db.store.verifyChain() else {
                Issue.record("a log of v1 and v2 events must verify")
                return
            }
            var lines: [String] = []
            try await LedgerExport.write(from: db.store, exportedAt: Timestamp(microsecondsSinceEpoch: 0)) { lines.append($0) }
            let text = lines.joined(separator: "\n") + "\n"
            #expect(!lines[1].contains("recorded_by") && lines[3].contains(#""canonical_version":2"#))
            let verified = try LedgerExport.readVerified(Data(text.utf8))
            #expect(verified.header.formatVersion == 2)
            let printed = try Self.pythonVerifies(text)
            #expect(printed == "OK: 4 events, head position 4, head hash \(head.hash.hex)\n")
            try await TestDatabase.withMigrated { copy in
                #expect(try await LedgerExport.restore(lines: verified.lines, into: copy.pool) == 4)
                let restored = try await copy.store.readAll(after: 0, limit: 10)
                let original = try await db.store.readAll(after: 0, limit: 10)
                #expect(restored == original)
            }
        }
    }

    @Test("v2 tells a NULL organisation from an empty one; v1 did not")
    func nullAndEmptyDifferInVersionTwoOnly() {
        var event = RecordedEvent(
            globalPosition: 1, streamID: "s", streamVersion: 1, eventID: UUID(), eventType: "T", schemaVersion: 1,
            payload: "{}", metadata: "{}", recordedAt: Timestamp(microsecondsSinceEpoch: 0),
            effectiveDate: CivilDate("2026-01-01")!, organisationID: nil, previousHash: .zero, hash: .zero,
            canonicalVersion: 1)
        var empty = event
        empty.organisationID = ""
        #expect(HashChain.canonicalBytes(of: event) == HashChain.canonicalBytes(of: empty))
        event.canonicalVersion = 2
        event.recordedBy = "clerk"
        empty.canonicalVersion = 2
        empty.recordedBy = "clerk"
        #expect(HashChain.canonicalBytes(of: event) != HashChain.canonicalBytes(of: empty))
        #expect(HashChain.canonicalBytes(of: event).suffix(4 + (4 + 2) + (4 + 2) + (4 + 5)).prefix(4) == [0xff, 0xff, 0xff, 0xff])
    }

    @Test("docs/verification.md's worked example: the same event as v1 and as v2, recorded by ekonomi_anna")
    func workedExample() throws {
        var event = RecordedEvent(
            globalPosition: 1, streamID: "fund-1", streamVersion: 1, eventID: try #require(UUID(uuidString: "0190a1b2-c3d4-7e5f-8a9b-000000000001")),
            eventType: "FundCreated", schemaVersion: 1, payload: #"{"name": "Välfärd"}"#, metadata: "{}",
            recordedAt: try #require(Timestamp("2024-03-01T10:15:31.123456Z")), effectiveDate: try #require(CivilDate("2024-03-01")),
            organisationID: nil, previousHash: .zero, hash: .zero, canonicalVersion: 1)
        #expect(HashChain.canonicalBytes(of: event).count == 183)
        #expect(HashChain.hash(of: event, after: .zero).hex == "2b34c223aa753ec948de9b47d1ed3ac37b8bf76c8064cf2750a2458b6bad077c")
        event.canonicalVersion = 2
        event.recordedBy = "ekonomi_anna"
        #expect(HashChain.canonicalBytes(of: event).count == 199)
        #expect(HashChain.hash(of: event, after: .zero).hex == "f88c81c92884105b1842ada89fdd6cc5de83db4fe8821760ead387df20260377")
        event.organisationID = ""
        #expect(HashChain.hash(of: event, after: .zero).hex == "75bc868b653f16612e1100a65199da2267bd9efb26d18ad8f6fdb1011d69ae91")
    }

    @Test("a superuser who swaps a v2 event's NULL organisation for '' (dropping the CHECK) is caught by verify")
    func swappingNullForEmptyIsDetected() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await db.store.append([testEvent("s"), testEvent("s")], expectations: [:])
            try await db.withConnection { admin in
                try await admin.executeScript(unsafeSQL: """
                    ALTER TABLE event_store.events DISABLE TRIGGER USER;
                    ALTER TABLE event_store.events DROP CONSTRAINT events_organisation_id_check;
                    UPDATE event_store.events SET organisation_id = '' WHERE global_position = 2;
                    """)
            }
            guard case .broken(let failure) = try await db.store.verifyChain() else {
                Issue.record("verify must catch the swap")
                return
            }
            #expect(failure.position == 2)
        }
    }

    /// Every stored row as text, column by column, read without the columns migration 8 adds.
    private static func storedRows(_ db: TestDatabase) async throws -> [String] {
        try await db.withConnection { connection in
            try await connection.query("SELECT (global_position, stream_id, event_id, payload, metadata, recorded_at, organisation_id, encode(prev_hash, 'hex'), encode(hash, 'hex'))::text FROM event_store.events ORDER BY global_position")
                .map { try $0.decode(String.self, at: 0) }
        }
    }

    private static func batch(stream: String) -> String {
        #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"\#(stream)","event_type":"T","payload":{}}]}"#
    }

    /// What `tools/verify_export.py` prints for `export`, which must exit 0.
    private static func pythonVerifies(_ export: String) throws -> String {
        let (status, output) = try runPythonVerifier(export)
        #expect(status == 0, "\(output)")
        return output
    }
}
