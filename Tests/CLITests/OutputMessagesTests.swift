import Foundation
import Testing
import TestSupport

/// What a command says it wrote names the file with control characters escaped, as its errors do: a file
/// name holding a terminal escape (`ESC[31m`) was printed raw and recoloured the terminal.
@Suite struct OutputMessagesTests {
    @Test func aFileNameWithAnEscapeIsPrintedEscaped() async throws {
        try await TestDatabase.withMigrated { (db: TestDatabase) async throws in
            _ = try await db.store.append([testEvent("s")], expectations: [:])
            try await FundLedgerCLI.withTemporaryFolder("names") { folder in
                let name = folder.appendingPathComponent("q\u{1B}[31mred.jsonl").path
                let result = try await FundLedgerCLI.run(["export", "--database", db.conninfo, "-o", name])
                #expect(result.status == 0, "\(result)")
                #expect(FileManager.default.fileExists(atPath: name))
                #expect(!result.stderr.contains("\u{1B}") && result.stderr.contains("q\\u{1B}[31mred.jsonl"), "\(result.stderr)")
            }
        }
    }
}
