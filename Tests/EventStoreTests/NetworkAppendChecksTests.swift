import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// Migration 0025 at the SQL level: what an adversarial probe of a network database did as a restricted
/// recorder of organisation A, and what `append_events` answers now.
@Suite("Network append checks (0025): ledger streams, payload organisations, expectations, reused ids", .serialized)
struct NetworkAppendChecksTests {
    /// B's streams, appended by the network: `fund-b` (B's fund) and `b-1` (two events, neither shared).
    static let history = """
        {"events":[
          {"event_id":"00000000-0000-4000-8000-000000000021","stream_id":"fund-b","event_type":"FundEstablished","payload":{"fund_id":"b","organisation_id":"B"},"organisation_id":"B"},
          {"event_id":"00000000-0000-4000-8000-000000000022","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"B"},
          {"event_id":"00000000-0000-4000-8000-000000000023","stream_id":"b-1","event_type":"Noted","payload":{},"organisation_id":"B"},
          {"event_id":"00000000-0000-4000-8000-000000000024","stream_id":"a-1","event_type":"Noted","payload":{},"organisation_id":"A"}]}
        """

    /// Runs `body` with a recorder of A (a login of its own) on a database holding `history`.
    static func asRecorderOfA(_ body: @escaping @Sendable (_ append: @Sendable (String) async throws -> (sqlState: String, message: String)?, PostgresConnection) async throws -> Void) async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { _ = try await $0.query("SELECT * FROM event_store.append_events(\(Self.history)::jsonb)") }
            try await DelegatedRecordingTests.asLogin(delegate: false, db) { (login: String, connection: PostgresConnection) async throws in
                try await OrganisationAccess(pool: db.pool).grant(login: login, organisation: "A", role: .recorder)
                try await body({ batch in
                    do {
                        _ = try await connection.query("SELECT * FROM event_store.append_events(\(batch)::jsonb)")
                        return nil
                    } catch let error as PostgresError {
                        return (error.sqlState ?? "", error.message)
                    }
                }, connection)
            }
        }
    }

    static func event(_ stream: String, _ type: String = "Noted", payload: String = "{}", organisation: String = "A", id: String = UUID().uuidString.lowercased()) -> String {
        #"{"event_id":"\#(id)","stream_id":"\#(stream)","event_type":"\#(type)","payload":\#(payload),"organisation_id":"\#(organisation)"}"#
    }

    static func batch(_ events: String..., expected: String? = nil) -> String {
        #"{"events":[\#(events.joined(separator: ","))]\#(expected.map { #","expected":\#($0)"# } ?? "")}"#
    }

    @Test("a new ledger stream starts with the event that establishes it, for its own id and the event's organisation")
    func ledgerStreamsStartWithTheirEstablishingEvent() async throws {
        try await Self.asRecorderOfA { append, _ in
            let squat = try await append(Self.batch(Self.event("fund-c")))
            #expect(squat?.sqlState == "42501" && squat?.message.contains("must start with the FundEstablished of fund c") == true, "\(String(describing: squat))")
            let otherFund = try await append(Self.batch(Self.event("fund-c", "FundEstablished", payload: #"{"fund_id":"d","organisation_id":"A"}"#)))
            #expect(otherFund?.message.contains("must start with the FundEstablished of fund c") == true)
            let noFund = try await append(Self.batch(Self.event("fund-c", "FundEstablished", payload: #"{"organisation_id":"A"}"#)))
            #expect(noFund?.message.contains("must start with the FundEstablished of fund c") == true, "a payload without fund_id")
            let late = try await append(Self.batch(Self.event("a-1"), Self.event("fund-c"), Self.event("fund-c", "FundEstablished", payload: #"{"fund_id":"c","organisation_id":"A"}"#)))
            #expect(late?.message.contains("event 2 of the append") == true, "the stream's first event in the batch decides: \(String(describing: late))")
            let organisation = try await append(Self.batch(Self.event("organisation-B", "OrganisationRegistered", payload: #"{"organisation_id":"B"}"#)))
            #expect(organisation?.sqlState == "42501", "\(String(describing: organisation))")
            let forged = try await append(Self.batch(Self.event("fund-c", "FundEstablished", payload: #"{"fund_id":"c","organisation_id":"B"}"#)))
            #expect(forged?.message.contains("must name its own organisation") == true, "a fund of A's event named B's in its payload")
            let established = try await append(Self.batch(
                Self.event("fund-c", "FundEstablished", payload: #"{"fund_id":"c","organisation_id":"A"}"#), Self.event("fund-c")))
            #expect(established == nil, "A's own fund, and a second event after its establishment")
            #expect(try await append(Self.batch(Self.event("fund-c"))) == nil, "an existing stream of A takes any event")
            #expect(try await append(Self.batch(Self.event("a-new"))) == nil, "other streams are not ledger streams")
        }
    }

    @Test("0027: an establishing event names its own stream anywhere in it; valuation-NUMBER is NUMBER's; checkpoints are the network's")
    func streamsNamedForAnOrganisationAreItsOwn() async throws {
        try await Self.asRecorderOfA { append, _ in
            let own = #"{"fund_id":"c","organisation_id":"A"}"#
            #expect(try await append(Self.batch(Self.event("fund-c", "FundEstablished", payload: own))) == nil)
            let second = try await append(Self.batch(Self.event("fund-c", "FundEstablished", payload: #"{"fund_id":"b","organisation_id":"A"}"#)))
            #expect(second?.sqlState == "42501" && second?.message.contains("a FundEstablished in fund-c names fund c") == true, "\(String(describing: second))")
            let elsewhere = try await append(Self.batch(Self.event("a-1", "FundEstablished", payload: own)))
            #expect(elsewhere?.sqlState == "42501", "a FundEstablished outside a fund stream")
            let registered = try await append(Self.batch(Self.event("a-1", "OrganisationRegistered", payload: #"{"organisation_id":"A"}"#)))
            #expect(registered?.message.contains("an OrganisationRegistered in a-1") == true)
            let catalogue = try await append(Self.batch(Self.event("valuation-B")))
            #expect(catalogue?.message.contains("belongs to organisation B") == true, "B's catalogue: \(String(describing: catalogue))")
            #expect(try await append(Self.batch(Self.event("valuation-A"))) == nil, "A's own catalogue")
            let checkpoint = try await append(Self.batch(Self.event("checkpoints", "CheckpointSigned")))
            #expect(checkpoint?.message.contains("the checkpoints stream is the network's") == true)
        }
    }

    @Test("0028: in a ledger stream a restricted recorder writes no schema version newer than the database's programs write")
    func noNewerSchemaVersionsFromRestrictedRecorders() async throws {
        try await Self.asRecorderOfA { append, _ in
            func event(_ stream: String, schema: String) -> String {
                #"{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"\#(stream)","event_type":"Noted","schema_version":\#(schema),"payload":{},"organisation_id":"A"}"#
            }
            let newer = try await append(Self.batch(event("valuation-A", schema: "99")))
            #expect(newer?.sqlState == "42501" && newer?.message.contains("schema version 99") == true, "\(String(describing: newer))")
            #expect(try await append(Self.batch(event("valuation-A", schema: "2"))) == nil)
            #expect(try await append(Self.batch(event("a-1", schema: "99"))) == nil, "not a ledger stream: the ledger never folds it")
        }
    }

    @Test("another organisation's stream named in expected is answered as a missing one: its version never shows")
    func expectationsOfAnotherOrganisationsStream() async throws {
        try await Self.asRecorderOfA { append, _ in
            for (stream, expectation) in [("b-1", "1"), ("b-1", "\"exists\""), ("missing", "1"), ("missing", "\"exists\"")] {
                let refused = try await append(Self.batch(Self.event("a-1"), expected: #"{"\#(stream)":\#(expectation)}"#))
                #expect(refused?.sqlState == "FL001", "\(stream) \(expectation)")
                #expect(refused?.message.hasSuffix("actual no stream") == true, "\(stream) \(expectation): \(String(describing: refused))")
            }
            #expect(try await append(Self.batch(Self.event("a-1"), expected: #"{"b-1":"no_stream"}"#)) == nil)
            #expect(try await append(Self.batch(Self.event("a-1"), expected: #"{"b-1":0,"a-1":2}"#)) == nil, "A's own stream keeps its real version")
            let wrong = try await append(Self.batch(Self.event("a-1"), expected: #"{"a-1":1}"#))
            #expect(wrong?.message.hasSuffix("actual 3") == true, "\(String(describing: wrong))")
            let into = try await append(Self.batch(Self.event("b-1")))
            #expect(into?.sqlState == "42501" && into?.message.contains("organisation B") == false, "the refusal does not name the owner: \(String(describing: into))")
        }
    }

    @Test("an id another organisation's event holds is refused without that event's position")
    func reusedIdsOfUnreadableEvents() async throws {
        try await Self.asRecorderOfA { append, _ in
            let reused = try await append(Self.batch(Self.event("a-1", id: "00000000-0000-4000-8000-000000000022")))
            #expect(reused?.sqlState == "FL002" && reused?.message.contains("position") == false, "\(String(describing: reused))")
            let own = try await append(Self.batch(Self.event("a-2", id: "00000000-0000-4000-8000-000000000024")))
            #expect(own?.message.contains("already stored at position 4") == true, "A's own event: \(String(describing: own))")
        }
    }

    @Test("stream_readable_through answers a missing stream and another organisation's alike")
    func readableThroughIsNoExistenceOracle() async throws {
        try await Self.asRecorderOfA { _, connection in
            func readable(_ stream: String) async throws -> Bool {
                try await connection.query("SELECT event_store.stream_readable_through(\(stream), 1000)")[0].decode(Bool.self, at: 0)
            }
            let (other, missing, own) = (try await readable("b-1"), try await readable("missing"), try await readable("a-1"))
            #expect(!other && !missing && own)
        }
    }
}
