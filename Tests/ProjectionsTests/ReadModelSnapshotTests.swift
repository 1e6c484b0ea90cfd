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
