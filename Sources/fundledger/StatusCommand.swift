import ArgumentParser
import Postgres
import Projections
import Reporting

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
            let status = try await LedgerStatus.load(ConnectionPool(conninfo: conninfo, connectionCountMax: 1))
            if json {
                print(status.json)
                return
            }
            print("""
                database        \(source)
                schema version  \(status.schemaVersion)
                events          \(status.head.eventCount)
                head position   \(status.head.position)
                head hash       \(status.head.hash.hex)
                """)
            if let readable = status.readableOrganisations {
                // A restricted login's head is the last event it may read, not the log's (docs/access.md).
                print("reads only      \(readable.isEmpty ? "nothing (every grant revoked)" : readable.joined(separator: ", ")) (row-level security)")
            }
            guard !status.readModels.isEmpty else { return }
            let rows = status.readModels.map { model in
                let version = model.needsRebuild ? "\(model.storedVersion.map(String.init) ?? "-")→\(model.codeVersion)" : "\(model.codeVersion)"
                return [model.name, version, "\(model.checkpoint)", "\(model.lag)", model.checksum]
            }
            print("")
            TextTableRenderer.lines(
                header: ["read model", "version", "checkpoint", "lag", "checksum"], rows: rows, minimumWidths: [12, 8, 11, 8], separator: " "
            ).forEach { print($0) }
        }
    }
}
