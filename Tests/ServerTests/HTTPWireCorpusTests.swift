import Foundation
import Server
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Requests that never reach the router (`Corpus/http-wire-inputs.jsonl`, raw bytes a line: each character
/// U+0000–U+00FF of `wire` is one byte): what NIO's HTTP parser refuses and a second `Host` line. Sent over
/// a real socket to the live server, each is answered 400 with a problem document, a request id and
/// `Connection: close`, and writes nothing. `{rita}` in `wire` is the recorder's token.
@Suite struct HTTPWireCorpusTests {
    struct Entry {
        var name: String
        var bytes: [UInt8]
        var answers: [Int]
        /// The refusal comes from the router (the request's head was valid): no `Connection: close` required.
        var routed: Bool
    }

    static func entries() throws -> [Entry] {
        let url = TestServer.repositoryRoot.appendingPathComponent("Tests/ServerTests/Corpus/http-wire-inputs.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            var wire = try #require(object["wire"] as? String, "\(line)")
            if let piece = object["repeat"] as? String, let times = object["times"] as? Int {
                wire += String(repeating: piece, count: times) + (object["end"] as? String ?? "")
            }
            let bytes = try wire.unicodeScalars.map { scalar in
                try #require(UInt8(exactly: scalar.value), "\(object["name"] ?? line): a character beyond U+00FF")
            }
            return Entry(name: object["name"] as? String ?? "?", bytes: bytes, answers: object["answers"] as? [Int] ?? [400],
                         routed: object["routed"] as? Bool ?? false)
        }
    }

    @Test func everyRequestThatNeverReachesTheRouterGetsAProblemDocument() async throws {
        let entries = try Self.entries()
        #expect(entries.count >= 10)
        try await ServerFixture.with { fixture in
            try await fixture.test(.live) { client in
                let port = try #require(client.port)
                let head = try await fixture.head()
                for entry in entries {
                    let answers = try await Self.exchange(Self.substituting(fixture.tokens, in: entry.bytes), port: port)
                    #expect(answers.map(\.status) == entry.answers, "\(entry.name): \(answers.map(\.head))")
                    guard let refusal = answers.last, refusal.status == 400 else { continue }
                    let head = refusal.head.lowercased()
                    #expect(head.contains("content-type: application/problem+json"), "\(entry.name): \(refusal.head)")
                    #expect(head.contains("x-request-id: "), "\(entry.name): \(refusal.head)")
                    #expect(entry.routed || head.contains("connection: close"), "\(entry.name): \(refusal.head)")
                    let problem = try JSONSerialization.jsonObject(with: Data(refusal.body.utf8)) as? [String: Any]
                    #expect(problem?["status"] as? Int == 400 && problem?["type"] as? String == "urn:fundledger:problem:bad-request", "\(entry.name): \(refusal.body)")
                    #expect(!refusal.body.contains("\u{1b}"), "\(entry.name) echoes a terminal escape")
                }
                #expect(try await fixture.head() == head, "a refused request wrote something")
            }
        }
    }

    @Test("HEAD is answered with GET's status and Content-Length, and no body")
    func headCarriesGetsLength() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test(.live) { client in
                let port = try #require(client.port)
                let request = "HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                let answers = try await Self.exchange(Array(request.utf8), port: port)
                let get = try await client.execute(uri: "/health", method: .get)
                #expect(answers.count == 1 && answers.first?.status == 200)
                #expect(answers.first?.head.lowercased().contains("content-length: \(get.body.readableBytes)\r") == true, "\(answers)")
                #expect(answers.first?.body == "", "a HEAD answer has no body")
            }
        }
    }

    /// `bytes` with `{name}` replaced by that user's token.
    static func substituting(_ tokens: [String: String], in bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for (name, token) in tokens {
            let pattern = Array("{\(name)}".utf8)
            while let start = bytes.indices.first(where: { bytes[$0...].starts(with: pattern) }) {
                bytes.replaceSubrange(start..<start + pattern.count, with: Array(token.utf8))
            }
        }
        return bytes
    }

    /// Sends `bytes` on a fresh connection and reads until the server closes it (or 10 s pass); returns each
    /// answer's status line and headers, status and body (answers with a Content-Length body only).
    /// Blocking reads in short slices with a sleep between: the server's tasks share the cooperative pool.
    static func exchange(_ bytes: [UInt8], port: Int) async throws -> [(head: String, status: Int, body: String)] {
        let socket = try SSEClient.connect(port: port)
        defer { close(socket) }
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let read = recv(socket, &buffer, buffer.count, 0)
            if read == 0 { break }
            if read > 0 { received += buffer[0..<read] } else { try await Task.sleep(for: .milliseconds(5)) }
        }
        var answers: [(head: String, status: Int, body: String)] = []
        var rest = received[...]
        let separator = Array("\r\n\r\n".utf8)
        while let split = rest.indices.first(where: { rest[$0...].starts(with: separator) }) {
            let head = String(decoding: rest[..<split], as: UTF8.self)
            let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
            }.first ?? 0
            let bodyStart = split + 4
            let bodyEnd = min(rest.endIndex, bodyStart + length)
            let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
            answers.append((head, status, String(decoding: rest[bodyStart..<bodyEnd], as: UTF8.self)))
            rest = rest[bodyEnd...]
        }
        return answers
    }
}
