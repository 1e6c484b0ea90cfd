import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Server
import Testing

/// The OpenAPI document is the contract: valid JSON, OpenAPI 3.1, and exactly the router's routes.
@Suite struct OpenAPIContractTests {
    static func router() -> Router<ServerRequestContext> {
        let pool = ConnectionPool(conninfo: "host=127.0.0.1 port=1", connectionCountMax: 1)
        return FundLedgerServer.parts(pool: pool, zone: TimeZone(identifier: "UTC")!).router
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let document = try #require(JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        // The API's routes; the web view's pages (docs/web.md) are for browsers, not part of the contract.
        let api: (String) -> Bool = { $0.hasPrefix("/v1/") || ["/health", "/ready", "/openapi.json", "/metrics", "/login", "/logout"].contains($0) }
        let routed = Set(Self.router().routes.filter { api($0.path.description) }.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(routed.count == 22)
        #expect(documented == routed)
    }

    @Test func theDocumentIsServedWithoutLogin() async throws {
        let app = Application(router: Self.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == OpenAPIDocument.json)
            }
        }
    }
}
