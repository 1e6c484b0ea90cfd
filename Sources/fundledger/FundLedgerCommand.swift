import ArgumentParser

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
            AppendCommand.self, ReadCommand.self, VerifyCommand.self,
            ExportCommand.self, ImportCommand.self, DatabaseCommand.self, DemoCommand.self,
        ]
    )
}
