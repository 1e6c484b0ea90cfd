import EventStore
import Foundation
import PostgresEventStore
import FundLedger
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Postgres
import Projections
import Recording
import Reporting
import Synchronization

/// An error answered as an RFC 9457 problem document (`application/problem+json`): a `type` URI naming
/// the kind of problem, a `title`, the HTTP `status`, a `detail` saying what to fix, and for a ledger
/// rule's refusal the `rule` id.
public struct Problem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// The last part of the type URI: `urn:fundledger:problem:<slug>`.
    public var slug: String
    public var title: String
    public var detail: String
    public var rule: String?

    public init(_ status: HTTPResponse.Status, _ slug: String, _ title: String, detail: String, rule: String? = nil) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = Identifier.printable(detail, limit: 1_000)
        self.rule = rule
    }

    /// The `type` member.
    public var type: String { "urn:fundledger:problem:\(slug)" }

    public static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, "bad-request", "Bad request", detail: detail) }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, "unauthorized", "Not logged in", detail: detail)
    }

    public static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "forbidden", "Not allowed", detail: detail) }

    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", "Not found", detail: detail) }

    /// The problem document's bytes.
    public var json: Data {
        var members: [(String, String)] = [
            ("type", JSONText.quote(type)), ("title", JSONText.quote(title)), ("status", "\(status.code)"),
            ("detail", JSONText.quote(detail)),
        ]
        if let rule { members.append(("rule", JSONText.quote(rule))) }
        return Data(("{" + members.map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}\n").utf8)
    }
}

extension Problem: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"fundledger\"" }
        if status == .tooManyRequests { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}

extension Problem {
    /// The problem an error thrown while answering a request becomes. Anything not foreseen is a 500 whose
    /// detail names only the request id (the error itself goes to the log, never to the client).
    public static func from(_ error: any Error, requestID: String) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as UserError:
            return from(error)
        case let error as LedgerRuleError:
            return Problem(.unprocessableContent, "rule-refused", "Refused by a ledger rule", detail: "\(error.message); nothing was written", rule: error.rule)
        case let error as EventStoreError:
            switch error {
            case .wrongExpectedVersion, .eventIDReusedWithDifferentContent, .batchPartiallyStored:
                return Problem(.conflict, "conflict", "Conflict", detail: error.description + "; nothing was written")
            default:
                return Problem(.badRequest, "bad-request", "Bad request", detail: error.description + "; nothing was written")
            }
        case let error as CommandIDReusedError:
            return Problem(.conflict, "conflict", "Conflict", detail: error.description + "; nothing was written")
        case let error as RestrictedLoginError:
            return Problem(.forbidden, "forbidden", "Forbidden", detail: error.description.replacingOccurrences(of: "\n", with: "; "))
        case let error as MoneyError:
            return .badRequest(error.description + "; nothing was written")
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, "too-large", "Request body too large", detail: "the body is larger than \(ServerLimits.bodyBytesMax) bytes; nothing was written")
        case let error as ReplayError:
            // An `at_head` beyond the head (a bookmarked link, a typed position): the request's, not the server's.
            return .badRequest(error.description)
        case let error as HTTPParserError:
            // A request body the parser refused half-way (a broken chunk): the handler's body read failed.
            return .badRequest("the request is not valid HTTP/1.1: \(WireProblems.describe(error)); nothing was written")
        case let error as HTTPError where error.status == .notFound:
            return .notFound("no such route; GET /openapi.json lists them")
        case let error as HTTPError:
            return Problem(error.status, "http-\(error.status.code)", error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        case let error as ReportError:
            switch error {
            case .unknownPlugin: return .notFound(error.description)
            case .plugin: return Problem(.unprocessableContent, "report-refused", "The report cannot be made", detail: error.description)
            case .external: return Problem(.badGateway, "external-plugin", "External plugin failed", detail: error.description)
            }
        case let error as ParameterError:
            return .badRequest(error.description)
        case let error as UnreadableEventError:
            // Not the client's fault, nor a bug: the log holds an event no fold may read past (docs/ledger-model.md).
            return Problem(.internalServerError, "unreadable-event", "The ledger holds an event it cannot read", detail: error.description)
        case let error as GroupCommitError:
            return Problem(.serviceUnavailable, "unavailable", "Not written", detail: error.description)
        case let error as PostgresError where error.isPermissionDenied:
            // What the database lets this identity do (a stream of another organisation, a role's privilege).
            return Problem(.forbidden, "refused-by-database", "Refused by the database", detail: error.message + "; nothing was written")
        case let error as PostgresError where error.kind == .connectionFailed || error.kind == .connectionLost:
            return Problem(.serviceUnavailable, "unavailable", "Database unavailable", detail: "the database cannot be reached; retry later (request \(requestID))")
        default:
            return Problem(.internalServerError, "internal", "Internal error", detail: "an unexpected error; the server log has it under request id \(requestID)")
        }
    }

    /// A recording error, by its exit code (docs/exit-codes.md): 6 is a rule's refusal (422, with the rule),
    /// 4 a conflict (409), 5 refused by the database (403), 69 no database (503), the rest bad input (400).
    static func from(_ error: UserError) -> Problem {
        switch error.exitCode {
        case ExitStatus.ruleBroken:
            return Problem(.unprocessableContent, "rule-refused", "Refused by a ledger rule", detail: error.description, rule: error.rule)
        case ExitStatus.conflict:
            return Problem(.conflict, "conflict", "Conflict", detail: error.description)
        case ExitStatus.refused:
            return Problem(.forbidden, "refused-by-database", "Refused by the database", detail: error.description)
        case ExitStatus.unavailable:
            return Problem(.serviceUnavailable, "unavailable", "Database unavailable", detail: error.description)
        case ExitStatus.failure:
            return Problem(.internalServerError, "internal", "Internal error", detail: error.description)
        default:
            return .badRequest(error.description)
        }
    }
}

/// Turns every error thrown below it into a problem document, logging the unforeseen ones in full.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's routes, filled in once they are registered, so a path that exists with other methods is
    /// answered 405 with `Allow`, not 404.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else { return try answer(Problem.from(error, requestID: context.id), request, context) }
            let problem = Problem(
                .methodNotAllowed, "method-not-allowed", "Method not allowed",
                detail: "\(request.method.rawValue) is not answered at \(request.uri.path); it takes \(allowed.joined(separator: ", "))")
            var response = try answer(problem, request, context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch {
            let problem = Problem.from(error, requestID: context.id)
            if problem.status.code >= 500 { context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"]) }
            return try answer(problem, request, context)
        }
    }

    /// A problem document for the API; the error page in Swedish for a page's address (`WebErrorPage`),
    /// which a person reached in a browser. Not for 401, which the API and the pages answer alike here.
    private func answer(_ problem: Problem, _ request: Request, _ context: Context) throws -> Response {
        guard WebErrorPage.isPage(request.uri.path), problem.status != .unauthorized, problem.status != .tooManyRequests else {
            return try problem.response(from: request, context: context)
        }
        return WebErrorPage.response(problem, request: request)
    }
}

/// Every route's path pattern and method (`/v1/funds/{id}/initiatives GET`), for answering 405.
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: String)]>([])

    /// Sets the table from the router's routes (once, after they are all registered).
    func fill(_ entries: [(path: String, method: String)]) {
        routes.withLock { $0 = entries.map { ($0.path.split(separator: "/"), $0.method) } }
    }

    /// The methods answered at `path`, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let found = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
            }.map(\.method)
        }
        return Array(Set(found)).sorted()
    }
}
