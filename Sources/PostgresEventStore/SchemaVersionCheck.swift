import EventStore
import Foundation
import Postgres

/// A command that writes refuses a database whose schema is not the one this program carries: an older
/// schema lacks checks and tables the program relies on (run `fundledger migrate`), and a newer one was
/// migrated by a newer program whose ledger rules this one does not apply — an upgrade probe found a binary
/// left in use after an upgrade recording what the new rules refuse. Reads go on: an old report or a
/// verify of a newer database is harmless.
public enum SchemaVersionCheck {
    /// The newest migration this program applies: the embedded ones, or `$FUNDLEDGER_SCHEMA_DIR`'s.
    public static func neededVersion(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int {
        try Migrator.chosen(directory: nil, environment: environment).migrations.map(\.version).max() ?? 0
    }

    /// Throws `SchemaVersionError` unless the database on `pool` is at `needed`.
    public static func require(_ needed: Int, on pool: ConnectionPool) async throws {
        let found: Int?
        do {
            found = try await pool.withConnection { connection in
                try await connection.query("SELECT coalesce(max(version), 0) FROM public.fundledger_migrations")[0].decode(Int.self, at: 0)
            }
        } catch let error as PostgresError where error.sqlState == "42P01" {
            throw SchemaVersionError(found: nil, needed: needed)
        } catch let error as PostgresError where error.isPermissionDenied {
            // Logins other than the owner may read the table since 0015: before it, the schema is older.
            throw SchemaVersionError(found: 0, needed: needed)
        }
        if found != needed { throw SchemaVersionError(found: found, needed: needed) }
    }
}

/// The database's schema is not the one this program was built for; nothing was written.
public struct SchemaVersionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The newest applied migration (0: older than this program can tell), or nil for no FundLedger schema.
    public var found: Int?
    public var needed: Int

    public var description: String {
        switch found {
        case nil:
            "this database has no FundLedger schema; run `fundledger migrate` first; nothing was written"
        case let found? where found > needed:
            "the database's schema is at version \(found), newer than this fundledger's \(needed): it was migrated by a newer fundledger, "
                + "whose rules this one does not apply; record with that version; nothing was written"
        case 0:
            "the database's schema is older than this fundledger needs (\(needed)); run `fundledger migrate` as its owner first; nothing was written"
        case let found?:
            "the database's schema is at version \(found), this fundledger needs \(needed); run `fundledger migrate` first; nothing was written"
        }
    }
}
