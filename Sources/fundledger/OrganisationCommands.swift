import ArgumentParser

/// `fundledger organisation register`: a kommun or region joins the ledger.
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisation",
        abstract: "Register an organisation (kommun or region).",
        subcommands: [Register.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a kommun or region by its organisation number.",
            discussion: "Example: fundledger organisation register --id 212000-0886 --name \"Tomelilla kommun\" --kind kommun")

        @Option(help: "The organisation number (organisationsnummer), e.g. 212000-0886.")
        var id: String
        @Option(help: "The name, e.g. \"Tomelilla kommun\".")
        var name: String
        @Option(help: "kommun or region.")
        var kind: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.registerOrganisation, ["organisation": .given(id), "name": .given(name), "kind": .given(kind)],
                optionNames: ["organisation": "--id"])
        }
    }
}

/// `fundledger department register`: a förvaltning, nämnd or external actor of an organisation.
struct DepartmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "department",
        abstract: "Register a department, committee or external actor of an organisation.",
        subcommands: [Register.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a department (förvaltning), committee (nämnd) or external actor under a short code.",
            discussion: "Example: fundledger department register --organisation 212000-0886 --code BUN --name \"Barn- och utbildningsnämnden\" --kind committee")

        @Option(help: "The organisation number it belongs to.")
        var organisation: String
        @Option(help: "A short code used everywhere else, e.g. BUN, SOC, FK.")
        var code: String
        @Option(help: "The name.")
        var name: String
        @Option(help: "department, committee or external_actor (default: department).")
        var kind: String?
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.registerDepartment,
                ["organisation": .given(organisation), "code": .given(code), "name": .given(name), "kind": .given(kind)])
        }
    }
}

/// `fundledger period close`: nothing may be effective on or before the date any more.
struct PeriodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "Close a fiscal period (bokslut).",
        subcommands: [Close.self])

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an organisation's books through a date: later corrections go into the open period.",
            discussion: """
                Example: fundledger period close --organisation 212000-0886 --through 2025-12-31
                With $FUNDLEDGER_CHECKPOINT_KEY naming the log's Ed25519 private key (PEM), a checkpoint of the log                 is then signed and recorded, and printed (docs/audit.md); the key is read before anything is written.
                """)

        @Option(help: "The organisation number.")
        var organisation: String
        @Option(help: "The last day of the closed period, YYYY-MM-DD.")
        var through: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            let checkpointKey = try await configuredCheckpointKey()
            try await recording.record(
                CommandCatalog.closePeriod, ["organisation": .given(organisation), "through": .given(through)])
            if let checkpointKey { try await signCheckpoint(with: checkpointKey, database: recording.database) }
        }
    }
}
