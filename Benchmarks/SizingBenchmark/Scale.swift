import BenchmarkSupport
import EventStore
import Foundation
import FundLedger
import Postgres
import PostgresEventStore
import Projections

/// A text with the places where an identifier a copy renames begins: copies are made by joining its
/// pieces with each copy's prefixes (made once per event, not searched for in every copy).
struct RenamableText: Sendable {
    /// The pieces between the markers.
    var pieces: [String]
    /// The marker before each piece after the first (an index into `markers`).
    var markers: [Int]

    /// Organisation numbers (municipalities, the region), fund ids, initiative ids (and saving ids, which
    /// begin with their initiative's).
    static let markers = ["212000-", "232100-", "sif-", "ini-"]

    init(_ text: String) {
        pieces = []
        markers = []
        var rest = Substring(text)
        while let (index, range) = Self.markers.enumerated().compactMap({ marker in rest.range(of: marker.element).map { (marker.offset, $0) } })
            .min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            pieces.append(String(rest[..<range.lowerBound]))
            markers.append(index)
            rest = rest[range.upperBound...]
        }
        pieces.append(String(rest))
    }

    /// The text with each marker replaced (`replacements(copy)`).
    func text(_ replacements: [String]) -> String {
        guard !markers.isEmpty else { return pieces[0] }
        var result = pieces[0]
        for (index, marker) in markers.enumerated() {
            result += replacements[marker]
            result += pieces[index + 1]
        }
        return result
    }

    /// What each marker becomes in copy `copy`.
    static func replacements(_ copy: Int) -> [String] {
        guard copy > 0 else { return markers }
        let number = String(format: "%04d", copy)
        return ["21\(number)-", "23\(number)-", "sif\(copy)-", "ini\(copy)-"]
    }
}

/// One event of the recorded network, as stored: what a copy of it needs.
struct BaseEvent: Sendable {
    var eventID: UUID
    var streamID: RenamableText
    var eventType: String
    var schemaVersion: Int
    var payload: RenamableText
    var metadata: RenamableText
    var effectiveDate: CivilDate
    var organisationID: RenamableText?

    /// Every event of the database at `conninfo`, in log order.
    static func readAll(_ conninfo: String) async throws -> [BaseEvent] {
        let connection = try await PostgresConnection(conninfo: conninfo)
        let rows = try await connection.query("""
            SELECT event_id, stream_id, event_type, schema_version, payload::text, metadata::text, effective_date::text, organisation_id
            FROM event_store.events ORDER BY global_position
            """)
        await connection.close()
        return try rows.map { row in
            BaseEvent(
                eventID: try row.decode(at: 0), streamID: RenamableText(try row.decode(at: 1)), eventType: try row.decode(at: 2),
                schemaVersion: try row.decode(at: 3), payload: RenamableText(try row.decode(at: 4)),
                metadata: RenamableText(try row.decode(at: 5)), effectiveDate: CivilDate(try row.decode(String.self, at: 6))!,
                organisationID: try row.decodeIfPresent(String.self, at: 7).map(RenamableText.init))
        }
    }

    /// The same event in copy `copy` of the network (0: itself): other organisation numbers, fund,
    /// initiative and saving ids, and event id; the same types, amounts, dates, texts and sizes.
    func copy(_ copy: Int, _ replacements: [String]) -> NewEvent {
        var id = eventID.uuid
        if copy > 0 {
            id.0 ^= UInt8(truncatingIfNeeded: copy >> 8)
            id.1 ^= UInt8(truncatingIfNeeded: copy)
            id.2 ^= 0x5A
        }
        return NewEvent(eventID: UUID(uuid: id), streamID: streamID.text(replacements), eventType: eventType,
                        schemaVersion: schemaVersion, payload: payload.text(replacements),
                        metadata: metadata.text(replacements), effectiveDate: effectiveDate,
                        organisationID: organisationID?.text(replacements))
    }
}

/// Appends copies of the network, interleaved (each copy's next hundred events in turn, as networks recording
/// side by side would), in batches through `append_events`, to `target` events. Returns, for each `step`
/// events, the events and the seconds spent inside the appends that ended in it.
func appendCopies(
    of base: [BaseEvent], to store: PostgresEventStore, target: Int, step: Int, batch: Int
) async throws -> [(events: Int, seconds: Double)] {
    let copies = (target + base.count - 1) / base.count
    var pending: [NewEvent] = []
    pending.reserveCapacity(batch + 100 * copies)
    var appended = 0
    var steps = [(events: Int, seconds: Double)](repeating: (0, 0), count: (target + step - 1) / step)
    let chunk = 100
    let replacements = (0..<copies).map(RenamableText.replacements)
    outer: for start in stride(from: 0, to: base.count, by: chunk) {
        for copy in 0..<copies {
            for event in base[start..<min(start + chunk, base.count)] { pending.append(event.copy(copy, replacements[copy])) }
            while pending.count >= batch || (!pending.isEmpty && appended + pending.count >= target) {
                let count = min(batch, pending.count, target - appended)
                let events = Array(pending.prefix(count))
                pending.removeFirst(count)
                let began = ContinuousClock.now
                _ = try await store.append(events, expectations: [:])
                let seconds = secondsSince(began)
                let before = appended
                appended += count
                let index = (appended - 1) / step
                steps[index].events += count
                steps[index].seconds += seconds
                if appended / step > before / step || appended == target {
                    let done = steps[...index]
                    let rate = Double(done.reduce(0) { $0 + $1.events }) / done.reduce(0) { $0 + $1.seconds }
                    FileHandle.standardError.write(Data("  appended \(grouped(Int64(appended))) events, \(String(format: "%.0f", rate)) ev/s so far\n".utf8))
                }
                if appended >= target { break outer }
            }
        }
    }
    return steps
}

/// The first `count` events of the interleaved copies, in memory (for the partitioned-against-plain rounds).
func copiedEvents(of base: [BaseEvent], count: Int) -> [NewEvent] {
    let copies = (count + base.count - 1) / base.count
    let replacements = (0..<copies).map(RenamableText.replacements)
    var events: [NewEvent] = []
    events.reserveCapacity(count)
    outer: for start in stride(from: 0, to: base.count, by: 100) {
        for copy in 0..<copies {
            for event in base[start..<min(start + 100, base.count)] {
                events.append(event.copy(copy, replacements[copy]))
                if events.count == count { break outer }
            }
        }
    }
    return events
}

/// Bytes of the events' partitions (rows, TOAST, indexes) and of `event_keys`, after VACUUM ANALYZE.
func partitionedBytes(_ conninfo: String) async throws -> (partitions: Int64, keys: Int64) {
    let connection = try await PostgresConnection(conninfo: conninfo)
    try await connection.executeScript(unsafeSQL: "VACUUM ANALYZE")
    let row = try await connection.query("""
        SELECT (SELECT sum(pg_total_relation_size(relid))::bigint FROM pg_partition_tree('event_store.events') WHERE isleaf),
               pg_total_relation_size('event_store.event_keys')
        """)[0]
    await connection.close()
    return (try row.decode(at: 0), try row.decode(at: 1))
}
