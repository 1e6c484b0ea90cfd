import EventStore
import Foundation
import Postgres
import PostgresEventStore
import PrivateCluster

/// A fresh PostgreSQL database for one test, dropped afterwards.
///
/// The server is `$FUNDLEDGER_TEST_DATABASE_URL` (any database on it; `make test` sets it) or, failing
/// that, the checkout's private cluster. Migrated databases are cloned from a template migrated once per
/// test run, so each test starts from the real schema in milliseconds.
public struct TestDatabase: Sendable {
    /// The database's name on the server.
    public let name: String
    /// Conninfo for this database, as the superuser that created it.
    public let conninfo: String
    /// A pool on this database.
    public let pool: ConnectionPool

    /// An event store on this database.
    public var store: PostgresEventStore { PostgresEventStore(pool: pool) }

    /// Opens a new connection to this database (the caller closes it).
    public func connect() async throws -> PostgresConnection {
        try await PostgresConnection(conninfo: conninfo)
    }

    /// Runs `body` on a new connection to this database, closed afterwards whatever happens.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await closing(try await connect(), body)
    }

    /// Runs `body` with a fresh database migrated to the current schema.
    public static func withMigrated<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let template = try await TemplateDatabase.shared.name()
        return try await withDatabase(template: template, body)
    }

    /// Runs `body` with a fresh, empty database (no migrations applied).
    public static func withEmpty<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        try await withDatabase(template: "template0", body)
    }

    private static func withDatabase<T: Sendable>(template: String, _ body: (TestDatabase) async throws -> T) async throws -> T {
        try await DatabaseSlots.withSlot { try await withNewDatabase(template: template, body) }
    }

    private static func withNewDatabase<T: Sendable>(template: String, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let name = "fl_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try await TestServer.admin { admin in
            try await admin.executeScript(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template) ENCODING 'UTF8'")
        }
        let conninfo = try ConnectionString.replacingDatabase(in: try TestServer.conninfo(), with: name)
        let database = TestDatabase(name: name, conninfo: conninfo, pool: ConnectionPool(conninfo: conninfo, connectionCountMax: 24))
        return try await withCleanup({ try await body(database) }, then: { await database.drop() })
    }

    private func drop() async {
        await pool.closeAll()
        _ = try? await TestServer.admin { admin in
            try await admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }
}

/// The server tests run against.
public enum TestServer {
    /// The checkout's root folder (where `Package.swift` and `schema/` are).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The migrations of this checkout.
    public static func migrator() throws -> Migrator {
        try Migrator.load(from: repositoryRoot.appendingPathComponent("schema"))
    }

    /// Conninfo of the test server's maintenance database.
    public static func conninfo() throws -> String {
        if let url = ProcessInfo.processInfo.environment["FUNDLEDGER_TEST_DATABASE_URL"], !url.isEmpty {
            return try ConnectionString.replacingDatabase(in: url, with: "postgres")
        }
        return PrivateCluster.forProject(repositoryRoot).conninfo(database: "postgres")
    }

    /// Runs `body` on a short-lived superuser connection to the maintenance database.
    public static func admin<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection(conninfo: try conninfo())
        } catch {
            throw PostgresError(
                kind: .connectionFailed,
                message: "tests need PostgreSQL: run `make test` (it starts the private cluster), or set FUNDLEDGER_TEST_DATABASE_URL. \(error)")
        }
        return try await closing(connection, body)
    }
}

/// Runs `body` with `connection` and closes it afterwards, whether `body` returns or throws.
public func closing<T: Sendable>(
    _ connection: PostgresConnection, _ body: (PostgresConnection) async throws -> T
) async throws -> T {
    try await withCleanup({ try await body(connection) }, then: { await connection.close() })
}

/// Runs `body`, then `cleanup`, whether `body` returns or throws; `body`'s value or error is passed on.
public func withCleanup<T: Sendable>(_ body: () async throws -> T, then cleanup: () async -> Void) async throws -> T {
    do {
        let value = try await body()
        await cleanup()
        return value
    } catch {
        await cleanup()
        throw error
    }
}

/// The migrated template database, built once per test process.
///
/// The build is one shared `Task`: an actor method would be re-entered at each `await`, and concurrent
/// first callers would each build (and drop) templates.
actor TemplateDatabase {
    static let shared = TemplateDatabase()
    private var building: Task<String, any Error>?

    func name() async throws -> String {
        if building == nil { building = Task { try await Self.build() } }
        return try await building!.value
    }

    private static func build() async throws -> String {
        let name = "fl_template_\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
        try await TestServer.admin { admin in
            // Templates left by test runs that have ended (their process is gone); never another live run's.
            for row in try await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'fl\\_template\\_%'") {
                let stale: String = try row.decode(at: 0)
                let parts = stale.split(separator: "_")
                guard parts.count == 4, let pid = Int32(parts[2]), kill(pid, 0) != 0, errno == ESRCH else { continue }
                _ = try? await admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(stale)")
            }
            try await admin.executeScript(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        }
        let connection = try await PostgresConnection(conninfo: try ConnectionString.replacingDatabase(in: try TestServer.conninfo(), with: name))
        do {
            try await TestServer.migrator().migrate(on: connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return name
    }
}

/// Builds `NewEvent`s for tests with little ceremony.
public func testEvent(
    _ stream: String, _ type: String = "TestHappened", payload: String = #"{"n": 1}"#, id: UUID = UUID(),
    effectiveDate: CivilDate? = nil, organisation: String? = nil
) -> NewEvent {
    NewEvent(eventID: id, streamID: stream, eventType: type, payload: payload, effectiveDate: effectiveDate, organisationID: organisation)
}
