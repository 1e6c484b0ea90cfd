import ArgumentParser
import EventStore
import Foundation
import FundLedger
import Recording

/// Options every recording command shares: the database, who records, why, when it takes effect, and an
/// optional command id that makes a retry safe. Their help comes from the catalogue (`CommandField`).
struct RecordingOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp(CommandField.actor.help))
    var actor: String?
    @Option(help: ArgumentHelp(CommandField.reason.help))
    var reason: String?
    @Option(name: .customLong("decision-ref"), help: ArgumentHelp(CommandField.decisionRef.help))
    var decisionRef: String?
    @Option(help: ArgumentHelp(CommandField.effectiveDate.help))
    var effectiveDate: String?
    @Option(help: ArgumentHelp(CommandField.commandID.help))
    var commandId: String?
    @Option(name: .customLong("share-with"), help: ArgumentHelp(CommandField.shareWith.help, valueName: "ORG"))
    var shareWith: [String] = []
    @Flag(help: "Print one JSON line per recorded event instead of text.")
    var json = false

    /// The metadata as fields, for the same checks a command file gets.
    var metadataFields: [String: FieldValue] {
        let given: [(CommandField, String?)] = [
            (.actor, actor), (.reason, reason), (.decisionRef, decisionRef), (.effectiveDate, effectiveDate), (.commandID, commandId),
        ]
        var fields = Dictionary(uniqueKeysWithValues: given.compactMap { field, value in value.map { (field.name, FieldValue.text($0)) } })
        if !shareWith.isEmpty { fields[CommandField.shareWith.name] = .list(shareWith) }
        return fields
    }

    func recorder() async throws -> Recorder {
        Recorder(service: LedgerService(store: try await database.writingStore()), metadata: metadataFields, defaults: try .fromEnvironment())
    }

    /// Records one command typed on the command line: reads its fields (a malformed one exits 65 naming
    /// the option), records it (a broken rule exits 6), and prints what was written.
    func record(_ kind: CommandKind, commandLine arguments: [String]) async throws {
        try await reportingErrors {
            try await record(kind, CommandLineFields.parse(arguments, for: kind))
        }
    }

    /// Records one command from fields given as options.
    func record(_ kind: CommandKind, _ fields: [String: FieldValue]) async throws {
        try await reportingErrors {
            printOutcome(try await recorder().record(kind, fields, origin: kind.commandLineOrigin))
        }
    }

    /// Records one valuation command typed on the command line.
    func record(_ kind: ValuationKind, commandLine arguments: [String]) async throws {
        try await reportingErrors {
            let fields = try CommandLineFields.parse(arguments, for: kind)
            printOutcome(try await recorder().record(kind, fields, origin: kind.commandLineOrigin))
        }
    }

    /// Records the commands read from a file, all or none; the options given here are defaults for every
    /// entry, and `--command-id` names the batch.
    func recordBatch(_ pending: [PendingCommand], source: String) async throws {
        printOutcome(try await recorder().recordBatch(pending, source: source))
    }

    /// Prints what a recording did (`RecordingOutcome.lines`): text, or JSON lines with `--json`.
    func printOutcome(_ outcome: RecordingOutcome) {
        for line in outcome.lines(json: json) { print(line) }
    }
}
