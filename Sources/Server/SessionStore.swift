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
///
/// Expiry slides: a session ends `lifetime` after its last request, not after login. A request moves
/// `expires_at` forward only when the last extension (`last_seen`) is more than `extensionStep` old, so
/// a busy browser costs one row write a minute, not one a request; and never past `absoluteFactor` ×
/// `lifetime` after login, so even a session in constant use (a stolen cookie) ends (migration 0017).
public struct SessionStore: Sendable {
    /// The cookie that carries the session id.
    public static let cookieName = "fundledger_session"
    /// How long a session lasts without a request by default: 8 hours, a working day.
    public static let lifetimeDefault = 8 * 60 * 60
    /// A session ends at the latest this many lifetimes after login, however active (7 × 8 h: 56 hours).
    public static let absoluteFactor = 7
    /// Seconds between two extensions of a session in use: requests closer together do not write its row.
    public static let extensionStep = 60

    public let pool: ConnectionPool
    /// Seconds without a request after which a session ends (`--session-hours`).
    public let lifetime: Int

    /// Seconds from login after which a session ends however active: the cookie's Max-Age.
    public var absoluteLifetime: Int { lifetime * Self.absoluteFactor }

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

    /// The live session with this id: not expired, its user not disabled; nil otherwise. Extends it (and
    /// marks it seen) when its last extension is more than `extensionStep` old.
    public func session(id: String) async throws -> Session? {
        guard Self.looksLikeToken(id) else { return nil }
        let hash = APIToken.hashHex(id)
        let (idle, cap, step) = (lifetime, absoluteLifetime, Self.extensionStep)
        return try await pool.withLoginConnection { connection in
            try await connection.query("""
                WITH live AS (
                    SELECT s.id_hash, s.last_seen, s.csrf_token, u.name, u.role, u.disabled, u.created_at
                    FROM server.sessions s JOIN server.users u ON u.name = s.user_name
                    WHERE s.id_hash = decode(\(hash), 'hex') AND s.expires_at > clock_timestamp() AND NOT u.disabled),
                extended AS (
                    UPDATE server.sessions s SET last_seen = clock_timestamp(),
                        expires_at = greatest(s.expires_at, least(s.created_at + make_interval(secs => \(cap)),
                                                                  clock_timestamp() + make_interval(secs => \(idle))))
                    FROM live WHERE s.id_hash = live.id_hash AND live.last_seen < clock_timestamp() - make_interval(secs => \(step))
                    RETURNING s.id_hash)
                SELECT name, role, disabled, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), csrf_token FROM live
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
