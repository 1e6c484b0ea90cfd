import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Server
import Synchronization
import Testing
import TestSupport

/// `fundledger serve` as a process: it says where it listens, answers with the user's token, logs each
/// request with its id on stderr and never the token, and stops cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func theBinaryServesLogsWithoutTokensAndStopsOnSIGTERM() async throws {
        try await TestDatabase.withMigrated { db in
            let token = try await UserDirectory(pool: db.pool).add(name: "ekonomi", role: .recorder)
            let server = try await ServedProcess.start(db)
            defer { server.stop() }
            let (process, base, errors) = (server.process, server.base, server.errors)

            var request = URLRequest(url: try #require(URL(string: base + "/v1/funds")))
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (body, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(String(decoding: body, as: UTF8.self) == "{\"funds\":[]}\n")
            let requestID = try #require(http.value(forHTTPHeaderField: "X-Request-Id"))

            process.terminate()  // SIGTERM
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let log = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
            #expect(log.contains(requestID) && log.contains("path=/v1/funds") && log.contains("status=200") && log.contains("user=ekonomi"), "\(log)")
            #expect(!log.contains(token) && !log.contains(String(token.dropFirst(4).prefix(12))))
        }
    }

    /// SIGTERM while 300 single-event appends are arriving: the server stops taking requests, answers the
    /// ones in flight after their batch commits, and exits 0; every append it acknowledged (201) is stored.
    @Test func sigtermInTheMiddleOfABurstLosesNoAcknowledgedWrite() async throws {
        try await TestDatabase.withMigrated { db in
            let token = try await UserDirectory(pool: db.pool).add(name: "burst", role: .recorder)
            let server = try await ServedProcess.start(db)
            defer { server.stop() }
            let ids = (0..<300).map { _ in UUID() }
            let acknowledgedCount = Counter()
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        var request = URLRequest(url: URL(string: server.base + "/v1/events")!)
                        request.httpMethod = "POST"
                        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data("{\"event_id\":\"\(id)\",\"stream_id\":\"burst-\(index % 10)\",\"event_type\":\"Noted\",\"payload\":{}}\n".utf8)
                        let status = ((try? await URLSession.shared.data(for: request))?.1 as? HTTPURLResponse)?.statusCode ?? 0
                        if status == 201, acknowledgedCount.increment() == 40 { server.process.terminate() }  // SIGTERM mid-burst
                        return (index, status)
                    }
                }
                return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
            }
            server.process.waitUntilExit()
            #expect(server.process.terminationStatus == 0)
            let acknowledged = Set(ids.indices.filter { statuses[$0] == 201 }.map { ids[$0] })
            #expect(acknowledged.count >= 40)
            // The stop came mid-burst: requests sent after it found no server (the client opens only a few
            // connections at a time, so most of the 300 were still waiting when the 40th was answered).
            #expect(acknowledged.count < 300, "every request was answered: the stop did not come mid-burst")
            let stored = try await db.store.readAll(after: 0, limit: 1_000)
            #expect(acknowledged.isSubset(of: Set(stored.map(\.eventID))), "acknowledged but not stored: \(acknowledged.subtracting(stored.map(\.eventID)))")
            #expect(stored.map(\.globalPosition) == Array(1...Int64(stored.count)))
            #expect(try await db.store.verifyChain() == .verified(try await db.store.head()))
        }
    }
}

extension ServeCommandTests {
    /// A setting from the config file applies; an environment variable wins over the file; a flag over both.
    @Test func settingsComeFromFlagsEnvironmentAndAConfigFile() async throws {
        try await TestDatabase.withMigrated { db in
            let token = try await UserDirectory(pool: db.pool).add(name: "ekonomi", role: .auditor)
            try await FundLedgerCLI.withTemporaryFolder("serve-config") { folder in
                let config = folder.appendingPathComponent("serve.conf")
                try "# FundLedger server\nrate-limit = 1   # one request a second\nport = 9\nhost = 127.0.0.1\n".write(to: config, atomically: true, encoding: .utf8)
                let server = try await ServedProcess.start(db, ["--config", config.path], environment: ["FUNDLEDGER_SERVE_BATCH_MAX": "16"])
                defer { server.stop() }
                var statuses: [Int] = []
                for _ in 0..<5 {
                    var request = URLRequest(url: URL(string: server.base + "/v1/funds")!)
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    statuses.append(((try await URLSession.shared.data(for: request)).1 as? HTTPURLResponse)?.statusCode ?? 0)
                }
                #expect(statuses.first == 200)
                #expect(statuses.contains(429), "rate-limit = 1 from the file was not applied: \(statuses)")
            }
        }
    }

    @Test func badSettingsAreUsageOrInputErrorsNamingWhere() async throws {
        try await FundLedgerCLI.withTemporaryFolder("serve-config") { folder in
            let cases: [(String, [String: String], Int32, String)] = [
                ("port 80\n", [:], 65, "line 1: expected name = value"),
                ("# fine\ncolour = red\n", [:], 65, "line 2: unknown setting \"colour\""),
                ("port = many\n", [:], 64, "line 1: port \"many\" is not valid"),
                ("project = yes\n", [:], 64, "project \"yes\""),
                ("session-hours = 0\n", [:], 64, "session-hours \"0\""),
                ("", ["FUNDLEDGER_SERVE_PORT": "99999"], 64, "FUNDLEDGER_SERVE_PORT: port \"99999\""),
            ]
            for (index, (text, environment, status, message)) in cases.enumerated() {
                let config = folder.appendingPathComponent("bad\(index).conf")
                try text.write(to: config, atomically: true, encoding: .utf8)
                let result = try await FundLedgerCLI.run(["serve", "--config", config.path, "--database", "host=/nonexistent"], environment: environment)
                #expect(result.status == status, "\(text): \(result.stderr)")
                #expect(result.stderr.contains(message), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count <= 2)
            }
            let missing = try await FundLedgerCLI.run(["serve", "--config", folder.appendingPathComponent("none.conf").path])
            #expect(missing.status == 65)
            #expect(missing.stderr.contains("cannot be read"))
        }
    }
}

/// A thread-safe count.
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Adds one and returns the new count.
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// `fundledger serve --port 0` on a test database, with its stdout and stderr in files.
struct ServedProcess {
    let process: Process
    let base: String
    let errors: URL
    let folder: URL

    static func start(_ db: TestDatabase, _ extra: [String] = [], environment: [String: String] = [:]) async throws -> ServedProcess {
        try await start(conninfo: db.conninfo, extra, environment: environment)
    }

    static func start(conninfo: String, _ extra: [String] = [], environment: [String: String] = [:]) async throws -> ServedProcess {
        let folder = try FundLedgerCLI.temporaryFolder("serve")
        let output = folder.appendingPathComponent("stdout"), errors = folder.appendingPathComponent("stderr")
        try Data().write(to: output)
        try Data().write(to: errors)
        let process = Process()
        process.executableURL = try FundLedgerCLI.executable()
        process.arguments = ["serve", "--port", "0", "--database", conninfo] + extra
        process.environment = ProcessInfo.processInfo.environment.filter { key, _ in key != "DATABASE_URL" && !key.hasPrefix("PG") }
            .merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var url: String?
        for _ in 0..<300 where url == nil {
            let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
            url = text.split(separator: "\n").first { $0.hasPrefix("listening on http://127.0.0.1:") }.map { String($0.dropFirst("listening on ".count)) }
            if url == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard let url else {
            process.terminate()
            let log = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
            throw ServeStartError(log: log)
        }
        return ServedProcess(process: process, base: url, errors: errors, folder: folder)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: folder)
    }
}

struct ServeStartError: Error, CustomStringConvertible {
    let log: String
    var description: String { "no 'listening on' line: \(log)" }
}
