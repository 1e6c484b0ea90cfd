import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// The slim `append_events` of migration 10 against what it replaced: the same answers and errors as
/// the append of migrations 2–8 (`append_rows`, still in the schema), the bytes `canonical_bytes_v2`
/// defines, and gap-free positions under concurrent batches.
@Suite("Slim append (migration 10)")
struct SlimAppendTests {
    /// Every stored row's hash is sha256(prev_hash ‖ canonical_bytes_of(row)), computed by the per-field
    /// PL/pgSQL functions of migrations 1 and 8, and each prev_hash is the previous row's hash.
    static func chainHoldsInSQL(_ db: TestDatabase) async throws -> Int64 {
        try await db.withConnection { connection in
            let row = try await connection.query("""
                WITH x AS (SELECT global_position, hash = sha256(prev_hash || event_store.canonical_bytes_of(e)) AS ok,
                                  prev_hash IS NOT DISTINCT FROM coalesce(lag(hash) OVER (ORDER BY global_position),
                                      decode(repeat('00', 32), 'hex')) AS linked,
                                  global_position = row_number() OVER (ORDER BY global_position) AS dense
                           FROM event_store.events e)
                SELECT count(*), coalesce(bool_and(ok AND linked AND dense), true) FROM x
                """)[0]
            #expect(try row.decode(Bool.self, at: 1), "a stored hash differs from canonical_bytes_v2's")
            return try row.decode(Int64.self, at: 0)
        }
    }

    @Test("events of every shape hash to the bytes canonical_bytes_v2 defines, singly and in batches of 100")
    func bytesMatchTheFieldByFieldForm() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            // NULL organisation, non-ASCII text, escapes, nested JSON, explicit and server-chosen dates.
            let shapes: [NewEvent] = [
                testEvent("a"),
                testEvent("å-ström", "Händelse", payload: #"{"text": "Välfärd \"citat\" \\ \n", "n": [1, 2.50, {"x": null}]}"#,
                          effectiveDate: day("1999-12-31"), organisation: "212000-1124"),
                NewEvent(streamID: "b", eventType: "T", schemaVersion: 7, payload: "{}", metadata: #"{"actor": "ö"}"#,
                         effectiveDate: day("9999-12-31"), organisationID: nil),
                testEvent("a", payload: #"{"emoji": "🧾", "big": 123456789012345678901234567890}"#, effectiveDate: day("1900-01-01")),
            ]
            for event in shapes { _ = try await store.append([event], expectations: [:]) }
            _ = try await store.append(shapes.map { testEvent($0.streamID, $0.eventType, payload: $0.payload,
                                                              effectiveDate: $0.effectiveDate, organisation: $0.organisationID) },
                                       expectations: ["a": .exact(2), "b": .exact(1)])
            let hundred = (0..<100).map { testEvent("s\($0 % 7)", payload: #"{"i": \#($0)}"#, organisation: $0 % 3 == 0 ? nil : "org-\($0 % 5)") }
            let appended = try await store.append(hundred, expectations: ["s0": .noStream])
            #expect(appended.map(\.globalPosition) == Array(9...108))
            // Versions count up per stream across the batch.
            for stream in 0..<7 {
                #expect(appended.enumerated().filter { $0.offset % 7 == stream }.map(\.element.streamVersion)
                            == Array(1...Int64(appended.enumerated().filter { $0.offset % 7 == stream }.count)))
            }
            #expect(try await Self.chainHoldsInSQL(db) == 108)
            let head = try await store.head()
            #expect(try await store.verifyChain() == .verified(head))
            // The returned hashes are the stored ones.
            let stored = try await store.readAll(after: 8, limit: 200)
            #expect(stored.map(\.hash) == appended.map(\.hash))
            #expect(stored.allSatisfy { $0.canonicalVersion == 2 && $0.recordedBy != nil })
            // The Python verifier agrees.
            var lines: [String] = []
            try await LedgerExport.write(from: store, exportedAt: Timestamp(microsecondsSinceEpoch: 0)) { lines.append($0) }
            let python = try runPythonVerifier(lines.joined(separator: "\n") + "\n")
            #expect(python.status == 0, "\(python.output)")
        }
    }

    @Test("a batch with a wrong expected version writes nothing and leaves no gap")
    func wrongExpectedVersionLeavesNoGap() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            _ = try await store.append([testEvent("s"), testEvent("s")], expectations: ["s": .noStream])
            let before = try await store.head()
            let batch = (0..<100).map { testEvent($0 % 2 == 0 ? "s" : "t", payload: #"{"i": \#($0)}"#) }
            for expectations: [String: ExpectedVersion] in [["s": .exact(1)], ["t": .streamExists], ["s": .exact(2), "t": .noStream, "u": .exact(1)]] {
                await #expect(throws: EventStoreError.self) { try await store.append(batch, expectations: expectations) }
            }
            #expect(try await store.head() == before)
            let next = try await store.append(batch, expectations: ["s": .exact(2), "t": .noStream, "u": .any])
            #expect(next.map(\.globalPosition) == Array(3...102))
            #expect(next.first?.streamVersion == 3 && next.last?.streamVersion == 50)
            // The retry, whose expectations no longer hold, returns the original rows and writes nothing.
            let retried = try await store.append(batch, expectations: ["s": .exact(2), "t": .noStream])
            #expect(retried == next)
            #expect(try await store.head().position == 102)
            #expect(try await Self.chainHoldsInSQL(db) == 102)
        }
    }

    @Test("concurrent writers of batches stay gap-free, ordered and chained; every conflict is reported")
    func concurrentBatches() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            let tallies = try await withThrowingTaskGroup(of: (appended: Int, conflicts: Int).self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var appended = 0, conflicts = 0
                        for round in 0..<25 {
                            let size = (writer * 7 + round * 3) % 20 + 1
                            let own = (0..<size).map { testEvent("w\(writer)-\(round % 3)", payload: #"{"w": \#(writer), "r": \#(round), "i": \#($0)}"#) }
                            while true {
                                let shared = try await store.streamVersion("shared") ?? 0
                                do {
                                    _ = try await store.append(own + [testEvent("shared")], expectations: ["shared": .exact(shared)])
                                    appended += size + 1
                                    break
                                } catch EventStoreError.wrongExpectedVersion {
                                    conflicts += 1
                                }
                            }
                        }
                        return (appended, conflicts)
                    }
                }
                return try await group.reduce(into: [(appended: Int, conflicts: Int)]()) { $0.append($1) }
            }
            let total = tallies.reduce(0) { $0 + $1.appended }
            let all = try await store.readAll(after: 0, limit: total + 10)
            #expect(all.map(\.globalPosition) == Array(1...Int64(total)))
            #expect(Set(all.map(\.eventID)).count == total)
            for stream in Set(all.map(\.streamID)) {
                let versions = all.filter { $0.streamID == stream }.map(\.streamVersion)
                #expect(versions == Array(1...Int64(versions.count)), "stream \(stream)")
            }
            #expect(all.filter { $0.streamID == "shared" }.count == 100)
            #expect(try await Self.chainHoldsInSQL(db) == Int64(total))
            let head = try await store.head()
            #expect(try await store.verifyChain() == .verified(head))
        }
    }

    /// Batch documents sent to both the old append (`append_rows`, migrations 2–8) and the new one.
    static let seededIDs = [UUID(), UUID()]
    static func document(_ events: [String], expected: String = "{}") -> String {
        #"{"expected": \#(expected), "events": [\#(events.joined(separator: ", "))]}"#
    }
    static func event(_ id: String = UUID().uuidString.lowercased(), stream: String = "s", extra: String = "",
                      payload: String = #"{"n": 1}"#) -> String {
        #"{"event_id": "\#(id)", "stream_id": "\#(stream)", "event_type": "T", "payload": \#(payload)\#(extra)}"#
    }
    static var cases: [(String, String)] {
        let stored0 = seededIDs[0].uuidString.lowercased(), stored1 = seededIDs[1].uuidString.lowercased()
        return [
            ("one event", document([event()])),
            ("two streams, expectations hold", document([event(), event(stream: "t"), event()], expected: #"{"s": 2, "t": "no_stream"}"#)),
            ("all fields", document([event(stream: "t", extra: #", "schema_version": 3, "metadata": {"a": "ö"}, "effective_date": "2024-02-29", "organisation_id": "212000-1124""#)])),
            ("any and exists", document([event()], expected: #"{"s": "exists", "t": "any"}"#)),
            ("wrong exact version", document([event()], expected: #"{"s": 1}"#)),
            ("no_stream on a stream", document([event()], expected: #"{"s": "no_stream"}"#)),
            ("exists on no stream", document([event(stream: "t")], expected: #"{"t": "exists"}"#)),
            ("unknown expectation", document([event()], expected: #"{"s": "sometimes"}"#)),
            ("a stream the batch does not write", document([event()], expected: #"{"other": 3}"#)),
            ("several wrong: the first key is named", document([event()], expected: #"{"bb": 5, "a": 1, "s": 9}"#)),
            ("retry with stale expectations", document([event(stored0, stream: "s", payload: #"{"seed": 0}"#), event(stored1, stream: "s", payload: #"{"seed": 1}"#)], expected: #"{"s": "no_stream"}"#)),
            ("retry in another order", document([event(stored1, stream: "s", payload: #"{"seed": 1}"#), event(stored0, stream: "s", payload: #"{"seed": 0}"#)])),
            ("stored id, other content", document([event(stored0, stream: "s", payload: #"{"seed": 9}"#)])),
            ("stored id, other metadata", document([event(stored0, stream: "s", extra: #", "metadata": {"x": 1}"#, payload: #"{"seed": 0}"#)])),
            ("partly stored", document([event(stored0, stream: "s", payload: #"{"seed": 0}"#), event()])),
            ("id twice", document([event(stored0.replacingOccurrences(of: "-", with: "")), event(stored0.replacingOccurrences(of: "-", with: ""))])),
            ("no event_id", document([#"{"stream_id": "s", "event_type": "T", "payload": {}}"#])),
            ("no events", document([])),
            ("events not an array", #"{"events": {"a": 1}}"#),
            ("an event not an object", document(["42"])),
            ("payload an array", document([event(payload: "[1]")])),
            ("metadata null", document([event(extra: #", "metadata": null"#)])),
            ("empty organisation", document([event(extra: #", "organisation_id": """#)])),
            ("date not YYYY-MM-DD", document([event(extra: #", "effective_date": "2026-1-01""#)])),
            ("date that does not exist", document([event(extra: #", "effective_date": "2026-02-30""#)])),
            ("date out of range", document([event(extra: #", "effective_date": "1899-12-31""#)])),
            ("id not a uuid", document([event("nope")])),
            ("schema_version not a number", document([event(extra: #", "schema_version": "x""#)])),
            ("no stream_id", document([#"{"event_id": "\#(UUID().uuidString)", "event_type": "T", "payload": {}}"#])),
            ("empty stream_id", document([event(stream: "")])),
            ("wrong version and a malformed event", document([event(payload: "7")], expected: #"{"s": 1}"#)),
            ("stored id with other content and a malformed event", document([event(stored0, stream: "s", payload: #"{"seed": 9}"#), event(payload: "7")])),
            ("too many events", document((0...10_000).map { _ in #"{"event_id": "\#(UUID().uuidString)", "stream_id": "x", "event_type": "T", "payload": {}}"# })),
        ]
    }

    @Test("the slim append answers every batch as the append it replaced: rows, SQLSTATE and message")
    func sameAnswersAsBefore() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await db.store.append(
                [testEvent("s", "T", payload: #"{"seed": 0}"#, id: Self.seededIDs[0]), testEvent("s", "T", payload: #"{"seed": 1}"#, id: Self.seededIDs[1])],
                expectations: ["s": .noStream])
            try await db.withConnection { connection in
                try await connection.executeScript(unsafeSQL: "BEGIN")
                for (name, document) in Self.cases {
                    var answers: [String] = []
                    for function in ["append_rows", "append_events"] {
                        try await connection.executeScript(unsafeSQL: "SAVEPOINT one_case")
                        do {
                            let rows = try await connection.query("SELECT out_global_position, out_stream_version FROM event_store.\(unescaped: function)(\(document)::jsonb)")
                            let stored = try await connection.query("""
                                SELECT (global_position, stream_id, stream_version, event_id, event_type, schema_version, payload,
                                        metadata, effective_date = (recorded_at AT TIME ZONE 'UTC')::date OR effective_date = '2024-02-29',
                                        organisation_id, canonical_version, recorded_by, hash = sha256(prev_hash || event_store.canonical_bytes_of(e)))::text
                                FROM event_store.events e ORDER BY global_position
                                """)
                            answers.append("rows " + (try rows.map { "\(try $0.decode(Int64.self, at: 0))/\(try $0.decode(Int64.self, at: 1))" }.joined(separator: " "))
                                           + " stored " + (try stored.map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")))
                        } catch let error as PostgresError {
                            // Messages of the server's own errors (casts, jsonb functions) name the function that failed.
                            answers.append("\(error.sqlState ?? "?") " + (error.sqlState?.hasPrefix("FL") == true ? error.message + " \(error.detail ?? "")" : ""))
                        }
                        try await connection.executeScript(unsafeSQL: "ROLLBACK TO SAVEPOINT one_case")
                    }
                    #expect(answers[0] == answers[1], "\(name)")
                    #expect(!answers[1].hasPrefix("? "), "\(name)")
                }
                try await connection.executeScript(unsafeSQL: "ROLLBACK")
            }
        }
    }

    @Test("an identifier that breaks the rule is named by event and field, as before (FL005)")
    func identifierRefusalNamesTheEvent() async throws {
        try await TestDatabase.withMigrated { db in
            try await db.withConnection { connection in
                let events = [Self.event(), Self.event(stream: "fine"), Self.event(stream: "x", extra: #", "organisation_id": " padded""#),
                              Self.event(stream: "bad\u{200B}")]
                do {
                    _ = try await connection.query("SELECT * FROM event_store.append_events(\(Self.document(events))::jsonb)")
                    Issue.record("a padded organisation id must be refused")
                } catch let error as PostgresError {
                    #expect(error.sqlState == "FL005")
                    #expect(error.message == "event 3 of the append: organisation_id begins or ends with a space", "\(error.message)")
                }
            }
            #expect(try await db.store.head().position == 0)
        }
    }
}

/// Runs tools/verify_export.py on an export given as text.
func runPythonVerifier(_ export: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", TestServer.repositoryRoot.appendingPathComponent("tools/verify_export.py").path, "-"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(export.utf8))
    try input.fileHandleForWriting.close()
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
}
