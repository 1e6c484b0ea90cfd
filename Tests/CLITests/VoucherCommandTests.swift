import Foundation
import Testing
import TestSupport

/// A voucher number is used once a fiscal year through every way a disbursement is recorded (issue 11:
/// recording.md's own examples booked V-17 twice without a word).
@Suite struct VoucherCommandTests {
    @Test func aSecondUseIsRefusedUnlessMarkedRepeated() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.decided(on: db)
            let disburse = ["initiative", "disburse"] + RecordingFixture.target + ["--amount", "1 000 kr", "--department", "BUN", "--voucher", "V-17",
                                                                                 "--effective-date", "2026-02-01", "--json"]
            let first = try await FundLedgerCLI.invoke(disburse, on: db)
            try #require(first.status == 0, "\(first)")
            let firstID = try decodeLines(RecordedLine.self, first.stdout)[0].eventId
            let before = try await FundLedgerCLI.status(of: db)
            let again = try await FundLedgerCLI.invoke(disburse.map { $0 == "2026-02-01" ? "2026-06-01" : $0 }, on: db)
            #expect(again.status == 6, "\(again)")
            #expect(again.stderr.contains("[rule: unique-voucher]") && again.stderr.contains(firstID), "\(again)")
            #expect(try await FundLedgerCLI.status(of: db) == before)

            try await FundLedgerCLI.withTemporaryFolder("vouchers") { folder in
                let rows = folder.appendingPathComponent("rows.csv")
                try Data("initiative;amount;department;voucher;effective_date\ntidiga-insatser;100;BUN;V-20;2026-03-01\ntidiga-insatser;100;SOC;V-20;2026-03-02\n".utf8).write(to: rows)
                let imported = try await FundLedgerCLI.invoke(["import-rows", "--kind", "disbursements", "--fund", "tomelilla", rows.path], on: db)
                #expect(imported.status == 6, "\(imported)")
                #expect(imported.stderr.contains("row 2") && imported.stderr.contains("unique-voucher"), "\(imported)")
                #expect(try await FundLedgerCLI.status(of: db) == before)

                let repeated = try await FundLedgerCLI.invoke(disburse.map { $0 == "--json" ? "--repeated-voucher" : $0 }, on: db)
                #expect(repeated.status == 0, "\(repeated)")
                let file = folder.appendingPathComponent("c.yaml")
                try Data("- {command: disburse, fund: tomelilla, initiative: tidiga-insatser, amount: 1 kr, department: SOC, voucher: V-17, repeated_voucher: true, effective_date: 2026-07-01}\n".utf8).write(to: file)
                let applied = try await FundLedgerCLI.invoke(["apply", file.path], on: db)
                #expect(applied.status == 0, "\(applied)")
                let nextYear = try await FundLedgerCLI.invoke(disburse.map { $0 == "2026-02-01" ? "2027-01-05" : $0 }, on: db)
                #expect(nextYear.status == 0, "another fiscal year: \(nextYear)")
            }
        }
    }
}
