import Crypto
import EventStore
import Foundation

// The files the checkpoint commands read and write, beside the notes: key pairs, the log's key named by the
// environment, and an RFC 3161 reply kept beside its checkpoint.

extension KeyFiles {
    /// The environment variable that names the log's signing key for `period close`.
    public static let checkpointKeyVariable = "FUNDLEDGER_CHECKPOINT_KEY"

    /// An Ed25519 private key read from the PEM file at `path`, named by `option` in messages.
    public static func privateKey(_ path: String, option: String) throws -> Curve25519.Signing.PrivateKey {
        try readKey(path, option: option) { try Ed25519PEM.privateKey(pem: $0) }
    }

    /// An Ed25519 public key read from the PEM file at `path`, named by `option` in messages.
    public static func publicKey(_ path: String, option: String) throws -> Curve25519.Signing.PublicKey {
        try readKey(path, option: option) { try Ed25519PEM.publicKey(pem: $0) }
    }

    /// The log's signing key when `$FUNDLEDGER_CHECKPOINT_KEY` names one, else nil.
    public static func checkpointKey(environment: [String: String]) throws -> Curve25519.Signing.PrivateKey? {
        guard let path = environment[checkpointKeyVariable], !path.isEmpty else { return nil }
        return try privateKey(path, option: "$" + checkpointKeyVariable)
    }

    /// Writes `key` as a new pair of PEM files: the private key with mode 0600, the public key with 0644.
    /// Neither replaces an existing file, and a private key whose public key could not be written is removed.
    public static func writeNewPair(_ key: Curve25519.Signing.PrivateKey, privateKey: String, publicKey: String) throws {
        try writeNew(privateKey, option: "--private-key", Ed25519PEM.pem(key), mode: 0o600)
        do {
            try writeNew(publicKey, option: "--public-key", Ed25519PEM.pem(key.publicKey), mode: 0o644)
        } catch {
            unlink(privateKey)
            throw error
        }
    }

    /// The RFC 3161 reply `checkpoint sign --tsa` wrote beside the checkpoint `file` (`FILE.tsr`), checked
    /// against the note as the log signed it, trusting the CA certificates of `caFile`; returns the time it
    /// names. A missing reply is a `FileAccessError`, one that does not verify a `TimestampError`.
    public static func verifyTimestamp(
        besideCheckpoint file: String, note: SignedNote, logKey: Curve25519.Signing.PublicKey, caFile: String
    ) throws -> String {
        guard let reply = FileManager.default.contents(atPath: file + ".tsr") else {
            throw FileAccessError(description: "--tsa-ca: no timestamp reply \(file).tsr beside the checkpoint", cannotCreate: false)
        }
        return try Timestamping.verify(reply: reply, data: Data(note.logSigned(by: logKey).serialized.utf8), caFile: caFile)
    }
}

extension SignedNote {
    /// Whether `name` may stand on a signature line: not empty, no space, no plus sign (C2SP signed-note).
    public static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains(where: { $0 == " " || $0 == "+" || $0.isNewline })
    }
}

extension CheckpointVerification {
    /// `checkpoint verify`'s line: what was verified, by whom, and the earlier checkpoint it is consistent with.
    public var summary: String {
        var line = "checkpoint verified: \(checkpoint.origin), \(checkpoint.treeSize) events, root \(checkpoint.rootHash.hex); signed by \(signedBy.joined(separator: ", "))"
        if !cosignedBy.isEmpty { line += "; cosigned by \(cosignedBy.joined(separator: ", "))" }
        if let earlier = consistentWith {
            line += "; consistent with the checkpoint of \(earlier.checkpoint.treeSize) events recorded at position \(earlier.position)"
        }
        return line
    }
}
