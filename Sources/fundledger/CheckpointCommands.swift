import Reporting
import Recording
import ArgumentParser
import Crypto
import EventStore
import Foundation
import Transparency

/// `fundledger key generate`: an Ed25519 key pair for signing checkpoints or cosigning them.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Make Ed25519 keys for checkpoints (docs/audit.md).", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key pair as PEM (PKCS#8 and SubjectPublicKeyInfo, readable by `openssl pkey`).",
            discussion: "The private key file is created with mode 0600; an existing file is never overwritten (exit 73).")

        @Option(name: .customLong("private-key"), help: "Where to write the private key (kept by whoever signs).")
        var privateKey: String
        @Option(name: .customLong("public-key"), help: "Where to write the public key (given to auditors).")
        var publicKey: String

        func run() async throws {
            try await reportingErrors {
                try KeyFiles.writeNewPair(Curve25519.Signing.PrivateKey(), privateKey: privateKey, publicKey: publicKey)
                print("wrote \(Identifier.printable(privateKey)) (private, keep it secret) and \(Identifier.printable(publicKey)) (public)")
            }
        }
    }
}

/// `fundledger checkpoint sign|verify|cosign`: signed checkpoints of the log's Merkle tree.
struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign, verify and cosign checkpoints of the log's Merkle tree (docs/audit.md).",
        subcommands: [Sign.self, Verify.self, Cosign.self])

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a checkpoint of the log at its head (C2SP signed note) and record it in the log.")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .long, help: "The log's Ed25519 private key (PEM).")
        var key: String
        @Option(name: .customLong("key-name"), help: "The name on the signature line (default: the log's origin).")
        var keyName: String?
        @Option(name: [.short, .long], help: "Write the signed checkpoint here (default: standard output).")
        var output: String?
        @Option(name: .long, help: "An RFC 3161 timestamping authority's URL: its reply is recorded and written to OUTPUT.tsr (needs --output).")
        var tsa: String?

        func validate() throws {
            if tsa != nil && output == nil { throw ValidationError("--tsa writes the authority's reply beside the checkpoint: give --output FILE") }
            if let tsa, URL(string: tsa)?.scheme?.hasPrefix("http") != true {
                throw ValidationError("--tsa must be an http:// or https:// URL, got \(Identifier.quoted(tsa))")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let file = try OutputFile.optional(output, option: "--output")
                let replyFile = try output.map { try OutputFile($0 + ".tsr", option: "--output") }
                let privateKey = try KeyFiles.privateKey(key, option: "--key")
                if let keyName { try requireKeyName(keyName) }
                let signed = try await checkpointErrors {
                    let store = try await database.writingStore()
                    try await store.requireWholeLog(for: "checkpoint sign")
                    return try await CheckpointLog.sign(store, key: privateKey, keyName: keyName, tsa: tsa.flatMap(URL.init(string:)))
                }
                if let file { try file.write(Data(signed.note.serialized.utf8)) } else { print(signed.note.serialized, terminator: "") }
                if let reply = signed.timestampReply, let replyFile { try replyFile.write(reply) }
                FileHandle.standardError.write(Data(
                    "signed the checkpoint of \(signed.checkpoint.treeSize) events, root \(signed.checkpoint.rootHash.hex); recorded at position \(signed.position)\n".utf8))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a signed checkpoint against the log: signature, cosignatures, root, consistency.",
            discussion: """
                Exit 0 when the log's signature (and each --witness-key's cosignature) verifies, the Merkle root \
                recomputed from the log's own first N events equals the checkpoint's, and the latest earlier \
                checkpoint the log recorded is consistent with it; exit 3 naming what does not hold.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The signed checkpoint file.")
        var file: String
        @Option(name: .customLong("public-key"), help: "The log's Ed25519 public key (PEM).")
        var publicKey: String
        @Option(name: .customLong("witness-key"), help: "A witness's public key whose cosignature must be present (repeatable).")
        var witnessKey: [String] = []
        @Option(name: .customLong("tsa-ca"), help: "Also check the RFC 3161 timestamp FILE.tsr, trusting these CA certificates (PEM).")
        var tsaCA: String?

        func run() async throws {
            try await reportingErrors {
                let note = try KeyFiles.readNote(file)
                let logKey = try KeyFiles.publicKey(publicKey, option: "--public-key")
                let witnesses = try witnessKey.map { try KeyFiles.publicKey($0, option: "--witness-key") }
                let result = try await checkpointErrors {
                    let store = try database.store()
                    try await store.requireWholeLog(for: "checkpoint verify", suggestingProofs: true)
                    return try await CheckpointLog.verify(note, logKey: logKey, witnessKeys: witnesses, against: store)
                }
                var line = result.summary
                if let tsaCA {
                    do {
                        line += "; timestamped \(try KeyFiles.verifyTimestamp(besideCheckpoint: file, note: note, logKey: logKey, caFile: tsaCA))"
                    } catch let error as TimestampError {
                        // A reply that does not verify is evidence, as a broken chain is.
                        throw UserError(description: error.description, exitCode: ExitStatus.chainBroken)
                    }
                }
                print(line)
            }
        }
    }

    struct Cosign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "As a witness, cosign a checkpoint after proving it consistent with the last one you cosigned.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The log's signed checkpoint to cosign.")
        var file: String
        @Option(name: .long, help: "The witness's Ed25519 private key (PEM).")
        var key: String
        @Option(name: .customLong("log-key"), help: "The log's Ed25519 public key (PEM): its signature must verify first.")
        var logKey: String
        @Option(name: .long, help: "The last checkpoint this witness cosigned (omit only for the first).")
        var last: String?
        @Option(name: .long, help: "The witness's name on the cosignature line.")
        var name: String = "witness"
        @Option(name: [.short, .long], help: "Write the cosigned checkpoint here (default: standard output).")
        var output: String?

        func run() async throws {
            try await reportingErrors {
                let file = try OutputFile.optional(output, option: "--output")
                try requireKeyName(name)
                let note = try KeyFiles.readNote(self.file)
                let previous = try last.map(KeyFiles.readNote)
                let witnessKey = try KeyFiles.privateKey(key, option: "--key")
                let logPublicKey = try KeyFiles.publicKey(logKey, option: "--log-key")
                let cosigned = try await checkpointErrors {
                    try await CheckpointLog.cosign(
                        note, last: previous, logKey: logPublicKey, witnessKey: witnessKey, witnessName: name,
                        time: UInt64(Date().timeIntervalSince1970), store: try database.store())
                }
                if let file { try file.write(Data(cosigned.serialized.utf8)) } else { print(cosigned.serialized, terminator: "") }
            }
        }
    }
}

/// The log's signing key when `$FUNDLEDGER_CHECKPOINT_KEY` names one (read first, so a bad key writes nothing).
func configuredCheckpointKey(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Curve25519.Signing.PrivateKey? {
    try await reportingErrors { try KeyFiles.checkpointKey(environment: environment) }
}

/// Signs and records a checkpoint at the head, printing the note (after `period close`).
func signCheckpoint(with key: Curve25519.Signing.PrivateKey, database: DatabaseOptions) async throws {
    try await reportingErrors {
        let signed = try await checkpointErrors { try await CheckpointLog.sign(try await database.writingStore(), key: key, keyName: nil) }
        print("signed the checkpoint of \(signed.checkpoint.treeSize) events, recorded at position \(signed.position):")
        print(signed.note.serialized, terminator: "")
    }
}

/// A checkpoint's tree beyond the log is evidence that the log changed: exit 3, as a broken chain (a
/// proof asked beyond it is a usage error).
private func checkpointErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as MerkleRangeError {
        throw UserError(description: error.description, exitCode: ExitStatus.chainBroken)
    }
}

/// A signature line's name: no spaces, no plus sign, not empty (C2SP signed-note).
private func requireKeyName(_ name: String) throws {
    guard SignedNote.isValidKeyName(name) else {
        throw UserError(description: "the key name \(Identifier.quoted(name)) must be non-empty, without spaces or +", exitCode: ExitStatus.usage)
    }
}
