import Foundation
import Testing
import TestSupport

/// `fundledger apply FILE`: JSON or YAML command files, recorded all or none, with messages that name the
/// entry, its line and the field.
@Suite struct CommandFileTests {
    /// Writes `text` to a file named `name` in a fresh folder and passes its path to `body`.
    func withFile<T>(_ name: String, _ text: String, _ body: (String) async throws -> T) async throws -> T {
        try await FundLedgerCLI.withFile(name, Data(text.utf8), label: "command-file", body)
    }

    @Test func theYAMLExampleRecordsEveryEntryInOneTransactionAndARerunIsARetry() async throws {
        try await TestDatabase.withMigrated { db in
            let first = try await FundLedgerCLI.invoke(["apply", "examples/commands/tomelilla-2026.yaml"], on: db)
            #expect(first.status == 0, "\(first)")
            #expect(first.lines.first == "entry 1 (line 9, register_organisation): recorded OrganisationRegistered at position 1 (organisation-212000-0886 version 1, effective 2026-01-01)")
            #expect(first.stdout.contains("entry 4 (line 17, establish_fund): recorded CapitalContributed at position 5"), "\(first)")
            #expect(first.lines.last == "recorded 8 entries as 9 events, all in one transaction")
            let status = try await FundLedgerCLI.status(of: db)
            #expect(status.eventCount == 9)

            let fund = try #require(try await FundLedgerCLI.funds(of: db).first)
            #expect(fund.balanceOre == 475_000_000)
            #expect(fund.committedOre == 75_000_000)
            let read = try await FundLedgerCLI.invoke(["read", "--stream", "fund-tomelilla"], on: db)
            #expect(read.stdout.contains(#""actor": "ekonomi""#), "defaults: actor applies to every entry")

            let again = try await FundLedgerCLI.invoke(["apply", "examples/commands/tomelilla-2026.yaml", "--json"], on: db)
            #expect(again.status == 0, "\(again)")
            let retried = try decodeLines(RecordedLine.self, again.stdout)
            #expect(retried.count == 9)
            #expect(retried.allSatisfy { $0.alreadyRecorded })
            #expect(retried.map(\.globalPosition) == Array(1...9))
            #expect(try await FundLedgerCLI.status(of: db) == status)

            // The JSON example continues the same history.
            let json = try await FundLedgerCLI.invoke(["apply", "examples/commands/tomelilla-2026-q2.json"], on: db)
            #expect(json.status == 0, "\(json)")
            #expect(json.lines.count == 4, "\(json)")
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 50_000_000)
        }
    }

    static let setUp = """
        defaults: {fund: tomelilla, actor: ekonomi}
        commands:
          - {command: register_organisation, organisation: 212000-0886, name: Tomelilla kommun, kind: kommun, effective_date: 2026-01-01}
          - {command: register_department, organisation: 212000-0886, code: BUN, name: BUN, effective_date: 2026-01-01}
          - {command: establish_fund, organisation: 212000-0886, name: Fonden, capital: 1 000 000 kr, effective_date: 2026-01-01}
          - command: apply
            initiative: tidiga-insatser
            title: Tidiga insatser
            departments: [BUN]
            target_group: barn
            priority_area: skola
            requests: {2026: 400 000 kr}
            effective_date: 2026-01-02
          - {command: decide, initiative: tidiga-insatser, body: ks, decision_ref: KS 1, granted: 400 000 kr, effective_date: 2026-01-03}

        """

    @Test func aJSONFileWithABrokenRuleNamesTheEntryAndWritesNothing() async throws {
        try await TestDatabase.withMigrated { db in
            try await withFile("setup.yaml", Self.setUp) { path in
                let result = try await FundLedgerCLI.invoke(["apply", path], on: db)
                try #require(result.status == 0, "\(result)")
            }
            let before = try await FundLedgerCLI.status(of: db)
            let json = """
                [
                  {"command": "disburse", "fund": "tomelilla", "initiative": "tidiga-insatser", "amount": "300 000 kr",
                   "department": "BUN", "voucher": "V-1", "effective_date": "2026-02-01"},
                  {"command": "disburse", "fund": "tomelilla", "initiative": "tidiga-insatser", "amount": 100000.01,
                   "department": "BUN", "voucher": "V-2", "effective_date": "2026-02-01"}
                ]
                """
            try await withFile("disburse.json", json) { path in
                let result = try await FundLedgerCLI.invoke(["apply", path], on: db)
                result.expect(status: 6, saying: "entry 2 (line 4, disburse): cannot disburse 100 000,01 kr")
                #expect(result.stderr.contains("[rule: over-disbursement]; nothing was written"), "\(result)")
                #expect(result.stdout.isEmpty)
            }
            #expect(try await FundLedgerCLI.status(of: db) == before)
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 0)
        }
    }

    @Test(arguments: [
        ("bad.yaml", """
            - {command: contribute, fund: tomelilla, amount: 1 kr, source: KF}
            - {command: contribute, fund: tomelilla, amount: 1 kr, source: KF}
            - {command: contribute, fund: tomelilla, amount: "1.500,00 kr", source: KF}
            """, "entry 3 (line 3, contribute): field amount: cannot read \"1.500,00 kr\""),
        ("typo.yaml", """
            - command: contribute
              fund: tomelilla
              ammount: 1 kr
              source: KF
            """, "entry 1 (line 1, contribute): field ammount: contribute has no such field"),
        ("missing.yml", "- {command: contribute, fund: tomelilla, source: KF}\n",
         "entry 1 (line 1, contribute): field amount: required"),
        ("unknown.yaml", "- {command: pay, fund: tomelilla}\n", "entry 1 (line 1, pay): field command: \"pay\" is not a command"),
        ("date.json", #"[{"command": "contribute", "fund": "tomelilla", "amount": "1", "source": "KF", "effective_date": "1/2/2026"}]"#,
         "entry 1 (line 1, contribute): field effective_date: \"1/2/2026\" is not a date"),
        ("broken.yaml", "- {command: contribute\n  fund: x\n", "is not valid YAML"),
        ("broken.json", #"[{"command": "contribute" "fund": "x"}]"#, "is not valid JSON"),
        ("nested.yaml", "- {command: contribute, fund: {a: [1]}}\n", "field fund: expected a text"),
        ("empty.yaml", "", "the file is empty"),
        ("scalar.yaml", "disburse\n", "expected a list of commands"),
    ])
    func malformedEntriesExit65NamingEntryAndField(name: String, text: String, message: String) async throws {
        try await TestDatabase.withMigrated { db in
            try await withFile("setup.yaml", Self.setUp) { path in
                try #require(try await FundLedgerCLI.invoke(["apply", path], on: db).status == 0)
            }
            let before = try await FundLedgerCLI.status(of: db)
            try await withFile(name, text) { path in
                let result = try await FundLedgerCLI.invoke(["apply", path], on: db)
                result.expectRefused(65, message)
            }
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test func stdinAndCommandLineDefaults() async throws {
        try await TestDatabase.withMigrated { db in
            try await withFile("setup.yaml", Self.setUp) { path in
                try #require(try await FundLedgerCLI.invoke(["apply", path], on: db).status == 0)
            }
            let yaml = """
                - {command: disburse, fund: tomelilla, initiative: tidiga-insatser, amount: 100 000, department: BUN, voucher: V-1}
                - {command: disburse, fund: tomelilla, initiative: tidiga-insatser, amount: 50000.50, department: BUN, voucher: V-2, actor: revisor}
                """
            let result = try await FundLedgerCLI.invoke(
                ["apply", "-", "--actor", "ekonomichef", "--effective-date", "2026-03-01", "--json"], on: db, stdin: yaml)
            #expect(result.status == 0, "\(result)")
            let recorded = try decodeLines(RecordedLine.self, result.stdout)
            #expect(recorded.map(\.effectiveDate) == ["2026-03-01", "2026-03-01"])
            #expect(recorded.map(\.source) == ["entry 1 (line 1, disburse)", "entry 2 (line 2, disburse)"])
            let read = try await FundLedgerCLI.invoke(["read", "--stream", "fund-tomelilla", "--from-version", "5"], on: db)
            #expect(read.stdout.contains(#""actor": "ekonomichef""#), "\(read)")
            #expect(read.stdout.contains(#""actor": "revisor""#), "an entry's own actor wins over --actor")
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 15_000_050)
        }
    }
}
