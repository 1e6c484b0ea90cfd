import ArgumentParser
import EventStore
import Foundation

/// `fundledger`: record, verify, export and restore a social investment fund's event log.
@main
struct FundLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundledger",
        abstract: "An append-only, hash-chained ledger for social investment funds, on PostgreSQL.",
        discussion: """
            Database: --database, $DATABASE_URL, the PG* variables, or the private database that \
            `fundledger db start` runs for this directory.

            Exit codes: 0 ok, 1 failure, 3 chain broken, 4 conflict, 5 refused by the database, \
            6 refused by a ledger rule, 64 usage, 65 bad input, 69 database unavailable.
            """,
        subcommands: [
            MigrateCommand.self, StatusCommand.self,
            // Recording (docs/recording.md).
            OrganisationCommand.self, DepartmentCommand.self, PeriodCommand.self, FundCommand.self, InitiativeCommand.self,
            SavingCommand.self, RepaymentCommand.self, CorrectionCommand.self, ApplyCommand.self, ImportRowsCommand.self,
            ValuationGroupCommand.self,
            // Reading.
            FundsCommand.self, InitiativesCommand.self,
            // Read models (docs/read-models.md).
            ProjectCommand.self, ReplayCommand.self,
            // Reports (docs/reports.md, docs/plugin-protocol.md).
            ReportCommand.self, PluginsCommand.self,
            AppendCommand.self, ReadCommand.self, VerifyCommand.self, ProofCommand.self, KeyCommand.self,
            CheckpointCommand.self,
            ExportCommand.self, ImportCommand.self, DatabaseCommand.self, DemoCommand.self,
            // The HTTP API and its users (docs/server.md).
            ServeCommand.self, UserCommand.self,
            // A network's organisations in one database (docs/access.md).
            AccessCommand.self,
        ]
    )

    /// Parses and runs like ArgumentParser's own `main`, but a usage error is two lines at most: the
    /// message and where to read more, never the whole usage text (docs/exit-codes.md).
    static func main() async {
        do {
            var command = try parseAsRoot()
            try RepeatedOptions.check(Array(CommandLine.arguments.dropFirst()), command: type(of: command))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
            } else if !(error is ExitCode) {
                FileHandle.standardError.write(Data((usageErrorLines(error) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// `fundledger: error: MESSAGE` (its first line, at most 300 characters, control characters escaped)
    /// and a pointer to the help of the command that was being parsed.
    static func usageErrorLines(_ error: any Error) -> String {
        // ArgumentParser lists a value's choices one per line ("  - savings"): join them onto the first line.
        let lines = message(for: error).split(separator: "\n").map(String.init)
        let choices = lines.filter { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
        var message = lines.first ?? "invalid arguments"
        if !choices.isEmpty {
            message = message.replacingOccurrences(of: "Please provide one of the following:", with: "It must be one of:")
                + " " + choices.joined(separator: ", ")
        }
        // The subcommands named on the command line, as far as they are real ones.
        var commandPath = "fundledger"
        var level: [any ParsableCommand.Type] = configuration.subcommands
        for word in CommandLine.arguments.dropFirst() {
            guard let sub = level.first(where: { $0._commandName == word }) else { break }
            commandPath += " " + word
            level = sub.configuration.subcommands
        }
        return "fundledger: error: " + Identifier.printable(message, limit: 300) + "\n(see `\(Identifier.printable(commandPath, limit: 80)) --help`)"
    }
}
