import Foundation
import Postgres
import Testing
import TestSupport

/// Interpolated values travel as bound parameters: they round-trip as data, never as SQL.
@Suite struct BoundParameterTests {
    @Test func sqlInjectionTextIsStoredAsData() async throws {
        try await withEmptyDatabase { connection in
            try await connection.executeScript(unsafeSQL: "CREATE TABLE x (id int PRIMARY KEY, note text)")
            let hostile = "'; DROP TABLE x; --"
            let inserted = try await connection.execute("INSERT INTO x (id, note) VALUES (\(1), \(hostile))")
            #expect(inserted == 1)

            let rows = try await connection.query("SELECT id, note FROM x WHERE note = \(hostile)")
            #expect(rows.count == 1)
            #expect(try rows.first?.decode(String.self, column: "note") == hostile)
            // The table survived, and the statement text never contained the value.
            #expect(try await rowCount("x", on: connection) == 1)
            let query: PostgresQuery = "SELECT \(hostile)::text"
            #expect(query.sql == "SELECT $1::text")
            #expect(query.bindings == [hostile])
        }
    }

    @Test func nilOptionalIsSQLNull() async throws {
        try await withEmptyDatabase { connection in
            let missing: String? = nil
            let present: String? = "kommun"
            let row = try await connection.query(
                "SELECT \(missing)::text IS NULL AS missing_is_null, \(missing)::text AS missing, \(present)::text AS present")[0]
            #expect(try row.decode(Bool.self, column: "missing_is_null") == true)
            #expect(row.values[1] == nil)
            #expect(try row.decodeIfPresent(String.self, column: "missing") == nil)
            #expect(try row.decodeIfPresent(String.self, column: "present") == "kommun")
        }
    }

    @Test(arguments: [Int64.min, -1, 0, 1, Int64.max])
    func int64RoundTrips(_ value: Int64) async throws {
        try await withEmptyDatabase { connection in
            let row = try await connection.query(
                "SELECT \(value)::bigint AS v, \(value)::bigint::numeric = \(String(value))::numeric AS same")[0]
            #expect(try row.decode(Int64.self, column: "v") == value)
            #expect(try row.decode(Bool.self, column: "same") == true)
        }
    }

    @Test func int64ExtremesAreTheServersBigintLimits() async throws {
        try await withEmptyDatabase { connection in
            let row = try await connection.query("""
                SELECT \(Int64.max)::bigint = 9223372036854775807, \(Int64.min)::bigint = -9223372036854775808
                """)[0]
            #expect(try row.decode(Bool.self, at: 0) == true)
            #expect(try row.decode(Bool.self, at: 1) == true)
            // One past the limit is rejected by the server: the text really is parsed as bigint.
            let error = await postgresError {
                try await connection.query("SELECT \("9223372036854775808")::bigint")
            }
            #expect(error?.sqlState == "22003")
        }
    }

    @Test(arguments: ["Socialförvaltningen", "Region Skåne", "Göteborgs Stad ✓ 🇸🇪", "tab\tnewline\nbackslash\\quote\""])
    func unicodeAndSpecialCharactersRoundTrip(_ text: String) async throws {
        try await withEmptyDatabase { connection in
            let row = try await connection.query(
                "SELECT \(text)::text AS t, length(\(text)::text) AS chars, octet_length(\(text)::text) AS bytes")[0]
            #expect(try row.decode(String.self, column: "t") == text)
            #expect(try row.decode(Int.self, column: "chars") == text.unicodeScalars.count)
            #expect(try row.decode(Int.self, column: "bytes") == text.utf8.count)
        }
    }

    @Test func boolUUIDAndBytesRoundTrip() async throws {
        try await withEmptyDatabase { connection in
            let id = UUID()
            let bytes = PostgresBytes([0x00, 0x01, 0x7f, 0x80, 0xff])
            let row = try await connection.query("""
                SELECT \(true)::boolean, \(false)::boolean, \(id)::uuid, \(bytes)::bytea, octet_length(\(bytes)::bytea)
                """)[0]
            #expect(try row.decode(Bool.self, at: 0) == true)
            #expect(try row.decode(Bool.self, at: 1) == false)
            #expect(try row.decode(UUID.self, at: 2) == id)
            #expect(try row.decode(PostgresBytes.self, at: 3) == bytes)
            #expect(try row.decode(Int.self, at: 4) == 5)
        }
    }

    @Test func theSameStatementRunsAgainWithNewValues() async throws {
        try await withEmptyDatabase { connection in
            // The second run reuses the prepared statement; each must see its own parameter.
            for value in ["first", "second", "third"] {
                let row = try await connection.query("SELECT upper(\(value))")[0]
                #expect(try row.decode(String.self, at: 0) == value.uppercased())
            }
        }
    }

    @Test func statementsBeyondThePreparedCacheStillBindParameters() async throws {
        try await withEmptyDatabase { connection in
            let distinct = PostgresConnection.preparedStatementCountMax + 20
            for n in 0..<distinct {
                // Each text is new, so the cache fills up and the last ones are sent unprepared.
                let row = try await connection.query("SELECT \(unescaped: String(n)) + \(Int64(n))::bigint, \("'; --")::text")[0]
                #expect(try row.decode(Int64.self, at: 0) == Int64(2 * n))
                #expect(try row.decode(String.self, at: 1) == "'; --")
            }
            let prepared = try await connection.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, at: 0)
            #expect(prepared == PostgresConnection.preparedStatementCountMax)
        }
    }
}
