import EventStore
import Foundation
import FundLedger
import Projections
import Testing
import TestSupport

/// Replays and the projector on a log whose raw events take a stream past `LedgerLimits`: they stop at that
/// event with its position, before any projection sums it, instead of stopping the process.
@Suite("Ledger limits in replays and the projector")
struct LedgerLimitsReplayTests {
    /// A fund, then `count` raw contributions of the largest amount: past the limit from the 101st.
    static func appendFund(contributions count: Int, to store: any EventStore) async throws {
        let metadata = EventMetadata(actor: "admin")
        var events = [try EventCoding.newEvent(
            .fundEstablished(FundEstablished(fundID: "f", organisationID: "212000-1124", name: "F", currency: .sek, policy: FundPolicy())),
            stream: "fund-f", metadata: metadata, effectiveDate: CivilDate("2025-01-01")!, organisationID: "212000-1124")]
        for _ in 0..<count {
            events.append(try EventCoding.newEvent(
                .capitalContributed(CapitalContributed(amount: Money(ore: LedgerLimits.amountOreMax, currency: .sek), source: "raw")),
                stream: "fund-f", metadata: metadata, effectiveDate: CivilDate("2025-01-02")!, organisationID: "212000-1124"))
        }
        _ = try await store.append(events, expectations: [:])
    }

    @Test("a replay stops at the first event past a stream's limit, whatever the projection sums")
    func replayStops() async throws {
        try await TestDatabase.withMigrated { db in
            // 9 300 amounts of the largest size: a plain Int64 sum of them overflows at the 9 224th.
            try await Self.appendFund(contributions: 9_300, to: db.store)
            let naiveSum = Fold<Int64>(name: "naive-sum", initial: { 0 }) { event, total in
                if case .capitalContributed(let e) = event.event { total += e.amount.ore }
            }
            let error = try await #require(throws: UnreadableEventError.self) { try await LedgerReplay(store: db.store).run(naiveSum) }
            #expect(error.globalPosition == 102 && error.reason.contains("fund-f"), "\(error)")
            await #expect(throws: UnreadableEventError.self) { try await LedgerReplay(store: db.store).run(LedgerProjection()) }

            // Up to the event before it, everything reads and sums exactly.
            let before = try await LedgerReplay(store: db.store).run(LedgerProjection(), bounds: ReplayBounds(throughPosition: 101))
            #expect(before.state.state.funds["f"]?.contributed.ore == LedgerLimits.streamTurnoverOreMax)
        }
    }

    @Test("the projector stops at it too, its read models left at a checkpoint before it; once skipped, both go past it")
    func projectorStops() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.appendFund(contributions: 101, to: db.store)
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 50)
            let error = try await #require(throws: UnreadableEventError.self) { try await engine.run(ReadModelRun()) }
            #expect(error.globalPosition == 102, "\(error)")
            for model in try await engine.status() { #expect(model.checkpoint < 102, "\(model.name)") }

            _ = try await LedgerService(store: db.store).skipUnreadable(try #require(error.eventID), reason: "past the limit", actor: "admin")
            try await engine.run(ReadModelRun())
            for model in try await engine.status() { #expect(model.checkpoint == 103, "\(model.name)") }
            let replay = try await LedgerReplay(store: db.store).run(LedgerProjection())
            #expect(replay.state.state.funds["f"]?.contributed.ore == LedgerLimits.streamTurnoverOreMax)
            #expect(replay.head.position == 103)
        }
    }
}
