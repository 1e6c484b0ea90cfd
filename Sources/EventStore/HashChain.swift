import Crypto
import Foundation

/// A SHA-256 link of the hash chain (32 bytes), printed as 64 lowercase hex digits.
public struct ChainHash: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The `prev_hash` of position 1.
    public static let zero = ChainHash(unchecked: [UInt8](repeating: 0, count: 32))

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A hash from its 32 bytes (as PostgreSQL's binary format sends a `bytea`); nil for another length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else { return nil }
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
}

/// The hash chain: canonical bytes of an event and `hash = SHA-256(prev_hash || canonical bytes)`.
///
/// This is the Swift twin of `event_store.canonical_bytes` (v1, `schema/0001_event_store.sql`) and
/// `canonical_bytes_v2` (`schema/0008_…`); both follow `docs/verification.md`, so `verify` recomputes
/// independently of the SQL that wrote the hashes.
public enum HashChain {
    /// Names the canonical form version 1: events stored before recorded_by existed.
    public static let canonicalVersion1 = "fundledger.event.v1"
    /// Names the canonical form version 2: adds recorded_by and tells NULL from empty text.
    public static let canonicalVersion2 = "fundledger.event.v2"
    /// The forms this build reads, by number.
    public static let knownVersions = [1, 2]

    /// The canonical bytes of an event in the form its `canonicalVersion` names.
    public static func canonicalBytes(of event: RecordedEvent) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + event.payload.utf8.count + event.metadata.utf8.count)
        let common: [String?] = [
            String(event.globalPosition), event.streamID, String(event.streamVersion),
            event.eventID.uuidString.lowercased(), event.eventType, String(event.schemaVersion),
            event.effectiveDate.description, event.recordedAt.description,
        ]
        let fields: [String?]
        if event.canonicalVersion == 1 {
            fields = [canonicalVersion1] + common + [event.organisationID ?? "", event.payload, event.metadata]
        } else {
            fields = [canonicalVersion2] + common + [event.organisationID, event.payload, event.metadata, event.recordedBy]
        }
        for field in fields {
            guard let utf8 = field?.utf8 else {
                bytes.append(contentsOf: [0xff, 0xff, 0xff, 0xff])  // NULL: no length can be 2^32 - 1 here
                continue
            }
            let length = UInt32(utf8.count)
            bytes.append(UInt8(length >> 24))
            bytes.append(UInt8(length >> 16 & 0xff))
            bytes.append(UInt8(length >> 8 & 0xff))
            bytes.append(UInt8(length & 0xff))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// `SHA-256(previous || canonical bytes of event)`, ignoring the hashes stored in `event`.
    public static func hash(of event: RecordedEvent, after previous: ChainHash) -> ChainHash {
        var hasher = SHA256()
        hasher.update(data: previous.bytes)
        hasher.update(data: canonicalBytes(of: event))
        return ChainHash(unchecked: Array(hasher.finalize()))
    }
}

/// Checks a sequence of events, in position order, against the chain; reports the first break.
public struct ChainVerifier: Sendable {
    /// The position the next event must have.
    public private(set) var expectedPosition: Int64 = 1
    /// The hash the next event's `prev_hash` must equal.
    public private(set) var previousHash: ChainHash = .zero

    public init() {}

    /// Checks one event; returns why it breaks the chain, or `nil` if it continues it.
    public mutating func check(_ event: RecordedEvent) -> ChainBreak? {
        if event.globalPosition != expectedPosition {
            return ChainBreak(
                position: expectedPosition,
                reason: event.globalPosition > expectedPosition
                    ? "position \(expectedPosition) is missing (next stored position is \(event.globalPosition))"
                    : "position \(event.globalPosition) appears where \(expectedPosition) was expected")
        }
        if event.previousHash != previousHash {
            return ChainBreak(position: expectedPosition, reason: "prev_hash does not equal the hash of the previous event")
        }
        let computed = HashChain.hash(of: event, after: previousHash)
        if computed != event.hash {
            return ChainBreak(
                position: expectedPosition,
                reason: "stored hash \(event.hash.hex.prefix(16))… differs from recomputed \(computed.hex.prefix(16))…: the event's content was changed")
        }
        expectedPosition += 1
        previousHash = computed
        return nil
    }
}

/// The first place a chain fails to verify, and why.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public var position: Int64
    public var reason: String

    public init(position: Int64, reason: String) {
        self.position = position
        self.reason = reason
    }
    public var description: String { "position \(position): \(reason)" }
}

/// The outcome of verifying a whole log.
public enum VerificationResult: Sendable, Equatable {
    /// Every event continues the chain; the head is as stated.
    case verified(LedgerHead)
    /// The chain breaks at the named position.
    case broken(ChainBreak)
}
