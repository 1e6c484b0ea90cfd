import Foundation
import Testing
import TestSupport

/// What issue 11 found when following the documentation literally: examples that could not be typed as
/// written, help that repeated its defaults, a missing --fund reported as bad data.
@Suite struct HelpAndExampleTests {
    /// Every subcommand's path, found by walking `--help`.
    static let commands: [[String]] = [
        ["migrate"], ["status"], ["organisation", "register"], ["department", "register"], ["period", "close"],
        ["fund", "establish"], ["fund", "policy"], ["fund", "contribute"], ["fund", "withdraw"],
        ["initiative", "apply"], ["initiative", "assess"], ["initiative", "decide"], ["initiative", "reject"],
        ["initiative", "amend"], ["initiative", "revoke"], ["initiative", "disburse"], ["initiative", "co-finance"],
        ["initiative", "close"], ["initiative", "measure"], ["saving", "realise"], ["saving", "attribute"],
        ["repayment", "receive"], ["repayment", "waive"], ["correction", "reverse"], ["apply"], ["import-rows"],
        ["valuation", "unit-cost"], ["valuation", "proxy"], ["valuation", "index"], ["valuation", "assumptions"],
        ["valuation", "contract"], ["valuation", "import-catalogue"], ["funds"], ["initiatives"], ["project"], ["replay"],
        ["report"], ["plugins"], ["append"], ["read"], ["verify"], ["export"], ["import"], ["db", "start"], ["demo"],
        ["serve"], ["user", "add"], ["user", "list"], ["user", "disable"],
    ]

    @Test func helpStatesEachDefaultOnceAndQuotesItsExamples() async throws {
        for words in Self.commands {
            let help = try await FundLedgerCLI.run(words + ["--help"])
            #expect(help.status == 0, "\(words): \(help)")
            #expect(help.stdout.range(of: #"\(default:? [^)]*\)\.? *\(default"#, options: .regularExpression) == nil, "\(words) repeats a default")
            // A decision reference in an example holds a space: it must be quoted to be typed as shown.
            #expect(help.stdout.range(of: #"--decision-ref [A-Z]+ \d"#, options: .regularExpression) == nil, "\(words): \(help.stdout)")
        }
    }

    @Test func aReportWithoutItsFundIsAUsageErrorNamingIt() async throws {
        try await TestDatabase.withMigrated { db in
            for plugin in ["fund-statement", "portfolio", "repayments", "savings-flows", "audit-trail", "sie"] {
                let result = try await FundLedgerCLI.run("report", on: db, [plugin])
                #expect(result.status == 64, "\(plugin): \(result)")
                #expect(result.stderr.contains("parameter fund: required; give it with --fund ID"), "\(plugin): \(result)")
            }
            let plugins = try await FundLedgerCLI.run(["plugins", "--lang", "sv"])
            #expect(plugins.stdout.contains("--param fund=<text>  Fonden (dess id). (required)"), "\(plugins.stdout)")
            let english = try await FundLedgerCLI.run(["plugins", "--lang", "en"])
            #expect(english.stdout.contains("--param fund=<text>  The fund (its id). (required)"), "\(english.stdout)")
        }
    }

    @Test func anEventSpreadOverSeveralLinesIsToldSo() async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await FundLedgerCLI.run("append", on: db, stdin: "{\"stream_id\": \"audit-2026\",\n \"event_type\": \"X\", \"payload\": {}}\n")
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.contains("line 1") && result.stderr.contains("one JSON object on one line"), "\(result)")
        }
    }

    /// The files the documentation names are shipped: the tour's command file, rows and catalogue.
    @Test func theExampleFilesTheDocsNameExist() throws {
        for path in ["examples/commands/tomelilla-2026.yaml", "examples/rows/disbursements.csv", "examples/valuation/catalogue.csv",
                     "examples/plugins/fundledger-report-event-summary"] {
            #expect(FileManager.default.fileExists(atPath: TestServer.repositoryRoot.appendingPathComponent(path).path), "\(path)")
        }
    }
}
