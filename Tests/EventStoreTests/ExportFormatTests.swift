import EventStore
import Foundation
import Testing
import TestSupport

/// `LedgerExport.readVerified` reads exports exactly as docs/verification.md says, like tools/verify_export.py.
@Suite("Export format")
struct ExportFormatTests {
    /// A verified export of three events from an in-memory store, as lines.
    func exportLines() async throws -> [String] {
        let store = InMemoryEventStore()
        _ = try await store.append([testEvent("a"), testEvent("b", organisation: "212000-1124"), testEvent("a")], expectations: [:])
        var lines: [String] = []
        try await LedgerExport.write(from: store, exportedAt: Timestamp(microsecondsSinceEpoch: 0)) { lines.append($0) }
        return lines
    }

    @Test("LF and CRLF line endings and a final newline are accepted")
    func lineEndings() async throws {
        let lines = try await exportLines()
        for text in [lines.joined(separator: "\n"), lines.joined(separator: "\n") + "\n", lines.joined(separator: "\r\n") + "\r\n"] {
            let (header, events) = try LedgerExport.readVerified(Data(text.utf8))
            #expect(header.eventCount == 3 && events.count == 3)
        }
    }

    @Test("a byte-order mark, a blank line, a duplicate key or an empty organisation id is refused")
    func strictness() async throws {
        let lines = try await exportLines()
        #expect(throws: LedgerExportError.self) { try LedgerExport.readVerified(Data([0xEF, 0xBB, 0xBF]) + Data(lines.joined(separator: "\n").utf8)) }
        #expect(throws: LedgerExportError.unreadableLine(line: 3, reason: "empty line")) {
            try LedgerExport.readVerified(Data((lines[0...1] + [""] + lines[2...]).joined(separator: "\n").utf8))
        }
        var duplicated = lines
        duplicated[1] = String(duplicated[1].dropLast()) + #","stream_id":"elsewhere"}"#
        #expect(throws: LedgerExportError.self) { try LedgerExport.readVerified(Data(duplicated.joined(separator: "\n").utf8)) }
        var emptyOrganisation = lines
        emptyOrganisation[1] = emptyOrganisation[1].replacingOccurrences(of: #""organisation_id":null"#, with: #""organisation_id":"""#)
        #expect(emptyOrganisation != lines)
        #expect(throws: LedgerExportError.malformedLine(position: 1, reason: "organisation_id is empty (null means none)")) {
            try LedgerExport.readVerified(Data(emptyOrganisation.joined(separator: "\n").utf8))
        }
    }
}
