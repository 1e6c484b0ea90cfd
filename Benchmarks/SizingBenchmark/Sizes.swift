import BenchmarkSupport
import Foundation
import Postgres

/// What the database holds, in bytes, relation by relation (PostgreSQL's own accounting: pages on disk,
/// free space and visibility maps included, write-ahead log not).
struct StorageSizes {
    struct Line {
        var name: String
        var bytes: Int64
    }

    var lines: [Line]
    var database: Int64
    /// A freshly migrated database's size, left out of `database` per event.
    var emptyDatabase: Int64 = 0

    /// A freshly migrated database's size. Without VACUUM ANALYZE: statistics saying `merkle_nodes` is
    /// empty make the first `extend_merkle_tree` quadratic (docs/scaling.md, "Found on the way").
    static func databaseBytes(_ conninfo: String) async throws -> Int64 {
        let connection = try await PostgresConnection(conninfo: conninfo)
        let bytes = try await connection.query("SELECT pg_database_size(current_database())")[0].decode(Int64.self, at: 0)
        await connection.close()
        return bytes
    }

    /// Sizes as PostgreSQL reports them after `VACUUM ANALYZE` (which writes the free-space and visibility
    /// maps a running system has too).
    static func measure(_ conninfo: String, readModels: Bool, emptyDatabase: Int64 = 0) async throws -> StorageSizes {
        let connection = try await PostgresConnection(conninfo: conninfo)
        try await connection.executeScript(unsafeSQL: "VACUUM ANALYZE")
        func bytes(_ sql: String) async throws -> Int64 {
            try await connection.query(PostgresQuery(unsafeSQL: sql))[0].decodeIfPresent(Int64.self, at: 0) ?? 0
        }
        var lines = [
            Line(name: "events: rows (heap)", bytes: try await bytes("SELECT pg_relation_size('event_store.events')")),
            Line(name: "events: TOAST, free-space and visibility maps",
                 bytes: try await bytes("SELECT pg_table_size('event_store.events') - pg_relation_size('event_store.events')")),
        ]
        for row in try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index
            WHERE indrelid = 'event_store.events'::regclass ORDER BY 1
            """)) {
            lines.append(Line(name: "events: index \(try row.decode(String.self, at: 0).replacingOccurrences(of: "event_store.", with: ""))",
                              bytes: try row.decode(Int64.self, at: 1)))
        }
        lines.append(Line(name: "merkle_nodes (table and key)", bytes: try await bytes("SELECT pg_total_relation_size('event_store.merkle_nodes')")))
        lines.append(Line(name: "state_snapshots (table and key)", bytes: try await bytes("SELECT pg_total_relation_size('event_store.state_snapshots')")))
        if readModels {
            lines.append(Line(name: "read models (schema read_models, all tables)", bytes: try await bytes("""
                SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'read_models' AND c.relkind IN ('r', 'p', 'm')
                """)))
        }
        let database = try await bytes("SELECT pg_database_size(current_database())")
        await connection.close()
        return StorageSizes(lines: lines, database: database, emptyDatabase: emptyDatabase)
    }

    var eventsTotal: Int64 { lines.filter { $0.name.hasPrefix("events:") }.reduce(0) { $0 + $1.bytes } }

    /// A Markdown table: bytes, bytes per event and per organisation-year for each relation.
    func table(events: Int64, organisationYears: Int?) -> [String] {
        var output = organisationYears == nil
            ? ["| relation | bytes | bytes per event |", "|---|---:|---:|"]
            : ["| relation | bytes | bytes per event | bytes per organisation-year |", "|---|---:|---:|---:|"]
        func line(_ name: String, _ value: Int64) -> String {
            var cells = [name, grouped(value), String(format: "%.0f", Double(value) / Double(events))]
            if let organisationYears { cells.append(grouped(Int64((Double(value) / Double(organisationYears)).rounded()))) }
            return "| " + cells.joined(separator: " | ") + " |"
        }
        for item in lines { output.append(line(item.name, item.bytes)) }
        output.append(line("**events, all of it**", eventsTotal))
        output.append(line("**the whole database**, less an empty migrated one (\(grouped(emptyDatabase)) bytes)", database - emptyDatabase))
        return output
    }
}

/// `12 345 678`.
func grouped(_ value: Int64) -> String {
    var digits = String(value.magnitude)
    var result = ""
    while digits.count > 3 {
        result = " " + digits.suffix(3) + result
        digits = String(digits.dropLast(3))
    }
    return (value < 0 ? "-" : "") + digits + result
}
