import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// Migration 0014: a login in `fundledger_delegate` (the server's) records `LOGIN/user` for the user it acts
/// for; any other login that names someone is refused, so no login can name anyone but itself.
@Suite("Recording on behalf of a user: fundledger.acting_for", .serialized)
struct DelegatedRecordingTests {
    /// Runs `body` on a new login in `fundledger_writer` (and `fundledger_delegate` when `delegate`).
    static func asLogin(delegate: Bool, _ db: TestDatabase, _ body: (String, PostgresConnection) async throws -> Void) async throws {
        let login = "fl_srv_\(UUID().uuidString.prefix(8).lowercased())"
        try await db.withConnection { admin in
            try await admin.executeScript(unsafeSQL: "CREATE ROLE \(login) LOGIN PASSWORD 'srv' IN ROLE fundledger_writer\(delegate ? ", fundledger_delegate" : "")")
        }
        defer { Task { try? await TestServer.admin { try await $0.executeScript(unsafeSQL: "DROP ROLE IF EXISTS \(login)") } } }
        var options = try ConnectionString.parse(db.conninfo)
        options["user"] = login
        options["password"] = "srv"
        try await closing(try await PostgresConnection(conninfo: ConnectionString.render(options))) { try await body(login, $0) }
    }

    static func append(on connection: PostgresConnection, actingFor user: String) async throws -> String {
        try await connection.transaction { connection in
            _ = try connection.query("SELECT set_config('fundledger.acting_for', \(user), true)")
            let batch = #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"s","event_type":"Noted","payload":{}}]}"#
            let position = try connection.query("SELECT * FROM event_store.append_events(\(batch)::jsonb)")[0].decode(Int64.self, at: 0)
            return try connection.query("SELECT recorded_by FROM event_store.events WHERE global_position = \(position)")[0].decode(String.self, at: 0)
        }
    }

    @Test("a delegate records LOGIN/user, or the login alone when it names no one")
    func aDelegateNamesTheUser() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                #expect(try await Self.append(on: connection, actingFor: "anna.svensson") == "\(login)/anna.svensson")
                #expect(try await Self.append(on: connection, actingFor: "") == login)
                await #expect(throws: PostgresError.self) { _ = try await Self.append(on: connection, actingFor: "Anna Svensson") }
            }
            #expect(try await db.store.verifyChain() == .verified(try await db.store.head()))
        }
    }

    @Test("any other login that names someone is refused (42501) and nothing is written")
    func anyOtherLoginIsRefused() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.asLogin(delegate: false, db) { (login: String, connection: PostgresConnection) async throws in
                do {
                    _ = try await Self.append(on: connection, actingFor: "anna.svensson")
                    Issue.record("\(login) recorded on behalf of someone")
                } catch let error as PostgresError {
                    #expect(error.sqlState == "42501", "\(error)")
                    #expect(error.message.contains("fundledger_delegate"))
                }
                #expect(try await Self.append(on: connection, actingFor: "") == login)
            }
            #expect(try await db.store.head().eventCount == 1)
        }
    }
}
