import EventStore
import Foundation
import Postgres
import Projections
import Testing
import TestSupport

/// Rows written field by field into a `CopyBlock` come back from PostgreSQL exactly as written.
@Suite struct CopyBlockTests {
    static let hostile = ["tab\there", "new\nline", "back\\slash\\N", "cr\rlf\r\n", "\\", "", "Tomelilla – åäö ✓ \u{1F600}", "\\N"]

    @Test func textIntegersUUIDsAndDatesRoundTrip() async throws {
        let uuid = UUID(uuidString: "0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9")!
        let dates = [CivilDate(year: 1, month: 1, day: 1)!, CivilDate(year: 1969, month: 12, day: 31)!, CivilDate(year: 2000, month: 1, day: 1)!,
                     CivilDate(year: 2024, month: 2, day: 29)!, CivilDate(year: 9999, month: 12, day: 31)!]
        let integers: [Int64] = [0, -1, 42, .min, .max, 1_000_000_000_000_000]
        let small = [0, -1, Int(Int32.min), Int(Int32.max), 2026]
        var block = CopyBlock(table: "copy_check", columns: ["n", "note", "id", "day", "amount", "small"])
        for (index, text) in (Self.hostile + [nil]).enumerated() {
            block.appendRow { row in
                row.integer(index)
                row.text(text)
                row.uuid(uuid)
                row.date(dates[index % dates.count])
                row.bigint(integers[index % integers.count])
                row.integer(small[index % small.count])
            }
        }
        block.appendRow { row in
            row.integer(99)
            for _ in 0..<5 { row.text(nil) }  // NULL is the same for every type
        }
        #expect(block.rowCount == Self.hostile.count + 2)
        let rowsToSend = block
        try await TestDatabase.withEmpty { db in
            try await db.withConnection { connection in
                try await connection.executeScript(
                    unsafeSQL: "CREATE TABLE copy_check (n int, note text, id uuid, day date, amount bigint, small integer)")
                #expect(try await connection.transaction { try rowsToSend.copy(into: $0) } == rowsToSend.rowCount)
                let rows = try await connection.query(
                    "SELECT n, note, id::text, day::text, amount, small FROM copy_check ORDER BY n")
                for (index, text) in (Self.hostile + [nil]).enumerated() {
                    let row = rows[index]
                    #expect(try row.decode(Int64.self, at: 0) == Int64(index))
                    #expect(try row.decodeIfPresent(String.self, at: 1) == text, "row \(index)")
                    #expect(try row.decode(String.self, at: 2) == uuid.uuidString.lowercased())
                    #expect(try row.decode(String.self, at: 3) == dates[index % dates.count].description)
                    #expect(try row.decode(Int64.self, at: 4) == integers[index % integers.count])
                    #expect(try row.decode(Int64.self, at: 5) == Int64(small[index % small.count]))
                }
                #expect(rows.last?.values == ["99", nil, nil, nil, nil, nil])
            }
        }
    }

    @Test func aFieldOfTheWrongWidthIsRefusedAndNothingStored() async throws {
        var block = CopyBlock(table: "copy_check", columns: ["n"])
        block.appendRow { $0.bigint(1) }  // eight bytes for a four-byte column
        let rowsToSend = block
        try await TestDatabase.withEmpty { db in
            try await db.withConnection { connection in
                try await connection.executeScript(unsafeSQL: "CREATE TABLE copy_check (n int)")
                await #expect(throws: PostgresError.self) { try await connection.transaction { try rowsToSend.copy(into: $0) } }
                #expect(try await connection.query("SELECT count(*) FROM copy_check")[0].decode(Int64.self, at: 0) == 0)
            }
        }
    }
}
