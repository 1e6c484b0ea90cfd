import Foundation
import Postgres
import Testing
import TestSupport

/// `ConnectionPool` reuses connections, replaces broken ones, cleans up open transactions and caps concurrency.
@Suite struct ConnectionPoolTests {
    @Test func reusesAnIdleConnection() async throws {
        try await TestDatabase.withEmpty { db in
            let pool = ConnectionPool(conninfo: db.conninfo, connectionCountMax: 1)
            let first = try await pool.withConnection { await $0.backendProcessID }
            let second = try await pool.withConnection { await $0.backendProcessID }
            await pool.closeAll()
            #expect(first != 0)
            #expect(first == second)
        }
    }

    @Test("a view lends the same connections with its session parameters; the pool resets them before lending")
    func viewsSetAndResetSessionParameters() async throws {
        try await TestDatabase.withEmpty { db in
            let pool = ConnectionPool(conninfo: db.conninfo, connectionCountMax: 1)
            let anna = pool.with(sessionParameters: ["fundledger.acting_for": "anna"])
            let bob = pool.with(sessionParameters: ["fundledger.acting_for": "bob", "application_name": "bob-app"])
            func seen(_ pool: ConnectionPool) async throws -> [String] {
                try await pool.withConnection { connection in
                    let row = try await connection.query(
                        "SELECT coalesce(current_setting('fundledger.acting_for', true), ''), current_setting('application_name'), pg_backend_pid()")[0]
                    return [try row.decode(String.self, at: 0), try row.decode(String.self, at: 1), String(try row.decode(Int32.self, at: 2))]
                }
            }
            let annaSees = try await seen(anna)
            let bobSees = try await seen(bob)
            let poolSees = try await seen(pool)
            let annaAgain = try await seen(anna)
            await pool.closeAll()
            #expect(annaSees[0] == "anna" && bobSees[0] == "bob" && poolSees[0] == "" && annaAgain[0] == "anna")
            #expect(bobSees[1] == "bob-app" && poolSees[1] == "" && annaAgain[1] == "")
            #expect(Set([annaSees[2], bobSees[2], poolSees[2], annaAgain[2]]).count == 1, "one connection, shared by the views")
        }
    }

    @Test func replacesALostConnection() async throws {
        try await TestDatabase.withEmpty { db in
            let pool = ConnectionPool(conninfo: db.conninfo, connectionCountMax: 1)
            let lostPID = try await pool.withConnection { await $0.backendProcessID }
            try await terminate(lostPID, in: db)

            let error = await postgresError { _ = try await pool.withConnection { try await $0.query("SELECT 1") } }
            #expect(error?.kind == .connectionLost)

            let (pid, value) = try await pool.withConnection { connection in
                (await connection.backendProcessID, try await connection.query("SELECT 42")[0].decode(Int.self, at: 0))
            }
            await pool.closeAll()
            #expect(value == 42)
            #expect(pid != lostPID)
        }
    }

    @Test func aWaitingBorrowerGetsAFreshConnectionWhenTheHeldOneBreaks() async throws {
        try await TestDatabase.withEmpty { db in
            let pool = ConnectionPool(conninfo: db.conninfo, connectionCountMax: 1)
            let holderPID = OutcomeLog()
            let holder = Task {
                try await pool.withConnection { connection in
                    await holderPID.record(String(await connection.backendProcessID))
                    try await Task.sleep(for: .milliseconds(300))  // let the waiter queue up
                    _ = try? await connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
                    try await connection.query("SELECT 1")  // fails: the connection is gone
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            let waiterPID = try await pool.withConnection { connection in
                try await connection.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            }
            let holderResult = await holder.result
            await pool.closeAll()
            #expect(throws: PostgresError.self) { try holderResult.get() }
            let holderPIDs = await holderPID.entries
            #expect(holderPIDs.count == 1)
            #expect(holderPIDs != [String(waiterPID)])
        }
    }

    @Test func aFailedBodyDoesNotLeaveATransactionOpen() async throws {
        try await TestDatabase.withEmpty { db in
            let pool = ConnectionPool(conninfo: db.conninfo, connectionCountMax: 1)
            try await pool.withConnection { connection in
                try await connection.executeScript(unsafeSQL: "CREATE TABLE notes (v text)")
            }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await pool.withConnection { connection in
                    try await connection.execute("BEGIN")
                    try await connection.execute("INSERT INTO notes VALUES ('uncommitted')")
                    throw Abort()
                }
            }
            let (inTransaction, count) = try await pool.withConnection { connection in
                (await connection.isInTransaction, try await rowCount("notes", on: connection))
            }
            await pool.closeAll()
            #expect(inTransaction == false)
            #expect(count == 0)
        }
    }

    @Test func capsConcurrentConnections() async throws {
        try await TestDatabase.withEmpty { db in
            let pool = ConnectionPool(conninfo: db.conninfo, connectionCountMax: 2)
            let gauge = ConcurrencyGauge()
            let start = ContinuousClock.now
            let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            await gauge.enter()
                            let pid = try await connection.query("SELECT pg_backend_pid() FROM pg_sleep(0.2)")[0]
                                .decode(Int32.self, at: 0)
                            await gauge.leave()
                            return pid
                        }
                    }
                }
                var pids: [Int32] = []
                for try await pid in group { pids.append(pid) }
                return pids
            }
            let elapsed = ContinuousClock.now - start
            let serverSessions = try await withConnection(to: db) { observer in
                try await observer.query("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """)[0].decode(Int.self, at: 0)
            }
            await pool.closeAll()
            #expect(pids.count == 6)
            #expect(Set(pids).count <= 2)
            #expect(await gauge.maximum <= 2)
            #expect(await gauge.maximum >= 1)
            // Six 0.2 s sleeps, at most two at a time, need at least 0.6 s.
            #expect(elapsed >= .milliseconds(550))
            #expect(serverSessions <= 2)
        }
    }
}

/// Counts how many tasks are inside a section at once, and the most there ever were.
actor ConcurrencyGauge {
    private(set) var current = 0
    private(set) var maximum = 0

    func enter() {
        current += 1
        maximum = max(maximum, current)
    }

    func leave() {
        current -= 1
    }
}
