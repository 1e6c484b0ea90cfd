import Foundation
import Testing
import TestSupport

/// The CLI on a log whose raw events break the ledger's limits on amounts (docs/ledger-model.md): every
/// command that reads the fund exits 4 naming the event, none is killed by an overflow, nothing is written.
@Suite struct LedgerLimitsCommandTests {
    static let organisation = "212000-0886"

    /// `fundledger ARGS --database DB`, with the database option after the (sub)command words.
    static func run(_ arguments: [String], on db: TestDatabase, stdin: String = "") async throws -> CLIResult {
        let words = arguments.prefix { !$0.hasPrefix("-") }
        return try await FundLedgerCLI.run(Array(words) + ["--database", db.conninfo] + arguments.dropFirst(words.count), stdin: stdin)
    }

    /// Tomelilla and its fund `t`, by commands.
    static func establishFund(on db: TestDatabase) async throws {
        for arguments in [
            ["organisation", "register", "--id", organisation, "--name", "Tomelilla kommun", "--kind", "kommun"],
            ["fund", "establish", "--id", "t", "--organisation", organisation, "--name", "T", "--currency", "SEK"],
        ] {
            let result = try await run(arguments, on: db)
            try #require(result.status == 0, "\(result)")
        }
    }

    /// `count` raw contributions of `ore` öre each to fund `t`, as JSON lines for `append --raw`.
    static func rawContributions(_ ore: String, count: Int) -> String {
        String(repeating: #"{"stream_id": "fund-t", "event_type": "CapitalContributed", "payload": {"amount": {"ore": \#(ore), "currency": "SEK"}, "source": "raw"}, "metadata": {"actor": "admin"}, "organisation_id": "\#(organisation)", "effective_date": "2026-03-01"}"# + "\n", count: count)
    }

    /// Each reader of fund `t` exits 4 naming `position` and `mention`, and the log keeps `events` events.
    static func expectEveryReaderRefuses(on db: TestDatabase, position: Int, mention: String, events: Int) async throws {
        for arguments in [["replay"], ["funds"], ["report", "portfolio", "--fund", "t"], ["fund", "contribute", "--fund", "t", "--amount", "1 kr", "--source", "KF"]] {
            let result = try await run(arguments, on: db)
            #expect(result.status == 4, "\(arguments): \(result)")
            #expect(result.stderr.contains("position \(position) (CapitalContributed)") && result.stderr.contains(mention), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "\(result.stderr)")
        }
        #expect(try await FundLedgerCLI.status(of: db).eventCount == events)
    }

    @Test func anAmountNearInt64MaxAppendedRawIsNamedNotSummed() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.establishFund(on: db)
            for ore in ["9223372036854775000", "9223372036854775000"] {
                let append = try await Self.run(["append", "--raw"], on: db, stdin: Self.rawContributions(ore, count: 1))
                try #require(append.status == 0, "\(append)")
            }
            try await Self.expectEveryReaderRefuses(
                on: db, position: 3, mention: "92 233 720 368 547 750,00 is beyond the ledger's limit of 10 000 000 000 000,00 for one amount", events: 4)

            // The administrator skips both, as the message says; then everything reads, without them.
            for position in [3, 4] {
                let refusal = try await Self.run(["funds"], on: db)
                #expect(refusal.stderr.contains("position \(position)"), "\(refusal.stderr)")
                let id = try #require(refusal.stderr.firstMatch(of: /correction skip --event ([0-9a-f-]{36})/)?.1)
                let skip = try await Self.run(["correction", "skip", "--event", String(id), "--reason", "mistyped"], on: db)
                #expect(skip.status == 0 && skip.stdout.contains("skipped the event at position \(position)"), "\(skip)")
            }
            let funds = try await Self.run(["funds"], on: db)
            #expect(funds.status == 0 && funds.stdout.contains("0,00 kr"), "\(funds)")
            let trail = try await Self.run(["report", "audit-trail", "--param", "fund=t"], on: db)
            #expect(trail.status == 0 && trail.stdout.components(separatedBy: "hoppade över den oläsbara händelsen").count == 3, "\(trail)")
            #expect(trail.stdout.contains(": mistyped"), "\(trail.stdout)")
            let readable = try await Self.run(["read", "--limit", "1"], on: db)
            let firstID = try #require(readable.stdout.firstMatch(of: /"event_id":"([0-9a-f-]{36})"/)?.1)
            let refused = try await Self.run(["correction", "skip", "--event", String(firstID), "--reason", "x"], on: db)
            #expect(refused.status == 6 && refused.stderr.contains("skip-readable"), "\(refused)")
            let malformed = try await Self.run(["correction", "skip", "--event", "nope", "--reason", "x"], on: db)
            #expect(malformed.status == 64 && malformed.stderr.contains("--event"), "\(malformed)")
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 6)
        }
    }

    @Test func aStreamPastItsTurnoverIsRefusedByCommandsAndNamedByReaders() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.establishFund(on: db)
            let append = try await Self.run(["append", "--raw"], on: db, stdin: Self.rawContributions("1000000000000000", count: 99))
            try #require(append.status == 0, "\(append)")
            let last = try await Self.run(["fund", "contribute", "--fund", "t", "--amount", "10 000 000 000 000 kr", "--source", "KF"], on: db)
            #expect(last.status == 0, "\(last)")
            let over = try await Self.run(["fund", "contribute", "--fund", "t", "--amount", "0,01 kr", "--source", "KF"], on: db)
            #expect(over.status == 6 && over.stderr.contains("amount-limit") && over.stderr.contains("fund-t"), "\(over)")
            let funds = try await Self.run(["funds"], on: db)
            #expect(funds.status == 0 && funds.stdout.contains("1 000 000 000 000 000,00 kr"), "\(funds)")

            let raw = try await Self.run(["append", "--raw"], on: db, stdin: Self.rawContributions("1", count: 1))
            try #require(raw.status == 0, "\(raw)")
            try await Self.expectEveryReaderRefuses(on: db, position: 103, mention: "the ledger's limit for one stream", events: 103)
        }
    }
}
