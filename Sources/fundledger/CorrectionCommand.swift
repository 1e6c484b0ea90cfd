import ArgumentParser
import Recording
import EventStore
import FundLedger
import Foundation

/// `fundledger correction reverse` and `fundledger correction skip`.
struct CorrectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correction",
        abstract: "Correct an earlier event.",
        subcommands: [Reverse.self, Skip.self])

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

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a stored event the ledger cannot read is skipped, so folds go on past it.",
            discussion: """
                An event appended raw with a malformed payload or an amount beyond the ledger's limits stops every
                replay, report and command that reads it, naming its id. The skip is an event of its own in the same
                stream (the skipped one stays in the log); it is refused for an event the ledger reads, which a
                reversal corrects instead (docs/ledger-model.md, Limits on amounts). Example:
                  fundledger correction skip --event 469ae772-b022-41e9-bb76-3b7e68efaf63 --reason "appended by hand, amount mistyped"
                """)

        @Option(help: "The id of the unreadable event, as the error that stopped the fold names it.")
        var event: String
        @Option(help: "Why it is skipped; kept with the skip.")
        var reason: String
        @Option(help: "Who records the skip (default: $USER).")
        var actor: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if UUID(uuidString: event) == nil { throw ValidationError("--event must be an event id (a UUID), got \(Identifier.quoted(event))") }
        }

        func run() async throws {
            try await reportingErrors {
                if let problem = FreeText.problem(reason, "--reason") { throw UserError(description: problem, exitCode: ExitStatus.badInput) }
                let service = LedgerService(store: try await database.writingStore())
                let actor = try actor ?? MetadataDefaults.fromEnvironment().actor
                let (skipped, skip) = try await service.skipUnreadable(UUID(uuidString: event)!, reason: reason, actor: actor)
                print("skipped the event at position \(skipped.globalPosition) (\(skipped.eventType)) in \(skipped.streamID); the skip is at position \(skip.globalPosition)")
            }
        }
    }
}
