import EventStore
import Foundation
import Testing
import TestSupport

/// `fundledger key generate`, `checkpoint sign|verify|cosign` and `period close` with a configured key,
/// through the binary: files, exit codes, and a checkpoint that stops verifying once history is rewritten.
@Suite struct CheckpointCommandTests {
    @Test func signVerifyCosignAndCloseAPeriod() async throws {
        try await TestDatabase.withMigrated { db in
            try await FundLedgerCLI.withTemporaryFolder("checkpoint") { folder in
                func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
                func cli(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIResult {
                    try await FundLedgerCLI.run(
                        [arguments[0], arguments[1], "--database", db.conninfo] + arguments.dropFirst(2), environment: environment)
                }
                for (key, pub) in [("log.key", "log.pub"), ("w.key", "w.pub")] {
                    let made = try await FundLedgerCLI.run(["key", "generate", "--private-key", path(key), "--public-key", path(pub)])
                    #expect(made.status == 0, "\(made)")
                }
                let attributes = try FileManager.default.attributesOfItem(atPath: path("log.key"))
                #expect((attributes[.posixPermissions] as? Int) == 0o600)
                let again = try await FundLedgerCLI.run(["key", "generate", "--private-key", path("log.key"), "--public-key", path("other.pub")])
                #expect(again.status == 73 && again.stderr.contains("never overwritten"), "\(again)")
                #expect(!FileManager.default.fileExists(atPath: path("other.pub")))

                let empty = try await cli(["checkpoint", "sign", "--key", path("log.key")])
                #expect(empty.status == 65 && empty.stderr.contains("empty"), "\(empty)")
                let seeded = try await FundLedgerCLI.run(["demo", "--database", db.conninfo])
                #expect(seeded.status == 0)
                let signed = try await cli(["checkpoint", "sign", "--key", path("log.key"), "--output", path("cp1.note")])
                #expect(signed.status == 0 && signed.stderr.contains("signed the checkpoint of 85 events"), "\(signed)")
                let verified = try await cli(["checkpoint", "verify", path("cp1.note"), "--public-key", path("log.pub")])
                #expect(verified.status == 0 && verified.stdout.contains(", 85 events, root "), "\(verified)")

                let closed = try await cli(
                    ["period", "close", "--organisation", "212000-0886", "--through", "2025-06-30", "--effective-date", "2026-01-01"],
                    environment: ["FUNDLEDGER_CHECKPOINT_KEY": path("log.key")])
                #expect(closed.status == 0 && closed.stdout.contains("signed the checkpoint of 87 events"), "\(closed)")
                // The note follows the line "signed the checkpoint of 87 events, recorded at position 88:".
                let afterSigned = try #require(closed.stdout.range(of: "recorded at position 88:\n"))
                let note = String(closed.stdout[afterSigned.upperBound...])
                try Data(note.utf8).write(to: URL(fileURLWithPath: path("cp2.note")))
                let cosigned1 = try await cli(["checkpoint", "cosign", path("cp1.note"), "--key", path("w.key"), "--log-key", path("log.pub"),
                                               "--name", "revisorn", "-o", path("cp1.cosigned")])
                #expect(cosigned1.status == 0, "\(cosigned1)")
                let cosigned2 = try await cli(["checkpoint", "cosign", path("cp2.note"), "--key", path("w.key"), "--log-key", path("log.pub"),
                                               "--last", path("cp1.cosigned"), "--name", "revisorn", "-o", path("cp2.cosigned")])
                #expect(cosigned2.status == 0, "\(cosigned2)")
                let witnessed = try await cli(["checkpoint", "verify", path("cp2.cosigned"), "--public-key", path("log.pub"), "--witness-key", path("w.pub")])
                #expect(witnessed.status == 0 && witnessed.stdout.contains("cosigned by revisorn")
                        && witnessed.stdout.contains("consistent with the checkpoint of 85 events"), "\(witnessed)")
                let unwitnessed = try await cli(["checkpoint", "verify", path("cp2.note"), "--public-key", path("log.pub"), "--witness-key", path("w.pub")])
                #expect(unwitnessed.status == 3, "\(unwitnessed)")
                let wrongKey = try await cli(["checkpoint", "verify", path("cp1.note"), "--public-key", path("w.pub")])
                #expect(wrongKey.status == 3, "\(wrongKey)")
                let notANote = try await cli(["checkpoint", "verify", path("log.pub"), "--public-key", path("log.pub")])
                #expect(notANote.status == 65, "\(notANote)")
                let privateAsPublic = try await cli(["checkpoint", "verify", path("cp1.note"), "--public-key", path("log.key")])
                #expect(privateAsPublic.status == 65 && privateAsPublic.stderr.contains("--public-key"), "\(privateAsPublic)")
            }
        }
    }

    @Test func anOrganisationsEvidenceVerifiesOfflineAgainstTheCheckpointAndNothingElse() async throws {
        try await TestDatabase.withMigrated { db in
            try await FundLedgerCLI.withTemporaryFolder("evidence") { folder in
                func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
                #expect(try await FundLedgerCLI.run(["demo", "--database", db.conninfo]).status == 0)
                #expect(try await FundLedgerCLI.run(["key", "generate", "--private-key", path("log.key"), "--public-key", path("log.pub")]).status == 0)
                let signed = try await FundLedgerCLI.run(["checkpoint", "sign", "--database", db.conninfo, "--key", path("log.key"), "-o", path("cp.note")])
                #expect(signed.status == 0, "\(signed)")
                let evidence = try await FundLedgerCLI.run(
                    ["proof", "organisation", "--database", db.conninfo, "--organisation", "212000-0886", "--tree-size", "85", "-o", path("tomelilla.jsonl")])
                #expect(evidence.status == 0, "\(evidence)")
                let text = try String(contentsOfFile: path("tomelilla.jsonl"), encoding: .utf8)
                let lines = text.split(separator: "\n")
                #expect(lines.count > 5)
                // Another organisation's events must not be in it; the region's number appears only in the one
                // Tomelilla saving shared with it (docs/access.md), as that event's `shared_with`.
                #expect(!text.contains("212000-1173") && !text.contains(#""organisation_id":"232100-0255""#), "another organisation's events must not be in it")
                #expect(lines.filter { $0.contains("232100-0255") }.allSatisfy { $0.contains("shared_with") })

                let verifier = TestServer.repositoryRoot.appendingPathComponent("tools/verify_export.py").path
                func python(_ arguments: [String]) async throws -> CLIResult {
                    try await ChildProcess.run("/usr/bin/env", ["python3", verifier] + arguments)
                }
                let ok = try await python(["--evidence", path("tomelilla.jsonl"), "--checkpoint", path("cp.note"), "--public-key", path("log.pub")])
                #expect(ok.status == 0 && ok.stdout.contains("events of 212000-0886 proven in the tree of 85 events, signed by"), "\(ok)")
                // An edited event (its hash recomputed, so the chain link alone would not show it) fails its proof.
                var edited = lines.map(String.init)
                edited[1] = edited[1].replacingOccurrences(of: "Tomelilla", with: "Tomelillx")
                try (edited.joined(separator: "\n") + "\n").write(toFile: path("edited.jsonl"), atomically: true, encoding: .utf8)
                let refused = try await python(["--evidence", path("edited.jsonl"), "--checkpoint", path("cp.note"), "--public-key", path("log.pub")])
                #expect(refused.status == 1 && refused.stderr.contains("FAIL: evidence"), "\(refused)")
                let unknown = try await FundLedgerCLI.run(["proof", "organisation", "--database", db.conninfo, "--organisation", "212000-0886", "--tree-size", "500"])
                #expect(unknown.status == 64, "\(unknown)")
            }
        }
    }

    @Test func aTimestampFromALocalAuthorityIsRecordedAndVerified() async throws {
        try await TestDatabase.withMigrated { db in
            try await FundLedgerCLI.withTemporaryFolder("tsa") { folder in
                func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
                // The authority: scripts/local-tsa.py (openssl ts behind an HTTP server on loopback).
                let authority = Process()
                authority.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                authority.arguments = ["python3", TestServer.repositoryRoot.appendingPathComponent("scripts/local-tsa.py").path, folder.path]
                let announced = Pipe(), lifeline = Pipe()
                authority.standardOutput = announced
                authority.standardInput = lifeline  // the authority exits when this closes
                authority.standardError = FileHandle.nullDevice
                try authority.run()
                defer {
                    try? lifeline.fileHandleForWriting.close()
                    authority.terminate()
                }
                let firstLine = String(decoding: announced.fileHandleForReading.availableData, as: UTF8.self)
                let port = try #require(firstLine.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })

                #expect(try await FundLedgerCLI.run(["demo", "--database", db.conninfo]).status == 0)
                #expect(try await FundLedgerCLI.run(["key", "generate", "--private-key", path("log.key"), "--public-key", path("log.pub")]).status == 0)
                let head = try await db.store.head().position
                let unreachable = try await FundLedgerCLI.run(
                    ["checkpoint", "sign", "--database", db.conninfo, "--key", path("log.key"), "--tsa", "http://127.0.0.1:1/", "-o", path("none.note")])
                #expect(unreachable.status == 69, "\(unreachable)")
                #expect(try await db.store.head().position == head, "nothing is recorded when the authority does not answer")
                #expect(!FileManager.default.fileExists(atPath: path("none.note")))

                let signed = try await FundLedgerCLI.run(
                    ["checkpoint", "sign", "--database", db.conninfo, "--key", path("log.key"), "--tsa", "http://127.0.0.1:\(port)/", "-o", path("cp.note")])
                #expect(signed.status == 0, "\(signed)")
                let recorded = try await db.store.readWholeStream("checkpoints")
                #expect(recorded.last?.payload.contains("timestamp_reply") == true)
                let verified = try await FundLedgerCLI.run(
                    ["checkpoint", "verify", path("cp.note"), "--database", db.conninfo, "--public-key", path("log.pub"), "--tsa-ca", path("ca.crt")])
                #expect(verified.status == 0 && verified.stdout.contains("; timestamped "), "\(verified)")
                // A reply for other bytes, or a CA that did not issue the authority's certificate, is refused.
                var reply = try Data(contentsOf: URL(fileURLWithPath: path("cp.note.tsr")))
                reply[reply.count - 10] ^= 0xff
                try reply.write(to: URL(fileURLWithPath: path("cp.note.tsr")))
                let tampered = try await FundLedgerCLI.run(
                    ["checkpoint", "verify", path("cp.note"), "--database", db.conninfo, "--public-key", path("log.pub"), "--tsa-ca", path("ca.crt")])
                #expect(tampered.status == 3, "\(tampered)")
                let noReply = try await FundLedgerCLI.run(
                    ["checkpoint", "verify", path("log.pub"), "--database", db.conninfo, "--public-key", path("log.pub"), "--tsa-ca", path("ca.crt")])
                #expect(noReply.status == 65, "\(noReply)")
                let withoutOutput = try await FundLedgerCLI.run(["checkpoint", "sign", "--database", db.conninfo, "--key", path("log.key"), "--tsa", "http://127.0.0.1:\(port)/"])
                #expect(withoutOutput.status == 64, "\(withoutOutput)")
            }
        }
    }
}
