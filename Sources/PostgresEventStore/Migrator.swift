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

    /// Applies what is pending and returns the names applied. Refuses to start if an applied file was
    /// edited or removed. A session advisory lock keeps two migrators from interleaving.
    @discardableResult
    public func migrate(on connection: PostgresConnection) async throws -> [String] {
        try await connection.query("SELECT pg_advisory_lock(hashtext('fundledger.migrate'))")
        do {
            let names = try await applyPending(on: connection)
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

    private func applyPending(on connection: PostgresConnection) async throws -> [String] {
        let applied = try await applied(on: connection)
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
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
        for migration in migrations where applied[migration.version] == nil {
            do {
                try await connection.transaction { connection in
                    try connection.executeScript(unsafeSQL: migration.sql)
                    try connection.execute("""
                        INSERT INTO public.fundledger_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch {
                throw MigrationError.failed(version: migration.version, name: migration.name, reason: "\(error)")
            }
            names.append(migration.name)
        }
        return names
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
