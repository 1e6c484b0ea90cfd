import ArgumentParser
import Recording

/// A command kind of the catalogue, named as a type so that it can be a subcommand.
protocol CatalogueKind {
    associatedtype Kind: CommandDeclaration
    static var kind: Kind { get }
    /// Records the command typed on the command line.
    static func record(_ arguments: [String], with recording: RecordingOptions) async throws
}

extension CatalogueKind where Kind == CommandKind {
    static func record(_ arguments: [String], with recording: RecordingOptions) async throws {
        try await recording.record(kind, commandLine: arguments)
    }
}

extension CatalogueKind where Kind == ValuationKind {
    static func record(_ arguments: [String], with recording: RecordingOptions) async throws {
        try await recording.record(kind, commandLine: arguments)
    }
}

/// `fundledger initiative disburse …` and every other recording subcommand: built from the catalogue,
/// so its options are exactly the kind's fields (`CommandKind.fields`), under the names command files
/// use, with the same checks. The shared options (`--actor`, `--database`, …) are `RecordingOptions`.
struct CatalogueSubcommand<Kind: CatalogueKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let kind = Kind.kind
        return CommandConfiguration(
            commandName: String(kind.commandLine.split(separator: " ").last ?? ""),
            abstract: kind.abstract,
            usage: "fundledger \(kind.commandLine) \(kind.fields.first.map { "\($0.optionName) \($0.valueName)" } ?? "") … [<options>]",
            discussion: "FIELDS (in a command file: command: \(kind.name), then these names in snake_case):\n"
                + CommandLineFields.help(for: kind) + "\n\nExample: " + kind.example)
    }

    @OptionGroup var recording: RecordingOptions
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var fields: [String] = []

    func run() async throws {
        try await Kind.record(fields, with: recording)
    }
}

/// `fundledger organisation register`.
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisation", abstract: "Register an organisation (kommun or region).",
        subcommands: [CatalogueSubcommand<RegisterOrganisation>.self])
}

/// `fundledger department register`.
struct DepartmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "department", abstract: "Register a department, committee or external actor of an organisation.",
        subcommands: [CatalogueSubcommand<RegisterDepartment>.self])
}

/// `fundledger period close`.
struct PeriodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period", abstract: "Close a fiscal period (bokslut).", subcommands: [Close.self])

    /// `period close`: the catalogue's command, then, with `$FUNDLEDGER_CHECKPOINT_KEY`, a signed checkpoint.
    struct Close: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            var configuration = CatalogueSubcommand<ClosePeriod>.configuration
            configuration.discussion += """

                With $FUNDLEDGER_CHECKPOINT_KEY naming the log's Ed25519 private key (PEM), a checkpoint of the log is \
                then signed and recorded, and printed (docs/audit.md); the key is read before anything is written.
                """
            return configuration
        }

        @OptionGroup var recording: RecordingOptions
        @Argument(parsing: .allUnrecognized, help: .hidden)
        var fields: [String] = []

        func run() async throws {
            let checkpointKey = try await configuredCheckpointKey()
            try await recording.record(ClosePeriod.kind, commandLine: fields)
            if let checkpointKey { try await signCheckpoint(with: checkpointKey, database: recording.database) }
        }
    }
}

/// `fundledger fund establish|policy|contribute|withdraw`.
struct FundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fund", abstract: "Establish a fund, change its policy, add or withdraw capital.",
        subcommands: [
            CatalogueSubcommand<EstablishFund>.self, CatalogueSubcommand<ChangePolicy>.self, CatalogueSubcommand<Contribute>.self,
            CatalogueSubcommand<Withdraw>.self,
        ])
}

/// `fundledger initiative …`: from application to closing.
struct InitiativeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initiative", abstract: "Apply for, assess, decide, disburse to, follow up and close an initiative.",
        subcommands: [
            CatalogueSubcommand<Apply>.self, CatalogueSubcommand<Assess>.self, CatalogueSubcommand<Decide>.self,
            CatalogueSubcommand<Reject>.self, CatalogueSubcommand<Amend>.self, CatalogueSubcommand<Revoke>.self,
            CatalogueSubcommand<Disburse>.self, CatalogueSubcommand<CoFinance>.self, CatalogueSubcommand<Close>.self,
            CatalogueSubcommand<Measure>.self,
        ])
}

/// `fundledger saving realise|attribute`.
struct SavingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saving", abstract: "Record a realised saving, or attribute a share of one to another department.",
        subcommands: [CatalogueSubcommand<RealiseSaving>.self, CatalogueSubcommand<AttributeSaving>.self])
}

/// `fundledger repayment receive|waive`.
struct RepaymentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repayment", abstract: "Record a repayment into the fund, or waive part of an obligation.",
        subcommands: [CatalogueSubcommand<ReceiveRepayment>.self, CatalogueSubcommand<WaiveRepayment>.self])
}

enum RegisterOrganisation: CatalogueKind { static let kind = CommandCatalog.registerOrganisation }
enum RegisterDepartment: CatalogueKind { static let kind = CommandCatalog.registerDepartment }
enum ClosePeriod: CatalogueKind { static let kind = CommandCatalog.closePeriod }
enum EstablishFund: CatalogueKind { static let kind = CommandCatalog.establishFund }
enum ChangePolicy: CatalogueKind { static let kind = CommandCatalog.changePolicy }
enum Contribute: CatalogueKind { static let kind = CommandCatalog.contribute }
enum Withdraw: CatalogueKind { static let kind = CommandCatalog.withdraw }
enum Apply: CatalogueKind { static let kind = CommandCatalog.apply }
enum Assess: CatalogueKind { static let kind = CommandCatalog.assess }
enum Decide: CatalogueKind { static let kind = CommandCatalog.decide }
enum Reject: CatalogueKind { static let kind = CommandCatalog.reject }
enum Amend: CatalogueKind { static let kind = CommandCatalog.amend }
enum Revoke: CatalogueKind { static let kind = CommandCatalog.revoke }
enum Disburse: CatalogueKind { static let kind = CommandCatalog.disburse }
enum CoFinance: CatalogueKind { static let kind = CommandCatalog.coFinance }
enum Close: CatalogueKind { static let kind = CommandCatalog.close }
enum Measure: CatalogueKind { static let kind = CommandCatalog.measure }
enum RealiseSaving: CatalogueKind { static let kind = CommandCatalog.realiseSaving }
enum AttributeSaving: CatalogueKind { static let kind = CommandCatalog.attributeSaving }
enum ReceiveRepayment: CatalogueKind { static let kind = CommandCatalog.receiveRepayment }
enum WaiveRepayment: CatalogueKind { static let kind = CommandCatalog.waiveRepayment }

/// `fundledger valuation …`: the data the evaluation models value outcomes with (docs/valuation.md).
struct ValuationGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "valuation",
        abstract: "Record unit costs, proxies, price indices, evaluation assumptions and outcome contracts (docs/valuation.md).",
        subcommands: [
            CatalogueSubcommand<UnitCost>.self, CatalogueSubcommand<FinancialProxy>.self, CatalogueSubcommand<PriceIndex>.self,
            CatalogueSubcommand<Assumptions>.self, CatalogueSubcommand<OutcomeContract>.self, ValuationImportCatalogueCommand.self,
        ])
}

enum UnitCost: CatalogueKind { static let kind = ValuationCatalog.unitCost }
enum FinancialProxy: CatalogueKind { static let kind = ValuationCatalog.proxy }
enum PriceIndex: CatalogueKind { static let kind = ValuationCatalog.index }
enum Assumptions: CatalogueKind { static let kind = ValuationCatalog.assumptions }
enum OutcomeContract: CatalogueKind { static let kind = ValuationCatalog.contract }
