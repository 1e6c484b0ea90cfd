import Foundation
import Postgres
import Testing
import TestSupport

/// `PostgresRow` decodes columns by position and by name, and says clearly when it cannot.
@Suite struct RowDecodingTests {
    /// The error `decode` throws, which must be a decoding error.
    @discardableResult
    private func decodingError(sourceLocation: SourceLocation = #_sourceLocation, _ decode: () throws -> Void) async -> PostgresError? {
        let error = await postgresError(sourceLocation: sourceLocation) { try decode() }
        #expect(error?.kind == .decoding, sourceLocation: sourceLocation)
        return error
    }

    @Test func decodesByPositionAndByColumnName() async throws {
        try await withEmptyDatabase { connection in
            let rows = try await connection.query("""
                SELECT n AS position, 'fund-' || n AS stream, n % 2 = 0 AS even
                FROM generate_series(1, 3) AS n ORDER BY n
                """)
            #expect(rows.count == 3)
            #expect(rows.first?.columns == ["position", "stream", "even"])
            #expect(try rows.map { try $0.decode(Int64.self, at: 0) } == [1, 2, 3])
            #expect(try rows.map { try $0.decode(String.self, column: "stream") } == ["fund-1", "fund-2", "fund-3"])
            #expect(try rows.map { try $0.decode(Bool.self, column: "even") } == [false, true, false])
            #expect(try rows[1].decode(Int32.self, column: "position") == 2)
            #expect(try rows[2].decode(Int.self, column: "position") == 3)
        }
    }

    @Test func emptyResultHasNoRows() async throws {
        try await withEmptyDatabase { connection in
            let rows = try await connection.query("SELECT 1 WHERE false")
            #expect(rows.isEmpty)
        }
    }

    @Test func nullIsADecodingErrorUnlessOptional() async throws {
        try await withEmptyDatabase { connection in
            let row = try await connection.query("SELECT NULL::text AS organisation_id")[0]
            let error = await decodingError { _ = try row.decode(String.self, column: "organisation_id") }
            #expect(error?.message.contains("organisation_id") == true)
            #expect(error?.message.contains("NULL") == true)
            #expect(try row.decodeIfPresent(String.self, column: "organisation_id") == nil)
            #expect(try row.decodeIfPresent(String.self, at: 0) == nil)
        }
    }

    @Test func typeMismatchIsADecodingError() async throws {
        try await withEmptyDatabase { connection in
            let row = try await connection.query(
                "SELECT 'not a number'::text AS amount, 'maybe'::text AS flag, 'x'::text AS id, 5000000000::bigint AS big")[0]
            for attempt: () throws -> Void in [
                { _ = try row.decode(Int64.self, column: "amount") },
                { _ = try row.decode(Bool.self, column: "flag") },
                { _ = try row.decode(UUID.self, column: "id") },
                { _ = try row.decode(Int32.self, column: "big") },
                { _ = try row.decodeIfPresent(Int.self, column: "amount") },
                { _ = try row.decode(PostgresBytes.self, column: "id") },
            ] {
                await decodingError { try attempt() }
            }
        }
    }

    @Test func unknownColumnNameIsADecodingError() async throws {
        try await withEmptyDatabase { connection in
            let row = try await connection.query("SELECT 1 AS present")[0]
            let error = await decodingError { _ = try row.decode(Int.self, column: "absent") }
            #expect(error?.message.contains("absent") == true)
        }
    }

    @Test func decodingErrorDoesNotPrintTheValue() async throws {
        try await withEmptyDatabase { connection in
            let secret = "personnummer 19121212-1212"
            let row = try await connection.query("SELECT \(secret)::text")[0]
            let error = await decodingError { _ = try row.decode(Int64.self, at: 0) }
            #expect(error.map { !"\($0)".contains("1212") } == true)
        }
    }
}
