import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 client for a Server-Sent Events stream on loopback: sends one GET, reads until it has
/// `count` events or the time is up, then closes the connection (as a browser's EventSource would).
struct SSEClient {
    struct Event: Equatable {
        var id: Int64
        var data: String
    }

    let port: Int

    /// Reads events from `path`; also returns the status code and every comment line seen.
    func read(_ path: String, headers: [String: String] = [:], count: Int, timeout: Duration = .seconds(20)) async throws -> (status: Int, events: [Event], comments: [String]) {
        let socket = try Self.connect(port: port)
        defer { close(socket) }
        let head = (["GET \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Accept: text/event-stream"]
            + headers.map { "\($0.key): \($0.value)" }).joined(separator: "\r\n") + "\r\n\r\n"
        _ = head.withCString { send(socket, $0, strlen($0), 0) }
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let read = recv(socket, &buffer, buffer.count, 0)
            if read > 0 { received += buffer[0..<read] } else if read == 0 { break }
            let parsed = Self.parse(received)
            if parsed.events.count >= count || (parsed.status != 0 && parsed.status != 200) { return parsed }
            if read < 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        return Self.parse(received)
    }

    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        // Short receive slices, so the loop above can look at the clock and yield between them.
        var slice = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &slice, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    /// The status, and the events and comments of the (chunked) body received so far.
    static func parse(_ bytes: [UInt8]) -> (status: Int, events: [Event], comments: [String]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let split = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else { return (0, [], []) }
        let statusLine = String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\r\n").first ?? ""
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = String(decoding: dechunk(bytes[(split + 4)...]), as: UTF8.self)
        var events: [Event] = []
        var comments: [String] = []
        // Only complete events (ended by a blank line) count.
        for block in body.components(separatedBy: "\n\n").dropLast() {
            var id: Int64?
            var data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix(":") { comments.append(String(line)) }
                if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            if let id { events.append(Event(id: id, data: data.joined(separator: "\n"))) }
        }
        return (status, events, comments)
    }

    /// The bytes of a chunked transfer: size lines dropped, chunks joined (a partial last chunk kept).
    static func dechunk(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var rest = body
        var out: [UInt8] = []
        while let cr = rest.firstIndex(of: 13), cr + 1 < rest.endIndex, rest[cr + 1] == 10,
              let size = Int(String(decoding: rest[rest.startIndex..<cr], as: UTF8.self), radix: 16) {
            let chunkStart = cr + 2
            out += rest[chunkStart..<min(rest.endIndex, chunkStart + size)]
            if size == 0 || chunkStart + size + 2 > rest.endIndex { break }
            rest = rest[(chunkStart + size + 2)...]
        }
        return out
    }
}
