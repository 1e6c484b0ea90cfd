import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing
import TestSupport

/// The server's adversarial corpus (`Corpus/http-inputs.jsonl`, one request a line): every malformed,
/// hostile or forbidden request is refused with its documented status, writes nothing, and echoes no
/// markup it was sent. Add a line for every bad request found.
@Suite struct HTTPCorpusTests {
    struct Entry {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var user: String?
        var authorization: String?
        var type: String?
        var body: String?
        var statuses: [Int]
        var absent: String?
    }

    static func entries() throws -> [Entry] {
        let url = TestServer.repositoryRoot.appendingPathComponent("Tests/ServerTests/Corpus/http-inputs.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let statuses = (object["status"] as? [Int]) ?? [(object["status"] as? Int) ?? 0]
            return Entry(
                name: object["name"] as? String ?? "?", method: HTTPRequest.Method(object["method"] as? String ?? "GET") ?? .get,
                path: object["path"] as? String ?? "/", user: object["user"] as? String, authorization: object["authorization"] as? String,
                type: object["type"] as? String, body: object["body"] as? String, statuses: statuses, absent: object["absent"] as? String)
        }
    }

    @Test func everyRequestInTheCorpusIsRefusedAsDocumentedAndWritesNothing() async throws {
        let entries = try Self.entries()
        #expect(entries.count >= 40)
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.head()
                for entry in entries {
                    var headers: HTTPFields = entry.user.map { fixture.auth($0, contentType: entry.type) } ?? [:]
                    if entry.user == nil, let type = entry.type { headers[.contentType] = type }
                    if let authorization = entry.authorization { headers[.authorization] = authorization }
                    let response = try await client.execute(
                        uri: entry.path, method: entry.method, headers: headers, body: entry.body.map { ByteBuffer(string: $0) })
                    #expect(entry.statuses.contains(Int(response.status.code)), "\(entry.name): \(response.status) \(response.text.prefix(200))")
                    if let absent = entry.absent { #expect(!response.text.contains(absent), "\(entry.name) echoes \(absent)") }
                    if entry.method == .head { #expect(response.body.readableBytes == 0, "\(entry.name): a HEAD answer has no body") }
                }
                #expect(try await fixture.head() == head, "a refused request wrote something")
            }
        }
    }
}
