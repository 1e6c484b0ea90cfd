import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// Migration 0015 at the SQL level: whom row-level security lets read what when a delegate (the server's
/// login) acts for a user, and what `append_events` lets a restricted identity write.
@Suite("Organisation access in SQL: identities, delegates and shared events", .serialized)
struct OrganisationAccessSQLTests {
    static let events = """
        {"events":[
          {"event_id":"00000000-0000-4000-8000-000000000001","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"},
          {"event_id":"00000000-0000-4000-8000-000000000002","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"B","metadata":{"shared_with":["A"]}},
          {"event_id":"00000000-0000-4000-8000-000000000003","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"B"},
          {"event_id":"00000000-0000-4000-8000-000000000004","stream_id":"network","event_type":"Noted","payload":{}}]}
        """

    /// The positions `connection` may read when acting for `user` ("" for itself).
    static func positions(_ connection: PostgresConnection, actingFor user: String) async throws -> [Int64] {
        try await connection.transaction { connection in
            _ = try connection.query("SELECT set_config('fundledger.acting_for', \(user), true)")
            return try connection.query("SELECT global_position FROM event_store.events ORDER BY 1").map { try $0.decode(Int64.self, at: 0) }
        }
    }

    static func grant(_ login: String, _ organisation: String, _ role: AccessRole, on db: TestDatabase) async throws {
        try await OrganisationAccess(pool: db.pool).grant(login: login, organisation: organisation, role: role)
    }

    @Test("a delegate reads as the user it acts for; a login and a user both restricted get what both were granted")
    func delegatesReadAsTheirUser() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.query("SELECT * FROM event_store.append_events(\(Self.events)::jsonb)") }
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                #expect(try await Self.positions(connection, actingFor: "") == [1, 2, 3, 4], "a network login reads everything")
                try await Self.grant("\(login)/anna", "A", .auditor, on: db)
                #expect(try await Self.positions(connection, actingFor: "anna") == [1, 2], "A's event and B's event shared with A")
                #expect(try await Self.positions(connection, actingFor: "bob") == [1, 2, 3, 4], "bob has no grant: a network user")
                try await Self.grant(login, "B", .recorder, on: db)
                #expect(try await Self.positions(connection, actingFor: "") == [2, 3])
                #expect(try await Self.positions(connection, actingFor: "bob") == [2, 3], "the login's restriction holds for its users")
                #expect(try await Self.positions(connection, actingFor: "anna") == [], "A ∩ B is nothing")
            }
        }
    }

    @Test("append_events: a restricted recorder writes only its organisation's events into its organisation's streams")
    func appendsAreChecked() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.query("SELECT * FROM event_store.append_events(\(Self.events)::jsonb)") }
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant(login, "A", .recorder, on: db)
                func append(_ stream: String, _ organisation: String?) async throws -> String? {
                    let event = #"{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"\#(stream)","event_type":"Noted","payload":{}\#(organisation.map { #","organisation_id":"\#($0)""# } ?? "")}"#
                    do {
                        _ = try await connection.query("SELECT * FROM event_store.append_events(\(#"{"events":[\#(event)]}"#)::jsonb)")
                        return nil
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(error)")
                        return error.message
                    }
                }
                #expect(try await append("a-1", "A") == nil)
                #expect(try await append("a-new", "A") == nil)
                #expect(try await append("b-1", "A")?.contains("stream b-1 belongs to organisation B") == true)
                #expect(try await append("network", "A")?.contains("stream network belongs to the network") == true)
                #expect(try await append("a-1", "B")?.contains("not for organisation B") == true)
                #expect(try await append("a-1", nil)?.contains("an event without an organisation") == true)
                try await Self.grant(login, "A", .auditor, on: db)
                #expect(try await append("a-1", "A")?.contains("records only for no organisation") == true, "an auditor grant records nothing")
            }
            #expect(try await db.store.head().eventCount == 6)
            #expect(try await db.store.verifyChain() == .verified(try await db.store.head()))
        }
    }

    @Test("only a delegate (the server's login) may touch the server's tables: no writer can make itself a session")
    func serverTablesBelongToDelegates() async throws {
        try await TestDatabase.withMigrated { db in
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (_: String, connection: PostgresConnection) async throws in
                for sql in ["SELECT count(*) FROM server.users", "SELECT count(*) FROM server.sessions",
                            "DELETE FROM server.sessions"] {
                    do {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql))
                        Issue.record("a plain writer ran \(sql)")
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(error)")
                    }
                }
            }
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (_: String, connection: PostgresConnection) async throws in
                #expect(try await connection.query("SELECT count(*) FROM server.users")[0].decode(Int64.self, at: 0) == 0)
                #expect(try await connection.query("SELECT count(*) FROM server.sessions")[0].decode(Int64.self, at: 0) == 0)
            }
        }
    }

    /// The snapshots `connection` may read when acting for `user`.
    static func snapshotStreams(_ connection: PostgresConnection, actingFor user: String) async throws -> [String] {
        try await connection.transaction { connection in
            _ = try connection.query("SELECT set_config('fundledger.acting_for', \(user), true)")
            return try connection.query("SELECT stream_id FROM event_store.state_snapshots ORDER BY 1").map { try $0.decode(String.self, at: 0) }
        }
    }

    @Test("migration 0018: a snapshot is read only by an identity that may read every event it folds")
    func snapshotsNeedEveryEventReadable() async throws {
        try await TestDatabase.withMigrated { db in
            // a-1 holds an event of B between A's (appended by the network login); a-3 one of B shared with A.
            let events = """
                {"events":[
                  {"event_id":"00000000-0000-4000-8000-000000000011","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000012","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"B"},
                  {"event_id":"00000000-0000-4000-8000-000000000013","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000014","stream_id":"a-2","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000015","stream_id":"a-3","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000016","stream_id":"a-3","event_type":"Noted","payload":{},"organisation_id":"B","metadata":{"shared_with":["A"]}}]}
                """
            try await db.withConnection { admin in
                _ = try await admin.query("SELECT * FROM event_store.append_events(\(events)::jsonb)")
                try await admin.executeScript(unsafeSQL: """
                    INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state)
                    SELECT DISTINCT ON (stream_id) stream_id, 1, stream_version, event_id, '\\x00'
                    FROM event_store.events ORDER BY stream_id, stream_version DESC
                    """)
            }
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/anna", "A", .auditor, on: db)
                try await Self.grant("\(login)/rita", "A", .recorder, on: db)
                #expect(try await Self.snapshotStreams(connection, actingFor: "") == ["a-1", "a-2", "a-3"], "a network identity reads every snapshot")
                #expect(try await Self.snapshotStreams(connection, actingFor: "anna") == ["a-2", "a-3"], "a-1 folds an event of B that anna may not read")
                #expect(try await Self.snapshotStreams(connection, actingFor: "rita") == ["a-2", "a-3"], "so does a recorder of A")
            }
        }
    }
}
