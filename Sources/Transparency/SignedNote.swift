import Crypto
import Foundation
import Memberwise

/// A signed note (C2SP signed-note): a text ending in a newline, a blank line, then signature lines
/// `— <name> <base64(key id ‖ signature)>`. Two kinds of signature are used here:
/// - **Ed25519** (type 0x01) over the text: the log's signature on a checkpoint;
/// - **cosignature/v1** (type 0x04, C2SP tlog-cosignature) over `cosignature/v1\ntime T\n` + the text:
///   a witness's statement that at time T it had checked the checkpoint was consistent with the last one.
/// The key id is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ type ‖ public key).
@PublicMemberwiseInit
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public var name: String
        /// key id (4 bytes) ‖ [timestamp (8) for cosignatures] ‖ signature (64)
        public var bytes: [UInt8]
    }

    public static let ed25519Type: UInt8 = 0x01
    public static let cosignatureType: UInt8 = 0x04

    public var text: String
    public var signatures: [Signature] = []

    /// The note as a file holds it.
    public var serialized: String {
        text + "\n" + signatures.map { "— \($0.name) \(Data($0.bytes).base64EncodedString())\n" }.joined()
    }

    /// Reads a note; names what is wrong with a malformed one.
    public init(parsing serialized: String) throws {
        guard let split = serialized.range(of: "\n\n") else {
            throw NoteError(description: "no blank line between the note's text and its signatures")
        }
        text = String(serialized[..<split.lowerBound]) + "\n"
        signatures = []
        let rest = serialized[split.upperBound...]
        guard !rest.isEmpty, rest.hasSuffix("\n") else { throw NoteError(description: "the signature lines must end with a newline") }
        for line in rest.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "—", !parts[1].isEmpty, let bytes = Data(base64Encoded: String(parts[2])),
                  bytes.count >= 4 + 64
            else { throw NoteError(description: "a signature line must be `— NAME BASE64`, got \(line.prefix(60))") }
            signatures.append(Signature(name: String(parts[1]), bytes: Array(bytes)))
        }
    }

    public static func keyID(name: String, type: UInt8, publicKey: Curve25519.Signing.PublicKey) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0a, type])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize().prefix(4))
    }

    /// Adds the log's Ed25519 signature.
    public mutating func sign(name: String, key: Curve25519.Signing.PrivateKey) throws {
        let signature = try key.signature(for: Data(text.utf8))
        signatures.append(Signature(name: name, bytes: Self.keyID(name: name, type: Self.ed25519Type, publicKey: key.publicKey) + signature))
    }

    /// Adds a witness's cosignature/v1, made at `time` (seconds since 1970).
    public mutating func cosign(name: String, key: Curve25519.Signing.PrivateKey, time: UInt64) throws {
        let signature = try key.signature(for: Self.cosignedMessage(text, time: time))
        let timeBytes = (0..<8).map { UInt8(truncatingIfNeeded: time >> (56 - 8 * UInt64($0))) }
        signatures.append(Signature(
            name: name, bytes: Self.keyID(name: name, type: Self.cosignatureType, publicKey: key.publicKey) + timeBytes + signature))
    }

    /// The names of the signatures by `publicKey` that verify: Ed25519 ones, or cosignatures with their time.
    public func verifiedSignatures(by publicKey: Curve25519.Signing.PublicKey) -> [(name: String, cosignedAt: UInt64?)] {
        var verified: [(String, UInt64?)] = []
        for signature in signatures {
            let id = Array(signature.bytes.prefix(4))
            if id == Self.keyID(name: signature.name, type: Self.ed25519Type, publicKey: publicKey), signature.bytes.count == 68,
               publicKey.isValidSignature(Data(signature.bytes.suffix(64)), for: Data(text.utf8)) {
                verified.append((signature.name, nil))
            } else if id == Self.keyID(name: signature.name, type: Self.cosignatureType, publicKey: publicKey), signature.bytes.count == 76 {
                let time = signature.bytes[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                if publicKey.isValidSignature(Data(signature.bytes.suffix(64)), for: Self.cosignedMessage(text, time: time)) {
                    verified.append((signature.name, time))
                }
            }
        }
        return verified
    }

    static func cosignedMessage(_ text: String, time: UInt64) -> Data {
        Data("cosignature/v1\ntime \(time)\n\(text)".utf8)
    }
}

/// A note that cannot be read, and why.
public struct NoteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}
