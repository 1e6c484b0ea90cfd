import Foundation
import Postgres
import Testing
import TestSupport

/// Bytes interpolated as `\(bytes:)` travel as a binary `bytea` parameter: the server gets exactly those
/// bytes (checked on the server, by `sha256` and `octet_length`, as well as read back), NULL stays NULL,
/// and they sit beside text parameters in one statement, prepared or not.
@Suite struct BinaryParameterTests {
    /// 0…255, then a deterministic pseudo-random tail.
    static func sample(count: Int, seed: UInt64 = 14) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { $0 < 256 ? UInt8($0) : UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// What the server holds for `bytes`, read three ways: the bytes (binary result), their length and their
    /// hex (both computed by the server, so a wrong parameter cannot be hidden by a matching wrong read).
    static func serverView(of bytes: [UInt8]?, on connection: PostgresConnection) async throws -> (bytes: [UInt8]?, length: Int64?, hex: String?) {
        try await connection.queryBinary("""
            SELECT \(bytes: bytes), octet_length(\(bytes: bytes)), encode(\(bytes: bytes), 'hex')
            """) { row in
            (try row.isNull(0) ? nil : row.bytes(0), try row.isNull(1) ? nil : row.int64(1), try row.textIfPresent(2))
        }[0]
    }

    @Test("bytes round-trip exactly", arguments: [0, 1, 256, 3 * 1024 * 1024 + 7])
    func bytesRoundTrip(count: Int) async throws {
        try await withEmptyDatabase { connection in
            let bytes = Self.sample(count: count)
            let seen = try await Self.serverView(of: bytes, on: connection)
            #expect(seen.bytes == bytes)
            #expect(seen.length == Int64(count))
            #expect(seen.hex == Hex.encode(bytes))
        }
    }

    @Test func nilBytesAreANullBytea() async throws {
        try await withEmptyDatabase { connection in
            let seen = try await Self.serverView(of: nil, on: connection)
            #expect(seen.bytes == nil && seen.length == nil && seen.hex == nil)
            let type = try await connection.query("SELECT pg_typeof(\(bytes: nil))::text")[0].decode(String.self, at: 0)
            #expect(type == "bytea")
            // Empty is not NULL: an empty array must not reach libpq as a NULL pointer.
            #expect(try await connection.query("SELECT \(bytes: [])::bytea IS NULL")[0].decode(Bool.self, at: 0) == false)
        }
    }

    @Test func bytesAreStoredInATableAndReadBackAsText() async throws {
        try await withEmptyDatabase { connection in
            try await connection.executeScript(unsafeSQL: "CREATE TABLE blobs (id int PRIMARY KEY, note text, data bytea)")
            let bytes = Self.sample(count: 2 * 1024 * 1024)
            try await connection.execute("INSERT INTO blobs VALUES (\(1), \("före"), \(bytes: bytes)), (\(2), \("efter"), \(bytes: nil))")
            let rows = try await connection.query("SELECT id, note, data FROM blobs ORDER BY id")
            #expect(try rows.map { try $0.decode(String.self, at: 1) } == ["före", "efter"])
            #expect(try rows[0].decode(PostgresBytes.self, at: 2).bytes == bytes)
            #expect(try rows[1].decodeIfPresent(PostgresBytes.self, at: 2) == nil)
        }
    }

    @Test func textAndBytesKeepTheirPositions() async throws {
        let query: PostgresQuery = "SELECT \("a"), \(bytes: [1, 2]), \(Int64(3)), \(bytes: nil), \(nil as String?)"
        #expect(query.sql == "SELECT $1, $2, $3, $4, $5")
        #expect(query.parameters == [.text("a"), .bytes([1, 2]), .text("3"), .bytes(nil), .text(nil)])
        #expect(query.bindings == ["a", "\\x0102", "3", nil, nil])
        try await withEmptyDatabase { connection in
            let row = try await connection.query("""
                SELECT \("ö")::text || \(Int64(3))::bigint, \(bytes: [0xde, 0xad]) || \(bytes: [0xbe, 0xef]), \(bytes: nil) IS NULL
                """)[0]
            #expect(try row.decode(String.self, at: 0) == "ö3")
            #expect(try row.decode(PostgresBytes.self, at: 1).bytes == [0xde, 0xad, 0xbe, 0xef])
            #expect(try row.decode(Bool.self, at: 2) == true)
        }
    }

    /// The same SQL text with its parameter once as hex text and once as binary bytes: each is prepared
    /// with its own parameter types, so neither run reads the other's format.
    @Test func theSameSQLWithTextOrBinaryBytesIsPreparedForEach() async throws {
        try await withEmptyDatabase { connection in
            let bytes: [UInt8] = [0x00, 0x5c, 0x78, 0xff]  // NUL, a backslash and an "x": text would need escaping
            for _ in 0..<2 {
                let asText = try await connection.query("SELECT octet_length(\(PostgresBytes(bytes))::bytea)")
                let asBinary = try await connection.query("SELECT octet_length(\(bytes: bytes)::bytea)")
                #expect(try asText[0].decode(Int.self, at: 0) == 4)
                #expect(try asBinary[0].decode(Int.self, at: 0) == 4)
            }
            let prepared = try await connection.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT octet_length($1::bytea)'")
            #expect(try prepared[0].decode(Int.self, at: 0) == 2)
        }
    }

    /// Binary parameters go through `PQexecPrepared` while the statement cache has room and `PQexecParams` after.
    @Test func bytesBeyondThePreparedCacheStillBindAsBinary() async throws {
        try await withEmptyDatabase { connection in
            for n in 0..<(PostgresConnection.preparedStatementCountMax + 5) {
                let bytes = [UInt8(truncatingIfNeeded: n), 0x00, 0xff]
                let row = try await connection.queryBinary("SELECT \(unescaped: String(n)), \(bytes: bytes), \(bytes: [])") { row in
                    (try row.int64(0), try row.bytes(1), try row.bytes(2))
                }[0]
                #expect(row.0 == Int64(n) && row.1 == bytes && row.2 == [])
            }
        }
    }
}
