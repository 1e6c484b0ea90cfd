import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// `tools/partition-events.sql` (docs/scaling.md, "Partitioning"): the event log turned into a table
/// partitioned by position range on a database migrated to the current schema, with ranges of five positions
/// so that appends cross partition boundaries. Every guarantee of docs/event-store.md and docs/access.md is
/// checked again on the partitioned table, and what PostgreSQL can no longer declare (a log-wide UNIQUE on
/// `event_id` and on `(stream_id, stream_version)`) is shown to be refused anyway.
@Suite("The event log partitioned by position range", .serialized)
struct PartitionedEventsTests {
    static let procedure = TestServer.repositoryRoot.appendingPathComponent("tools/partition-events.sql")

    /// Installs the procedure's functions and converts the log, `positions` per partition.
    static func partition(_ db: TestDatabase, positions: Int64 = 5, ahead: Int = 1) async throws -> String {
        let sql = try String(contentsOf: procedure, encoding: .utf8)
        return try await db.withConnection { connection in
            try await connection.executeScript(unsafeSQL: sql)
            return try await connection.query("SELECT event_store.partition_events(\(positions), \(Int32(ahead)))")[0].decode(String.self, at: 0)
        }
    }

    static func scalar<T: PostgresDecodable>(_ db: TestDatabase, _ sql: String, as type: T.Type = T.self) async throws -> T {
        try await db.withConnection { try await $0.query(PostgresQuery(unsafeSQL: sql))[0].decode(T.self, at: 0) }
    }

    /// Every stored row as text, the bytes the chain covers and the hashes included.
    static func rows(_ db: TestDatabase, through position: Int64) async throws -> [String] {
        try await db.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT e::text FROM (SELECT global_position, stream_id, stream_version, event_id, event_type, schema_version, payload,
                       metadata, recorded_at, effective_date, organisation_id, prev_hash, hash, canonical_version, recorded_by
                FROM event_store.events WHERE global_position <= \(position) ORDER BY global_position) e
                """)).map { try $0.decode(String.self, at: 0) }
        }
    }

    /// The partition each position is stored in.
    static func partitions(_ db: TestDatabase) async throws -> [Int64: String] {
        try await db.withConnection { connection in
            Dictionary(uniqueKeysWithValues: try await connection.query(
                "SELECT global_position, tableoid::regclass::text FROM event_store.events"
            ).map { (try $0.decode(Int64.self, at: 0), try $0.decode(String.self, at: 1)) })
        }
    }

    static func sqlState(_ db: TestDatabase, _ sql: String) async throws -> String? {
        try await db.withConnection { connection in
            do {
                try await connection.executeScript(unsafeSQL: sql)
                return nil
            } catch let error as PostgresError {
                return error.sqlState
            }
        }
    }

    static func events(_ count: Int, stream: (Int) -> String, organisation: String = "A", from first: Int = 0) -> [NewEvent] {
        (first..<first + count).map {
            testEvent(stream($0), "Noted", payload: #"{"n": \#($0), "text": "händelse \#($0)"}"#, organisation: organisation)
        }
    }

    @Test("converting keeps every row's bytes; appends cross partitions; retries, expected versions, the chain and Merkle proofs hold")
    func conversionKeepsTheLog() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            _ = try await store.append(Self.events(7, stream: { "a-\($0 % 3)" }), expectations: [:])
            let treeBefore = try await store.extendMerkleTree()
            let rootBefore = try await store.merkleRoot(size: treeBefore)
            let before = try await Self.rows(db, through: 7)

            let said = try await Self.partition(db)
            #expect(said.contains("positions 1 to 10 in events_from_1 (7 events)"), "\(said)")
            #expect(try await Self.scalar(db, "SELECT relkind::text FROM pg_class WHERE oid = 'event_store.events'::regclass") == "p")
            #expect(try await Self.rows(db, through: 7) == before, "no row changed, not a byte")

            // Across two boundaries (10 | 11, 15 | 16): a partition is added ahead first, as cron would.
            #expect(try await Self.scalar(db, "SELECT event_store.add_event_partitions(2)", as: Int32.self) == 1)
            let batch = Self.events(9, stream: { "a-\($0 % 3)" }, from: 7)
            let appended = try await store.append(batch, expectations: ["a-0": .exact(3)])
            #expect(appended.map(\.globalPosition) == Array(8...16))
            let where_ = try await Self.partitions(db)
            #expect(where_[7] == "event_store.events_from_1" && where_[11] == "event_store.events_from_11"
                    && where_[16] == "event_store.events_from_16", "\(where_.sorted { $0.key < $1.key })")

            // A retry returns the first positions and writes nothing, even with expectations that no longer hold.
            #expect(try await store.append(batch, expectations: ["a-0": .exact(3)]).map(\.globalPosition) == Array(8...16))
            #expect(try await store.head().position == 16)
            // An id stored in the first partition, with other content: FL002; a batch half stored: FL003.
            var reused = batch[0]
            reused.eventID = try #require(UUID(uuidString: try await Self.scalar(db, "SELECT event_id::text FROM event_store.events WHERE global_position = 2")))
            await #expect(throws: EventStoreError.eventIDReusedWithDifferentContent(eventID: reused.eventID, globalPosition: 2)) {
                _ = try await store.append([reused], expectations: [:])
            }
            await #expect(throws: EventStoreError.batchPartiallyStored(storedCount: 1, batchCount: 2)) {
                _ = try await store.append([batch[8], testEvent("a-1", organisation: "A")], expectations: [:])
            }
            // Expected versions count the stream across partitions (a-0 has positions 1, 4, 7, 10, 13, 16).
            await #expect(throws: EventStoreError.wrongExpectedVersion(streamID: "a-0", expected: .exact(5), actual: 6)) {
                _ = try await store.append([testEvent("a-0", organisation: "A")], expectations: ["a-0": .exact(5)])
            }
            #expect(try await store.append([testEvent("a-0", organisation: "A")], expectations: ["a-0": .exact(6)])[0].streamVersion == 7)

            // The chain, in Swift and in SQL (canonical_bytes_of was recreated for the new row type).
            let head = try await store.head()
            #expect(try await store.verifyChain() == .verified(head))
            #expect(try await Self.scalar(db, "SELECT bool_and(hash = sha256(prev_hash || event_store.canonical_bytes_of(e))) FROM event_store.events e", as: Bool.self))

            // The Merkle tree grows over the partitions; proofs from before and after the conversion verify.
            let inclusion = try await store.inclusionProof(position: 12)
            #expect(MerkleTree.verifyInclusion(
                leaf: MerkleTree.leafHash(try #require(ChainHash(hex: inclusion.eventHash)).bytes), index: 11, size: head.position,
                path: inclusion.auditPath.compactMap(ChainHash.init(hex:)), root: try #require(ChainHash(hex: inclusion.rootHash))))
            let consistency = try await store.consistencyProof(first: treeBefore)
            #expect(consistency.firstRootHash == rootBefore.hex)
            #expect(MerkleTree.verifyConsistency(
                first: treeBefore, second: head.position, firstRoot: rootBefore,
                secondRoot: try #require(ChainHash(hex: consistency.secondRootHash)), proof: consistency.proof.compactMap(ChainHash.init(hex:))))

            // Append-only through the parent and through each partition, whoever asks.
            #expect(try await Self.sqlState(db, "UPDATE event_store.events SET payload = '{}' WHERE global_position = 12") == "FL010")
            #expect(try await Self.sqlState(db, "DELETE FROM event_store.events_from_1 WHERE global_position = 1") == "FL010")
            #expect(try await Self.sqlState(db, "DELETE FROM event_store.events_from_11 WHERE global_position = 12") == "FL010")
            #expect(try await Self.sqlState(db, "TRUNCATE event_store.events") == "FL010")
            #expect(try await Self.sqlState(db, "TRUNCATE event_store.events_from_16") == "FL010")
            #expect(try await Self.sqlState(db, "TRUNCATE event_store.event_keys") == "FL010")
            #expect(try await store.verifyChain() == .verified(head))
        }
    }

    @Test("what a partitioned table cannot declare (a log-wide UNIQUE) is refused anyway: by append_events and by event_keys")
    func uniquenessAcrossPartitions() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            _ = try await store.append(Self.events(4, stream: { _ in "s" }), expectations: [:])
            _ = try await Self.partition(db, ahead: 2)
            _ = try await store.append(Self.events(4, stream: { _ in "s" }, from: 4), expectations: [:])
            #expect(try await Self.partitions(db)[7] == "event_store.events_from_6")

            // PostgreSQL refuses the constraints the unpartitioned table had: they lack the partition key.
            #expect(try await Self.sqlState(db, "ALTER TABLE event_store.events ADD UNIQUE (event_id)") == "0A000")
            #expect(try await Self.sqlState(db, "CREATE UNIQUE INDEX ON event_store.events (stream_id, stream_version)") == "0A000")

            // A row that repeats an id stored in another partition, inserted past append_events (as
            // restore_events or the owner with psql could): each partition's own unique index does not see
            // the other partition, so without event_keys it would be stored. Shown, then rolled back.
            let duplicateID = """
                INSERT INTO event_store.events (global_position, stream_id, stream_version, event_id, event_type, schema_version, payload,
                    metadata, recorded_at, effective_date, organisation_id, prev_hash, hash, canonical_version, recorded_by)
                SELECT 9, 'other', 1, event_id, event_type, schema_version, payload, metadata, recorded_at, effective_date,
                       organisation_id, hash, hash, canonical_version, recorded_by
                FROM event_store.events WHERE global_position = 2
                """
            let duplicateVersion = """
                INSERT INTO event_store.events (global_position, stream_id, stream_version, event_id, event_type, schema_version, payload,
                    metadata, recorded_at, effective_date, organisation_id, prev_hash, hash, canonical_version, recorded_by)
                SELECT 9, stream_id, stream_version, gen_random_uuid(), event_type, schema_version, payload, metadata, recorded_at,
                       effective_date, organisation_id, hash, hash, canonical_version, recorded_by
                FROM event_store.events WHERE global_position = 2
                """
            for insert in [duplicateID, duplicateVersion] {
                let withoutKeys = try await db.withConnection { connection in
                    try await connection.executeScript(unsafeSQL: "BEGIN; ALTER TABLE event_store.events DISABLE TRIGGER events_keys")
                    try await connection.executeScript(unsafeSQL: insert)
                    let stored = try await connection.query("SELECT count(*) FROM event_store.events WHERE global_position = 9")[0].decode(Int64.self, at: 0)
                    try await connection.executeScript(unsafeSQL: "ROLLBACK")
                    return stored
                }
                #expect(withoutKeys == 1, "partition-local unique indexes let it in")
                #expect(try await Self.sqlState(db, insert) == "23505", "event_keys refuses it")
            }

            // Through append_events: a stored id from the first partition is a retry or FL002, never a second row.
            let first = try await store.readAll(after: 0, limit: 1)[0]
            let retry = NewEvent(eventID: first.eventID, streamID: first.streamID, eventType: first.eventType, payload: first.payload,
                                 metadata: first.metadata, effectiveDate: first.effectiveDate, organisationID: first.organisationID)
            #expect(try await store.append([retry], expectations: [:]).map(\.globalPosition) == [1])
            var changed = retry
            changed.payload = #"{"n": 99}"#
            await #expect(throws: EventStoreError.eventIDReusedWithDifferentContent(eventID: first.eventID, globalPosition: 1)) {
                _ = try await store.append([changed], expectations: [:])
            }
            #expect(try await Self.scalar(db, "SELECT count(*) FROM event_store.event_keys", as: Int64.self) == 8)
            #expect(try await store.verifyChain() == .verified(try await store.head()))
        }
    }

    @Test("row-level security (0015) still isolates organisations, through the parent and not around it")
    func organisationsStayIsolated() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            // Positions 1–3 are A's, 4–5 B's; the first partition ends at 5.
            _ = try await store.append(Self.events(3, stream: { "a-\($0)" }, organisation: "A") + Self.events(2, stream: { "b-\($0)" }, organisation: "B"),
                                       expectations: [:])
            _ = try await Self.partition(db, ahead: 2)
            var shared = testEvent("b-0", "Noted", payload: #"{"n": 7}"#, organisation: "B")
            shared.metadata = #"{"shared_with": ["A"]}"#
            _ = try await store.append(Self.events(2, stream: { "a-\($0)" }, organisation: "A", from: 3) + [shared], expectations: [:])
            #expect(try await Self.partitions(db)[8] == "event_store.events_from_6")

            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (login: String, connection: PostgresConnection) async throws in
                try await OrganisationAccess(pool: db.pool).grant(login: login, organisation: "A", role: .recorder)
                func positions(_ sql: String = "SELECT global_position FROM event_store.events ORDER BY 1") async throws -> [Int64] {
                    try await connection.query(PostgresQuery(unsafeSQL: sql)).map { try $0.decode(Int64.self, at: 0) }
                }
                #expect(try await positions() == [1, 2, 3, 6, 7, 8], "A's events in both partitions and B's event shared with A")
                for around in ["event_store.events_from_1", "event_store.events_from_6", "event_store.event_keys"] {
                    do {
                        _ = try await positions("SELECT 1::bigint FROM \(around)")
                        Issue.record("a restricted login read \(around) directly")
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(around): \(error)")
                    }
                }
                // Recording: its own streams across the boundary, never B's.
                let own = #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"a-0","event_type":"Noted","payload":{},"organisation_id":"A"}]}"#
                #expect(try await connection.query("SELECT * FROM event_store.append_events(\(own)::jsonb)")[0].decode(Int64.self, at: 0) == 9)
                let other = #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"A"}]}"#
                do {
                    _ = try await connection.query("SELECT * FROM event_store.append_events(\(other)::jsonb)")
                    Issue.record("a restricted recorder wrote into another organisation's stream")
                } catch let error as PostgresError {
                    #expect(error.sqlState == "42501" && error.message.contains("stream b-1 is not one of the streams"), "\(error)")
                }
                // The state-snapshot policy, recreated against the partitioned table: B's stream stays hidden.
                try await db.withConnection { admin in
                    try await admin.executeScript(unsafeSQL: """
                        INSERT INTO event_store.state_snapshots (stream_id, format, stream_version, last_event_id, state)
                        SELECT stream_id, 1, stream_version, event_id, '\\x00' FROM event_store.events WHERE global_position IN (1, 4)
                        """)
                }
                #expect(try await connection.query("SELECT stream_id FROM event_store.state_snapshots").map { try $0.decode(String.self, at: 0) } == ["a-0"])
            }
            #expect(try await store.verifyChain() == .verified(try await store.head()))
        }
    }

    @Test("an append past the last partition is refused and writes nothing; add_event_partitions makes room")
    func appendBeyondTheLastPartition() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            _ = try await Self.partition(db, ahead: 1)
            _ = try await store.append(Self.events(8, stream: { "s\($0 % 2)" }), expectations: [:])
            let head = try await store.head()
            do {
                _ = try await store.append(Self.events(3, stream: { "s\($0 % 2)" }, from: 8), expectations: [:])
                Issue.record("an append beyond position 10 was stored without a partition for it")
            } catch let error as EventStoreError {
                guard case .invalidAppend(let reason) = error, reason.contains("no partition") else {
                    Issue.record("unexpected error \(error)")
                    return
                }
            }
            #expect(try await store.head() == head, "nothing written")
            #expect(try await Self.scalar(db, "SELECT event_store.add_event_partitions(1)", as: Int32.self) == 1)
            #expect(try await Self.scalar(db, "SELECT event_store.add_event_partitions(1)", as: Int32.self) == 0, "idempotent")
            #expect(try await store.append(Self.events(3, stream: { "s\($0 % 2)" }, from: 8), expectations: [:]).map(\.globalPosition) == [9, 10, 11])
            #expect(try await store.verifyChain() == .verified(try await store.head()))
        }
    }

    @Test("the conversion refuses what it does not know how to carry over, and changes nothing")
    func unknownDependentsRefuse() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await db.store.append(Self.events(3, stream: { _ in "s" }), expectations: [:])
            try await db.withConnection { try await $0.executeScript(unsafeSQL: "CREATE VIEW public.recent AS SELECT * FROM event_store.events") }
            do {
                _ = try await Self.partition(db)
                Issue.record("partitioned a table a view depends on")
            } catch let error as PostgresError {
                #expect(error.message.contains("view public.recent"), "\(error)")
            }
            #expect(try await Self.scalar(db, "SELECT relkind::text FROM pg_class WHERE oid = 'event_store.events'::regclass") == "r")
            _ = try await db.withConnection { try await $0.executeScript(unsafeSQL: "DROP VIEW public.recent") }
            #expect(try await Self.partition(db).contains("(3 events)"))
            await #expect(throws: PostgresError.self) { _ = try await Self.partition(db) }
        }
    }
}
