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
    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp("Seconds a migration waits for a lock another session holds before it is rolled back, naming that session (default 10; 0: as long as it takes).", valueName: "seconds"))
    var lockTimeout: Int?

    func validate() throws {
        if let lockTimeout, !(0...86_400).contains(lockTimeout) { throw ValidationError("--lock-timeout must be 0 to 86400 seconds") }
    }

    func run() async throws {
        try await reportingErrors {
            let migrator = try schema.migrator()
            let connection = try await PostgresConnection(conninfo: try database.resolve().conninfo)
            // Each migration is printed as it commits: an interrupted run shows how far it got.
            let seconds = lockTimeout ?? 10
            let applied = try await migrator.migrate(
                on: connection, lockTimeout: seconds > 0 ? .seconds(seconds) : nil, applied: { print("applied \($0)") })
            let version = try await migrator.currentVersion(on: connection)
            await connection.close()
            print(applied.isEmpty ? "schema is up to date (version \(version))" : "schema is at version \(version)")
        }
    }
}
