import EventStore
import Foundation
import PostgresEventStore
import Testing
import TestSupport

/// Exports whose chain verifies but which the events table refuses: `import` names the event and the rule
/// (exit 65, `LedgerExportError.refusedByTable`), or says the database recomputes another hash (exit 3), and
/// stores nothing. Each export is made from a real one, edited, and hashed again so the chain holds.
@Suite("Import of exports the table refuses")
struct ImportRefusalTests {
    /// An export of three events from an in-memory store, decoded, with the payloads in PostgreSQL's jsonb
    /// text form (the in-memory store keeps `{"n":1}`, which the database would hash as `{"n": 1}`).
    static func export() async throws -> (header: ExportHeader, events: [ExportedEvent]) {
        let store = InMemoryEventStore()
        _ = try await store.append([testEvent("a"), testEvent("b"), testEvent("a")], expectations: [:])
        var lines: [String] = []
        try await LedgerExport.write(from: store, exportedAt: Timestamp(microsecondsSinceEpoch: 0)) { lines.append($0) }
        let decoder = JSONDecoder()
        return (try decoder.decode(ExportHeader.self, from: Data(lines[0].utf8)),
                try lines.dropFirst().map {
                    var event = try decoder.decode(ExportedEvent.self, from: Data($0.utf8))
                    event.payload = #"{"n": 1}"#
                    return event
                })
    }

    /// The export of `events` with every hash computed again, so that its chain verifies.
    static func rehashedExport(_ header: ExportHeader, _ events: [ExportedEvent]) throws -> Data {
        var previous = ChainHash.zero
        var lines: [String] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for var event in events {
            event.prevHash = previous.hex
            previous = HashChain.hash(of: try event.recordedEvent(), after: previous)
            event.hash = previous.hex
            lines.append(String(decoding: try encoder.encode(event), as: UTF8.self))
        }
        var header = header
        header.headHash = previous.hex
        return Data(([String(decoding: try encoder.encode(header), as: UTF8.self)] + lines).joined(separator: "\n").utf8)
    }

    @Test("a date before 1900, versions of 0, an id or a stream version given twice: refused naming the rule, nothing stored",
          arguments: [
              ("effective date 1899", 2, "events_effective_date_check"),
              ("schema version 0", 1, "events_schema_version_check"),
              ("stream version 0", 3, "events_stream_version_check"),
              ("an event id twice", 3, "(event_id)="),
              ("a stream version twice", 3, "(stream_id, stream_version)="),
          ])
    func refusedByTheTable(edit: String, position: Int64, mention: String) async throws {
        var (header, events) = try await Self.export()
        switch edit {
        case "effective date 1899": events[1].effectiveDate = "1899-12-31"
        case "schema version 0": events[0].schemaVersion = 0
        case "stream version 0": events[2].streamVersion = 0
        case "an event id twice": events[2].eventID = events[0].eventID
        default: events[2].streamVersion = 1
        }
        let (_, lines) = try LedgerExport.readVerified(try Self.rehashedExport(header, events))
        try await TestDatabase.withMigrated { (db: TestDatabase) async throws in
            let error = await #expect(throws: LedgerExportError.self) { try await LedgerExport.restore(lines: lines, into: db.pool) }
            guard case .refusedByTable(let at, let reason)? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason.contains(mention), "\(reason)")
            if edit.hasPrefix("an") || edit.hasPrefix("a stream") { #expect(reason.contains("is given twice"), "\(reason)") } else { #expect(at == position) }
            let message = "\(error!)"
            #expect(message.hasSuffix("nothing was imported") && !message.contains("\n"), "\(message)")
            #expect(try await db.store.head().position == 0)
        }
    }

    @Test("a payload not in jsonb's own text form: the database's hash differs, exit 3 naming the position")
    func payloadNotInJSONBForm() async throws {
        var (header, events) = try await Self.export()
        events[1].payload = #"{"n":1}"#  // jsonb writes {"n": 1}
        let (_, lines) = try LedgerExport.readVerified(try Self.rehashedExport(header, events))
        try await TestDatabase.withMigrated { (db: TestDatabase) async throws in
            let error = await #expect(throws: LedgerExportError.self) { try await LedgerExport.restore(lines: lines, into: db.pool) }
            guard case .chainBroken(let failure)? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(failure.position == 2 && failure.reason.contains("jsonb"), "\(failure)")
            #expect(try await db.store.head().position == 0)
        }
    }
}

