extension AppendedEvent {
    /// The event as an append answers for it: its id, global position, stream version and hash, one JSON line
    /// as `fundledger append` prints it and `POST /v1/events` answers it.
    public var jsonLine: String {
        "{\"event_id\":\"\(eventID.uuidString.lowercased())\",\"global_position\":\(globalPosition),\"stream_version\":\(streamVersion),\"hash\":\"\(hash.hex)\"}"
    }
}
