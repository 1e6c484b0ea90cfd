import Foundation
import Testing
import TestSupport

/// `fundledger demo`: the story's command files (examples/demo/) recorded with fixed command ids, then each
/// fund's reports through the plugins and verify. A second run is an idempotent retry.
@Suite struct DemoCommandTests {
    /// Each fund's statement row: contributed, disbursed, repaid, balance, committed, uncommitted.
    ///
    /// Hand-computed from the scenario (docs/demo.md has the story):
    /// - skane: contributed 10 000 000 (the article's 10 MSEK). skane-psykisk-halsa granted 2 000 000, disbursed
    ///   1 000 000 (2023 tranche); grant model, nothing repaid; skane-skolmiljo rejected (nothing granted).
    ///   balance = 10 000 000 − 1 000 000 + 0 = 9 000 000; committed = 2 000 000 − 1 000 000 = 1 000 000;
    ///   uncommitted = 9 000 000 − 1 000 000 = 8 000 000.
    /// - tomelilla: contributed 5 000 000. tidigt-stod: 600 000 to BUN, 600 000 to SOC by mistake (reversed),
    ///   600 000 to BUN again → 1 200 000; laxhjalp: 300 000 of 800 000 → disbursed 1 500 000.
    ///   Repaid: SOC 200 000 + 250 000, BUN 100 000 → 550 000 (the RSHS obligation of 150 000 is waived).
    ///   balance = 5 000 000 − 1 500 000 + 550 000 = 4 050 000; committed = (1 200 000 − 1 200 000)
    ///   + (800 000 − 300 000) = 500 000; uncommitted = 4 050 000 − 500 000 = 3 550 000.
    /// - eslov: contributed 3 000 000; disbursed 300 000 + 300 000 = 600 000; repaid 250 000 (100 % of SOC's
    ///   saving, by frame reduction). balance = 3 000 000 − 600 000 + 250 000 = 2 650 000; committed 0.
    /// - malmo-barn-unga: contributed 20 000 000; disbursed 1 000 000 + 1 000 000 = 2 000 000; repaid 1 000 000
    ///   of the 1 500 000 due (100 % of ASF's saving). balance = 20 000 000 − 2 000 000 + 1 000 000 = 19 000 000.
    /// - malmo-hemloshet: contributed 10 000 000; disbursed 1 500 000 of 3 000 000; grant, nothing repaid.
    ///   balance = 8 500 000; committed = 3 000 000 − 1 500 000 = 1 500 000; uncommitted = 7 000 000.
    /// - malmo-personalhalsa: contributed 5 000 000; disbursed 800 000; repaid 400 000 (50 % of 1 000 000 is
    ///   500 000, capped at 400 000); closed. balance = 5 000 000 − 800 000 + 400 000 = 4 600 000; committed 0.
    static let expectedStatements: [String: [String]] = [
        "skane": ["10 000 000,00 kr", "1 000 000,00 kr", "0,00 kr", "9 000 000,00 kr", "1 000 000,00 kr", "8 000 000,00 kr"],
        "tomelilla": ["5 000 000,00 kr", "1 500 000,00 kr", "550 000,00 kr", "4 050 000,00 kr", "500 000,00 kr", "3 550 000,00 kr"],
        "eslov": ["3 000 000,00 kr", "600 000,00 kr", "250 000,00 kr", "2 650 000,00 kr", "0,00 kr", "2 650 000,00 kr"],
        "malmo-barn-unga": ["20 000 000,00 kr", "2 000 000,00 kr", "1 000 000,00 kr", "19 000 000,00 kr", "0,00 kr", "19 000 000,00 kr"],
        "malmo-hemloshet": ["10 000 000,00 kr", "1 500 000,00 kr", "0,00 kr", "8 500 000,00 kr", "1 500 000,00 kr", "7 000 000,00 kr"],
        "malmo-personalhalsa": ["5 000 000,00 kr", "800 000,00 kr", "400 000,00 kr", "4 600 000,00 kr", "0,00 kr", "4 600 000,00 kr"],
    ]

    /// The story records 85 commands (one event each); two more are refused and write nothing.
    static let commandCount = 85

    /// The Summa (total) row of each fund's statement (the fund-statement plugin's table), by fund:
    /// contributed, disbursed, repaid, closing balance, committed, uncommitted.
    static func statements(_ output: String) -> [(fund: String, figures: [String])] {
        output.components(separatedBy: "\nRapport: fund-statement\n").dropFirst().map { block in
            let total = tableRows(block, section: "Redovisning per räkenskapsår").first { $0.first == "Summa" } ?? []
            let fund = block.components(separatedBy: "\n").first { $0.hasPrefix("  Fond  ") }.map { String($0.dropFirst(8)) } ?? "?"
            return (fund, total.count >= 9 ? [total[2], total[4], total[5], total[6], total[7], total[8]] : total)
        }
    }

    /// Entries recorded now, summed over the chapters' closing lines.
    static func recordedCount(_ output: String) -> Int {
        output.components(separatedBy: "\n").filter { $0.hasPrefix("recorded ") && $0.contains(" entries as ") }
            .compactMap { Int($0.split(separator: " ")[4]) }.reduce(0, +)
    }

    @Test func demoOnAFreshDatabasePrintsTheHandComputedStatements() async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await FundLedgerCLI.run("demo", on: db)
            try #require(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")

            let statements = Self.statements(result.stdout)
            #expect(statements.map(\.fund) == ["skane", "tomelilla", "eslov", "malmo-barn-unga", "malmo-hemloshet", "malmo-personalhalsa"])
            for (fund, figures) in statements {
                #expect(figures == Self.expectedStatements[fund], "statement of \(fund)")
            }

            // The refusals: Eslöv's criterion 1 at submission, Region Skåne's co-financing at decision.
            #expect(result.stdout.contains("refused as expected, nothing written: "), "\(result.stdout)")
            #expect(result.stdout.contains("[rule: criterion:minimum-departments]"), "\(result.stdout)")
            #expect(result.stdout.contains("[rule: criterion:minimum-co-financing]"), "\(result.stdout)")
            #expect(Self.recordedCount(result.stdout) == Self.commandCount, "\(result.stdout)")

            // Repayments of the cross-department initiative: 50 % of 400 000 + 1 000 000 from SOC (20 % of the
            // second attributed to BUN) and of 300 000 from RSHS (waived) = 850 000 due, 550 000 repaid.
            let repayments = Self.tableRows(result.stdout, section: "Per förvaltning")
            #expect(repayments.contains(["tomelilla-tidigt-stod", "SOC", "600 000,00 kr", "450 000,00 kr", "0,00 kr", "150 000,00 kr"]))
            #expect(repayments.contains(["tomelilla-tidigt-stod", "BUN", "100 000,00 kr", "100 000,00 kr", "0,00 kr", "0,00 kr"]))
            #expect(repayments.contains(["tomelilla-tidigt-stod", "RSHS", "150 000,00 kr", "0,00 kr", "150 000,00 kr", "0,00 kr"]))

            let status = try await FundLedgerCLI.status(of: db)
            #expect(status.eventCount == Int64(Self.commandCount))
            #expect(result.stdout.contains(
                "verified \(status.eventCount) events: chain intact, head position \(status.headPosition), head hash \(status.headHash)"))
        }
    }

    @Test func aSecondRunWritesNothingAndPrintsTheSameReports() async throws {
        try await TestDatabase.withMigrated { db in
            let first = try await FundLedgerCLI.run("demo", on: db)
            try #require(first.status == 0, "\(first)")
            let afterFirst = try await FundLedgerCLI.status(of: db)

            let second = try await FundLedgerCLI.run("demo", on: db)
            try #require(second.status == 0, "\(second)")
            #expect(try await FundLedgerCLI.status(of: db) == afterFirst)
            #expect(Self.recordedCount(second.stdout) == 0, "\(second.stdout)")
            #expect(second.lines.filter { $0.hasPrefix("all ") && $0.hasSuffix("were recorded before (same content); nothing new was written") }.count == 4)
            #expect(!second.lines.contains { $0.contains(": recorded ") }, "\(second.stdout)")

            let reports = { (text: String) in text.components(separatedBy: "\nFondredovisning: ").dropFirst().joined() }
            #expect(!reports(first.stdout).isEmpty)
            #expect(reports(second.stdout) == reports(first.stdout))
        }
    }

    /// A database holding today's demo, recorded by the Swift scenario of December 2026 (an export,
    /// Tests/CLITests/Fixtures/demo-2026-12.jsonl), sees the command files as a retry: the ids are the same.
    @Test func aDemoRecordedByTheEarlierScenarioIsRecognisedAsARetry() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = Self.fixture("demo-2026-12.jsonl")
            let imported = try await FundLedgerCLI.run("import", on: db, [fixture])
            try #require(imported.status == 0, "\(imported)")
            let before = try await FundLedgerCLI.status(of: db)
            let result = try await FundLedgerCLI.run("demo", on: db)
            #expect(result.status == 0, "\(result)")
            #expect(Self.recordedCount(result.stdout) == 0, "\(result.stdout)")
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    /// Command files applied before `DeterministicID` (ids hashed through the chain's v1 encoding) are
    /// still a retry: Tests/CLITests/Fixtures/command-files-2026-12.jsonl is the export after applying
    /// examples/commands/tomelilla-2026.yaml and tomelilla-2026-q2.json with the December 2026 binary.
    @Test func commandFilesAppliedEarlierAreRecognisedAsARetry() async throws {
        try await TestDatabase.withMigrated { db in
            let imported = try await FundLedgerCLI.run("import", on: db, [Self.fixture("command-files-2026-12.jsonl")])
            try #require(imported.status == 0, "\(imported)")
            let before = try await FundLedgerCLI.status(of: db)
            for file in ["tomelilla-2026.yaml", "tomelilla-2026-q2.json"] {
                let path = TestServer.repositoryRoot.appendingPathComponent("examples/commands/\(file)").path
                let result = try await FundLedgerCLI.run("apply", on: db, [path])
                #expect(result.status == 0, "\(result)")
                #expect(result.stdout.contains("were recorded before (same content); nothing new was written"), "\(file): \(result.stdout)")
            }
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    @Test func aDatabaseHoldingTheSameOrganisationIsRefusedWithoutWriting() async throws {
        try await TestDatabase.withMigrated { db in
            let seed = #"{"stream_id":"organisation-232100-0255","event_type":"OrganisationRegistered","payload":{"organisation_id":"232100-0255","name":"Region Skåne","kind":"region"},"metadata":{"actor":"test"},"effective_date":"2023-01-01","organisation_id":"232100-0255"}"#
            try await expectDemoRefused(on: db, after: seed, saying: [
                "demo chapter 1-region-skane was refused", "unique-organisation", "fresh database",
            ])
        }
    }

    @Test func rawEventsTheDomainCannotReadAreReportedWithTheWayOut() async throws {
        try await TestDatabase.withMigrated { db in
            // What the placeholder demo of earlier versions appended: not a domain FundEstablished.
            let raw = #"{"stream_id":"fund-skane","event_type":"FundEstablished","payload":{"name":"x","currency":"SEK","owner":"Region Skåne"}}"#
            try await expectDemoRefused(on: db, after: raw, saying: ["cannot read", "CREATE DATABASE demo"])
        }
    }

    /// With the one raw event `event` appended, `demo` exits 4 with each of `pieces` on stderr, and the
    /// log still holds only that event.
    private func expectDemoRefused(
        on db: TestDatabase, after event: String, saying pieces: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let append = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: event)
        try #require(append.status == 0, "\(append)", sourceLocation: sourceLocation)

        let result = try await FundLedgerCLI.run("demo", on: db)
        #expect(result.status == 4, "\(result)", sourceLocation: sourceLocation)
        for piece in pieces { #expect(result.stderr.contains(piece), "\(result.stderr)", sourceLocation: sourceLocation) }
        #expect(try await FundLedgerCLI.status(of: db).eventCount == 1, sourceLocation: sourceLocation)
    }

    /// The rows of the first table under the heading that starts with `section`, split into cells
    /// (columns are two or more spaces apart; amounts have single spaces).
    static func tableRows(_ output: String, section: String) -> [[String]] {
        let lines = output.components(separatedBy: "\n")
        guard let heading = lines.firstIndex(where: { $0.hasPrefix(section) }) else { return [] }
        var rows: [[String]] = []
        // heading, column names, dashes, then rows until a blank line
        for line in lines.dropFirst(heading + 3) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            if line.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "-" }) { continue }
            rows.append(line.split(separator: /\ {2,}/).map(String.init).filter { !$0.isEmpty })
        }
        return rows
    }
}
