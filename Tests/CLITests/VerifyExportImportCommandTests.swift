import Foundation
import EventStore
import Testing
import TestSupport

/// `fundledger verify`, `export` and `import`: the chain is checked, exported verifiably, and restored exactly or not at all.
@Suite struct VerifyExportImportCommandTests {
    static let events = """
        {"stream_id":"fund-1","event_type":"FundEstablished","payload":{"amount_ore":1000000000,"name":"Region Skåne"}}
        {"stream_id":"fund-1","event_type":"FundsDisbursed","payload":{"amount_ore":250000,"name":"Socialförvaltningen"}}
        {"stream_id":"fund-2","event_type":"FundEstablished","payload":{"amount_ore":5}}
        """

    /// Appends `events` to `db` through the CLI.
    private func seed(_ db: TestDatabase, _ input: String = events) async throws {
        let result = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: input)
        try #require(result.status == 0, "seeding failed: \(result)")
    }

    /// Exports `db` to a file in `folder` and returns its path.
    private func export(_ db: TestDatabase, into folder: URL) async throws -> String {
        let file = folder.appendingPathComponent("ledger.jsonl").path
        let result = try await FundLedgerCLI.run("export", on: db, ["-o", file])
        try #require(result.status == 0, "export failed: \(result)")
        return file
    }

    /// A fresh database seeded with `events`, exported to a file in a temporary folder (removed after `body`).
    private func withSeededExport(
        _ label: String, _ body: (_ source: TestDatabase, _ folder: URL, _ file: String) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { source in
            try await seed(source)
            try await FundLedgerCLI.withTemporaryFolder(label) { folder in
                try await body(source, folder, try await export(source, into: folder))
            }
        }
    }

    private func python(_ arguments: [String]) async throws -> CLIResult {
        try await ChildProcess.run("/usr/bin/env", ["python3"] + arguments)
    }

    @Test func proofsPrintJSONThatVerifiesWithTheRFCAlgorithms() async throws {
        try await TestDatabase.withMigrated { db in
            try await seed(db)
            let status = try await FundLedgerCLI.status(of: db)
            let inclusion = try await FundLedgerCLI.run(["proof", "inclusion", "--database", db.conninfo, "--position", "2"])
            #expect(inclusion.status == 0, "\(inclusion)")
            let proof = try JSONDecoder().decode(InclusionProof.self, from: Data(inclusion.stdout.utf8))
            #expect(proof.position == 2 && proof.leafIndex == 1 && proof.treeSize == status.headPosition)
            let events = try await db.store.readAll(after: 0, limit: 10)
            #expect(proof.eventHash == events[1].hash.hex)
            #expect(MerkleTree.verifyInclusion(
                leaf: MerkleTree.leafHash(events[1].hash.bytes), index: 1, size: proof.treeSize,
                path: proof.auditPath.compactMap(ChainHash.init(hex:)), root: try #require(ChainHash(hex: proof.rootHash))))
            let consistency = try await FundLedgerCLI.run(["proof", "consistency", "--database", db.conninfo, "--from", "1"])
            #expect(consistency.status == 0, "\(consistency)")
            let shown = try JSONDecoder().decode(ConsistencyProof.self, from: Data(consistency.stdout.utf8))
            #expect(shown.second == status.headPosition && shown.secondRootHash == proof.rootHash)
            #expect(MerkleTree.verifyConsistency(
                first: 1, second: shown.second, firstRoot: MerkleTree.leafHash(events[0].hash.bytes),
                secondRoot: try #require(ChainHash(hex: shown.secondRootHash)), proof: shown.proof.compactMap(ChainHash.init(hex:))))
            let beyond = try await FundLedgerCLI.run(["proof", "inclusion", "--database", db.conninfo, "--position", "99"])
            #expect(beyond.status == 64 && beyond.stderr.contains("--position 99"), "\(beyond)")
        }
    }

    @Test func verifyExitsZeroAndPrintsTheHead() async throws {
        try await TestDatabase.withMigrated { db in
            try await seed(db)
            let status = try await FundLedgerCLI.status(of: db)
            let result = try await FundLedgerCLI.run("verify", on: db)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "verified 3 events: chain intact, head position 3, head hash \(status.headHash)\n")

            let expected = try await FundLedgerCLI.run("verify", on: db, ["--expect-head", status.headHash.uppercased()])
            #expect(expected.status == 0, "\(expected)")
            let other = String(repeating: "0", count: 64)
            let mismatch = try await FundLedgerCLI.run("verify", on: db, ["--expect-head", other])
            #expect(mismatch.status == 3, "\(mismatch)")
            #expect(mismatch.stderr.contains(status.headHash))
        }
    }

    @Test func exportIsAcceptedByTheIndependentVerifier() async throws {
        try await withSeededExport("export") { db, folder, file in
            let status = try await FundLedgerCLI.status(of: db)

            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 4)
            let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            #expect(header["format"] as? String == "fundledger-export")
            #expect(header["event_count"] as? Int == 3)
            #expect(header["head_hash"] as? String == status.headHash)

            let verified = try await python(["tools/verify_export.py", file])
            #expect(verified.status == 0, "\(verified)")
            #expect(verified.stdout == "OK: 3 events, head position 3, head hash \(status.headHash)\n")
            let anchored = try await python(["tools/verify_export.py", file, "--anchor", "3:\(status.headHash)"])
            #expect(anchored.status == 0, "\(anchored)")
        }
    }

    @Test func importIntoAFreshDatabaseReproducesTheHead() async throws {
        try await withSeededExport("import") { source, folder, file in
            let sourceStatus = try await FundLedgerCLI.status(of: source)
            let sourceRead = try await FundLedgerCLI.run("read", on: source)

            try await TestDatabase.withMigrated { target in
                let imported = try await FundLedgerCLI.run("import", on: target, [file])
                #expect(imported.status == 0, "\(imported)")
                #expect(imported.stdout.contains("imported 3 events up to position 3, head hash \(sourceStatus.headHash)"))
                #expect(try await FundLedgerCLI.status(of: target) == sourceStatus)
                // Every event, recorded_at included, is the same.
                let targetRead = try await FundLedgerCLI.run("read", on: target)
                #expect(targetRead.stdout == sourceRead.stdout)
                #expect(try await FundLedgerCLI.run("verify", on: target).status == 0)
                // The restored log continues normally.
                let next = try await FundLedgerCLI.run(
                    "append", on: target, ["--raw"], stdin: #"{"stream_id":"fund-1","event_type":"Next","payload":{},"expected_version":2}"#)
                #expect(next.status == 0, "\(next)")
                #expect(try decodeLines(AppendedLine.self, next.stdout).map(\.globalPosition) == [4])
            }
        }
    }

    @Test func importIntoANonEmptyDatabaseIsRefused() async throws {
        try await withSeededExport("import-refused") { source, folder, file in

            try await TestDatabase.withMigrated { target in
                try await seed(target, #"{"stream_id":"other","event_type":"Existing","payload":{}}"#)
                let before = try await FundLedgerCLI.status(of: target)
                let result = try await FundLedgerCLI.run("import", on: target, [file])
                result.expect(status: 5, saying: "needs an empty event store")
                #expect(result.stdout.isEmpty)
                #expect(try await FundLedgerCLI.status(of: target) == before)
                #expect(before.eventCount == 1)
            }
        }
    }

    @Test func importOfATamperedExportExits3NamingThePositionAndWritesNothing() async throws {
        try await withSeededExport("tampered") { source, folder, file in
            let tampered = folder.appendingPathComponent("tampered.jsonl").path
            let tamper = try await python(["tools/tamper_export.py", file, tampered, "--mode", "payload", "--position", "2"])
            try #require(tamper.status == 0, "\(tamper)")
            #expect(try String(contentsOfFile: tampered, encoding: .utf8) != String(contentsOfFile: file, encoding: .utf8))

            // The independent verifier agrees that position 2 is where it breaks.
            let verifier = try await python(["tools/verify_export.py", tampered])
            #expect(verifier.status == 1)
            #expect(verifier.stderr.contains("position 2"))

            try await TestDatabase.withMigrated { target in
                let result = try await FundLedgerCLI.run("import", on: target, [tampered])
                result.expect(status: 3, saying: "position 2")
                #expect(result.stdout.isEmpty)
                let status = try await FundLedgerCLI.status(of: target)
                #expect(status.eventCount == 0)
                #expect(status.headPosition == 0)
            }
        }
    }
}

/// Runs any program with the same file-based plumbing as `FundLedgerCLI`.
enum ChildProcess {
    static func run(_ program: String, _ arguments: [String]) async throws -> CLIResult {
        try await FundLedgerCLI.run(arguments, executable: URL(fileURLWithPath: program))
    }
}
