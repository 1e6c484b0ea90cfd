import ArgumentParser
import EventStore
import Postgres

/// `fundledger migrate`: applies pending schema migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema/ migrations, each in its own transaction (refuses if an applied file was edited).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var schema: SchemaOptions

    func run() async throws {
        try await reportingErrors {
            let migrator = try schema.migrator()
            let connection = try await PostgresConnection(conninfo: try database.resolve().conninfo)
            let applied = try await migrator.migrate(on: connection)
            let version = try await migrator.currentVersion(on: connection)
            await connection.close()
            if applied.isEmpty {
                print("schema is up to date (version \(version))")
            } else {
                for name in applied { print("applied \(name)") }
                print("schema is at version \(version)")
            }
        }
    }
}
