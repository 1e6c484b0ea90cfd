import Foundation
import Testing
import TestSupport

extension FundLedgerCLI {
    /// Runs `fundledger words… --database <db>` (for nested subcommands such as `fund establish`).
    static func invoke(_ words: [String], on db: TestDatabase, stdin: String = "") async throws -> CLIResult {
        try await run(words + ["--database", db.conninfo], stdin: stdin)
    }

    /// `fundledger funds --json` on `db`, decoded.
    static func funds(of db: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [FundLine] {
        let result = try await invoke(["funds", "--json"], on: db)
        try #require(result.status == 0, "funds failed: \(result)", sourceLocation: sourceLocation)
        return try decodeLines(FundLine.self, result.stdout)
    }

    /// `fundledger initiatives --json` on `db`, decoded.
    static func initiatives(of db: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [InitiativeLine] {
        let result = try await invoke(["initiatives", "--json"], on: db)
        try #require(result.status == 0, "initiatives failed: \(result)", sourceLocation: sourceLocation)
        return try decodeLines(InitiativeLine.self, result.stdout)
    }
}

/// One line of `funds --json`.
struct FundLine: Decodable, Equatable {
    var fundId: String
    var organisationId: String
    var currency: String
    var contributedOre: Int64
    var withdrawnOre: Int64
    var disbursedOre: Int64
    var repaidOre: Int64
    var balanceOre: Int64
    var committedOre: Int64
    var uncommittedOre: Int64
    var initiativeCount: Int
}

/// One line of `initiatives --json`.
struct InitiativeLine: Decodable, Equatable {
    var fundId: String
    var initiativeId: String
    var status: String
    var grantedOre: Int64
    var disbursedOre: Int64
    var committedOre: Int64
    var coFinancingOre: Int64
    var dueOre: Int64
    var repaidOre: Int64
    var waivedOre: Int64
    var outstandingOre: Int64
}

/// One line of a recording command's `--json` output.
struct RecordedLine: Decodable, Equatable {
    var source: String?
    var eventId: String
    var eventType: String
    var globalPosition: Int64
    var streamId: String
    var streamVersion: Int64
    var effectiveDate: String
    var alreadyRecorded: Bool
}

/// A small ledger recorded through the ergonomic subcommands: Tomelilla kommun with BUN and SOC, a fund of
/// 5 MSEK whose policy asks for two departments and repays 50 % of savings up to what was disbursed, and
/// the initiative `tidiga-insatser` applied for and granted 1 MSEK.
enum RecordingFixture {
    static let organisation = "212000-0886"
    static let fund = "tomelilla"
    static let initiative = "tidiga-insatser"

    /// The options that name the fund and initiative.
    static let target = ["--fund", fund, "--initiative", initiative]

    /// Records the organisation, departments and fund.
    static func fund(on db: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await expectRecorded(["organisation", "register", "--id", organisation, "--name", "Tomelilla kommun", "--kind", "kommun",
                                  "--effective-date", "2026-01-01"], on: db, sourceLocation: sourceLocation)
        for (code, name) in [("BUN", "Barn- och utbildningsnämnden"), ("SOC", "Socialnämnden")] {
            try await expectRecorded(["department", "register", "--organisation", organisation, "--code", code, "--name", name,
                                      "--kind", "committee", "--effective-date", "2026-01-01"], on: db, sourceLocation: sourceLocation)
        }
        try await expectRecorded([
            "fund", "establish", "--id", fund, "--organisation", organisation, "--name", "Sociala investeringsfonden",
            "--capital", "5 000 000 kr", "--min-departments", "2", "--repayment", "share:50%:cap=disbursed:horizon=5",
            "--effective-date", "2026-01-01",
        ], on: db, sourceLocation: sourceLocation)
    }

    /// The fund, plus `tidiga-insatser` applied for, assessed and granted 1 000 000 kr.
    static func decided(on db: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await fund(on: db, sourceLocation: sourceLocation)
        try await expectRecorded(application(initiative), on: db, sourceLocation: sourceLocation)
        try await expectRecorded(
            ["initiative", "assess"] + target + ["--assessor", "utvecklingsstrateg", "--effective-date", "2026-01-20"], on: db,
            sourceLocation: sourceLocation)
        try await expectRecorded(["initiative", "decide"] + target + [
            "--body", "kommunstyrelsen", "--decision-ref", "KS 2026/14", "--granted", "1 000 000 kr",
            "--phasing", "2026=500 000 kr", "--phasing", "2027=500 000 kr", "--effective-date", "2026-01-31",
        ], on: db, sourceLocation: sourceLocation)
    }

    /// `initiative apply` arguments for an application by BUN and SOC.
    static func application(_ id: String, departments: [String] = ["BUN", "SOC"]) -> [String] {
        ["initiative", "apply", "--fund", fund, "--initiative", id, "--title", "Tidiga insatser i förskolan"]
            + departments.flatMap { ["--department", $0] }
            + ["--target-group", "barn och unga 0-18", "--priority-area", "förebygga placeringar",
               "--request", "2026=500 000 kr", "--request", "2027=500 000 kr", "--co-financing", "300 000 kr",
               "--expected-saving", "SOC:2028=400 000 kr", "--indicator", "placeringar|barn|40|25",
               "--effective-date", "2026-01-15"]
    }

    /// Runs a recording command and expects it to succeed.
    @discardableResult
    static func expectRecorded(
        _ words: [String], on db: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CLIResult {
        let result = try await FundLedgerCLI.invoke(words, on: db)
        try #require(result.status == 0, "\(words.prefix(2).joined(separator: " ")) failed: \(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("recorded "), "\(result)", sourceLocation: sourceLocation)
        return result
    }
}
