import EventStore
import Foundation
import FundLedger
import Postgres
import PostgresEventStore
import Projections
import Testing
import TestSupport

/// A restarted projector resumes its fold from the snapshot the last run left, not from position 1, and
/// its tables come out as a rebuild from scratch makes them.
@Suite("Read-model fold snapshots")
struct ReadModelSnapshotTests {
    @Test("a second run resumes from the first run's head and equals a rebuild")
    func resumesFromSnapshot() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 12, funds: 3, initiativesPerFund: 8).events()
            let half = events.count / 2
            _ = try await db.store.append(Array(events[..<half]), expectations: [:])
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 37)
            let first = try await engine.run(ReadModelRun())
            #expect(first.allSatisfy { $0.resumedFrom == 0 })

            _ = try await db.store.append(Array(events[half...]), expectations: [:])
            let second = try await engine.run(ReadModelRun())
            #expect(second.allSatisfy { $0.resumedFrom == Int64(half) }, "resumed from \(second.map(\.resumedFrom))")
            let resumed = try await ReadModelTests.checksums(engine)
            let rebuilt = try await engine.run(ReadModelRun(rebuildFrom: 1))
            #expect(rebuilt.allSatisfy { $0.resumedFrom == 0 }, "a rebuild from 1 folds from the start")
            #expect(try await ReadModelTests.checksums(engine) == resumed)
        }
    }

    /// The first commit at a multiple of `commitEvery` that lies within `lead` events before `head`.
    private static func backgroundSnapshotPosition(head: Int64, commitEvery: Int64, lead: Int64) -> Int64 {
        let first = ((head - lead + commitEvery - 1) / commitEvery) * commitEvery
        return first < head ? first : 0
    }

    @Test("a run to the end saves its fold at its first commit near the end, taken in the background; the next run resumes there and equals a rebuild")
    func backgroundSnapshotNearTheEnd() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 14, funds: 3, initiativesPerFund: 10).events()
            let half = events.count * 2 / 3
            _ = try await db.store.append(Array(events[..<half]), expectations: [:])
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 29)
            let run = ReadModelRun(commitEveryEvents: 40, snapshotLeadEvents: 100)
            let first = try await engine.run(run)
            let expected = Self.backgroundSnapshotPosition(head: Int64(half), commitEvery: 40, lead: 100)
            #expect(expected > Int64(half) - 100 && expected < Int64(half), "the ledger leaves a commit inside the window")
            #expect(first.allSatisfy { $0.checkpoint == Int64(half) }, "every read model reaches the head")
            let saved = try #require(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat))
            #expect(saved.streamVersion == expected)

            _ = try await db.store.append(Array(events[half...]), expectations: [:])
            let second = try await engine.run(run)
            #expect(second.allSatisfy { $0.resumedFrom == expected }, "resumed from \(second.map(\.resumedFrom))")
            let resumed = try await ReadModelTests.checksums(engine)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            #expect(try await ReadModelTests.checksums(engine) == resumed)
        }
    }

    /// Saving a state costs about as much as folding two events per initiative: a run that folded fewer keeps
    /// the snapshot it started from, and the next run folds them again.
    @Test("a catch-up of fewer events than two per initiative keeps the snapshot it started from; a longer one saves a new one")
    func shortCatchUpKeepsTheSnapshot() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 20, funds: 2, initiativesPerFund: 10).events()
            let first = events.count - 60  // then 3 events, then 57: more than two for each of the 20 initiatives
            _ = try await db.store.append(Array(events[..<first]), expectations: [:])
            let engine = ReadModelEngine(pool: db.pool)
            try await engine.run(ReadModelRun())
            #expect(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat)?.streamVersion == Int64(first))

            let few = first + 3
            _ = try await db.store.append(Array(events[first..<few]), expectations: [:])
            let short = try await engine.run(ReadModelRun())
            #expect(short.allSatisfy { $0.resumedFrom == Int64(first) && $0.checkpoint == Int64(few) })
            #expect(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat)?.streamVersion == Int64(first))

            _ = try await db.store.append(Array(events[few...]), expectations: [:])
            let long = try await engine.run(ReadModelRun())
            #expect(long.allSatisfy { $0.resumedFrom == Int64(first) })
            #expect(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat)?.streamVersion == Int64(events.count))
            let resumed = try await ReadModelTests.checksums(engine)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            #expect(try await ReadModelTests.checksums(engine) == resumed)
        }
    }

    /// A large state takes longer to encode and save, so its snapshot starts earlier: two events per initiative.
    @Test("with a small minimum lead the snapshot is taken as early as the state's size asks: within two events per initiative of the end")
    func backgroundSnapshotLeadGrowsWithTheState() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 14, funds: 3, initiativesPerFund: 10).events()
            _ = try await db.store.append(events, expectations: [:])
            let head = Int64(events.count)
            #expect((head - 1) % 40 != 0, "no commit falls within one event of the end")
            try await ReadModelEngine(pool: db.pool, readBatchEvents: 29).run(ReadModelRun(commitEveryEvents: 40, snapshotLeadEvents: 1))
            let saved = try #require(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat))
            #expect(saved.streamVersion < head && head - saved.streamVersion <= 2 * 30 && saved.streamVersion % 40 == 0,
                    "saved at \(saved.streamVersion) of \(head)")
        }
    }

    /// The balances tables hold current state only: the commits between the snapshot's and the last leave them
    /// out (their rows would be rewritten anyway); the commit the snapshot is taken at writes them, so that a
    /// restart can resume from the snapshot.
    @Test("balances are written where the snapshot is taken and at the end, not at the commits between")
    func currentStateWrittenAtTheSnapshotAndTheEnd() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 16, funds: 2, initiativesPerFund: 10).events()
            _ = try await db.store.append(events, expectations: [:])
            let head = Int64(events.count)
            let snapshotAt = Self.backgroundSnapshotPosition(head: head, commitEvery: 20, lead: 100)
            let lastOnTheWay = (head - 1) / 20 * 20
            #expect(snapshotAt > 0 && lastOnTheWay - snapshotAt >= 40 && head % 20 != 0, "commits fall between the snapshot and the end")
            struct InjectedFailure: Error {}
            let failing = ReadModelEngine(pool: db.pool, readBatchEvents: 29) { position in
                if position == head { throw InjectedFailure() }
            }
            await #expect(throws: InjectedFailure.self) {
                try await failing.run(ReadModelRun(commitEveryEvents: 20, snapshotLeadEvents: 100))
            }
            let checkpoints = Dictionary(uniqueKeysWithValues: try await ReadModelEngine(pool: db.pool).status().map { ($0.name, $0.checkpoint) })
            #expect(checkpoints["balances"] == snapshotAt)
            #expect(checkpoints["postings"] == lastOnTheWay)
            // The funds' rows are the state at the snapshot's position, not at a later commit.
            let sums = try await db.pool.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT (SELECT sum(disbursed_ore) FROM read_models.funds)::bigint,
                           (SELECT sum(amount_ore) FROM read_models.postings WHERE account = 'disbursements' AND global_position <= \(snapshotAt))::bigint,
                           (SELECT sum(amount_ore) FROM read_models.postings WHERE account = 'disbursements')::bigint
                    """))[0]
            }
            #expect(try sums.decode(Int64.self, at: 0) == sums.decode(Int64.self, at: 1))
            #expect(try sums.decode(Int64.self, at: 1) != sums.decode(Int64.self, at: 2), "money was disbursed after the snapshot")

            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 29)
            let resumed = try await engine.run(ReadModelRun(commitEveryEvents: 20, snapshotLeadEvents: 100))
            #expect(resumed.allSatisfy { $0.resumedFrom == snapshotAt && $0.checkpoint == head })
            let checksums = try await ReadModelTests.checksums(engine)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            #expect(try await ReadModelTests.checksums(engine) == checksums)
        }
    }

    /// The background snapshot is saved only once the commit at its position has committed: saved before, a
    /// failed commit would leave a snapshot ahead of every checkpoint.
    @Test("a background snapshot whose commit fails is not saved")
    func backgroundSnapshotWaitsForItsCommit() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 15, funds: 2, initiativesPerFund: 10).events()
            _ = try await db.store.append(events, expectations: [:])
            let failAt = Self.backgroundSnapshotPosition(head: Int64(events.count), commitEvery: 40, lead: 100)
            #expect(failAt > 40)
            struct InjectedFailure: Error {}
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 29) { position in
                if position == failAt { throw InjectedFailure() }
            }
            await #expect(throws: InjectedFailure.self) {
                try await engine.run(ReadModelRun(commitEveryEvents: 40, snapshotLeadEvents: 100))
            }
            #expect(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat) == nil)
            // The same run without the failure keeps it.
            try await ReadModelEngine(pool: db.pool, readBatchEvents: 29).run(ReadModelRun(commitEveryEvents: 40, snapshotLeadEvents: 100))
            #expect(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat)?.streamVersion == failAt)
        }
    }

    /// pglz took 150 ms to compress the wide benchmark ledger's 19.6 MB snapshot, LZ4 5 ms (schema/0021).
    @Test("migration 0021: a large snapshot is stored compressed with LZ4 and reads back the same")
    func snapshotsCompressWithLZ4() async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: 16, funds: 1, initiativesPerFund: 2).events()
            _ = try await db.store.append(events, expectations: [:])
            let state = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
            let snapshot = StateSnapshot(
                streamID: "$read-models", format: 99, streamVersion: 1, lastEventID: events[0].eventID, state: state)
            try await db.store.save(snapshot)
            let method = try await db.pool.withConnection {
                try await $0.query("SELECT pg_column_compression(state) FROM event_store.state_snapshots WHERE format = 99")
            }
            #expect(try method.first?.decode(String.self, at: 0) == "lz4")
            #expect(try await db.store.snapshot(of: "$read-models", format: 99)?.state == state)
        }
    }

    @Test("a fold snapshot naming another event than the log holds is ignored")
    func foreignSnapshotIgnored() async throws {
        try await TestDatabase.withMigrated { db in
            let engine = try await ReadModelTests.engineAfterOneRun(on: db, SyntheticLedger(seed: 13, funds: 2, initiativesPerFund: 6))
            let kept = try #require(try await db.store.snapshot(of: "$read-models", format: Books.snapshotFormat))
            var forged = kept
            forged.lastEventID = UUID()
            _ = try await db.pool.withConnection { try await $0.query("DELETE FROM event_store.state_snapshots") }
            try await db.store.save(forged)
            let outcomes = try await engine.run(ReadModelRun())
            #expect(outcomes.allSatisfy { $0.resumedFrom == 0 })
        }
    }
}
