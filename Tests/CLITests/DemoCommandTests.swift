import Foundation
import Testing
import TestSupport

/// `fundledger demo`: the article's funds recorded through `LedgerService` with fixed command ids, then
/// statements, trial balance and verify. A second run is an idempotent retry.
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

    /// The scenario records 85 commands (one event each); two more are refused and write nothing.
    static let commandCount = 85

    @Test func demoOnAFreshDatabasePrintsTheHandComputedStatements() async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await FundLedgerCLI.run("demo", on: db)
            try #require(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")

            let rows = Self.tableRows(result.stdout, section: "FUND STATEMENTS")
            #expect(rows.map(\.first) == ["skane", "tomelilla", "eslov", "malmo-barn-unga", "malmo-hemloshet", "malmo-personalhalsa"])
            for row in rows {
                #expect(Array(row.dropFirst().prefix(6)) == Self.expectedStatements[row[0]], "statement of \(row[0])")
            }

            // The refusals: Eslöv's criterion 1 at submission, Region Skåne's co-financing at decision.
            #expect(result.stdout.contains("[rule: criterion:minimum-departments]"), "\(result.stdout)")
            #expect(result.stdout.contains("[rule: criterion:minimum-co-financing]"), "\(result.stdout)")
            #expect(result.stdout.contains("Commands: \(Self.commandCount) recorded now, 0 already recorded"), "\(result.stdout)")

            // Repayments of the cross-department initiative: 50 % of 400 000 + 1 000 000 from SOC (20 % of the
            // second attributed to BUN) and of 300 000 from RSHS (waived) = 850 000 due, 550 000 repaid.
            let repayments = Self.tableRows(result.stdout, section: "REPAYMENTS")
            #expect(repayments.contains(["tomelilla-tidigt-stod", "SOC", "600 000,00 kr", "450 000,00 kr", "0,00 kr", "150 000,00 kr"]))
            #expect(repayments.contains(["tomelilla-tidigt-stod", "BUN", "100 000,00 kr", "100 000,00 kr", "0,00 kr", "0,00 kr"]))
            #expect(repayments.contains(["tomelilla-tidigt-stod", "RSHS", "150 000,00 kr", "0,00 kr", "150 000,00 kr", "0,00 kr"]))
            #expect(repayments.contains(["malmo-tidig-rehab", "GRF", "400 000,00 kr", "400 000,00 kr", "0,00 kr", "0,00 kr"]))
            #expect(result.lines.contains("  tomelilla-tidigt-stod (tomelilla): invested by BUN, saved in SOC, RSHS"))

            // Trial balance: cash is the sum of the balances (47 800 000), capital the contributions
            // (53 000 000), disbursements 7 400 000, receivable 650 000 outstanding, accrued 2 850 000 due − waived.
            let trial = Self.tableRows(result.stdout, section: "TRIAL BALANCE")
            // 2026, the demo's last year: result accounts open at zero; the capital opens with the 53 MSEK
            // contributed less the 7 200 000 kr net result (disbursed less accrued repayments) of 2023–2025.
            #expect(trial.contains(["1930", "fund cash (likvida medel)", "45 800 000,00 kr", "2 000 000,00 kr", "0,00 kr", "47 800 000,00 kr"]))
            #expect(trial.contains(["2081", "fund capital (öronmärkt eget kapital)", "-45 800 000,00 kr", "0,00 kr", "0,00 kr", "-45 800 000,00 kr"]))
            #expect(trial.contains(["4690", "disbursements (utbetalda medel)", "0,00 kr", "0,00 kr", "0,00 kr", "0,00 kr"]))
            #expect(trial.contains(["1519", "repayments receivable (fordran återbetalning)", "0,00 kr", "2 750 000,00 kr", "2 100 000,00 kr", "650 000,00 kr"]))
            #expect(trial.contains(["total", "0,00 kr"]))

            let status = try await FundLedgerCLI.status(of: db)
            #expect(status.eventCount == Int64(Self.commandCount))
            #expect(result.stdout.contains(
                "verified \(status.eventCount) events: chain intact, head position \(status.headPosition), head hash \(status.headHash)"))
        }
    }

    @Test func aSecondRunWritesNothingAndPrintsTheSameStatements() async throws {
        try await TestDatabase.withMigrated { db in
            let first = try await FundLedgerCLI.run("demo", on: db)
            try #require(first.status == 0, "\(first)")
            let afterFirst = try await FundLedgerCLI.status(of: db)

            let second = try await FundLedgerCLI.run("demo", on: db)
            try #require(second.status == 0, "\(second)")
            #expect(try await FundLedgerCLI.status(of: db) == afterFirst)
            #expect(second.stdout.contains("Commands: 0 recorded now, \(Self.commandCount) already recorded"), "\(second.stdout)")
            #expect(!second.lines.contains { $0.hasPrefix("  + ") }, "\(second.stdout)")
            // The refused submission is attempted again and refused again; the refused decision is not retried.
            #expect(second.stdout.contains("[rule: criterion:minimum-departments]"))
            #expect(second.lines.contains { $0.hasPrefix("  - ") && $0.contains("skane-skolmiljo") })

            let reports = { (text: String) in text.components(separatedBy: "\nFUND STATEMENTS").dropFirst().joined() }
            #expect(!reports(first.stdout).isEmpty)
            #expect(reports(second.stdout) == reports(first.stdout))
        }
    }

    @Test func aDatabaseHoldingTheSameOrganisationIsRefusedWithoutWriting() async throws {
        try await TestDatabase.withMigrated { db in
            let seed = #"{"stream_id":"organisation-232100-0255","event_type":"OrganisationRegistered","payload":{"organisation_id":"232100-0255","name":"Region Skåne","kind":"region"},"metadata":{"actor":"test"},"effective_date":"2023-01-01","organisation_id":"232100-0255"}"#
            let append = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: seed)
            try #require(append.status == 0, "\(append)")

            let result = try await FundLedgerCLI.run("demo", on: db)
            #expect(result.status == 4, "\(result)")
            #expect(result.stderr.contains("demo step skane/organisation was refused"), "\(result.stderr)")
            #expect(result.stderr.contains("unique-organisation"), "\(result.stderr)")
            #expect(result.stderr.contains("fresh database"), "\(result.stderr)")
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 1)
        }
    }

    @Test func rawEventsTheDomainCannotReadAreReportedWithTheWayOut() async throws {
        try await TestDatabase.withMigrated { db in
            // What the placeholder demo of earlier versions appended: not a domain FundEstablished.
            let raw = #"{"stream_id":"fund-skane","event_type":"FundEstablished","payload":{"name":"x","currency":"SEK","owner":"Region Skåne"}}"#
            let append = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: raw)
            try #require(append.status == 0, "\(append)")

            let result = try await FundLedgerCLI.run("demo", on: db)
            #expect(result.status == 4, "\(result)")
            #expect(result.stderr.contains("cannot read"), "\(result.stderr)")
            #expect(result.stderr.contains("CREATE DATABASE demo"), "\(result.stderr)")
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 1)
        }
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
