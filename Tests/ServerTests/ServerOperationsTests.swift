import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import Server
import Synchronization
import Testing
import TestSupport

/// What an operator relies on: metrics, rate limits and the projector running beside the server.
@Suite struct ServerOperationsTests {
    @Test func metricsCountRequestsBatchesAndReadModelLag() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                _ = try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("aud"))
                try await client.execute(uri: "/metrics", method: .get) { try $0.expectProblem(401) }
                try await client.execute(uri: "/metrics", method: .get, headers: fixture.auth("aud")) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                    let text = response.text
                    #expect(text.contains(#"fundledger_http_requests_total{method="GET",route="/v1/funds",status="200"} 1"#), "\(text)")
                    #expect(text.contains(#"fundledger_http_requests_total{method="POST",route="/v1/commands",status="201"} 1"#))
                    #expect(text.contains("fundledger_group_commit_batch_size_count 1\n"))
                    let head = try await fixture.db.store.head().position
                    #expect(text.contains("fundledger_events_appended_total \(head)\n"))
                    #expect(text.contains(#"fundledger_read_model_lag_events{read_model="balances"} \#(head)"#), "\(text)")
                    // Every sample line is NAME{LABELS} VALUE or NAME VALUE, every family announced by # TYPE.
                    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                        #expect(line.split(separator: " ").count == 2, "\(line)")
                    }
                }
            }
        }
    }

    @Test func aUserOverTheRateLimitGets429_othersDoNot() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(settings: ServerSettings(requestsPerSecond: 2)) { client in
                var statuses: [Int] = []
                for _ in 0..<8 {
                    statuses.append(Int(try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("aud")).status.code))
                }
                #expect(statuses.prefix(4).allSatisfy { $0 == 200 }, "\(statuses)")
                #expect(statuses.contains(429))
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("aud")) { response in
                    try response.expectProblem(429, mentioning: "aud")
                    #expect(response.headers[.retryAfter] == "1")
                }
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("rita")) { #expect($0.status == .ok) }
            }
        }
    }

    @Test func guessingTokensIsSlowedDown() async throws {
        try await ServerFixture.with { fixture in
            // A refill slow enough that a loaded machine (a CI run beside other work took over a second for
            // the fourteen requests) cannot earn a token back between them: the burst of ten is the test.
            try await fixture.test(settings: ServerSettings(failedLoginsPerSecond: 0.001)) { client in
                var statuses: [Int] = []
                for attempt in 0..<14 {
                    let response = try await client.execute(uri: "/v1/funds", method: .get, headers: [.authorization: "Bearer flt_guess\(attempt)"])
                    statuses.append(Int(response.status.code))
                }
                #expect(statuses.prefix(10).allSatisfy { $0 == 401 }, "\(statuses)")
                #expect(statuses.suffix(3).allSatisfy { $0 == 429 }, "\(statuses)")
            }
        }
    }

    /// Remembered tokens (here for a minute) are forgotten at once when a user is disabled: the CLI's
    /// `user disable` notifies every running server.
    @Test func disablingAUserStopsTheirRememberedTokenAtOnce() async throws {
        try await ServerFixture.with { fixture in
            var settings = ServerSettings()
            settings.tokenLifetime = .seconds(60)
            try await fixture.test(settings: settings) { client in
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("rita")) { #expect($0.status == .ok) }
                _ = try await UserDirectory(pool: fixture.db.pool).disable(name: "rita")
                var status = 200
                for _ in 0..<100 where status == 200 {
                    status = Int(try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("rita")).status.code)
                    if status == 200 { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(status == 401)
            }
        }
    }

    @Test func theTokenCacheLooksUpOnceAndNeverRemembersAnUnknownToken() async throws {
        let cache = TokenCache(lifetime: .seconds(60))
        let lookups = Counter()
        let user = ServerUser(name: "rita", role: .recorder, disabled: false, createdAt: "2026-12-06T00:00:00Z")
        for _ in 0..<3 { #expect(try await cache.user(forToken: "a", lookUp: { lookups.increment(); return user }) == user) }
        #expect(lookups.value == 1)
        cache.clear()
        _ = try await cache.user(forToken: "a", lookUp: { lookups.increment(); return user })
        #expect(lookups.value == 2)
        for _ in 0..<2 { #expect(try await cache.user(forToken: "unknown", lookUp: { lookups.increment(); return nil }) == nil) }
        #expect(lookups.value == 4)
    }

    @Test func theLimiterRefillsAtItsRate() {
        let limiter = RateLimiter(rate: 10, burst: 2)
        let start = ContinuousClock.now
        #expect(limiter.allow("a", now: start))
        #expect(limiter.allow("a", now: start))
        #expect(!limiter.allow("a", now: start))
        #expect(limiter.allow("b", now: start))
        #expect(limiter.allow("a", now: start + .milliseconds(110)))
        #expect(!limiter.allow("a", now: start + .milliseconds(120)))
        #expect(RateLimiter(rate: 0).allow("a"))
    }

    @Test func withProjectTheReadModelsFollowTheLog() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(settings: ServerSettings(project: true)) { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.db.store.head().position
                var lag = Int.max
                for _ in 0..<100 where lag > 0 {
                    let status = try await client.execute(uri: "/v1/status", method: .get, headers: fixture.auth("aud")).object()
                    lag = (status["read_models"] as? [[String: Any]] ?? []).map { $0["lag"] as? Int ?? .max }.max() ?? .max
                    if lag > 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(lag == 0)
                #expect(head > 0)
            }
        }
    }
}

/// A thread-safe count.
final class Counter: Sendable {
    private let count = Mutex(0)

    func increment() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}
