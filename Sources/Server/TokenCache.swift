import Foundation
import Synchronization

/// The users of recently seen API tokens, kept for `lifetime` (1 s), so a client sending hundreds of
/// requests a second costs one lookup a second, not one per request. Disabling a user empties it at once
/// on every running server (`user disable` notifies `fundledger_users`, which the `AppendNotifier`
/// listens to); the lifetime bounds how long a missed notification can keep a token alive. Unknown tokens
/// are never remembered, so a new token works at once.
public final class TokenCache: Sendable {
    private let entries = Mutex<[String: (user: ServerUser, until: ContinuousClock.Instant)]>([:])
    let lifetime: Duration
    /// Tokens kept at most; past this the cache starts again empty.
    static let entryCountMax = 10_000

    public init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The user of `token`: remembered, or from `lookUp` (and then remembered if there is one).
    func user(forToken token: String, lookUp: () async throws -> ServerUser?) async throws -> ServerUser? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[token] }), entry.until > now { return entry.user }
        guard let user = try await lookUp() else { return nil }
        entries.withLock { entries in
            if entries.count >= Self.entryCountMax { entries.removeAll() }
            entries[token] = (user, now + lifetime)
        }
        return user
    }

    /// Forgets every token (a user changed).
    public func clear() {
        entries.withLock { $0.removeAll() }
    }
}
