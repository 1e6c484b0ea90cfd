import EventStore
import Logging
import Postgres
import PostgresEventStore
import ServiceLifecycle
import Synchronization

/// Group commit: every request that writes hands its work to one writer task, which runs the requests
/// waiting at that moment in one transaction — each in a savepoint of its own, so a request refused by a
/// rule or an expected version rolls back alone — commits once, and only then answers each request.
///
/// One commit (one WAL flush) then serves a whole batch, and positions stay gap-free and commit-ordered:
/// `append_events` takes its lock in the batch's transaction, and no one else appends until it commits.
/// A request's work runs on the writer's connection, lent as a pinned `ConnectionPool`, so it sees the
/// batch's earlier requests (a command decides on the state they left). Runs as a service next to the
/// HTTP server: on graceful shutdown the server drains its requests first, then this finishes the queue.
public final class GroupCommitter: Service, Sendable {
    /// What a request runs in the batch's transaction, on the pool that lends the writer's connection.
    public typealias Work = @Sendable (ConnectionPool) async throws -> any Sendable

    struct Job: Sendable {
        let work: Work
        /// The user the request acts for: `recorded_by` becomes `LOGIN/user` (migration 0014).
        let actor: String?
        /// A raw append, which the writer may merge with its neighbours' into one `append_events` call.
        var append: PendingAppend? = nil
        let done: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue {
        var jobs: [Job] = []
        var isClosed = false
    }

    private let queue = Mutex(Queue())
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation
    let pool: ConnectionPool
    let batchCountMax: Int
    let logger: Logger
    /// Batches and requests committed, for `/metrics`.
    public let statistics = GroupCommitStatistics()

    /// A writer on `pool` that puts at most `batchCountMax` requests in one transaction.
    public init(pool: ConnectionPool, batchCountMax: Int = 256, logger: Logger = Logger(label: "fundledger.group-commit")) {
        precondition(batchCountMax > 0)
        self.pool = pool
        self.batchCountMax = batchCountMax
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Runs `work` in the next batch and returns its value once the batch has committed; its error if it
    /// threw (its savepoint rolled back, nothing of it written); the commit's error if the batch failed.
    /// With `actor`, the request's events are recorded by `LOGIN/actor` (`fundledger.acting_for`, 0014).
    public func submit<T: Sendable>(actor: String? = nil, _ work: @escaping @Sendable (ConnectionPool) async throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (done: CheckedContinuation<any Sendable, any Error>) in
            let accepted = queue.withLock { queue in
                guard !queue.isClosed else { return false }
                queue.jobs.append(Job(work: { try await work($0) }, actor: actor, done: done))
                return true
            }
            if accepted { wakeUp.yield() } else { done.resume(throwing: GroupCommitError.shuttingDown) }
        }
        guard let typed = value as? T else { preconditionFailure("group commit returned \(type(of: value)), not \(T.self)") }
        return typed
    }

    /// Appends `events` in the next batch; returns their positions once the batch has committed. Runs of raw
    /// appends in one batch are written with one `append_events` call where they cannot interfere
    /// (`GroupCommit+Merging.swift`); a merged call that fails is redone request by request.
    public func submitAppend(_ events: [NewEvent], expectations: [String: ExpectedVersion], actor: String? = nil) async throws -> [AppendedEvent] {
        let pending = PendingAppend(events: events, expectations: expectations, actor: actor)
        let value = try await withCheckedThrowingContinuation { (done: CheckedContinuation<any Sendable, any Error>) in
            let accepted = queue.withLock { queue in
                guard !queue.isClosed else { return false }
                queue.jobs.append(Job(work: { try await pending.run(on: $0) }, actor: actor, append: pending, done: done))
                return true
            }
            if accepted { wakeUp.yield() } else { done.resume(throwing: GroupCommitError.shuttingDown) }
        }
        guard let appended = value as? [AppendedEvent] else { preconditionFailure("group commit returned \(type(of: value)) for an append") }
        return appended
    }

    /// The writer: commits batches until graceful shutdown or cancellation, then the requests still queued.
    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeUps {
                while let batch = nextBatch() { await commit(batch) }
            }
        } onGracefulShutdown: { [self] in
            queue.withLock { $0.isClosed = true }
            wakeUp.finish()
        }
        queue.withLock { $0.isClosed = true }
        while let batch = nextBatch() { await commit(batch) }
    }

    /// The database role a user's request runs under (migration 0003): it may append, not change rows.
    static let writerRole = "fundledger_writer"

    /// Requests waiting for the next batch.
    var waitingCount: Int { queue.withLock { $0.jobs.count } }

    private func nextBatch() -> [Job]? {
        queue.withLock { queue in
            guard !queue.jobs.isEmpty else { return nil }
            let batch = Array(queue.jobs.prefix(batchCountMax))
            queue.jobs.removeFirst(batch.count)
            return batch
        }
    }

    /// One transaction for `batch`; each job's continuation is resumed after COMMIT (or the failure).
    private func commit(_ batch: [Job]) async {
        let works = batch.map { (work: $0.work, actor: $0.actor) }
        let appends = batch.map(\.append)
        let results: [Result<any Sendable, any Error>]
        do {
            results = try await pool.withConnection { [pool] connection in
                _ = try await connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                let pinned = ConnectionPool(pinning: connection, conninfo: pool.conninfo)
                var results: [Result<any Sendable, any Error>] = []
                for run in Self.runs(of: appends) {
                    results += try await Self.run(run.map { (works[$0].work, works[$0].actor, appends[$0]) }, on: connection, pinned: pinned)
                }
                _ = try await connection.execute("COMMIT")
                return results
            }
        } catch {
            logger.error("a batch failed; nothing of it was written", metadata: ["requests": "\(batch.count)", "error": "\(error)"])
            statistics.record(batchOf: batch.count, failed: true)
            for job in batch { job.done.resume(throwing: GroupCommitError.batchFailed(String(describing: error))) }
            return
        }
        statistics.record(batchOf: batch.count, failed: false)
        for (job, result) in zip(batch, results) { job.done.resume(with: result) }
    }

    /// Runs one request's work between SAVEPOINT and RELEASE (`static` so the batch's closure captures no
    /// state); on its error, rolls back to the savepoint and
    /// returns the error. A lost connection (or a failed rollback) throws: the whole batch fails.
    static func runInSavepoint(
        _ work: Work, actor: String?, on connection: PostgresConnection, pinned: ConnectionPool
    ) async throws -> Result<any Sendable, any Error> {
        _ = try await connection.execute("SAVEPOINT fundledger_request")
        // Transaction-local, and set by every request, so none inherits the previous one's: a user's request
        // runs as fundledger_writer (it may call append_events, never write a table directly) and is
        // recorded by LOGIN/user; a request for no user (the server's own) runs as the login.
        _ = try await connection.query("""
            SELECT set_config('fundledger.acting_for', \(actor ?? ""), true), set_config('role', \(actor == nil ? "none" : Self.writerRole), true)
            """)
        do {
            let value = try await work(pinned)
            _ = try await connection.execute("RELEASE SAVEPOINT fundledger_request")
            return .success(value)
        } catch let error as PostgresError where error.kind == .connectionLost {
            throw error
        } catch {
            _ = try await connection.execute("ROLLBACK TO SAVEPOINT fundledger_request")
            return .failure(error)
        }
    }
}

/// Why group commit could not answer a request with its own outcome.
public enum GroupCommitError: Error, Sendable, CustomStringConvertible {
    /// The server is stopping and takes no new writes.
    case shuttingDown
    /// The batch's transaction failed (commit, connection): none of its requests was written.
    case batchFailed(String)

    public var description: String {
        switch self {
        case .shuttingDown: "the server is shutting down and takes no new writes; nothing was written"
        case .batchFailed(let reason): "the batch this request was in could not be committed (\(reason)); nothing was written; send it again"
        }
    }
}

/// Counters of the group-commit writer: batches, requests and the distribution of batch sizes.
public final class GroupCommitStatistics: Sendable {
    /// The upper bounds of the batch-size buckets (`/metrics` histogram `le` labels).
    public static let batchSizeBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    public struct Snapshot: Sendable, Equatable {
        public var batches = 0
        public var failedBatches = 0
        public var requests = 0
        /// Batches with at most `batchSizeBounds[i]` requests, cumulative as Prometheus buckets are.
        public var batchesAtMost: [Int] = Array(repeating: 0, count: GroupCommitStatistics.batchSizeBounds.count)
    }

    private let counters = Mutex(Snapshot())

    func record(batchOf size: Int, failed: Bool) {
        counters.withLock { counters in
            counters.batches += 1
            counters.requests += size
            if failed { counters.failedBatches += 1 }
            for (index, bound) in Self.batchSizeBounds.enumerated() where size <= bound { counters.batchesAtMost[index] += 1 }
        }
    }

    public var snapshot: Snapshot { counters.withLock { $0 } }
}
