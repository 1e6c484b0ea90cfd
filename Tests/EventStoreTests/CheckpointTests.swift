import Crypto
import EventStore
import Foundation
import Postgres
import TestSupport
import Testing
import Transparency

/// Signed checkpoints and witness cosignatures: the published signed-note vector, keys and signatures
/// that openssl reads, and the rewrite attack caught by an earlier checkpoint (Swift and Python).
@Suite("Checkpoints")
struct CheckpointTests {
    @Test("the published signed-note vector (golang.org/x/mod/sumdb/note) verifies, and no altered copy does")
    func publishedNoteVector() throws {
        let keyBytes = try #require(Data(base64Encoded: "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: keyBytes.dropFirst())
        #expect(SignedNote.keyID(name: "PeterNeumann", type: SignedNote.ed25519Type, publicKey: key) == [0xc7, 0x4f, 0x20, 0xa3])
        let serialized = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n"
            + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        let note = try SignedNote(parsing: serialized)
        #expect(note.serialized == serialized)
        #expect(note.verifiedSignatures(by: key).map(\.name) == ["PeterNeumann"])
        var altered = note
        altered.text = altered.text.replacingOccurrences(of: "answer", with: "Answer")
        #expect(altered.verifiedSignatures(by: key).isEmpty)
        #expect(throws: NoteError.self) { try SignedNote(parsing: "no blank line\n— x AAAA\n") }
    }

    @Test("keys are PEM that openssl reads, and openssl verifies a checkpoint's signature")
    func opensslReadsKeysAndSignatures() throws {
        let folder = try TemporaryFolder()
        let key = Curve25519.Signing.PrivateKey()
        let privatePath = try folder.write("log.key", Ed25519PEM.pem(key))
        let publicPath = try folder.write("log.pub", Ed25519PEM.pem(key.publicKey))
        #expect(try Ed25519PEM.privateKey(pem: Ed25519PEM.pem(key)).rawRepresentation == key.rawRepresentation)
        let derived = try Self.openssl(["pkey", "-in", privatePath, "-pubout"])
        #expect(derived == Ed25519PEM.pem(key.publicKey))
        var note = SignedNote(text: Checkpoint(origin: "fundledger/test", treeSize: 3, rootHash: .zero).text)
        try note.sign(name: "fundledger/test", key: key)
        let textPath = try folder.write("text", note.text)
        let signaturePath = folder.url.appendingPathComponent("signature").path
        try Data(note.signatures[0].bytes.suffix(64)).write(to: URL(fileURLWithPath: signaturePath))
        let verified = try Self.openssl(["pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", textPath, "-sigfile", signaturePath])
        #expect(verified.contains("Signature Verified Successfully"))
        #expect(throws: KeyFileError.self) { try Ed25519PEM.publicKey(pem: Ed25519PEM.pem(key)) }
    }

    @Test("a rewritten history is caught by verify against an earlier checkpoint, refused by the witness, and by the Python verifier")
    func theRewriteAttack() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            let logKey = Curve25519.Signing.PrivateKey(), witnessKey = Curve25519.Signing.PrivateKey()
            _ = try await store.append((0..<10).map { testEvent("s", payload: #"{"n": \#($0)}"#) }, expectations: [:])
            let first = try await CheckpointLog.sign(store, key: logKey, keyName: nil)
            _ = try await store.append((0..<5).map { testEvent("t", payload: #"{"m": \#($0)}"#) }, expectations: [:])
            let second = try await CheckpointLog.sign(store, key: logKey, keyName: nil)
            #expect(first.checkpoint.treeSize == 10 && second.checkpoint.treeSize == 16)
            let verified = try await CheckpointLog.verify(second.note, logKey: logKey.publicKey, against: store)
            #expect(verified.consistentWith?.checkpoint == first.checkpoint)
            #expect(try await CheckpointLog.recorded(in: store).map(\.checkpoint) == [first.checkpoint, second.checkpoint])

            let now = UInt64(Date().timeIntervalSince1970)
            let firstCosigned = try await CheckpointLog.cosign(
                first.note, last: nil, logKey: logKey.publicKey, witnessKey: witnessKey, witnessName: "revisor", time: now, store: store)
            let secondCosigned = try await CheckpointLog.cosign(
                second.note, last: firstCosigned, logKey: logKey.publicKey, witnessKey: witnessKey, witnessName: "revisor", time: now, store: store)
            let withWitness = try await CheckpointLog.verify(
                secondCosigned, logKey: logKey.publicKey, witnessKeys: [witnessKey.publicKey], against: store)
            #expect(withWitness.cosignedBy == ["revisor"])

            // The administrator rewrites event 3, recomputes every later hash and rebuilds the tree.
            try await rewriteHistory(db, at: 3, payload: #"'{"n": 1000000}'::jsonb"#, then: "TRUNCATE event_store.merkle_nodes;")
            guard case .verified = try await store.verifyChain() else {
                Issue.record("the rewritten chain verifies on its own")
                return
            }
            await #expect(throws: CheckpointError.self) {
                try await CheckpointLog.verify(second.note, logKey: logKey.publicKey, against: store)
            }
            // Even with the log's key, a new checkpoint over the rewritten log gets no cosignature.
            let forged = try await CheckpointLog.sign(store, key: logKey, keyName: nil)
            await #expect(throws: CheckpointError.self) {
                try await CheckpointLog.cosign(
                    forged.note, last: secondCosigned, logKey: logKey.publicKey, witnessKey: witnessKey, witnessName: "revisor",
                    time: now, store: store)
            }
            // Offline: the export verifies as a chain, but not against the cosigned checkpoint.
            let folder = try TemporaryFolder()
            var lines: [String] = []
            try await LedgerExport.write(from: store, exportedAt: Timestamp(microsecondsSinceEpoch: 0)) { lines.append($0) }
            let export = try folder.write("ledger.jsonl", lines.joined(separator: "\n") + "\n")
            let note = try folder.write("second.note", secondCosigned.serialized)
            let logPub = try folder.write("log.pub", Ed25519PEM.pem(logKey.publicKey))
            let witnessPub = try folder.write("witness.pub", Ed25519PEM.pem(witnessKey.publicKey))
            let python = try Self.run("/usr/bin/env", ["python3", TestServer.repositoryRoot.appendingPathComponent("tools/verify_export.py").path,
                export, "--checkpoint", note, "--public-key", logPub, "--witness-key", witnessPub])
            #expect(python.status == 1)
            #expect(python.output.contains("FAIL: checkpoint") && python.output.contains("history was rewritten"), "\(python.output)")
        }
    }

    /// Ten events, a signed checkpoint of them and its cosignature: where the tampering tests start.
    struct CosignedLog {
        let logKey = Curve25519.Signing.PrivateKey(), witnessKey = Curve25519.Signing.PrivateKey()
        let now = UInt64(Date().timeIntervalSince1970)
        var first: (note: SignedNote, checkpoint: Checkpoint)?
        var cosigned: SignedNote?

        static func start(on store: some EventStore & MerkleLog) async throws -> CosignedLog {
            var log = CosignedLog()
            _ = try await store.append((0..<10).map { testEvent("s", payload: #"{"n": \#($0)}"#) }, expectations: [:])
            let first = try await CheckpointLog.sign(store, key: log.logKey, keyName: nil)
            log.first = (first.note, first.checkpoint)
            log.cosigned = try await CheckpointLog.cosign(
                first.note, last: nil, logKey: log.logKey.publicKey, witnessKey: log.witnessKey, witnessName: "revisor", time: log.now, store: store)
            return log
        }
    }

    @Test("an event changed under a checkpoint, its stored hash left as it was: verify, sign and the witness all refuse")
    func changedContentUnderACheckpoint() async throws {
        try await TestDatabase.withMigrated { db in
            let log = try await CosignedLog.start(on: db.store)
            let (store, logKey, witnessKey, now) = (db.store, log.logKey, log.witnessKey, log.now)
            let (first, cosigned) = (try #require(log.first), try #require(log.cosigned))
            try await db.withConnection { try await $0.executeScript(unsafeSQL: """
                SET session_replication_role = replica;
                UPDATE event_store.events SET payload = '{"n": 1000000}' WHERE global_position = 4;
                """) }
            func expectBrokenAtFour(_ error: CheckpointError?) {
                guard case .chainBroken(let failure)? = error else { Issue.record("\(String(describing: error))"); return }
                #expect(failure.position == 4 && "\(error!)".contains("the event's content was changed"), "\(error!)")
            }
            expectBrokenAtFour(await #expect(throws: CheckpointError.self) {
                try await CheckpointLog.verify(cosigned, logKey: logKey.publicKey, witnessKeys: [witnessKey.publicKey], against: store)
            })
            expectBrokenAtFour(await #expect(throws: CheckpointError.self) { try await CheckpointLog.sign(store, key: logKey, keyName: nil) })
            expectBrokenAtFour(await #expect(throws: CheckpointError.self) {
                try await CheckpointLog.cosign(first.note, last: nil, logKey: logKey.publicKey, witnessKey: witnessKey, witnessName: "r", time: now, store: store)
            })
            #expect(try await CheckpointLog.recorded(in: store).count == 1, "nothing signed over the changed event")
        }
    }

    @Test("a rewrite that leaves the stored tree as it was: sign refuses, and the witness refuses a note signed from that tree")
    func rewriteUnderAStaleTree() async throws {
        try await TestDatabase.withMigrated { db in
            let log = try await CosignedLog.start(on: db.store)
            let (store, logKey, witnessKey, now) = (db.store, log.logKey, log.witnessKey, log.now)
            let (first, cosigned) = (try #require(log.first), try #require(log.cosigned))
            try await rewriteHistory(db, at: 3, payload: #"'{"n": 1000000}'::jsonb"#)
            guard case .verified = try await store.verifyChain() else {
                Issue.record("the rewritten chain verifies on its own")
                return
            }
            await #expect(throws: CheckpointError.self) { try await CheckpointLog.sign(store, key: logKey, keyName: nil) }
            // What a log that signs the stored tree's root anyway would give the witness: the consistency proof
            // from the stale tree joins the roots, but the events no longer give the new root.
            let size = try await store.extendMerkleTree()
            var forged = SignedNote(text: Checkpoint(origin: first.checkpoint.origin, treeSize: size, rootHash: try await store.merkleRoot(size: size)).text)
            try forged.sign(name: first.checkpoint.origin, key: logKey)
            let error = await #expect(throws: CheckpointError.self) {
                try await CheckpointLog.cosign(
                    forged, last: cosigned, logKey: logKey.publicKey, witnessKey: witnessKey, witnessName: "revisor", time: now, store: store)
            }
            guard case .rootDiffers? = error else { Issue.record("\(String(describing: error))"); return }
        }
    }

    @Test("a checkpoint of another log, a checkpoint beyond the log and a wrong key are refused")
    func wrongCheckpointsAreRefused() async throws {
        try await TestDatabase.withMigrated { db in
            let key = Curve25519.Signing.PrivateKey()
            _ = try await db.store.append([testEvent("s")], expectations: [:])
            let signed = try await CheckpointLog.sign(db.store, key: key, keyName: "kommunen")
            await #expect(throws: CheckpointError.notSignedBy("the log's public key")) {
                try await CheckpointLog.verify(signed.note, logKey: Curve25519.Signing.PrivateKey().publicKey, against: db.store)
            }
            var other = SignedNote(text: Checkpoint(origin: "fundledger/0000000000000000", treeSize: 1, rootHash: signed.checkpoint.rootHash).text)
            try other.sign(name: "kommunen", key: key)
            await #expect(throws: CheckpointError.self) { try await CheckpointLog.verify(other, logKey: key.publicKey, against: db.store) }
            var beyond = SignedNote(text: Checkpoint(origin: signed.checkpoint.origin, treeSize: 99, rootHash: signed.checkpoint.rootHash).text)
            try beyond.sign(name: "kommunen", key: key)
            await #expect(throws: CheckpointError.beyondTheLog(size: 99, eventCount: 2)) {
                try await CheckpointLog.verify(beyond, logKey: key.publicKey, against: db.store)
            }
        }
    }

    private static func openssl(_ arguments: [String]) throws -> String {
        let result = try run("/usr/bin/env", ["openssl"] + arguments)
        #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// A folder under the system's temporary folder, removed when the value goes away.
private final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fl-checkpoint-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the folder; returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
