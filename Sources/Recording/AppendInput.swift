import EventStore
import Foundation
import FundLedger

/// Parses raw events as JSON lines (`fundledger append`, and the server's `POST /v1/events`), validated
/// whole before anything is sent: each line names its stream, type, payload and optional expected version.
public enum AppendInput {
    /// Whether `event` is a fund-ledger event in a ledger stream: appending it raw would bypass the fund's
    /// rules (`fundledger append` needs `--raw` for it; the server refuses it and points to the commands).
    public static func bypassesLedgerRules(_ event: NewEvent) -> Bool {
        LedgerEvent.isLedgerStream(event.streamID) && LedgerEvent.isDomainEventType(event.eventType)
    }

    public static func parse(_ data: Data, source: String = "stdin") throws -> ([NewEvent], [String: ExpectedVersion]) {
        var events: [NewEvent] = []
        var expectations: [String: ExpectedVersion] = [:]
        // "\r\n" is one Character: a file written on Windows splits on it too.
        let lines = try utf8Text(data, source: source).split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if line.isEmpty { continue }
            func fail(_ reason: String) -> UserError {
                // User text in a reason (a key, a value) is shown with control characters escaped.
                UserError(description: "line \(index + 1): \(Identifier.printable(reason, limit: 300)); nothing was written", exitCode: ExitStatus.badInput)
            }
            let members: [String: String]
            do {
                members = try RawJSON.members(of: line)
            } catch let error as RawJSON.SyntaxError where error.reason == "unterminated string" || error.offset >= line.utf8.count {
                throw fail("\(error); each event is one JSON object on one line (JSON lines), not spread over several")
            } catch {
                throw fail("\(error)")
            }
            func string(_ key: String) throws -> String? {
                guard let raw = members[key], raw != "null" else { return nil }
                guard let value = try? JSONDecoder().decode(String.self, from: Data(raw.utf8)) else {
                    throw fail("\(key) must be a string")
                }
                return value
            }
            let known: Set = ["event_id", "stream_id", "event_type", "schema_version", "payload", "metadata",
                              "effective_date", "organisation_id", "expected_version"]
            if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
                throw fail("unknown field \(Identifier.quoted(unknown))")
            }
            guard let stream = try string("stream_id"), !stream.isEmpty else { throw fail("stream_id is required") }
            guard let type = try string("event_type"), !type.isEmpty else { throw fail("event_type is required") }
            guard let payload = members["payload"], payload.hasPrefix("{") else { throw fail("payload must be a JSON object") }
            let metadata = members["metadata"] ?? "{}"
            guard metadata.hasPrefix("{") else { throw fail("metadata must be a JSON object") }
            // jsonb keeps the last of two equal keys without a word (and a server's actor check reads the first).
            for (name, text) in [("payload", payload), ("metadata", metadata)] {
                do { try RawJSON.requireUniqueKeys(text) } catch { throw fail("\(name): \(error)") }
            }
            // Elsewhere the ledger does not read it (`LedgerEvent.decode`): appended there it would record nothing.
            if LedgerEvent.isDomainEventType(type) && !LedgerEvent.isLedgerStream(stream) {
                throw fail("\(type) is a fund-ledger event type, which the ledger reads only in fund-, organisation- and valuation- streams, not in \(Identifier.quoted(stream))")
            }
            var eventID = UUID()
            if let text = try string("event_id") {
                guard let id = UUID(uuidString: text) else { throw fail("event_id \(Identifier.quoted(text)) is not a UUID") }
                eventID = id
            }
            var schemaVersion = 1
            if let raw = members["schema_version"] {
                guard let value = Int(raw), value > 0, value <= Int(Int32.max) else {
                    throw fail("schema_version must be a positive integer of at most \(Int32.max)")
                }
                schemaVersion = value
            }
            var effectiveDate: CivilDate?
            if let text = try string("effective_date") {
                guard let date = CivilDate(text) else { throw fail("effective_date \(Identifier.quoted(text)) is not a date (YYYY-MM-DD)") }
                effectiveDate = date
            }
            if let raw = members["expected_version"] {
                let text = (try? JSONDecoder().decode(String.self, from: Data(raw.utf8))) ?? raw
                guard let expected = ExpectedVersion(text) else {
                    throw fail("expected_version must be any, no_stream, exists or a version number")
                }
                if let earlier = expectations[stream], earlier != expected {
                    throw fail("stream \(Identifier.quoted(stream)) has two different expected versions (\(earlier), \(expected))")
                }
                expectations[stream] = expected
            }
            events.append(NewEvent(
                eventID: eventID, streamID: stream, eventType: type, schemaVersion: schemaVersion, payload: payload,
                metadata: metadata, effectiveDate: effectiveDate, organisationID: try string("organisation_id")))
        }
        guard !events.isEmpty else {
            throw UserError(description: "no events in the input", exitCode: ExitStatus.badInput)
        }
        return (events, expectations)
    }
}
