import EventStore
import Foundation
import Memberwise
import Postgres

/// What a grant lets a login do with its organisation's rows.
public enum AccessRole: String, Sendable, CaseIterable {
    /// Reads the organisation's events and read models and records for it.
    case recorder
    /// Reads only.
    case auditor
}

/// One row of `event_store.organisation_access` (migration 0015): a login's organisation, with who granted
/// it and, once revoked, who revoked it. Rows are never deleted.
public struct OrganisationGrant: Sendable, Equatable {
    public var login: String
    public var organisationID: String
    public var role: AccessRole
    public var grantedAt: String
    public var grantedBy: String
    public var revokedAt: String?
    public var revokedBy: String?
}

/// A grant or revocation that cannot be made: a malformed login or organisation, or a login that does not
/// exist (the command line exits 65).
public struct OrganisationAccessError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Which organisations each login of a network's database may read or record for: the rows row-level
/// security reads (docs/access.md). Changed only by the database's owner (the login that migrates).
@PublicMemberwiseInit
public struct OrganisationAccess: Sendable {
    public let pool: ConnectionPool

    /// Gives `login` (a database login, or `LOGIN/user` for a server user) `organisation` with `role`. A
    /// current grant of another role is replaced (revoked, then granted anew). Returns false when exactly
    /// this grant is in force already.
    @discardableResult
    public func grant(login: String, organisation: String, role: AccessRole) async throws -> Bool {
        try Self.check(login: login, organisation: organisation)
        return try await pool.withConnection { connection in
            try await connection.transaction { connection in
                try Self.requireLoginExists(login, on: connection)
                let current = try connection.query("""
                    SELECT role FROM event_store.organisation_access
                    WHERE login = \(login) AND organisation_id = \(organisation) AND revoked_at IS NULL FOR UPDATE
                    """)
                if let row = current.first {
                    if try row.decode(String.self, at: 0) == role.rawValue { return false }
                    _ = try Self.revoke(login, organisation, on: connection)
                }
                _ = try connection.execute("""
                    INSERT INTO event_store.organisation_access (login, organisation_id, role)
                    VALUES (\(login), \(organisation), \(role.rawValue))
                    """)
                return true
            }
        }
    }

    /// Ends `login`'s grant of `organisation`; the row stays, marked revoked. Returns false when there was none.
    /// A login whose every grant is revoked reads nothing (it does not become a network login).
    @discardableResult
    public func revoke(login: String, organisation: String) async throws -> Bool {
        try Self.check(login: login, organisation: organisation)
        return try await pool.withConnection { connection in
            try await connection.transaction { connection in try Self.revoke(login, organisation, on: connection) }
        }
    }

    /// Every grant, oldest first; revoked ones only with `includingRevoked`.
    public func list(includingRevoked: Bool = false) async throws -> [OrganisationGrant] {
        try await pool.withConnection { connection in
            try await connection.query("""
                SELECT login, organisation_id, role,
                       to_char(granted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), granted_by,
                       to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), revoked_by
                FROM event_store.organisation_access
                WHERE \(includingRevoked) OR revoked_at IS NULL
                ORDER BY granted_at, login, organisation_id
                """).map { row in
                OrganisationGrant(
                    login: try row.decode(String.self, at: 0), organisationID: try row.decode(String.self, at: 1),
                    role: AccessRole(rawValue: try row.decode(String.self, at: 2)) ?? .auditor,
                    grantedAt: try row.decode(String.self, at: 3), grantedBy: try row.decode(String.self, at: 4),
                    revokedAt: try row.decodeIfPresent(String.self, at: 5), revokedBy: try row.decodeIfPresent(String.self, at: 6))
            }
        }
    }

    /// The organisations the connection's login may read, or nil for a network login (no grant ever).
    public static func readableOrganisations(_ connection: PostgresConnection) async throws -> [String]? {
        let rows = try await connection.query("""
            SELECT s.r IS NULL, o FROM (SELECT event_store.readable_organisations()) s(r) LEFT JOIN unnest(s.r) o ON true ORDER BY o
            """)
        if try rows.first?.decode(Bool.self, at: 0) ?? true { return nil }
        return try rows.compactMap { try $0.decodeIfPresent(String.self, at: 1) }
    }

    static func revoke(_ login: String, _ organisation: String, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("""
            UPDATE event_store.organisation_access SET revoked_at = clock_timestamp(), revoked_by = session_user
            WHERE login = \(login) AND organisation_id = \(organisation) AND revoked_at IS NULL
            """) == 1
    }

    /// A server user `LOGIN/user` needs LOGIN to exist, as does a plain login: a typo is refused, not granted.
    /// The login exists, may log in, and is subject to row-level security: a grant to a group role restricts
    /// none of its members, and one to the owner, a superuser or a BYPASSRLS role restricts none of its reads
    /// while it takes away the owner's recording (an adversarial probe found both accepted).
    static func requireLoginExists(_ login: String, on connection: isolated PostgresConnection) throws {
        let role = login.split(separator: "/", maxSplits: 1).first.map(String.init) ?? login
        // Membership counts: a member of the owner's role, or one that may SET ROLE to a superuser or BYPASSRLS
        // role, escapes row-level security as the role itself does (a second probe found both accepted).
        let rows = try connection.query("""
            SELECT r.rolcanlogin,
                   EXISTS (SELECT 1 FROM pg_roles b WHERE (b.rolsuper OR b.rolbypassrls) AND pg_has_role(r.oid, b.oid, 'MEMBER')),
                   pg_has_role(r.oid, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'event_store.events'::regclass), 'MEMBER')
            FROM pg_roles r WHERE r.rolname = \(role)
            """)
        guard let row = rows.first else {
            throw OrganisationAccessError(
                description: "LOGIN: no login \(Identifier.quoted(role)) in this cluster (a server user is written LOGIN/USER, e.g. fundledger_server/anna.svensson); nothing was written")
        }
        let (canLogIn, bypasses, owns) = (try row.decode(Bool.self, at: 0), try row.decode(Bool.self, at: 1), try row.decode(Bool.self, at: 2))
        if owns || bypasses {
            let what = owns ? "owns the event store, or is a member of its owner's role" : "is, or may become, a superuser or BYPASSRLS role"
            throw OrganisationAccessError(
                description: "LOGIN: \(Identifier.quoted(role)) \(what), so row-level security never restricts it; grant a login of its own; nothing was written")
        }
        guard canLogIn else {
            throw OrganisationAccessError(
                description: "LOGIN: \(Identifier.quoted(role)) is a group role (NOLOGIN); a grant restricts a login, not the members of a role: grant each login; nothing was written")
        }
    }

    static func check(login: String, organisation: String) throws {
        if let problem = Identifier.problem(organisation, "--organisation") {
            throw OrganisationAccessError(description: problem + "; nothing was written")
        }
        let parts = login.split(separator: "/", omittingEmptySubsequences: false)
        guard !login.isEmpty, login.utf8.count <= 200, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }),
              !login.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw OrganisationAccessError(
                description: "LOGIN: \(Identifier.quoted(Identifier.printable(login, limit: 80))) is not a login; write a database login, or LOGIN/USER for a server user; nothing was written")
        }
    }
}

/// A command that needs the whole log (verify, export, checkpoint sign, read-model builds) run by a login
/// that reads only some organisations' events: refused before reading, since a partial view of the chain
/// would look like a broken one.
public struct RestrictedLoginError: Error, CustomStringConvertible, Sendable {
    public var what: String
    public var organisations: [String]
    /// Whether to point an organisation's auditor at `proof organisation` (for verify and export).
    public var suggestsProofs: Bool

    public var description: String {
        let list = organisations.isEmpty ? "no organisation's events (every grant revoked)" : "only the events of " + organisations.joined(separator: ", ")
        return "\(what) needs the whole log, and this login reads \(list); run it as a network login (docs/access.md)"
            + (organisations.isEmpty || !suggestsProofs
                ? "" : "\nan organisation's auditor checks its events with `fundledger proof organisation` against a signed checkpoint")
    }
}

extension PostgresEventStore {
    /// The organisations this store's login may read, or nil for a network login (or a database migrated
    /// before 0015, where every login reads everything).
    public func readableOrganisations() async throws -> [String]? {
        try await pool.withConnection { connection in
            let defined = try await connection.query(
                "SELECT to_regprocedure('event_store.readable_organisations()') IS NOT NULL")[0].decode(Bool.self, at: 0)
            return defined ? try await OrganisationAccess.readableOrganisations(connection) : nil
        }
    }

    /// Throws `RestrictedLoginError` unless this store's login reads the whole log.
    public func requireWholeLog(for what: String, suggestingProofs: Bool = false) async throws {
        if let organisations = try await readableOrganisations() {
            throw RestrictedLoginError(what: what, organisations: organisations, suggestsProofs: suggestingProofs)
        }
    }
}
