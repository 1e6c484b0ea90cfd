/// An error from PostgreSQL or from talking to it, with the server's SQLSTATE and fields when it sent them.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly; `sqlState` says exactly what for server errors.
    public enum Kind: String, Sendable {
        /// The connection could not be opened (bad conninfo, server down, authentication failed).
        case connectionFailed
        /// The connection broke while in use.
        case connectionLost
        /// The server rejected a statement; see `sqlState`.
        case server
        /// A value in a result could not be decoded into the requested Swift type.
        case decoding
        /// Anything libpq reported that is none of the above (COPY or notification plumbing).
        case client
    }

    public var kind: Kind
    /// The five-character SQLSTATE code, e.g. `23505` for a unique violation.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The constraint a violation names, when the server names one.
    public var constraint: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail, !detail.isEmpty { text += "\nDetail: \(detail)" }
        if let hint, !hint.isEmpty { text += "\nHint: \(hint)" }
        return text
    }

    /// SQLSTATE 40001 and 40P01: the transaction may succeed if retried.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// SQLSTATE 42501: the role lacks a privilege.
    public var isPermissionDenied: Bool { sqlState == "42501" }
}
