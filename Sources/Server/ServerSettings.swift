import Logging
import Postgres
import Projections
import ServiceLifecycle

/// What `fundledger serve` can be told beyond where to listen (flags, environment or a file; docs/server.md).
public struct ServerSettings: Sendable, Equatable {
    /// Requests a second each user may send on average (twice that at once); 0: no limit.
    public var requestsPerSecond = 200
    /// Failed authentications a second a client address may make (10 at once); 0: no limit.
    public var failedLoginsPerSecond = 1.0
    /// Requests at most in one group-commit transaction.
    public var batchCountMax = 256
    /// Whether the server also runs the projector, keeping the read models live.
    public var project = false
    /// Hours a session lasts without a request (1 to 168); each request extends it, up to
    /// `SessionStore.absoluteFactor` (7) times this after login.
    public var sessionHours = 8
    /// How long a token's user is remembered (`TokenCache`); disabling a user still takes effect at once.
    public var tokenLifetime = Duration.seconds(1)
    /// With a read replica: how long a report asked for at a position waits for the replica to replay it
    /// before answering 503 (`replica-wait`, docs/replicas.md).
    public var replicaWait = Duration.seconds(5)
    /// Whether the server keeps every stream's state snapshot near its head (`SnapshotKeeper`), so reads
    /// of funds fold a short tail; off only in tests that watch what a read itself writes.
    public var keepSnapshots = true
    /// Reports each user may have in the making at once (`ReportSlots`); 0: no limit.
    public var reportsPerUser = 4

    public init(requestsPerSecond: Int = 200, failedLoginsPerSecond: Double = 1, batchCountMax: Int = 256, project: Bool = false) {
        self.requestsPerSecond = requestsPerSecond
        self.failedLoginsPerSecond = failedLoginsPerSecond
        self.batchCountMax = batchCountMax
        self.project = project
    }
}

/// `serve --project`: runs the read-model projector beside the server, following the log, until shutdown.
/// Another projector already running (the advisory lock) is waited out, not an error: one of them projects.
/// With a read replica the projector reads the events there and writes the read models to the primary.
public struct ProjectorService: Service {
    let conninfo: String
    /// The read replica's conninfo, if the server reads from one.
    var readConninfo: String? = nil
    let logger: Logger
    static let retryPause = Duration.seconds(10)

    public func run() async throws {
        let engine = ReadModelEngine(
            pool: ConnectionPool(conninfo: conninfo, connectionCountMax: 2),
            readPool: readConninfo.map { ConnectionPool(conninfo: $0, connectionCountMax: 2) })
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await engine.run(ReadModelRun(follow: true))
                } catch is CancellationError {
                    return
                } catch ReadModelError.anotherProjectorRunning {
                    logger.notice("another projector is running; trying again in 10 s")
                    try? await Task.sleep(for: Self.retryPause)
                } catch {
                    logger.error("the projector stopped; restarting in 10 s", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: Self.retryPause)
                }
            }
        }
    }
}
