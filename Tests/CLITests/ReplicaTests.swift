import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import Testing
import TestSupport

/// `--read-database` against a real hot standby: each test makes a private cluster of its own in a
/// temporary folder (`FUNDLEDGER_DATA`), starts its standby with `fundledger db replica start`
/// (`pg_basebackup -R` over the primary's socket), records the demo on the primary, and compares what
/// the replica gives with what the primary gives (docs/replicas.md). One test at a time: each runs two
/// PostgreSQL servers, and the suites beside it have timing bounds of their own.
@Suite(.serialized) struct ReplicaTests {
    /// Every built-in report over the demo that needs no valuation data, in every format on the replica
    /// equal byte for byte to the primary's at the same head; a report without a position bound is
    /// made at the replica's head and its stamp says so.
    @Test func reportsOnTheReplicaEqualThePrimarysByteForByte() async throws {
        try await ReplicaPair.with { pair in
            let head = try await pair.primaryHead()
            try await pair.waitForReplay()
            let cases: [(String, [String], [String])] = [
                ("fund-statement", ["--fund", "tomelilla"], ["table", "markdown", "csv", "json", "html"]),
                ("repayments", ["--fund", "tomelilla"], ["csv", "html"]),
                ("savings-flows", ["--fund", "tomelilla"], ["csv", "html"]),
                ("portfolio", ["--fund", "malmo-barn-unga"], ["csv", "html", "json"]),
                ("audit-trail", ["--fund", "tomelilla"], ["csv", "html"]),
            ]
            for (plugin, parameters, formats) in cases {
                for format in formats {
                    let words = ["report", plugin] + parameters + ["--format", format, "--lang", "en"]
                    let primary = try await pair.run(words + ["--at-head", String(head)])
                    try #require(primary.status == 0, "\(plugin) \(format): \(primary)")
                    let replica = try await pair.run(words + ["--read-database", pair.replica])
                    #expect(replica.status == 0, "\(plugin) \(format): \(replica)")
                    #expect(replica.stdout == primary.stdout, "\(plugin) --format \(format) differs on the replica")
                    let bounded = try await pair.run(words + ["--read-database", pair.replica, "--at-head", String(head)])
                    #expect(bounded.stdout == primary.stdout, "\(plugin) --format \(format) --at-head differs on the replica")
                }
            }
            // The SIE file too, written with --output (code page 437 bytes).
            var files: [Data] = []
            for (index, extra) in [["--at-head", String(head)], ["--read-database", pair.replica]].enumerated() {
                let file = pair.folder.appendingPathComponent("tomelilla-\(index).si").path
                let sie = try await pair.run(["report", "sie", "--fund", "tomelilla", "--param", "year=2025", "--output", file] + extra)
                try #require(sie.status == 0, "\(sie)")
                files.append(try Data(contentsOf: URL(fileURLWithPath: file)))
            }
            #expect(files[0] == files[1] && !files[0].isEmpty)

            // The comparison can tell: with replay paused and an event appended on the primary, the replica's
            // report is the one at the old head (its stamp says which), and it differs from the primary's.
            try await pair.pauseReplay()
            try #require(try await pair.run(["append", ReplicaPair.auditNote]).status == 0)
            let newer = try await pair.run(["report", "fund-statement", "--fund", "tomelilla", "--format", "json"])
            let older = try await pair.run(["report", "fund-statement", "--fund", "tomelilla", "--format", "json", "--read-database", pair.replica])
            #expect(newer.stdout.contains("\"position\" : \(head + 1)\n") && older.stdout.contains("\"position\" : \(head)\n"), "\(older.stdout.suffix(400))")
            #expect(newer.stdout != older.stdout)
            try await pair.resumeReplay()
        }
    }

    /// A report at a position the replica has not replayed waits `--replica-wait`, then exits 75 with a
    /// two-line message; the same report succeeds once replay resumes, even while it is waiting; a
    /// position beyond the primary's head too is a usage error at once (no wait would help).
    @Test func aReportAtAPositionTheReplicaHasNotReachedWaitsThenFailsAndSucceedsOnceReplayResumes() async throws {
        try await ReplicaPair.with { pair in
            try await pair.waitForReplay()
            try await pair.pauseReplay()
            try #require(try await pair.run(["append", ReplicaPair.auditNote]).status == 0)
            let target = try await pair.primaryHead()
            let words = ["report", "fund-statement", "--fund", "tomelilla", "--format", "csv", "--read-database", pair.replica, "--at-head", String(target)]

            let started = ContinuousClock.now
            let behind = try await pair.run(words + ["--replica-wait", "1"])
            let waited = ContinuousClock.now - started
            #expect(behind.status == 75, "\(behind)")
            #expect(behind.stderr.contains("replayed the ledger to position \(target - 1), not yet to \(target)"), "\(behind.stderr)")
            #expect(behind.stderr.contains("--replica-wait"), "\(behind.stderr)")
            #expect(behind.stderr.split(separator: "\n").count == 2, "\(behind.stderr)")
            #expect(behind.stdout.isEmpty)
            #expect(waited >= .seconds(1) && waited < .seconds(10), "waited \(waited)")

            let noWait = try await pair.run(words + ["--replica-wait", "0"])
            #expect(noWait.status == 75, "\(noWait)")

            let beyond = ContinuousClock.now
            let past = try await pair.run(["report", "fund-statement", "--fund", "tomelilla", "--read-database", pair.replica, "--at-head", String(target + 5), "--replica-wait", "30"])
            #expect(past.status == 64 && past.stderr.contains("beyond the ledger's head (position \(target))"), "\(past)")
            #expect(ContinuousClock.now - beyond < .seconds(10), "a position beyond the primary's head was waited for")

            // Waiting while replay resumes: the report is made once the replica gets there.
            async let waiting = pair.run(words + ["--replica-wait", "60"])
            try await Task.sleep(for: .milliseconds(300))
            try await pair.resumeReplay()
            let caughtUp = try await waiting
            #expect(caughtUp.status == 0, "\(caughtUp)")
            let primary = try await pair.run(["report", "fund-statement", "--fund", "tomelilla", "--format", "csv", "--at-head", String(target)])
            #expect(caughtUp.stdout == primary.stdout && !primary.stdout.isEmpty)
        }
    }

    /// `project --read-database` reads the events from the replica and writes the read models and their
    /// checkpoints to the primary: equal checksums to a rebuild on the primary; a replica behind stops the
    /// read models at its head, and a checkpoint already past that is never moved back; a database that is
    /// not a replica is refused before anything is written.
    @Test func projectReadingTheReplicaEqualsProjectOnThePrimary() async throws {
        try await ReplicaPair.with { pair in
            let head = try await pair.primaryHead()
            try await pair.waitForReplay()
            let first = try await pair.run(["project", "--read-database", pair.replica])
            #expect(first.status == 0 && first.lines == ["balances: at position \(head)", "postings: at position \(head)"], "\(first)")
            let fromReplica = try await pair.readModels()

            // Behind: replay paused, two contributions on the primary.
            try await pair.pauseReplay()
            for amount in ["1000", "2000"] {
                let contribute = try await pair.run([
                    "fund", "contribute", "--fund", "tomelilla", "--amount", amount, "--source", "KF", "--effective-date", "2026-06-01",
                    "--actor", "test",
                ])
                try #require(contribute.status == 0, "\(contribute)")
            }
            let behind = try await pair.run(["project", "--read-database", pair.replica])
            #expect(behind.status == 0 && behind.lines.first == "balances: at position \(head)", "\(behind)")
            #expect(try await pair.readModels().map(\.checkpoint) == [head, head])
            #expect(try await pair.readModels() == fromReplica)

            // The primary's own projector moves on; the replica, still behind, leaves its checkpoints alone.
            try #require(try await pair.run(["project"]).status == 0)
            let ahead = try await pair.readModels()
            #expect(ahead.map(\.checkpoint) == [head + 2, head + 2])
            let stale = try await pair.run(["project", "--read-database", pair.replica])
            #expect(stale.status == 0 && stale.lines.first == "balances: at position \(head + 2)", "\(stale)")
            #expect(try await pair.readModels() == ahead)

            // Caught up: one more event, projected from the replica, equals a rebuild on the primary.
            try await pair.resumeReplay()
            let third = try await pair.run([
                "fund", "contribute", "--fund", "tomelilla", "--amount", "500", "--source", "KF", "--effective-date", "2026-07-01",
                "--actor", "test",
            ])
            try #require(third.status == 0, "\(third)")
            try await pair.waitForReplay()
            let last = try await pair.run(["project", "--read-database", pair.replica])
            #expect(last.status == 0 && last.lines.first == "balances: at position \(head + 3)", "\(last)")
            let projected = try await pair.readModels()
            #expect(projected != ahead)
            try #require(try await pair.run(["replay"]).status == 0)
            #expect(try await pair.readModels() == projected)

            // Another ledger as the read database: refused, nothing written.
            try await pair.admin("CREATE DATABASE other")
            let other = pair.primary.replacingOccurrences(of: "dbname='fundledger'", with: "dbname='other'")
            try #require(try await pair.run(["migrate", "--database", other]).status == 0)
            try #require(try await pair.run(["append", "--database", other, ReplicaPair.auditNote]).status == 0)
            let foreign = try await pair.run(["replay", "--read-database", other])
            #expect(foreign.status == 64 && foreign.stderr.contains("not a replica of this database"), "\(foreign)")
            #expect(try await pair.readModels() == projected)
        }
    }

    /// `serve --read-database`: reports, funds and the log from the replica, equal to a server reading the
    /// primary; a report at `at_head` the replica has not replayed waits `--replica-wait`, then 503 with
    /// Retry-After, and 200 once replay resumes.
    @Test func serveReadingTheReplicaAnswersLikeThePrimary() async throws {
        try await ReplicaPair.with { pair in
            let added = try await pair.run(["user", "add", "revisor", "--role", "auditor", "--token"])
            try #require(added.status == 0, "\(added)")
            let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try await pair.waitForReplay()
            let direct = try await ServedProcess.start(conninfo: pair.primary)
            defer { direct.stop() }
            let replicated = try await ServedProcess.start(conninfo: pair.primary, ["--read-database", pair.replica, "--replica-wait", "1"])
            defer { replicated.stop() }
            func get(_ server: ServedProcess, _ path: String) async throws -> (status: Int, body: Data, headers: [AnyHashable: Any]) {
                var request = URLRequest(url: try #require(URL(string: server.base + path)))
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                let (body, response) = try await URLSession.shared.data(for: request)
                let http = try #require(response as? HTTPURLResponse)
                return (http.statusCode, body, http.allHeaderFields)
            }
            let paths = [
                "/v1/reports/fund-statement?fund=tomelilla&format=csv", "/v1/reports/fund-statement?fund=tomelilla&format=html",
                "/v1/reports/savings-flows?fund=tomelilla&format=json", "/v1/reports/portfolio?fund=malmo-barn-unga&format=html&lang=en",
                "/v1/reports/sie?fund=tomelilla&year=2025&format=sie", "/v1/funds", "/v1/funds/tomelilla/initiatives", "/v1/events?after=40",
            ]
            for path in paths {
                let (fromPrimary, fromReplica) = (try await get(direct, path), try await get(replicated, path))
                #expect(fromPrimary.status == 200 && fromReplica.status == 200, "\(path): \(fromPrimary.status) \(fromReplica.status)")
                #expect(fromReplica.body == fromPrimary.body && !fromPrimary.body.isEmpty, "\(path) differs")
            }
            #expect(try await get(replicated, "/ready").status == 200)

            try await pair.pauseReplay()
            try #require(try await pair.run(["append", ReplicaPair.auditNote]).status == 0)
            let target = try await pair.primaryHead()
            let path = "/v1/reports/fund-statement?fund=tomelilla&format=csv&at_head=\(target)"
            let started = ContinuousClock.now
            let behind = try await get(replicated, path)
            let waited = ContinuousClock.now - started
            #expect(behind.status == 503, "\(String(decoding: behind.body, as: UTF8.self))")
            #expect(behind.headers["Retry-After"] as? String == "1")
            #expect(String(decoding: behind.body, as: UTF8.self).contains("urn:fundledger:problem:replica-behind"))
            #expect(waited >= .seconds(1) && waited < .seconds(10), "waited \(waited)")
            for server in [replicated, direct] {
                #expect(try await get(server, "/v1/reports/fund-statement?fund=tomelilla&at_head=\(target + 1)").status == 400)
            }
            let fromPrimary = try await get(direct, path)
            #expect(fromPrimary.status == 200)

            try await pair.resumeReplay()
            try await pair.waitForReplay()
            let caughtUp = try await get(replicated, path)
            #expect(caughtUp.status == 200 && caughtUp.body == fromPrimary.body)
        }
    }

    /// `db replica start` is idempotent, gives a server in recovery that catches up after a stop, refuses
    /// when the primary is stopped (69, two lines at most), and `db stop` stops both.
    @Test func theStandbyStartsStopsAndCatchesUp() async throws {
        try await ReplicaPair.with(demo: false) { pair in
            let again = try await pair.run(["db", "replica", "start"])
            #expect(again.status == 0 && again.stdout.contains("already running"), "\(again)")
            let recovery = try await pair.query(pair.replica, "SELECT pg_is_in_recovery()::text")
            #expect(recovery == "true")

            let stopped = try await pair.run(["db", "replica", "stop"])
            #expect(stopped.status == 0 && stopped.stdout == "stopped the standby\n", "\(stopped)")
            #expect(try await pair.run(["db", "replica", "stop"]).stdout == "the standby is not running\n")
            // Written while the standby was stopped, over several WAL segments that a checkpoint then recycles:
            // its slot kept them, so it catches up when started.
            try #require(try await pair.run(["demo"]).status == 0)
            for segment in 1...4 { try await pair.admin("CREATE TABLE filler_\(segment) (); SELECT pg_switch_wal();") }
            try await pair.admin("CHECKPOINT")
            let restarted = try await pair.run(["db", "replica", "start"])
            #expect(restarted.status == 0 && restarted.stdout.contains("started the standby") && !restarted.stdout.contains("pg_basebackup"), "\(restarted)")
            try await pair.waitForReplay()
            #expect(try await pair.query(pair.replica, "SELECT count(*)::text FROM event_store.events") == "85")

            let both = try await pair.run(["db", "stop"])
            #expect(both.stdout == "stopped the standby; stopped the private database\n", "\(both)")
            let refused = try await pair.run(["db", "replica", "start"])
            #expect(refused.status == 69, "\(refused)")
            #expect(refused.stderr.contains("is not running, so it has no standby") && refused.stderr.split(separator: "\n").count <= 2, "\(refused.stderr)")
        }
    }
}

/// A private cluster and its hot standby in a temporary folder of their own, driven through the CLI.
struct ReplicaPair {
    let folder: URL
    /// Conninfo of the primary's and the standby's `fundledger` database.
    let primary: String
    let replica: String

    var environment: [String: String] { ["FUNDLEDGER_DATA": folder.appendingPathComponent("data").path] }
    /// One raw event to append (an administrator's note).
    static let auditNote = TestServer.repositoryRoot.appendingPathComponent("examples/events/audit-note.jsonl").path

    /// Runs `fundledger arguments…` against this pair, in its folder.
    func run(_ arguments: [String]) async throws -> CLIResult {
        try await FundLedgerCLI.run(arguments, environment: environment, directory: folder)
    }

    /// Starts a primary (migrated; with the demo recorded unless `demo` is false) and its standby, runs
    /// `body`, then stops both and removes the folder, whatever happens.
    static func with(demo: Bool = true, _ body: (ReplicaPair) async throws -> Void) async throws {
        let folder = try FundLedgerCLI.temporaryFolder("replica")
        let environment = ["FUNDLEDGER_DATA": folder.appendingPathComponent("data").path]
        func cli(_ words: [String]) async throws -> CLIResult {
            let result = try await FundLedgerCLI.run(words, environment: environment, directory: folder)
            guard result.status == 0 else { throw CLITestError("fundledger \(words.joined(separator: " ")): \(result)") }
            return result
        }
        try await withCleanup({
            _ = try await cli(["db", "start"])
            _ = try await cli(["migrate"])
            _ = try await cli(["db", "replica", "start"])
            if demo { _ = try await cli(["demo"]) }
            let primary = try await cli(["db", "url"]).stdout.trimmingCharacters(in: .newlines)
            let replica = try await cli(["db", "replica", "url"]).stdout.trimmingCharacters(in: .newlines)
            try await body(ReplicaPair(folder: folder, primary: primary, replica: replica))
        }, then: {
            _ = try? await FundLedgerCLI.run(["db", "stop"], environment: environment, directory: folder)
            try? FileManager.default.removeItem(at: folder)
        })
    }

    /// One value of `sql` as text, on `conninfo`.
    func query(_ conninfo: String, _ sql: String) async throws -> String {
        let connection = try await PostgresConnection(conninfo: conninfo)
        return try await closing(connection) { try await $0.query(PostgresQuery(unsafeSQL: sql))[0].decode(String.self, at: 0) }
    }

    func admin(_ sql: String) async throws {
        let connection = try await PostgresConnection(conninfo: primary.replacingOccurrences(of: "dbname='fundledger'", with: "dbname='postgres'"))
        try await closing(connection) { try await $0.executeScript(unsafeSQL: sql) }
    }

    func primaryHead() async throws -> Int64 {
        Int64(try await query(primary, "SELECT coalesce(max(global_position), 0)::text FROM event_store.events"))!
    }

    /// Waits until the standby has replayed everything the primary had written when this was called.
    func waitForReplay(deadline: Duration = .seconds(30)) async throws {
        let lsn = try await query(primary, "SELECT pg_current_wal_lsn()::text")
        let started = ContinuousClock.now
        while try await query(replica, "SELECT (pg_last_wal_replay_lsn() >= '\(lsn)'::pg_lsn)::text") != "true" {
            guard ContinuousClock.now - started < deadline else { throw CLITestError("the standby did not replay to \(lsn) in \(deadline)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Pauses the standby's replay and waits until it has stopped (`pg_get_wal_replay_pause_state`).
    func pauseReplay() async throws {
        _ = try await query(replica, "SELECT pg_wal_replay_pause()::text")
        let started = ContinuousClock.now
        while try await query(replica, "SELECT pg_get_wal_replay_pause_state()") != "paused" {
            guard ContinuousClock.now - started < .seconds(30) else { throw CLITestError("the standby's replay did not pause") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func resumeReplay() async throws {
        _ = try await query(replica, "SELECT pg_wal_replay_resume()::text")
    }

    /// Each read model's checkpoint and checksum, from `status --json` on the primary.
    func readModels() async throws -> [ReadModelLine] {
        let status = try await run(["status", "--json"])
        guard status.status == 0 else { throw CLITestError("status: \(status)") }
        struct Status: Decodable { var readModels: [ReadModelLine] }
        return try decode(Status.self, status.stdout).readModels
    }
}

/// One read model in `status --json`.
struct ReadModelLine: Decodable, Equatable {
    var name: String
    var checkpoint: Int64
    var checksum: String
}
