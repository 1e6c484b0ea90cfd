// Sizing (issue 17; docs/scaling.md): what a region's network costs on disk, and how appends and replays
// behave as the log grows to millions of events. Not a timed test: it prints figures, each rate next to a
// baseline measured in the same run.
//
//   make bench-sizing                                           # a 5-year network; 200 000 events
//   make bench-sizing SIZING_ARGS="--events 1000000,10000000"   # the figures in docs/scaling.md
//
// 1. The network (Network.swift): Region Skåne and its 33 municipalities, one to three funds each, recorded
//    year by year through the Recorder — command documents as `fundledger apply` reads them, accounting
//    rows as `fundledger import-rows` reads them — so every event is what `append_events` stores on the real
//    path. Then the Merkle tree is extended, the read models are built, and the sizes of every relation are
//    printed per event and per organisation-year.
// 2. Partitioned against plain (--partitioned N, 0 to skip): the first N events of the copies below appended
//    to two databases in alternating rounds, one converted by tools/partition-events.sql into partitions of
//    N/4 positions: the append rate's ratio and the bytes per event, with event_keys.
// 3. Scale: copies of that network (organisation numbers, fund, initiative and event ids renamed; the same
//    events otherwise), interleaved as networks recording side by side, appended in batches through
//    `append_events` to the largest size of --events, the append rate printed for every tenth of it (per
//    million at 10 000 000). Then, for each size, the raw COPY read rate of the first N events and the fold
//    (ReplayBenchmark's, in a child process) over the same events.
import BenchmarkSupport
import EventStore
import Foundation
import FundLedger
import Postgres
import PostgresEventStore
import Projections
import Recording

let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "--measure" {
    try await ReplayMeasurements.measure(arguments[2], events: Int64(arguments[3])!, conninfo: arguments[4])
    exit(0)
}

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let years = option("--years").flatMap(Int.init) ?? 5
let sizes: [Int64] = (option("--events") ?? "200000").split(separator: ",").compactMap { Int64($0) }.sorted()
let batch = option("--batch").flatMap(Int.init) ?? 2000
let partitionedEvents = option("--partitioned").flatMap(Int.init) ?? 200_000
let keep = arguments.contains("--keep")
guard years > 0, let largest = sizes.last, largest > 0, (1...10_000).contains(batch) else {
    FileHandle.standardError.write(Data("usage: SizingBenchmark [--years 5] [--events 200000[,…]] [--batch 2000] [--partitioned 200000|0] [--network-only|--partitioned-only] [--keep]\n".utf8))
    exit(64)
}
func say(_ line: String) { print(line) }

// MARK: 1. The network, recorded through the Recorder

let networkDatabase = "fundledger_sizing_network"
let networkConninfo = try await BenchmarkDatabase.recreate(networkDatabase, migrator: try BenchmarkDatabase.schemaFolder())
/// The size of a freshly migrated database (catalogue, empty tables): subtracted, so the whole database's
/// bytes per event are what the events brought.
let emptyDatabaseBytes = try await StorageSizes.databaseBytes(networkConninfo)
var network = Network(years: years)
let recordings = network.recordings()
do {
    let pool = ConnectionPool(conninfo: networkConninfo, connectionCountMax: 4)
    let service = LedgerService(store: PostgresEventStore(pool: pool))
    let defaults = MetadataDefaults(actor: "ekonomi", effectiveDate: CivilDate(year: 2021, month: 1, day: 1)!)
    let started = ContinuousClock.now
    var commandCount = 0
    for recording in recordings {
        switch recording {
        case .commands(let source, let json):
            let document = try CommandFile.read(json, source: source, path: source)
            commandCount += document.commands.count
            _ = try await Recorder(service: service, defaults: defaults).recordBatch(document.commands, source: source)
        case .rows(let source, let kind, let fund, let csv):
            var pending = try RowFile.read(csv, kind: RowKind(rawValue: kind)!, source: source, path: source)
            for index in pending.indices { pending[index].input.setDefault("fund", .text(fund)) }
            commandCount += pending.count
            let organisation = network.organisations.first { $0.funds.contains(fund) }!
            _ = try await Recorder(service: service, metadata: ["actor": .text("ekonomi-\(Network.slug(organisation.name))")], defaults: defaults)
                .recordBatch(pending, source: source)
        }
    }
    let recordSeconds = secondsSince(started)
    let head = try await PostgresEventStore(pool: pool).head()
    let merkleStarted = ContinuousClock.now
    let connection = try await PostgresConnection(conninfo: networkConninfo)
    _ = try await connection.query("SELECT event_store.extend_merkle_tree()")
    let merkleSeconds = secondsSince(merkleStarted)
    let projectStarted = ContinuousClock.now
    try await ReadModelEngine(pool: pool, readBatchEvents: 5000).run(ReadModelRun(commitEveryEvents: 20_000))
    let projectSeconds = secondsSince(projectStarted)
    await pool.closeAll()

    let events = head.position
    let funds = network.organisations.reduce(0) { $0 + $1.funds.count }
    say("")
    say("## The network: \(network.organisations.count) organisations, \(funds) funds, \(years) years (\(network.organisationYears) organisation-years)")
    say("")
    say("Recorded \(grouped(events)) events from \(recordings.count) files (\(grouped(Int64(commandCount))) commands and rows) through the Recorder in \(String(format: "%.0f", recordSeconds)) s; Merkle tree \(String(format: "%.1f", merkleSeconds)) s; read models \(String(format: "%.1f", projectSeconds)) s.")
    say("")
    let lastYear = network.firstYear + years - 1
    let steady = try await connection.query("""
        SELECT count(*) FILTER (WHERE effective_date >= make_date(\(lastYear), 1, 1)),
               count(DISTINCT organisation_id),
               count(*) FILTER (WHERE jsonb_typeof(metadata -> 'shared_with') = 'array')
        FROM event_store.events
        """)[0]
    let lastYearEvents: Int64 = try steady.decode(at: 0)
    let sharedEvents: Int64 = try steady.decode(at: 2)
    say("Events per organisation-year: \(String(format: "%.0f", Double(events) / Double(network.organisationYears))) on average; \(String(format: "%.0f", Double(lastYearEvents) / Double(network.organisations.count))) in \(lastYear), the last year (every initiative phase running). Events shared with the region: \(grouped(sharedEvents)).")
    say("")
    let storage = try await StorageSizes.measure(networkConninfo, readModels: true, emptyDatabase: emptyDatabaseBytes)
    for line in storage.table(events: events, organisationYears: network.organisationYears) { say(line) }
    say("")
    say("In \(lastYear) alone: \(grouped(lastYearEvents)) events ≈ \(grouped(Int64(Double(storage.database - emptyDatabaseBytes) / Double(events) * Double(lastYearEvents) / Double(network.organisations.count)))) bytes per organisation (the database's bytes per event, less an empty one's, × that year's events per organisation).")
    say("")
    say("| event type | events | share | stored row, average bytes (pg_column_size) | payload text, average bytes |")
    say("|---|---:|---:|---:|---:|")
    for row in try await connection.query("""
        SELECT event_type, count(*), avg(pg_column_size(e.*))::bigint, avg(octet_length(payload::text))::bigint
        FROM event_store.events e GROUP BY event_type ORDER BY count(*) DESC, event_type
        """) {
        let count: Int64 = try row.decode(at: 1)
        say("| \(try row.decode(String.self, at: 0)) | \(grouped(count)) | \(String(format: "%.1f %%", 100 * Double(count) / Double(events))) | \(try row.decode(Int64.self, at: 2)) | \(try row.decode(Int64.self, at: 3)) |")
    }
    await connection.close()
}
if arguments.contains("--network-only") { exit(0) }

// MARK: 2. Partitioned against plain: the same events into both, in alternating rounds

let base = try await BaseEvent.readAll(networkConninfo)
if partitionedEvents > 0 {
    let procedure = try String(contentsOf: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("tools/partition-events.sql"), encoding: .utf8)
    let positions = max(1, partitionedEvents / 4)
    /// Plain; partitioned as the procedure leaves it; partitioned without event_keys (append_events' own
    /// checks only), to tell what the keys cost from what the partitions cost.
    let variants = ["plain", "partitioned", "partitioned, no event_keys"]
    var conninfos: [String] = []
    for (index, variant) in variants.enumerated() {
        let conninfo = try await BenchmarkDatabase.recreate("fundledger_sizing_variant\(index)", migrator: try BenchmarkDatabase.schemaFolder())
        conninfos.append(conninfo)
        guard variant != "plain" else { continue }
        let admin = try await PostgresConnection(conninfo: conninfo)
        try await admin.executeScript(unsafeSQL: procedure)
        _ = try await admin.query("SELECT event_store.partition_events(\(Int64(positions)), 1)")
        if variant.contains("no event_keys") {
            try await admin.executeScript(unsafeSQL: "ALTER TABLE event_store.events DISABLE TRIGGER events_keys")
        }
        await admin.close()
    }
    let events = copiedEvents(of: base, count: partitionedEvents)
    let pools = conninfos.map { ConnectionPool(conninfo: $0, connectionCountMax: 1) }
    var seconds = [Double](repeating: 0, count: variants.count)
    let rounds = 12
    for round in 0..<rounds {
        let part = Array(events[(round * events.count / rounds)..<((round + 1) * events.count / rounds)])
        // Each variant first, second and third in turn; what cron would do between rounds: a partition ahead.
        for offset in 0..<variants.count {
            let index = (round + offset) % variants.count
            if index > 0 { _ = try await pools[index].withConnection { try await $0.query("SELECT event_store.add_event_partitions(1)") } }
            let store = PostgresEventStore(pool: pools[index])
            let began = ContinuousClock.now
            for start in stride(from: 0, to: part.count, by: batch) {
                _ = try await store.append(Array(part[start..<min(start + batch, part.count)]), expectations: [:])
            }
            seconds[index] += secondsSince(began)
        }
    }
    for pool in pools { await pool.closeAll() }
    let count = Double(events.count)
    let plainBytes = try await StorageSizes.measure(conninfos[0], readModels: false).eventsTotal
    say("")
    say("## Partitioned against plain: the same \(grouped(Int64(events.count))) events into each, \(rounds) rounds taking turns, batches of \(batch), partitions of \(grouped(Int64(positions))) positions")
    say("")
    say("| events table | append (ev/s) | ÷ plain | events' bytes per event | event_keys bytes per event | all ÷ plain |")
    say("|---|---:|---:|---:|---:|---:|")
    say("| plain (as migrated) | \(String(format: "%.0f", count / seconds[0])) | 1.00× | \(String(format: "%.0f", Double(plainBytes) / count)) | — | 1.00× |")
    for index in 1..<variants.count {
        let bytes = try await partitionedBytes(conninfos[index])
        say("| \(variants[index]) | \(String(format: "%.0f", count / seconds[index])) | \(String(format: "%.2f×", seconds[0] / seconds[index])) | \(String(format: "%.0f", Double(bytes.partitions) / count)) | \(String(format: "%.0f", Double(bytes.keys) / count)) | \(String(format: "%.2f×", Double(bytes.partitions + bytes.keys) / Double(plainBytes))) |")
    }
    // Converting a log that holds events: the plain database, as an operator would.
    let convert = try await PostgresConnection(conninfo: conninfos[0])
    try await convert.executeScript(unsafeSQL: procedure)
    let converting = ContinuousClock.now
    _ = try await convert.query("SELECT event_store.partition_events(\(Int64(positions)), 1)")
    let conversionSeconds = secondsSince(converting)
    await convert.close()
    say("")
    say("Converting the plain database afterwards (\(grouped(Int64(events.count))) events; the table kept as the first partition, every key copied into event_keys) took \(String(format: "%.1f", conversionSeconds)) s, \(String(format: "%.0f", count / conversionSeconds)) events/s.")
    if !keep {
        let server = try await PostgresConnection(conninfo: BenchmarkDatabase.serverConninfo())
        for index in variants.indices { try await server.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS fundledger_sizing_variant\(index) WITH (FORCE)") }
        await server.close()
    }
}
if arguments.contains("--partitioned-only") {
    if !keep {
        let server = try await PostgresConnection(conninfo: BenchmarkDatabase.serverConninfo())
        try await server.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(networkDatabase) WITH (FORCE)")
        await server.close()
    }
    exit(0)
}

// MARK: 3. Scale: copies of the network, appended in batches; replay against the raw read

let scaleDatabase = "fundledger_sizing_scale"
let scaleConninfo = try await BenchmarkDatabase.recreate(scaleDatabase, migrator: try BenchmarkDatabase.schemaFolder())
let step = Int(largest) / 10
let copies = (Int(largest) + base.count - 1) / base.count
say("")
say("## \(grouped(largest)) events: \(copies) copies of the network (\(grouped(Int64(base.count))) events each), interleaved, appended in batches of \(batch) through append_events")
say("")
let pool = ConnectionPool(conninfo: scaleConninfo, connectionCountMax: 2)
let appendStarted = ContinuousClock.now
let steps = try await appendCopies(of: base, to: PostgresEventStore(pool: pool), target: Int(largest), step: step, batch: batch)
let appendWall = secondsSince(appendStarted)
await pool.closeAll()
say("| events | append (ev/s) | ÷ the first \(grouped(Int64(step))) |")
say("|---|---:|---:|")
let firstRate = Double(steps[0].events) / steps[0].seconds
for (index, part) in steps.enumerated() {
    let rate = Double(part.events) / part.seconds
    say("| \(grouped(Int64(index * step + 1)))–\(grouped(Int64(min((index + 1) * step, Int(largest))))) | \(String(format: "%.0f", rate)) | \(String(format: "%.2f×", rate / firstRate)) |")
}
let inAppend = steps.reduce(0) { $0 + $1.seconds }
say("")
say("All \(grouped(largest)): \(String(format: "%.0f", Double(largest) / inAppend)) ev/s inside append_events (\(String(format: "%.0f", inAppend)) s; \(String(format: "%.0f", appendWall)) s with making the copies).")
say("")
let scaleSizes = try await StorageSizes.measure(scaleConninfo, readModels: false, emptyDatabase: emptyDatabaseBytes)
for line in scaleSizes.table(events: largest, organisationYears: nil) where !line.contains("merkle") && !line.contains("snapshots") { say(line) }
say("")
say("| events | raw COPY read (ev/s) | fold replay (ev/s) | fold ÷ raw | fold peak memory |")
say("|---:|---:|---:|---:|---:|")
for size in sizes {
    _ = try ReplayMeasurements.child("raw", events: size, conninfo: scaleConninfo)  // warm the cache once
    let raw = try ReplayMeasurements.child("raw", events: size, conninfo: scaleConninfo)
    let fold = try ReplayMeasurements.child("fold", events: size, conninfo: scaleConninfo)
    say("| \(grouped(size)) | \(String(format: "%.0f", raw.rate)) | \(String(format: "%.0f", fold.rate)) | \(String(format: "%.2f×", fold.rate / raw.rate)) | \(String(format: "%.0f MiB", fold.peakMiB)) |")
}
if !keep {
    let admin = try await PostgresConnection(conninfo: BenchmarkDatabase.serverConninfo())
    try await admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(scaleDatabase) WITH (FORCE)")
    try await admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(networkDatabase) WITH (FORCE)")
    await admin.close()
}
