import Foundation
import Testing
import TestSupport

/// `fundledger valuation …`: valuation data recorded through the ledger's rules from the command line and
/// from a CSV catalogue, all or nothing, with messages naming the rule, or the row, line and column.
@Suite struct ValuationCommandTests {
    typealias Fixture = RecordingFixture

    func valuation(_ words: [String], on db: TestDatabase) async throws -> CLIResult {
        try await FundLedgerCLI.invoke(["valuation"] + words + ["--effective-date", "2026-03-01"], on: db)
    }

    func withFile<T>(_ text: String, _ body: (String) async throws -> T) async throws -> T {
        try await FundLedgerCLI.withFile("catalogue.csv", Data(text.utf8), label: "catalogue", body)
    }

    static let unitCost = ["unit-cost", "--organisation", Fixture.organisation, "--outcome", "placering", "--description", "en placering ett år",
                           "--unit", "placement-year", "--cost", "1 000 000 kr", "--source", "SKR 2025", "--price-year", "2025"]

    @Test func aUnitCostIsRecordedAndABadSplitIsRefusedByName() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.fund(on: db)
            let status = try await FundLedgerCLI.status(of: db)
            let bad = try await valuation(Self.unitCost + ["--share", "kommun=900 000", "--share", "region=50 000"], on: db)
            bad.expect(status: 6, saying: "adds up to 950 000,00 kr, not the unit cost of 1 000 000,00 kr [rule: split-sum]; nothing was written")
            #expect(try await FundLedgerCLI.status(of: db) == status)
            let good = try await valuation(Self.unitCost + ["--share", "kommun=900 000", "--share", "region=100 000:non-cashable"], on: db)
            #expect(good.status == 0, "\(good)")
            #expect(good.stdout.hasPrefix("recorded UnitCostRecorded at position"), "\(good)")
            #expect(good.stdout.contains("valuation-\(Fixture.organisation) version 1"), "\(good)")
            let malformed = try await valuation(Self.unitCost + ["--share", "kommun"], on: db)
            #expect(malformed.status == 65 && malformed.stderr.contains("--share"), "\(malformed)")
        }
    }

    @Test func assumptionsOutsideTheirRangeAreRefusedAndOthersRecordedOnTheFund() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let target = ["assumptions"] + Fixture.target + ["--attribution", "30%", "--drop-off", "0.3", "--horizon-years", "2", "--source", "plan"]
            let tooHigh = try await valuation(target + ["--deadweight", "120%"], on: db)
            tooHigh.expect(status: 6, saying: "the deadweight is 120%; it must be between 0 % and 100 % [rule: rate-range]")
            let ok = try await valuation(target + ["--deadweight", "40%", "--target-group-size", "160"], on: db)
            #expect(ok.status == 0 && ok.stdout.contains("EvaluationAssumptionsRecorded") && ok.stdout.contains("fund-tomelilla"), "\(ok)")
            let unknown = try await valuation(["assumptions", "--fund", "okand", "--source", "plan"], on: db)
            #expect(unknown.status == 6 && unknown.stderr.contains("[rule: unknown-fund]"), "\(unknown)")
        }
    }

    @Test func proxiesIndicesAndContractsAreRecordedOrRefused() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let proxy = try await valuation(["proxy", "--organisation", Fixture.organisation, "--outcome", "placeringar", "--description", "en undviken placering",
                                             "--unit", "barn", "--value", "8 500", "--source", "illustrativ", "--price-year", "2026"], on: db)
            #expect(proxy.status == 0, "\(proxy)")
            let index = try await valuation(["index", "--organisation", Fixture.organisation, "--level", "2025=417,46", "--level", "2026=425.1",
                                             "--source", "SCB KPI"], on: db)
            #expect(index.status == 0 && index.stdout.contains("PriceIndexRecorded"), "\(index)")
            let contract = try await valuation(["contract", "--fund", Fixture.fund, "--contract", "sib", "--initiative", Fixture.initiative,
                                                "--treated", "placeringar", "--comparison", "jamforelse", "--threshold", "10%",
                                                "--payment-per-outcome", "10 000", "--cap", "100 000", "--source", "avtal"], on: db)
            #expect(contract.status == 6 && contract.stderr.contains("[rule: unknown-indicator]"), "\(contract)")
        }
    }

    static let catalogue = """
        outcome;description;unit;kind;cost;price_year;source;actor;amount;cashable
        domestic-violence-incident;one incident;incident;fiscal;2 470;2025;GM unit cost database;nhs;1 171;yes
        domestic-violence-incident;one incident;incident;fiscal;2 470;2025;GM unit cost database;criminal-justice;581;yes
        domestic-violence-incident;one incident;incident;fiscal;2 470;2025;GM unit cost database;police;415;no
        domestic-violence-incident;one incident;incident;fiscal;2 470;2025;GM unit cost database;childrens-services;193;yes
        domestic-violence-incident;one incident;incident;fiscal;2 470;2025;GM unit cost database;housing;110;yes
        utanforskap;ett års utanförskap;person-year;;437 500;2025;Nilsson & Wadeskog (illustrativ fördelning);kommun;437 500;

        """

    @Test func aCatalogueIsImportedInOneTransactionAndAReimportIsARetry() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.fund(on: db)
            try await withFile(Self.catalogue) { path in
                let first = try await valuation(["import-catalogue", path, "--organisation", Fixture.organisation], on: db)
                #expect(first.status == 0, "\(first)")
                #expect(first.lines.first?.hasPrefix("outcome domestic-violence-incident (rows 1, 2, 3, 4, 5): recorded UnitCostRecorded") == true, "\(first)")
                #expect(first.lines.last == "recorded 2 entries as 2 events, all in one transaction", "\(first)")
                let status = try await FundLedgerCLI.status(of: db)
                let again = try await valuation(["import-catalogue", path, "--organisation", Fixture.organisation], on: db)
                #expect(again.status == 0 && again.lines.last == "all 2 entries were recorded before (same content); nothing new was written", "\(again)")
                #expect(try await FundLedgerCLI.status(of: db) == status)
            }
        }
    }

    @Test func aBadRowOrEntryRejectsTheWholeCatalogue() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.fund(on: db)
            let status = try await FundLedgerCLI.status(of: db)
            let badAmount = Self.catalogue.replacingOccurrences(of: "police;415", with: "police;4,15,0")
            try await withFile(badAmount) { path in
                let result = try await valuation(["import-catalogue", path, "--organisation", Fixture.organisation], on: db)
                result.expect(status: 65, saying: "row 3 (line 4), column amount:")
            }
            let badSplit = Self.catalogue.replacingOccurrences(of: "housing;110", with: "housing;100")
            try await withFile(badSplit) { path in
                let result = try await valuation(["import-catalogue", path, "--organisation", Fixture.organisation], on: db)
                result.expect(status: 6, saying: "outcome domestic-violence-incident (rows 1, 2, 3, 4, 5): domestic-violence-incident: the split")
                #expect(result.stderr.contains("[rule: split-sum]; nothing was written"), "\(result)")
            }
            let disagreeing = Self.catalogue.replacingOccurrences(of: "2 470;2025;GM unit cost database;housing", with: "2 471;2025;GM unit cost database;housing")
            try await withFile(disagreeing) { path in
                let result = try await valuation(["import-catalogue", path, "--organisation", Fixture.organisation], on: db)
                #expect(result.status == 65 && result.stderr.contains("row 5 (line 6), column cost"), "\(result)")
            }
            #expect(try await FundLedgerCLI.status(of: db) == status)
        }
    }
}
