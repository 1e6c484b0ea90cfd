import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Reporting
import Server
import Testing
import TestSupport

/// `GET /v1/reports` and `GET /v1/reports/{plugin}`: the same documents `fundledger report` renders.
@Suite struct ServerReportTests {
    @Test func aReportIsTheHostsRenderingStampedWithItsLedgerState() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.db.store.head()
                let expected = try ReportRenderer.render(
                    try await ReportHost(store: fixture.db.store).run(ReportRequest(pluginID: "fund-statement", parameters: ["fund": "tomelilla"])),
                    as: .csv, style: .swedish, csvDialect: .sv)
                try await client.execute(
                    uri: "/v1/reports/fund-statement?fund=tomelilla&format=csv&csv_dialect=sv", method: .get, headers: fixture.auth("aud")
                ) { response in
                    #expect(response.status == .ok, "\(response.text)")
                    #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                    #expect(response.text == expected)
                    #expect(response.headers[HTTPField.Name("FundLedger-Ledger-Position")!] == String(head.position))
                    #expect(response.headers[HTTPField.Name("FundLedger-Ledger-Hash")!] == head.hash.hex)
                }
                // An earlier state: at_head gives the report as of that position.
                try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla&at_head=\(head.position - 1)", method: .get, headers: fixture.auth("aud")) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("FundLedger-Ledger-Position")!] == String(head.position - 1))
                    #expect(response.headers[.contentType] == "application/json")
                }
                let swedish = try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla&format=table", method: .get, headers: fixture.auth("aud"))
                let english = try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla&format=table&lang=en", method: .get, headers: fixture.auth("aud"))
                #expect(swedish.headers[.contentLanguage] == "sv")
                #expect(english.headers[.contentLanguage] == "en")
                #expect(swedish.text.contains(" kr") && !swedish.text.contains("SEK"), "\(swedish.text)")
                #expect(english.text.contains("SEK"), "\(english.text)")
                try await client.execute(uri: "/v1/reports/sie?fund=tomelilla&format=sie", method: .get, headers: fixture.auth("aud")) { response in
                    #expect(response.status == .ok, "\(response.text)")
                    #expect(response.headers[.contentType] == "application/octet-stream")
                    #expect(response.text.hasPrefix("#FLAGGA 0"))
                }
            }
        }
    }

    @Test func thePluginListAndBadReportRequests() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                try await client.execute(uri: "/v1/reports", method: .get, headers: fixture.auth("rita")) { response in
                    let plugins = try #require(response.json("plugins") as? [[String: Any]])
                    #expect(plugins.compactMap { $0["id"] as? String }.contains("fund-statement"))
                }
                let cases: [(String, Int, String)] = [
                    ("/v1/reports/no-such", 404, "no report plugin"),
                    ("/v1/reports/fund-statement?fund=tomelilla&format=pdf", 400, "format"),
                    ("/v1/reports/fund-statement?fund=tomelilla&colour=red", 400, "colour"),
                    ("/v1/reports/fund-statement?fund=nowhere", 422, "nowhere"),
                    ("/v1/reports/fund-statement?fund=tomelilla&at_head=-1", 400, "at_head"),
                    ("/v1/reports/fund-statement?fund=tomelilla&as_of=yesterday", 400, "as_of"),
                    ("/v1/reports/fund-statement?fund=tomelilla&effective_until=2026-13-01", 400, "effective_until"),
                    ("/v1/reports/fund-statement?fund=tomelilla&csv_dialect=sv", 400, "format=csv"),
                    ("/v1/reports/fund-statement?fund=tomelilla&fund=x", 400, "twice"),
                    ("/v1/reports/fund-statement?fund=tomelilla&format=sie", 400, "sie"),
                    ("/v1/reports/fund-statement?fund=tomelilla&lang=de", 400, "lang"),
                    ("/v1/reports?lang=fi", 400, "lang"),
                    ("/v1/reports/sie?fund=tomelilla&format=sie&chart=/etc/passwd", 400, "chart"),
                ]
                for (uri, status, mention) in cases {
                    try await client.execute(uri: uri, method: .get, headers: fixture.auth("aud")) { try $0.expectProblem(status, mentioning: mention) }
                }
                try await client.execute(uri: "/v1/reports/fund-statement?fund=tomelilla", method: .get) { try $0.expectProblem(401) }
            }
        }
    }
}
