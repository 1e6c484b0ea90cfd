import Foundation
import HTTPTypes
import Hummingbird

/// Marks routes that need someone logged in with a session (the web view's pages): a request without a
/// user is sent to the login page, `303 See Other` to `/login?next=PATH` for a read (so the browser
/// comes back after logging in), 401 for anything else. Add it to a group after `SessionAuthentication`
/// (which the server runs on every route): `router.group("/web").add(middleware: SessionRequired())`.
/// A bearer token does not count here: pages are for people, and `/v1` is for programs.
public struct SessionRequired: RouterMiddleware {
    public typealias Context = ServerRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.session == nil else { return try await next(request, context) }
        guard request.method == .get || request.method == .head else {
            throw Problem.unauthorized("this page needs a session; log in at /login")
        }
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        let next = LoginRoutes.safeNext(target).flatMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-._~"))) }
        return Response(status: .seeOther, headers: [.location: next.map { "/login?next=\($0)" } ?? "/login", .cacheControl: "no-store"])
    }
}
