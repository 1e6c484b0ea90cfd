extension InMemoryEventStore: StateSnapshots {
    public func snapshot(of streamID: String, format: Int) async throws -> StateSnapshot? {
        snapshots[Self.snapshotKey(streamID, format)]
    }

    public func save(_ snapshot: StateSnapshot) async throws {
        let key = Self.snapshotKey(snapshot.streamID, snapshot.format)
        if let kept = snapshots[key], kept.streamVersion >= snapshot.streamVersion { return }
        snapshots[key] = snapshot
    }

    private static func snapshotKey(_ streamID: String, _ format: Int) -> String { "\(format)/\(streamID)" }
}
