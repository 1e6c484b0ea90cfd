import Crypto
import Foundation
import Postgres

/// A logged-in browser's session: whose it is, and the CSRF token its forms must carry.
public struct Session: Sendable, Equatable {
    /// The session's user, enabled (a disabled user's sessions are never found).
    public var user: ServerUser
    /// The token every unsafe request of this session must send, as the form field `csrf_token` or the
    /// header `X-CSRF-Token`: 43 base64url characters, fixed for the session's life.
    public var csrfToken: String

    public init(user: ServerUser, csrfToken: String) {
        self.user = user
        self.csrfToken = csrfToken
    }
}

/// Sessions in `server.sessions`. A session id is 256 random bits, sent to the browser only in the
/// `fundledger_session` cookie; the table holds its SHA-256, so reading the table lets nobody log in.
public struct SessionStore: Sendable {
    /// The cookie that carries the session id.
    public static let cookieName = "fundledger_session"
    /// How long a session lasts by default: 8 hours, a working day.
    public static let lifetimeDefault = 8 * 60 * 60

    public let pool: ConnectionPool
    /// Seconds from login to the end of the session (no sliding: a session ends `lifetime` after login).
    public let lifetime: Int

    public init(pool: ConnectionPool, lifetime: Int = SessionStore.lifetimeDefault) {
        self.pool = pool
        self.lifetime = lifetime
    }

    /// 256 bits from the system's cryptographic random source, as 43 base64url characters.
    public static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Starts a session for `user` and returns its id (for the cookie) and the session. Expired sessions
    /// of anyone are deleted on the way.
    public func start(for user: ServerUser) async throws -> (id: String, session: Session) {
        let id = Self.randomToken()
        let csrf = Self.randomToken()
        let hash = APIToken.hashHex(id)
        let seconds = lifetime
        try await pool.withLoginConnection { connection in
            _ = try await connection.execute("DELETE FROM server.sessions WHERE expires_at <= clock_timestamp()")
            _ = try await connection.execute("""
                INSERT INTO server.sessions (id_hash, user_name, csrf_token, expires_at)
                VALUES (decode(\(hash), 'hex'), \(user.name), \(csrf), clock_timestamp() + make_interval(secs => \(seconds)))
                """)
        }
        return (id, Session(user: user, csrfToken: csrf))
    }

    /// The live session with this id: not expired, its user not disabled; nil otherwise. Marks it seen.
    public func session(id: String) async throws -> Session? {
        guard Self.looksLikeToken(id) else { return nil }
        let hash = APIToken.hashHex(id)
        return try await pool.withLoginConnection { connection in
            try await connection.query("""
                UPDATE server.sessions s SET last_seen = clock_timestamp()
                FROM server.users u
                WHERE s.id_hash = decode(\(hash), 'hex') AND s.expires_at > clock_timestamp() AND u.name = s.user_name AND NOT u.disabled
                RETURNING u.name, u.role, u.disabled, to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), s.csrf_token
                """).map { Session(user: try UserDirectory.user($0), csrfToken: try $0.decode(String.self, at: 4)) }.first
        }
    }

    /// Ends the session with this id (logout); an unknown id changes nothing.
    public func end(id: String) async throws {
        guard Self.looksLikeToken(id) else { return }
        let hash = APIToken.hashHex(id)
        _ = try await pool.withLoginConnection { connection in
            try await connection.execute("DELETE FROM server.sessions WHERE id_hash = decode(\(hash), 'hex')")
        }
    }

    /// Whether `text` has a session id's shape (43 base64url characters); anything else is not looked up.
    static func looksLikeToken(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
