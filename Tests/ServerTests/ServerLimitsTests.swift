import EventStore
import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import TestSupport

/// A log holding an event appended raw with an amount beyond the ledger's limits: the server answers what
/// reads it with a problem naming the event, and goes on serving (it stopped the process before).
@Suite struct ServerLimitsTests {
    @Test func anAmountBeyondTheLimitIsAProblemNamingTheEventNotACrash() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                let recorded = try await fixture.recordTomelilla(client)
                #expect(recorded.status == .created, "\(recorded.text)")
                let huge = try EventCoding.newEvent(
                    .capitalContributed(CapitalContributed(amount: .sek(9_223_372_036_854_775_000), source: "raw")), stream: "fund-tomelilla",
                    metadata: EventMetadata(actor: "admin"), effectiveDate: CivilDate("2026-03-01")!, organisationID: "212000-0886")
                let position = try #require(try await fixture.db.store.append([huge], expectations: [:]).first?.globalPosition)
                for uri in ["/v1/funds", "/v1/reports/portfolio?fund=tomelilla"] {
                    try await client.execute(uri: uri, method: .get, headers: fixture.auth("aud")) { response in
                        try response.expectProblem(500, mentioning: "position \(position) (CapitalContributed)")
                        #expect(response.json("type") as? String == "urn:fundledger:problem:unreadable-event")
                        #expect(response.text.contains("beyond the ledger's limit"), "\(response.text)")
                    }
                }
                try await client.execute(
                    uri: "/v1/commands", method: .post, headers: fixture.auth("ada"),
                    body: ByteBuffer(string: #"{"command": "contribute", "fund": "tomelilla", "amount": "1 kr", "source": "KF"}"#)
                ) { try $0.expectProblem(500, mentioning: "position \(position)") }
                // The web view says it in Swedish, by the event's position, without the English advice.
                let page = try await WebViewTests.page(client, fixture, "/funds/tomelilla")
                #expect(page.status == .internalServerError)
                #expect(page.text.contains("Liggaren har en händelse som inte går att läsa, på position \(position) (CapitalContributed)"), "\(page.text)")
                #expect(page.text.contains("fundledger correction skip --event"), "\(page.text)")
                #expect(try await fixture.head()[1] == position)

                // Skipped (POST /v1/events/{id}/skip), the event no longer stops anything; the skip is the one new event.
                let uri = "/v1/events/\(huge.eventID.uuidString.lowercased())/skip"
                func skip(_ body: String, as user: String = "rita") async throws -> TestResponse {
                    try await client.execute(uri: uri, method: .post, headers: fixture.auth(user), body: ByteBuffer(string: body))
                }
                try await skip(#"{"reason": "mistyped"}"#, as: "aud").expectProblem(403)
                try await skip(#"{"reason": "mistyped", "actor": "x"}"#).expectProblem(400, mentioning: "actor")
                try await skip(#"{"reason": "a\u0007b"}"#).expectProblem(400, mentioning: "control character")
                try await skip(#"{"reason": " "}"#).expectProblem(422, mentioning: "a skip needs a reason")
                let first = try await skip(#"{"reason": "mistyped"}"#)
                #expect(first.status == .created && first.json("skipped_position") as? Int == Int(position), "\(first.text)")
                let again = try await skip(#"{"reason": "mistyped"}"#)
                #expect(again.status == .created && again.json("global_position") as? Int == first.json("global_position") as? Int, "\(again.text)")
                try await skip(#"{"reason": "other"}"#).expectProblem(409)
                let readable = try await client.execute(
                    uri: "/v1/events/\(UUID().uuidString)/skip", method: .post, headers: fixture.auth("rita"), body: ByteBuffer(string: #"{"reason": "r"}"#))
                try readable.expectProblem(422, mentioning: "no event with id")
                let first1 = try #require(try await fixture.db.store.readAll(after: 0, limit: 1).first)
                try await client.execute(
                    uri: "/v1/events/\(first1.eventID.uuidString)/skip", method: .post, headers: fixture.auth("ada"), body: ByteBuffer(string: #"{"reason": "r"}"#)
                ) { try $0.expectProblem(422, mentioning: "correct it with a reversal") }
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("aud")) { #expect($0.status == .ok, "\($0.text)") }
                #expect(try await fixture.head()[1] == position + 1)
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            }
        }
    }
}
