// Group commit: single events recorded over HTTP (`POST /v1/events`, one event per request) from 1, 4,
// 16 and 64 concurrent clients on loopback, next to the CLI's direct path (`append_events`, one
// transaction per event, one connection per writer) and plain autocommit INSERT of the same rows into a
// table without constraints, all measured in one run on one PostgreSQL (not a timed test).
//
//   make bench-server                                   # private cluster, 3 s per configuration
//   make bench-server SERVER_BENCH_ARGS="--seconds 5 --clients 1,16"
//
// The server runs in this process (release build) with its group-commit writer; each client is a thread
// with one keep-alive HTTP/1.1 connection that sends the next request when the last is answered. Figures
// are events per second; the ratios are against the server with one client and against INSERT with 8.
import BenchmarkSupport
import EventStore
import Foundation
import Hummingbird
import Logging
import Postgres
import PostgresEventStore
import PrivateCluster
import Server
import Synchronization

struct Options {
    var seconds = 3.0
    var clientCounts = [1, 4, 16, 64]

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--seconds": seconds = Double(iterator.next() ?? "") ?? seconds
            case "--clients": clientCounts = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
            default:
                FileHandle.standardError.write(Data("usage: ServerBenchmark [--seconds 3] [--clients 1,4,16,64]\n".utf8))
                exit(64)
            }
        }
    }
}

let payload = #"{"amount_ore": 12500000, "currency": "SEK", "department": "Socialförvaltningen", "voucher": "V-2026-117"}"#

/// Creates (or recreates) the benchmark database, migrated, with the baseline table.
func prepareDatabase() async throws -> String {
    let conninfo = try await BenchmarkDatabase.recreate("fundledger_server_bench")
    let connection = try await PostgresConnection(conninfo: conninfo)
    try await connection.executeScript(unsafeSQL: """
        CREATE TABLE plain_events (
            global_position bigserial, stream_id text, stream_version bigint, event_id uuid, event_type text,
            schema_version integer, payload jsonb, metadata jsonb, recorded_at timestamptz, effective_date date,
            organisation_id text, prev_hash bytea, hash bytea);
        """)
    await connection.close()
    return conninfo
}

/// Events per second of `writers` loops running `work` until `seconds` have passed.
func rate(writers: Int, seconds: Double, _ work: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    let start = ContinuousClock.now
    let done = try await withThrowingTaskGroup(of: Int.self) { group in
        for writer in 0..<writers {
            group.addTask {
                var count = 0
                while ContinuousClock.now < deadline {
                    try await work(writer)
                    count += 1
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    return Double(done) / secondsSince(start)
}

/// One keep-alive HTTP/1.1 connection on loopback, blocking: sends a request, reads its whole answer.
final class KeepAliveClient {
    let socket: Int32
    var pending: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    /// Sends `request` and returns the status code of its response (whose body it reads and drops).
    func exchange(_ request: [UInt8]) throws -> Int {
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw POSIXError(.EPIPE) }
            sent += written
        }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            if let (status, length) = Self.complete(pending) {
                pending.removeFirst(length)
                return status
            }
            let read = recv(socket, &buffer, buffer.count, 0)
            guard read > 0 else { throw POSIXError(.ECONNRESET) }
            pending += buffer[0..<read]
        }
    }

    /// The status and length of the first whole response in `bytes` (headers plus Content-Length body).
    static func complete(_ bytes: [UInt8]) -> (Int, Int)? {
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }) else {
            return nil
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return bytes.count >= end + 4 + length ? (status, end + 4 + length) : nil
    }
}

/// `clients` threads posting one event per request for `seconds`; returns committed events per second.
func serverRate(port: Int, token: String, clients: Int, seconds: Double) throws -> Double {
    let committed = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let deadline = Date().addingTimeInterval(seconds)
    let group = DispatchGroup()
    let start = ContinuousClock.now
    for client in 0..<clients {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            guard let connection = try? KeepAliveClient(port: port) else { failed.add(1, ordering: .relaxed); return }
            var sequence = 0
            while Date() < deadline {
                sequence += 1
                let body = "{\"stream_id\":\"bench-\(client)\",\"event_type\":\"FundsNoted\",\"payload\":\(payload)}\n"
                let request = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                let status = (try? connection.exchange(Array(request.utf8))) ?? 0
                if status == 201 { committed.add(1, ordering: .relaxed) } else { failed.add(1, ordering: .relaxed) }
                if status == 0 { return }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    group.wait()
    let seconds = secondsSince(start)
    if failed.load(ordering: .relaxed) > 0 { print("  (\(failed.load(ordering: .relaxed)) requests with \(clients) clients were not answered 201)") }
    return Double(committed.load(ordering: .relaxed)) / seconds
}

let options = Options(arguments: CommandLine.arguments)
let conninfo = try await prepareDatabase()
let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 8)
let token = try await UserDirectory(pool: pool).add(name: "bench", role: .recorder)
var logger = Logger(label: "bench")
logger.logLevel = .error
let parts = FundLedgerServer.parts(
    pool: pool, zone: TimeZone(identifier: "Europe/Stockholm")!, settings: ServerSettings(requestsPerSecond: 0), logger: logger)
let listening = Mutex<Int?>(nil)
let app = Application(
    // As `fundledger serve` runs it: HEAD answered as GET, and the HTTP parser's refusals as problem documents.
    router: parts.responder, server: parts.http1(logger: logger), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    services: parts.services,
    onServerRunning: { channel in listening.withLock { $0 = channel.localAddress?.port } }, logger: logger)
let serverTask = Task { try await app.runService() }
while listening.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
let port = listening.withLock { $0 }!

print("FundLedger group-commit benchmark: single events, \(options.seconds) s per configuration; \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("server: POST /v1/events over loopback HTTP, one event per request, group commit; direct: append_events, one")
print("transaction per event, a connection per writer (the CLI's path); INSERT: plain autocommit INSERT of one row")
let directPool = ConnectionPool(conninfo: conninfo, connectionCountMax: 64)
let store = PostgresEventStore(pool: directPool)
let insertConnections = try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
    for _ in 0..<64 { group.addTask { try await PostgresConnection(conninfo: conninfo) } }
    var connections: [PostgresConnection] = []
    for try await connection in group { connections.append(connection) }
    return connections
}
let insertRow = "INSERT INTO plain_events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, effective_date, prev_hash, hash) VALUES ('bench', 1, gen_random_uuid(), 'FundsNoted', 1, '\(payload)', '{}', now(), '2026-01-01', '\\x00', '\\x00')"
func insertRate(_ writers: Int) async throws -> Double {
    try await rate(writers: writers, seconds: options.seconds) { writer in
        _ = try await insertConnections[writer].execute(PostgresQuery(unsafeSQL: insertRow))
    }
}
let insertAt8 = try await insertRate(8)
print("")
print("| clients | server ev/s | direct ev/s | INSERT ev/s | server ÷ server@1 | server ÷ INSERT@8 | server ÷ direct |")
print("|---:|---:|---:|---:|---:|---:|---:|")
var serverAt1: Double?
for clients in options.clientCounts {
    let server = try serverRate(port: port, token: token, clients: clients, seconds: options.seconds)
    let direct = try await rate(writers: clients, seconds: options.seconds) { writer in
        let event = NewEvent(streamID: "direct-\(writer)", eventType: "FundsNoted", payload: payload)
        _ = try await store.append([event], expectations: [:])
    }
    let insert = try await insertRate(clients)
    if serverAt1 == nil { serverAt1 = server }
    let cells = [
        String(clients), String(format: "%.0f", server), String(format: "%.0f", direct), String(format: "%.0f", insert),
        String(format: "%.2f×", server / serverAt1!), String(format: "%.2f×", server / insertAt8), String(format: "%.2f×", server / direct),
    ]
    print("| " + cells.enumerated().map { pad($1, [7, 11, 11, 11, 17, 17, 15][$0]) }.joined(separator: " | ") + " |")
}
print("")
print(String(format: "plain autocommit INSERT with 8 writers: %.0f ev/s", insertAt8))
let stats = parts.committer.statistics.snapshot
print(String(format: "group commit: %d requests in %d batches (%.1f per batch on average)", stats.requests, stats.batches, Double(stats.requests) / Double(max(1, stats.batches))))
serverTask.cancel()
for connection in insertConnections { await connection.close() }
exit(0)
