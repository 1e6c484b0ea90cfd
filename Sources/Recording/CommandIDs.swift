import EventStore
import Foundation

/// Deterministic command ids, so that recording the same thing twice is a retry, not a second booking.
///
/// A command's id is the id of its first event, and the store recognises a reused event id as a retry
/// (`LedgerService.recordAll` returns "already recorded"). Ids derived here are SHA-256 based
/// (RFC 9562 version 8 layout): the same inputs always give the same id, different inputs never
/// plausibly collide.
public enum CommandIDs {
    /// The id of the `index`-th command that goes with `base`: an entry of a batch, or a fund's initial
    /// capital recorded with its establishment.
    public static func derived(from base: UUID, index: Int) -> UUID {
        uuid(digest(["fundledger.cli.derived-command-id.v1", base.uuidString.lowercased(), String(index)]))
    }

    /// The base id of a batch read from a file: derived from what the batch records (see
    /// `CommandDraft.canonicalText`), so rerunning the same file is a retry.
    public static func batch(_ drafts: [CommandDraft]) -> UUID {
        uuid(digest(["fundledger.cli.batch-id.v1"] + drafts.map(\.canonicalText)))
    }

    /// SHA-256 over the texts, each length-prefixed. Computed with the event store's chain hash, whose
    /// canonical encoding length-prefixes every field, so the CLI needs no hashing library of its own.
    public static func digest(_ parts: [String]) -> [UInt8] {
        let text = parts.map { "\($0.utf8.count):\($0)" }.joined()
        let carrier = RecordedEvent(
            globalPosition: 0, streamID: "", streamVersion: 0, eventID: UUID(uuid: UUID_NULL), eventType: "", schemaVersion: 0,
            payload: text, metadata: "", recordedAt: Timestamp(microsecondsSinceEpoch: 0),
            effectiveDate: CivilDate(daysSinceEpoch: 0), organisationID: nil, previousHash: .zero, hash: .zero)
        return HashChain.hash(of: carrier, after: .zero).bytes
    }

    /// The first 16 bytes of a digest as a version-8, RFC-variant UUID.
    public static func uuid(_ digest: [UInt8]) -> UUID {
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

private let UUID_NULL: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
