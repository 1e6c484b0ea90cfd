// Replay throughput next to the raw read rate of the same rows, measured in the same run on one server
// (not a timed test: it prints figures and ratios).
//
//   make bench-replay                                  # 1 000, 10 000, 100 000 and 1 000 000 generated events
//   make bench-replay REPLAY_ARGS="--events 20000,100000 --wide-only"
//
// It generates two synthetic ledgers (TestSupport's SyntheticLedger: organisations, funds, initiatives with
// decisions, disbursements, savings, attributions, repayments, waivers, reversals), appends it through
// `append_events` — a wide one (events grow with funds and initiatives) and a deep one (a fixed 1 000
// initiatives, events grow with repayments), to tell what memory grows with — and then, for each size N,
// runs three measurements, each in a fresh child process so
// that its peak memory (ru_maxrss) is its own:
//   raw      COPY (SELECT … the first N events …) TO STDOUT through libpq, bytes discarded;
//   fold     LedgerReplay of the core fold (Books) over the first N events: read, decode, fold;
//   rebuild  ReadModelEngine rebuilding the SQL read models through position N (read, decode, fold, write).
// and, against the fold, two reports on one fund made from the first N events (ReportHost, as `fundledger
// report` makes them): the portfolio and the fund statement.
import BenchmarkSupport
import EventStore
import Foundation
import FundLedger
import FundStatement
import Portfolio
import Postgres
import PostgresEventStore
import PrivateCluster
import Projections
import Reporting
import TestSupport


func seconds(since start: ContinuousClock.Instant) -> Double { secondsSince(start) }

/// One measurement in this process (`ReplayMeasurements.measure`): raw and fold, or the rebuild and the reports.
func measure(_ kind: String, events: Int64, conninfo: String) async throws {
    try await ReplayMeasurements.measure(kind, events: events, conninfo: conninfo) { kind, pool in
        switch kind {
        case "rebuild":
            try await ReadModelEngine(pool: pool, readBatchEvents: 5000)
                .run(ReadModelRun(rebuildFrom: 1, through: events, commitEveryEvents: 20_000))
        case "portfolio", "fund-statement":
            let host = ReportHost(store: PostgresEventStore(pool: pool), batchSize: 5000)
            let request = ReportRequest(pluginID: kind, parameters: ["fund": "fund0"], bounds: ReplayBounds(throughPosition: events))
            let document = kind == "portfolio"
                ? try await host.run(PortfolioPlugin(), request: request) : try await host.run(FundStatementPlugin(), request: request)
            precondition(document.tables.contains { !$0.rows.isEmpty }, "the \(kind) report came out empty")
        default:
            return false
        }
        return true
    }
}


/// Prints a line of the tables at once (unbuffered), so a run that fails keeps what it measured so far.
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "--measure" {
    try await measure(arguments[2], events: Int64(arguments[3])!, conninfo: arguments[4])
    exit(0)
}
// Curves, not points: flatness shows across four sizes.
var sizes: [Int64] = [1_000, 10_000, 100_000, 1_000_000]
if let index = arguments.firstIndex(of: "--events"), index + 1 < arguments.count {
    sizes = arguments[index + 1].split(separator: ",").compactMap { Int64($0) }.sorted()
}
guard let largest = sizes.last, largest > 0 else {
    FileHandle.standardError.write(Data("usage: ReplayBenchmark [--events 1000,10000,100000,1000000] [--wide-only|--deep-only]\n".utf8))
    exit(64)
}

/// Generates `ledger` into a fresh benchmark database and prints one table row per size.
func benchmark(_ title: String, ledger: SyntheticLedger, sizes: [Int64], largest: Int64) async throws {
    let conninfo = try await BenchmarkDatabase.recreate("fundledger_replay_bench", migrator: try BenchmarkDatabase.schemaFolder())

    let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 2)
    let store = PostgresEventStore(pool: pool)
    let generateStart = ContinuousClock.now
    try await ledger.append(to: store, batchSize: 2000)
    let head = try await store.head()
    await pool.closeAll()
    guard head.position >= largest else { fatalError("generated only \(head.position) events") }
    let vacuum = try await PostgresConnection(conninfo: conninfo)
    try await vacuum.executeScript(unsafeSQL: "VACUUM ANALYZE event_store.events")
    await vacuum.close()

    emit("")
    emit("\(title): generated \(head.eventCount) events (\(ledger.funds * ledger.initiativesPerFund) initiatives) in \(String(format: "%.0f", seconds(since: generateStart))) s")
    emit("")
    emit("| events | raw COPY read (ev/s) | fold replay (ev/s) | fold / raw | fold peak memory | read-model rebuild (ev/s) | rebuild / raw | rebuild peak memory | portfolio ÷ fold (time) | fund statement ÷ fold (time) |")
    emit("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes {
        _ = try ReplayMeasurements.child("raw", events: size, conninfo: conninfo)  // warm the cache once
        // The raw read and the fold, the two sides of the main ratio, are each the median of three runs
        // (taken in turns): one run of the raw read moved by up to 25 % on this shared machine.
        var raws: [(rate: Double, peakMiB: Double)] = [], folds: [(rate: Double, peakMiB: Double)] = []
        for _ in 0..<3 {
            raws.append(try ReplayMeasurements.child("raw", events: size, conninfo: conninfo))
            folds.append(try ReplayMeasurements.child("fold", events: size, conninfo: conninfo))
        }
        let raw = raws.sorted { $0.rate < $1.rate }[1], fold = folds.sorted { $0.rate < $1.rate }[1]
        let rebuild = try ReplayMeasurements.child("rebuild", events: size, conninfo: conninfo)
        let portfolio = try ReplayMeasurements.child("portfolio", events: size, conninfo: conninfo)
        let statement = try ReplayMeasurements.child("fund-statement", events: size, conninfo: conninfo)
        func rate(_ value: Double) -> String { String(format: "%.0f", value) }
        func times(_ report: (rate: Double, peakMiB: Double)) -> String {
            String(format: "%.2f× (%.0f MiB)", fold.rate / report.rate, report.peakMiB)
        }
        emit("| \(size) | \(rate(raw.rate)) | \(rate(fold.rate)) | \(String(format: "%.2f×", fold.rate / raw.rate)) | \(String(format: "%.0f MiB", fold.peakMiB)) | \(rate(rebuild.rate)) | \(String(format: "%.2f×", rebuild.rate / raw.rate)) | \(String(format: "%.0f MiB", rebuild.peakMiB)) | \(times(portfolio)) | \(times(statement)) |")
    }
}

// A little more than the largest size, so every size is a prefix of one ledger.
let target = Int(Double(largest) * 1.2) + 2000
if !arguments.contains("--deep-only") {
    try await benchmark("Wide ledger (events grow with funds and initiatives, ≈ 13 events per initiative)",
                        ledger: SyntheticLedger.sized(events: target), sizes: sizes, largest: largest)
}
if !arguments.contains("--wide-only") {
    try await benchmark("Deep ledger (a fixed 1 000 initiatives; events grow with repayments)",
                        ledger: SyntheticLedger.deep(events: target), sizes: sizes, largest: largest)
}
