import EventStore
import Foundation
import Postgres
import PostgresEventStore
@testable import Server
import Testing
import TestSupport

/// The group-commit writer on PostgreSQL: one transaction per batch, a savepoint per request.
@Suite struct GroupCommitTests {
    struct Refused: Error, Equatable { let index: Int }

    /// Queues `count` jobs on a new writer, starts the writer only once all of them wait (so they form one
    /// batch), and returns each job's outcome: its value, or its error's description.
    static func runQueued(
        _ count: Int, on db: TestDatabase, _ work: @escaping @Sendable (Int, ConnectionPool) async throws -> Int
    ) async throws -> (outcomes: [Int: String], stats: GroupCommitStatistics.Snapshot) {
        try await db.withConnection { _ = try await $0.execute("CREATE TABLE gc_rows (n int PRIMARY KEY)") }
        let committer = GroupCommitter(pool: db.pool)
        return try await withThrowingTaskGroup(of: (Int, String)?.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        return (index, String(try await committer.submit { try await work(index, $0) }))
                    } catch {
                        return (index, "\(error)")
                    }
                }
            }
            while committer.waitingCount < count { try await Task.sleep(for: .milliseconds(5)) }
            group.addTask {
                try await committer.run()
                return nil
            }
            var outcomes: [Int: String] = [:]
            while outcomes.count < count, let item = try await group.next() {
                if let (index, outcome) = item { outcomes[index] = outcome }
            }
            group.cancelAll()
            return (outcomes, committer.statistics.snapshot)
        }
    }

    static func storedRows(_ db: TestDatabase) async throws -> [Int] {
        try await db.withConnection { connection in
            try await connection.query("SELECT n FROM gc_rows ORDER BY n").map { try $0.decode(Int.self, at: 0) }
        }
    }

    @Test func requestsWaitingTogetherCommitInOneTransaction_aRefusedOneRollsBackAlone() async throws {
        try await TestDatabase.withMigrated { db in
            let (outcomes, stats) = try await Self.runQueued(20, on: db) { index, pool in
                try await pool.withConnection { _ = try await $0.execute("INSERT INTO gc_rows VALUES (\(index))") }
                if [3, 11].contains(index) { throw Refused(index: index) }
                return index
            }
            for index in 0..<20 {
                #expect(outcomes[index] == ([3, 11].contains(index) ? "\(Refused(index: index))" : "\(index)"))
            }
            #expect(stats.batches == 1)
            #expect(stats.requests == 20)
            #expect(stats.batchesAtMost[GroupCommitStatistics.batchSizeBounds.firstIndex(of: 16)!] == 0)
            #expect(stats.batchesAtMost[GroupCommitStatistics.batchSizeBounds.firstIndex(of: 32)!] == 1)
            #expect(try await Self.storedRows(db) == Array(0..<20).filter { ![3, 11].contains($0) })
        }
    }

    /// A user's request runs as fundledger_writer: the database, not the server, refuses a direct write.
    @Test func aUsersRequestRunsUnderTheWriterRole() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.execute("CREATE TABLE gc_rows (n int PRIMARY KEY)") }
            let committer = GroupCommitter(pool: db.pool)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await committer.run() }
                let role = try await committer.submit(actor: "rita") { pool in
                    try await pool.withConnection { try await $0.query("SELECT current_user::text")[0].decode(String.self, at: 0) }
                }
                #expect(role == "fundledger_writer")
                await #expect(throws: PostgresError.self) {
                    _ = try await committer.submit(actor: "rita") { pool in
                        try await pool.withConnection { _ = try await $0.execute("INSERT INTO gc_rows VALUES (1)") }
                    }
                }
                let own = try await committer.submit { pool in
                    try await pool.withConnection { try await $0.query("SELECT current_user::text")[0].decode(String.self, at: 0) }
                }
                #expect(own != "fundledger_writer", "the next request does not inherit the role")
                group.cancelAll()
            }
            #expect(try await Self.storedRows(db) == [])
        }
    }

    @Test func aLostBatchAnswersEveryRequestWithTheFailureAndWritesNothing() async throws {
        try await TestDatabase.withMigrated { db in
            // The first request ends the writer's session: COMMIT cannot succeed, and no request's row stays.
            let (outcomes, stats) = try await Self.runQueued(3, on: db) { index, pool in
                try await pool.withConnection { connection in
                    _ = try await connection.execute("INSERT INTO gc_rows VALUES (\(index))")
                    if index == 0 { _ = try? await connection.query("SELECT pg_terminate_backend(pg_backend_pid())") }
                }
                return index
            }
            #expect(outcomes.count == 3)
            #expect(outcomes.values.allSatisfy { $0.contains("could not be committed") && $0.contains("nothing was written") }, "\(outcomes)")
            #expect(stats.failedBatches == 1)
            #expect(try await Self.storedRows(db) == [])
        }
    }

    @Test func appendsFromConcurrentRequestsGetGapFreePositionsAndAVerifiedChain() async throws {
        try await TestDatabase.withMigrated { db in
            let committer = GroupCommitter(pool: db.pool)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await committer.run() }
                try await withThrowingTaskGroup(of: Void.self) { requests in
                    for index in 0..<40 {
                        requests.addTask {
                            let event = NewEvent(
                                eventID: UUID(), streamID: "gc-\(index % 5)", eventType: "Noted", payload: "{\"n\":\(index)}", metadata: "{}")
                            _ = try await committer.submit { pool in try await PostgresEventStore(pool: pool).append([event], expectations: [:]) }
                        }
                    }
                    try await requests.waitForAll()
                }
                group.cancelAll()
            }
            let events = try await db.store.readAll(after: 0, limit: 100)
            #expect(events.map(\.globalPosition) == Array(1...40))
            #expect(try await db.store.verifyChain() == .verified(try await db.store.head()))
            #expect(committer.statistics.snapshot.requests == 40)
        }
    }
}

/// Raw appends in one batch merged into one `append_events` call, with each request's own answer.
@Suite struct GroupCommitMergingTests {
    static func append(_ stream: String, expected: ExpectedVersion? = nil, id: UUID = UUID()) -> PendingAppend {
        PendingAppend(
            events: [NewEvent(eventID: id, streamID: stream, eventType: "Noted", payload: "{}")],
            expectations: expected.map { [stream: $0] } ?? [:])
    }

    @Test func runsKeepSequentialMeaning() {
        let shared = UUID()
        let appends: [PendingAppend?] = [
            Self.append("a"), Self.append("b", expected: .noStream), Self.append("c"),
            Self.append("a", expected: .exact(1)),  // expects a stream the run already writes: a new run
            nil,  // a command: alone
            Self.append("d", id: shared), Self.append("e", id: shared),  // a repeated event id: a new run
        ]
        #expect(GroupCommitter.runs(of: appends) == [[0, 1, 2], [3], [4], [5], [6]])
        #expect(GroupCommitter.runs(of: []) == [])
        // Appends for different users are recorded by different identities: never one call.
        var anna = Self.append("f"), bo = Self.append("g"), anna2 = Self.append("h")
        anna.actor = "anna"; bo.actor = "bo"; anna2.actor = "anna"
        #expect(GroupCommitter.runs(of: [anna, anna2, bo, nil, Self.append("i")]) == [[0, 1], [2], [3], [4]])
        #expect(GroupCommitter.runs(of: [nil, nil]) == [[0], [1]])
    }

    /// Queues `appends`, starts the writer once all wait, and returns each one's positions or error.
    static func commitQueued(_ appends: [PendingAppend], on db: TestDatabase) async throws -> [Int: String] {
        let committer = GroupCommitter(pool: db.pool)
        return try await withThrowingTaskGroup(of: (Int, String)?.self) { group in
            for (index, append) in appends.enumerated() {
                group.addTask {
                    do {
                        let appended = try await committer.submitAppend(append.events, expectations: append.expectations)
                        return (index, appended.map { "\($0.globalPosition)" }.joined(separator: ","))
                    } catch {
                        return (index, "refused: \(error)")
                    }
                }
                while committer.waitingCount <= index { try await Task.sleep(for: .milliseconds(2)) }
            }
            group.addTask {
                try await committer.run()
                return nil
            }
            var outcomes: [Int: String] = [:]
            while outcomes.count < appends.count, let item = try await group.next() {
                if let (index, outcome) = item { outcomes[index] = outcome }
            }
            group.cancelAll()
            return outcomes
        }
    }

    @Test func mergedAppendsAnswerEachRequestWithItsOwnPositions() async throws {
        try await TestDatabase.withMigrated { db in
            let outcomes = try await Self.commitQueued((0..<6).map { Self.append("s\($0 % 3)") }, on: db)
            #expect(outcomes == [0: "1", 1: "2", 2: "3", 3: "4", 4: "5", 5: "6"])
            #expect(try await db.store.verifyChain() == .verified(try await db.store.head()))
        }
    }

    @Test func aRefusedRequestInAMergedRunFailsAloneAndTheOthersCommit() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await db.store.append([NewEvent(streamID: "taken", eventType: "Noted", payload: "{}")], expectations: [:])
            let outcomes = try await Self.commitQueued([
                Self.append("x"), Self.append("taken", expected: .noStream), Self.append("y"),
                Self.append("x", expected: .noStream),  // x was written by the first request: refused, as one after another
            ], on: db)
            #expect(outcomes[0] == "2")
            #expect(outcomes[1]?.hasPrefix("refused: ") == true)
            #expect(outcomes[2] == "3")
            #expect(outcomes[3]?.hasPrefix("refused: ") == true, "\(outcomes)")
            let stored = try await db.store.readAll(after: 0, limit: 10)
            #expect(stored.map(\.streamID) == ["taken", "x", "y"])
        }
    }
}
