import EventStore
import Foundation
import FundLedger

/// Every command the ledger records, by name: the one place a command's fields, help and reading are
/// declared. The command line builds its subcommands from it, and command files, row imports and the
/// server read their entries through it.
public enum CommandCatalog {
    /// Every kind, in the order help lists them.
    public static let all: [CommandKind] = [
        registerOrganisation, registerDepartment, closePeriod, establishFund, changePolicy, contribute, withdraw,
        apply, assess, decide, reject, amend, revoke, disburse, coFinance, close, measure, realiseSaving,
        attributeSaving, receiveRepayment, waiveRepayment, reverse,
    ]

    /// Reads one command of `kind` from `input`: its commands, metadata and id. Fails for a missing or
    /// malformed field, or a field the command does not take.
    public static func draft(
        _ kind: CommandKind, _ input: inout FieldInput, context: BuildContext, defaults: MetadataDefaults
    ) throws -> CommandDraft {
        // Unknown fields first: a misspelt `ammount` is named as such, not reported as a missing `amount`.
        try input.requireOnly(Set((kind.fields + CommandField.metadata).map(\.name)), command: kind.name)
        input.setDefault(CommandField.actor.name, .text(defaults.actor))
        let commands = try kind.build(&input, context)
        let draft = CommandDraft(
            kind: kind, commands: commands, actor: try input.text(.actor),
            reason: try input.optionalText(.reason), decisionReference: try input.optionalText(.decisionRef),
            effectiveDate: try input.optionalDate(.effectiveDate) ?? defaults.effectiveDate,
            commandID: try input.optionalUUID(.commandID), sharedWith: try input.organisations(.shareWith))
        try input.requireNoUnknownFields(command: kind.name)
        return draft
    }

    /// The kind named `name` in a command file: `disburse`, or its command line `initiative disburse`
    /// (`initiative_disburse`, `initiative-disburse`).
    public static func kind(named name: String) -> CommandKind? {
        byName[snakeCase(name)]
    }

    static func snakeCase(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    static let byName: [String: CommandKind] = {
        var names: [String: CommandKind] = [:]
        for kind in all {
            names[kind.name] = kind
            names[snakeCase(kind.commandLine)] = kind
        }
        names["realize_saving"] = names["realise_saving"]
        return names
    }()

    // MARK: Organisation

    public static let registerOrganisation = CommandKind(
        "register_organisation", "organisation register", "Register a kommun or region by its organisation number.",
        example: "fundledger organisation register --id 212000-0886 --name \"Tomelilla kommun\" --kind kommun",
        fields: [
            CommandField.organisation.explained("The organisation number (organisationsnummer), e.g. 212000-0886.").spelledFirst("--id"),
            CommandField.displayName.explained("The name, e.g. \"Tomelilla kommun\"."), .organisationKind,
        ]
    ) { input, _ in
        [.registerOrganisation(
            id: try input.text(.organisation, "the organisation number, such as 212000-0886"), name: try input.text(.displayName),
            kind: try input.choice(.organisationKind, ["kommun": "kommun", "region": "region"]))]
    }

    static let departmentKinds: KeyValuePairs<String, DepartmentKind> = [
        "department": .department, "committee": .committee, "external_actor": .externalActor,
    ]

    public static let registerDepartment = CommandKind(
        "register_department", "department register",
        "Register a department (förvaltning), committee (nämnd) or external actor under a short code.",
        example: "fundledger department register --organisation 212000-0886 --code BUN --name \"Barn- och utbildningsnämnden\" --kind committee",
        fields: [CommandField.organisation.explained("The organisation number it belongs to."), .code, .displayName, .departmentKind]
    ) { input, _ in
        [.registerDepartment(
            organisationID: try input.text(.organisation), code: try input.text(.code), name: try input.text(.displayName),
            kind: try input.choice(.departmentKind, departmentKinds, default: .department))]
    }

    public static let closePeriod = CommandKind(
        "close_period", "period close", "Close an organisation's books through a date: later corrections go into the open period.",
        example: "fundledger period close --organisation 212000-0886 --through 2025-12-31",
        fields: [CommandField.organisation.explained("The organisation number."), .through]
    ) { input, _ in
        [.closePeriod(organisationID: try input.text(.organisation), through: try input.date(.through))]
    }

    // MARK: Fund

    public static let establishFund = CommandKind(
        "establish_fund", "fund establish",
        "Establish a fund with its policy; with --capital, its first contribution too (atomically).",
        example: """
            fundledger fund establish --id tomelilla --organisation 212000-0886 --name "Sociala investeringsfonden" \
            --capital "5 000 000 kr" --min-departments 2 --target-group "barn och unga 0-18" --repayment share:50%:cap=disbursed:horizon=5
            """,
        fields: [
            CommandField.fund.explained("The fund's id, used by every later command, e.g. tomelilla.").spelledFirst("--id"),
            CommandField.organisation.explained("The owning organisation's number."), CommandField.displayName.explained("The fund's name."),
            .currency, .capital, .capitalSource,
        ] + PolicyFields.fields
    ) { input, _ in
        let fundID = try input.text(.fund), organisationID = try input.text(.organisation), name = try input.text(.displayName)
        let currencyText = try input.optionalText(.currency) ?? "SEK"
        guard let currency = Currency(currencyText.uppercased()) else {
            throw input.origin.error("currency", "\"\(currencyText)\" is not a three-letter currency code such as SEK")
        }
        let policy = try PolicyFields.read(&input, base: FundPolicy(), currency: currency)
        var commands: [LedgerCommand] = [
            .establishFund(fundID: fundID, organisationID: organisationID, name: name, currency: currency, policy: policy)
        ]
        if let capital = try input.optionalMoney(.capital, currency) {
            let source = try input.optionalText(.capitalSource) ?? "initial capital"
            commands.append(.contributeCapital(fundID: fundID, amount: capital, source: source))
        } else if try input.optionalText(.capitalSource) != nil {
            throw input.origin.error("capital_source", "given without an amount of capital")
        }
        return commands
    }

    public static let changePolicy = CommandKind(
        "change_policy", "fund policy",
        "Change a fund's policy: the fields given replace those parts, the rest stays; decisions taken before keep their repayment terms.",
        example: "fundledger fund policy --fund tomelilla --repayment none",
        fields: [.fund] + PolicyFields.fields
    ) { input, context in
        let fundID = try input.text(.fund)
        let currency = context.currency(ofFund: fundID)
        let policy = try PolicyFields.read(&input, base: context.policy(ofFund: fundID) ?? FundPolicy(), currency: currency)
        return [.changePolicy(fundID: fundID, policy: policy)]
    }

    public static let contribute = CommandKind(
        "contribute", "fund contribute", "Put capital into a fund.",
        example: "fundledger fund contribute --fund tomelilla --amount \"2 000 000 kr\" --source \"KF budget 2026\"",
        fields: [.fund, .amount, .source]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.contributeCapital(
            fundID: fundID, amount: try input.money(.amount, context.currency(ofFund: fundID)),
            source: try input.text(.source, "where the capital comes from, such as \"KF budget 2026\""))]
    }

    public static let withdraw = CommandKind(
        "withdraw", "fund withdraw", "Take capital out of a fund (at most its uncommitted capital).",
        example: "fundledger fund withdraw --fund tomelilla --amount \"500 000 kr\" --decision-ref \"KS 2026/88\"",
        fields: [.fund, .amount]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.withdrawCapital(fundID: fundID, amount: try input.money(.amount, context.currency(ofFund: fundID)))]
    }

    // MARK: Corrections

    public static let reverse = CommandKind(
        "reverse", "correction reverse", "Reverse an earlier money event (once); say why with reason.",
        example: "fundledger correction reverse --fund tomelilla --voucher V-17 --reason \"booked on the wrong initiative\"",
        fields: [.fund, .event]
    ) { input, _ in
        [.reverse(fundID: try input.text(.fund), eventID: try input.uuid(.event))]
    }
}
