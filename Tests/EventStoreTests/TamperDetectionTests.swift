import EventStore
import Foundation
import Postgres
import PostgresEventStore
import TestSupport
import Testing

/// Tampering with the stored log, or with an export of it, is found by all three verifiers at the same
/// position: `EventStore.verifyChain` (Swift, on the database), `LedgerExport.readVerified` (Swift, on an
/// export) and `tools/verify_export.py` (Python, on an export). Every test runs on its own fresh database.
@Suite("Tamper detection")
struct TamperDetectionTests {
    // MARK: The untampered log

    @Test("an untampered log verifies, and the Swift and Python verifiers agree on its head")
    func untamperedLogVerifiesEverywhere() async throws {
        try await TestDatabase.withMigrated { db in
            let appended = try await seedLedger(db.store)
            let head = try await db.store.head()
            #expect(head.position == 10)
            #expect(head.eventCount == 10)
            #expect(head.hash == appended.last?.hash)

            #expect(try await db.store.verifyChain() == .verified(head))

            let export = try await ExportFile(db.store)
            defer { export.remove() }
            #expect(export.head == head)

            let python = try runTool("verify_export.py", [export.url.path])
            #expect(python.status == 0, "verify_export.py rejected a good export: \(python.stderr)")
            #expect(python.stdout.hasPrefix("OK: 10 events"))
            #expect(python.stdout == "OK: 10 events, head position 10, head hash \(head.hash.hex)\n")
            #expect(python.stderr.isEmpty)

            let (header, lines) = try LedgerExport.readVerified(try export.data())
            #expect(header.eventCount == 10)
            #expect(header.headPosition == 10)
            #expect(header.headHash == head.hash.hex)
            #expect(lines.count == 10)

            // The export carries what the chain needs: a null organisation id as null, text as UTF-8.
            let third = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
            #expect(third?["organisation_id"] is NSNull)
            #expect((third?["payload"] as? String)?.contains("Fjällräven ☃") == true)
            #expect(lines[0].contains("Malmö"))
        }
    }

    // MARK: Tampering with the database

    @Test("a payload changed in the database breaks the chain at its position")
    func changedPayloadIsDetected() async throws {
        try await expectOneRowEditBroken(at: 4, """
            UPDATE event_store.events SET payload = jsonb_set(payload, '{memo}', '"ändrad i efterhand"')
            WHERE global_position = 4
            """)
    }

    @Test("a row deleted from the database breaks the chain at its position")
    func deletedRowIsDetected() async throws {
        try await TestDatabase.withMigrated { db in
            try await seedLedger(db.store)
            // This time with the triggers disabled table-wide, the other way a superuser can get around them.
            let deleted = try await db.withConnection { connection in
                try await connection.execute("ALTER TABLE event_store.events DISABLE TRIGGER USER")
                let deleted = try await connection.execute("DELETE FROM event_store.events WHERE global_position = 6")
                try await connection.execute("ALTER TABLE event_store.events ENABLE TRIGGER USER")
                return deleted
            }
            #expect(deleted == 1)
            #expect(try await db.store.head().eventCount == 9)
            try await expectBroken(db, at: 6)
        }
    }

    @Test("two rows swapped in the database break the chain at the first of them")
    func swappedRowsAreDetected() async throws {
        try await TestDatabase.withMigrated { db in
            try await seedLedger(db.store)
            let before = try await db.store.readAll(after: 2, limit: 2)
            let moved = try await tamper(db) { connection in
                try await connection.execute("UPDATE event_store.events SET global_position = 1000003 WHERE global_position = 3")
                    + connection.execute("UPDATE event_store.events SET global_position = 3 WHERE global_position = 4")
                    + connection.execute("UPDATE event_store.events SET global_position = 4 WHERE global_position = 1000003")
            }
            #expect(moved == 3)
            // A genuine reordering: whole rows, every column but the position, traded places.
            let after = try await db.store.readAll(after: 2, limit: 2)
            try #require(before.count == 2 && after.count == 2)
            #expect(after[0].eventID == before[1].eventID)
            #expect(after[0].hash == before[1].hash)
            #expect(after[1].eventID == before[0].eventID)
            #expect(after[1].hash == before[0].hash)
            #expect(try await db.store.head().eventCount == 10)
            try await expectBroken(db, at: 3)
        }
    }

    @Test("an edit whose own hash was recomputed is found at the next position")
    func rehashedEditIsDetectedAtTheNextPosition() async throws {
        try await expectOneRowEditBroken(at: 5, """
            UPDATE event_store.events SET
                payload = jsonb_set(payload, '{memo}', '"förfalskad"'),
                hash = sha256(prev_hash || event_store.canonical_bytes_v2(global_position, stream_id,
                    stream_version, event_id, event_type, schema_version, effective_date, recorded_at,
                    organisation_id, jsonb_set(payload, '{memo}', '"förfalskad"'), metadata, recorded_by))
            WHERE global_position = 4
            """)
    }

    @Test("a rewritten suffix verifies on its own, but not against a head hash recorded earlier")
    func rewrittenSuffixIsCaughtOnlyByAnAnchor() async throws {
        try await TestDatabase.withMigrated { db in
            try await seedLedger(db.store)
            let recorded = try await db.store.head()
            try await rewriteHistory(db, at: 4, payload: #"jsonb_set(r.payload, '{memo}', '"förfalskad"')"#)
            let rewritten = try await db.store.head()
            #expect(rewritten.position == recorded.position)
            #expect(rewritten.hash != recorded.hash)
            // Self-consistent: every verifier accepts it ...
            #expect(try await db.store.verifyChain() == .verified(rewritten))
            let export = try await ExportFile(db.store)
            defer { export.remove() }
            #expect(try runTool("verify_export.py", [export.url.path]).status == 0)
            #expect(try LedgerExport.readVerified(try export.data()).header.headHash == rewritten.hash.hex)
            // ... until it is held against the head hash recorded before the rewrite.
            let anchored = try runTool("verify_export.py", [export.url.path, "--anchor", "10:\(recorded.hash.hex)"])
            #expect(anchored.status == 1)
            #expect(anchored.stderr.hasPrefix("FAIL: position 10:"))
            let untouched = try await hashAt(3, db.store)
            let good = try runTool("verify_export.py", [export.url.path, "--anchor", "3:\(untouched)"])
            #expect(good.status == 0, "positions before the rewrite still match: \(good.stderr)")
        }
    }

    // MARK: Tampering with an export (tools/tamper_export.py)

    @Test(
        "tamper_export.py edits are rejected by both export verifiers at the same position",
        arguments: [
            ("payload", 1), ("payload", 4), ("payload", 10),
            ("delete", 1), ("delete", 6),
            ("swap", 1), ("swap", 3), ("swap", 9),
        ] as [(String, Int64)])
    func tamperedExportIsRejected(mode: String, position: Int64) async throws {
        try await withTamperedExport(mode, at: position) { tampered in
            try expectExportRejected(tampered, at: position)
        }
    }

    @Test("an export missing its last event is rejected by both export verifiers")
    func truncatedExportIsRejected() async throws {
        try await withTamperedExport("delete", at: 10) { tampered in
            let python = try runTool("verify_export.py", [tampered.path])
            #expect(python.status == 1)
            #expect(python.stderr.hasPrefix("FAIL: position 10: missing"))
            // Every remaining line chains; only the header's count and head give the loss away.
            let error = #expect(throws: LedgerExportError.self) { try LedgerExport.readVerified(try Data(contentsOf: tampered)) }
            guard case .headMismatch? = error else {
                Issue.record("expected headMismatch, got \(String(describing: error))")
                return
            }
        }
    }
}

// MARK: - Helpers

/// Appends 10 events over three streams in several appends: non-ASCII text, escapes, nested values,
/// an empty payload, metadata, effective dates, and organisation ids both set and null.
@discardableResult
private func seedLedger(_ store: PostgresEventStore) async throws -> [AppendedEvent] {
    let leapDay = CivilDate(year: 2024, month: 2, day: 29)
    var appended: [AppendedEvent] = []
    appended += try await store.append(
        [
            testEvent("fund-1", "FundCreated", payload: #"{"name": "Välfärdsfonden", "kommun": "Malmö"}"#,
                      effectiveDate: leapDay, organisation: "kommun-1280"),
            testEvent("fund-1", "GrantApproved", payload: #"{"amount": "125000.00", "recipient": "Socialförvaltningen"}"#,
                      organisation: "kommun-1280"),
        ], to: "fund-1", expecting: .noStream)
    appended += try await store.append(
        [
            testEvent("fund-2", "FundCreated", payload: #"{"name": "Fjällräven ☃", "emoji": "🎉", "ß": "ẞ"}"#),
            testEvent("fund-2", "NoteAdded", payload: #"{"memo": "rad 1\nrad 2 \"citat\" \\ snedstreck", "jp": "日本語"}"#),
        ], to: "fund-2", expecting: .noStream)
    appended += try await store.append(
        [
            testEvent("grant-7", "GrantRequested", payload: #"{"amount": "9.99", "by": "Åsa Öberg"}"#, organisation: "region-12"),
            NewEvent(streamID: "grant-7", eventType: "GrantApproved", payload: "{}",
                     metadata: #"{"actor": "handläggare@malmö.se", "reason": "beslut § 12"}"#, organisationID: "region-12"),
            testEvent("fund-1", "FundsDisbursed", payload: #"{"amount": "50000.00", "nested": {"list": [1, 2.5, true, null], "ø": "æ"}}"#,
                      effectiveDate: CivilDate(year: 1999, month: 12, day: 31), organisation: "kommun-1280"),
        ], expectations: ["grant-7": .noStream, "fund-1": .exact(2)])
    appended += try await store.append([testEvent("fund-2", "NoteAdded", payload: #"{"memo": "ΑΒΓ – Ωμέγα"}"#)], to: "fund-2", expecting: .exact(2))
    appended += try await store.append([testEvent("grant-7", "GrantPaid", payload: #"{"amount": "9.99"}"#, organisation: "region-12")], to: "grant-7")
    appended += try await store.append([testEvent("fund-1", "FundClosed", payload: #"{"slutsaldo": "0.00", "€": 0}"#)], to: "fund-1")
    #expect(appended.map(\.globalPosition) == Array(1...10))
    return appended
}

/// Runs `body` on a new superuser connection with the append-only triggers switched off for that session.
private func tamper(_ db: TestDatabase, _ body: (PostgresConnection) async throws -> Int) async throws -> Int {
    try await closing(try await db.connect()) { connection in
        try await connection.execute("SET session_replication_role = replica")
        return try await body(connection)
    }
}

/// On a fresh seeded ledger, an export edited by `tools/tamper_export.py --mode mode --position position`,
/// given to `check` (and removed after it, with the export).
private func withTamperedExport(_ mode: String, at position: Int64, _ check: (URL) throws -> Void) async throws {
    try await TestDatabase.withMigrated { db in
        try await seedLedger(db.store)
        let export = try await ExportFile(db.store)
        defer { export.remove() }
        let tampered = export.url.deletingPathExtension().appendingPathExtension("tampered.jsonl")
        defer { try? FileManager.default.removeItem(at: tampered) }
        let tool = try runTool(
            "tamper_export.py", [export.url.path, tampered.path, "--mode", mode, "--position", String(position)])
        try #require(tool.status == 0, "tamper_export.py failed: \(tool.stderr)")
        #expect(try Data(contentsOf: tampered) != export.data())
        try check(tampered)
    }
}

/// On a fresh seeded ledger, `sql` changes exactly one row (triggers off, `tamper`), and the chain is then
/// broken at `position` (`expectBroken`).
private func expectOneRowEditBroken(
    at position: Int64, _ sql: PostgresQuery, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    try await TestDatabase.withMigrated { db in
        try await seedLedger(db.store)
        let changed = try await tamper(db) { connection in try await connection.execute(sql) }
        #expect(changed == 1, sourceLocation: sourceLocation)
        try await expectBroken(db, at: position, sourceLocation: sourceLocation)
    }
}

private func hashAt(_ position: Int64, _ store: PostgresEventStore) async throws -> String {
    try #require(try await store.readAll(after: position - 1, limit: 1).first).hash.hex
}

/// The database and an export of it both fail to verify, and every verifier names `position`.
private func expectBroken(_ db: TestDatabase, at position: Int64, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let result = try await db.store.verifyChain()
    guard case .broken(let failure) = result else {
        Issue.record("verifyChain accepted a tampered log: \(result)", sourceLocation: sourceLocation)
        return
    }
    #expect(failure.position == position, "verifyChain: \(failure)", sourceLocation: sourceLocation)

    let export = try await ExportFile(db.store)
    defer { export.remove() }
    try expectExportRejected(export.url, at: position, sourceLocation: sourceLocation)
}

/// `verify_export.py` and `LedgerExport.readVerified` both reject the export at `url`, naming `position`.
private func expectExportRejected(_ url: URL, at position: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let python = try runTool("verify_export.py", [url.path])
    #expect(python.status == 1, "verify_export.py: \(python.stdout)\(python.stderr)", sourceLocation: sourceLocation)
    #expect(python.stdout.isEmpty, sourceLocation: sourceLocation)
    #expect(python.stderr.hasPrefix("FAIL: position \(position): "), "verify_export.py: \(python.stderr)", sourceLocation: sourceLocation)
    #expect(python.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)

    let data = try Data(contentsOf: url)
    let error = #expect(throws: LedgerExportError.self, sourceLocation: sourceLocation) { try LedgerExport.readVerified(data) }
    guard case .chainBroken(let failure)? = error else {
        Issue.record("readVerified: expected chainBroken, got \(String(describing: error))", sourceLocation: sourceLocation)
        return
    }
    #expect(failure.position == position, "readVerified: \(failure)", sourceLocation: sourceLocation)
}

/// An export of a store, written to a temporary file.
private struct ExportFile {
    let url: URL
    let head: LedgerHead

    init(_ store: PostgresEventStore) async throws {
        var lines: [String] = []
        // allowBroken: a tampered store is exported as evidence, so the offline verifiers can be shown to catch it.
        head = try await LedgerExport.write(
            from: store, exportedAt: Timestamp(microsecondsSinceEpoch: 1_709_200_000_123_456), allowBroken: true
        ) {
            lines.append($0)
        }
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fundledger-export-\(UUID().uuidString).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    func data() throws -> Data { try Data(contentsOf: url) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

private struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `tools/NAME` with python3 and waits for it.
private func runTool(_ name: String, _ arguments: [String]) throws -> ToolRun {
    let script = TestServer.repositoryRoot.appendingPathComponent("tools").appendingPathComponent(name)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // The tools print one line each, far below a pipe's buffer, so reading one pipe after the other is safe.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}
