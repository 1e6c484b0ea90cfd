import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Server
import Testing
import TestSupport

/// `fundledger serve` as a process: it says where it listens, answers with the user's token, logs each
/// request with its id on stderr and never the token, and stops cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func theBinaryServesLogsWithoutTokensAndStopsOnSIGTERM() async throws {
        try await TestDatabase.withMigrated { db in
            let token = try await UserDirectory(pool: db.pool).add(name: "ekonomi", role: .recorder)
            let folder = try FundLedgerCLI.temporaryFolder("serve")
            defer { try? FileManager.default.removeItem(at: folder) }
            let output = folder.appendingPathComponent("stdout"), errors = folder.appendingPathComponent("stderr")
            try Data().write(to: output)
            try Data().write(to: errors)
            let process = Process()
            process.executableURL = try FundLedgerCLI.executable()
            process.arguments = ["serve", "--port", "0", "--database", db.conninfo]
            process.environment = ProcessInfo.processInfo.environment.filter { key, _ in key != "DATABASE_URL" && !key.hasPrefix("PG") }
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            var url: String?
            for _ in 0..<300 where url == nil {
                let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
                url = text.split(separator: "\n").first { $0.hasPrefix("listening on http://127.0.0.1:") }.map { String($0.dropFirst("listening on ".count)) }
                if url == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let startLog = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
            let base = try #require(url, "no 'listening on' line: \(startLog)")

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
}
