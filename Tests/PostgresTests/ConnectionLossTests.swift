import Foundation
import Postgres
import Testing
import TestSupport

/// A connection whose server process goes away fails with `connectionLost`; one that cannot open fails with `connectionFailed`.
@Suite struct ConnectionLossTests {
    @Test func terminatedBackendGivesConnectionLost() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { victim in
                #expect(try await victim.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
                let pid = await victim.backendProcessID
                try await terminate(pid, in: db)

                let error = await postgresError { try await victim.query("SELECT 2") }
                #expect(error?.kind == .connectionLost)
                #expect(error?.message.contains("lost the connection") == true)
                // It stays lost: later calls fail the same way instead of hanging or crashing.
                let again = await postgresError { try await victim.execute("SELECT 3") }
                #expect(again?.kind == .connectionLost)
            }
        }
    }

    @Test func closedConnectionGivesConnectionLost() async throws {
        try await TestDatabase.withEmpty { db in
            let connection = try await db.connect()
            await connection.close()
            await connection.close()  // closing twice is harmless
            let error = await postgresError { try await connection.query("SELECT 1") }
            #expect(error?.kind == .connectionLost)
            let scriptError = await postgresError { try await connection.executeScript(unsafeSQL: "SELECT 1") }
            #expect(scriptError?.kind == .connectionLost)
        }
    }

    @Test func nonexistentSocketGivesConnectionFailedWithAMessage() async throws {
        let folder = "/nonexistent-fundledger-\(UUID().uuidString.prefix(8))"
        let error = await postgresError {
            _ = try await PostgresConnection(conninfo: "host=\(folder) port=5432 dbname=x user=postgres connect_timeout=5")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.hasPrefix("cannot connect to PostgreSQL: ") == true)
        #expect(error?.message.contains(folder) == true)
        #expect(error?.sqlState == nil)
    }

    @Test func malformedConninfoGivesConnectionFailed() async throws {
        let error = await postgresError { _ = try await PostgresConnection(conninfo: "this is not conninfo") }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.isEmpty == false)
    }

    @Test func nonexistentDatabaseGivesConnectionFailed() async throws {
        try await TestDatabase.withEmpty { db in
            let conninfo = try ConnectionString.replacingDatabase(in: db.conninfo, with: "\(db.name)_missing")
            let error = await postgresError { _ = try await PostgresConnection(conninfo: conninfo) }
            #expect(error?.kind == .connectionFailed)
            #expect(error?.message.contains("\(db.name)_missing") == true)
        }
    }
}

/// Terminates the server process `pid` from a separate connection and waits (up to 10 s) until it has exited.
func terminate(_ pid: Int32, in db: TestDatabase) async throws {
    try await withConnection(to: db) { admin in
        let row = try await admin.query("SELECT pg_terminate_backend(\(pid), 10000)")[0]
        #expect(try row.decode(Bool.self, at: 0) == true, "pg_terminate_backend(\(pid)) did not confirm")
    }
}
