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
