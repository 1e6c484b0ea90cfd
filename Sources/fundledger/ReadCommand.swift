import Reporting
import Server
import ArgumentParser
import EventStore
import Foundation

/// `fundledger read`: prints events as JSON lines.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print a stream's events, or the whole log, as JSON lines.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "Read only this stream.")
    var stream: String?
    @Option(name: .long, help: "With --stream: first stream version to print.")
    var fromVersion: Int64 = 1
    @Option(name: .long, help: "Without --stream: print events after this global position.")
    var after: Int64 = 0
    @Option(name: .long, help: "Print at most this many events (default: all).")
    var limit: Int?
    @Option(name: .long, help: "Events fetched per round trip.")
    var batchSize = 1000

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard fromVersion > 0 else { throw ValidationError("--from-version must be 1 or more") }
        guard after >= 0 else { throw ValidationError("--after must be 0 or more") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() async throws {
        try await reportingErrors {
            let store = try database.store()
            let output = try LineSink(nil)
            var remaining = limit ?? Int.max
            var nextVersion = fromVersion
            var position = after
            while remaining > 0 {
                let size = min(batchSize, remaining)
                let batch = if let stream {
                    try await store.readStream(stream, fromVersion: nextVersion, limit: size)
                } else {
                    try await store.readAll(after: position, limit: size)
                }
                for event in batch { try output.write(EventLine.text(event)) }
                try output.flush()
                guard let last = batch.last, batch.count == size else { break }
                remaining -= batch.count
                nextVersion = last.streamVersion + 1
                position = last.globalPosition
            }
            try output.finish()
        }
    }
}
