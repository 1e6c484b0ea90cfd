import Postgres
import Testing
import TestSupport

/// `transaction` commits what its body did, and rolls everything back when the body throws.
@Suite struct TransactionTests {
    struct Abort: Error, Equatable {}

    private func makeTable(_ connection: PostgresConnection) async throws {
        try await connection.executeScript(unsafeSQL: "CREATE TABLE ledger (id int PRIMARY KEY, amount bigint NOT NULL)")
    }

    @Test func commitsAndReturnsTheBodysValue() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { connection in
                try await makeTable(connection)
                let inserted = try await connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (1, \(Int64(100))), (2, \(Int64(-40)))")
                }
                #expect(inserted == 2)
                #expect(await connection.isInTransaction == false)
                // Another connection sees the rows: they were committed.
                try await withConnection(to: db) { other in
                    let sum = try await other.query("SELECT sum(amount)::bigint FROM ledger")[0].decode(Int64.self, at: 0)
                    #expect(sum == 60)
                }
            }
        }
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            await #expect(throws: Abort()) {
                try await connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (1, 100)")
                    let inside = connection.isInTransaction
                    #expect(inside)
                    throw Abort()
                }
            }
            #expect(await connection.isInTransaction == false)
            #expect(try await rowCount("ledger", on: connection) == 0)
        }
    }

    @Test func rollsBackEarlierStatementsWhenALaterOneFails() async throws {
        try await withEmptyDatabase { connection in
            try await makeTable(connection)
            let error = await postgresError {
                try await connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (1, 100)")
                    try connection.execute("INSERT INTO ledger VALUES (2, 200)")
                    try connection.execute("INSERT INTO ledger VALUES (1, 300)")  // duplicate key
                }
            }
            #expect(error?.sqlState == "23505")
            #expect(await connection.isInTransaction == false)
            #expect(try await rowCount("ledger", on: connection) == 0)
            // The connection works normally afterwards.
            try await connection.execute("INSERT INTO ledger VALUES (3, 1)")
            #expect(try await rowCount("ledger", on: connection) == 1)
        }
    }

    @Test func usesTheRequestedIsolationLevel() async throws {
        try await withEmptyDatabase { connection in
            let level = try await connection.transaction(isolation: "SERIALIZABLE") { connection in
                try connection.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
            }
            #expect(level == "serializable")
            let defaultLevel = try await connection.transaction { connection in
                try connection.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
            }
            #expect(defaultLevel == "read committed")
        }
    }
}
