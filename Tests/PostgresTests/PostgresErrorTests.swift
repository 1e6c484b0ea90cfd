import Postgres
import Testing
import TestSupport

/// Server errors arrive as `PostgresError` with the SQLSTATE, message, detail, hint and constraint the server sent.
@Suite struct PostgresErrorTests {
    @Test func uniqueViolationNamesStateConstraintAndDetail() async throws {
        try await withEmptyDatabase { connection in
            try await connection.executeScript(unsafeSQL: """
                CREATE TABLE funds (id text CONSTRAINT funds_id_key UNIQUE, name text)
                """)
            try await connection.execute("INSERT INTO funds VALUES (\("fund-1"), \("Region Skåne"))")
            let error = await postgresError {
                try await connection.execute("INSERT INTO funds VALUES (\("fund-1"), \("again"))")
            }
            #expect(error?.kind == .server)
            #expect(error?.sqlState == "23505")
            #expect(error?.constraint == "funds_id_key")
            #expect(error?.message.contains("duplicate key") == true)
            #expect(error?.detail == "Key (id)=(fund-1) already exists.")
            #expect(error?.description.contains("(SQLSTATE 23505)") == true)
            #expect(error?.isSerializationFailure == false)
            // The connection is still usable and the duplicate was not stored.
            #expect(try await rowCount("funds", on: connection) == 1)
        }
    }

    @Test func raisedExceptionCarriesCodeDetailAndHint() async throws {
        try await withEmptyDatabase { connection in
            let error = await postgresError {
                try await connection.executeScript(unsafeSQL: """
                    DO $$
                    BEGIN
                        RAISE EXCEPTION 'fund % is closed', 'fund-7'
                            USING ERRCODE = 'FL123', DETAIL = 'closed on 2026-01-31', HINT = 'open a new fund';
                    END
                    $$;
                    """)
            }
            #expect(error?.kind == .server)
            #expect(error?.sqlState == "FL123")
            #expect(error?.message == "fund fund-7 is closed")
            #expect(error?.detail == "closed on 2026-01-31")
            #expect(error?.hint == "open a new fund")
            #expect(error?.constraint == nil)
            #expect(error?.description == """
                fund fund-7 is closed (SQLSTATE FL123)
                Detail: closed on 2026-01-31
                Hint: open a new fund
                """)
            let stillUsable = try await connection.query("SELECT 1")[0].decode(Int.self, at: 0)
            #expect(stillUsable == 1)
        }
    }

    /// A syntax error is 42601, an undefined table 42P01; the message names what is wrong.
    @Test(arguments: [("SELEKT 1", "42601", "SELEKT"), ("SELECT * FROM no_such_table", "42P01", "no_such_table")])
    func serverErrorCarriesItsSQLState(sql: String, sqlState: String, named: String) async throws {
        try await withEmptyDatabase { connection in
            let error = await postgresError { try await connection.query(PostgresQuery(unsafeSQL: sql)) }
            #expect(error?.kind == .server)
            #expect(error?.sqlState == sqlState)
            #expect(error?.message.contains(named) == true)
        }
    }

    @Test func permissionDeniedIsRecognised() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { connection in
                let role = "fl_test_reader_\(db.name.suffix(8))"
                try await connection.executeScript(unsafeSQL: """
                    CREATE TABLE secrets (v text);
                    CREATE ROLE \(role) NOLOGIN;
                    """)
                let error = await postgresError {
                    try await connection.transaction { connection in
                        try connection.executeScript(unsafeSQL: "SET LOCAL ROLE \(role)")
                        try connection.query("SELECT * FROM secrets")
                    }
                }
                try await connection.executeScript(unsafeSQL: "DROP TABLE secrets; DROP ROLE \(role)")
                #expect(error?.sqlState == "42501")
                #expect(error?.isPermissionDenied == true)
            }
        }
    }

    @Test func serializationFailureStatesAreRecognised() {
        #expect(PostgresError(kind: .server, sqlState: "40001", message: "").isSerializationFailure)
        #expect(PostgresError(kind: .server, sqlState: "40P01", message: "").isSerializationFailure)
        #expect(!PostgresError(kind: .server, sqlState: "23505", message: "").isSerializationFailure)
    }
}
