import Crypto
import Foundation
import TestSupport
import Testing

@testable import EventStore
@testable import PostgresEventStore
@testable import Transparency

/// The files the checkpoint and proof commands read and write, and the lines they print, without a
/// binary or a database: key pairs, the log's key from the environment, key names, the verify line,
/// a missing timestamp reply, the evidence file, and append receipts and grants as JSON lines.
@Suite struct CheckpointFilesTests {
    /// A fresh folder under the temporary folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fl-files-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aKeyPairIsWrittenWholeOnceAndNeverOverwritten() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (privatePath, publicPath) = (folder.appendingPathComponent("log.key").path, folder.appendingPathComponent("log.pub").path)
        let key = Curve25519.Signing.PrivateKey()
        try KeyFiles.writeNewPair(key, privateKey: privatePath, publicKey: publicPath)
        #expect(try Self.mode(privatePath) == 0o600 && Self.mode(publicPath) == 0o644)
        #expect(try KeyFiles.privateKey(privatePath, option: "--key").rawRepresentation == key.rawRepresentation)
        #expect(try KeyFiles.publicKey(publicPath, option: "--public-key").rawRepresentation == key.publicKey.rawRepresentation)

        let error = #expect(throws: FileAccessError.self) { try KeyFiles.writeNewPair(key, privateKey: privatePath, publicKey: publicPath) }
        #expect(error?.cannotCreate == true && error?.description.hasSuffix("it exists; a key file is never overwritten") == true)

        // A public key that cannot be written takes its new private key with it.
        let lonely = folder.appendingPathComponent("other.key").path
        #expect(throws: FileAccessError.self) { try KeyFiles.writeNewPair(key, privateKey: lonely, publicKey: publicPath) }
        #expect(!FileManager.default.fileExists(atPath: lonely))
    }

    @Test func theLogsKeyComesFromTheEnvironmentWhenNamed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KeyFiles.checkpointKey(environment: [:]) == nil)
        #expect(try KeyFiles.checkpointKey(environment: ["FUNDLEDGER_CHECKPOINT_KEY": ""]) == nil)
        let path = folder.appendingPathComponent("log.key").path
        let key = Curve25519.Signing.PrivateKey()
        try KeyFiles.writeNewPair(key, privateKey: path, publicKey: folder.appendingPathComponent("log.pub").path)
        #expect(try KeyFiles.checkpointKey(environment: ["FUNDLEDGER_CHECKPOINT_KEY": path])?.rawRepresentation == key.rawRepresentation)
        let missing = #expect(throws: FileAccessError.self) { try KeyFiles.checkpointKey(environment: ["FUNDLEDGER_CHECKPOINT_KEY": path + ".gone"]) }
        #expect(missing?.description.hasPrefix("$FUNDLEDGER_CHECKPOINT_KEY \(path).gone: ") == true)
    }

    @Test func keyNamesFollowTheSignedNoteRules() {
        #expect(SignedNote.isValidKeyName("fundledger/abc"))
        for name in ["", "two words", "a+b", "line\nbreak"] { #expect(!SignedNote.isValidKeyName(name), "\(name)") }
    }

    @Test func theVerifyLineNamesSignersWitnessesAndTheEarlierCheckpoint() {
        let root = ChainHash(hex: String(repeating: "07", count: 32))!
        var result = CheckpointVerification(
            checkpoint: Checkpoint(origin: "fundledger/x", treeSize: 16, rootHash: root), signedBy: ["kommunen"], cosignedBy: [],
            consistentWith: nil)
        #expect(result.summary == "checkpoint verified: fundledger/x, 16 events, root \(root.hex); signed by kommunen")
        result.cosignedBy = ["revisor"]
        result.consistentWith = RecordedCheckpoint(position: 11, checkpoint: Checkpoint(origin: "fundledger/x", treeSize: 10, rootHash: root), note: "")
        #expect(result.summary.hasSuffix("; signed by kommunen; cosigned by revisor; consistent with the checkpoint of 10 events recorded at position 11"))
    }

    @Test func aMissingTimestampReplyIsNamed() throws {
        let key = Curve25519.Signing.PrivateKey()
        var note = SignedNote(text: "fundledger/x\n1\nAAAA\n")
        try note.sign(name: "k", key: key)
        let error = #expect(throws: FileAccessError.self) {
            try KeyFiles.verifyTimestamp(besideCheckpoint: "/nonexistent/cp.note", note: note, logKey: key.publicKey, caFile: "ca.pem")
        }
        #expect(error?.description == "--tsa-ca: no timestamp reply /nonexistent/cp.note.tsr beside the checkpoint")
        #expect(error?.cannotCreate == false)
    }

    @Test func anOrganisationsEvidenceIsAHeaderAndItsEventsWithAuditPaths() async throws {
        let store = InMemoryEventStore()
        _ = try await store.append([
            testEvent("a", organisation: "212000-0886"), testEvent("b", organisation: "212000-1124"), testEvent("c", organisation: "212000-0886"),
        ], expectations: [:])
        let evidence = try await store.organisationEvidence("212000-0886")
        let lines = try evidence.jsonLines().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"event_count":2,"format":"fundledger-evidence","format_version":1,"organisation_id":"212000-0886","root_hash":"\#(evidence.rootHash.hex)","tree_size":3}"#)
        for line in lines.dropFirst() {
            let object = try JSONText.parseObject(line)
            #expect(object["organisation_id"] as? String == "212000-0886")
            #expect((object["audit_path"] as? [String])?.isEmpty == false)
        }
        #expect(try evidence.jsonLines().hasSuffix("}\n"))
    }

    @Test func receiptsProofsAndGrantsAsJSONLines() throws {
        let id = UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!
        let appended = AppendedEvent(eventID: id, globalPosition: 7, streamVersion: 2, hash: .zero)
        #expect(appended.jsonLine == #"{"event_id":"00000000-0000-0000-0000-0000000000ab","global_position":7,"stream_version":2,"hash":"\#(String(repeating: "0", count: 64))"}"#)
        let proof = ConsistencyProof(first: 1, second: 2, firstRootHash: "a/b", secondRootHash: "c", proof: [])
        #expect(try JSONText.sortedLine(proof) == #"{"first":1,"first_root_hash":"a/b","proof":[],"second":2,"second_root_hash":"c"}"#)
        var grant = OrganisationGrant(
            login: "revisor", organisationID: "212000-0886", role: .auditor, grantedAt: "2026-01-01T00:00:00Z", grantedBy: "admin",
            revokedAt: nil, revokedBy: nil)
        #expect(grant.jsonLine == #"{"login":"revisor","organisation_id":"212000-0886","role":"auditor","granted_at":"2026-01-01T00:00:00Z","granted_by":"admin"}"#)
        (grant.revokedAt, grant.revokedBy) = ("2026-02-01T00:00:00Z", "admin")
        #expect(grant.jsonLine.hasSuffix(#","revoked_at":"2026-02-01T00:00:00Z","revoked_by":"admin"}"#))
    }

    @Test func anExportToAFileIsTheExportLines() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = InMemoryEventStore()
        _ = try await store.append([testEvent("a"), testEvent("b")], expectations: [:])
        let at = Timestamp(microsecondsSinceEpoch: 0)
        var lines: [String] = []
        try await LedgerExport.write(from: store, exportedAt: at) { lines.append($0) }
        let path = folder.appendingPathComponent("ledger.jsonl").path
        let head = try await LedgerExport.write(from: store, to: try OutputFile(path, option: "--output"), exportedAt: at)
        #expect(head.eventCount == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == lines.joined(separator: "\n") + "\n")
    }

    @Test func theMigrationsAreTheFolderNamedElseThoseBuiltIn() throws {
        let schema = TestServer.repositoryRoot.appendingPathComponent("schema").path
        let embedded = Migrator.embedded().migrations.map(\.name)
        #expect(try Migrator.chosen(directory: nil, environment: [:]).migrations.map(\.name) == embedded)
        #expect(try Migrator.chosen(directory: nil, environment: ["FUNDLEDGER_SCHEMA_DIR": ""]).migrations.map(\.name) == embedded)
        #expect(try Migrator.chosen(directory: nil, environment: ["FUNDLEDGER_SCHEMA_DIR": schema]).migrations.map(\.name) == embedded)
        #expect(throws: (any Error).self) { try Migrator.chosen(directory: "/nonexistent/schema", environment: ["FUNDLEDGER_SCHEMA_DIR": schema]) }
    }
}
