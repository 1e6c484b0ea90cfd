import Recording
import ArgumentParser
import EventStore
import Foundation
import PostgresEventStore
import Postgres
import PrivateCluster

/// How a command finds its database: `--database`, then `DATABASE_URL`, then libpq's `PG*` variables,
/// then the private cluster of the current directory (`fundledger db start`).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "PostgreSQL conninfo or postgresql:// URI. Default: $DATABASE_URL, the PG* variables, or the private database.")
    var database: String?

    /// libpq variables that, when set, mean "connect as the environment says".
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    /// The conninfo to use, and where it came from.
    func resolve() throws -> (conninfo: String, source: String) {
        let environment = ProcessInfo.processInfo.environment
        if let database, !database.isEmpty { return (database, "--database") }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return (url, "DATABASE_URL") }
        if Self.libpqVariables.contains(where: { environment[$0] != nil }) { return ("", "PG* environment variables") }
        let cluster = PrivateCluster.forProject(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard (try? cluster.isRunning()) == true else {
            throw UserError(
                description: "no database given and the private database in \(cluster.dataFolder.path) is not running; start it with `fundledger db start`, or pass --database / set DATABASE_URL",
                exitCode: ExitStatus.unavailable)
        }
        return (cluster.conninfo(), "private database in \(cluster.dataFolder.path)")
    }

    /// A connection pool for the resolved database.
    func pool(connectionCountMax: Int = 4) throws -> ConnectionPool {
        ConnectionPool(conninfo: try resolve().conninfo, connectionCountMax: connectionCountMax)
    }

    /// The event store on the resolved database.
    func store() throws -> PostgresEventStore {
        PostgresEventStore(pool: try pool())
    }
}

/// Which migrations `migrate` applies: those carried in the binary, or the folder `--schema-dir` or
/// `$FUNDLEDGER_SCHEMA_DIR` names (an override, for a schema under development).
struct SchemaOptions: ParsableArguments {
    @Option(name: .long, help: "Apply the NNNN_name.sql migrations of this folder instead of those built in (default: $FUNDLEDGER_SCHEMA_DIR, else built in).")
    var schemaDir: String?

    func migrator() throws -> Migrator {
        guard let directory = overrideDirectory() else { return Migrator.embedded() }
        return try Migrator.load(from: directory)
    }

    func overrideDirectory() -> URL? {
        if let schemaDir { return URL(fileURLWithPath: schemaDir) }
        if let env = ProcessInfo.processInfo.environment["FUNDLEDGER_SCHEMA_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return nil
    }
}
