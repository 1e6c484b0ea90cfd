import ArgumentParser
import EventStore
import Foundation
import PostgresEventStore
import Projections
import Reporting

/// What `project` and `replay` run on: the database (and a replica to read the events from), one read model
/// or all, and the events per transaction.
struct ReadModelTarget: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var reads: ReadDatabaseOptions
    @Option(
        name: [.customLong("read-model"), .customLong("projection")],
        help: "Only this read model (\(CoreReadModels.all.map(\.name).joined(separator: ", "))). Default: all. --projection is the older spelling.")
    var readModel: String?
    @Option(name: .long, help: "Events per transaction.")
    var commitEvery = 5000

    func validate() throws {
        guard commitEvery > 0 else { throw ValidationError("--commit-every must be a positive number of events") }
    }

    /// The read models to run: the one named, or all.
    var names: [String] { readModel.map { [$0] } ?? CoreReadModels.all.map(\.name) }

    /// The engine: events from `--read-database` when given, rows and checkpoints to `--database`.
    func engine() async throws -> ReadModelEngine {
        ReadModelEngine(pool: try await database.writingPool(connectionCountMax: 2), readPool: try await reads.connectedPool(connectionCountMax: 2))
    }
}

/// `fundledger project`: brings the SQL read models up to date from their checkpoints.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Bring the read models (schema read_models) up to date from their checkpoints; --follow keeps them live.",
        discussion: "Each batch commits with its checkpoint, so an interrupted run loses and repeats nothing. See docs/read-models.md.")

    @OptionGroup var target: ReadModelTarget
    @Flag(name: .long, help: "Keep running and apply new events as they are appended (until interrupted).")
    var follow = false
    func run() async throws {
        try await reportingErrors {
            let engine = try await target.engine()
            let request = ReadModelRun(names: target.names, follow: follow, commitEveryEvents: target.commitEvery)
            try await runReadModels(engine, request, label: "project")
        }
    }
}

/// `fundledger replay`: rebuilds read models from scratch or from a position.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the read models from the log: from scratch, or from --from POS (rows derived from POS on are rewritten).",
        discussion: "Shows a progress bar on a terminal, nothing in pipes. `fundledger status` then shows each read model's checksum: rebuilding twice gives the same one.")

    @OptionGroup var target: ReadModelTarget
    @Option(name: .long, help: "First position to rebuild from; 1 rebuilds from scratch.")
    var from: Int64 = 1
    @Option(name: .long, help: "Last position to apply (default: the head). The read models then show the ledger as of that position.")
    var to: Int64?
    func validate() throws {
        guard from >= 1 else { throw ValidationError("--from must be a position of 1 or more") }
        if let to, to < from - 1 { throw ValidationError("--to (\(to)) must not be before --from (\(from))") }
    }

    func run() async throws {
        try await reportingErrors {
            let engine = try await target.engine()
            let request = ReadModelRun(names: target.names, rebuildFrom: from, through: to, commitEveryEvents: target.commitEvery)
            try await runReadModels(engine, request, label: "replay")
        }
    }
}

private func runReadModels(_ engine: ReadModelEngine, _ request: ReadModelRun, label: String) async throws {
    try await PostgresEventStore(pool: engine.pool).requireWholeLog(for: label)
    let bar = ProgressBar(label: label)
    let started = Date()
    // Following, the projector never ends: each time it catches up it says where it is (one line on stderr),
    // so an operator reading a service's log can see it is alive and current.
    let announcer = CatchUpAnnouncer(enabled: request.follow)
    let outcomes = try await engine.run(request) { done, total in
        bar.update(done: done, total: total)
        announcer.caughtUp(done: done, total: total)
    }
    bar.finish()
    let seconds = Date().timeIntervalSince(started)
    for outcome in outcomes {
        let note = outcome.rebuiltForNewVersion ? " (rebuilt: its code version changed)" : ""
        print("\(outcome.name): at position \(outcome.checkpoint)\(note)")
    }
    FileHandle.standardError.write(Data(String(format: "\(label) took %.2f s\n", seconds).utf8))
}
