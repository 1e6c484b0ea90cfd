import Foundation
import Postgres
import Testing

/// A pool whose connections cannot be opened fails every borrower with `connectionFailed`, and never leaves one waiting.
@Suite struct ConnectionPoolOpenFailureTests {
    @Test func failedOpenIsReportedAndFreesItsSlot() async throws {
        let pool = ConnectionPool(conninfo: "host=/nonexistent-fundledger-pool port=5432 dbname=x", connectionCountMax: 1)
        for _ in 0..<3 {
            let error = await postgresError { _ = try await pool.withConnection { _ in 1 } }
            #expect(error?.kind == .connectionFailed)
        }
    }

    @Test(.bug(id: "pool-failed-open-strands-waiters", "ConnectionPool.borrow() does not wake waiters when opening a connection fails"))
    func aBorrowerQueuedBehindAFailingOpenIsWoken() async throws {
        // A server that accepts the socket connection but never answers: each open takes connect_timeout (2 s)
        // to fail, so the second borrower is sure to be queued while the first is still opening.
        let server = try SilentUnixServer()
        defer { server.close() }
        let pool = ConnectionPool(conninfo: "host=\(server.folder) port=5432 dbname=x connect_timeout=2", connectionCountMax: 1)
        let outcomes = OutcomeLog()
        for _ in 0..<2 {
            Task {
                do {
                    _ = try await pool.withConnection { _ in 1 }
                    await outcomes.record("connected")
                } catch let error as PostgresError {
                    await outcomes.record(error.kind.rawValue)
                } catch {
                    await outcomes.record("\(error)")
                }
            }
        }
        // A bound against hanging, not a timing claim: generous, because under a loaded CI machine two
        // 2-second connect timeouts in a row took longer than 8 seconds (the waiter was woken; the wait ended first).
        let deadline = ContinuousClock.now + .seconds(30)
        while await outcomes.entries.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let entries = await outcomes.entries
        #expect(entries.first == "connectionFailed")
        // The queued borrower is woken when the open it queued behind fails, and tries (and fails) itself.
        #expect(entries == ["connectionFailed", "connectionFailed"])
    }
}

/// Records outcomes from concurrent tasks.
actor OutcomeLog {
    private(set) var entries: [String] = []
    func record(_ entry: String) { entries.append(entry) }
}

/// A Unix socket named like a PostgreSQL server's (`<folder>/.s.PGSQL.5432`) that accepts connections
/// into its backlog and never replies.
final class SilentUnixServer: Sendable {
    let folder: String
    private let descriptor: Int32

    init() throws {
        folder = "/tmp/fl-silent-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/.s.PGSQL.5432"
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 16) == 0 else {
            throw PostgresError(kind: .client, message: "cannot listen on \(path) (errno \(errno))")
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
