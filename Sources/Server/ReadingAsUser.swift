import Postgres

/// Reads as the user a request acts for: within `run`, every connection the server's pools lend has
/// `fundledger.acting_for` set to the user, so row-level security (migration 0015, docs/access.md) shows
/// a user granted one organisation only that organisation's rows, on every route and page. Writes set it
/// per savepoint in the group commit, as before.
enum ReadingAsUser {
    static let parameter = "fundledger.acting_for"

    static func run<T: Sendable>(_ user: ServerUser?, _ body: () async throws -> T) async throws -> T {
        guard let user else { return try await body() }
        return try await ConnectionPool.$taskSessionParameters.withValue([parameter: user.name]) { try await body() }
    }

    /// The parameters to carry into work that outlives the handler's task (a streamed response body).
    static func parameters(for user: ServerUser?) -> [String: String] {
        user.map { [parameter: $0.name] } ?? [:]
    }
}

/// The server's database login must be a member of `fundledger_delegate` (a superuser is a member of every
/// role): it records as `LOGIN/user` (migration 0014), reads as its users (0015) and keeps the server's own
/// tables, which only delegates may touch.
public struct ServerLoginError: Error, CustomStringConvertible, Sendable {
    public var login: String

    public var description: String {
        "the server's database login \(login) is not a member of fundledger_delegate; give it the role once "
            + "(GRANT fundledger_delegate, fundledger_writer TO \(login)): it records and reads as its users (docs/server.md)"
    }

    /// Throws when the pool's login answers and is not a delegate; a database that does not answer yet is
    /// left to `/ready`, which says so.
    public static func check(_ pool: ConnectionPool) async throws {
        let row = try? await pool.withConnection { connection in
            try await connection.query("""
                SELECT session_user::text, to_regrole('fundledger_delegate') IS NULL
                       OR pg_has_role(session_user, 'fundledger_delegate', 'MEMBER')
                """)[0]
        }
        guard let row, try !row.decode(Bool.self, at: 1) else { return }
        throw ServerLoginError(login: try row.decode(String.self, at: 0))
    }
}
