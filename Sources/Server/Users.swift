import Crypto
import EventStore
import Foundation
import Postgres
import Recording

/// What a user of the API may do: an auditor only reads; a recorder and an administrator also record.
/// (Administrators manage users with `fundledger user` on the command line; the API has no user endpoints yet.)
public enum UserRole: String, Sendable, CaseIterable, Codable {
    case recorder, auditor, admin

    /// Whether requests under this role may record commands.
    public var mayRecord: Bool { self != .auditor }
}

/// One user of the API, as stored in `server.users` (never with the token itself).
public struct ServerUser: Sendable, Equatable {
    public var name: String
    public var role: UserRole
    public var disabled: Bool
    /// When the user was added, as PostgreSQL prints it (UTC).
    public var createdAt: String

    public init(name: String, role: UserRole, disabled: Bool, createdAt: String) {
        self.name = name
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// API tokens: 256 random bits, written as `flt_` and 43 base64url characters; only their SHA-256 is stored.
public enum APIToken {
    /// The prefix every token starts with, so that secret scanners and people recognise one.
    public static let prefix = "flt_"

    /// A new token from the system's cryptographic random source.
    public static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        let text = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// The SHA-256 of the token's UTF-8 bytes, in lower-case hex: what `server.users.token_hash` holds.
    public static func hashHex(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The users in `server.users`: added, listed, disabled, given passwords, and looked up by token or by
/// name and password.
public struct UserDirectory: Sendable {
    public let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Names a user may have: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    public static func checkName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard let first = name.first, first.isLetter || first.isNumber, name.count <= 63, name.allSatisfy(allowed.contains) else {
            throw UserError(
                description: "NAME: \(Identifier.quoted(Identifier.printable(name, limit: 80))) is not a user name; use 1 to 63 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit; nothing was written",
                exitCode: ExitStatus.badInput)
        }
    }

    /// Adds a user with a new token and returns the token (shown once; only its hash is kept).
    /// A name in use (even by a disabled user) is a conflict (exit 4): names are never reused.
    public func add(name: String, role: UserRole) async throws -> String {
        try await add(name: name, role: role, token: true, password: nil)!
    }

    /// Adds a user with a new token (returned, shown once), a password (`Password.check`ed, stored as its
    /// bcrypt hash at `cost`), or both; with neither it refuses (exit 64). A name in use (even by a
    /// disabled user) is a conflict (exit 4): names are never reused.
    @discardableResult
    public func add(name: String, role: UserRole, token wantsToken: Bool, password: String?, cost: UInt8 = Password.cost) async throws -> String? {
        try Self.checkName(name)
        guard wantsToken || password != nil else {
            throw UserError(description: "a user needs --token, --password-stdin or both; nothing was written", exitCode: ExitStatus.usage)
        }
        if let password { try Password.check(password) }
        let token = wantsToken ? APIToken.generate() : nil
        let tokenHash = token.map(APIToken.hashHex)
        let passwordHash: String? = if let password { await Password.hash(password, cost: cost) } else { nil }
        let inserted = try await pool.withLoginConnection { connection in
            try await connection.execute("""
                INSERT INTO server.users (name, role, token_hash, password_hash)
                VALUES (\(name), \(role.rawValue), decode(\(tokenHash), 'hex'), \(passwordHash))
                ON CONFLICT (name) DO NOTHING
                """)
        }
        guard inserted == 1 else {
            throw UserError(description: "NAME: a user named \(name) exists already (names are never reused); nothing was written", exitCode: ExitStatus.conflict)
        }
        return token
    }

    /// Sets or replaces a user's password (disabled or not) and ends their sessions; an unknown name is exit 65.
    public func setPassword(name: String, password: String, cost: UInt8 = Password.cost) async throws {
        try Self.checkName(name)
        try Password.check(password)
        let hash = await Password.hash(password, cost: cost)
        let updated = try await pool.withLoginConnection { connection in
            try await connection.transaction { connection in
                let updated = try connection.execute("UPDATE server.users SET password_hash = \(hash) WHERE name = \(name)")
                _ = try connection.execute("DELETE FROM server.sessions WHERE user_name = \(name)")
                return updated
            }
        }
        guard updated == 1 else { throw Self.unknown(name) }
    }

    /// Every user, by name.
    public func list() async throws -> [ServerUser] {
        try await pool.withLoginConnection { connection in
            try await connection.query("""
                SELECT name, role, disabled, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM server.users ORDER BY name
                """).map(Self.user)
        }
    }

    /// Disables a user: their token and sessions stop working at once (the sessions are deleted).
    /// Returns false when they were disabled already.
    /// The channel on which a change to a user (disabling) is announced to running servers.
    public static let changesChannel = "fundledger_users"

    public func disable(name: String) async throws -> Bool {
        try Self.checkName(name)
        let state: [Bool] = try await pool.withLoginConnection { connection in
            try await connection.transaction { connection in
                let rows = try connection.query("""
                    WITH old AS (SELECT name, disabled FROM server.users WHERE name = \(name) FOR UPDATE)
                    UPDATE server.users u SET disabled = true FROM old WHERE u.name = old.name RETURNING old.disabled
                    """)
                _ = try connection.execute("DELETE FROM server.sessions WHERE user_name = \(name)")
                // Running servers drop the tokens they remember (`TokenCache`) when this commits.
                try connection.notify(UserDirectory.changesChannel, payload: name)
                return try rows.map { try $0.decode(Bool.self, at: 0) }
            }
        }
        guard let wasDisabled = state.first else { throw Self.unknown(name) }
        return !wasDisabled
    }

    static func unknown(_ name: String) -> UserError {
        UserError(description: "NAME: there is no user named \(name) (see `fundledger user list`); nothing was written", exitCode: ExitStatus.badInput)
    }

    /// The enabled user with this name and password, or nil: for a wrong password, an unknown or disabled
    /// user, or one without a password alike, after the same bcrypt work, so the time taken tells nothing.
    public func user(name: String, password: String) async throws -> ServerUser? {
        guard (try? Self.checkName(name)) != nil, password.utf8.count <= Password.bytesMax else {
            _ = await Password.verifyDecoy(password.count <= Password.bytesMax ? password : "")
            return nil
        }
        let found: [(ServerUser, String?)] = try await pool.withLoginConnection { connection in
            try await connection.query("""
                SELECT name, role, disabled, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), password_hash
                FROM server.users WHERE name = \(name)
                """).map { (try Self.user($0), try $0.decodeIfPresent(String.self, at: 4)) }
        }
        guard let (user, hash) = found.first, let hash, !user.disabled else {
            _ = await Password.verifyDecoy(password)
            return nil
        }
        return await Password.verify(password, hash: hash) ? user : nil
    }

    /// The enabled user whose token this is, or nil.
    public func user(forToken token: String) async throws -> ServerUser? {
        let hash = APIToken.hashHex(token)
        return try await pool.withLoginConnection { connection in
            try await connection.query("""
                SELECT name, role, disabled, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM server.users WHERE token_hash = decode(\(hash), 'hex') AND NOT disabled
                """).map(Self.user).first
        }
    }

    static func user(_ row: PostgresRow) throws -> ServerUser {
        let roleText = try row.decode(String.self, at: 1)
        guard let role = UserRole(rawValue: roleText) else {
            throw UserError(description: "server.users holds an unknown role \(roleText)", exitCode: ExitStatus.failure)
        }
        return ServerUser(
            name: try row.decode(String.self, at: 0), role: role, disabled: try row.decode(Bool.self, at: 2),
            createdAt: try row.decode(String.self, at: 3))
    }
}
