import Foundation
import Testing
import TestSupport

/// An output file's temporary is removed when the command is interrupted (`InterruptedOutputs`): Ctrl-C
/// or SIGTERM during `export -o` left `.NAME.XXXX.partial` files behind, one more per interrupted run.
@Suite(.serialized) struct InterruptedOutputTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedExportLeavesNoFile(signal number: Int32) async throws {
        try await TestDatabase.withMigrated { (db: TestDatabase) async throws in
            for batch in 0..<4 {
                _ = try await db.store.append((0..<5_000).map { testEvent("s-\($0 % 50)", payload: #"{"n": \#(batch * 5_000 + $0)}"#) }, expectations: [:])
            }
            let folder = try FundLedgerCLI.temporaryFolder("interrupt")
            defer { try? FileManager.default.removeItem(at: folder) }
            let process = Process()
            process.executableURL = try FundLedgerCLI.executable()
            process.arguments = ["export", "--database", db.conninfo, "-o", folder.appendingPathComponent("ledger.jsonl").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            func partials() -> [String] {
                ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".partial") }
            }
            let started = ContinuousClock.now
            while partials().isEmpty && process.isRunning && ContinuousClock.now - started < .seconds(60) {
                try await Task.sleep(for: .milliseconds(2))
            }
            try #require(process.isRunning && !partials().isEmpty, "the export ended before it could be interrupted")
            // Sent again until it ends: one that arrives while the handlers are being installed is ignored.
            while process.isRunning {
                kill(process.processIdentifier, number)
                try await Task.sleep(for: .milliseconds(50))
            }
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == number, "\(process.terminationReason.rawValue) \(process.terminationStatus)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no temporary file and no target")
        }
    }
}
