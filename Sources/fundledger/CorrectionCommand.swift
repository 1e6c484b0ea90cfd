import ArgumentParser
import Recording
import EventStore
import Foundation

/// `fundledger correction reverse`.
struct CorrectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correction",
        abstract: "Correct an earlier event.",
        subcommands: [Reverse.self])

    struct Reverse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reverse an earlier money event (once); say why with --reason.",
            discussion: """
                Name the event by its voucher (a disbursement), its position or its id; the command prints what                 it reverses before writing, and --dry-run prints only that. Examples:
                  fundledger correction reverse --fund tomelilla --voucher V-17 --reason "wrong amount" --effective-date 2026-03-01
                  fundledger correction reverse --fund tomelilla --position 9 --reason "booked twice" --dry-run
                """)

        @Option(help: "The fund's id.")
        var fund: String
        @Option(help: "The voucher of the disbursement to reverse (one not yet reversed; see --year).")
        var voucher: String?
        @Option(help: "With --voucher: the fiscal year the voucher was used in, when it was used in several.")
        var year: Int?
        @Option(help: "The global position of the event to reverse (as `read`, `status` and reports show).")
        var position: Int64?
        @Option(help: "The id of the event to reverse (see `fundledger read --stream fund-<id>`).")
        var event: String?
        @Flag(help: "Print what would be reversed and write nothing.")
        var dryRun = false
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            let given = [voucher != nil, position != nil, event != nil].filter { $0 }.count
            guard given == 1 else { throw ValidationError("name the event to reverse with exactly one of --voucher, --position and --event") }
            if year != nil && voucher == nil { throw ValidationError("--year goes with --voucher") }
            if let event, UUID(uuidString: event) == nil { throw ValidationError("--event must be an event id (a UUID), got \(Identifier.quoted(event))") }
            if let position, position < 1 { throw ValidationError("--position must be 1 or more") }
        }

        func run() async throws {
            var eventID: UUID?
            try await reportingErrors {
                let target = try await CorrectionTarget.resolve(
                    fundID: fund, eventID: event.flatMap(UUID.init(uuidString:)), position: position, voucher: voucher, year: year,
                    store: try recording.database.store())
                if recording.json || dryRun { FileHandle.standardError.write(Data((target.summary + "\n").utf8)) } else { print(target.summary) }
                eventID = target.event.eventID
            }
            guard !dryRun, let eventID else { return }
            try await recording.record(CommandCatalog.reverse, ["fund": .text(fund), "event": .text(eventID.uuidString.lowercased())])
        }
    }
}
