// Provable history's costs, each next to a baseline measured in the same run (not a timed test):
// 1. appends through append_events at schema 7 (canonical v1, before recorded_by) and at the current
//    schema (v2, recorded_by), alternating rounds on two databases of the same server;
// 2. Merkle proofs as the log grows: inclusion and consistency proof times at each size next to the
//    cheapest read there is (one event by position), and the rate at which `extend_merkle_tree()` adds
//    new events to the stored tree.
//
//   make bench-proofs                                   # 10 000, 100 000 and 1 000 000 events
//   make bench-proofs PROOF_ARGS="--sizes 10000,100000"
import BenchmarkSupport
import EventStore
import Foundation
import Postgres
import PostgresEventStore
import PrivateCluster

let sizes: [Int] = {
    let arguments = CommandLine.arguments.dropFirst()
    guard let flag = arguments.firstIndex(of: "--sizes") else { return [10_000, 100_000, 1_000_000] }
    let parsed = arguments.dropFirst(flag - arguments.startIndex + 1).first?.split(separator: ",").compactMap { Int($0) } ?? []
    guard !parsed.isEmpty, parsed == parsed.sorted(), arguments.count == 2 else {
        FileHandle.standardError.write(Data("usage: ProofBenchmark [--sizes 10000,100000,1000000] (ascending)\n".utf8))
        exit(64)
    }
    return parsed
}()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func prepareDatabase(_ name: String = "fundledger_bench_proofs", throughVersion: Int = Int.max) async throws -> String {
    try await BenchmarkDatabase.recreate(name, migrator: Migrator(migrations: Migrator.embedded().migrations.filter { $0.version <= throughVersion }))
}

/// Appends events in batches of 1 000 until the log holds `size`.
func grow(_ store: PostgresEventStore, to size: Int, from current: Int) async throws {
    var count = current
    while count < size {
        let batch = min(1000, size - count)
        _ = try await store.append((0..<batch).map { index in
            NewEvent(eventID: UUID(), streamID: "bench-\((count + index) % 97)", eventType: "BenchmarkEvent",
                     payload: #"{"amount_ore": 12500000, "n": \#(count + index)}"#, organisationID: "212000-0886")
        }, expectations: [:])
        count += batch
    }
}

/// The mean time of `body` over `rounds` runs, in milliseconds.
func meanMilliseconds(rounds: Int, _ body: (Int) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    for round in 0..<rounds { try await body(round) }
    return seconds(ContinuousClock.now - start) * 1000 / Double(rounds)
}

/// Appends `rounds` × `events` events in batches of `batch` to each store in turn; events/s per store.
func compareAppends(batch: Int, events: Int, rounds: Int, stores: [PostgresEventStore]) async throws -> [Double] {
    var elapsed = [Double](repeating: 0, count: stores.count)
    for _ in 0..<rounds {
        for (index, store) in stores.enumerated() {
            let start = ContinuousClock.now
            for _ in 0..<(events / batch) {
                _ = try await store.append((0..<batch).map { n in
                    NewEvent(eventID: UUID(), streamID: "bench-\(n % 7)", eventType: "BenchmarkEvent",
                             payload: #"{"amount_ore": 12500000, "n": \#(n)}"#, organisationID: "212000-0886")
                }, expectations: [:])
            }
            elapsed[index] += seconds(ContinuousClock.now - start)
        }
    }
    return elapsed.map { Double(events * rounds) / $0 }
}

let before = ConnectionPool(conninfo: try await prepareDatabase("fundledger_bench_v1", throughVersion: 7), connectionCountMax: 1)
let after = ConnectionPool(conninfo: try await prepareDatabase("fundledger_bench_v2"), connectionCountMax: 1)
print("| append, batch | schema 7: v1 (events/s) | schema 9: v2 + recorded_by (events/s) | ratio |")
print("|---:|---:|---:|---:|")
for (batch, events) in [(1, 2000), (100, 20000)] {
    let rates = try await compareAppends(
        batch: batch, events: events, rounds: 3, stores: [PostgresEventStore(pool: before), PostgresEventStore(pool: after)])
    print(String(format: "| %d | %.0f | %.0f | %.2f× |", batch, rates[0], rates[1], rates[1] / rates[0]))
}
await before.closeAll()
await after.closeAll()
print("")

let conninfo = try await prepareDatabase()
let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 2)
let store = PostgresEventStore(pool: pool)
var generator = SystemRandomNumberGenerator()
print("| events | extend tree (events/s) | lookup one hash (ms) | inclusion proof (ms) | ratio | consistency proof (ms) | ratio | proof hashes |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
var current = 0
for size in sizes {
    try await grow(store, to: size, from: current)
    let extendStart = ContinuousClock.now
    _ = try await store.extendMerkleTree()
    let extendRate = Double(size - current) / seconds(ContinuousClock.now - extendStart)
    current = size
    let rounds = 200
    let positions = (0..<rounds).map { _ in Int64.random(in: 1...Int64(size), using: &generator) }
    let lookup = try await meanMilliseconds(rounds: rounds) { round in
        _ = try await store.readAll(after: positions[round] - 1, limit: 1)
    }
    var pathLength = 0
    let inclusion = try await meanMilliseconds(rounds: rounds) { round in
        pathLength = max(pathLength, try await store.inclusionProof(position: positions[round]).auditPath.count)
    }
    let consistency = try await meanMilliseconds(rounds: rounds) { round in
        _ = try await store.consistencyProof(first: positions[round], second: Int64(size))
    }
    print(String(format: "| %d | %.0f | %.2f | %.2f | %.1f× | %.2f | %.1f× | %d |",
                 size, extendRate, lookup, inclusion, inclusion / lookup, consistency, consistency / lookup, pathLength))
}
await pool.closeAll()
