import Crypto
import Foundation

/// Ed25519 keys as PEM files that `openssl pkey` reads: the private key as PKCS#8 (RFC 8410 §7), the
/// public key as SubjectPublicKeyInfo (RFC 8410 §4). Both DER encodings have a fixed 16- and 12-byte
/// prefix before the 32 key bytes, so no ASN.1 library is needed.
public enum Ed25519PEM {
    /// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
    static let privatePrefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    /// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits, 32 bytes) }
    static let publicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    public static func pem(_ key: Curve25519.Signing.PrivateKey) -> String {
        armour("PRIVATE KEY", privatePrefix + key.rawRepresentation)
    }

    public static func pem(_ key: Curve25519.Signing.PublicKey) -> String {
        armour("PUBLIC KEY", publicPrefix + key.rawRepresentation)
    }

    public static func privateKey(pem text: String) throws -> Curve25519.Signing.PrivateKey {
        let der = try dearmour(text, label: "PRIVATE KEY")
        guard der.count == privatePrefix.count + 32, Array(der.prefix(privatePrefix.count)) == privatePrefix else {
            throw KeyFileError(description: "not an Ed25519 private key in PKCS#8 (as `fundledger key generate` or `openssl genpkey -algorithm ed25519` writes)")
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
    }

    public static func publicKey(pem text: String) throws -> Curve25519.Signing.PublicKey {
        let der = try dearmour(text, label: "PUBLIC KEY")
        guard der.count == publicPrefix.count + 32, Array(der.prefix(publicPrefix.count)) == publicPrefix else {
            throw KeyFileError(description: "not an Ed25519 public key in SubjectPublicKeyInfo form (as `openssl pkey -pubout` writes)")
        }
        return try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
    }

    private static func armour(_ label: String, _ der: [UInt8]) -> String {
        "-----BEGIN \(label)-----\n\(Data(der).base64EncodedString())\n-----END \(label)-----\n"
    }

    private static func dearmour(_ text: String, label: String) throws -> [UInt8] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"),
              let end = lines.firstIndex(of: "-----END \(label)-----"), begin < end
        else { throw KeyFileError(description: "no -----BEGIN \(label)----- block") }
        guard let der = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else {
            throw KeyFileError(description: "the \(label) block is not base64")
        }
        return Array(der)
    }
}

/// A key file that cannot be used, and why.
public struct KeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}
