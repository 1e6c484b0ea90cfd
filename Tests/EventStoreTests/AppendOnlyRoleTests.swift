import EventStore
import Foundation
import Postgres
import PostgresEventStore
import TestSupport
import Testing

/// The log is append-only twice over: triggers refuse UPDATE, DELETE and TRUNCATE for everyone (FL010),
/// and the `fundledger_writer` / `fundledger_auditor` roles lack the privileges in the first place (42501).
/// `append_events` is the one way in, and it refuses what would weaken the chain.
@Suite("Append-only by trigger and by role")
struct AppendOnlyRoleTests {
    @Test("even a superuser cannot UPDATE, DELETE or TRUNCATE events (FL010), and the row stays as it was")
    func triggersRefuseChangesForEveryone() async throws {
        try await withSeededLog(count: 3) { db, connection in
            try #require(try await isSuperuser(connection), "these checks mean something only for a superuser")
            let before = try await row(1, on: connection)

            await expectSQLState("FL010", "UPDATE") {
                try await connection.execute(#"UPDATE event_store.events SET payload = '{"n": 2}' WHERE global_position = 1"#)
            }
            await expectSQLState("FL010", "UPDATE of a hash") {
                try await connection.execute("UPDATE event_store.events SET hash = prev_hash WHERE global_position = 1")
            }
            await expectSQLState("FL010", "DELETE") {
                try await connection.execute("DELETE FROM event_store.events WHERE global_position = 1")
            }
            await expectSQLState("FL010", "DELETE of everything") {
                try await connection.execute("DELETE FROM event_store.events")
            }
            await expectSQLState("FL010", "TRUNCATE") {
                try await connection.execute("TRUNCATE event_store.events")
            }
            // Also inside a transaction, where a refused statement must take nothing with it.
            await expectSQLState("FL010", "UPDATE in a transaction") {
                try await connection.transaction { connection in
                    _ = try connection.execute(#"UPDATE event_store.events SET payload = '{"n": 3}' WHERE global_position = 1"#)
                }
            }

            #expect(try await row(1, on: connection) == before)
            #expect(try await count(on: connection) == 3)
            try await expectIntact(db.store, eventCount: 3)
        }
    }

    @Test("fundledger_writer reads and appends through append_events, and can change nothing directly (42501)")
    func writerMayOnlyAppend() async throws {
        try await withSeededLog(count: 2, as: "fundledger_writer") { db, connection in
            let before = try await row(1, on: connection)
            #expect(try await count(on: connection) == 2)

            let eventID = UUID()
            let appended = try await connection.query(
                "SELECT * FROM event_store.append_events(\(batch(eventID: eventID, stream: "writer-stream"))::jsonb)")
            try #require(appended.count == 1)
            #expect(try appended[0].decode(Int64.self, at: 0) == 3)
            #expect(try appended[0].decode(Int64.self, at: 1) == 1)
            #expect(try await count(on: connection) == 3)

            await expectDirectWritesRefused("writer", on: connection, head: 3)
            await expectSQLState("42501", "writer disabling the triggers") {
                try await connection.execute("ALTER TABLE event_store.events DISABLE TRIGGER USER")
            }

            #expect(try await currentUser(connection) == "fundledger_writer")
            #expect(try await row(1, on: connection) == before)
            #expect(try await count(on: connection) == 3)
            try await expectIntact(db.store, eventCount: 3)
            #expect(try await db.store.streamVersion("writer-stream") == 1)
        }
    }

    @Test("fundledger_auditor reads and recomputes hashes, and can write nothing (42501)")
    func auditorMayOnlyRead() async throws {
        try await withSeededLog(count: 4, as: "fundledger_auditor") { db, connection in
            let before = try await row(1, on: connection)
            #expect(try await count(on: connection) == 4)
            // The auditor can recompute every stored hash with the schema's own canonical bytes.
            let recomputed = try await connection.query("""
                SELECT bool_and(hash = sha256(prev_hash || event_store.canonical_bytes_of(e)))
                FROM event_store.events e
                """)
            #expect(try recomputed[0].decode(Bool.self, at: 0))

            await expectSQLState("42501", "auditor append_events") {
                try await connection.query(
                    "SELECT * FROM event_store.append_events(\(batch(eventID: UUID(), stream: "auditor-stream"))::jsonb)")
            }
            await expectDirectWritesRefused("auditor", on: connection, head: 4)

            #expect(try await row(1, on: connection) == before)
            #expect(try await count(on: connection) == 4)
            try await expectIntact(db.store, eventCount: 4)
            #expect(try await db.store.streamVersion("auditor-stream") == nil)
        }
    }

    @Test("append_events refuses to run above READ COMMITTED (FL000)", arguments: ["REPEATABLE READ", "SERIALIZABLE"])
    func appendRefusesSnapshotIsolation(isolation: String) async throws {
        try await withSeededLog(count: 2) { db, connection in
            await expectSQLState("FL000", "append_events at \(isolation)") {
                try await connection.transaction(isolation: isolation) { connection in
                    _ = try connection.query(
                        "SELECT * FROM event_store.append_events(\(batch(eventID: UUID(), stream: "snapshot"))::jsonb)")
                }
            }
            #expect(await connection.isInTransaction == false)
            // The same append at READ COMMITTED, in an explicit transaction, goes through.
            let position = try await connection.transaction(isolation: "READ COMMITTED") { connection in
                try connection.query(
                    "SELECT * FROM event_store.append_events(\(batch(eventID: UUID(), stream: "snapshot"))::jsonb)")[0]
                    .decode(Int64.self, at: 0)
            }
            #expect(position == 3)
            try await expectIntact(db.store, eventCount: 3)
            #expect(try await db.store.streamVersion("snapshot") == 1)
        }
    }

    @Test(
        "an append whose payload is not one JSON object is refused as invalidAppend, and nothing is written",
        arguments: [
            "[1, 2]", #""a string""#, "42", "null", "true", "", "   ", "{", #"{"a": 1} {"b": 2}"#, #"{"a": }"#, "{'a': 1}",
            // Texts that would break out of the payload's slot in the batch document if let through.
            #"{"a": 1}, "b": 2"#, #"{}, "stream_id": "elsewhere""#, #"{}, "organisation_id": "forged", "x": {}"#,
            #"{"a": 1}}, {"event_id": "00000000-0000-4000-8000-000000000001", "stream_id": "x", "event_type": "T", "payload": {}"#,
        ])
    func nonObjectPayloadIsRefused(payload: String) async throws {
        try await TestDatabase.withMigrated { db in
            try await seedEvents(db.store, count: 2)
            let headBefore = try await db.store.head()
            let error = await #expect(throws: EventStoreError.self) {
                try await db.store.append(
                    [testEvent("bad-payload", payload: #"{"first": "fine"}"#), testEvent("bad-payload", payload: payload)],
                    to: "bad-payload")
            }
            guard case .invalidAppend? = error else {
                Issue.record("expected invalidAppend, got \(String(describing: error))")
                return
            }
            #expect(try await db.store.head() == headBefore)
            #expect(try await db.store.streamVersion("bad-payload") == nil)
            try await expectIntact(db.store, eventCount: 2)
        }
    }

    @Test("append_events itself refuses a payload that is not an object (FL000), whoever calls it")
    func appendEventsRefusesNonObjectPayload() async throws {
        try await withSeededLog(count: 1, as: "fundledger_writer") { db, connection in
            for payload in ["[1]", #""text""#, "7", "null"] {
                let document = #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"s","event_type":"T","payload":\#(payload)}]}"#
                await expectSQLState("FL000", "payload \(payload)") {
                    try await connection.query("SELECT * FROM event_store.append_events(\(document)::jsonb)")
                }
            }
            try await expectIntact(db.store, eventCount: 1)
        }
    }
}

// MARK: - Helpers

/// A migrated database holding `count` seeded events (`seedEvents`), and a connection to it: as `role` when
/// given (checked to have taken), else as the superuser the tests run as.
private func withSeededLog(
    count: Int, as role: String? = nil, _ body: (TestDatabase, PostgresConnection) async throws -> Void
) async throws {
    try await TestDatabase.withMigrated { db in
        try await seedEvents(db.store, count: count)
        try await db.withConnection { connection in
            if let role {
                try await connection.execute(PostgresQuery(unsafeSQL: "SET ROLE \(role)"))
                #expect(try await currentUser(connection) == role)
            }
            try await body(db, connection)
        }
    }
}

/// Appends `count` events to one stream through the store (positions 1 … count).
private func seedEvents(_ store: PostgresEventStore, count: Int) async throws {
    let appended = try await store.append(
        (1...count).map { testEvent("seed", payload: #"{"n": \#($0), "text": "åäö"}"#) }, to: "seed", expecting: .noStream)
    #expect(appended.map(\.globalPosition) == (1...count).map(Int64.init))
}

/// The smallest batch document `append_events` takes: one event with an empty payload.
private func batch(eventID: UUID, stream: String) -> String {
    #"{"events":[{"event_id":"\#(eventID.uuidString.lowercased())","stream_id":"\#(stream)","event_type":"T","payload":{}}]}"#
}

/// Every column of one event, as text.
private func row(_ position: Int64, on connection: PostgresConnection) async throws -> [String?] {
    let rows = try await connection.query("SELECT e::text FROM event_store.events e WHERE global_position = \(position)")
    try #require(rows.count == 1)
    return try [rows[0].decodeIfPresent(String.self, at: 0)]
}

private func count(on connection: PostgresConnection) async throws -> Int64 {
    try await connection.query("SELECT count(*) FROM event_store.events")[0].decode(at: 0)
}

private func currentUser(_ connection: PostgresConnection) async throws -> String {
    try await connection.query("SELECT current_user::text")[0].decode(at: 0)
}

private func isSuperuser(_ connection: PostgresConnection) async throws -> Bool {
    try await connection.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0].decode(at: 0)
}

/// The chain still verifies from position 1 and holds exactly `eventCount` events.
private func expectIntact(
    _ store: PostgresEventStore, eventCount: Int64, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let head = try await store.head()
    #expect(head.eventCount == eventCount, sourceLocation: sourceLocation)
    #expect(head.position == eventCount, sourceLocation: sourceLocation)
    #expect(try await store.verifyChain() == .verified(head), sourceLocation: sourceLocation)
}

/// Every direct write to the log fails for `role` for want of privileges (42501): an INSERT after `head`
/// (the last position), UPDATE, DELETE, TRUNCATE and `restore_events`.
private func expectDirectWritesRefused(
    _ role: String, on connection: PostgresConnection, head: Int64, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await expectSQLState("42501", "\(role) INSERT", sourceLocation: sourceLocation) {
        try await connection.execute("""
            INSERT INTO event_store.events (global_position, stream_id, stream_version, event_id, event_type,
                schema_version, payload, metadata, recorded_at, effective_date, organisation_id, prev_hash, hash)
            SELECT \(unescaped: String(head + 1)), 'forged', 1, \(UUID()), 'Forged', 1, '{}', '{}', now(), current_date, NULL, hash,
                decode(repeat('00', 32), 'hex')
            FROM event_store.events WHERE global_position = \(unescaped: String(head))
            """)
    }
    let statements: [(String, PostgresQuery)] = [
        ("UPDATE", #"UPDATE event_store.events SET payload = '{"n": 2}' WHERE global_position = 1"#),
        ("DELETE", "DELETE FROM event_store.events WHERE global_position = 1"),
        ("TRUNCATE", "TRUNCATE event_store.events"),
        ("restore_events", "SELECT event_store.restore_events('[]'::jsonb)"),
    ]
    for (what, sql) in statements {
        await expectSQLState("42501", "\(role) \(what)", sourceLocation: sourceLocation) {
            try await connection.execute(sql)
        }
    }
}

/// `body` fails with a server error carrying SQLSTATE `state`.
private func expectSQLState(
    _ state: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("\(what) succeeded; expected SQLSTATE \(state)", sourceLocation: sourceLocation)
    } catch let error as PostgresError {
        #expect(error.kind == .server, "\(what): \(error)", sourceLocation: sourceLocation)
        #expect(error.sqlState == state, "\(what): \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(what) failed with \(error); expected SQLSTATE \(state)", sourceLocation: sourceLocation)
    }
}
