import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing
import TestSupport

/// `POST /v1/events` through group commit, and `GET /v1/events/stream` as Server-Sent Events.
@Suite struct ServerEventTests {
    static func line(_ stream: String, _ n: Int, expected: String? = nil, metadata: String = "{}") -> String {
        let expectation = expected.map { ",\"expected_version\":\($0)" } ?? ""
        return "{\"stream_id\":\"\(stream)\",\"event_type\":\"Noted\",\"payload\":{\"n\":\(n),\"note\":\"Välfärd\"},\"metadata\":\(metadata)\(expectation)}\n"
    }

    static func post(_ client: any TestClientProtocol, _ fixture: ServerFixture, _ body: String, as user: String = "rita") async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/events", method: .post, headers: fixture.auth(user, contentType: "application/x-ndjson"), body: ByteBuffer(string: body))
    }

    @Test func rawLinesAreAppendedWithTheUserAsActor() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                let response = try await Self.post(client, fixture, Self.line("notes-1", 1) + Self.line("notes-1", 2, metadata: #"{"source": "bank"}"#))
                #expect(response.status == .created, "\(response.text)")
                #expect(response.headers[.contentType] == "application/x-ndjson")
                let lines = response.text.split(separator: "\n")
                #expect(lines.count == 2)
                #expect(lines[1].contains("\"global_position\":2,\"stream_version\":2"))
                let stored = try await fixture.db.store.readAll(after: 0, limit: 10)
                #expect(stored.map(\.metadata) == [#"{"actor": "rita"}"#, #"{"actor": "rita", "source": "bank"}"#])
                #expect(stored[0].payload.contains("Välfärd"))
                // The database records the server's login and the user it acted for (migration 0014).
                let login = try await fixture.db.withConnection { try await $0.query("SELECT session_user")[0].decode(String.self, at: 0) }
                #expect(stored.map(\.recordedBy) == ["\(login)/rita", "\(login)/rita"])
            }
        }
    }

    @Test func badAppendsAreRefusedWithAProblemAndWriteNothing() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await Self.post(client, fixture, Self.line("notes-1", 1))
                let cases: [(String, String, String, Int, String)] = [
                    ("aud", "application/x-ndjson", Self.line("notes-1", 2), 403, "may only read"),
                    ("rita", "application/json", Self.line("notes-1", 2), 415, "application/x-ndjson"),
                    ("rita", "application/x-ndjson", Self.line("notes-1", 2) + "{\"stream_id\": 5}\n", 400, "line 2"),
                    ("rita", "application/x-ndjson", Self.line("notes-1", 2, metadata: #"{"actor": "someone"}"#), 400, "metadata.actor"),
                    ("rita", "application/x-ndjson", #"{"stream_id":"fund-x","event_type":"FundEstablished","payload":{}}"# + "\n", 400, "POST /v1/commands"),
                    ("rita", "application/x-ndjson", Self.line("notes-1", 2, expected: "\"no_stream\""), 409, "nothing was written"),
                    ("rita", "application/x-ndjson", Self.line("notes-1", 2, expected: "7"), 409, "nothing was written"),
                    ("rita", "application/x-ndjson", "\n\n", 400, "no events"),
                ]
                for (user, type, body, status, mention) in cases {
                    let response = try await client.execute(
                        uri: "/v1/events", method: .post, headers: fixture.auth(user, contentType: type), body: ByteBuffer(string: body))
                    try response.expectProblem(status, mentioning: mention)
                }
                #expect(try await fixture.head() == [1, 1])
            }
        }
    }

    /// 64 clients at once, 16 pairs of them racing for the same new stream: one of each pair is refused
    /// (409), the other 48 are written gap-free, and the chain verifies.
    @Test func sixtyFourConcurrentAppendsSomeRefused_noneLost_chainVerifies() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(.live) { client in
                let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                    for index in 0..<64 {
                        group.addTask {
                            let response = try await Self.post(client, fixture, Self.line("race-\(index % 48)", index, expected: "\"no_stream\""))
                            return (index, Int(response.status.code))
                        }
                    }
                    return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
                }
                #expect(statuses.values.filter { $0 == 201 }.count == 48)
                #expect(statuses.values.filter { $0 == 409 }.count == 16)
                for stream in 0..<48 {
                    let pair = [stream, stream + 48].filter { $0 < 64 }.compactMap { statuses[$0] }
                    #expect(pair.filter { $0 == 201 }.count == 1, "stream race-\(stream): \(pair)")
                }
                let events = try await fixture.db.store.readAll(after: 0, limit: 100)
                #expect(events.map(\.globalPosition) == Array(1...48))
                #expect(Set(events.map(\.streamID)).count == 48)
                #expect(try await fixture.db.store.verifyChain() == .verified(try await fixture.db.store.head()))
            }
        }
    }

    @Test func theStreamCatchesUpThenFollowsLive_andResumesAfterLastEventID() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(.live) { client in
                let port = try #require(client.port)
                _ = try await Self.post(client, fixture, (1...3).map { Self.line("s", $0) }.joined())
                let auth = ["Authorization": "Bearer \(fixture.tokens["aud"]!)"]
                let sse = SSEClient(port: port)
                // Catch-up from position 1, then two events appended while the stream is open.
                async let live = sse.read("/v1/events/stream?after=1", headers: auth, count: 4)
                try await Task.sleep(for: .milliseconds(300))
                _ = try await Self.post(client, fixture, Self.line("s", 4))
                _ = try await Self.post(client, fixture, Self.line("s", 5))
                let (status, events, _) = try await live
                #expect(status == 200)
                #expect(events.map(\.id) == [2, 3, 4, 5])
                let stored = try await fixture.db.store.readAll(after: 1, limit: 10)
                #expect(events.map(\.data) == stored.map { EventLine.text($0) })
                // A reconnecting client sends Last-Event-ID, which wins over `after`.
                let resumed = try await sse.read("/v1/events/stream?after=0", headers: auth.merging(["Last-Event-ID": "4"]) { $1 }, count: 1)
                #expect(resumed.events.map(\.id) == [5])
                let refused = try await sse.read("/v1/events/stream", headers: auth.merging(["Last-Event-ID": "x"]) { $1 }, count: 1)
                #expect(refused.status == 400)
                let anonymous = try await sse.read("/v1/events/stream", count: 1)
                #expect(anonymous.status == 401)
            }
        }
    }

    @Test func withFollowFalseTheStreamEndsOnceCaughtUp() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(.router) { client in
                _ = try await Self.post(client, fixture, (1...3).map { Self.line("s", $0) }.joined())
                let headers = fixture.auth("aud", contentType: nil)
                // The router test client returns only once the body has ended: a live stream would never return.
                try await client.execute(uri: "/v1/events/stream?after=1&follow=false", method: .get, headers: headers) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "text/event-stream")
                    let ids = response.text.split(separator: "\n").filter { $0.hasPrefix("id: ") }
                    #expect(ids == ["id: 2", "id: 3"], "\(response.text)")
                }
                try await client.execute(uri: "/v1/events/stream?follow=yes", method: .get, headers: headers) {
                    try $0.expectProblem(400, mentioning: "follow")
                }
            }
        }
    }
}
