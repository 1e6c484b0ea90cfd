import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import PostgresEventStore
import Recording
import Server
import Testing
import TestSupport

/// Row-level security through the server (issue 17, docs/access.md): the server's login is a delegate that
/// is not a superuser, and a user granted one organisation reads only that organisation's rows on every
/// route — funds, the log, the live stream, reports, the web view — while whole-log routes refuse it (403).
@Suite("The server reads as the user: organisations isolated", .serialized)
struct ServerAccessTests {
    /// The demo ledger, a server login `srv_…` in fundledger_writer and fundledger_delegate, `tove` granted
    /// Tomelilla (auditor) and `rita` (no grant: a network user); `body` gets the fixture and the server's pool.
    static func with(_ body: (ServerFixture, ConnectionPool, String) async throws -> Void) async throws {
        try await ServerFixture.with { fixture in
            let db = fixture.db
            try await DemoLedger.record(on: db)
            let login = "srv_\(UUID().uuidString.prefix(6).lowercased())"
            try await db.withConnection { admin in
                try await admin.executeScript(unsafeSQL: "CREATE ROLE \(login) LOGIN PASSWORD 'srv' IN ROLE fundledger_writer, fundledger_delegate, fundledger_auditor")
            }
            var options = try ConnectionString.parse(db.conninfo)
            options["user"] = login
            options["password"] = "srv"
            let pool = ConnectionPool(conninfo: ConnectionString.render(options), connectionCountMax: 8)
            try await withCleanup({ try await body(fixture, pool, login) }, then: {
                await pool.closeAll()
                _ = try? await TestServer.admin { try await $0.executeScript(unsafeSQL: "DROP ROLE IF EXISTS \(login)") }
            })
        }
    }

    @Test("funds, the log, reports and web pages show a granted user only its organisation; a network user everything")
    func readsAreIsolated() async throws {
        try await Self.with { fixture, pool, _ in
            let tove = try await UserDirectory(pool: fixture.db.pool).add(name: "tove2", role: .auditor)
            let login = try #require(try ConnectionString.parse(pool.conninfo)["user"])
            try await OrganisationAccess(pool: fixture.db.pool).grant(login: "\(login)/tove2", organisation: "212000-0886", role: .auditor)
            let toveAuth: HTTPFields = [.authorization: "Bearer \(tove)"]
            try await ServerFixture.application(pool: pool).test(.router) { client in
                try await client.execute(uri: "/v1/funds", method: .get, headers: toveAuth) { response in
                    #expect(response.status == .ok, "\(response.text)")
                    #expect(response.text.contains("\"tomelilla\"") && !response.text.contains("eslov") && !response.text.contains("skane"))
                }
                try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("rita", contentType: nil)) { response in
                    #expect(response.text.contains("eslov") && response.text.contains("skane"), "a network user sees every fund")
                }
                try await client.execute(uri: "/v1/events?after=0&limit=1000", method: .get, headers: toveAuth) { response in
                    let lines = response.text.split(separator: "\n")
                    #expect(lines.count == 28, "Tomelilla's 28 demo events")
                    #expect(lines.allSatisfy { $0.contains(#""organisation_id":"212000-0886""#) })
                }
                try await client.execute(uri: "/v1/reports/fund-statement?fund=eslov&format=csv", method: .get, headers: toveAuth) { response in
                    #expect(response.status.code >= 400 && !response.text.contains("Eslöv"))
                }
                try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla&format=csv", method: .get, headers: toveAuth) { response in
                    #expect(response.status == .ok)
                }
                for uri in ["/v1/verify", "/v1/export"] {
                    try await client.execute(uri: uri, method: .get, headers: toveAuth) { try $0.expectProblem(403, mentioning: "212000-0886") }
                }
                try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.auth("rita", contentType: nil)) { response in
                    #expect(response.json("intact") as? Bool == true)
                }
                try await client.execute(uri: "/", method: .get, headers: toveAuth) { response in
                    #expect(response.status == .ok && response.text.contains("Tomelilla") && !response.text.contains("Eslöv"))
                }
                try await client.execute(uri: "/audit", method: .get, headers: toveAuth) { response in
                    #expect(response.status == .ok && response.text.contains("Du ser bara din organisations händelser"), "\(response.text)")
                    #expect(!response.text.contains("Kedjan är bruten"))
                }
            }
        }
    }

    @Test("a granted recorder's raw append into another organisation's stream is a 403 problem that names no owner, not a 500")
    func refusedByTheDatabaseIs403() async throws {
        try await Self.with { fixture, pool, login in
            let esko = try await UserDirectory(pool: fixture.db.pool).add(name: "esko", role: .recorder)
            try await OrganisationAccess(pool: fixture.db.pool).grant(login: "\(login)/esko", organisation: "212000-1173", role: .recorder)
            let head = try await fixture.head()
            try await ServerFixture.application(pool: pool).test(.router) { client in
                let line = #"{"stream_id":"tomelilla-notes","event_type":"Noted","payload":{},"organisation_id":"212000-1173"}"#
                // Tomelilla's stream, made by the network first, so that it exists and is not Eslöv's.
                let tomelillas = #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"tomelilla-notes","event_type":"Noted","payload":{},"organisation_id":"212000-0886"}]}"#
                _ = try await fixture.db.withConnection { admin in try await admin.query("SELECT * FROM event_store.append_events(\(tomelillas)::jsonb)") }
                let response = try await client.execute(
                    uri: "/v1/events", method: .post, headers: [.authorization: "Bearer \(esko)", .contentType: "application/x-ndjson"],
                    body: ByteBuffer(string: line + "\n"))
                try response.expectProblem(403, mentioning: "is not one of the streams")
                #expect(!response.text.contains("212000-0886"), "\(response.text)")
            }
            #expect(try await fixture.head()[0] == head[0] + 1, "only the network's own event")
        }
    }

    @Test("the live event stream carries only the user's organisation's events")
    func theStreamIsIsolated() async throws {
        try await Self.with { fixture, pool, login in
            let tove = try await UserDirectory(pool: fixture.db.pool).add(name: "tove3", role: .auditor)
            try await OrganisationAccess(pool: fixture.db.pool).grant(login: "\(login)/tove3", organisation: "232100-0255", role: .auditor)
            try await ServerFixture.application(pool: pool).test(.live) { client in
                let port = try #require(client.port)
                let (status, events, _) = try await SSEClient(port: port).read(
                    "/v1/events/stream?after=0", headers: ["Authorization": "Bearer \(tove)"], count: 15, timeout: .seconds(10))
                #expect(status == 200)
                #expect(events.count == 15, "the region's 14 events and the saving Tomelilla shared with it")
                #expect(events.allSatisfy { $0.data.contains(#""organisation_id":"232100-0255""#) || $0.data.contains("shared_with") })
            }
        }
    }
}

/// The demo's command files (examples/demo), recorded as `fundledger demo` records them.
enum DemoLedger {
    static func record(on db: TestDatabase) async throws {
        let recorder = Recorder(service: LedgerService(store: db.store), defaults: try .fromEnvironment())
        for (name, text) in EmbeddedDemo.files {
            let document = try CommandFile.read(text, source: name, path: name)
            _ = try await recorder.recordBatch(document.commands, source: name)
        }
    }
}
