import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdTesting
import Postgres
import Server
import Testing
import TestSupport

/// A migrated test database with four users (a recorder, an auditor, an admin and a disabled recorder)
/// and the server's router on it, driven in process (`.router`) or over loopback HTTP (`.live`).
struct ServerFixture: Sendable {
    let db: TestDatabase
    /// Each user's token, by name: `rita` recorder, `aud` auditor, `ada` admin, `gone` disabled recorder.
    let tokens: [String: String]

    static func with<T: Sendable>(_ body: (ServerFixture) async throws -> T) async throws -> T {
        try await TestDatabase.withMigrated { db in
            let users = UserDirectory(pool: db.pool)
            var tokens: [String: String] = [:]
            for (name, role) in [("rita", UserRole.recorder), ("aud", .auditor), ("ada", .admin), ("gone", .recorder)] {
                tokens[name] = try await users.add(name: name, role: role)
            }
            _ = try await users.disable(name: "gone")
            return try await body(ServerFixture(db: db, tokens: tokens))
        }
    }

    /// Runs `body` against the server's router.
    func test<T: Sendable>(
        _ setup: TestingSetup = .router, settings: ServerSettings = ServerSettings(), reportSlots: ReportSlots? = nil,
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await Self.application(pool: db.pool, settings: settings, reportSlots: reportSlots).test(setup, body)
    }

    /// The server's router on `pool` with its group-commit writer running beside it, as `serve` runs them.
    static func application(
        pool: ConnectionPool, zone: String = "Europe/Stockholm", settings: ServerSettings = ServerSettings(), reportSlots: ReportSlots? = nil
    ) -> some ApplicationProtocol {
        let parts = FundLedgerServer.parts(pool: pool, zone: TimeZone(identifier: zone)!, settings: settings, reportSlots: reportSlots)
        return Application(router: parts.responder, server: parts.http1(logger: Logger(label: "fundledger.test")), services: parts.services)
    }

    /// Headers with `user`'s bearer token.
    func auth(_ user: String, contentType: String? = "application/json") -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(tokens[user]!)"]
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    /// The event count and head position, read directly.
    func head() async throws -> [Int64] {
        try await db.withConnection { connection in
            let row = try await connection.query("SELECT count(*), coalesce(max(global_position), 0) FROM event_store.events")[0]
            return [try row.decode(Int64.self, at: 0), try row.decode(Int64.self, at: 1)]
        }
    }

    /// examples/commands/tomelilla-2026.yaml without its `actor:` default (the server names the actor).
    static func tomelillaYAML() throws -> String {
        let url = TestServer.repositoryRoot.appendingPathComponent("examples/commands/tomelilla-2026.yaml")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  actor:") }.joined(separator: "\n")
    }

    /// Records the Tomelilla example as `ada` (admin) and returns the response.
    func recordTomelilla(_ client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/commands", method: .post, headers: auth("ada", contentType: "application/yaml"),
            body: ByteBuffer(string: try Self.tomelillaYAML()))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    func object(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)", sourceLocation: sourceLocation)
    }

    /// One member of the body as a JSON object; nil when it is not one.
    func json(_ key: String) -> Any? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?[key]
    }

    /// Expects an RFC 9457 problem document with `status` whose detail mentions `mention`.
    func expectProblem(_ status: Int, mentioning mention: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Int(self.status.code) == status, "\(self.status): \(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try object(sourceLocation: sourceLocation)
        #expect(problem["status"] as? Int == status, sourceLocation: sourceLocation)
        #expect((problem["type"] as? String)?.hasPrefix("urn:fundledger:problem:") == true, sourceLocation: sourceLocation)
        #expect(problem["title"] is String, sourceLocation: sourceLocation)
        let detail = problem["detail"] as? String ?? ""
        if let mention { #expect(detail.contains(mention), "detail: \(detail)", sourceLocation: sourceLocation) }
    }
}

extension TestResponse {
    /// Expects the web view's error page (`WebErrorPage`) with `status`, in Swedish, saying `mention`.
    func expectErrorPage(_ status: Int, mentioning mention: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Int(self.status.code) == status, "\(self.status): \(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType]?.hasPrefix("text/html") == true, "\(headers)", sourceLocation: sourceLocation)
        #expect(text.contains("<html lang=\"sv\"") && text.contains("<title>\(status) – FundLedger</title>"), sourceLocation: sourceLocation)
        #expect(text.contains(mention), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("urn:fundledger:problem"), sourceLocation: sourceLocation)
    }
}

/// Passwords and sessions: log in through `POST /login` as a browser would.
extension ServerFixture {
    /// The password the login tests give their users.
    static let password = "korrekt häst batteri häftklammer"

    /// Gives `name` a password, hashed at bcrypt's lowest cost (4) so the tests stay quick; the CLI uses 12.
    func setPassword(_ name: String, _ password: String = ServerFixture.password) async throws {
        try await UserDirectory(pool: db.pool).setPassword(name: name, password: password, cost: 4)
    }

    /// Posts the login form.
    func login(
        _ client: any TestClientProtocol, _ name: String, _ password: String = ServerFixture.password, next: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var form = "username=\(Self.formEncode(name))&password=\(Self.formEncode(password))"
        if let next { form += "&next=\(Self.formEncode(next))" }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        return try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: form))
    }

    /// Logs `name` in and returns the session cookie's value and the CSRF token.
    func session(_ client: any TestClientProtocol, _ name: String) async throws -> (cookie: String, csrf: String) {
        let response = try await login(client, name)
        #expect(response.status == .seeOther, "\(response.status): \(response.text)")
        let cookie = try #require(response.sessionCookie)
        return (cookie, try #require(response.headers[HTTPField.Name("X-CSRF-Token")!]))
    }

    /// Headers that send the session cookie, and the CSRF token when given.
    static func cookie(_ value: String, csrf: String? = nil, contentType: String? = "application/json") -> HTTPFields {
        var fields: HTTPFields = [.cookie: "fundledger_session=\(value)"]
        if let csrf { fields[HTTPField.Name("X-CSRF-Token")!] = csrf }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    /// The number of rows in `server.sessions`.
    func sessionCount() async throws -> Int64 {
        try await db.withConnection { try await $0.query("SELECT count(*) FROM server.sessions")[0].decode(Int64.self, at: 0) }
    }
}

extension TestResponse {
    /// The `Set-Cookie` header for the session cookie, whole.
    var sessionSetCookie: String? {
        headers[values: .setCookie].first { $0.hasPrefix("fundledger_session=") }
    }

    /// The session cookie's value as set by this response.
    var sessionCookie: String? {
        sessionSetCookie.map { String($0.dropFirst("fundledger_session=".count).prefix { $0 != ";" }) }
    }
}
