import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import TestSupport

/// `POST /v1/commands`: who may record, what is recorded, and what is refused with nothing written.
@Suite struct ServerCommandTests {
    static let contribution = #"{"command": "contribute", "fund": "tomelilla", "amount": "100 000 kr", "source": "KF 2026/9", "effective_date": "2026-03-01"}"#

    @Test func recordersAndAdminsRecord_auditorsAreRefused() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("aud", contentType: "application/yaml"),
                    body: ByteBuffer(string: try ServerFixture.tomelillaYAML())
                ) { try $0.expectProblem(403, mentioning: "auditor") }
                #expect(try await fixture.head() == [0, 0])

                let setup = try await fixture.recordTomelilla(client)
                #expect(setup.status == .created, "\(setup.text)")
                let recorded = try setup.object()
                #expect(recorded["entry_count"] as? Int == 8)
                let events = try #require(recorded["events"] as? [[String: Any]])
                #expect(events.map { $0["global_position"] as? Int } == Array(1...events.count))
                #expect(events.first?["event_type"] as? String == "OrganisationRegistered")

                let head = try await fixture.head()[1]
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: Self.contribution)
                ) { response in
                    #expect(response.status == .created, "\(response.text)")
                    let events = try #require(response.json("events") as? [[String: Any]])
                    #expect(events.map { $0["global_position"] as? Int } == [Int(head) + 1])
                    #expect(events.first?["event_type"] as? String == "CapitalContributed")
                }
                // The same body again is a retry: 200, nothing new.
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: Self.contribution)
                ) { response in
                    #expect(response.status == .ok, "\(response.text)")
                    #expect(response.json("already_recorded") as? Bool == true)
                }
            }
            // The actor of every event is the user who sent it.
            let stored = try await fixture.db.store.readAll(after: 0, limit: 100)
            let actors = try stored.map { event in
                try #require(JSONSerialization.jsonObject(with: Data(event.metadata.utf8)) as? [String: Any])["actor"] as? String
            }
            #expect(actors == Array(repeating: "ada", count: stored.count - 1) + ["rita"])
        }
    }

    @Test func oneYAMLCommandOnItsOwnIsRecorded() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let body = "command: contribute\nfund: tomelilla\namount: 2 000 kr\nsource: KF 2026/10\neffective_date: 2026-03-02\n"
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("rita", contentType: "application/yaml"), body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .created, "\(response.text)")
                    #expect(response.json("entry_count") as? Int == 1)
                }
                try await client.execute(
                    uri: "/v1/commands?dry_run=1", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: Self.contribution)
                ) { try $0.expectProblem(400, mentioning: "dry_run") }
            }
        }
    }

    @Test func aRuleRefusalIs422NamingTheRuleAndWritesNothing() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.head()
                let body = #"""
                    {"commands": [
                      {"command": "contribute", "fund": "tomelilla", "amount": "1 kr", "source": "x", "effective_date": "2026-03-01"},
                      {"command": "withdraw", "fund": "tomelilla", "amount": "9 000 000 kr", "decision_ref": "KS 1", "effective_date": "2026-03-01"}
                    ]}
                    """#
                try await client.execute(uri: "/v1/commands", method: .post, headers: fixture.auth("ada"), body: ByteBuffer(string: body)) {
                    response in
                    try response.expectProblem(422, mentioning: "nothing was written")
                    let problem = try response.object()
                    #expect(problem["rule"] as? String == "withdrawal-above-uncommitted")
                    #expect(problem["type"] as? String == "urn:fundledger:problem:rule-refused")
                }
                #expect(try await fixture.head() == head)
            }
        }
    }

    @Test func badBodiesAre400ProblemsNamingTheFieldAndWriteNothing() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.head()
                let cases: [(String, String)] = [
                    (#"{"command": "contribute", "fund": "tomelilla""#, "not valid JSON"),
                    (#"{"command": "contribute", "fund": "tomelilla", "ammount": "5 kr", "source": "x"}"#, "ammount"),
                    (#"{"command": "contribute", "fund": "tomelilla", "amount": {"a": {"b": 1}}, "source": "x"}"#, "amount"),
                    (#"{"command": "contribute", "fund": "tomelilla", "amount": "five", "source": "x"}"#, "amount"),
                    (#"{"command": "contribute", "fund": "tomelilla", "amount": "5 kr", "source": "x", "actor": "mallory"}"#, "actor"),
                    (#"{"defaults": {"actor": "mallory"}, "commands": [{"command": "contribute", "fund": "tomelilla", "amount": "5 kr", "source": "x"}]}"#, "actor"),
                    (#"{"command": "explode", "fund": "tomelilla"}"#, "explode"),
                    (#"{"commands": []}"#, "no commands"),
                    (#"{"commanz": []}"#, "commanz"),
                    ("42", "expected a list of commands"),
                    ("", "empty"),
                ]
                for (body, mention) in cases {
                    try await client.execute(uri: "/v1/commands", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: body)) {
                        try $0.expectProblem(400, mentioning: mention)
                    }
                }
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(bytes: [0x7B, 0xFF, 0x7D])
                ) { try $0.expectProblem(400, mentioning: "UTF-8") }
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("rita", contentType: "text/csv"), body: ByteBuffer(string: "a,b")
                ) { try $0.expectProblem(415) }
                let oversize = "[" + String(repeating: " ", count: ServerLimits.bodyBytesMax) + "]"
                try await client.execute(uri: "/v1/commands", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: oversize)) {
                    try $0.expectProblem(413)
                }
                #expect(try await fixture.head() == head)
            }
        }
    }

    @Test func sixteenConcurrentPostsAllCommitGapFreeAndTheChainVerifies() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(.live) { client in
                _ = try await fixture.recordTomelilla(client)
                let before = try await fixture.head()[1]
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 1...16 {
                        group.addTask {
                            let body = #"{"command": "contribute", "fund": "tomelilla", "amount": "\#(index) kr", "source": "gift \#(index)", "effective_date": "2026-03-01"}"#
                            let user = index.isMultiple(of: 2) ? "rita" : "ada"
                            return try await client.execute(uri: "/v1/commands", method: .post, headers: fixture.auth(user), body: ByteBuffer(string: body)) {
                                Int($0.status.code)
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: 201, count: 16))
                let events = try await fixture.db.store.readAll(after: 0, limit: 1_000)
                #expect(events.map(\.globalPosition) == Array(1...(before + 16)))
                let store = fixture.db.store
                #expect(try await store.verifyChain() == .verified(try await store.head()))
            }
        }
    }
}
