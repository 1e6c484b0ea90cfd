import Recording
import ArgumentParser
import EventStore
import FundLedger
import Foundation

/// `fundledger append`: appends events given as JSON lines, all in one atomic append.
struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from JSON lines (a file or stdin), all or nothing.",
        discussion: """
            One event per line: {"stream_id": "fund-1", "event_type": "FundEstablished", "payload": {...}, \
            "event_id": "<uuid; recommended, it makes retries safe>", "metadata": {...}, "schema_version": 1, \
            "effective_date": "2026-01-31", "organisation_id": "212000-1124", \
            "expected_version": "any" | "no_stream" | "exists" | <version>}

            Prints one JSON line per event with its global position, stream version and hash.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "JSON lines file; '-' or nothing reads stdin.")
    var file: String?
    @Flag(name: .long, help: "Allow fund-ledger event types in fund-/organisation- streams, bypassing the ledger's rules (repair only).")
    var raw = false

    func run() async throws {
        try await reportingErrors {
            let (events, expectations) = try AppendInput.parse(try readInput(file), source: file.map { $0 == "-" ? "stdin" : $0 } ?? "stdin")
            if !raw, let event = events.first(where: AppendInput.bypassesLedgerRules) {
                throw UserError(
                    description: "\(event.eventType) in \(event.streamID) is a fund-ledger event: record it with the fundledger commands so the fund's rules are checked (docs/recording.md), or pass --raw to append it unchecked (repair only); nothing was written",
                    exitCode: ExitStatus.badInput)
            }
            let appended = try await database.writingStore().append(events, expectations: expectations)
            appended.forEach { print($0.jsonLine) }
        }
    }
}
