import Foundation
import Postgres
import Testing
import TestSupport

/// `project`, `replay`, `status` read models, `report` and `plugins` through the built binary.
@Suite struct ReportAndProjectionCommandTests {
    static func statusJSON(_ db: TestDatabase) async throws -> [String: Any] {
        let result = try await FundLedgerCLI.run("status", on: db, ["--json"])
        try #require(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func replayFillsTheReadModelsAndStatusShowsCheckpointsAndChecksums() async throws {
        try await TestDatabase.withMigrated { db in
            try #require(try await FundLedgerCLI.run("demo", on: db).status == 0)
            let replay = try await FundLedgerCLI.run("replay", on: db)
            try #require(replay.status == 0, "\(replay)")
            #expect(replay.lines.contains("balances: at position 85") && replay.lines.contains("postings: at position 85"))
            // Quiet in pipes: no progress bar on stderr, only the timing line.
            #expect(!replay.stderr.contains("[#"), "\(replay.stderr)")
            let models = try #require((try await Self.statusJSON(db))["read_models"] as? [[String: Any]])
            #expect(models.map { $0["lag"] as? Int } == [0, 0])
            let checksums = models.map { $0["checksum"] as? String }

            // Tomelilla's balance as docs/demo.md computes it: 5 000 000 − 1 500 000 + 550 000 = 4 050 000 kr.
            let balance = try await db.pool.withConnection { try await $0.query(
                "SELECT balance_ore, committed_ore FROM read_models.funds WHERE fund_id = 'tomelilla'") }
            #expect(try balance[0].decode(Int64.self, at: 0) == 405_000_000)
            #expect(try balance[0].decode(Int64.self, at: 1) == 50_000_000)

            #expect(try await FundLedgerCLI.run("replay", on: db, ["--from", "40", "--commit-every", "7"]).status == 0)
            let again = try #require((try await Self.statusJSON(db))["read_models"] as? [[String: Any]])
            #expect(again.map { $0["checksum"] as? String } == checksums)

            // New events: lag until `project` catches up.
            let contribute = try await FundLedgerCLI.run(["fund", "contribute", "--database", db.conninfo, "--fund", "tomelilla", "--amount", "100000", "--source", "KF", "--effective-date", "2026-06-01", "--actor", "test"])
            try #require(contribute.status == 0, "\(contribute)")
            let lagging = try #require((try await Self.statusJSON(db))["read_models"] as? [[String: Any]])
            #expect(lagging.map { $0["lag"] as? Int } == [1, 1])
            #expect(try await FundLedgerCLI.run("project", on: db).status == 0)
            let caughtUp = try #require((try await Self.statusJSON(db))["read_models"] as? [[String: Any]])
            #expect(caughtUp.map { $0["lag"] as? Int } == [0, 0])

            let bad = try await FundLedgerCLI.run("replay", on: db, ["--from", "9999"])
            #expect(bad.status == 64 && bad.stderr.contains("cannot rebuild from position 9999"), "\(bad)")
            // `--read-model NAME` picks one read model; `--projection NAME`, the older spelling, still works.
            let one = try await FundLedgerCLI.run("replay", on: db, ["--read-model", "balances"])
            #expect(one.status == 0 && one.lines.contains("balances: at position 86"), "\(one)")
            #expect(!one.lines.contains { $0.hasPrefix("postings:") }, "\(one)")
            let unknownModel = try await FundLedgerCLI.run("project", on: db, ["--read-model", "nope"])
            #expect(unknownModel.status == 64 && unknownModel.stderr.contains("no read model \"nope\""), "\(unknownModel)")
            let unknown = try await FundLedgerCLI.run("project", on: db, ["--projection", "nope"])
            #expect(unknown.status == 64 && unknown.stderr.contains("no read model \"nope\""), "\(unknown)")
        }
    }

    @Test func aReportAtAnEarlierHeadIsReproducedByteForByte() async throws {
        try await TestDatabase.withMigrated { db in
            try #require(try await FundLedgerCLI.run("demo", on: db).status == 0)
            try await FundLedgerCLI.withTemporaryFolder("report") { folder in
                let first = folder.appendingPathComponent("first.json").path
                let args = ["sie", "--fund", "tomelilla", "--format", "json"]
                let made = try await FundLedgerCLI.run("report", on: db, args + ["--output", first])
                try #require(made.status == 0, "\(made)")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first))) as? [String: Any])
                let position = try #require((document["source"] as? [String: Any])?["position"] as? Int)
                #expect(position == 85)

                #expect(try await FundLedgerCLI.run(["fund", "contribute", "--database", db.conninfo, "--fund", "tomelilla", "--amount", "1000", "--source", "KF", "--effective-date", "2026-06-01", "--actor", "test"]).status == 0)
                let now = try await FundLedgerCLI.run("report", on: db, args)
                #expect(now.status == 0 && now.stdout.contains("\"position\" : 86"), "\(now)")
                let then = try await FundLedgerCLI.run("report", on: db, args + ["--at-head", "\(position)"])
                #expect(then.status == 0)
                #expect(Data(then.stdout.utf8) == (try Data(contentsOf: URL(fileURLWithPath: first))))
                #expect(now.stdout != then.stdout)

                // The SIE file itself: code page 437 bytes, balanced vouchers.
                let sie = folder.appendingPathComponent("tomelilla.si").path
                let written = try await FundLedgerCLI.run("report", on: db, ["sie", "--fund", "tomelilla", "--output", sie])
                #expect(written.status == 0, "\(written)")
                let bytes = try Data(contentsOf: URL(fileURLWithPath: sie))
                #expect(bytes.starts(with: Data("#FLAGGA 0\r\n".utf8)))
                #expect(String(decoding: bytes, as: UTF8.self).contains("#VER"))
                // The HTML charts: the fund's balance as a line, the savings flows as a heat map; nothing fetched.
                let statement = try await FundLedgerCLI.run("report", on: db, ["fund-statement", "--fund", "tomelilla", "--format", "html"])
                #expect(statement.status == 0 && statement.stdout.contains("<polyline"), "\(statement.stderr)")
                let flows = try await FundLedgerCLI.run("report", on: db, ["savings-flows", "--fund", "tomelilla", "--format", "html"])
                #expect(flows.status == 0 && flows.stdout.contains("chart heatmap"), "\(flows.stderr)")
                for html in [statement.stdout, flows.stdout] {
                    let references = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
                    #expect(!references.contains("http://") && !references.contains("https://") && !references.contains("<script"))
                }
                let farFuture = try await FundLedgerCLI.run("report", on: db, ["fund-statement", "--fund", "tomelilla", "--param", "year=10000"])
                #expect(farFuture.status == 65 && farFuture.stderr.contains("years after fund tomelilla's last event"), "\(farFuture)")
                // Every format renders.
                for format in ["table", "markdown", "csv", "html"] {
                    let rendered = try await FundLedgerCLI.run("report", on: db, ["sie", "--fund", "tomelilla", "--format", format])
                    #expect(rendered.status == 0 && !rendered.stdout.isEmpty, "\(format): \(rendered)")
                }
            }
        }
    }

    @Test func badReportRequestsFailClearly() async throws {
        try await TestDatabase.withMigrated { db in
            let unknown = try await FundLedgerCLI.run("report", on: db, ["nope"])
            #expect(unknown.status == 64 && unknown.stderr.contains("no report plugin \"nope\""), "\(unknown)")
            let missing = try await FundLedgerCLI.run("report", on: db, ["sroi"])
            #expect(missing.status == 64 && missing.stderr.contains("parameter fund: required"), "\(missing)")
            let unknownFund = try await FundLedgerCLI.run("report", on: db, ["sie", "--fund", "ingen"])
            #expect(unknownFund.status == 65 && unknownFund.stderr.contains("ingen"), "\(unknownFund)")
            let format = try await FundLedgerCLI.run("report", on: db, ["sie", "--fund", "x", "--format", "pdf"])
            #expect(format.status == 64, "\(format)")
            let future = try await FundLedgerCLI.run("report", on: db, ["sie", "--fund", "x", "--at-head", "5"])
            #expect(future.status == 64 && future.stderr.contains("beyond the ledger's head"), "\(future)")
        }
    }

    @Test func pluginsListsBuiltInAndExternalPlugins() async throws {
        let example = TestServer.repositoryRoot.appendingPathComponent("examples/plugins/fundledger-report-event-summary").path
        let result = try await FundLedgerCLI.run(["plugins", "--plugin", example])
        #expect(result.status == 0, "\(result)")
        for id in ["sie", "sroi", "socio-economic", "cost-benefit", "outcome-payments", "event-summary"] {
            #expect(result.lines.contains { $0.hasPrefix("\(id)  —  ") }, "\(id) missing: \(result.stdout)")
        }
        #expect(result.stdout.contains("--param fund=<text>"))
    }

    /// `project --follow` applies new events as they are appended (woken by NOTIFY), without being rerun.
    @Test func aFollowingProjectorAppliesNewEventsLive() async throws {
        try await TestDatabase.withMigrated { db in
            try #require(try await FundLedgerCLI.run("demo", on: db).status == 0)
            let process = Process()
            process.executableURL = try FundLedgerCLI.executable()
            process.arguments = ["project", "--database", db.conninfo, "--follow"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            func checkpoints() async throws -> [Int64] {
                try await db.pool.withConnection { try await $0.query(
                    "SELECT position FROM read_models.projection_checkpoints ORDER BY projection") }.map { try $0.decode(Int64.self, at: 0) }
            }
            func waitFor(_ position: Int64) async throws -> Bool {
                for _ in 0..<400 {
                    if try await checkpoints() == [position, position] { return true }
                    try await Task.sleep(for: .milliseconds(25))
                }
                return false
            }
            #expect(try await waitFor(85))
            let contribute = try await FundLedgerCLI.run(["fund", "contribute", "--database", db.conninfo, "--fund", "tomelilla",
                "--amount", "1000", "--source", "KF", "--effective-date", "2026-06-01", "--actor", "test"])
            try #require(contribute.status == 0, "\(contribute)")
            #expect(try await waitFor(86), "the following projector should apply the new event without a rerun")
            #expect(process.isRunning)
            let contributed = try await db.pool.withConnection { try await $0.query(
                "SELECT contributed_ore FROM read_models.funds WHERE fund_id = 'tomelilla'") }[0].decode(Int64.self, at: 0)
            #expect(contributed == 500_100_000)
        }
    }

    /// The projector is killed (SIGKILL) between commits; the rerun loses and repeats nothing: the tables
    /// equal a clean rebuild's.
    @Test func killingTheProjectorMidRunLosesAndRepeatsNothing() async throws {
        try await TestDatabase.withMigrated { db in
            try await SyntheticLedger(seed: 17, funds: 12, initiativesPerFund: 100).append(to: db.store, batchSize: 2000)
            let head = try await db.store.head().position
            let process = Process()
            process.executableURL = try FundLedgerCLI.executable()
            process.arguments = ["project", "--database", db.conninfo, "--commit-every", "100"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var killedAt: Int64 = 0
            for _ in 0..<2000 {
                let checkpoint = try await db.pool.withConnection { try await $0.query(
                    "SELECT coalesce(min(position), 0) FROM read_models.projection_checkpoints") }[0].decode(Int64.self, at: 0)
                if checkpoint > 0 {
                    kill(process.processIdentifier, SIGKILL)
                    killedAt = checkpoint
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            try #require(killedAt > 0 && killedAt < head, "the projector should be killed part-way (checkpoint \(killedAt) of \(head))")
            #expect(process.terminationReason == .uncaughtSignal)

            let resumed = try await FundLedgerCLI.run("project", on: db)
            try #require(resumed.status == 0, "\(resumed)")
            let afterResume = try #require((try await Self.statusJSON(db))["read_models"] as? [[String: Any]])
            #expect(afterResume.map { $0["checkpoint"] as? Int } == [Int(head), Int(head)])
            #expect(try await FundLedgerCLI.run("replay", on: db).status == 0)
            let rebuilt = try #require((try await Self.statusJSON(db))["read_models"] as? [[String: Any]])
            #expect(afterResume.map { $0["checksum"] as? String } == rebuilt.map { $0["checksum"] as? String })
        }
    }
}
