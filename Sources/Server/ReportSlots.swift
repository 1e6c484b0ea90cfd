import Synchronization

/// How many reports each user may have in the making at once (`reports-per-user`, default 4). A report folds
/// the ledger up to its bounds — seconds of a processor on a large one — so twenty asked for at once by one
/// user slowed every page for everyone. One more is refused at once (429, `Retry-After`), not queued: a
/// queue would hold the connection and the client's patience while the user's earlier reports finish.
public final class ReportSlots: Sendable {
    /// Reports in the making at once per user; 0: no limit.
    public let perUser: Int
    private let running = Mutex<[String: Int]>([:])

    public init(perUser: Int) { self.perUser = perUser }

    /// What `body` makes while `user` holds one of its slots; 429 when every slot is taken.
    public func run<T>(for user: String, _ body: () async throws -> T) async throws -> T {
        guard perUser > 0 else { return try await body() }
        let taken = running.withLock { running in
            let count = running[user, default: 0]
            guard count < perUser else { return false }
            running[user] = count + 1
            return true
        }
        guard taken else {
            throw Problem.tooManyRequests("user \(user) has \(perUser) reports in the making already; wait until one is done")
        }
        defer { release(user) }
        return try await body()
    }

    /// Reports `user` has in the making now.
    public func running(for user: String) -> Int { running.withLock { $0[user, default: 0] } }

    private func release(_ user: String) {
        running.withLock { running in
            let count = running[user, default: 1] - 1
            running[user] = count > 0 ? count : nil
        }
    }
}
