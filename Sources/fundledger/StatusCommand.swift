import ArgumentParser
import EventStore
import Foundation
import Postgres

/// `fundledger status`: the ledger head and schema version.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the head position, head hash, event count and schema version.")

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
            let head = try await PostgresEventStore(pool: pool).head()
            if json {
                print("{\"head_position\":\(head.position),\"head_hash\":\"\(head.hash.hex)\",\"event_count\":\(head.eventCount),\"schema_version\":\(version)}")
            } else {
                print("""
                    database        \(source)
                    schema version  \(version)
                    events          \(head.eventCount)
                    head position   \(head.position)
                    head hash       \(head.hash.hex)
                    """)
            }
        }
    }
}
