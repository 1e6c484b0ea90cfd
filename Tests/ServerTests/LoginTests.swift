import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import TestSupport

/// People log in at `/login` with a password and get a session cookie; `/v1` takes the cookie as well as
/// a bearer token, and every unsafe request of a session carries its CSRF token.
@Suite struct LoginTests {
    static let organisation =
        #"{"command": "register_organisation", "organisation": "212000-0886", "name": "Tomelilla kommun", "kind": "kommun", "effective_date": "2026-01-01"}"#

    @Test func theLoginPageIsASwedishFormWithLabelsAndNothingFromElsewhere() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                try await client.execute(uri: "/login?next=/v1/funds", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
                    let html = response.text
                    for part in [
                        #"<html lang="sv">"#, #"<label for="username">"#, #"<label for="password">"#, #"id="username" name="username""#,
                        #"id="password" name="password" type="password""#, #"<button type="submit">Logga in</button>"#,
                        #"<form method="post" action="/login""#, #"name="next" value="/v1/funds""#, ":focus-visible",
                    ] {
                        #expect(html.contains(part), "\(part)")
                    }
                    #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"))
                }
                // A next that leaves the server is dropped.
                try await client.execute(uri: "/login?next=//evil.example/x", method: .get) { #expect(!$0.text.contains("evil")) }
            }
        }
    }

    @Test func theSessionLastsTheHoursTheServerIsToldTo() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            var settings = ServerSettings()
            settings.sessionHours = 2
            try await fixture.test(settings: settings) { client in
                let response = try await fixture.login(client, "aud")
                #expect(response.sessionSetCookie?.contains("Max-Age=50400") == true, "\(response.sessionSetCookie ?? "no cookie")")
                let expires = try await fixture.db.withConnection { connection in
                    try await connection.query("SELECT round(extract(epoch FROM expires_at - created_at))::bigint FROM server.sessions")[0].decode(Int64.self, at: 0)
                }
                #expect(expires == 7200)
            }
        }
    }

    @Test func aRightPasswordGivesASessionCookie_v1TakesIt() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            try await fixture.test { client in
                let response = try await fixture.login(client, "aud")
                #expect(response.status == .seeOther, "\(response.text)")
                #expect(response.headers[.location] == "/")
                let setCookie = try #require(response.sessionSetCookie)
                let attributes = Set(setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(attributes == ["Max-Age=201600", "Path=/", "HttpOnly", "SameSite=Strict"], "\(setCookie)")
                let cookie = try #require(response.sessionCookie)
                #expect(cookie.range(of: #"^[A-Za-z0-9_-]{43}$"#, options: .regularExpression) != nil)
                // Only the id's SHA-256 is stored.
                let stored = try await fixture.db.withConnection { connection in
                    try await connection.query("SELECT encode(id_hash, 'hex'), user_name FROM server.sessions")
                }
                #expect(stored.count == 1)
                #expect(try stored[0].decode(String.self, at: 0) == APIToken.hashHex(cookie))
                #expect(try stored[0].decode(String.self, at: 1) == "aud")
                try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { response in
                    #expect(response.status == .ok, "\(response.text)")
                }

                // Behind a TLS proxy the cookie is Secure; a safe next is followed, an unsafe one is not.
                let proxied = try await fixture.login(client, "aud", next: "/v1/funds?after=1", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
                #expect(proxied.sessionSetCookie?.contains("; Secure") == true, "\(proxied.sessionSetCookie ?? "")")
                #expect(proxied.headers[.location] == "/v1/funds?after=1")
                for unsafe in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
                    #expect(try await fixture.login(client, "aud", next: unsafe).headers[.location] == "/", "\(unsafe)")
                }
            }
        }
    }

    @Test func aWrongNameOrPasswordIs401AndDoesNotSayWhich() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("rita")
            try await fixture.test { client in
                let wrongPassword = try await fixture.login(client, "rita", "fel lösenord helt och hållet")
                let unknownName = try await fixture.login(client, "nobody", ServerFixture.password)
                let tokenOnly = try await fixture.login(client, "ada", ServerFixture.password)
                for response in [wrongPassword, unknownName, tokenOnly] {
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.contains("Fel användarnamn eller lösenord."))
                    #expect(response.sessionSetCookie == nil)
                }
                let withoutName = { (text: String, name: String) in text.replacingOccurrences(of: "value=\"\(name)\"", with: "") }
                #expect(withoutName(wrongPassword.text, "rita") == withoutName(unknownName.text, "nobody"))
                #expect(!wrongPassword.text.contains("fel lösenord helt"))
                let empty = try await fixture.login(client, "rita", "")
                #expect(empty.status == .badRequest && empty.text.contains("Fyll i"))
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"username": "rita"}"#)
                ) { $0.expectErrorPage(415, mentioning: "Det gick inte") }
            }
            #expect(try await fixture.sessionCount() == 0)
        }
    }

    @Test func aDisabledUserCannotLogIn_andTheirSessionsStop() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("gone")
            try await fixture.setPassword("rita")
            try await fixture.test { client in
                #expect(try await fixture.login(client, "gone").status == .unauthorized)
                let (cookie, _) = try await fixture.session(client, "rita")
                _ = try await UserDirectory(pool: fixture.db.pool).disable(name: "rita")
                try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { try $0.expectProblem(401) }
            }
            #expect(try await fixture.sessionCount() == 0)
        }
    }

    @Test func logoutEndsTheSession_onlyWithItsCSRFToken() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            try await fixture.test { client in
                let (cookie, csrf) = try await fixture.session(client, "aud")
                try await client.execute(uri: "/logout", method: .post, headers: ServerFixture.cookie(cookie, contentType: nil)) {
                    $0.expectErrorPage(403, mentioning: "ladda om sidan")
                }
                #expect(try await fixture.sessionCount() == 1)
                let form: HTTPFields = ServerFixture.cookie(cookie, contentType: "application/x-www-form-urlencoded")
                try await client.execute(uri: "/logout", method: .post, headers: form, body: ByteBuffer(string: "csrf_token=\(csrf)")) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/login")
                    #expect(response.sessionSetCookie?.hasPrefix("fundledger_session=;") == true)
                    #expect(response.sessionSetCookie?.contains("Max-Age=0") == true)
                }
                #expect(try await fixture.sessionCount() == 0)
                try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { try $0.expectProblem(401) }
            }
        }
    }

    @Test func anExpiredSessionIsRefused() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            try await fixture.test { client in
                let (cookie, _) = try await fixture.session(client, "aud")
                try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { #expect($0.status == .ok) }
                _ = try await fixture.db.withConnection { connection in
                    try await connection.execute(
                        "UPDATE server.sessions SET created_at = now() - interval '9 hours', expires_at = now() - interval '1 hour'")
                }
                try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { try $0.expectProblem(401) }
                // The next login sweeps the expired row away.
                _ = try await fixture.session(client, "aud")
                #expect(try await fixture.sessionCount() == 1)
            }
        }
    }

    @Test func aSessionsPostNeedsItsCSRFTokenAndItsOwnOrigin() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("rita")
            try await fixture.test { client in
                let (cookie, csrf) = try await fixture.session(client, "rita")
                let body = ByteBuffer(string: Self.organisation)
                try await client.execute(uri: "/v1/commands", method: .post, headers: ServerFixture.cookie(cookie), body: body) {
                    try $0.expectProblem(403, mentioning: "CSRF")
                }
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: ServerFixture.cookie(cookie, csrf: String(csrf.reversed())), body: body
                ) { try $0.expectProblem(403, mentioning: "CSRF") }
                var crossSite = ServerFixture.cookie(cookie, csrf: csrf)
                crossSite[.origin] = "https://evil.example"
                try await client.execute(uri: "/v1/commands", method: .post, headers: crossSite, body: body) {
                    try $0.expectProblem(403, mentioning: "Origin")
                }
                #expect(try await fixture.head() == [0, 0])
                var sameSite = ServerFixture.cookie(cookie, csrf: csrf)
                sameSite[.origin] = "http://localhost"
                try await client.execute(uri: "/v1/commands", method: .post, headers: sameSite, body: body) { response in
                    #expect(response.status == .created, "\(response.text)")
                }
                // A login from another site is refused too (login CSRF).
                let foreign = try await fixture.login(client, "rita", headers: [.origin: "https://evil.example"])
                foreign.expectErrorPage(403, mentioning: "från en annan webbplats")
            }
            let stored = try await fixture.db.store.readAll(after: 0, limit: 10)
            #expect(stored.count == 1 && stored[0].metadata.contains(#""actor": "rita""#), "\(stored.map(\.metadata))")
        }
    }

    @Test func bearerRequestsAreUnaffected() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            try await fixture.test { client in
                // A token needs no CSRF token.
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: Self.organisation)
                ) { #expect($0.status == .created, "\($0.text)") }
                // A header is judged alone: a wrong token with a live session cookie is still 401, and a
                // recorder's token with an auditor's cookie records as the recorder without a CSRF token.
                let (cookie, _) = try await fixture.session(client, "aud")
                var wrong = ServerFixture.cookie(cookie)
                wrong[.authorization] = "Bearer flt_wrong"
                try await client.execute(uri: "/v1/funds", method: .get, headers: wrong) { try $0.expectProblem(401) }
                var both = fixture.auth("rita")
                both[.cookie] = "fundledger_session=\(cookie)"
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: both,
                    body: ByteBuffer(string: #"{"command": "register_department", "organisation": "212000-0886", "code": "BUN", "name": "Barn och unga", "kind": "committee"}"#)
                ) { #expect($0.status == .created, "\($0.text)") }
                // And a session is no way round a role: an auditor's session may not record.
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: ServerFixture.cookie(cookie, csrf: try await fixture.csrf(of: "aud")),
                    body: ByteBuffer(string: Self.organisation)
                ) { try $0.expectProblem(403, mentioning: "auditor") }
            }
        }
    }

    @Test func repeatedFailuresAreRateLimited() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("rita")
            try await fixture.test(settings: ServerSettings(failedLoginsPerSecond: 0.1)) { client in
                for _ in 0..<10 {
                    #expect(try await fixture.login(client, "rita", "fel lösenord helt och hållet").status == .unauthorized)
                }
                let limited = try await fixture.login(client, "rita")
                #expect(limited.status == .tooManyRequests)
                #expect(limited.headers[.retryAfter] != nil)
                #expect(limited.text.contains("För många misslyckade inloggningar"))
                #expect(limited.sessionSetCookie == nil)
                // The same limiter guards tokens.
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("rita")) { try $0.expectProblem(429) }
            }
        }
    }

    /// Concurrent guesses each take a token before their password is checked: sent at once, 30 wrong passwords
    /// used to be all checked (401) because each looked at the bucket before any failure spent from it.
    @Test func concurrentFailuresAreRateLimitedToo() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("rita")
            try await fixture.test(settings: ServerSettings(failedLoginsPerSecond: 0.1)) { client in
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for attempt in 0..<30 {
                        group.addTask { try await fixture.login(client, "rita", "fel lösenord nummer \(attempt)").status }
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .unauthorized }.count <= 11, "\(statuses)")
                #expect(statuses.filter { $0 == .tooManyRequests }.count >= 19, "\(statuses)")
            }
        }
    }

    @Test func sessionRequiredSendsAVisitorToTheLoginPage() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            let parts = FundLedgerServer.parts(pool: fixture.db.pool, zone: TimeZone(identifier: "UTC")!)
            parts.router.group("/sida").add(middleware: SessionRequired()).get { _, context in
                "\(context.user?.name ?? "-") \(context.csrfToken ?? "-")"
            }
            try await Application(router: parts.router, services: parts.services).test(.router) { client in
                try await client.execute(uri: "/sida?x=1", method: .get) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/login?next=/sida%3Fx%3D1")
                }
                try await client.execute(uri: "/sida", method: .get, headers: fixture.auth("aud")) { #expect($0.status == .seeOther) }
                let (cookie, csrf) = try await fixture.session(client, "aud")
                try await client.execute(uri: "/sida", method: .get, headers: ServerFixture.cookie(cookie)) { response in
                    #expect(response.status == .ok)
                    #expect(response.text == "aud \(csrf)")
                }
            }
        }
    }
}

extension ServerFixture {
    /// The CSRF token of `name`'s newest session, read from the database.
    func csrf(of name: String) async throws -> String {
        try await db.withConnection { connection in
            try await connection.query("SELECT csrf_token FROM server.sessions WHERE user_name = \(name) ORDER BY created_at DESC LIMIT 1")[0]
                .decode(String.self, at: 0)
        }
    }
}
