import Crypto
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Server
import Testing
import TestSupport
import Transparency

/// `GET /v1/status`, `/v1/verify`, `/v1/export`, `/v1/checkpoints` and `/v1/proofs/…`: what an auditor
/// asks of the log, answered as the CLI answers it.
@Suite struct ServerAuditTests {
    static func get(_ client: any TestClientProtocol, _ fixture: ServerFixture, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: fixture.auth("aud"))
    }

    @Test func statusAndVerifyWithAnchors() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.db.store.head()
                let second = try await fixture.db.store.readAll(after: 1, limit: 1)[0]
                let status = try await Self.get(client, fixture, "/v1/status").object()
                #expect(status["head_position"] as? Int == Int(head.position))
                #expect(status["head_hash"] as? String == head.hash.hex)
                #expect(status["event_count"] as? Int == Int(head.eventCount))
                #expect(status["read_models"] is [Any])
                let verified = try await Self.get(client, fixture, "/v1/verify?anchor=2:\(second.hash.hex)&expect_head=\(head.hash.hex)").object()
                #expect(verified["intact"] as? Bool == true)
                #expect(verified["anchors_matched"] as? Int == 1)
                let moved = try await Self.get(client, fixture, "/v1/verify?anchor=2:\(head.hash.hex)").object()
                #expect(moved["intact"] as? Bool == false)
                #expect((moved["problem"] as? String)?.contains("rewritten since the audit") == true)
                let beyond = try await Self.get(client, fixture, "/v1/verify?anchor=\(head.position + 5):\(head.hash.hex)").object()
                #expect((beyond["problem"] as? String)?.contains("removed since the audit") == true)
                try await Self.get(client, fixture, "/v1/verify?anchor=2:xyz").expectProblem(400, mentioning: "anchor")
                try await Self.get(client, fixture, "/v1/verify?expect_head=abc").expectProblem(400, mentioning: "expect_head")
                try await Self.get(client, fixture, "/v1/status?x=1").expectProblem(400, mentioning: "x")
            }
        }
    }

    @Test func aTamperedRowMakesVerifyReportTheBreak() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                try await closing(try await fixture.db.connect()) { connection in
                    _ = try await connection.execute("SET session_replication_role = replica")
                    _ = try await connection.execute("UPDATE event_store.events SET payload = '{\"tampered\": true}' WHERE global_position = 3")
                }
                let result = try await Self.get(client, fixture, "/v1/verify").object()
                #expect(result["intact"] as? Bool == false)
                #expect((result["problem"] as? String)?.contains("position 3") == true, "\(result)")
            }
        }
    }

    @Test func theExportIsTheCLIsExport() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(.live) { client in
                _ = try await fixture.recordTomelilla(client)
                let response = try await Self.get(client, fixture, "/v1/export")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson")
                var expected: [String] = []
                try await LedgerExport.write(from: fixture.db.store, exportedAt: InMemoryEventStore.systemClock()) { expected.append($0) }
                let lines = response.text.split(separator: "\n").map(String.init)
                #expect(lines.count == expected.count)
                #expect(Array(lines.dropFirst()) == Array(expected.dropFirst()))
                #expect(lines.first?.contains("\"format\":\"fundledger-export\"") == true)
            }
        }
    }

    @Test func proofsAndCheckpoints() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                #expect(try await Self.get(client, fixture, "/v1/checkpoints").text == "{\"checkpoints\":[]}\n")
                let signed = try await CheckpointLog.sign(fixture.db.store, key: Curve25519.Signing.PrivateKey(), keyName: "test")
                let checkpoints = try #require(try await Self.get(client, fixture, "/v1/checkpoints").json("checkpoints") as? [[String: Any]])
                #expect(checkpoints.count == 1)
                #expect(checkpoints.first?["tree_size"] as? Int == Int(signed.checkpoint.treeSize))
                #expect((checkpoints.first?["note"] as? String)?.hasPrefix(signed.note.text) == true)
                let size = signed.checkpoint.treeSize
                let inclusion = try await Self.get(client, fixture, "/v1/proofs/inclusion?position=2&tree_size=\(size)")
                #expect(inclusion.status == .ok)
                let proof = try JSONDecoder().decode(InclusionProof.self, from: Data(inclusion.text.utf8))
                #expect(proof == (try await fixture.db.store.inclusionProof(position: 2, treeSize: size)))
                let consistency = try await Self.get(client, fixture, "/v1/proofs/consistency?from=3&to=\(size)")
                #expect(try JSONDecoder().decode(ConsistencyProof.self, from: Data(consistency.text.utf8)) == (try await fixture.db.store.consistencyProof(first: 3, second: size)))
                try await Self.get(client, fixture, "/v1/proofs/inclusion?position=\(size + 100)").expectProblem(400)
                try await Self.get(client, fixture, "/v1/proofs/inclusion").expectProblem(400, mentioning: "position")
                try await Self.get(client, fixture, "/v1/proofs/consistency?from=0").expectProblem(400, mentioning: "from")
                try await Self.get(client, fixture, "/v1/proofs/bogus").expectProblem(404, mentioning: "no such route")
            }
        }
    }
}
