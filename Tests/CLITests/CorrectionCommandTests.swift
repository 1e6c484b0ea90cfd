import Foundation
import Testing
import TestSupport

/// `correction reverse` finds the event by voucher or position as well as by id, and shows what it
/// reverses before writing (issue 11: a correction needed a UUID dug out of raw JSON).
@Suite struct CorrectionCommandTests {
    @Test func reverseByVoucherOrPositionShowsWhatItUndoes() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.decided(on: db)
            func disburse(_ voucher: String, _ date: String) async throws -> RecordedLine {
                let result = try await FundLedgerCLI.invoke(["initiative", "disburse"] + RecordingFixture.target + [
                    "--amount", "100 000 kr", "--department", "BUN", "--voucher", voucher, "--effective-date", date, "--json"], on: db)
                try #require(result.status == 0, "\(result)")
                return try decodeLines(RecordedLine.self, result.stdout)[0]
            }
            let first = try await disburse("V-17", "2026-02-01")
            let second = try await disburse("V-18", "2026-02-02")
            let reverse = ["correction", "reverse", "--fund", "tomelilla", "--reason", "fel belopp", "--effective-date", "2026-03-01"]

            let before = try await FundLedgerCLI.status(of: db)
            let dry = try await FundLedgerCLI.invoke(reverse + ["--voucher", "V-17", "--dry-run"], on: db)
            dry.expect(status: 0, saying: "reverses FundsDisbursed at position \(first.globalPosition)")
            #expect(dry.stderr.contains("100 000,00 kr to BUN for tidiga-insatser, voucher V-17"), "\(dry)")
            // As the rule unique-voucher compares vouchers (an upgrade probe found one "already used" and "not found").
            let folded = try await FundLedgerCLI.invoke(reverse + ["--voucher", "v\u{2010}17", "--dry-run"], on: db)
            #expect(folded.status == 0 && folded.stderr.contains("voucher V-17"), "\(folded)")
            #expect(try await FundLedgerCLI.status(of: db) == before, "a dry run writes nothing")

            let byVoucher = try await FundLedgerCLI.invoke(reverse + ["--voucher", "V-17"], on: db)
            #expect(byVoucher.status == 0, "\(byVoucher)")
            #expect(byVoucher.lines.first?.hasPrefix("reverses FundsDisbursed at position \(first.globalPosition)") == true, "\(byVoucher)")
            #expect(byVoucher.stdout.contains("recorded EventReversed"), "\(byVoucher)")

            let byPosition = try await FundLedgerCLI.invoke(reverse + ["--position", "\(second.globalPosition)"], on: db)
            #expect(byPosition.status == 0, "\(byPosition)")
            #expect(byPosition.stdout.contains("voucher V-18"), "\(byPosition)")
            let initiatives = try await FundLedgerCLI.initiatives(of: db)
            #expect(initiatives.first { $0.initiativeId == RecordingFixture.initiative }?.disbursedOre == 0)

            // Nothing left to find, and the options say what they need.
            let after = try await FundLedgerCLI.status(of: db)
            let gone = try await FundLedgerCLI.invoke(reverse + ["--voucher", "V-17"], on: db)
            #expect(gone.status == 6 && gone.stderr.contains("not reversed"), "\(gone)")
            let elsewhere = try await FundLedgerCLI.invoke(reverse + ["--position", "1"], on: db)
            #expect(elsewhere.status == 6 && elsewhere.stderr.contains("--position"), "\(elsewhere)")
            for bad in [[String](), ["--voucher", "V-17", "--position", "3"], ["--position", "3", "--year", "2026"], ["--event", "nope"]] {
                let result = try await FundLedgerCLI.invoke(reverse + bad, on: db)
                #expect(result.status == 64, "\(bad): \(result)")
            }
            #expect(try await FundLedgerCLI.status(of: db) == after)
        }
    }
}
