import Foundation
import FundLedger
import Postgres
import PostgresEventStore
import Projections

/// The replay measurements ReplayBenchmark and SizingBenchmark share, each run in a child process of its own
/// so that its peak memory is its own: the raw COPY read of the first N events, and the core fold over them.
public enum ReplayMeasurements {
    /// This process's peak resident memory in MiB (Linux reports KiB).
    public static func peakMemoryMiB() -> Double {
        // VmHWM is this process's own peak. `ru_maxrss` is not: Linux carries the spawning process's
        // high-water mark across `exec`, so every child reported at least its parent's size (the deep
        // ledger's 1 000-event fold showed the generator's 129 MiB).
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// One measurement in this process, printed as `events seconds peakMiB` for `child` to read: `raw`,
    /// `fold`, or a kind `other` knows (it returns false for one it does not).
    public static func measure(
        _ kind: String, events: Int64, conninfo: String,
        other: (String, ConnectionPool) async throws -> Bool = { _, _ in false }
    ) async throws {
        let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 2)
        let start = ContinuousClock.now
        var folded: ReplayResult<Books>?
        switch kind {
        case "raw": try await rawRead(events: events, conninfo: conninfo)
        case "fold": folded = try await fold(events: events, pool: pool)
        default: guard try await other(kind, pool) else { fatalError("unknown measurement \(kind)") }
        }
        let elapsed = secondsSince(start)
        // Checked, and its memory given back, after the clock stops: the fold is what is measured.
        if let folded { precondition(folded.eventsRead == Int(events) && folded.state.trialBalance().values.reduce(0, +) == 0) }
        folded = nil
        await pool.closeAll()
        print("\(events) \(elapsed) \(peakMemoryMiB())")
    }

    /// Runs one measurement in a child process of this executable (`--measure KIND EVENTS CONNINFO`, which
    /// prints `events seconds peakMiB`), so its peak memory is its own, and reads its figures back.
    public static func child(_ kind: String, events: Int64, conninfo: String) throws -> (rate: Double, peakMiB: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--measure", kind, String(events), conninfo]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard process.terminationStatus == 0, fields.count == 3 else { fatalError("\(kind) measurement failed: \(output)") }
        return (fields[0] / fields[1], fields[2])
    }

    /// `COPY (the first `events` events) TO STDOUT` through libpq, the bytes discarded.
    public static func rawRead(events: Int64, conninfo: String) async throws {
        let connection = try await PostgresConnection(conninfo: conninfo)
        var bytes = 0
        _ = try await connection.copyOut(PostgresQuery(unsafeSQL: """
            COPY (SELECT global_position, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata,
                         recorded_at, effective_date, organisation_id, prev_hash, hash
                  FROM event_store.events WHERE global_position <= \(events) ORDER BY global_position) TO STDOUT
            """)) { bytes += $0.count }
        await connection.close()
    }

    /// `LedgerReplay` of the core fold (Books) over the first `events` events: read, decode, fold.
    public static func fold(events: Int64, pool: ConnectionPool) async throws -> ReplayResult<Books> {
        try await LedgerReplay(store: PostgresEventStore(pool: pool), batchSize: 5000)
            .run(LedgerProjection(retainingEvents: false), bounds: ReplayBounds(throughPosition: events))
    }
}
