import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Postgres
import PostgresEventStore
import ServiceLifecycle

/// `fundledger serve`: the router with every endpoint, the services that run beside it (the group-commit
/// writer, the append notifier), and the application that listens on a host and port. The CLI builds it
/// from its database options; the tests build the same parts on a test database.
public enum FundLedgerServer {
    /// What the server is made of: the router and the services it needs running beside it.
    public struct Parts {
        public let router: Router<ServerRequestContext>
        public let committer: GroupCommitter
        public let notifier: AppendNotifier
        public let metrics: ServerMetrics
        /// The projector keeping the read models live (`--project`), if asked for.
        public let projector: ProjectorService?
        /// The state snapshots' keeper (`SnapshotKeeper`), unless `ServerSettings.keepSnapshots` is off.
        public let keeper: SnapshotKeeper?
        /// What answers requests: the router, with HEAD answered as GET (`HeadAsGet`).
        public var responder: HeadAsGet<Router<ServerRequestContext>> { HeadAsGet(builder: router) }
        /// HTTP/1.1 with `WireProblems` in the pipeline: requests the parser refuses get a problem document too.
        public func http1(logger: Logger) -> HTTPServerBuilder {
            let metrics = metrics
            return .http1(configuration: .init(additionalChannelHandlers: [WireProblems(logger: logger, metrics: metrics)]))
        }
        /// The services to run with the router (`Application(router:services:)`).
        public var services: [any Service] { [committer, notifier] + [projector as (any Service)?, keeper].compactMap { $0 } }
    }

    /// Every route, on `pool`, with today in `zone` as a command's default effective date. With a `readPool`
    /// (a streaming replica of `pool`'s database, `--read-database`) funds, initiatives, the log and reports
    /// are read there; commands, appends, users, sessions, the live stream and the audit routes stay on `pool`.
    /// `reportSlots` replaces the slots `settings.reportsPerUser` makes (a test holds one to see the refusal).
    public static func parts(
        pool: ConnectionPool, readPool: ConnectionPool? = nil, zone: TimeZone, settings: ServerSettings = ServerSettings(),
        reportSlots: ReportSlots? = nil, logger: Logger = Logger(label: "fundledger.serve")
    ) -> Parts {
        BuiltInPlugins.bootstrap()
        let committer = GroupCommitter(pool: pool, batchCountMax: settings.batchCountMax, logger: logger)
        let tokens = TokenCache(lifetime: settings.tokenLifetime)
        let notifier = AppendNotifier(conninfo: pool.conninfo, logger: logger, onUsersChanged: { tokens.clear() })
        let metrics = ServerMetrics()
        let router = Router(context: ServerRequestContext.self)
        router.middlewares.add(RequestLogging(metrics: metrics))
        let routeTable = RouteTable()
        router.middlewares.add(ProblemMiddleware(routes: routeTable))
        let users = UserDirectory(pool: pool)
        let sessions = SessionStore(pool: pool, lifetime: settings.sessionHours * 3600)
        let failures = RateLimiter(rate: settings.failedLoginsPerSecond, burst: 10)
        router.middlewares.add(SessionAuthentication(sessions: sessions))
        LoginRoutes(users: users, sessions: sessions, failures: failures).register(on: router)
        let schemaVersion = Migrator.embedded().migrations.map(\.version).max() ?? 0
        let reads = ReadRoutes(pool: pool, readPool: readPool ?? pool, schemaVersion: schemaVersion)
        router.get("/health") { request, context in reads.health(request, context: context) }
        router.get("/ready") { request, context in try await reads.ready(request, context: context) }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        let authentication = BearerAuthentication(
            users: users, tokens: tokens, perUser: RateLimiter(rate: Double(settings.requestsPerSecond)), failures: failures, metrics: metrics)
        let v1 = router.group("/v1").add(middleware: authentication)
        v1.get("/funds") { request, context in try await reads.funds(request, context: context) }
        v1.get("/funds/{id}/initiatives") { request, context in try await reads.initiatives(request, context: context) }
        let events = EventRoutes(pool: pool, committer: committer, notifier: notifier, metrics: metrics)
        v1.get("/events") { request, context in try await reads.events(request, context: context) }
        v1.post("/events") { request, context in try await events.append(request, context: context) }
        v1.get("/events/stream") { request, context in try await events.stream(request, context: context) }
        v1.post("/events/:id/skip") { request, context in try await events.skip(request, context: context) }
        let commands = CommandRoutes(committer: committer, zone: zone, metrics: metrics)
        v1.post("/commands") { request, context in try await commands.record(request, context: context) }
        let slots = reportSlots ?? ReportSlots(perUser: settings.reportsPerUser)
        let reports = ReportRoutes(
            pool: readPool ?? pool, slots: slots,
            replica: readPool.map {
                ReplicaReads(replica: PostgresEventStore(pool: $0), primary: PostgresEventStore(pool: pool), wait: settings.replicaWait)
            })
        v1.get("/reports") { request, context in try await reports.list(request, context: context) }
        v1.get("/reports/{plugin}") { request, context in try await reports.report(request, context: context) }
        let audit = AuditRoutes(pool: pool, schemaVersion: schemaVersion)
        v1.get("/status") { request, context in try await audit.status(request, context: context) }
        v1.get("/verify") { request, context in try await audit.verify(request, context: context) }
        v1.get("/export") { request, context in try await audit.export(request, context: context) }
        v1.get("/checkpoints") { request, context in try await audit.checkpoints(request, context: context) }
        v1.get("/proofs/inclusion") { request, context in try await audit.inclusionProof(request, context: context) }
        v1.get("/proofs/consistency") { request, context in try await audit.consistencyProof(request, context: context) }
        let web = router.group("").add(middleware: WebProblemMiddleware()).add(middleware: authentication)
        WebRoutes.register(on: web, pool: pool, committer: committer, zone: zone, slots: slots)
        let scrape = MetricsRoute(metrics: metrics, committer: committer, pool: pool)
        router.group("/metrics").add(middleware: authentication).get { request, context in try await scrape.metrics(request, context: context) }
        routeTable.fill(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
        let projector = settings.project ? ProjectorService(conninfo: pool.conninfo, readConninfo: readPool?.conninfo, logger: logger) : nil
        let keeper = settings.keepSnapshots ? SnapshotKeeper(pool: pool, logger: logger) : nil
        return Parts(router: router, committer: committer, notifier: notifier, metrics: metrics, projector: projector, keeper: keeper)
    }

    /// The application listening on `host`:`port`; `runService()` runs it until SIGINT or SIGTERM, then
    /// stops accepting connections, finishes the requests in flight, and commits the writes they queued.
    /// `onListening` gets the base URL once the socket is bound (with the port the system chose for port 0).
    public static func application(
        host: String, port: Int, pool: ConnectionPool, readPool: ConnectionPool? = nil, zone: TimeZone,
        settings: ServerSettings = ServerSettings(), logger: Logger, onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let parts = parts(pool: pool, readPool: readPool, zone: zone, settings: settings, logger: logger)
        return Application(
            router: parts.responder,
            server: parts.http1(logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "fundledger"),
            services: parts.services,
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
                logger.notice("listening", metadata: ["url": .string(url)])
                onListening(url)
            },
            logger: logger)
    }
}
