import EventStore
import Foundation
import FundLedger
import Postgres
import Projections
import Testing
import TestSupport

/// The SQL read models: what they hold, that rebuilding is deterministic, that live and rebuilt agree, and
/// that a crash mid-batch loses and repeats nothing.
@Suite("Read models")
struct ReadModelTests {
    static func checksums(_ engine: ReadModelEngine) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await engine.status().map { ($0.name, $0.checksum) })
    }

    /// A synthetic ledger appended to `db`, and an engine that has run over it once.
    static func engineAfterOneRun(on db: TestDatabase, _ ledger: SyntheticLedger) async throws -> ReadModelEngine {
        try await ledger.append(to: db.store)
        let engine = ReadModelEngine(pool: db.pool)
        try await engine.run(ReadModelRun())
        return engine
    }

    @Test("the tables hold the fold's figures; the trial balance is zero per fund and year")
    func contents() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await Self.engineAfterOneRun(on: db, SyntheticLedger(seed: 3, funds: 3, initiativesPerFund: 7))
            let books = try await LedgerReplay(store: db.store).run(LedgerProjection()).state
            let rows = try await db.pool.withConnection { try await $0.query(
                "SELECT fund_id, balance_ore, committed_ore, uncommitted_ore, disbursed_ore, repaid_ore FROM read_models.funds ORDER BY fund_id") }
            #expect(rows.count == 3)
            for row in rows {
                let fund = try #require(books.state.funds[try row.decode(String.self, at: 0)])
                #expect(try row.decode(Int64.self, at: 1) == fund.balance.ore)
                #expect(try row.decode(Int64.self, at: 2) == fund.committed.ore)
                #expect(try row.decode(Int64.self, at: 3) == fund.uncommitted.ore)
                #expect(try row.decode(Int64.self, at: 4) == fund.disbursed.ore)
                #expect(try row.decode(Int64.self, at: 5) == fund.repaid.ore)
            }
            let initiatives = try await db.pool.withConnection { try await $0.query(
                "SELECT count(*), sum(repayments_outstanding_ore) FROM read_models.initiatives") }[0]
            #expect(try initiatives.decode(Int64.self, at: 0) == 21)
            let unbalanced = try await db.pool.withConnection { try await $0.query("""
                SELECT fund_id, fiscal_year FROM read_models.trial_balance GROUP BY fund_id, fiscal_year
                HAVING sum(opening_ore) <> 0 OR sum(debit_ore) <> sum(credit_ore) OR sum(closing_ore) <> 0
                """) }
            #expect(unbalanced.isEmpty)
            let perAccount = try await db.pool.withConnection { try await $0.query(
                "SELECT account, sum(amount_ore) FROM read_models.postings GROUP BY account") }
            let expected = books.trialBalance()
            #expect(perAccount.count == expected.count)
            for row in perAccount {
                #expect(expected[Account(rawValue: try row.decode(at: 0))!] == (try row.decode(Int64.self, at: 1)))
            }
            // Pair flows share each department's savings out exactly.
            let mismatch = try await db.pool.withConnection { try await $0.query("""
                SELECT d.fund_id, d.department FROM read_models.department_flows d
                LEFT JOIN (SELECT fund_id, saving_department, sum(saved_ore) AS saved FROM read_models.department_pair_flows
                           GROUP BY 1, 2) p ON p.fund_id = d.fund_id AND p.saving_department = d.department
                WHERE coalesce(p.saved, 0) <> d.saved_ore
                """) }
            #expect(mismatch.isEmpty)
        }
    }

    @Test("rebuilding twice gives identical tables; a different ledger gives different checksums")
    func deterministicRebuild() async throws {
        try await TestDatabase.withMigrated { db in
            try await SyntheticLedger(seed: 21, funds: 2, initiativesPerFund: 10).append(to: db.store)
            let engine = ReadModelEngine(pool: db.pool)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            let first = try await Self.checksums(engine)
            try await engine.run(ReadModelRun(rebuildFrom: 1, commitEveryEvents: 7))
            #expect(try await Self.checksums(engine) == first)
            // From a middle position too.
            try await engine.run(ReadModelRun(rebuildFrom: 100, commitEveryEvents: 13))
            #expect(try await Self.checksums(engine) == first)
            try await SyntheticLedger(seed: 22, funds: 1, initiativesPerFund: 1).append(to: db.store)
            try await engine.run(ReadModelRun())
            let after = try await Self.checksums(engine)
            #expect(after["balances"] != first["balances"] && after["postings"] != first["postings"])
        }
    }

    @Test("live projections and a rebuild agree on random ledgers", arguments: [101, 202, 303] as [UInt64])
    func liveEqualsRebuilt(seed: UInt64) async throws {
        try await TestDatabase.withMigrated { db in
            let events = SyntheticLedger(seed: seed, funds: 3, initiativesPerFund: 6).events()
            var random = SplitMix64(seed: seed)
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 1 + Int(random.next(below: 50)))
            var index = 0
            while index < events.count {
                let size = 1 + Int(random.next(below: 40))
                _ = try await db.store.append(Array(events[index..<min(index + size, events.count)]), expectations: [:])
                index += size
                try await engine.run(ReadModelRun(commitEveryEvents: 1 + Int(random.next(below: 30))))
            }
            let status = try await engine.status()
            #expect(status.allSatisfy { $0.lag == 0 && $0.checkpoint == Int64(events.count) })
            let live = try await Self.checksums(engine)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            #expect(try await Self.checksums(engine) == live)
        }
    }

    struct InjectedCrash: Error {}

    @Test("a crash mid-batch loses and repeats nothing")
    func crashMidBatch() async throws {
        try await TestDatabase.withMigrated { db in
            try await SyntheticLedger(seed: 8, funds: 2, initiativesPerFund: 8).append(to: db.store)
            let head = try await db.store.head().position
            let crashAt = head / 2
            let crashing = ReadModelEngine(pool: db.pool, readBatchEvents: 11) { position in
                if position >= crashAt { throw InjectedCrash() }
            }
            await #expect(throws: InjectedCrash.self) { try await crashing.run(ReadModelRun(commitEveryEvents: 20)) }
            let afterCrash = try await ReadModelEngine(pool: db.pool).status()
            #expect(afterCrash.allSatisfy { $0.checkpoint > 0 && $0.checkpoint < crashAt })
            let postingsAtCheckpoint = try await db.pool.withConnection { try await $0.query(
                "SELECT coalesce(max(global_position), 0) FROM read_models.postings") }[0].decode(Int64.self, at: 0)
            #expect(postingsAtCheckpoint <= afterCrash.first { $0.name == "postings" }!.checkpoint)

            let engine = ReadModelEngine(pool: db.pool)
            try await engine.run(ReadModelRun(commitEveryEvents: 20))
            let resumed = try await Self.checksums(engine)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            #expect(try await Self.checksums(engine) == resumed)
        }
    }

    @Test("a read model whose code version changed is rebuilt, not mixed")
    func versionChangeRebuilds() async throws {
        try await TestDatabase.withMigrated { db in
            let engine = try await Self.engineAfterOneRun(on: db, SyntheticLedger(seed: 4, funds: 1, initiativesPerFund: 5))
            let good = try await Self.checksums(engine)
            // Rows left by "another version": one stale row, and the checkpoint says version 99.
            try await db.pool.withConnection { connection in
                _ = try await connection.execute("UPDATE read_models.funds SET balance_ore = -1")
                _ = try await connection.execute("UPDATE read_models.projection_checkpoints SET code_version = 99 WHERE projection = 'balances'")
            }
            #expect(try await engine.status().first { $0.name == "balances" }!.needsRebuild)
            let outcomes = try await engine.run(ReadModelRun())
            #expect(outcomes.first { $0.name == "balances" }!.rebuiltForNewVersion)
            #expect(!outcomes.first { $0.name == "postings" }!.rebuiltForNewVersion)
            #expect(try await Self.checksums(engine) == good)
        }
    }

    @Test("--to stops at a position: the tables show the ledger as of then")
    func throughPosition() async throws {
        try await TestDatabase.withMigrated { db in
            try await SyntheticLedger(seed: 6, funds: 2, initiativesPerFund: 4).append(to: db.store)
            let position = try await db.store.head().position / 3
            let engine = ReadModelEngine(pool: db.pool)
            try await engine.run(ReadModelRun(rebuildFrom: 1, through: position))
            #expect(try await engine.status().allSatisfy { $0.checkpoint == position })
            let then = try await LedgerReplay(store: db.store).run(LedgerProjection(), bounds: ReplayBounds(throughPosition: position)).state
            let balance = try await db.pool.withConnection { try await $0.query(
                "SELECT coalesce(sum(balance_ore), 0) FROM read_models.funds") }[0].decode(Int64.self, at: 0)
            #expect(balance == then.state.funds.values.reduce(0) { $0 + $1.balance.ore })
        }
    }

    @Test("rebuilding from a position while another read model is further behind")
    func rebuildFromWithMixedCheckpoints() async throws {
        try await TestDatabase.withMigrated { db in
            try await SyntheticLedger(seed: 31, funds: 2, initiativesPerFund: 6).append(to: db.store)
            let engine = ReadModelEngine(pool: db.pool, readBatchEvents: 9)
            try await engine.run(ReadModelRun(rebuildFrom: 1))
            let good = try await Self.checksums(engine)
            // balances back at position 5, postings at the head; then both rebuilt from 60 in small commits.
            try await engine.run(ReadModelRun(names: ["balances"], rebuildFrom: 1, through: 5))
            try await engine.run(ReadModelRun(rebuildFrom: 60, commitEveryEvents: 10))
            let status = try await engine.status()
            #expect(status.allSatisfy { $0.lag == 0 }, "\(status)")
            #expect(try await Self.checksums(engine) == good)
        }
    }

    @Test("a second projector is refused while one runs")
    func secondProjectorRefused() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { holder in
                _ = try await holder.query("SELECT pg_advisory_lock(\(Int64(0x46_4C_50_52_4F_4A)))")
                await #expect(throws: ReadModelError.anotherProjectorRunning) {
                    try await ReadModelEngine(pool: db.pool).run(ReadModelRun())
                }
            }
            try await ReadModelEngine(pool: db.pool).run(ReadModelRun())
        }
    }
}

/// `read_models.trial_balance` closes the result accounts at each year end, as the books do.
@Suite struct TrialBalanceYearEndTests {
    @Test func theViewHoldsTheHandWorkedThreeYears() async throws {
        try await TestDatabase.withMigrated { db in
            try await ThreeYearLedger.record(on: db.store)
            try await ReadModelEngine(pool: db.pool).run(ReadModelRun())
            let rows = try await db.pool.withConnection { try await $0.query("""
                SELECT fiscal_year, account, opening_ore, debit_ore, credit_ore, closing_ore FROM read_models.trial_balance
                WHERE fund_id = \(ThreeYearLedger.fundID) ORDER BY fiscal_year, account
                """) }
            #expect(rows.count == 15)
            for row in rows {
                let year = Int(try row.decode(Int32.self, at: 0))
                let account = try #require(Account(rawValue: try row.decode(String.self, at: 1)))
                let expected = try #require(ThreeYearLedger.expected[year]?[account])
                #expect(try row.decode(Int64.self, at: 2) == expected.opening, "\(year) \(account) opening")
                #expect(try row.decode(Int64.self, at: 3) == expected.debit, "\(year) \(account) debit")
                #expect(try row.decode(Int64.self, at: 4) == expected.credit, "\(year) \(account) credit")
                #expect(try row.decode(Int64.self, at: 5) == expected.closing, "\(year) \(account) closing")
            }
        }
    }
}
