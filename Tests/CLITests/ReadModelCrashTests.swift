import Foundation
import Postgres
import Testing
import TestSupport

/// The read models are UNLOGGED (schema/0024): a crash of the database server empties their rows and their
/// checkpoints together, and the next projector run rebuilds them. Tested with a real crash: a private
/// cluster of its own (`FUNDLEDGER_DATA`), its postmaster stopped with SIGQUIT (PostgreSQL's immediate
/// shutdown: no checkpoint, crash recovery at the next start), first under `fundledger project`, then under
/// `serve --project`, whose projector must rebuild them on its own once the database is back.
@Suite(.serialized) struct ReadModelCrashTests {
    @Test func aDatabaseCrashEmptiesRowsAndCheckpointsTogetherAndTheNextRunRebuildsThem() async throws {
        let folder = try FundLedgerCLI.temporaryFolder("crash")
        let data = folder.appendingPathComponent("data")
        let environment = ["FUNDLEDGER_DATA": data.path]
        func cli(_ words: [String]) async throws -> CLIResult {
            let result = try await FundLedgerCLI.run(words, environment: environment, directory: folder)
            guard result.status == 0 else { throw CLITestError("fundledger \(words.joined(separator: " ")): \(result)") }
            return result
        }
        func readModels() async throws -> [ReadModelLine] {
            struct Status: Decodable { var readModels: [ReadModelLine] }
            return try decode(Status.self, try await cli(["status", "--json"]).stdout).readModels
        }
        func rows(_ conninfo: String) async throws -> Int64 {
            let connection = try await PostgresConnection(conninfo: conninfo)
            return try await closing(connection) {
                try await $0.query("SELECT (SELECT count(*) FROM read_models.postings) + (SELECT count(*) FROM read_models.projection_checkpoints)")[0]
                    .decode(Int64.self, at: 0)
            }
        }
        try await withCleanup({
            _ = try await cli(["db", "start"])
            _ = try await cli(["migrate"])
            _ = try await cli(["demo"])
            _ = try await cli(["project"])
            let conninfo = try await cli(["db", "url"]).stdout.trimmingCharacters(in: .newlines)
            let built = try await readModels()
            try #require(built.count == 2 && built.allSatisfy { $0.checkpoint > 0 }, "\(built)")
            try #require(try await rows(conninfo) > 0)

            try await Self.crash(data.appendingPathComponent("pgdata"))
            _ = try await cli(["db", "start"])
            #expect(try await rows(conninfo) == 0, "crash recovery empties the unlogged rows and checkpoints together")
            _ = try await cli(["verify"])

            #expect(try await readModels().allSatisfy { $0.checkpoint == 0 }, "status says the read models are not built")
            _ = try await cli(["project"])
            #expect(try await readModels() == built, "the next run rebuilds the same tables")

            // A server that runs the projector rebuilds them by itself once the database is back.
            let server = try await ServedProcess.start(conninfo: conninfo, ["--project"])
            defer { server.stop() }
            try await Self.crash(data.appendingPathComponent("pgdata"))
            _ = try await cli(["db", "start"])
            let started = ContinuousClock.now
            while try await readModels() != built {
                guard ContinuousClock.now - started < .seconds(60) else { throw CLITestError("serve --project did not rebuild: \(try await readModels())") }
                try await Task.sleep(for: .milliseconds(250))
            }
        }, then: {
            _ = try? await FundLedgerCLI.run(["db", "stop"], environment: environment, directory: folder)
            try? FileManager.default.removeItem(at: folder)
        })
    }

    /// Stops the cluster in `pgdata` the way a crash does: SIGQUIT to its postmaster, then waits for it to exit.
    static func crash(_ pgdata: URL) async throws {
        let pidFile = try String(contentsOf: pgdata.appendingPathComponent("postmaster.pid"), encoding: .utf8)
        let pid = try #require(pidFile.split(separator: "\n").first.flatMap { pid_t($0) })
        try #require(kill(pid, SIGQUIT) == 0, "could not signal the postmaster \(pid)")
        let started = ContinuousClock.now
        // A postmaster the container's first process never reaps stays a zombie: exited all the same.
        func running() -> Bool {
            guard kill(pid, 0) == 0 else { return false }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return !stat.contains(") Z ")
        }
        while running() {
            guard ContinuousClock.now - started < .seconds(30) else { throw CLITestError("the postmaster \(pid) did not exit") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
