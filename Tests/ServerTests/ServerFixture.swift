import Foundation
import HTTPTypes
import Hummingbird
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
        _ setup: TestingSetup = .router, settings: ServerSettings = ServerSettings(), _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await Self.application(pool: db.pool, settings: settings).test(setup, body)
    }

    /// The server's router on `pool` with its group-commit writer running beside it, as `serve` runs them.
    static func application(pool: ConnectionPool, zone: String = "Europe/Stockholm", settings: ServerSettings = ServerSettings()) -> some ApplicationProtocol {
        let parts = FundLedgerServer.parts(pool: pool, zone: TimeZone(identifier: zone)!, settings: settings)
        return Application(router: parts.router, services: parts.services)
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
