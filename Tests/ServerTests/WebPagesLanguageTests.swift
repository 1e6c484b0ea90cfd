import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Reporting
import Server
import Testing
import TestSupport
import Transparency

/// Issue 16, the rest of "Swedish all the way" and "time travel on every page": a report that cannot be made,
/// an address that cannot be read, and every report parameter's label are Swedish in Swedish (and English in
/// English); the audit page travels in time too.
@Suite struct WebPagesLanguageTests {
    static func page(_ client: any TestClientProtocol, _ fixture: ServerFixture, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: fixture.auth("aud", contentType: nil))
    }

    /// The message in the page's alert.
    static func alert(_ html: String) -> String? {
        guard let start = html.range(of: "role=\"alert\"") else { return nil }
        return String(html[start.upperBound...].drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
    }

    @Test func aReportThatCannotBeMadeSaysWhyInThePagesLanguage() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let cases: [(String, sv: String, en: String)] = [
                    ("/reports/sroi?fund=tomelilla", "Rapporten kan inte tas fram. Inget uppmätt utfall i fonden tomelilla har en finansiell proxy",
                     "report sroi: no measured outcome of fund tomelilla has a financial proxy"),
                    ("/reports/portfolio?fund=finns-inte", "Det finns ingen fond ”finns-inte” i liggaren", "no fund \"finns-inte\" in the ledger"),
                    ("/reports/socio-economic?fund=tomelilla", "Ange insatsen (fältet Insats): kalkylen gäller en målgrupp.",
                     "name the initiative (parameter initiative)"),
                    ("/reports/fund-statement?fund=tomelilla&year=tjugo", "Räkenskapsår: skriv ett heltal.", "parameter year: expected a whole number"),
                ]
                for (uri, sv, en) in cases {
                    let swedish = try await Self.page(client, fixture, uri)
                    let shown = try #require(Self.alert(swedish.text), "\(uri)")
                    #expect(HTMLEscaping.unescapeForTests(shown).contains(sv), "\(uri): \(shown)")
                    #expect(!shown.contains("report ") && !shown.contains("parameter"), "no English in Swedish: \(shown)")
                    let english = try await Self.page(client, fixture, uri + "&lang=en")
                    #expect(HTMLEscaping.unescapeForTests(Self.alert(english.text) ?? "").contains(en), "\(uri) in English")
                }
            }
        }
    }

    @Test func anAddressThatCannotBeReadIsASwedishPageNamingTheField() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                let swedish = try await Self.page(client, fixture, "/funds/tomelilla?at_head=igar")
                #expect(swedish.status == .badRequest)
                let shown = try #require(Self.alert(swedish.text))
                #expect(HTMLEscaping.unescapeForTests(shown) == "Vid position (at_head): \"igar\" är ingen position i liggaren; skriv ett heltal, 0 eller mer.",
                        "\(shown)")
                #expect(swedish.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true,
                        "an error page loads nothing from anywhere either (the browser check saw it fetch /favicon.ico)")
                let english = try await Self.page(client, fixture, "/funds/tomelilla?at_head=igar&lang=en")
                #expect(Self.alert(english.text)?.contains("query parameter at_head") == true)
                let unknown = try await Self.page(client, fixture, "/funds/tomelilla?as_of=snart")
                #expect(Self.alert(unknown.text)?.hasPrefix("Som känt vid (datum eller tidpunkt) (as_of): skriv ÅÅÅÅ-MM-DD") == true)
            }
        }
    }

    @Test func everyReportParameterHasASwedishLabel() {
        for plugin in BuiltInPlugins.all {
            for parameter in plugin.parameters {
                #expect(PluginTexts.parameterLabel(parameter.name, in: .sv) != parameter.name, "\(plugin.id): \(parameter.name)")
            }
        }
    }

    @Test func theAuditPageTravelsInTimeToo() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let before = try await fixture.db.store.head()
                let signed = try await CheckpointLog.sign(fixture.db.store, key: Curve25519.Signing.PrivateKey(), keyName: "tomelilla-logg")
                #expect(signed.position > before.position)
                let now = try await Self.page(client, fixture, "/audit")
                #expect(now.text.contains("tomelilla-logg"), "the checkpoint recorded now")
                #expect(!now.text.contains("class=\"banner\""))
                let then = try await Self.page(client, fixture, "/audit?at_head=\(before.position)")
                #expect(then.status == .ok)
                #expect(then.text.contains("Vid tidsresans gräns hade liggaren \(before.eventCount) händelser; den sista, på position \(before.position), har hashen <code>\(before.hash.hex)</code>"),
                        "\(then.text)")
                #expect(!then.text.contains("tomelilla-logg"), "a checkpoint recorded after the bound is not shown")
                let booked = try await Self.page(client, fixture, "/audit?effective_until=2026-12-31&lang=en")
                #expect(booked.text.contains("A booking date does not bound the log"))
            }
        }
    }
}

extension HTMLEscaping {
    /// `text` with the escapes `escape` writes undone, for comparing what a page shows.
    static func unescapeForTests(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
