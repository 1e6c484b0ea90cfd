import Synchronization

/// A bounded set of connections to one database, lent out one task at a time.
///
/// Connections are opened on demand up to `connectionCountMax`; further borrowers wait in line. A
/// connection that broke (`connectionLost`) is closed instead of being returned, so the next borrower gets
/// a fresh one: a lost connection fails one call with a clear error, never the pool.
///
/// A class with a mutex rather than an actor: borrowing and returning are a few instructions under a lock,
/// and an actor would add two executor hops (thread wake-ups) to every statement.
public final class ConnectionPool: Sendable {
    public let conninfo: String
    public let connectionCountMax: Int
    /// A pool of one connection that belongs to someone else (`init(pinning:)`): never closed here, and a
    /// failed statement leaves its transaction to the owner.
    public let isPinned: Bool

    private struct State {
        var idle: [PostgresConnection] = []
        /// Connections open or being opened, including lent ones.
        var openCount = 0
        /// Borrowers in line; resumed with a connection, or with `nil` meaning "a slot is yours: open one".
        var waiters: [CheckedContinuation<PostgresConnection?, Never>] = []
    }

    /// The connections and their borrowers, shared by a pool and its views (`with(sessionParameters:)`).
    private final class Shared: Sendable {
        let state = Mutex(State())
        /// Set once a view or a task scope asked for session parameters; until then no borrow checks them.
        let hasViews = Atomic<Bool>(false)
    }

    private let shared: Shared
    /// Session parameters every connection this pool lends has set (`set_config(…, false)`); those a view
    /// set on a connection and this pool does not want are reset to "" before it is lent here.
    public let sessionParameters: [String: String]

    public init(conninfo: String, connectionCountMax: Int = 16) {
        precondition(connectionCountMax > 0)
        self.conninfo = conninfo
        self.connectionCountMax = connectionCountMax
        isPinned = false
        shared = Shared()
        sessionParameters = [:]
    }

    private init(viewOf pool: ConnectionPool, sessionParameters: [String: String]) {
        conninfo = pool.conninfo
        connectionCountMax = pool.connectionCountMax
        isPinned = pool.isPinned
        shared = pool.shared
        self.sessionParameters = sessionParameters
        shared.hasViews.store(true, ordering: .relaxed)
    }

    /// Session parameters for every connection any pool lends within a task scope
    /// (`ConnectionPool.$taskSessionParameters.withValue([...]) { … }`), over the pool's own: how the
    /// server reads as the user a request acts for without each route passing it on. Pinned pools (a
    /// transaction someone else holds) ignore it.
    @TaskLocal public static var taskSessionParameters: [String: String] = [:]

    /// The same connections, each lent with `sessionParameters` set for the session: for example the
    /// server's reads as the user a request acts for (`fundledger.acting_for`), which row-level security
    /// reads. Cheap to make: one per request is fine.
    public func with(sessionParameters: [String: String]) -> ConnectionPool {
        ConnectionPool(viewOf: self, sessionParameters: sessionParameters)
    }

    /// A pool that lends only `connection`, one borrower at a time, for code written against a pool that
    /// must run inside a transaction its caller holds open (group commit: every request of a batch runs on
    /// the writer's connection). A failed statement does not close the connection: the caller rolls back
    /// to its savepoint. `closeAll()` leaves it open.
    public init(pinning connection: PostgresConnection, conninfo: String) {
        self.conninfo = conninfo
        connectionCountMax = 1
        isPinned = true
        shared = Shared()
        sessionParameters = [:]
        shared.state.withLock { state in
            state.idle = [connection]
            state.openCount = 1
        }
    }

    /// Runs `body` with a connection of its own, returned to the pool afterwards.
    public func withConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await borrow()
        do {
            let wanted = isPinned ? [:] : sessionParameters.merging(Self.taskSessionParameters) { _, task in task }
            if !wanted.isEmpty { shared.hasViews.store(true, ordering: .relaxed) }
            if !isPinned && shared.hasViews.load(ordering: .relaxed) {
                try await connection.applySessionParameters(wanted)
            }
            let value = try await body(connection)
            giveBack(connection, broken: false)
            return value
        } catch where isPinned {
            giveBack(connection, broken: false)
            throw error
        } catch let error as PostgresError where error.kind == .connectionLost {
            giveBack(connection, broken: true)
            await connection.close()
            throw error
        } catch {
            // A statement failed; make sure no transaction is left open before lending the connection again.
            let dirty = await connection.isInTransaction
            giveBack(connection, broken: dirty)
            if dirty { await connection.close() }
            throw error
        }
    }

    /// Closes idle connections; lent ones stay open until given back.
    public func closeAll() async {
        guard !isPinned else { return }
        let idle = shared.state.withLock { state in
            let idle = state.idle
            state.openCount -= idle.count
            state.idle.removeAll()
            return idle
        }
        for connection in idle { await connection.close() }
    }

    private enum Grant {
        case connection(PostgresConnection)
        case openOne
        case wait
    }

    private func borrow() async throws -> PostgresConnection {
        let grant: Grant = shared.state.withLock { state in
            if let connection = state.idle.popLast() { return .connection(connection) }
            if state.openCount < connectionCountMax {
                state.openCount += 1
                return .openOne
            }
            return .wait
        }
        switch grant {
        case .connection(let connection):
            return connection
        case .openOne:
            return try await open()
        case .wait:
            let granted: PostgresConnection? = await withCheckedContinuation { continuation in
                // Decide again under the lock: a connection may have come back since the first look.
                shared.state.withLock { state in
                    if let connection = state.idle.popLast() {
                        continuation.resume(returning: connection)
                    } else if state.openCount < connectionCountMax {
                        state.openCount += 1
                        continuation.resume(returning: nil)
                    } else {
                        state.waiters.append(continuation)
                    }
                }
            }
            if let granted { return granted }
            return try await open()
        }
    }

    /// Opens a connection in a slot already counted in `openCount`.
    private func open() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection(conninfo: conninfo)
        } catch {
            releaseSlot()
            throw error
        }
    }

    /// A counted slot is free again: hand it to the first waiter (who opens a connection), or uncount it.
    private func releaseSlot() {
        let waiter: CheckedContinuation<PostgresConnection?, Never>? = shared.state.withLock { state in
            if state.waiters.isEmpty {
                state.openCount -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: nil)
    }

    private func giveBack(_ connection: PostgresConnection, broken: Bool) {
        if broken {
            releaseSlot()
            return
        }
        let waiter: CheckedContinuation<PostgresConnection?, Never>? = shared.state.withLock { state in
            if state.waiters.isEmpty {
                state.idle.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }
}
