// Append throughput of the event store next to plain INSERT and COPY of the same rows into a
// same-shaped table without constraints, all measured in one run on one server (not a timed test).
//
//   make bench                         # private cluster, 4000 events per configuration
//   make bench BENCH_ARGS="--events 20000"
//   FUNDLEDGER_BENCH_DATABASE_URL=postgresql://… .build/release/AppendBenchmark
//
// For every (batch size, writer count) it appends N events through `append_events`, then stores the same
// N rows with one multi-row INSERT per batch (autocommit; a plain INSERT for batch size 1) and with one
// COPY per batch, so all three pay the same number of commits. Prints events/s and the ratios.
// The three take turns in `--rounds` rounds of N/rounds events each (default 3) and each figure is the
// median of its rounds, so a burst of load on a shared machine hits all three alike, not one of them.
import BenchmarkSupport
import EventStore
import Foundation
import Postgres
import PostgresEventStore
import PrivateCluster

struct Options {
    var events = 4000
    var batchSizes = [1, 10, 100]
    var writerCounts = [1, 4, 16]
    var rounds = 3

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--events": events = Int(iterator.next() ?? "") ?? events
            case "--batch-sizes": batchSizes = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--writers": writerCounts = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--rounds": rounds = max(1, Int(iterator.next() ?? "") ?? rounds)
            default:
                FileHandle.standardError.write(Data("usage: AppendBenchmark [--events N] [--batch-sizes 1,10,100] [--writers 1,4,16] [--rounds 3]\n".utf8))
                exit(64)
            }
        }
    }
}

let payload = #"{"amount_ore": 12500000, "currency": "SEK", "department": "Socialförvaltningen", "voucher": "V-2026-117"}"#
let metadata = #"{"actor": "ekonomi@kommun.se", "reason": "benchmark"}"#

/// Creates (or recreates) the benchmark database, migrated, with the baseline table.
func prepareDatabase() async throws -> String {
    let conninfo = try await BenchmarkDatabase.recreate("fundledger_bench", migrator: try BenchmarkDatabase.schemaFolder())
    let connection = try await PostgresConnection(conninfo: conninfo)
    try await connection.executeScript(unsafeSQL: """
        CREATE TABLE plain_events (
            global_position bigint, stream_id text, stream_version bigint, event_id uuid, event_type text,
            schema_version integer, payload jsonb, metadata jsonb, recorded_at timestamptz, effective_date date,
            organisation_id text, prev_hash bytea, hash bytea);
        """)
    await connection.close()
    return conninfo
}

/// Runs `writers` tasks that each do `batches` rounds of `work`; returns events per second.
func measure(events: Int, batchSize: Int, writers: Int, _ work: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> Double {
    let batchesPerWriter = events / batchSize / writers
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in 0..<writers {
            group.addTask {
                for batch in 0..<batchesPerWriter { try await work(writer, batch) }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(batchesPerWriter * writers * batchSize) / seconds
}

/// One row of the baseline table as a VALUES tuple and as a COPY text line.
struct PlainRow {
    static let hash = String(repeating: "ab", count: 32)
    let position: Int

    var values: String {
        "(\(position), 'bench-\(position / 100)', \(position % 100 + 1), '\(UUID().uuidString.lowercased())', 'FundsDisbursed', 1, '\(payload)', '\(metadata)', now(), '2026-01-01', '212000-1124', '\\x\(Self.hash)', '\\x\(Self.hash)')"
    }

    var copyLine: String {
        [String(position), "bench-\(position / 100)", String(position % 100 + 1), UUID().uuidString.lowercased(),
         "FundsDisbursed", "1", payload, metadata, "2026-01-01 00:00:00+00", "2026-01-01", "212000-1124",
         "\\\\x\(Self.hash)", "\\\\x\(Self.hash)"].joined(separator: "\t")
    }
}


let options = Options(arguments: CommandLine.arguments)
let conninfo = try await prepareDatabase()
print("FundLedger append benchmark: \(options.events) events per configuration in \(options.rounds) rounds (medians), payload \(payload.utf8.count) bytes")
print("server: PostgreSQL via \(conninfo.contains("host='/") ? "Unix socket" : "network"), synchronous_commit on; \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("")
print("| batch | writers | append ev/s | INSERT ev/s | COPY ev/s | append ÷ INSERT | append ÷ COPY |")
print("|------:|--------:|------------:|------------:|----------:|----------------:|--------------:|")
for batchSize in options.batchSizes {
    for writers in options.writerCounts {
        let connections = try await (0..<writers).asyncMap { _ in try await PostgresConnection(conninfo: conninfo) }
        let store = PostgresEventStore(pool: ConnectionPool(conninfo: conninfo, connectionCountMax: writers))
        let perRound = options.events / options.rounds
        var appendRates: [Double] = [], insertRates: [Double] = [], copyRates: [Double] = []
        for round in 0..<options.rounds {
            appendRates.append(try await measure(events: perRound, batchSize: batchSize, writers: writers) { writer, batch in
                let events = (0..<batchSize).map { _ in
                    NewEvent(streamID: "w\(writers)-b\(batchSize)-\(writer)-r\(round)-\(batch / 10)", eventType: "FundsDisbursed",
                             payload: payload, metadata: metadata, effectiveDate: CivilDate("2026-01-01"), organisationID: "212000-1124")
                }
                _ = try await store.append(events, expectations: [:])
            })
            insertRates.append(try await measure(events: perRound, batchSize: batchSize, writers: writers) { writer, batch in
                let rows = (0..<batchSize).map { PlainRow(position: batch * batchSize + $0).values }.joined(separator: ", ")
                try await connections[writer].execute(PostgresQuery(unsafeSQL: "INSERT INTO plain_events VALUES \(rows)"))
            })
            copyRates.append(try await measure(events: perRound, batchSize: batchSize, writers: writers) { writer, batch in
                let lines = (0..<batchSize).map { PlainRow(position: batch * batchSize + $0).copyLine }
                try await connections[writer].copyIn("COPY plain_events FROM STDIN", rows: lines)
            })
        }
        let appendRate = median(appendRates), insertRate = median(insertRates), copyRate = median(copyRates)
        for connection in connections { await connection.close() }
        await store.pool.closeAll()
        print("| \(pad(String(batchSize), 5)) | \(pad(String(writers), 7)) | \(pad(String(Int(appendRate)), 11)) | \(pad(String(Int(insertRate)), 11)) | \(pad(String(Int(copyRate)), 9)) | \(pad(String(format: "%.2f×", appendRate / insertRate), 15)) | \(pad(String(format: "%.2f×", appendRate / copyRate), 13)) |")
    }
}
// Where a single append's time goes, as seen from Swift: a bare round trip, the same through the pool,
// and the append function called directly (no batch building or validation in Swift).
do {
    let rounds = 1000
    let connection = try await PostgresConnection(conninfo: conninfo)
    let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 1)
    func perCall(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        for _ in 0..<rounds { try await body() }
        let elapsed = ContinuousClock.now - start
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(rounds) * 1e6
    }
    let bare = try await perCall { try await connection.query("SELECT 1") }
    let pooled = try await perCall { _ = try await pool.withConnection { try await $0.query("SELECT 1") } }
    let store = PostgresEventStore(pool: pool)
    let viaStore = try await perCall {
        _ = try await store.append([NewEvent(streamID: "overhead", eventType: "FundsDisbursed", payload: payload, metadata: metadata)], expectations: [:])
    }
    let direct = try await perCall {
        let batch = PostgresEventStore.batchDocument(
            [NewEvent(streamID: "overhead", eventType: "FundsDisbursed", payload: payload, metadata: metadata)], expectations: [:])
        try await connection.query("SELECT * FROM event_store.append_events(\(batch)::jsonb)")
    }
    print("")
    print("single-call latency (µs, \(rounds) calls each): SELECT 1 \(Int(bare)), through the pool \(Int(pooled)), append_events direct \(Int(direct)), store.append \(Int(viaStore))")
    await connection.close()
    await pool.closeAll()
}

let verifier = try await PostgresEventStore(pool: ConnectionPool(conninfo: conninfo, connectionCountMax: 1)).verifyChain()
if case .verified(let head) = verifier {
    print("\nchain verified after the run: \(head.eventCount) events, head \(head.hash.hex.prefix(16))…")
} else {
    print("\nchain did NOT verify after the run: \(verifier)")
    exit(1)
}

extension Range where Bound == Int {
    func asyncMap<T>(_ transform: (Int) async throws -> T) async throws -> [T] {
        var out: [T] = []
        for value in self { out.append(try await transform(value)) }
        return out
    }
}
