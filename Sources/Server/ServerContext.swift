import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Limits on what one request may send.
public enum ServerLimits {
    /// The largest request body accepted (1 MiB); a larger one is answered 413 and nothing is written.
    public static let bodyBytesMax = 1 << 20
    /// The most events one `GET /v1/events` returns, and the default `limit`.
    public static let eventPageMax = 10_000
    public static let eventPageDefault = 1_000
}

/// Each request's context: Hummingbird's own (logger with the request id, path parameters) and the user
/// the bearer token or the session cookie named, once `BearerAuthentication` or `SessionAuthentication`
/// has checked it.
///
/// A page handler reads `user` (nil: nobody logged in; `SessionRequired` sends such a visitor to
/// `/login`) and embeds `csrfToken` in every form that posts, as the hidden field `csrf_token`.
public struct ServerRequestContext: RequestContext, AnswersHead {
    public var coreContext: CoreRequestContextStorage
    /// The request came as HEAD and is answered as GET without the body (`HeadAsGet`).
    public var answersHead = false
    /// The authenticated user: set by `SessionAuthentication` for a live session cookie (on every route),
    /// or by `BearerAuthentication` for a token (under `/v1` and `/metrics`); nil before and otherwise.
    public var user: ServerUser? {
        didSet { loggedUser.withLock { $0 = user?.name } }
    }
    /// The session the cookie named, when the request came with one that is live (and no Authorization header).
    public var session: Session?
    /// The CSRF token to embed in this session's forms (`<input type="hidden" name="csrf_token" value="…">`);
    /// nil without a session.
    public var csrfToken: String? { session?.csrfToken }
    /// The user's name, shared by every copy of this context, so the request's log line (written by the
    /// outermost middleware, whose copy never saw authentication) names who sent it.
    let loggedUser = SharedName()

    /// The client's IP address, for limiting failed logins; nil where the channel has none (tests).
    public let clientAddress: String?

    /// A path parameter, percent-decoded (`/v1/funds/h%C3%B6rby` names the fund `hörby`, `a%2Fb` the fund `a/b`):
    /// the router matches the raw path and hands segments over as sent. Text that is not valid
    /// percent-encoding is given as sent (and then names nothing).
    func pathParameter(_ name: String) -> String? {
        parameters.get(name).map { $0.removingPercentEncoding ?? $0 }
    }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
        session = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { ServerLimits.bodyBytesMax }

    /// The user, or 401 (for handlers under `/v1`, which always run after authentication).
    func requireUser() throws -> ServerUser {
        guard let user else { throw Problem.unauthorized("log in with Authorization: Bearer TOKEN") }
        return user
    }

    /// The user, if their role may record; else 403.
    func requireRecorder() throws -> ServerUser {
        let user = try requireUser()
        guard user.role.mayRecord else {
            throw Problem.forbidden("user \(user.name) has the role \(user.role.rawValue), which may only read; recording needs recorder or admin")
        }
        return user
    }
}

/// A name that copies of a request context share.
final class SharedName: Sendable {
    private let name = Mutex<String?>(nil)

    func withLock<T: Sendable>(_ body: (inout String?) -> T) -> T { name.withLock { body(&$0) } }
}

/// Checks `Authorization: Bearer TOKEN` against `server.users`: another scheme, an unknown token or a
/// disabled user's token is 401. The token is never logged; the user's name is, as `user`. A request
/// without an Authorization header passes when `SessionAuthentication` found a live session cookie (and
/// checked its CSRF token); with neither it is 401. A request that sends a header is judged by it alone.
///
/// Each user may make `perUser.rate` requests a second (429 beyond); each client address may fail to
/// authenticate `failures.rate` times a second (failed password logins count too), so tokens cannot be
/// guessed at speed.
struct BearerAuthentication: RouterMiddleware {
    typealias Context = ServerRequestContext
    let users: UserDirectory
    let tokens: TokenCache
    let perUser: RateLimiter
    let failures: RateLimiter
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            guard let user = context.session?.user else {
                throw Problem.unauthorized("no Authorization header and no session; send Authorization: Bearer TOKEN (see `fundledger user add`) or log in at /login")
            }
            guard perUser.allow(user.name) else {
                metrics.recordRateLimited()
                throw Problem.tooManyRequests("user \(user.name) sent more than \(Int(perUser.rate)) requests a second; wait a moment")
            }
            return try await ReadingAsUser.run(user) { try await next(request, context) }
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header is not Bearer TOKEN")
        }
        let client = context.clientAddress ?? "unknown"
        guard failures.rate == 0 || failures.allow("probe:" + client, spending: false) else {
            metrics.recordRateLimited()
            throw Problem.tooManyRequests("too many failed logins from this address; wait a moment")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let user = try await tokens.user(forToken: token, lookUp: { try await users.user(forToken: token) }) else {
            _ = failures.allow("probe:" + client)
            throw Problem.unauthorized("the token is unknown, or its user is disabled")
        }
        guard perUser.allow(user.name) else {
            metrics.recordRateLimited()
            throw Problem.tooManyRequests("user \(user.name) sent more than \(Int(perUser.rate)) requests a second; wait a moment")
        }
        var context = context
        context.user = user
        context.logger[metadataKey: "user"] = .string(user.name)
        return try await ReadingAsUser.run(user) { try await next(request, context) }
    }
}

/// Logs one line per request on the server's logger (stderr): method, path without the query, status,
/// milliseconds and the request id, which the response carries as `X-Request-Id`. Never headers or bodies.
struct RequestLogging: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let problem = Problem.from(error, requestID: context.id)
            response = try problem.response(from: request, context: context)
        }
        response.headers[HTTPField.Name("X-Request-Id")!] = context.id
        // Pages and answers hold a fund's figures for one logged-in user: no copy in a shared browser's cache
        // (Back after logging out showed the page again) or a proxy's.
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        // A browser must take every answer as the type it says (a JSON body is never sniffed into HTML).
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        let method = context.answersHead ? "HEAD" : request.method.rawValue
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": .string(method), "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code), "ms": .string(String(format: "%.1f", milliseconds)),
        ]
        if let user = context.loggedUser.withLock({ $0 }) { metadata["user"] = .string(user) }
        metrics.record(
            method: method, route: context.endpointPath ?? "unmatched", status: Int(response.status.code),
            seconds: milliseconds / 1_000)
        context.logger.info("request", metadata: metadata)
        return response
    }
}
