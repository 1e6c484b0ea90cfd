import Crypto
import EventStore
import Foundation
import Postgres

/// One numbered SQL file from `schema/`, e.g. `0002_append_events.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String
    /// SHA-256 of the file's bytes, hex; an applied migration whose file changes is refused.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Hex.encode(SHA256.hash(data: Data(sql.utf8)))
    }
}

/// Why migrating was refused.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case noMigrations(directory: String)
    case badFileName(String)
    case duplicateVersion(Int)
    case appliedFileEdited(version: Int, name: String, recorded: String, current: String)
    case appliedFileMissing(version: Int, name: String)
    case failed(version: Int, name: String, reason: String)
    /// The database was migrated by a newer program: it has a version this one does not carry.
    case databaseNewer(version: Int, name: String, known: Int)
    /// A migration waited `seconds` for a lock another session holds (`holders` says which) and was rolled back.
    case lockTimeout(version: Int, name: String, seconds: Int, holders: String)

    public var description: String {
        switch self {
        case .noMigrations(let directory):
            "no migrations (NNNN_name.sql) found in \(directory); pass --schema-dir or set FUNDLEDGER_SCHEMA_DIR"
        case .badFileName(let name):
            "migration file \(name) must be named NNNN_name.sql"
        case .duplicateVersion(let version):
            "two migration files share version \(version)"
        case .appliedFileEdited(let version, let name, let recorded, let current):
            "migration \(version) (\(name)) was edited after it was applied (recorded checksum \(recorded.prefix(12))…, file now \(current.prefix(12))…); write a new migration instead"
        case .appliedFileMissing(let version, let name):
            "migration \(version) (\(name)) is applied to the database but its file is missing"
        case .failed(let version, let name, let reason):
            "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        case .databaseNewer(let version, let name, let known):
            "the database is at schema version \(version) (\(name)), newer than this fundledger's \(known); use the fundledger that migrated it"
        case .lockTimeout(let version, let name, let seconds, let holders):
            "migration \(version) (\(name)) waited \(seconds) s for a lock \(holders) and was rolled back; nothing of it was applied\n"
                + "end that session (or wait for it) and run migrate again; --lock-timeout 0 waits as long as it takes"
        }
    }
}

/// Applies the pending migrations, each in its own transaction, recording name and checksum.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The migrations carried in the binary (`EmbeddedMigrations`, generated from `schema/`): what
    /// `fundledger migrate` applies wherever it runs.
    public static func embedded() -> Migrator {
        Migrator(migrations: EmbeddedMigrations.files.map { file in
            Migration(version: Int(file.name.prefix(4))!, name: file.name, sql: file.sql)
        })
    }

    /// Reads every `NNNN_name.sql` file of `directory`.
    public static func load(from directory: URL) throws -> Migrator {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            let stem = name.dropLast(4)
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
                let version = Int(parts[0])
            else {
                throw MigrationError.badFileName(name)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem), sql: sql))
        }
        guard !migrations.isEmpty else { throw MigrationError.noMigrations(directory: directory.path) }
        if let duplicate = Dictionary(grouping: migrations, by: \.version).first(where: { $0.value.count > 1 }) {
            throw MigrationError.duplicateVersion(duplicate.key)
        }
        return Migrator(migrations: migrations)
    }

    /// The applied migrations recorded in the database: version → (name, checksum).
    public func applied(on connection: PostgresConnection) async throws -> [Int: (name: String, checksum: String)] {
        try await connection.executeScript(unsafeSQL: Self.ledgerTable)
        var applied: [Int: (name: String, checksum: String)] = [:]
        for row in try await connection.query("SELECT version, name, checksum FROM public.fundledger_migrations") {
            applied[try row.decode(Int.self, at: 0)] = (try row.decode(at: 1), try row.decode(at: 2))
        }
        return applied
    }

    /// Applies what is pending and returns the names applied, telling `applied` each one as it commits.
    /// Refuses to start if an applied file was edited or removed. A session advisory lock keeps two
    /// migrators from interleaving. With a `lockTimeout`, a migration that waits longer for a lock — a
    /// long transaction reading a table it changes, while it already holds the event log's lock and so
    /// stops every reader and writer behind it — is rolled back and the session holding the lock named.
    @discardableResult
    public func migrate(
        on connection: PostgresConnection, lockTimeout: Duration? = nil, applied: (String) -> Void = { _ in }
    ) async throws -> [String] {
        try await connection.query("SELECT pg_advisory_lock(hashtext('fundledger.migrate'))")
        do {
            let names = try await applyPending(on: connection, lockTimeout: lockTimeout, reporting: applied)
            try await connection.query("SELECT pg_advisory_unlock(hashtext('fundledger.migrate'))")
            return names
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext('fundledger.migrate'))")
            throw error
        }
    }

    /// The newest applied version (0 when none).
    public func currentVersion(on connection: PostgresConnection) async throws -> Int {
        try await applied(on: connection).keys.max() ?? 0
    }

    private func applyPending(
        on connection: PostgresConnection, lockTimeout: Duration?, reporting: (String) -> Void
    ) async throws -> [String] {
        let applied = try await applied(on: connection)
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let known = migrations.map(\.version).max() ?? 0
        if let (version, record) = applied.filter({ $0.key > known }).max(by: { $0.key < $1.key }) {
            throw MigrationError.databaseNewer(version: version, name: record.name, known: known)
        }
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = byVersion[version] else {
                throw MigrationError.appliedFileMissing(version: version, name: record.name)
            }
            if migration.checksum != record.checksum {
                throw MigrationError.appliedFileEdited(
                    version: version, name: record.name, recorded: record.checksum, current: migration.checksum)
            }
        }
        var names: [String] = []
        let seconds = lockTimeout.map { Int($0.components.seconds) } ?? 0
        for migration in migrations where applied[migration.version] == nil {
            do {
                try await connection.transaction { connection in
                    if seconds > 0 { try connection.executeScript(unsafeSQL: "SET LOCAL lock_timeout = '\(seconds)s'") }
                    try connection.executeScript(unsafeSQL: migration.sql)
                    try connection.execute("""
                        INSERT INTO public.fundledger_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError where error.sqlState == "55P03" {
                let holders = try await Self.lockHolders(on: connection)
                throw MigrationError.lockTimeout(version: migration.version, name: migration.name, seconds: seconds, holders: holders)
            } catch {
                throw MigrationError.failed(version: migration.version, name: migration.name, reason: "\(error)")
            }
            names.append(migration.name)
            reporting(migration.name)
        }
        return names
    }

    /// Who holds locks on the ledger's tables now, for a migration that could not take one: up to three
    /// sessions with their user, application, state and query, or a pointer to `pg_stat_activity`.
    static func lockHolders(on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query("""
            SELECT a.pid, coalesce(a.usename, ''), coalesce(nullif(a.application_name, ''), '-'), coalesce(a.state, ''),
                   left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 60)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE l.granted AND a.pid <> pg_backend_pid() AND n.nspname IN ('event_store', 'read_models', 'server')
              AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1 LIMIT 3
            """)
        let sessions = try rows.map { row in
            let (pid, user, application) = (try row.decode(Int.self, at: 0), try row.decode(String.self, at: 1), try row.decode(String.self, at: 2))
            let (state, query) = (try row.decode(String.self, at: 3), try row.decode(String.self, at: 4))
            return Identifier.printable("PID \(pid) (\(user), \(application), \(state): \(query))", limit: 160)
        }
        return sessions.isEmpty ? "another session held (see pg_stat_activity)" : "held by " + sessions.joined(separator: "; ")
    }

    static let ledgerTable = """
        CREATE TABLE IF NOT EXISTS public.fundledger_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """
}
