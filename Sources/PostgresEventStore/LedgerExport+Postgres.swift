import EventStore
import Foundation
import Postgres

extension LedgerExport {
    /// Restores a verified export into an empty PostgreSQL store in one transaction, as the owner role:
    /// the database checks every row's chain link again as it inserts. All or nothing. An export the table
    /// refuses although its chain verifies (a date before 1900, a version 0, an event id given twice, a
    /// payload not in PostgreSQL's own text form) is reported as the export's fault, not as a failure.
    public static func restore(lines: [String], into pool: ConnectionPool, batchSize: Int = 500) async throws -> Int64 {
        do {
            return try await restoreBatches(lines: lines, into: pool, batchSize: batchSize)
        } catch let error as PostgresError {
            throw refusal(error) ?? error
        }
    }

    /// What a refusal by the table or by `restore_events` says about the export; nil for other errors.
    static func refusal(_ error: PostgresError) -> LedgerExportError? {
        let state = error.sqlState ?? ""
        if state == "FL020" {
            return .chainBroken(ChainBreak(
                position: leadingNumber(after: "position ", in: error.message) ?? 0,
                reason: "PostgreSQL recomputes another hash from the stored form of this event (its payload or metadata is not "
                    + "in jsonb's own text form, which the chain covers: key order, spacing and escapes as PostgreSQL writes them)"))
        }
        guard state.hasPrefix("23") || state.hasPrefix("22") || state.hasPrefix("54") else { return nil }
        let position = leadingNumber(after: "Failing row contains (", in: error.detail ?? "")
        var reason = error.constraint.map { "the event table's rule \($0) refuses it" } ?? error.message
        if state == "23505", let detail = error.detail { reason = detail.replacingOccurrences(of: "already exists.", with: "is given twice") }
        return .refusedByTable(position: position, reason: reason)
    }

    /// The digits right after `prefix` in `text`, as a number.
    private static func leadingNumber(after prefix: String, in text: String) -> Int64? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber })
    }

    private static func restoreBatches(lines: [String], into pool: ConnectionPool, batchSize: Int) async throws -> Int64 {
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                let count = try connection.query("SELECT count(*) FROM event_store.events")[0].decode(Int64.self, at: 0)
                guard count == 0 else { throw LedgerExportError.targetNotEmpty(eventCount: count) }
                var position: Int64 = 0
                var start = 0
                while start < lines.count {
                    let end = min(lines.count, start + batchSize)
                    let batch = "[" + lines[start..<end].joined(separator: ",") + "]"
                    position = try connection.query("SELECT event_store.restore_events(\(batch)::jsonb)")[0]
                        .decode(Int64.self, at: 0)
                    start = end
                }
                return position
            }
        }
    }
}
