import Postgres
import Testing
import TestSupport

/// Opens a connection to `database`, runs `body`, and closes the connection whatever happens.
func withConnection<T: Sendable>(
    to database: TestDatabase, _ body: (PostgresConnection) async throws -> T
) async throws -> T {
    try await database.withConnection(body)
}

/// Opens a connection to a fresh empty database, runs `body`, and closes the connection and drops the
/// database whatever happens.
func withEmptyDatabase<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
    try await TestDatabase.withEmpty { database in try await database.withConnection(body) }
}

/// Runs `body` and returns the `PostgresError` it throws; records an issue if it throws nothing or another error.
func postgresError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> PostgresError? {
    do {
        try await body()
        Issue.record("expected a PostgresError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as PostgresError {
        return error
    } catch {
        Issue.record("expected a PostgresError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The number of rows in `table` (a trusted name).
func rowCount(_ table: String, on connection: PostgresConnection) async throws -> Int64 {
    try await connection.query("SELECT count(*) FROM \(unescaped: table)")[0].decode(Int64.self, at: 0)
}
