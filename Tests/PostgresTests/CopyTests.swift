import Postgres
import Testing
import TestSupport

/// `copyIn` streams COPY text rows into a table and `copyOut` reads them back byte for byte; a bad row stores nothing.
@Suite struct CopyTests {
    private func makeTable(_ connection: PostgresConnection) async throws {
        try await connection.executeScript(unsafeSQL: """
            CREATE TABLE payments (id bigint PRIMARY KEY, payee text, amount bigint NOT NULL)
            """)
    }

    private func copyOutLines(_ connection: PostgresConnection, _ sql: String) async throws -> (count: Int, lines: [String]) {
        let collected = try await connection.copyOutCollecting(PostgresQuery(unsafeSQL: sql))
        return (collected.count, collected.lines)
    }

    @Test func copyInThenCopyOutIsIdentical() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            // Enough rows to cross the 60 KiB send buffer several times, with NULLs, escapes and UTF-8.
            let rows = (1...5000).map { n in
                switch n % 4 {
                case 0: "\(n)\t\\N\t\(n * 100)"
                case 1: "\(n)\tSocialförvaltningen \(n)\t-\(n)"
                case 2: "\(n)\ttab\\there\\\\backslash\t\(Int64.max - Int64(n))"
                default: "\(n)\tRegion Skåne ✓\t0"
                }
            }
            let stored = try await connection.copyIn("COPY payments (id, payee, amount) FROM STDIN", rows: rows)
            #expect(stored == 5000)
            #expect(try await rowCount("payments", on: connection) == 5000)

            let nulls = try await connection.query("SELECT count(*) FROM payments WHERE payee IS NULL")[0]
            #expect(try nulls.decode(Int.self, at: 0) == 1250)
            let escaped = try await connection.query("SELECT payee FROM payments WHERE id = 2")[0]
            #expect(try escaped.decode(String.self, at: 0) == "tab\there\\backslash")

            let out = try await copyOutLines(connection, "COPY (SELECT id, payee, amount FROM payments ORDER BY id) TO STDOUT")
            #expect(out.count == 5000)
            #expect(out.lines == rows.map { $0 + "\n" })
        }
    }

    @Test func copyOutOfAnEmptyTableReturnsNothing() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            let out = try await copyOutLines(connection, "COPY payments TO STDOUT")
            #expect(out.count == 0)
            #expect(out.lines.isEmpty)
        }
    }

    @Test func aBadRowFailsTheWholeCopyAndStoresNothing() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            var rows = (1...1000).map { "\($0)\tpayee\t\($0)" }
            rows[499] = "500\tpayee\tnot-a-number"
            let error = await postgresError {
                try await connection.copyIn("COPY payments (id, payee, amount) FROM STDIN", rows: rows)
            }
            #expect(error?.kind == .server)
            #expect(error?.sqlState == "22P02")
            #expect(error?.message.contains("not-a-number") == true)
            #expect(await connection.isInTransaction == false)
            #expect(try await rowCount("payments", on: connection) == 0)
            // The connection is usable afterwards, for COPY too.
            #expect(try await connection.copyIn("COPY payments FROM STDIN", rows: ["1\tok\t1"]) == 1)
            #expect(try await rowCount("payments", on: connection) == 1)
        }
    }

    @Test func aConstraintViolationInCopyStoresNothing() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            let error = await postgresError {
                try await connection.copyIn("COPY payments FROM STDIN", rows: ["1\ta\t1", "2\tb\t2", "1\tc\t3"])
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.constraint == "payments_pkey")
            #expect(try await rowCount("payments", on: connection) == 0)
        }
    }

    @Test func aStatementThatIsNotCopyIsRefused() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            let inError = await postgresError { try await connection.copyIn("SELECT 1", rows: ["1\ta\t1"]) }
            #expect(inError?.kind == .client)
            let outError = await postgresError { _ = try await connection.copyOutCollecting("SELECT 1") }
            #expect(outError?.kind == .client)
            let serverError = await postgresError {
                try await connection.copyIn("COPY no_such_table FROM STDIN", rows: ["1"])
            }
            #expect(serverError?.sqlState == "42P01")
            #expect(try await rowCount("payments", on: connection) == 0)
        }
    }
}

extension PostgresConnection {
    /// Runs `copyOut` and collects every row as a string (newline included).
    func copyOutCollecting(_ statement: PostgresQuery) throws -> (count: Int, lines: [String]) {
        var lines: [String] = []
        let count = try copyOut(statement) { bytes in
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        return (count, lines)
    }
}
