import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `reports-per-user`: a user with every report slot taken is refused the next report at once (429 with
/// `Retry-After`, a Swedish page in the web view); other users and other requests are not.
@Suite struct ReportSlotsTests {
    /// Holds one of `user`'s slots in `slots` until the returned release is called.
    static func hold(_ slots: ReportSlots, for user: String) async throws -> @Sendable () -> Void {
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        Task {
            try await slots.run(for: user) {
                startedContinuation.yield()
                for await _ in release { break }
            }
        }
        for await _ in started { break }
        return { releaseContinuation.yield() }
    }

    /// Waits until `user` holds no slot; fails after ten seconds rather than hanging the suite.
    static func waitUntilFree(_ slots: ReportSlots, _ user: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while slots.running(for: user) > 0 {
            try #require(ContinuousClock.now < deadline, "the slot was never given back")
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func aSecondReportBeyondTheSlotsIsRefusedAndTheSlotComesBack() async throws {
        let slots = ReportSlots(perUser: 1)
        let release = try await Self.hold(slots, for: "aud")
        #expect(slots.running(for: "aud") == 1)
        await #expect(throws: Problem.self) { try await slots.run(for: "aud") { 1 } }
        #expect(try await slots.run(for: "rita") { 2 } == 2, "another user has slots of its own")
        release()
        try await Self.waitUntilFree(slots, "aud")
        #expect(try await slots.run(for: "aud") { 3 } == 3)
        #expect(try await ReportSlots(perUser: 0).run(for: "aud") { 4 } == 4, "0: no limit")
    }

    @Test func theServerRefusesAUserWhoseSlotsAreTaken() async throws {
        try await ServerFixture.with { fixture in
            let slots = ReportSlots(perUser: 1)
            try await fixture.test(reportSlots: slots) { client in
                _ = try await fixture.recordTomelilla(client)
                let release = try await Self.hold(slots, for: "aud")
                let report = try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla", method: .get, headers: fixture.auth("aud"))
                try report.expectProblem(429)
                #expect(report.headers[.retryAfter] != nil)
                #expect(report.text.contains("reports in the making"), "\(report.text)")
                try await client.execute(uri: "/funds/tomelilla", method: .get, headers: fixture.auth("aud")) {
                    $0.expectErrorPage(429, mentioning: "rapporter som tas fram")
                }
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("aud")) {
                    #expect($0.status == .ok, "a request that makes no report is not held back")
                }
                try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla", method: .get, headers: fixture.auth("rita")) {
                    #expect($0.status == .ok, "another user's report")
                }
                release()
                try await Self.waitUntilFree(slots, "aud")
                try await client.execute(uri: "/funds/tomelilla", method: .get, headers: fixture.auth("aud")) { #expect($0.status == .ok) }
            }
        }
    }
}
