import EventStore
import Foundation
import Testing
import TestSupport

/// `fundledger key generate`, `checkpoint sign|verify|cosign` and `period close` with a configured key,
/// through the binary: files, exit codes, and a checkpoint that stops verifying once history is rewritten.
@Suite struct CheckpointCommandTests {
    @Test func signVerifyCosignAndCloseAPeriod() async throws {
        try await TestDatabase.withMigrated { db in
            let folder = try FundLedgerCLI.temporaryFolder("checkpoint")
            defer { try? FileManager.default.removeItem(at: folder) }
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
