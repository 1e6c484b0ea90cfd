/// A bounded set of connections to one database, lent out one task at a time.
///
/// Connections are opened on demand up to `connectionCountMax`; further borrowers wait in line. A
/// connection that broke (`connectionLost`) is closed instead of being returned, so the next borrower gets
/// a fresh one: a lost connection fails one call with a clear error, never the pool.
public actor ConnectionPool {
    public let conninfo: String
    public let connectionCountMax: Int
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<PostgresConnection?, Never>] = []

    public init(conninfo: String, connectionCountMax: Int = 16) {
        precondition(connectionCountMax > 0)
        self.conninfo = conninfo
        self.connectionCountMax = connectionCountMax
    }

    /// Runs `body` with a connection of its own, returned to the pool afterwards.
    public func withConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await borrow()
        do {
            let value = try await body(connection)
            await giveBack(connection, broken: false)
            return value
        } catch let error as PostgresError where error.kind == .connectionLost {
            await giveBack(connection, broken: true)
            throw error
        } catch {
            // A statement failed; make sure no transaction is left open before lending the connection again.
            let dirty = await connection.isInTransaction
            await giveBack(connection, broken: dirty)
            throw error
        }
    }

    /// Closes idle connections; borrowed ones close when given back.
    public func closeAll() async {
        for connection in idle { await connection.close() }
        openCount -= idle.count
        idle.removeAll()
    }

    private func borrow() async throws -> PostgresConnection {
        if let connection = idle.popLast() { return connection }
        if openCount < connectionCountMax {
            openCount += 1
            do {
                return try await PostgresConnection(conninfo: conninfo)
            } catch {
                openCount -= 1
                // A borrower may have queued while this open was in flight; the slot is free again.
                if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
                throw error
            }
        }
        if let connection = await withCheckedContinuation({ waiters.append($0) }) { return connection }
        // A broken connection freed a slot; open a fresh one.
        return try await borrow()
    }

    private func giveBack(_ connection: PostgresConnection, broken: Bool) async {
        if broken {
            await connection.close()
            openCount -= 1
            if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }
}
