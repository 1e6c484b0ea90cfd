import EventStore
import Foundation
import Memberwise

/// Turns a payload stored under an old schema version into the next version, on read. Stored bytes are
/// never rewritten (the hash chain covers them); the fold only ever sees current-version events.
///
/// To change an event's shape: bump its `schemaVersion`, add an upcaster from the old version here, and
/// add a test that appends old-version events and replays them with the new code.
@PublicMemberwiseInit
public struct Upcaster: Sendable {
    /// The event type it applies to.
    public let eventType: String
    /// The version it reads; it produces `fromVersion + 1`.
    public let fromVersion: Int
    /// Rewrites the decoded JSON object (snake_case keys, as stored).
    let transform: @Sendable (inout [String: Any]) throws -> Void
}

/// Every upcaster the domain knows, and the chain that brings a payload to the current version.
public enum Upcasting {
    /// In no particular order; chains are found by type and version.
    public static let all: [Upcaster] = [
        // OutcomeMeasured v1 → v2: add `quantity`, the value read as an exact decimal (null when not a number).
        Upcaster(eventType: OutcomeMeasured.eventType, fromVersion: 1) { payload in
            let value = payload["value"] as? String ?? ""
            payload["quantity"] = OutcomeMeasured.quantity(parsing: value).map { $0.description } ?? NSNull()
        }
    ]

    /// `payload` (JSON text of `eventType` at `version`) brought to `currentVersion`.
    public static func upcast(_ payload: String, eventType: String, from version: Int, to currentVersion: Int) throws -> String {
        guard version < currentVersion else { return payload }
        guard var object = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else {
            throw UpcastingError(eventType: eventType, version: version, reason: "the payload is not a JSON object")
        }
        for step in version..<currentVersion {
            guard let upcaster = all.first(where: { $0.eventType == eventType && $0.fromVersion == step }) else {
                throw UpcastingError(eventType: eventType, version: step, reason: "no upcaster from version \(step) to \(step + 1)")
            }
            try upcaster.transform(&object)
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

/// An old payload that cannot be brought to the current version.
public struct UpcastingError: Error, Sendable, CustomStringConvertible {
    public var eventType: String
    public var version: Int
    public var reason: String

    public var description: String { "cannot read \(eventType) schema version \(version): \(reason)" }
}
