import Foundation
import Testing
import TestSupport

/// The recording subcommands: each records through the ledger's rules, prints what it wrote, and on a
/// broken rule (exit 6) or malformed input (exit 65) writes nothing.
@Suite struct RecordCommandTests {
    typealias Fixture = RecordingFixture

    @Test func organisationDepartmentAndPeriodCommandsRecordTheOrganisationStream() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.fund(on: db)
            let closed = try await Fixture.expectRecorded(
                ["period", "close", "--organisation", Fixture.organisation, "--through", "2025-12-31", "--effective-date", "2026-01-02"],
                on: db)
            #expect(closed.stdout.contains("recorded PeriodClosed at position 6 (organisation-212000-0886 version 4"), "\(closed)")

            let read = try await FundLedgerCLI.invoke(["read", "--stream", "organisation-\(Fixture.organisation)"], on: db)
            #expect(try decodeLines(ReadLine.self, read.stdout).map(\.eventType)
                == ["OrganisationRegistered", "DepartmentRegistered", "DepartmentRegistered", "PeriodClosed"])

            // A department effective inside the closed period is refused by the ledger's rules.
            let before = try await FundLedgerCLI.status(of: db)
            let late = try await FundLedgerCLI.invoke(
                ["department", "register", "--organisation", Fixture.organisation, "--code", "FK", "--name", "Försäkringskassan",
                 "--kind", "external_actor", "--effective-date", "2025-06-30"], on: db)
            late.expect(status: 6, saying: "[rule: closed-period]; nothing was written")
            #expect(try await FundLedgerCLI.status(of: db) == before)

            let badKind = try await FundLedgerCLI.invoke(
                ["organisation", "register", "--id", "232100-0255", "--name", "Region Skåne", "--kind", "landsting"], on: db)
            badKind.expect(status: 65, saying: "--kind: \"landsting\" is not one of kommun, region")
        }
    }

    @Test func establishingWithCapitalRecordsBothEventsAndTheStatementShowsThem() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.fund(on: db)
            #expect(try await FundLedgerCLI.funds(of: db) == [FundLine(
                fundId: "tomelilla", organisationId: "212000-0886", currency: "SEK", contributedOre: 500_000_000, withdrawnOre: 0,
                disbursedOre: 0, repaidOre: 0, balanceOre: 500_000_000, committedOre: 0, uncommittedOre: 500_000_000,
                initiativeCount: 0)])
            let text = try await FundLedgerCLI.invoke(["funds"], on: db)
            #expect(text.lines.first?.hasPrefix("FUND") == true, "\(text)")
            #expect(text.stdout.contains("5 000 000,00 kr"), "\(text)")

            try await Fixture.expectRecorded(
                ["fund", "contribute", "--fund", "tomelilla", "--amount", "2000000.00", "--source", "KF budget 2027",
                 "--effective-date", "2027-01-01"], on: db)
            try await Fixture.expectRecorded(
                ["fund", "withdraw", "--fund", "tomelilla", "--amount", "500 000 kr", "--decision-ref", "KF 2027/9",
                 "--effective-date", "2027-02-01"], on: db)
            try await Fixture.expectRecorded(
                ["fund", "policy", "--fund", "tomelilla", "--min-cofinancing", "30%", "--max-years", "3",
                 "--max-per-year", "500 000 kr", "--priority-area", "förebygga placeringar", "--effective-date", "2027-02-01"], on: db)
            let fund = try #require(try await FundLedgerCLI.funds(of: db).first)
            #expect(fund.contributedOre == 700_000_000)
            #expect(fund.withdrawnOre == 50_000_000)
            #expect(fund.balanceOre == 650_000_000)

            // The fund's criteria apply when an application is submitted: one department is not enough.
            let before = try await FundLedgerCLI.status(of: db)
            let application = try await FundLedgerCLI.invoke(
                Fixture.application("ensam", departments: ["BUN"]).map { $0 == "2026-01-15" ? "2027-03-01" : $0 }, on: db)
            application.expect(status: 6, saying: "[rule: criterion:minimum-departments]")
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test func establishingIsAtomicWithItsCapital() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.expectRecorded(
                ["organisation", "register", "--id", "212000-0886", "--name", "Tomelilla kommun", "--kind", "kommun"], on: db)
            let before = try await FundLedgerCLI.status(of: db)
            // The fund itself is fine; its capital of 0 kr is not, so neither is recorded.
            let zero = try await FundLedgerCLI.invoke(
                ["fund", "establish", "--id", "tomelilla", "--organisation", "212000-0886", "--name", "Fonden", "--capital", "0 kr"],
                on: db)
            zero.expect(status: 6, saying: "[rule: positive-amount]; nothing was written")
            #expect(try await FundLedgerCLI.status(of: db) == before)
            #expect(try await FundLedgerCLI.funds(of: db).isEmpty)

            let malformed = try await FundLedgerCLI.invoke(
                ["fund", "establish", "--id", "tomelilla", "--organisation", "212000-0886", "--name", "Fonden",
                 "--capital", "5.000.000 kr"], on: db)
            malformed.expect(status: 65, saying: "--capital: cannot read \"5.000.000 kr\" as an amount")
            let badModel = try await FundLedgerCLI.invoke(
                ["fund", "establish", "--id", "tomelilla", "--organisation", "212000-0886", "--name", "Fonden",
                 "--repayment", "share:50%"], on: db)
            badModel.expect(status: 65, saying: "--repayment: \"share:50%\": horizon=YEARS is missing")
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test func anInitiativeFromApplicationToClosing() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let target = Fixture.target
            let disbursed = try await Fixture.expectRecorded(
                ["initiative", "disburse"] + target + ["--amount", "250 000 kr", "--department", "BUN", "--voucher", "V-17",
                                                       "--effective-date", "2026-02-01"], on: db)
            #expect(disbursed.stdout.contains("recorded FundsDisbursed at position 9 (fund-tomelilla version 6, effective 2026-02-01)"),
                    "\(disbursed)")
            try await Fixture.expectRecorded(
                ["initiative", "co-finance"] + target + ["--amount", "100 000 kr", "--contributor", "SOC", "--effective-date", "2026-02-01"],
                on: db)
            try await Fixture.expectRecorded(
                ["saving", "realise", "--fund", "tomelilla", "--saving", "SOC-2027-1", "--initiative", "tidiga-insatser",
                 "--department", "SOC", "--amount", "400 000 kr", "--period-start", "2027-01-01", "--period-end", "2027-12-31",
                 "--evidence", "placeringsstatistik 2027", "--cashable", "--effective-date", "2028-01-15"], on: db)
            try await Fixture.expectRecorded(
                ["saving", "attribute", "--fund", "tomelilla", "--saving", "SOC-2027-1", "--department", "BUN", "--share", "25%",
                 "--effective-date", "2028-01-16"], on: db)
            // Due: 50 % of 400 000 = 200 000, capped by the 250 000 disbursed; 25 % of it (50 000) is BUN's.
            try await Fixture.expectRecorded(
                ["repayment", "receive"] + target + ["--department", "SOC", "--amount", "100 000 kr", "--method", "frame_reduction",
                                                     "--effective-date", "2028-02-01"], on: db)
            try await Fixture.expectRecorded(
                ["repayment", "waive"] + target + ["--department", "BUN", "--amount", "10 000 kr", "--decision-ref", "KS 2028/3",
                                                   "--effective-date", "2028-02-02"], on: db)
            try await Fixture.expectRecorded(
                ["initiative", "measure"] + target + ["--indicator", "placeringar", "--value", "31", "--period", "2027",
                                                      "--effective-date", "2028-02-03"], on: db)
            try await Fixture.expectRecorded(
                ["initiative", "close"] + target + ["--outcome", "implemented", "--effective-date", "2028-03-01"], on: db)

            let initiative = try #require(try await FundLedgerCLI.initiatives(of: db).first)
            #expect(initiative == InitiativeLine(
                fundId: "tomelilla", initiativeId: "tidiga-insatser", status: "closed", grantedOre: 100_000_000,
                disbursedOre: 25_000_000, committedOre: 0, coFinancingOre: 10_000_000, dueOre: 20_000_000, repaidOre: 10_000_000,
                waivedOre: 1_000_000, outstandingOre: 9_000_000))
            let fund = try #require(try await FundLedgerCLI.funds(of: db).first)
            #expect(fund.balanceOre == 500_000_000 - 25_000_000 + 10_000_000)
            let table = try await FundLedgerCLI.invoke(["initiatives", "--fund", "tomelilla"], on: db)
            #expect(table.stdout.contains("closed"), "\(table)")
            #expect(table.stdout.contains("90 000,00 kr"), "\(table)")
        }
    }

    @Test func rejectingAmendingAndRevokingDecisions() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            try await Fixture.expectRecorded(Fixture.application("avslag"), on: db)
            try await Fixture.expectRecorded(
                ["initiative", "reject", "--fund", "tomelilla", "--initiative", "avslag", "--body", "kommunstyrelsen",
                 "--decision-ref", "KS 2026/15", "--reason", "overlaps tidiga-insatser", "--effective-date", "2026-02-01"], on: db)
            try await Fixture.expectRecorded(
                ["initiative", "amend"] + Fixture.target + ["--granted", "1 200 000 kr", "--decision-ref", "KS 2026/40",
                                                            "--effective-date", "2026-03-01"], on: db)
            var initiatives = try await FundLedgerCLI.initiatives(of: db)
            #expect(initiatives.map(\.status) == ["rejected", "decided"])
            #expect(initiatives.last?.grantedOre == 120_000_000)
            #expect(try await FundLedgerCLI.funds(of: db).first?.committedOre == 120_000_000)

            let unreferenced = try await FundLedgerCLI.invoke(["initiative", "revoke"] + Fixture.target, on: db)
            unreferenced.expect(status: 64, saying: "--decision-ref: required")

            try await Fixture.expectRecorded(
                ["initiative", "revoke"] + Fixture.target + ["--decision-ref", "KS 2026/41", "--effective-date", "2026-04-01"], on: db)
            initiatives = try await FundLedgerCLI.initiatives(of: db)
            #expect(initiatives.map(\.status) == ["rejected", "revoked"])
            #expect(try await FundLedgerCLI.funds(of: db).first?.committedOre == 0)
        }
    }

    @Test(arguments: [
        // Above the grant.
        (["initiative", "disburse", "--amount", "1 000 000,01 kr", "--department", "BUN", "--voucher", "V-1"], "over-disbursement"),
        // A department the organisation does not have.
        (["initiative", "disburse", "--amount", "1 kr", "--department", "KUL", "--voucher", "V-1"], "unknown-department"),
        // Nothing saved yet, so nothing to repay.
        (["repayment", "receive", "--department", "SOC", "--amount", "1 kr"], "repayment-without-obligation"),
        // Not an indicator of the application.
        (["initiative", "measure", "--indicator", "sjukfrånvaro", "--value", "3", "--period", "2026"], "unknown-indicator"),
    ])
    func aBrokenRuleExits6AndWritesNothing(words: [String], rule: String) async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            let result = try await FundLedgerCLI.invoke(Array(words.prefix(2)) + Fixture.target + Array(words.dropFirst(2)), on: db)
            result.expect(status: 6, saying: "[rule: \(rule)]; nothing was written")
            #expect(result.stdout.isEmpty)
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test(arguments: [
        (["initiative", "disburse", "--amount", "12,5,0", "--department", "BUN", "--voucher", "V-1"], "--amount: cannot read \"12,5,0\""),
        (["initiative", "disburse", "--amount", "100 EUR", "--department", "BUN", "--voucher", "V-1"], "--amount: cannot read \"100 EUR\""),
        (["initiative", "disburse", "--amount", "100", "--department", "BUN", "--voucher", "V-1", "--effective-date", "2026-02-30"],
         "--effective-date: \"2026-02-30\" is not a date"),
        (["initiative", "disburse", "--amount", "100", "--department", "BUN", "--voucher", "V-1", "--command-id", "retry-1"],
         "--command-id: \"retry-1\" is not a UUID"),
        (["initiative", "decide", "--body", "ks", "--decision-ref", "KS 1", "--granted", "1 kr", "--phasing", "2026:1 kr"],
         "--phasing: \"2026:1 kr\" is not YEAR=AMOUNT"),
        (["saving", "attribute", "--saving", "S", "--department", "BUN", "--share", "25"], "--share: \"25\" is ambiguous; write 25% or 0.25"),
        (["initiative", "close", "--outcome", "done"], "--outcome: \"done\" is not one of completed, discontinued"),
    ])
    func malformedInputExits65NamingTheOption(words: [String], message: String) async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            let target = words.first == "saving" ? ["--fund", "tomelilla"] : Fixture.target
            let result = try await FundLedgerCLI.invoke(Array(words.prefix(2)) + target + Array(words.dropFirst(2)), on: db)
            result.expectRefused(65, message)
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    @Test func aRetryWithTheSameCommandIDIsRecordedOnce() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let id = "6f1c2a9e-3b7d-4c1e-9a55-0d2f8e7b6a41"
            let disburse = ["initiative", "disburse"] + Fixture.target + [
                "--amount", "250 000 kr", "--department", "BUN", "--voucher", "V-17", "--effective-date", "2026-02-01",
                "--command-id", id, "--json",
            ]
            let first = try await FundLedgerCLI.invoke(disburse, on: db)
            #expect(first.status == 0, "\(first)")
            let after = try await FundLedgerCLI.status(of: db)
            let second = try await FundLedgerCLI.invoke(disburse, on: db)
            #expect(second.status == 0, "\(second)")
            #expect(try await FundLedgerCLI.status(of: db) == after)

            let recorded = try decodeLines(RecordedLine.self, first.stdout)
            let retried = try decodeLines(RecordedLine.self, second.stdout)
            #expect(recorded.map(\.eventId) == [id])
            #expect(recorded.map(\.alreadyRecorded) == [false])
            #expect(retried.map(\.alreadyRecorded) == [true])
            #expect(retried.map(\.globalPosition) == recorded.map(\.globalPosition))
            #expect(retried.map(\.eventType) == ["FundsDisbursed"])
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 25_000_000)

            // The same id for a command on another date is not a retry but a mistake.
            let reused = try await FundLedgerCLI.invoke(
                disburse.map { $0 == "2026-02-01" ? "2026-03-01" : $0 }, on: db)
            reused.expect(status: 4, saying: "was used before for FundsDisbursed")
            #expect(try await FundLedgerCLI.status(of: db) == after)
        }
    }

    @Test func aCorrectionReversesAnEventOnce() async throws {
        try await TestDatabase.withMigrated { db in
            try await Fixture.decided(on: db)
            let disbursed = try await FundLedgerCLI.invoke(
                ["initiative", "disburse"] + Fixture.target + ["--amount", "250 000 kr", "--department", "BUN", "--voucher", "V-17",
                                                               "--effective-date", "2026-02-01", "--json"], on: db)
            let event = try #require(try decodeLines(RecordedLine.self, disbursed.stdout).first)
            let reverse = ["correction", "reverse", "--fund", "tomelilla", "--event", event.eventId, "--reason", "wrong voucher",
                           "--effective-date", "2026-02-02"]
            let reversed = try await Fixture.expectRecorded(reverse, on: db)
            #expect(reversed.stdout.contains("recorded EventReversed"), "\(reversed)")
            #expect(try await FundLedgerCLI.initiatives(of: db).first?.disbursedOre == 0)

            let again = try await FundLedgerCLI.invoke(reverse, on: db)
            again.expect(status: 6, saying: "[rule: reverse-once]")
        }
    }
}
