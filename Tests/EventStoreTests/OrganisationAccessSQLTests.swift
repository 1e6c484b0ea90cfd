import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// Migration 0015 at the SQL level: whom row-level security lets read what when a delegate (the server's
/// login) acts for a user, and what `append_events` lets a restricted identity write.
@Suite("Organisation access in SQL: identities, delegates and shared events", .serialized)
struct OrganisationAccessSQLTests {
    static let events = """
        {"events":[
          {"event_id":"00000000-0000-4000-8000-000000000001","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"},
          {"event_id":"00000000-0000-4000-8000-000000000002","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"B","metadata":{"shared_with":["A"]}},
          {"event_id":"00000000-0000-4000-8000-000000000003","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"B"},
          {"event_id":"00000000-0000-4000-8000-000000000004","stream_id":"network","event_type":"Noted","payload":{}}]}
        """

    /// The positions `connection` may read when acting for `user` ("" for itself).
    static func positions(_ connection: PostgresConnection, actingFor user: String) async throws -> [Int64] {
        try await connection.transaction { connection in
            _ = try connection.query("SELECT set_config('fundledger.acting_for', \(user), true)")
            return try connection.query("SELECT global_position FROM event_store.events ORDER BY 1").map { try $0.decode(Int64.self, at: 0) }
        }
    }

    static func grant(_ login: String, _ organisation: String, _ role: AccessRole, on db: TestDatabase) async throws {
        try await OrganisationAccess(pool: db.pool).grant(login: login, organisation: organisation, role: role)
    }

    @Test("a delegate reads as the user it acts for; a login and a user both restricted get what both were granted")
    func delegatesReadAsTheirUser() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.query("SELECT * FROM event_store.append_events(\(Self.events)::jsonb)") }
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                #expect(try await Self.positions(connection, actingFor: "") == [1, 2, 3, 4], "a network login reads everything")
                try await Self.grant("\(login)/anna", "A", .auditor, on: db)
                #expect(try await Self.positions(connection, actingFor: "anna") == [1, 2], "A's event and B's event shared with A")
                #expect(try await Self.positions(connection, actingFor: "bob") == [1, 2, 3, 4], "bob has no grant: a network user")
                try await Self.grant(login, "B", .recorder, on: db)
                #expect(try await Self.positions(connection, actingFor: "") == [2, 3])
                #expect(try await Self.positions(connection, actingFor: "bob") == [2, 3], "the login's restriction holds for its users")
                #expect(try await Self.positions(connection, actingFor: "anna") == [], "A ∩ B is nothing")
            }
        }
    }

    @Test("append_events: a restricted recorder writes only its organisation's events into its organisation's streams")
    func appendsAreChecked() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.query("SELECT * FROM event_store.append_events(\(Self.events)::jsonb)") }
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant(login, "A", .recorder, on: db)
                func append(_ stream: String, _ organisation: String?) async throws -> String? {
                    let event = #"{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"\#(stream)","event_type":"Noted","payload":{}\#(organisation.map { #","organisation_id":"\#($0)""# } ?? "")}"#
                    do {
                        _ = try await connection.query("SELECT * FROM event_store.append_events(\(#"{"events":[\#(event)]}"#)::jsonb)")
                        return nil
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(error)")
                        return error.message
                    }
                }
                #expect(try await append("a-1", "A") == nil)
                #expect(try await append("a-new", "A") == nil)
                #expect(try await append("b-1", "A")?.contains("stream b-1 is not one of the streams") == true)
                #expect(try await append("network", "A")?.contains("stream network is not one of the streams") == true)
                #expect(try await append("a-1", "B")?.contains("not for organisation B") == true)
                #expect(try await append("a-1", nil)?.contains("an event without an organisation") == true)
                try await Self.grant(login, "A", .auditor, on: db)
                #expect(try await append("a-1", "A")?.contains("records only for no organisation") == true, "an auditor grant records nothing")
            }
            #expect(try await db.store.head().eventCount == 6)
            #expect(try await db.store.verifyChain() == .verified(try await db.store.head()))
        }
    }

    @Test("only a delegate (the server's login) may touch the server's tables: no writer can make itself a session")
    func serverTablesBelongToDelegates() async throws {
        try await TestDatabase.withMigrated { db in
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (_: String, connection: PostgresConnection) async throws in
                for sql in ["SELECT count(*) FROM server.users", "SELECT count(*) FROM server.sessions",
                            "DELETE FROM server.sessions"] {
                    do {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql))
                        Issue.record("a plain writer ran \(sql)")
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(error)")
                    }
                }
            }
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (_: String, connection: PostgresConnection) async throws in
                #expect(try await connection.query("SELECT count(*) FROM server.users")[0].decode(Int64.self, at: 0) == 0)
                #expect(try await connection.query("SELECT count(*) FROM server.sessions")[0].decode(Int64.self, at: 0) == 0)
            }
        }
    }

    /// The snapshots `connection` may read when acting for `user`.
    static func snapshotStreams(_ connection: PostgresConnection, actingFor user: String) async throws -> [String] {
        try await connection.transaction { connection in
            _ = try connection.query("SELECT set_config('fundledger.acting_for', \(user), true)")
            return try connection.query("SELECT stream_id FROM event_store.state_snapshots ORDER BY 1").map { try $0.decode(String.self, at: 0) }
        }
    }

    @Test("migration 0018: a snapshot is read only by an identity that may read every event it folds")
    func snapshotsNeedEveryEventReadable() async throws {
        try await TestDatabase.withMigrated { db in
            // a-1 holds an event of B between A's (appended by the network login); a-3 one of B shared with A.
            let events = """
                {"events":[
                  {"event_id":"00000000-0000-4000-8000-000000000011","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000012","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"B"},
                  {"event_id":"00000000-0000-4000-8000-000000000013","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000014","stream_id":"a-2","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000015","stream_id":"a-3","event_type":"Noted","payload":{},"organisation_id":"A"},
                  {"event_id":"00000000-0000-4000-8000-000000000016","stream_id":"a-3","event_type":"Noted","payload":{},"organisation_id":"B","metadata":{"shared_with":["A"]}}]}
                """
            try await db.withConnection { admin in
                _ = try await admin.query("SELECT * FROM event_store.append_events(\(events)::jsonb)")
                try await admin.executeScript(unsafeSQL: """
                    INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state)
                    SELECT DISTINCT ON (stream_id) stream_id, 1, stream_version, event_id, '\\x00'
                    FROM event_store.events ORDER BY stream_id, stream_version DESC
                    """)
            }
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/anna", "A", .auditor, on: db)
                try await Self.grant("\(login)/rita", "A", .recorder, on: db)
                #expect(try await Self.snapshotStreams(connection, actingFor: "") == ["a-1", "a-2", "a-3"], "a network identity reads every snapshot")
                #expect(try await Self.snapshotStreams(connection, actingFor: "anna") == ["a-2", "a-3"], "a-1 folds an event of B that anna may not read")
                #expect(try await Self.snapshotStreams(connection, actingFor: "rita") == ["a-2", "a-3"], "so does a recorder of A")
            }
        }
    }

    /// Appends `count` events of `organisation` (none when nil) to `stream` as the database's owner, each
    /// shared with `sharedWith` when given (the JSON of the metadata key `shared_with`).
    static func append(_ db: TestDatabase, _ stream: String, count: Int = 1, organisation: String?, sharedWith: String? = nil) async throws {
        _ = try await db.withConnection { admin in
            try await admin.query("""
                SELECT count(*) FROM event_store.append_events(jsonb_build_object('events', (
                    SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                        'event_id', gen_random_uuid(), 'stream_id', \(stream)::text, 'event_type', 'Noted', 'payload', '{}'::jsonb,
                        'organisation_id', \(organisation)::text,
                        'metadata', jsonb_build_object('shared_with', \(sharedWith)::jsonb))))
                    FROM generate_series(1, \(count)))))
                """)
        }
    }

    /// Saves a snapshot of `stream` at its last version as commands do (`PostgresEventStore.save`: an
    /// upsert that replaces only an older row), as the owner; returns the version.
    @discardableResult
    static func saveSnapshot(_ db: TestDatabase, _ stream: String, format: Int = 1) async throws -> Int64 {
        let last = try await db.withConnection { admin in
            try await admin.query("SELECT stream_version, event_id FROM event_store.events WHERE stream_id = \(stream) ORDER BY stream_version DESC LIMIT 1")[0]
        }
        let version = try last.decode(Int64.self, at: 0)
        try await db.store.save(StateSnapshot(streamID: stream, format: format, streamVersion: version, lastEventID: try last.decode(UUID.self, at: 1), state: [0]))
        return version
    }

    /// The summary 0020's trigger stored on `stream`'s snapshot (read as the owner); nil when not summarised.
    static func foldedReaders(_ db: TestDatabase, _ stream: String, format: Int = 1) async throws -> String? {
        try await db.withConnection { admin in
            try await admin.query("SELECT folded_readers::text FROM event_store.state_snapshots WHERE stream_id = \(stream) AND format = \(format)")[0]
                .decodeIfPresent(String.self, at: 0)
        }
    }

    /// How many rows of event_store's tables and indexes this transaction has looked at so far.
    static let rowsRead = """
        SELECT coalesce(sum(pg_stat_get_xact_tuples_fetched(c.oid) + pg_stat_get_xact_tuples_returned(c.oid)), 0)::bigint
        FROM pg_class c WHERE c.relnamespace = 'event_store'::regnamespace AND c.relkind IN ('r', 'i')
        """

    /// The version of `stream`'s snapshot that `connection`, acting for `user`, reads (nil: none it may read),
    /// and how many rows of event_store's tables and indexes the read looked at (`pg_stat_get_xact_*`, in its transaction).
    static func snapshotRead(_ connection: PostgresConnection, actingFor user: String, _ stream: String) async throws -> (version: Int64?, rowsRead: Int64) {
        try await connection.transaction { connection in
            _ = try connection.query("SELECT set_config('fundledger.acting_for', \(user), true)")
            let before = try connection.query(PostgresQuery(unsafeSQL: rowsRead))[0].decode(Int64.self, at: 0)
            let version = try connection.query("SELECT stream_version FROM event_store.state_snapshots WHERE stream_id = \(stream) AND format = 1")
                .first?.decode(Int64.self, at: 0)
            let after = try connection.query(PostgresQuery(unsafeSQL: rowsRead))[0].decode(Int64.self, at: 0)
            return (version, after - before)
        }
    }

    @Test("migration 0020: a restricted identity's snapshot read looks at as many rows after 3 000 more events as before")
    func restrictedSnapshotReadCostIsFlat() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.append(db, "a-1", count: 300, organisation: "A")
            try await Self.append(db, "a-1", organisation: "B", sharedWith: #"["A"]"#)
            try await Self.saveSnapshot(db, "a-1")
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/anna", "A", .auditor, on: db)
                let short = try await Self.snapshotRead(connection, actingFor: "anna", "a-1")
                let network = try await Self.snapshotRead(connection, actingFor: "", "a-1")
                #expect(short.version == 301 && network.version == 301)
                try await Self.append(db, "a-1", count: 3_000, organisation: "A")
                try await Self.saveSnapshot(db, "a-1")
                let long = try await Self.snapshotRead(connection, actingFor: "anna", "a-1")
                #expect(long.version == 3_301)
                #expect(abs(long.rowsRead - short.rowsRead) <= 2 && long.rowsRead < 100,
                        "a restricted read looked at \(short.rowsRead) rows at 301 events and \(long.rowsRead) at 3 301")
                let networkLong = try await Self.snapshotRead(connection, actingFor: "", "a-1")
                #expect(networkLong.version == 3_301 && networkLong.rowsRead == network.rowsRead, "a network identity's read is as before")
            }
        }
    }

    @Test("migration 0020: a restricted recorder's save of its snapshot looks at as many rows after 3 000 more events as before")
    func restrictedSaveCostIsFlat() async throws {
        try await TestDatabase.withMigrated { db in
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/rita", "A", .recorder, on: db)
                /// Rita saves a-1's snapshot 10 events past the network's, as `PostgresEventStore.save` does; the rows it looked at.
                func ritaSaves(after history: Int) async throws -> Int64 {
                    try await Self.append(db, "a-1", count: history, organisation: "A")
                    let version = try await Self.saveSnapshot(db, "a-1") + 10
                    try await Self.append(db, "a-1", count: 10, organisation: "A")
                    return try await connection.transaction { connection in
                        _ = try connection.query("SELECT set_config('fundledger.acting_for', 'rita', true)")
                        let before = try connection.query(PostgresQuery(unsafeSQL: Self.rowsRead))[0].decode(Int64.self, at: 0)
                        _ = try connection.execute("""
                            INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state) VALUES ('a-1', 1, \(version), gen_random_uuid(), '\\x01')
                            ON CONFLICT (stream_id, format) DO UPDATE SET stream_version = EXCLUDED.stream_version, state = EXCLUDED.state WHERE event_store.state_snapshots.stream_version < EXCLUDED.stream_version
                            """)
                        return try connection.query(PostgresQuery(unsafeSQL: Self.rowsRead))[0].decode(Int64.self, at: 0) - before
                    }
                }
                let short = try await ritaSaves(after: 300)
                let long = try await ritaSaves(after: 3_000)
                #expect(abs(long - short) <= 2 && long < 200, "rita's save looked at \(short) rows at 310 events and \(long) at 3 320")
                #expect(try await Self.snapshotRead(connection, actingFor: "rita", "a-1").version == 3_320)
            }
        }
    }

    @Test("migration 0020: the stored summary refuses what 0018's walk refused — also an event appended after an earlier snapshot — and allows what is shared")
    func summaryRefusesAsTheWalkDid() async throws {
        try await TestDatabase.withMigrated { db in
            // a-1: A's events, a snapshot, then B's event and more of A's, and a new snapshot summarised from the first.
            try await Self.append(db, "a-1", count: 3, organisation: "A")
            try await Self.saveSnapshot(db, "a-1")
            #expect(try await Self.foldedReaders(db, "a-1") == #"[["A"]]"#)
            // a-2: B's event shared with A (and C) between A's.
            try await Self.append(db, "a-2", count: 2, organisation: "A")
            try await Self.append(db, "a-2", organisation: "B", sharedWith: #"["C", "A", 7]"#)
            try await Self.append(db, "a-2", organisation: "A")
            try await Self.saveSnapshot(db, "a-2")
            #expect(try await Self.foldedReaders(db, "a-2") == #"[["A"], ["A", "B", "C"]]"#, "the shared event's readers; 7 is no organisation")
            // a-3: a snapshot ahead of its stream is not summarised; an event of B appended below its version counts.
            try await Self.append(db, "a-3", count: 2, organisation: "A")
            try await db.withConnection { admin in
                try await admin.executeScript(unsafeSQL: """
                    INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state, folded_readers)
                    VALUES ('a-3', 1, 5, gen_random_uuid(), '\\x00', '[["A"]]')
                    """)
            }
            #expect(try await Self.foldedReaders(db, "a-3") == nil)
            // The $read-models snapshot (versions are log positions): not a stream's, read by network logins only.
            try await db.store.save(StateSnapshot(streamID: "$read-models", format: 1, streamVersion: 6, lastEventID: UUID(), state: [0]))
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/anna", "A", .auditor, on: db)
                try await Self.grant("\(login)/rita", "A", .recorder, on: db)
                #expect(try await Self.snapshotStreams(connection, actingFor: "anna") == ["a-1", "a-2", "a-3"])
                #expect(try await Self.snapshotStreams(connection, actingFor: "").sorted() == ["$read-models", "a-1", "a-2", "a-3"])

                try await Self.append(db, "a-1", organisation: "B")
                try await Self.append(db, "a-1", count: 2, organisation: "A")
                try await Self.saveSnapshot(db, "a-1")
                #expect(try await Self.foldedReaders(db, "a-1") == #"[["A"], ["B"]]"#, "summarised from the earlier snapshot's summary and the events after it")
                try await Self.append(db, "a-3", organisation: "B")
                for user in ["anna", "rita"] {
                    #expect(try await Self.snapshotStreams(connection, actingFor: user) == ["a-2"], "\(user): a-1 and a-3 fold an event of B")
                }
                #expect(try await Self.snapshotStreams(connection, actingFor: "").sorted() == ["$read-models", "a-1", "a-2", "a-3"], "a network identity reads every snapshot")

                // Whatever the saver writes as the summary, the trigger's is stored.
                try await db.withConnection { admin in
                    try await admin.executeScript(unsafeSQL: #"UPDATE event_store.state_snapshots SET folded_readers = '[["A"]]' WHERE stream_id = 'a-1'"#)
                }
                #expect(try await Self.foldedReaders(db, "a-1") == #"[["A"], ["B"]]"#)
                #expect(try await Self.snapshotStreams(connection, actingFor: "anna") == ["a-2"])
            }
        }
    }

    @Test("migration 0020: a restricted recorder saves a snapshot only when it may read every event it folds")
    func restrictedSavesNeedEveryEventReadable() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.append(db, "a-1", organisation: "A")
            try await Self.append(db, "a-1", organisation: "B")
            try await Self.append(db, "a-1", organisation: "A")
            try await Self.append(db, "a-2", count: 2, organisation: "A")
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/rita", "A", .recorder, on: db)
                /// Rita saves a snapshot of `stream` at the last event she sees, writing `summary` as its summary if given.
                func save(_ stream: String, summary: String? = nil) async throws -> String? {
                    do {
                        try await connection.transaction { connection in
                            _ = try connection.query("SELECT set_config('fundledger.acting_for', 'rita', true)")
                            _ = try connection.execute(PostgresQuery(unsafeSQL: """
                                INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state\(summary == nil ? "" : ", folded_readers"))
                                SELECT stream_id, 1, stream_version, event_id, '\\x00'\(summary.map { ", '\($0)'" } ?? "") FROM event_store.events
                                WHERE stream_id = '\(stream)' ORDER BY stream_version DESC LIMIT 1
                                """))
                        }
                        return nil
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(error)")
                        return error.message
                    }
                }
                #expect(try await save("a-1")?.contains("row-level security") == true, "rita's fold of a-1 lacks B's event")
                #expect(try await save("a-2", summary: "[]") == nil)
                #expect(try await Self.snapshotStreams(connection, actingFor: "rita") == ["a-2"])
            }
            #expect(try await Self.foldedReaders(db, "a-2") == #"[["A"]]"#, "not the saver's []")
        }
    }

    @Test("migration 0020: the projector's $read-models snapshot is for network identities only, even when a restricted recorder starts a stream of that name")
    func readModelsSnapshotIsTheNetworks() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.append(db, "b-1", count: 2, organisation: "B")
            try await db.store.save(StateSnapshot(streamID: "$read-models", format: 1, streamVersion: 2, lastEventID: UUID(), state: [7]))
            try await DelegatedRecordingTests.asLogin(delegate: true, db) { (login: String, connection: PostgresConnection) async throws in
                try await Self.grant("\(login)/rita", "A", .recorder, on: db)
                /// Runs `sql` as rita; the SQLSTATE of its error, nil if none.
                func asRita(_ sql: String) async throws -> String? {
                    do {
                        try await connection.transaction { connection in
                            _ = try connection.query("SELECT set_config('fundledger.acting_for', 'rita', true)")
                            try connection.executeScript(unsafeSQL: sql)
                        }
                        return nil
                    } catch let error as PostgresError {
                        return error.sqlState
                    }
                }
                // The stream $read-models, owned by A's first event: 0015's rule of who owns a stream's snapshots.
                #expect(try await asRita("""
                    SELECT * FROM event_store.append_events('{"events":[{"event_id":"\(UUID().uuidString.lowercased())","stream_id":"$read-models","event_type":"Noted","payload":{},"organisation_id":"A"}]}')
                    """) == nil)
                #expect(try await Self.snapshotStreams(connection, actingFor: "rita") == [], "the whole network's fold")
                #expect(try await asRita("UPDATE event_store.state_snapshots SET state = '\\x00'") == nil)
                #expect(try await asRita("""
                    INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state)
                    VALUES ('$read-models', 1, 3, gen_random_uuid(), '\\x00')
                    ON CONFLICT (stream_id, format) DO UPDATE SET stream_version = EXCLUDED.stream_version, state = EXCLUDED.state
                    """) == "42501")
                #expect(try await asRita("""
                    INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state)
                    VALUES ('$read-models', 2, 1, gen_random_uuid(), '\\x00')
                    """) == "42501")
                #expect(try await Self.snapshotStreams(connection, actingFor: "") == ["$read-models"])
            }
            let state = try await db.store.snapshot(of: "$read-models", format: 1)
            #expect(state?.state == [7] && state?.streamVersion == 2, "the projector's snapshot is as it saved it")
        }
    }
}
