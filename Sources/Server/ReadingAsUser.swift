import Postgres

/// Reads as the user a request acts for: within `run`, every connection the server's pools lend has
/// `fundledger.acting_for` set to the user, so row-level security (migration 0015, docs/access.md) shows
/// a user granted one organisation only that organisation's rows, on every route and page; and runs under
/// the read-only role `fundledger_auditor` (`SET ROLE`, reset when the connection is lent again), so the
/// database refuses any write a read might attempt, whatever the server's login may do. Writes set both
/// per savepoint in the group commit (`fundledger_writer`), on the writer's own task.
enum ReadingAsUser {
    static let parameter = "fundledger.acting_for"
    /// The database role every read of a user's request runs under (migration 0003): it may read the log,
    /// the read models and the state snapshots, and write nothing.
    static let readerRole = "fundledger_auditor"

    static func run<T: Sendable>(_ user: ServerUser?, _ body: () async throws -> T) async throws -> T {
        guard user != nil else { return try await body() }
        return try await ConnectionPool.$taskSessionParameters.withValue(parameters(for: user)) { try await body() }
    }

    /// The parameters to carry into work that outlives the handler's task (a streamed response body).
    static func parameters(for user: ServerUser?) -> [String: String] {
        user.map { [parameter: $0.name, "role": readerRole] } ?? [:]
    }
}

extension ConnectionPool {
    /// `withConnection` with the server login's own rights and as no user, whatever request it serves: the
    /// server's own tables (users, sessions) belong to its login (a delegate), not to the role a user's
    /// reads run under.
    func withLoginConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await ConnectionPool.$taskSessionParameters.withValue([:]) { try await withConnection(body) }
    }
}

/// The server's database login must be a member of `fundledger_delegate` (a superuser is a member of every
/// role): it records as `LOGIN/user` (migration 0014), reads as its users (0015) and keeps the server's own
/// tables, which only delegates may touch; and of the roles its users' requests run under,
/// `fundledger_writer` (writes) and `fundledger_auditor` (reads).
public struct ServerLoginError: Error, CustomStringConvertible, Sendable {
    public var login: String
    /// The roles the login lacks, in the order of `roles`.
    public var missing: [String]

    static let roles = ["fundledger_delegate", "fundledger_writer", "fundledger_auditor"]

    public var description: String {
        "the server's database login \(login) is not a member of \(missing.joined(separator: ", ")); give it the roles once "
            + "(GRANT \(Self.roles.joined(separator: ", ")) TO \(login)): it records and reads as its users, "
            + "writes as fundledger_writer and reads as fundledger_auditor (docs/server.md)"
    }

    /// Throws when the pool's login answers and lacks a role; a database that does not answer yet is left
    /// to `/ready`, which says so.
    public static func check(_ pool: ConnectionPool) async throws {
        let row = try? await pool.withLoginConnection { connection in
            try await connection.query("""
                SELECT session_user::text, array_to_string(ARRAY(
                    SELECT r FROM unnest(ARRAY['fundledger_delegate', 'fundledger_writer', 'fundledger_auditor']) WITH ORDINALITY AS w(r, n)
                    WHERE to_regrole(r) IS NOT NULL AND NOT pg_has_role(session_user, r, 'MEMBER') ORDER BY n), ',')
                """)[0]
        }
        guard let row else { return }
        let missing = try row.decode(String.self, at: 1).split(separator: ",").map(String.init)
        guard !missing.isEmpty else { return }
        throw ServerLoginError(login: try row.decode(String.self, at: 0), missing: missing)
    }
}
