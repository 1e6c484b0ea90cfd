import EventStore
import Foundation
import Postgres

/// The event store on PostgreSQL: `schema/` defines it; appends go through `event_store.append_events`,
/// which assigns positions and hashes under one lock (see `docs/event-store.md`).
public struct PostgresEventStore: EventStore {
    /// The channel `append_events` notifies after each commit (payload: the new head position).
    public static let notificationChannel = "fundledger_events"

    public let pool: ConnectionPool
    /// Whether each append runs in a savepoint of its own, for a store used inside a transaction its caller
    /// holds open (group commit): a refused append (a wrong expected version) then rolls back alone and the
    /// transaction stays usable, so `LedgerService` can decide again in it.
    public let appendsInSavepoint: Bool

    public init(pool: ConnectionPool, appendsInSavepoint: Bool = false) {
        self.pool = pool
        self.appendsInSavepoint = appendsInSavepoint
    }

    /// Columns of a `RecordedEvent`, read in binary form (`PostgresBinaryRow`): the server renders no text
    /// and the client parses none; `decodeEvent` turns them into the values the hash chain defines.
    static let eventColumns = """
        global_position, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata, \
        recorded_at, effective_date, organisation_id, prev_hash, hash, canonical_version, recorded_by
        """

    public func append(_ events: [NewEvent], expectations: [String: ExpectedVersion]) async throws -> [AppendedEvent] {
        try AppendLimits.validate(events)
        let batch = Self.batchDocument(events, expectations: expectations)
        let rows: [PostgresRow]
        do {
            rows = try await pool.withConnection { [appendsInSavepoint] connection in
                let append: PostgresQuery = "SELECT * FROM event_store.append_events(\(batch)::jsonb)"
                guard appendsInSavepoint else { return try await connection.query(append) }
                return try await connection.inSavepoint("fundledger_append") { try $0.query(append) }
            }
        } catch let error as PostgresError {
            throw Self.translate(error, expectations: expectations, events: events)
        }
        return try zip(events, rows).map { event, row in
            guard let hash = ChainHash(hex: Hex.encode(try row.decode(PostgresBytes.self, at: 2).bytes)) else {
                throw PostgresError(kind: .decoding, message: "append_events returned a malformed hash")
            }
            return AppendedEvent(
                eventID: event.eventID, globalPosition: try row.decode(at: 0), streamVersion: try row.decode(at: 1),
                hash: hash)
        }
    }

    /// `event_store.command_id_namespace(organisations)` (0027): nil in a database without grants; refused
    /// to an identity that does not record for every one of `organisations`.
    public func commandIDNamespace(organisations: [String]) async throws -> String? {
        let list = String(decoding: try JSONSerialization.data(withJSONObject: organisations), as: UTF8.self)
        return try await pool.withConnection { connection in
            try await connection.query(
                "SELECT event_store.command_id_namespace(ARRAY(SELECT jsonb_array_elements_text(\(list)::jsonb)))"
            )[0].decodeIfPresent(String.self, at: 0)
        }
    }

    public func readStream(_ streamID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await connection.queryBinary("""
                SELECT \(unescaped: Self.eventColumns) FROM event_store.events
                WHERE stream_id = \(streamID) AND stream_version >= \(fromVersion)
                ORDER BY stream_version LIMIT \(limit)
                """, Self.decodeEvent)
        }
    }

    public func readAll(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await connection.queryBinary("""
                SELECT \(unescaped: Self.eventColumns) FROM event_store.events
                WHERE global_position > \(position) ORDER BY global_position LIMIT \(limit)
                """, Self.decodeEvent)
        }
    }

    public func read(eventIDs: [UUID]) async throws -> [RecordedEvent] {
        guard !eventIDs.isEmpty else { return [] }
        // An array parameter, so the planner knows how many ids it looks up and uses the unique index (a
        // set-returning function is estimated at 100 rows, which made a small log scan the table instead).
        let ids = "{" + eventIDs.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        return try await pool.withConnection { connection in
            try await connection.queryBinary("""
                SELECT \(unescaped: Self.eventColumns) FROM event_store.events
                WHERE event_id = ANY(\(ids)::uuid[]) ORDER BY global_position
                """, Self.decodeEvent)
        }
    }

    public func head() async throws -> LedgerHead {
        try await pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT (SELECT global_position FROM event_store.events ORDER BY global_position DESC LIMIT 1),
                       (SELECT encode(hash, 'hex') FROM event_store.events ORDER BY global_position DESC LIMIT 1),
                       (SELECT count(*) FROM event_store.events)
                """)
            let row = rows[0]
            let hash = try row.decodeIfPresent(String.self, at: 1).flatMap(ChainHash.init(hex:)) ?? .zero
            return LedgerHead(
                position: try row.decodeIfPresent(Int64.self, at: 0) ?? 0, hash: hash, eventCount: try row.decode(at: 2))
        }
    }

    public func streamVersion(_ streamID: String) async throws -> Int64? {
        try await pool.withConnection { connection in
            try await connection.query("SELECT max(stream_version) FROM event_store.events WHERE stream_id = \(streamID)")[0]
                .decodeIfPresent(Int64.self, at: 0)
        }
    }

    /// Waits on a pooled connection for the next append notification (`CatchUpSubscription` calls this
    /// between reads). LISTEN comes before the head check, so an append in between still wakes it.
    public func waitForAppends(after position: Int64, timeout: Duration) async throws {
        try await pool.withConnection { connection in
            // LISTEN before looking at the head: an append committing in between still wakes the wait.
            try await connection.listen(Self.notificationChannel)
            do {
                let head = try await connection.query(
                    "SELECT coalesce(max(global_position), 0) FROM event_store.events")[0].decode(Int64.self, at: 0)
                if head <= position {
                    _ = try await withTaskCancellationHandler {
                        try await connection.waitForNotifications(timeout: timeout)
                    } onCancel: {
                        connection.interruptWait()
                    }
                }
            } catch {
                // Never lend out a connection that still listens: its notifications would pile up unread.
                try? await connection.unlisten(Self.notificationChannel)
                throw error
            }
            try await connection.unlisten(Self.notificationChannel)
        }
    }

    // MARK: Encoding and decoding

    /// The jsonb document `append_events` takes. Payload and metadata are embedded as they are: both were
    /// checked to be single JSON objects, so they cannot break out of their slot.
    public static func batchDocument(_ events: [NewEvent], expectations: [String: ExpectedVersion]) -> String {
        var out = "{\"expected\":{"
        out += expectations.sorted { $0.key < $1.key }.map { stream, expected in
            let value: String = switch expected {
            case .exact(let version): String(version)
            default: JSONText.quote(expected.description)
            }
            return JSONText.quote(stream) + ":" + value
        }.joined(separator: ",")
        out += "},\"events\":["
        for (index, event) in events.enumerated() {
            if index > 0 { out += "," }
            out += "{\"event_id\":\"\(event.eventID.uuidString.lowercased())\",\"stream_id\":\(JSONText.quote(event.streamID))"
            out += ",\"event_type\":\(JSONText.quote(event.eventType)),\"schema_version\":\(event.schemaVersion)"
            out += ",\"payload\":\(event.payload),\"metadata\":\(event.metadata)"
            if let date = event.effectiveDate { out += ",\"effective_date\":\"\(date)\"" }
            if let organisation = event.organisationID { out += ",\"organisation_id\":\(JSONText.quote(organisation))" }
            out += "}"
        }
        out += "]}"
        return out
    }

    @Sendable static func decodeEvent(_ row: PostgresBinaryRow) throws -> RecordedEvent {
        guard let previous = ChainHash(bytes: try row.bytes(11)), let hash = ChainHash(bytes: try row.bytes(12)) else {
            throw PostgresError(kind: .decoding, message: "event row has a hash that is not 32 bytes")
        }
        return RecordedEvent(
            globalPosition: try row.int64(0), streamID: try row.text(1), streamVersion: try row.int64(2),
            eventID: try row.uuid(3), eventType: try row.text(4), schemaVersion: Int(try row.int64(5)),
            payload: try row.text(6), metadata: try row.text(7),
            recordedAt: Timestamp(microsecondsSinceEpoch: try row.microsecondsSince1970(8)),
            effectiveDate: CivilDate(daysSinceEpoch: try row.daysSince1970(9)), organisationID: try row.textIfPresent(10),
            previousHash: previous, hash: hash, canonicalVersion: Int(try row.int64(13)), recordedBy: try row.textIfPresent(14))
    }

    /// Turns the SQLSTATEs `append_events` raises into typed errors.
    static func translate(_ error: PostgresError, expectations: [String: ExpectedVersion], events: [NewEvent]) -> any Error {
        let detail = error.detail.flatMap { try? JSONText.parseObject($0) } ?? [:]
        switch error.sqlState {
        case "FL001":
            let stream = detail["stream_id"] as? String ?? "?"
            let actual = (detail["actual"] as? NSNumber)?.int64Value
            return EventStoreError.wrongExpectedVersion(
                streamID: stream, expected: expectations[stream] ?? .any, actual: actual)
        case "FL002":
            let id = (detail["event_id"] as? String).flatMap(UUID.init(uuidString:)) ?? events[0].eventID
            let position = (detail["global_position"] as? NSNumber)?.int64Value
            return EventStoreError.eventIDReusedWithDifferentContent(eventID: id, globalPosition: position)
        case "FL003":
            let stored = (detail["stored"] as? NSNumber)?.intValue ?? 0
            return EventStoreError.batchPartiallyStored(storedCount: stored, batchCount: events.count)
        // Malformed data the server caught: bad text (22P02, 22P05 e.g. \u0000), dates (22007, 22008),
        // numbers out of range (22003), a NOT NULL or CHECK constraint (23502, 23514).
        case "FL000", "FL004", "FL005", "22P02", "22P05", "22007", "22008", "22003", "23502", "23514":
            return EventStoreError.invalidAppend(error.message)
        default:
            return error
        }
    }
}
