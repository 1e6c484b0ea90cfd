import ArgumentParser
import Recording
import EventStore
import Foundation
import Yams

/// `fundledger apply FILE`: records the commands of a JSON or YAML file, all in one transaction.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Record the commands of a JSON or YAML command file, all or none (docs/recording.md).",
        discussion: """
            The file is a list of commands, or {defaults: {...}, commands: [...]}:
              - {command: disburse, fund: tomelilla, initiative: tidiga-insatser, amount: "250 000 kr",
                 department: BUN, voucher: V-17, effective_date: 2026-02-01, actor: ekonomi}
            Each field is named as its option on the command line (--period-start is period_start).
            --actor, --reason, --decision-ref and --effective-date are defaults for every entry. Rerunning
            the same file is a retry (the ids derive from its content) unless --command-id names a new batch.
            """)

    @Argument(help: "The command file (.json, .yaml or .yml; otherwise detected from the content); '-' reads stdin.")
    var file: String
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let source = file == "-" ? "stdin" : file
            let document = try CommandFile.read(utf8Text(try readInput(file), source: source, spreadsheet: false), source: source, path: file)
            try await recording.recordBatch(document.commands, source: source)
        }
    }
}
