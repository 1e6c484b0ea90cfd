import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import Postgres
import PostgresEventStore

/// `fundledger serve`: the router with every endpoint, and the application that listens on a host and
/// port. The CLI builds it from its database options; the tests build the same router on a test database.
public enum FundLedgerServer {
    /// Every route, on `pool`, with today in `zone` as a command's default effective date.
    public static func router(pool: ConnectionPool, zone: TimeZone) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.middlewares.add(RequestLogging())
        router.middlewares.add(ProblemMiddleware())
        let reads = ReadRoutes(pool: pool, schemaVersion: Migrator.embedded().migrations.map(\.version).max() ?? 0)
        let commands = CommandRoutes(pool: pool, zone: zone)
        router.get("/health") { request, context in reads.health(request, context: context) }
        router.get("/ready") { request, context in try await reads.ready(request, context: context) }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        let v1 = router.group("/v1").add(middleware: BearerAuthentication(users: UserDirectory(pool: pool)))
        v1.get("/funds") { request, context in try await reads.funds(request, context: context) }
        v1.get("/funds/{id}/initiatives") { request, context in try await reads.initiatives(request, context: context) }
        v1.get("/events") { request, context in try await reads.events(request, context: context) }
        v1.post("/commands") { request, context in try await commands.record(request, context: context) }
        return router
    }

    /// The application listening on `host`:`port`; `runService()` runs it until SIGINT or SIGTERM, then
    /// stops accepting connections and finishes the requests in flight. `onListening` gets the base URL
    /// once the socket is bound (with the port the system chose for port 0).
    public static func application(
        host: String, port: Int, pool: ConnectionPool, zone: TimeZone, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(pool: pool, zone: zone),
            configuration: .init(address: .hostname(host, port: port), serverName: "fundledger"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
                logger.notice("listening", metadata: ["url": .string(url)])
                onListening(url)
            },
            logger: logger)
    }
}
