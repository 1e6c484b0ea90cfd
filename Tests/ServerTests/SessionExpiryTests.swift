import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import TestSupport

/// Sliding session expiry (migration 0017): a session ends `--session-hours` after its last request, a
/// request extends it at most once a minute, and never past 7 × `--session-hours` after login. The clock is
/// moved by rewriting the row's timestamps, not by sleeping.
@Suite struct SessionExpiryTests {
    /// `aud` logged in with 8-hour sessions; `body` gets the client, the cookie and a way to set the row.
    static func withSession(_ body: @escaping @Sendable (ServerFixture, any TestClientProtocol, String) async throws -> Void) async throws {
        try await ServerFixture.with { fixture in
            try await fixture.setPassword("aud")
            try await fixture.test { client in
                let (cookie, _) = try await fixture.session(client, "aud")
                try await body(fixture, client, cookie)
            }
        }
    }

    /// Sets the session row's times, each as an interval from now (`'-9 hours'`).
    static func setRow(_ fixture: ServerFixture, created: String, lastSeen: String, expires: String) async throws {
        _ = try await fixture.db.withConnection { connection in
            try await connection.execute("""
                UPDATE server.sessions SET created_at = now() + \(created)::interval, last_seen = now() + \(lastSeen)::interval,
                    expires_at = now() + \(expires)::interval
                """)
        }
    }

    /// Seconds from now to the row's `expires_at`, and from now to its `last_seen` (negative: in the past).
    static func row(_ fixture: ServerFixture) async throws -> (expiresIn: Int64, seenAgo: Int64) {
        try await fixture.db.withConnection { connection in
            let row = try await connection.query("""
                SELECT round(extract(epoch FROM expires_at - now()))::bigint, round(extract(epoch FROM now() - last_seen))::bigint FROM server.sessions
                """)[0]
            return (try row.decode(Int64.self, at: 0), try row.decode(Int64.self, at: 1))
        }
    }

    static func get(_ client: any TestClientProtocol, _ cookie: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)).status
    }

    @Test("a session in use outlives the idle time: 10 hours after login, a request 2 minutes after the last pushes the end 8 hours on")
    func anActiveSessionSlides() async throws {
        try await Self.withSession { fixture, client, cookie in
            try await Self.setRow(fixture, created: "-10 hours", lastSeen: "-2 minutes", expires: "30 seconds")
            #expect(try await Self.get(client, cookie) == .ok)
            let row = try await Self.row(fixture)
            #expect(abs(row.expiresIn - 8 * 3600) <= 5, "\(row)")
            #expect(row.seenAgo <= 5)
            // Past the old end, still in: the session lives on its last request, not its login.
            try await Self.setRow(fixture, created: "-16 hours", lastSeen: "-2 minutes", expires: "1 second")
            #expect(try await Self.get(client, cookie) == .ok)
            #expect(abs(try await Self.row(fixture).expiresIn - 8 * 3600) <= 5)
        }
    }

    @Test("requests less than a minute apart leave the row alone")
    func aBusySessionIsNotWrittenOnEveryRequest() async throws {
        try await Self.withSession { fixture, client, cookie in
            try await Self.setRow(fixture, created: "-1 hour", lastSeen: "-30 seconds", expires: "7 hours")
            for _ in 0..<3 { #expect(try await Self.get(client, cookie) == .ok) }
            let row = try await Self.row(fixture)
            #expect(abs(row.expiresIn - 7 * 3600) <= 5 && abs(row.seenAgo - 30) <= 5, "\(row)")
        }
    }

    @Test("an idle session expires and a request does not bring it back")
    func anIdleSessionExpires() async throws {
        try await Self.withSession { fixture, client, cookie in
            try await Self.setRow(fixture, created: "-9 hours", lastSeen: "-8 hours", expires: "-1 second")
            try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { try $0.expectProblem(401) }
            #expect(try await Self.row(fixture).expiresIn < 0, "the expired row was not extended")
        }
    }

    @Test("however active, a session ends 7 × the idle time (56 hours) after login")
    func theAbsoluteCapHolds() async throws {
        try await Self.withSession { fixture, client, cookie in
            try await Self.setRow(fixture, created: "-55 hours", lastSeen: "-2 minutes", expires: "10 seconds")
            #expect(try await Self.get(client, cookie) == .ok)
            let capped = try await Self.row(fixture).expiresIn
            #expect(abs(capped - 3600) <= 5, "extended only to login + 56 h, not now + 8 h: \(capped)")
            try await Self.setRow(fixture, created: "-56 hours", lastSeen: "-2 minutes", expires: "-1 second")
            try await client.execute(uri: "/v1/funds", method: .get, headers: ServerFixture.cookie(cookie)) { try $0.expectProblem(401) }
        }
    }
}
