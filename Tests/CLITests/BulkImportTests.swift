import Foundation
import Testing
import TestSupport

/// `fundledger import-rows`: CSV and JSON-lines exports, read whole before anything is written, recorded
/// all or none, with messages naming the row, its line and the column.
@Suite struct BulkImportTests {
    typealias Fixture = RecordingFixture

    /// Writes `bytes` to a file named `name` in a fresh folder and passes its path to `body`.
    func withFile<T>(_ name: String, _ bytes: Data, _ body: (String) async throws -> T) async throws -> T {
        try await FundLedgerCLI.withFile(name, bytes, label: "import-rows", body)
    }

    func withFile<T>(_ name: String, _ text: String, _ body: (String) async throws -> T) async throws -> T {
        try await withFile(name, Data(text.utf8), body)
    }

    func importRows(_ kind: String, _ path: String, on db: TestDatabase, _ extra: [String] = []) async throws -> CLIResult {
        try await FundLedgerCLI.invoke(["import-rows", "--kind", kind, path, "--fund", "tomelilla"] + extra, on: db)
    }

    @Test func aSwedishExcelExportIsRecordedInOneTransactionAndAReimportIsARetry() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            // What Excel writes as "CSV UTF-8" with Swedish settings: a byte-order mark, `;`, CRLF,
            // decimal commas, quoted cells; an empty row as separators only, and a blank line at the end.
            let csv = "\u{FEFF}Initiative;Amount;Department;Voucher;Effective_Date\r\n"
                + "tidiga-insatser;125 000,00;BUN;V-101;2026-05-02\r\n"
                + "tidiga-insatser;\"100 000,50\";BUN;\"V-102; rättad\";2026-06-01\r\n"
                + ";;;;\r\n"
                + "tidiga-insatser;24999.50;SOC;V-103;2026-06-15\r\n"
                + "\r\n"
            try await withFile("disbursements.csv", csv) { path in
                let result = try await importRows("disbursements", path, on: db)
                #expect(result.status == 0, "\(result)")
                #expect(result.lines == [
                    "row 1 (line 2): recorded FundsDisbursed at position 9 (fund-tomelilla version 6, effective 2026-05-02)",
                    "row 2 (line 3): recorded FundsDisbursed at position 10 (fund-tomelilla version 7, effective 2026-06-01)",
                    "row 3 (line 5): recorded FundsDisbursed at position 11 (fund-tomelilla version 8, effective 2026-06-15)",
                    "recorded 3 entries as 3 events, all in one transaction",
                ])
                #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 25_000_000)
                let read = try await FundLedgerCLI.invoke(["read", "--stream", "fund-tomelilla", "--from-version", "7", "--limit", "1"], on: db)
                #expect(read.stdout.contains(#""voucher": "V-102; rättad""#), "\(read)")

                let status = try await FundLedgerCLI.status(of: db)
                let again = try await importRows("disbursements", path, on: db)
                #expect(again.status == 0, "\(again)")
                #expect(again.lines.last == "all 3 entries were recorded before (same content); nothing new was written")
                #expect(try await FundLedgerCLI.status(of: db) == status)
            }
        }
    }

    @Test func oneBadRowInTheMiddleRejectsTheWholeFile() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            let csv = """
                initiative,amount,department,voucher,effective_date
                tidiga-insatser,"125 000,00",BUN,V-101,2026-05-02
                tidiga-insatser,"1.250,00",BUN,V-102,2026-05-03
                tidiga-insatser,1000,BUN,V-103,2026-05-04

                """
            try await withFile("disbursements.csv", csv) { path in
                let result = try await importRows("disbursements", path, on: db)
                result.expectRefused(65, "row 2 (line 3): column amount: cannot read \"1.250,00\" as an amount")
                #expect(result.stdout.isEmpty)
            }
            #expect(try await FundLedgerCLI.status(of: db) == before)
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 0)
        }
    }

    @Test func aBrokenRuleNamesTheRowAndWritesNothing() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            // A quoted reason spanning two lines: the third row starts on line 5.
            let csv = """
                initiative;amount;department;voucher;reason
                tidiga-insatser;600 000;BUN;V-1;första
                tidiga-insatser;300 000;BUN;V-2;"andra
                raden"
                tidiga-insatser;100 000,01;BUN;V-3;tredje

                """
            try await withFile("disbursements.csv", csv) { path in
                let result = try await importRows("disbursements", path, on: db)
                result.expect(status: 6, saying: "row 3 (line 5): cannot disburse 100 000,01 kr")
                #expect(result.stderr.contains("[rule: over-disbursement]; nothing was written"), "\(result)")
            }
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test func tabSeparatedOutcomesWithoutFundOptionUseTheFundColumn() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let tsv = "Fund\tInitiative\tIndicator\tValue\tPeriod\tEffective date\n"
                + "tomelilla\ttidiga-insatser\tplaceringar\t37\t2026-H1\t2026-07-01\n"
                + "tomelilla\ttidiga-insatser\tplaceringar\t33\t2026-H2\t2027-01-10\n"
            try await withFile("outcomes.tsv", tsv) { path in
                let result = try await FundLedgerCLI.invoke(["import-rows", "--kind", "outcomes", path], on: db)
                #expect(result.status == 0, "\(result)")
                #expect(result.lines.last == "recorded 2 entries as 2 events, all in one transaction")
            }
            try await withFile("nofund.csv", "initiative,indicator,value,period\ntidiga-insatser,placeringar,30,2027\n") { path in
                let result = try await FundLedgerCLI.invoke(["import-rows", "--kind", "outcomes", path], on: db)
                result.expect(status: 64, saying: "row 1 (line 2): no fund; pass --fund or add a fund column")
            }
        }
    }

    @Test func savingsThenRepaymentsAsJSONLines() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            try await Fixture.expectRecorded(
                ["initiative", "disburse"] + Fixture.target + ["--amount", "500 000 kr", "--department", "BUN", "--voucher", "V-1",
                                                               "--effective-date", "2026-02-01"], on: db)
            let savings = """
                saving_id,initiative,department,amount,period_start,period_end,evidence,cashable,effective_date
                SOC-2027,tidiga-insatser,SOC,300000.00,2027-01-01,2027-12-31,"Placeringar 2027, socialförvaltningen",ja,2028-01-20
                SOC-2028,tidiga-insatser,SOC,"400 000",2028-01-01,2028-12-31,Placeringar 2028,nej,2029-01-20

                """
            try await withFile("savings.csv", savings) { path in
                let result = try await importRows("savings", path, on: db)
                #expect(result.status == 0, "\(result)")
            }
            // Due: 50 % of each saving, capped at the 500 000 disbursed: 150 000 + 200 000.
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.dueOre == 35_000_000)

            let repayments = """
                {"initiative": "tidiga-insatser", "department": "SOC", "amount": "150 000 kr", "method": "cash", "effective_date": "2028-02-01"}
                {"initiative": "tidiga-insatser", "department": "SOC", "amount": 100000, "method": "frame_reduction", "effective_date": "2029-02-01"}

                """
            try await withFile("repayments.jsonl", repayments) { path in
                let result = try await importRows("repayments", path, on: db, ["--json"])
                #expect(result.status == 0, "\(result)")
                let recorded = try decodeLines(RecordedLine.self, result.stdout)
                #expect(recorded.map(\.eventType) == ["RepaymentReceived", "RepaymentReceived"])
                #expect(recorded.map(\.source) == ["row 1 (line 1)", "row 2 (line 2)"])
            }
            let initiative = try #require(try await FundLedgerCLI.initiatives(of: db).first)
            #expect(initiative.repaidOre == 25_000_000)
            #expect(initiative.outstandingOre == 10_000_000)
        }
    }

    @Test(arguments: [
        ("header.csv", "initiative;amount;department;vouchr\n", "line 1 (header): column vouchr is not a column of disbursements"),
        ("missing.csv", "initiative;amount;department\ntidiga-insatser;1;BUN\n", "line 1 (header): column voucher is missing"),
        ("twice.csv", "initiative,amount,department,voucher,Amount\n", "column amount appears twice"),
        ("count.csv", "initiative;amount;department;voucher\ntidiga-insatser;1;BUN;V-1\ntidiga-insatser;1;BUN\n",
         "row 2 (line 3): 3 fields, but the header has 4"),
        ("quote.csv", "initiative;amount;department;voucher\ntidiga-insatser;1;BUN;\"V-1\n", "line 2: a quoted field is never closed"),
        ("after.csv", "initiative;amount;department;voucher\ntidiga-insatser;1;BUN;\"V-1\"x\n", "line 2: text after a closing quote"),
        ("date.csv", "initiative;amount;department;voucher;effective_date\ntidiga-insatser;1;BUN;V-1;01/05/2026\n",
         "row 1 (line 2): column effective_date: \"01/05/2026\" is not a date"),
        ("empty.csv", "", "the file is empty"),
        ("rows.jsonl", "{\"initiative\": \"tidiga-insatser\", \"amount\": \"1\", \"department\": \"BUN\", \"voucher\": \"V\", \"note\": \"x\"}\n",
         "row 1 (line 1): field note: not a field of disbursements"),
        ("rows.jsonl", "{\"initiative\": \"tidiga-insatser\", \"amount\": \"1\", \"department\": \"BUN\"}\n",
         "row 1 (line 1): field voucher: required"),
    ])
    func malformedFilesExit65NamingRowLineAndColumn(name: String, text: String, message: String) async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            try await withFile(name, text) { path in
                let result = try await importRows("disbursements", path, on: db)
                result.expectRefused(65, message)
            }
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test func aFileThatIsNotUTF8IsRefusedWithAHint() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            // "ä" as Windows-1252 / Latin-1 writes it: one byte, 0xE4, which is not UTF-8.
            var bytes = Data("initiative;amount;department;voucher\ntidiga-insatser;1;BUN;V-1 r".utf8)
            bytes.append(0xE4)
            bytes.append(contentsOf: Data("ttelse\n".utf8))
            try await withFile("latin1.csv", bytes) { path in
                let result = try await importRows("disbursements", path, on: db)
                result.expect(status: 65, saying: "is not UTF-8 text")
            }
        }
    }

    @Test func swedishExcelColumnsAndDialectAreAccepted() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            // As Swedish Excel saves "CSV UTF-8": a byte-order mark, semicolons, decimal commas, Swedish headers.
            let csv = "\u{FEFF}Initiativ;Belopp;Avdelning;Verifikation;Datum\r\ntidiga-insatser;150 000,50;BUN;V-301;2026-02-10\r\n"
            try await withFile("utbetalningar.csv", csv) { path in
                let result = try await importRows("disbursements", path, on: db)
                #expect(result.status == 0, "\(result)")
            }
            let initiative = try #require(try await FundLedgerCLI.initiatives(of: db).first { $0.initiativeId == "tidiga-insatser" })
            #expect(initiative.disbursedOre == 15_000_050)
        }
    }
}
