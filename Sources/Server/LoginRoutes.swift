import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /login` (the form), `POST /login` (a password for a session cookie) and `POST /logout`.
///
/// A wrong name or password is answered with the form again, 401, and one message that does not say
/// which was wrong; it counts as a failed login of the client's address (the limiter bearer tokens use),
/// and past the limit the form answers 429. A right one starts a session: the cookie `fundledger_session`
/// (HttpOnly, SameSite=Strict, Path=/, Max-Age the session's longest life `SessionStore.absoluteLifetime`, Secure when the request came over
/// TLS, as `X-Forwarded-Proto: https` says behind a proxy) and `303 See Other` to the form's `next` (a
/// local path) or `/`, with the session's CSRF token in the header `X-CSRF-Token` for a client that is not
/// a browser (a browser's page gets it from `context.csrfToken`). The password is never logged: the request log has the path only.
public struct LoginRoutes: Sendable {
    let users: UserDirectory
    let sessions: SessionStore
    let failures: RateLimiter

    /// The Swedish messages the form shows.
    enum Message {
        static let wrong = "Fel användarnamn eller lösenord."
        static let missing = "Fyll i både användarnamn och lösenord."
        static let tooMany = "För många misslyckade inloggningar. Vänta en stund och försök igen."
    }

    public init(users: UserDirectory, sessions: SessionStore, failures: RateLimiter) {
        self.users = users
        self.sessions = sessions
        self.failures = failures
    }

    /// Adds the three routes to `router`.
    public func register(on router: Router<ServerRequestContext>) {
        router.get("/login") { request, _ in page(request) }
        router.post("/login") { request, context in try await login(request, context: context) }
        router.post("/logout") { request, context in try await logout(request, context: context) }
    }

    func page(_ request: Request) -> Response {
        Self.form(.ok, next: Self.safeNext(request.uri.queryParameters.get("next")))
    }

    func login(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard CSRFCheck.originMatches(request) else {
            throw Problem.forbidden("the Origin header names another site than this server; log in from this server's own /login")
        }
        guard FormFields.isFormContentType(request.headers[.contentType]) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "POST /login takes the login form: Content-Type application/x-www-form-urlencoded with username and password")
        }
        // Every attempt takes a token before its password is checked and a login that succeeds gives it back:
        // looking first and spending after a failure let concurrent guesses all reach bcrypt (40 at once, all
        // checked, where the limit allows 10 and one a second).
        let probe = "probe:" + (context.clientAddress ?? "unknown")
        guard failures.rate == 0 || failures.allow(probe) else {
            return Self.form(.tooManyRequests, message: Message.tooMany)
        }
        var request = request
        let fields = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let next = Self.safeNext(fields["next"])
        guard let name = fields["username"], let password = fields["password"], !name.isEmpty, !password.isEmpty else {
            failures.refund(probe)
            return Self.form(.badRequest, message: Message.missing, username: fields["username"] ?? "", next: next)
        }
        guard let user = try await users.user(name: name, password: password) else {
            // Not the name tried: people type their password in the name field too.
            context.logger.notice("login refused")
            return Self.form(.unauthorized, message: Message.wrong, username: name, next: next)
        }
        failures.refund(probe)
        if let old = request.cookies[SessionStore.cookieName] { try await sessions.end(id: old.value) }
        let (id, session) = try await sessions.start(for: user)
        context.logger.notice("logged in", metadata: ["user": .string(user.name)])
        var response = Response(
            status: .seeOther, headers: [.location: next ?? "/", .cacheControl: "no-store", CSRFCheck.headerName: session.csrfToken])
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(value: id, maxAge: sessions.absoluteLifetime, secure: Self.cameOverTLS(request))))
        return response
    }

    func logout(_ request: Request, context: ServerRequestContext) async throws -> Response {
        if let cookie = request.cookies[SessionStore.cookieName] {
            // A live session got here only with its CSRF token (SessionAuthentication); a dead one ends nothing.
            try await sessions.end(id: cookie.value)
        }
        if let user = context.session?.user { context.logger.notice("logged out", metadata: ["user": .string(user.name)]) }
        var response = Response(status: .seeOther, headers: [.location: "/login", .cacheControl: "no-store"])
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(value: "", maxAge: 0, secure: Self.cameOverTLS(request))))
        return response
    }

    /// The session cookie's `Set-Cookie` value: Max-Age `maxAge` (0 clears it), Path=/, HttpOnly,
    /// SameSite=Strict, and Secure over TLS, always in this order (`value` is base64url, or empty).
    static func cookie(value: String, maxAge: Int, secure: Bool) -> String {
        "\(SessionStore.cookieName)=\(value); Max-Age=\(maxAge); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Whether the request came over TLS: to this server, or to a proxy that says so with `X-Forwarded-Proto`.
    static func cameOverTLS(_ request: Request) -> Bool {
        if request.head.scheme?.lowercased() == "https" { return true }
        let forwarded = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? ""
        return forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// `text` when it is a path on this server (a single leading `/`, printable ASCII, no backslash, at most
    /// 2 000 bytes), else nil: a login never sends the browser to another site.
    public static func safeNext(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), text.utf8.count <= 2_000,
            text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") })
        else { return nil }
        return text
    }

    /// The login page with `status`, as HTML that is never cached and may not be framed.
    static func form(_ status: HTTPResponse.Status, message: String? = nil, username: String = "", next: String? = nil) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: LoginPage.contentSecurityPolicy, HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"fundledger\"" }
        if status == .tooManyRequests { headers[.retryAfter] = "1" }
        let html = LoginPage.html(message: message, username: username, next: next)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
