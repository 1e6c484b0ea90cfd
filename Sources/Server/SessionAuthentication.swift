import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Sets `context.user` and `context.session` from a live `fundledger_session` cookie, on every route, and
/// protects the session from cross-site requests.
///
/// A request with an `Authorization` header is left alone (the bearer path judges it; a token needs no
/// CSRF token). A cookie that names no live session (expired, logged out, its user disabled) is ignored:
/// the request goes on without a user, and routes that need one answer 401 or send the browser to
/// `/login`. Every unsafe request (POST, PUT, PATCH, DELETE) that a session authenticates must carry the
/// session's CSRF token, as the header `X-CSRF-Token` or the form field `csrf_token`, and an `Origin`
/// header, if it sends one, naming this server's `Host`: else 403 and the handler never runs.
/// `POST /login` makes a new session and is not judged by the old one (it checks `Origin` itself).
public struct SessionAuthentication: RouterMiddleware {
    public typealias Context = ServerRequestContext
    let sessions: SessionStore

    public init(sessions: SessionStore) {
        self.sessions = sessions
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[.authorization] == nil, let cookie = request.cookies[SessionStore.cookieName],
            let session = try await sessions.session(id: cookie.value)
        else { return try await next(request, context) }
        var request = request
        if CSRFCheck.isUnsafe(request.method) && request.uri.path != "/login" {
            try await CSRFCheck.check(&request, context: context, csrfToken: session.csrfToken)
        }
        var context = context
        context.session = session
        context.user = session.user
        context.logger[metadataKey: "user"] = .string(session.user.name)
        return try await ReadingAsUser.run(session.user) { try await next(request, context) }
    }
}

/// The checks an unsafe request of a session must pass: its `Origin` (when sent) is this server, and it
/// carries the session's CSRF token.
enum CSRFCheck {
    static let headerName = HTTPField.Name("X-CSRF-Token")!
    /// The form field that carries the token.
    static let fieldName = "csrf_token"

    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        [.post, .put, .patch, .delete].contains(method)
    }

    /// Throws 403 unless `request` passes; reads (and keeps, for the handler) a form body to find the field.
    static func check(_ request: inout Request, context: ServerRequestContext, csrfToken: String) async throws {
        guard originMatches(request) else {
            throw Problem.forbidden("the Origin header names another site than this server; cross-site requests are refused")
        }
        var sent = request.headers[headerName]
        if sent == nil, FormFields.isFormContentType(request.headers[.contentType]) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            sent = FormFields(String(buffer: body))[fieldName]
        }
        guard let sent, equalInConstantTime(sent, csrfToken) else {
            throw Problem.forbidden("a request of a logged-in session that changes something must carry the session's CSRF token (form field csrf_token or header X-CSRF-Token)")
        }
    }

    /// True without an `Origin` header; else whether its host and port are the request's `Host`
    /// (a missing port meaning the scheme's default). `Origin: null` never matches.
    static func originMatches(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let url = URLComponents(string: origin), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            let authority = request.head.authority?.lowercased()
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let originAuthority = (bare.contains(":") ? "[\(bare)]" : bare) + ":\(url.port ?? defaultPort)"
        let hasPort = authority.range(of: #":[0-9]+$"#, options: .regularExpression) != nil
        return originAuthority == (hasPort ? authority : authority + ":\(defaultPort)")
    }

    /// Compares two tokens without stopping at the first difference.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
