import EventStore

/// One stored event as a JSON line, with payload and metadata as JSON objects: what `fundledger read`
/// prints and `GET /v1/events` answers, byte for byte.
public enum EventLine {
    public static func text(_ event: RecordedEvent) -> String {
        "{\"global_position\":\(event.globalPosition),\"stream_id\":\(JSONText.quote(event.streamID)),\"stream_version\":\(event.streamVersion),\"event_id\":\"\(event.eventID.uuidString.lowercased())\",\"event_type\":\(JSONText.quote(event.eventType)),\"schema_version\":\(event.schemaVersion),\"effective_date\":\"\(event.effectiveDate)\",\"recorded_at\":\"\(event.recordedAt)\",\"organisation_id\":\(event.organisationID.map(JSONText.quote) ?? "null"),\"payload\":\(event.payload),\"metadata\":\(event.metadata),\"hash\":\"\(event.hash.hex)\"}"
    }
}
