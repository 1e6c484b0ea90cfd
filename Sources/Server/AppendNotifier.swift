import Logging
import Postgres
import PostgresEventStore
import ServiceLifecycle
import Synchronization

/// The log's head as this server last heard it: one connection of its own LISTENs for the notification
/// `append_events` sends at each commit, so any number of live event streams (`/v1/events/stream`) wait on
/// memory, not on a database connection each. Runs as a service beside the HTTP server.
public final class AppendNotifier: Service, Sendable {
    let conninfo: String
    let logger: Logger
    /// Called when a user changed (`UserDirectory.changesChannel`): the server forgets remembered tokens.
    let onUsersChanged: @Sendable () -> Void
    private let head = Atomic<Int64>(0)
    /// How long one wait for notifications lasts before the head is read again (a missed notification
    /// delays a stream at most this long).
    static let waitSlice = Duration.seconds(5)

    public init(conninfo: String, logger: Logger = Logger(label: "fundledger.append-notifier"), onUsersChanged: @escaping @Sendable () -> Void = {}) {
        self.conninfo = conninfo
        self.logger = logger
        self.onUsersChanged = onUsersChanged
    }

    /// The newest position known to be committed.
    public var knownHead: Int64 { head.load(ordering: .acquiring) }

    /// Returns once a position after `position` is known to be committed, or after `timeout`.
    public func wait(after position: Int64, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while knownHead <= position, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Listens until graceful shutdown or cancellation, reconnecting after a lost connection.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.listen()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("lost the notification connection; reconnecting", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    private func listen() async throws {
        let connection = try await PostgresConnection(conninfo: conninfo)
        defer { Task { await connection.close() } }
        try await connection.listen(PostgresEventStore.notificationChannel)
        try await connection.listen(UserDirectory.changesChannel)
        onUsersChanged()  // whatever changed while this was not listening
        // Read after LISTEN, and after each quiet slice: a notification missed while reconnecting is caught up.
        try await advance(to: Self.committedHead(on: connection))
        while !Task.isCancelled {
            let notifications = try await withTaskCancellationHandler {
                try await connection.waitForNotifications(timeout: Self.waitSlice)
            } onCancel: {
                connection.interruptWait()
            }
            if notifications.isEmpty { try await advance(to: Self.committedHead(on: connection)) }
            for notification in notifications {
                if notification.channel == UserDirectory.changesChannel { onUsersChanged() } else { advance(to: Int64(notification.payload) ?? 0) }
            }
        }
    }

    static func committedHead(on connection: PostgresConnection) async throws -> Int64 {
        try await connection.query("SELECT coalesce(max(global_position), 0) FROM event_store.events")[0].decode(Int64.self, at: 0)
    }

    func advance(to position: Int64) {
        _ = head.max(position, ordering: .releasing)
    }
}
