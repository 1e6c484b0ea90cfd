import Foundation
import Postgres
import Testing
import TestSupport

/// Binary-format rows read the same values the text format prints: each type against its text twin.
@Suite struct BinaryRowTests {
    /// What a row's binary columns decoded to, and what the server printed for the same values.
    struct Pair: Sendable {
        var integers: [Int64], texts: [String?], uuid: UUID, bytes: [UInt8]
        var micros: Int64, days: Int, printedMicros: Int64, printedDays: Int
    }

    @Test(arguments: [
        "1969-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00", "1999-12-31 23:59:59.5+00",
        "2000-01-01 00:00:00+00", "2026-12-07 03:41:12.123456+01", "1900-01-01 00:00:00.000001+00",
    ])
    func everyTypeReadsAsItsText(_ instant: String) async throws {
        try await withEmptyDatabase { connection in
            let query: PostgresQuery = """
                SELECT 7::int2, (-70000)::int4, 9007199254740993::int8,
                       'Tomelilla – räkenskaper ✓'::text, 'x'::varchar, '{"b": [1, 2.50], "a": "å\\"\\n"}'::jsonb, NULL::text,
                       'a1b2c3d4-0000-4000-8000-00000000ffff'::uuid, '\\x00ff10'::bytea,
                       \(instant)::timestamptz, (\(instant)::timestamptz AT TIME ZONE 'UTC')::date,
                       (extract(epoch FROM \(instant)::timestamptz) * 1000000)::int8,
                       ((\(instant)::timestamptz AT TIME ZONE 'UTC')::date - DATE '1970-01-01')::int4,
                       '{"b": [1, 2.50], "a": "å\\"\\n"}'::jsonb::text
                """
            let pair = try await connection.queryBinary(query) { row in
                Pair(integers: try (0..<3).map { try row.int64($0) },
                     texts: [try row.text(3), try row.text(4), try row.text(5), try row.textIfPresent(6), try row.text(13)],
                     uuid: try row.uuid(7), bytes: try row.bytes(8),
                     micros: try row.microsecondsSince1970(9), days: try row.daysSince1970(10),
                     printedMicros: try row.int64(11), printedDays: Int(try row.int64(12)))
            }[0]
            #expect(pair.integers == [7, -70000, 9007199254740993])
            #expect(pair.texts[0] == "Tomelilla – räkenskaper ✓" && pair.texts[1] == "x" && pair.texts[3] == nil)
            #expect(pair.texts[2] == pair.texts[4], "jsonb in binary is its text")
            #expect(pair.uuid == UUID(uuidString: "A1B2C3D4-0000-4000-8000-00000000FFFF"))
            #expect(pair.bytes == [0x00, 0xFF, 0x10])
            #expect(pair.micros == pair.printedMicros && pair.days == pair.printedDays)
        }
    }

    /// Instants a four-digit year cannot print are refused, never wrapped or trapped on overflow.
    @Test(arguments: ["'294276-12-31 23:59:59+00'::timestamptz AS at", "'0001-12-31 23:00:00+00 BC'::timestamptz AS at",
                      "'-infinity'::timestamptz AS at", "'10000-01-01'::date AS at", "'0001-01-01 BC'::date AS at"])
    func timestampsAndDatesOutsideYearsOneTo9999AreRefused(_ column: String) async throws {
        try await withEmptyDatabase { connection in
            let error = await postgresError {
                let isDate = column.contains("::date")
                _ = try await connection.queryBinary(PostgresQuery(unsafeSQL: "SELECT \(column)")) { row in
                    isDate ? Int64(try row.daysSince1970(0)) : try row.microsecondsSince1970(0)
                }
            }
            #expect(error?.message.contains("outside the years 1 to 9999") == true, "\(String(describing: error))")
        }
    }

    @Test func aColumnOfAnotherTypeOrNullIsAnErrorNamingIt() async throws {
        try await withEmptyDatabase { connection in
            let query: PostgresQuery = "SELECT 1::int8 AS position, NULL::text AS note, 'infinity'::timestamptz AS at"
            let reads: [@Sendable (PostgresBinaryRow) throws -> Void] = [
                { _ = try $0.text(0) }, { _ = try $0.int64(1) }, { _ = try $0.microsecondsSince1970(2) },
            ]
            for read in reads {
                let error = await postgresError { _ = try await connection.queryBinary(query) { try read($0) } }
                #expect(error?.kind == .decoding)
                #expect(["position", "note", "at"].contains { error?.message.contains("column \($0) ") == true }, "\(String(describing: error))")
            }
        }
    }
}
