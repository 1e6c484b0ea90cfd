import Crypto
import Foundation

/// Ids derived from text, so that doing the same thing twice gives the same id (a retry, not a second
/// booking): SHA-256 of length-prefixed text parts, its first 16 bytes as an RFC 9562 version-8,
/// RFC-variant UUID.
///
/// The byte layout is frozen: it is exactly what `HashChain` canonical form v1 produced for the "carrier"
/// event the CLI used to hash (all fields empty or zero, the joined parts as payload), written out here so
/// that no future chain version can change an id. Ids the CLI derived before this type existed are
/// therefore the same ids, and command files already applied are still recognised as retries.
///
/// Preimage: 32 zero bytes (the chain's `prev_hash` of position 1), then 12 fields, each as a 4-byte
/// big-endian UTF-8 length and the UTF-8 bytes: `fundledger.event.v1`, `0`, ``, `0`,
/// `00000000-0000-0000-0000-000000000000`, ``, `0`, `1970-01-01`, `1970-01-01T00:00:00.000000Z`, ``,
/// the payload, ``. The payload is the parts joined, each written as `<UTF-8 length>:<part>`.
public enum DeterministicID {
    /// The domain string of `derived(from:index:)` (the CLI's batch entries, a fund's initial capital).
    public static let derivedDomain = "fundledger.cli.derived-command-id.v1"
    /// The domain string of `batch(_:)` (a batch read from a file).
    public static let batchDomain = "fundledger.cli.batch-id.v1"
    /// The domain string of `batch(_:namespace:)` with a namespace (a restricted recorder's batch).
    public static let namespacedBatchDomain = "fundledger.cli.batch-id.namespaced.v1"
    /// The domain string of `eventID(command:offset:)` (a command's second and later events).
    public static let eventDomain = "fundledger.event-id.v1"

    /// The id of `parts`: the same parts always give the same id, different parts never plausibly collide.
    /// Start the parts with a domain string of your own, so ids derived for different purposes differ.
    public static func uuid(parts: [String]) -> UUID {
        uuid(digest: digest(parts: parts))
    }

    /// The `index`-th id that goes with `base`: an entry of a batch, or a fund's initial capital recorded
    /// with its establishment. Equal to the CLI's former `CommandIDs.derived(from:index:)`.
    public static func derived(from base: UUID, index: Int) -> UUID {
        uuid(parts: [derivedDomain, base.uuidString.lowercased(), String(index)])
    }

    /// The base id of a batch, from the canonical text of each entry, so that recording the same batch again
    /// is a retry. Equal to the CLI's former `CommandIDs.batch(_:)` given `drafts.map(\.canonicalText)`.
    /// With a `namespace` (`EventStore.commandIDNamespace()`, a secret of a restricted recorder's
    /// organisations) the id is keyed with it, so no one outside those organisations can compute it.
    public static func batch(_ canonicalTexts: [String], namespace: String? = nil) -> UUID {
        guard let namespace else { return uuid(parts: [batchDomain] + canonicalTexts) }
        return uuid(parts: [namespacedBatchDomain, namespace] + canonicalTexts)
    }

    /// The id of a command's `offset`-th event: the command id itself for the first (offset 0), and for
    /// later ones an id derived from the command id and the offset, so a retried command produces the same
    /// ids and no derived id can be another command's id.
    public static func eventID(command: UUID, offset: Int) -> UUID {
        guard offset > 0 else { return command }
        return uuid(parts: [eventDomain, command.uuidString.lowercased(), String(offset)])
    }

    /// SHA-256 of `preimage(parts:)`: 32 bytes.
    public static func digest(parts: [String]) -> [UInt8] {
        Array(SHA256.hash(data: preimage(parts: parts)))
    }

    /// The first 16 bytes of a digest (at least 16 bytes) as a version-8, RFC-variant UUID.
    public static func uuid(digest: [UInt8]) -> UUID {
        precondition(digest.count >= 16, "a digest of \(digest.count) bytes is too short for a UUID")
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The bytes hashed for `parts` (frozen; see the type's documentation).
    public static func preimage(parts: [String]) -> [UInt8] {
        let payload = parts.map { "\($0.utf8.count):\($0)" }.joined()
        var bytes = [UInt8](repeating: 0, count: 32)
        for field in fieldsBeforePayload + [payload, ""] {
            let utf8 = Array(field.utf8)
            precondition(utf8.count < 0xffff_ffff, "a part of \(utf8.count) bytes is too long for an id")
            let length = UInt32(utf8.count)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            bytes += utf8
        }
        return bytes
    }

    /// The carrier event's fields before its payload, in chain form v1's order: form name, position,
    /// stream, stream version, event id, event type, schema version, effective date, recorded at,
    /// organisation.
    static let fieldsBeforePayload = [
        "fundledger.event.v1", "0", "", "0", "00000000-0000-0000-0000-000000000000", "", "0",
        "1970-01-01", "1970-01-01T00:00:00.000000Z", "",
    ]
}
