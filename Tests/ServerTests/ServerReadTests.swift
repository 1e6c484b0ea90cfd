import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import PostgresEventStore
import Server
import Testing
import TestSupport

/// Health, readiness, logging in, and the read endpoints, for each role.
@Suite struct ServerReadTests {
    @Test func healthAndReadyNeedNoLogin() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.json("status") as? String == "ok")
                    #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
                }
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .ok, "\(response.text)")
                    #expect(response.json("schema_version") as? Int == Migrator.embedded().migrations.last?.version)
                }
            }
        }
    }

    @Test func readyIsA503ProblemWhenTheDatabaseIsUnreachable() async throws {
        let pool = Postgres.ConnectionPool(conninfo: "host=127.0.0.1 port=1 dbname=none connect_timeout=2", connectionCountMax: 1)
        try await ServerFixture.application(pool: pool, zone: "UTC").test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/ready", method: .get) { try $0.expectProblem(503, mentioning: "database") }
        }
    }

    @Test func everythingUnderV1Needs_aValidEnabledToken() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                let routes: [(String, HTTPRequest.Method)] = [
                    ("/v1/funds", .get), ("/v1/funds/tomelilla/initiatives", .get), ("/v1/events", .get), ("/v1/commands", .post),
                ]
                let refused: [(HTTPFields, String)] = [
                    ([:], "no Authorization header"),
                    ([.authorization: "Bearer flt_not-a-real-token"], "unknown"),
                    ([.authorization: "Basic cml0YTpzZWNyZXQ="], "not Bearer"),
                    ([.authorization: "Bearer \(fixture.tokens["gone"]!)"], "disabled"),
                ]
                for (uri, method) in routes {
                    for (headers, mention) in refused {
                        try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "[]")) { response in
                            try response.expectProblem(401, mentioning: mention)
                            #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"fundledger\"")
                        }
                    }
                }
            }
            #expect(try await fixture.head() == [0, 0])
        }
    }

    @Test func everyRoleReadsFundsInitiativesAndEvents() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                #expect(try await fixture.recordTomelilla(client).status == .created)
                for user in ["rita", "aud", "ada"] {
                    try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth(user)) { response in
                        #expect(response.status == .ok)
                        let funds = try #require(response.json("funds") as? [[String: Any]])
                        #expect(funds.count == 1)
                        #expect(funds.first?["id"] as? String == "tomelilla")
                        #expect(funds.first?["organisation_id"] as? String == "212000-0886")
                        #expect(funds.first?["currency"] as? String == "SEK")
                        #expect(funds.first?["balance_ore"] as? Int == 475_000_000)
                        #expect(funds.first?["committed_ore"] as? Int == 75_000_000)
                        #expect(funds.first?["uncommitted_ore"] as? Int == 400_000_000)
                    }
                    try await client.execute(uri: "/v1/funds/tomelilla/initiatives", method: .get, headers: fixture.auth(user)) { response in
                        let initiatives = try #require(response.json("initiatives") as? [[String: Any]])
                        #expect(initiatives.map { $0["id"] as? String } == ["tidiga-insatser"])
                        #expect(initiatives.first?["disbursed_ore"] as? Int == 25_000_000)
                    }
                }
                try await client.execute(uri: "/v1/funds/nowhere/initiatives", method: .get, headers: fixture.auth("aud")) {
                    try $0.expectProblem(404, mentioning: "nowhere")
                }
            }
        }
    }

    @Test func eventsAreTheLinesOfRead_pagedByAfterAndLimit() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.head()
                let stored = try await fixture.db.store.readAll(after: 0, limit: 100)
                try await client.execute(uri: "/v1/events", method: .get, headers: fixture.auth("aud")) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/x-ndjson")
                    #expect(response.text == stored.map { EventLine.text($0) + "\n" }.joined())
                    #expect(Int64(response.text.split(separator: "\n").count) == head[0])
                }
                try await client.execute(uri: "/v1/events?after=2&limit=3", method: .get, headers: fixture.auth("rita")) { response in
                    let positions = try response.text.split(separator: "\n").map { line in
                        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["global_position"] as? Int
                    }
                    #expect(positions == [3, 4, 5])
                }
                for query in ["after=-1", "after=abc", "limit=0", "limit=10001", "limit=1e3", "after=1&after=2", "bogus=1", "after="] {
                    try await client.execute(uri: "/v1/events?\(query)", method: .get, headers: fixture.auth("aud")) {
                        try $0.expectProblem(400)
                    }
                }
            }
        }
    }

    @Test func anUnknownRouteIsAProblemDocument() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                try await client.execute(uri: "/v2/nothing", method: .get) { response in
                    try response.expectProblem(404, mentioning: "openapi.json")
                    #expect(response.json("type") as? String == "urn:fundledger:problem:not-found")
                }
                // A path that exists, with a method it does not take: 405 naming the ones it does.
                for (uri, method, allow) in [
                    ("/v1/funds", HTTPRequest.Method.delete, "GET"), ("/v1/events", .put, "GET, POST"),
                    ("/v1/funds/tomelilla/initiatives", .post, "GET"), ("/health", .post, "GET"),
                ] {
                    try await client.execute(uri: uri, method: method) { response in
                        try response.expectProblem(405, mentioning: allow)
                        #expect(response.headers[.allow] == allow)
                    }
                }
            }
        }
    }
}
