import Foundation
import Memberwise

/// An event to append: what happened, to which stream, with its payload as JSON object text.
public struct NewEvent: Sendable, Equatable {
    /// Unique id chosen by the writer; appending the same id again is recognised as a retry.
    public var eventID: UUID
    public var streamID: String
    /// A stable type name, e.g. `FundsDisbursed`.
    public var eventType: String
    /// The payload's schema version; older versions are upcast when read, never rewritten.
    public var schemaVersion: Int
    /// The payload: one JSON object, as text.
    public var payload: String
    /// Actor, reason, decision reference, correlation and causation ids: one JSON object, as text.
    public var metadata: String
    /// The date the event takes effect in the books; `nil` means the UTC date of recording.
    public var effectiveDate: CivilDate?
    /// The organisation (kommun or region) the event belongs to, when there is one.
    public var organisationID: String?

    // Written by hand, not by @PublicMemberwiseInit: as the property's initial value, `UUID()` would be drawn
    // in every initialisation, even one that passes the id (docs/macros.md).
    public init(
        eventID: UUID = UUID(), streamID: String, eventType: String, schemaVersion: Int = 1,
        payload: String, metadata: String = "{}", effectiveDate: CivilDate? = nil, organisationID: String? = nil
    ) {
        self.eventID = eventID
        self.streamID = streamID
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
        self.effectiveDate = effectiveDate
        self.organisationID = organisationID
    }
}

/// An event as stored: its place in the log, its stream version and its link in the hash chain.
@PublicMemberwiseInit
public struct RecordedEvent: Sendable, Equatable {
    /// 1, 2, 3, … in commit order, with no gaps.
    public var globalPosition: Int64
    public var streamID: String
    /// 1, 2, 3, … within the stream.
    public var streamVersion: Int64
    public var eventID: UUID
    public var eventType: String
    public var schemaVersion: Int
    /// The payload's canonical JSON text (for PostgreSQL, exactly `payload::text`).
    public var payload: String
    public var metadata: String
    public var recordedAt: Timestamp
    public var effectiveDate: CivilDate
    public var organisationID: String?
    public var previousHash: ChainHash
    public var hash: ChainHash
    /// Which canonical form the hash covers: 1 (`fundledger.event.v1`) or 2 (`fundledger.event.v2`).
    public var canonicalVersion: Int = 1
    /// The database login that appended the event (version 2 only): set by the store, never by a client.
    public var recordedBy: String? = nil
}

/// What the writer expects a stream's current version to be; a mismatch refuses the whole append.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must have at least one event.
    case streamExists
    /// The stream's last version must be exactly this (0 means no stream).
    case exact(Int64)

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no_stream"
        case .streamExists: "exists"
        case .exact(let version): String(version)
        }
    }

    /// Parses `any`, `no_stream`, `exists` or a version number.
    public init?(_ text: String) {
        switch text {
        case "any": self = .any
        case "no_stream", "no-stream": self = .noStream
        case "exists", "stream_exists": self = .streamExists
        default:
            guard let version = Int64(text), version >= 0 else { return nil }
            self = .exact(version)
        }
    }

    /// Whether a stream whose last version is `actual` (`nil`: no stream) satisfies this expectation.
    public func isSatisfied(by actual: Int64?) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == nil
        case .streamExists: actual != nil
        case .exact(let version): (actual ?? 0) == version
        }
    }
}

/// Where one appended event landed.
@PublicMemberwiseInit
public struct AppendedEvent: Sendable, Equatable {
    public var eventID: UUID
    public var globalPosition: Int64
    public var streamVersion: Int64
    public var hash: ChainHash
}

/// The newest point of the log: what a report or an audit note cites to pin the ledger's state.
@PublicMemberwiseInit
public struct LedgerHead: Sendable, Equatable {
    /// The last global position (0 for an empty log).
    public var position: Int64
    /// The hash at that position (32 zero bytes for an empty log).
    public var hash: ChainHash
    /// The number of stored events; equals `position` in a sound log.
    public var eventCount: Int64
}
