import Foundation

/// Why an append or read was refused. Storage failures arrive as `PostgresError` instead.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stream's version was not what the writer expected; nothing was written.
    case wrongExpectedVersion(streamID: String, expected: ExpectedVersion, actual: Int64?)
    /// The event id is already stored with different content (not a retry); at a position the writer may
    /// read, or nil where it may not (another organisation's event in a network database).
    case eventIDReusedWithDifferentContent(eventID: UUID, globalPosition: Int64?)
    /// Some events of the batch were stored by an earlier append and others not.
    case batchPartiallyStored(storedCount: Int, batchCount: Int)
    /// The same event id appears twice in one append.
    case duplicateEventIDInBatch(UUID)
    /// The append is malformed (empty, too large, payload not a JSON object, …).
    case invalidAppend(String)
    /// A reader found a gap or a reordering in the log: it was tampered with; run `fundledger verify`.
    case logIsNotContiguous(expected: Int64, found: Int64)

    public var description: String {
        switch self {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            "wrong expected version for stream \(stream): expected \(expected), actual \(actual.map(String.init) ?? "no stream")"
        case .eventIDReusedWithDifferentContent(let id, let position?):
            "event \(id.uuidString.lowercased()) is already stored at position \(position) with different content"
        case .eventIDReusedWithDifferentContent(let id, nil):
            "event \(id.uuidString.lowercased()) is already stored with different content; send new events with new ids"
        case .batchPartiallyStored(let stored, let count):
            "\(stored) of the \(count) events in this append were stored by an earlier append, the rest not; retry the earlier append as it was"
        case .duplicateEventIDInBatch(let id):
            "event id \(id.uuidString.lowercased()) appears more than once in one append"
        case .invalidAppend(let reason):
            "invalid append: \(reason)"
        case .logIsNotContiguous(let expected, let found):
            "the event log is not contiguous: expected position \(expected), found \(found); run `fundledger verify`"
        }
    }
}

/// Limits on appends, the same for every store.
public enum AppendLimits {
    /// Events in one append (one transaction, one lock hold).
    public static let eventCountMax = 10_000
    /// Bytes of a stream id or event type.
    public static let nameByteCountMax = 255
    /// The range of effective dates the books accept (the table's CHECK says the same).
    public static let effectiveDateMin = CivilDate(year: 1900, month: 1, day: 1)!
    public static let effectiveDateMax = CivilDate(year: 9999, month: 12, day: 31)!

    /// Checks what can be checked without storage; throws `invalidAppend` or `duplicateEventIDInBatch`.
    package static func validate(_ events: [NewEvent]) throws {
        guard !events.isEmpty else { throw EventStoreError.invalidAppend("an append needs at least one event") }
        guard events.count <= eventCountMax else {
            throw EventStoreError.invalidAppend("an append holds at most \(eventCountMax) events; this one has \(events.count)")
        }
        var seen = Set<UUID>()
        for event in events {
            guard seen.insert(event.eventID).inserted else { throw EventStoreError.duplicateEventIDInBatch(event.eventID) }
            for (value, what) in [(event.streamID, "stream id"), (event.eventType, "event type")] {
                if let problem = Identifier.problem(value, what) { throw EventStoreError.invalidAppend(problem) }
            }
            guard event.schemaVersion > 0 else { throw EventStoreError.invalidAppend("schema version must be positive") }
            if let date = event.effectiveDate, !(effectiveDateMin...effectiveDateMax).contains(date) {
                throw EventStoreError.invalidAppend("effective date \(date) is outside \(effectiveDateMin)…\(effectiveDateMax)")
            }
            if let organisation = event.organisationID, organisation.isEmpty {
                throw EventStoreError.invalidAppend("organisation id must not be empty (omit it instead)")
            }
            if let organisation = event.organisationID, let problem = Identifier.problem(organisation, "organisation id") {
                throw EventStoreError.invalidAppend(problem)
            }
            try JSONText.requireObject(event.payload, field: "payload")
            try JSONText.requireObject(event.metadata, field: "metadata")
        }
    }
}
