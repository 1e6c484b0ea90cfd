import ArgumentParser
import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Projections

/// `fundledger status`: the ledger head and schema version.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the head position, head hash, event count, schema version, and each read model's checkpoint, lag and checksum.")

    @OptionGroup var database: DatabaseOptions
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let (conninfo, source) = try database.resolve()
            let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 1)
            let version = try await pool.withConnection { connection in
                try await connection.query(
                    "SELECT coalesce(max(version), 0) FROM public.fundledger_migrations")[0].decode(Int.self, at: 0)
            }
            let store = PostgresEventStore(pool: pool)
            let head = try await store.head()
            let readable = try await store.readableOrganisations()
            let readModels = version >= 5 ? try await ReadModelEngine(pool: pool).status() : []
            if json {
                let models = readModels.map { model in
                    "{\"name\":\(JSONText.quote(model.name)),\"code_version\":\(model.codeVersion),\"stored_version\":\(model.storedVersion.map(String.init) ?? "null"),\"checkpoint\":\(model.checkpoint),\"lag\":\(model.lag),\"checksum\":\"\(model.checksum)\"}"
                }
                print("{\"head_position\":\(head.position),\"head_hash\":\"\(head.hash.hex)\",\"event_count\":\(head.eventCount),\"schema_version\":\(version),\"readable_organisations\":\(readable.map { "[" + $0.map(JSONText.quote).joined(separator: ",") + "]" } ?? "null"),\"read_models\":[\(models.joined(separator: ","))]}")
            } else {
                print("""
                    database        \(source)
                    schema version  \(version)
                    events          \(head.eventCount)
                    head position   \(head.position)
                    head hash       \(head.hash.hex)
                    """)
                if let readable {
                    // A restricted login's head is the last event it may read, not the log's (docs/access.md).
                    print("reads only      \(readable.isEmpty ? "nothing (every grant revoked)" : readable.joined(separator: ", ")) (row-level security)")
                }
                if !readModels.isEmpty {
                    print("\nread model   version  checkpoint  lag      checksum")
                    for model in readModels {
                        let version = model.needsRebuild ? "\(model.storedVersion.map(String.init) ?? "-")→\(model.codeVersion)" : "\(model.codeVersion)"
                        print(model.name.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + version.padding(toLength: 8, withPad: " ", startingAt: 0)
                            + " " + String(model.checkpoint).padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                            + String(model.lag).padding(toLength: 8, withPad: " ", startingAt: 0) + " " + model.checksum)
                    }
                }
            }
        }
    }
}
