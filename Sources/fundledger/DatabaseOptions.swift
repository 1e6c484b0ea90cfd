import Recording
import ArgumentParser
import EventStore
import Foundation
import PostgresEventStore
import Postgres
import PrivateCluster
import Server

/// How a command finds its database: `--database`, then `DATABASE_URL`, then libpq's `PG*` variables,
/// then the private cluster of the current directory (`fundledger db start`).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "PostgreSQL conninfo or postgresql:// URI. Default: $DATABASE_URL, the PG* variables, or the private database.")
    var database: String?

    /// The conninfo to use, and where it came from.
    func resolve() throws -> (conninfo: String, source: String) {
        try DatabaseChoice.resolve(database)
    }

    /// A connection pool for the resolved database.
    func pool(connectionCountMax: Int = 4) throws -> ConnectionPool {
        ConnectionPool(conninfo: try resolve().conninfo, connectionCountMax: connectionCountMax)
    }

    /// The event store on the resolved database.
    func store() throws -> PostgresEventStore {
        PostgresEventStore(pool: try pool())
    }

    /// A pool for a command that writes: the database's schema must be the one this program carries
    /// (`SchemaVersionCheck`; exit 5 otherwise, before anything is read or written).
    func writingPool(connectionCountMax: Int = 4) async throws -> ConnectionPool {
        let pool = try pool(connectionCountMax: connectionCountMax)
        try await SchemaVersionCheck.require(try SchemaVersionCheck.neededVersion(), on: pool)
        return pool
    }

    /// The event store for a command that writes (`writingPool`).
    func writingStore() async throws -> PostgresEventStore {
        PostgresEventStore(pool: try await writingPool())
    }
}

/// `--read-database`: where a command reads the ledger from, a streaming replica of its database (docs/replicas.md);
/// what it writes still goes to `--database`.
struct ReadDatabaseOptions: ParsableArguments {
    @Option(name: .customLong("read-database"), help: ArgumentHelp("Read the ledger from this PostgreSQL, a streaming replica of --database (conninfo or postgresql:// URI); writes still go to --database.", valueName: "url"))
    var readDatabase: String?

    func validate() throws {
        if let readDatabase, let problem = ReplicaReads.problem(with: readDatabase) { throw ValidationError("--read-database: \(problem)") }
    }

    /// A pool on the read database; nil without one.
    func pool(connectionCountMax: Int = 4) -> ConnectionPool? {
        readDatabase.map { ConnectionPool(conninfo: $0, connectionCountMax: connectionCountMax) }
    }

    /// The same, once the read database answers (exit 69 naming the option if it does not).
    func connectedPool(connectionCountMax: Int = 4) async throws -> ConnectionPool? {
        guard let readDatabase else { return nil }
        return try await ReplicaReads.connect(readDatabase, option: "--read-database", connectionCountMax: connectionCountMax)
    }

    /// The store a report reads: the replica, once it has replayed `position` (waiting up to `waitSeconds`,
    /// else exit 75), or without `--read-database` the primary's.
    func store(primary: DatabaseOptions, position: Int64?, waitSeconds: Double?) async throws -> PostgresEventStore {
        guard let pool = try await connectedPool() else { return try primary.store() }
        let wait = ReplicaReads.wait(seconds: waitSeconds ?? ReplicaReads.defaultWaitSeconds) ?? .zero
        let reads = ReplicaReads(replica: PostgresEventStore(pool: pool), primary: try? primary.store(), wait: wait)
        if let position { try await reads.awaitPosition(position) }
        return PostgresEventStore(pool: pool)
    }
}

/// Which migrations `migrate` applies: those carried in the binary, or the folder `--schema-dir` or
/// `$FUNDLEDGER_SCHEMA_DIR` names (an override, for a schema under development).
struct SchemaOptions: ParsableArguments {
    @Option(name: .long, help: "Apply the NNNN_name.sql migrations of this folder instead of those built in (default: $FUNDLEDGER_SCHEMA_DIR, else built in).")
    var schemaDir: String?

    func migrator() throws -> Migrator {
        try Migrator.chosen(directory: schemaDir)
    }
}
