import EventStore
import Foundation
import FundLedger

/// What a command's fields are read against: the ledger as loaded, plus what earlier commands of the same
/// batch set up (a command file may establish a fund in EUR and contribute to it two entries later).
struct BuildContext {
    var state: LedgerState
    private var currencies: [String: Currency] = [:]
    private var policies: [String: FundPolicy] = [:]

    init(state: LedgerState) {
        self.state = state
    }

    /// The fund's currency; SEK for a fund nobody has established (the rules then refuse the command).
    func currency(ofFund id: String) -> Currency {
        currencies[id] ?? state.funds[id]?.currency ?? .sek
    }

    /// The fund's policy as it will stand when the command is recorded.
    func policy(ofFund id: String) -> FundPolicy? {
        policies[id] ?? state.funds[id]?.policy
    }

    /// Takes note of a command read earlier in the batch.
    mutating func note(_ command: LedgerCommand) {
        switch command {
        case .establishFund(let fundID, _, _, let currency, let policy):
            currencies[fundID] = currency
            policies[fundID] = policy
        case .changePolicy(let fundID, let policy):
            policies[fundID] = policy
        default:
            break
        }
    }
}

/// One kind of command: its name in command files, its place on the command line, and how its fields
/// become `LedgerCommand`s. The command line, command files and bulk imports all go through `build`, so a
/// field means the same and is checked the same wherever it is typed.
struct CommandKind: Sendable {
    /// The name in command files (`command: disburse`).
    let name: String
    /// The subcommand, e.g. `initiative disburse`.
    let commandLine: String
    /// The fields it takes besides the metadata every command takes (`CommandCatalog.metadataFields`).
    let fields: [String]
    /// Reads the fields (every one the kind takes) and returns the commands to record, in order.
    let build: @Sendable (inout FieldInput, BuildContext) throws -> [LedgerCommand]
}

/// A command read from its fields, with who, why and when, before it gets its id.
struct CommandDraft {
    var kind: CommandKind
    var commands: [LedgerCommand]
    var actor: String
    var reason: String?
    var decisionReference: String?
    var effectiveDate: CivilDate
    /// Given by the user (`--command-id`, `command_id:`); otherwise assigned when the batch is recorded.
    var commandID: UUID?

    /// What identifies the command's content for a content-derived id: the commands and the date they
    /// take effect, not who typed them (the same file run by a colleague is still a retry).
    var canonicalText: String {
        "\(kind.name)|\(effectiveDate)|\(commands.map { String(reflecting: $0) }.joined(separator: "|"))"
    }

    /// The envelopes to record, the first with `id`, any further ones (a fund's initial capital) with ids
    /// derived from it.
    func envelopes(id: UUID) -> [CommandEnvelope] {
        commands.enumerated().map { offset, command in
            CommandEnvelope(
                command, actor: actor, reason: reason, decisionReference: decisionReference, effectiveDate: effectiveDate,
                commandID: offset == 0 ? id : CommandIDs.derived(from: id, index: offset))
        }
    }
}

/// Defaults for the metadata every command carries.
struct MetadataDefaults: Sendable {
    var actor: String
    var effectiveDate: CivilDate

    /// `$USER` (or `cli`), and today in the organisation's time zone (`OrganisationTime`): a disbursement
    /// booked at 00:30 on 1 January in Tomelilla belongs to the new year, whatever UTC says.
    static func fromEnvironment() throws -> MetadataDefaults {
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "cli"
        let zone: TimeZone
        do { zone = try OrganisationTime.zone() } catch { throw UserError(description: error.description, exitCode: ExitStatus.usage) }
        return MetadataDefaults(actor: user, effectiveDate: OrganisationTime.today(in: zone))
    }
}

/// Every command the ledger records, by name.
enum CommandCatalog {
    /// Reads one command of `kind` from `input`: its commands, metadata and id. Fails for a missing or
    /// malformed field, or a field the command does not take.
    static func draft(
        _ kind: CommandKind, _ input: inout FieldInput, context: BuildContext, defaults: MetadataDefaults
    ) throws -> CommandDraft {
        // Unknown fields first: a misspelt `ammount` is named as such, not reported as a missing `amount`.
        try input.requireOnly(Set(kind.fields + metadataFields), command: kind.name)
        input.setDefault("actor", .text(defaults.actor))
        let commands = try kind.build(&input, context)
        let draft = CommandDraft(
            kind: kind, commands: commands, actor: try input.text("actor"),
            reason: try input.optionalText("reason"), decisionReference: try input.optionalText("decision_ref"),
            effectiveDate: try input.optionalDate("effective_date") ?? defaults.effectiveDate,
            commandID: try input.optionalUUID("command_id"))
        try input.requireNoUnknownFields(command: kind.name)
        return draft
    }

    /// Fields every command takes: who, why, which decision, when it takes effect, and its id.
    static let metadataFields = ["actor", "reason", "decision_ref", "effective_date", "command_id"]

    /// The kind named `name` in a command file: `disburse`, or its command line `initiative disburse`
    /// (`initiative_disburse`, `initiative-disburse`).
    static func kind(named name: String) -> CommandKind? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        return byName[key]
    }

    static let byName: [String: CommandKind] = {
        var names: [String: CommandKind] = [:]
        for kind in all {
            names[kind.name] = kind
            names[kind.commandLine.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")] = kind
        }
        names["realize_saving"] = names["realise_saving"]
        return names
    }()

    static let all: [CommandKind] = [
        registerOrganisation, registerDepartment, closePeriod, establishFund, changePolicy, contribute, withdraw,
        apply, assess, decide, reject, amend, revoke, disburse, coFinance, close, measure, realiseSaving,
        attributeSaving, receiveRepayment, waiveRepayment, reverse,
    ]

    // MARK: Organisation

    static let registerOrganisation = CommandKind(name: "register_organisation", commandLine: "organisation register",
        fields: ["organisation", "name", "kind"]) { input, _ in
        [.registerOrganisation(
            id: try input.text("organisation", "the organisation number, such as 212000-0886"), name: try input.text("name"),
            kind: try input.choice("kind", ["kommun": "kommun", "region": "region"]))]
    }

    static let departmentKinds: KeyValuePairs<String, DepartmentKind> = [
        "department": .department, "committee": .committee, "external_actor": .externalActor,
    ]

    static let registerDepartment = CommandKind(name: "register_department", commandLine: "department register",
        fields: ["organisation", "code", "name", "kind"]) { input, _ in
        [.registerDepartment(
            organisationID: try input.text("organisation"), code: try input.text("code"), name: try input.text("name"),
            kind: try input.choice("kind", departmentKinds, default: .department))]
    }

    static let closePeriod = CommandKind(name: "close_period", commandLine: "period close",
        fields: ["organisation", "through"]) { input, _ in
        [.closePeriod(organisationID: try input.text("organisation"), through: try input.date("through"))]
    }

    // MARK: Fund

    static let establishFund = CommandKind(name: "establish_fund", commandLine: "fund establish",
        fields: ["fund", "organisation", "name", "currency", "capital", "capital_source"] + PolicyFields.names) { input, _ in
        let fundID = try input.text("fund"), organisationID = try input.text("organisation"), name = try input.text("name")
        let currencyText = try input.optionalText("currency") ?? "SEK"
        guard let currency = Currency(currencyText.uppercased()) else {
            throw input.origin.error("currency", "\"\(currencyText)\" is not a three-letter currency code such as SEK")
        }
        let policy = try PolicyFields.read(&input, base: FundPolicy(), currency: currency)
        var commands: [LedgerCommand] = [
            .establishFund(fundID: fundID, organisationID: organisationID, name: name, currency: currency, policy: policy)
        ]
        if let capital = try input.optionalMoney("capital", currency) {
            let source = try input.optionalText("capital_source") ?? "initial capital"
            commands.append(.contributeCapital(fundID: fundID, amount: capital, source: source))
        } else if try input.optionalText("capital_source") != nil {
            throw input.origin.error("capital_source", "given without an amount of capital")
        }
        return commands
    }

    static let changePolicy = CommandKind(name: "change_policy", commandLine: "fund policy",
        fields: ["fund"] + PolicyFields.names) { input, context in
        let fundID = try input.text("fund")
        let currency = context.currency(ofFund: fundID)
        let policy = try PolicyFields.read(&input, base: context.policy(ofFund: fundID) ?? FundPolicy(), currency: currency)
        return [.changePolicy(fundID: fundID, policy: policy)]
    }

    static let contribute = CommandKind(name: "contribute", commandLine: "fund contribute",
        fields: ["fund", "amount", "source"]) { input, context in
        let fundID = try input.text("fund")
        return [.contributeCapital(
            fundID: fundID, amount: try input.money("amount", context.currency(ofFund: fundID)),
            source: try input.text("source", "where the capital comes from, such as \"KF budget 2026\""))]
    }

    static let withdraw = CommandKind(name: "withdraw", commandLine: "fund withdraw",
        fields: ["fund", "amount"]) { input, context in
        let fundID = try input.text("fund")
        return [.withdrawCapital(fundID: fundID, amount: try input.money("amount", context.currency(ofFund: fundID)))]
    }

    // MARK: Initiative

    static let apply = CommandKind(name: "apply", commandLine: "initiative apply",
        fields: [
            "fund", "initiative", "title", "department", "partner", "target_group", "priority_area", "request", "co_financing",
            "expected_saving", "indicator",
        ]) { input, context in
        let fundID = try input.text("fund")
        let currency = context.currency(ofFund: fundID)
        let application = ApplicationSubmitted(
            initiativeID: try input.text("initiative"), title: try input.text("title"),
            departments: try input.list("department"),
            partners: try input.list("partner").map { try input.parsePartner($0, "partner") },
            targetGroup: try input.text("target_group"), priorityArea: try input.text("priority_area"),
            requestedPerYear: try input.list("request").map { try input.parseYearAmount($0, "request", currency) },
            coFinancing: try input.optionalMoney("co_financing", currency) ?? .zero(currency),
            expectedSavings: try input.list("expected_saving").map { try input.parseExpectedSaving($0, "expected_saving", currency) },
            indicators: try input.list("indicator").map { try input.parseIndicator($0, "indicator") })
        if application.departments.isEmpty { throw input.missing("department", "repeat it for each department taking part") }
        if application.requestedPerYear.isEmpty { throw input.missing("request", "YEAR=AMOUNT, repeat it for each year") }
        return [.submitApplication(fundID: fundID, application: application)]
    }

    static let assess = CommandKind(name: "assess", commandLine: "initiative assess",
        fields: ["fund", "initiative", "assessor"]) { input, _ in
        // The assessor defaults to whoever records the assessment.
        [.assessApplication(
            fundID: try input.text("fund"), initiativeID: try input.text("initiative"),
            assessor: try input.optionalText("assessor") ?? input.text("actor"))]
    }

    static let decide = CommandKind(name: "decide", commandLine: "initiative decide",
        fields: ["fund", "initiative", "body", "granted", "phasing", "repayment"]) { input, context in
        let fundID = try input.text("fund")
        let currency = context.currency(ofFund: fundID)
        // Terms agreed in the decision itself; without them the fund's repayment model applies.
        let terms = try input.optionalText("repayment").map { try PolicyFields.repaymentModel($0, input, currency) }
        return [.decideInvestment(
            fundID: fundID, initiativeID: try input.text("initiative"),
            body: try input.text("body", "the deciding body, such as kommunstyrelsen"),
            referenceNumber: try input.text("decision_ref", "the diarienummer"),
            granted: try input.money("granted", currency),
            phasing: try input.list("phasing").map { try input.parseYearAmount($0, "phasing", currency) },
            repaymentTerms: terms)]
    }

    static let reject = CommandKind(name: "reject", commandLine: "initiative reject",
        fields: ["fund", "initiative", "body"]) { input, _ in
        [.rejectApplication(
            fundID: try input.text("fund"), initiativeID: try input.text("initiative"),
            body: try input.text("body", "the deciding body"), referenceNumber: try input.text("decision_ref", "the diarienummer"),
            reason: try input.text("reason", "why the application is rejected"))]
    }

    static let amend = CommandKind(name: "amend", commandLine: "initiative amend",
        fields: ["fund", "initiative", "granted"]) { input, context in
        let fundID = try input.text("fund")
        return [.amendDecision(
            fundID: fundID, initiativeID: try input.text("initiative"),
            referenceNumber: try input.text("decision_ref", "the diarienummer of the amending decision"),
            granted: try input.money("granted", context.currency(ofFund: fundID)))]
    }

    static let revoke = CommandKind(name: "revoke", commandLine: "initiative revoke",
        fields: ["fund", "initiative"]) { input, _ in
        [.revokeDecision(
            fundID: try input.text("fund"), initiativeID: try input.text("initiative"),
            referenceNumber: try input.text("decision_ref", "the diarienummer of the revoking decision"))]
    }

    static let disburse = CommandKind(name: "disburse", commandLine: "initiative disburse",
        fields: ["fund", "initiative", "amount", "department", "voucher", "repeated_voucher"]) { input, context in
        let fundID = try input.text("fund")
        return [.disburse(
            fundID: fundID, initiativeID: try input.text("initiative"),
            amount: try input.money("amount", context.currency(ofFund: fundID)), department: try input.text("department"),
            voucher: try input.text("voucher", "the voucher (verifikation) in the accounting system"),
            repeatedVoucher: try input.optionalBool("repeated_voucher") ?? false)]
    }

    static let coFinance = CommandKind(name: "co_finance", commandLine: "initiative co-finance",
        fields: ["fund", "initiative", "amount", "contributor"]) { input, context in
        let fundID = try input.text("fund")
        return [.recordCoFinancing(
            fundID: fundID, initiativeID: try input.text("initiative"),
            amount: try input.money("amount", context.currency(ofFund: fundID)), contributor: try input.text("contributor"))]
    }

    static let closingOutcomes: KeyValuePairs<String, ClosingOutcome> = [
        "completed": .completed, "discontinued": .discontinued, "implemented": .implemented,
        "implemented_in_regular_operations": .implemented,
    ]

    static let close = CommandKind(name: "close", commandLine: "initiative close",
        fields: ["fund", "initiative", "outcome"]) { input, _ in
        [.closeInitiative(
            fundID: try input.text("fund"), initiativeID: try input.text("initiative"),
            outcome: try input.choice("outcome", closingOutcomes))]
    }

    static let measure = CommandKind(name: "measure", commandLine: "initiative measure",
        fields: ["fund", "initiative", "indicator", "value", "period"]) { input, _ in
        [.measureOutcome(
            fundID: try input.text("fund"), initiativeID: try input.text("initiative"), indicator: try input.text("indicator"),
            value: try input.text("value"), period: try input.text("period", "such as 2026 or 2026-H1"))]
    }

    // MARK: Savings and repayments

    static let realiseSaving = CommandKind(name: "realise_saving", commandLine: "saving realise",
        fields: [
            "fund", "saving", "initiative", "department", "amount", "period_start", "period_end", "evidence", "cashable",
        ]) { input, context in
        let fundID = try input.text("fund")
        let saving = SavingRealised(
            savingID: try input.text("saving", "an id for the saving, such as SOC-2026-1"),
            initiativeID: try input.text("initiative"), department: try input.text("department"),
            amount: try input.money("amount", context.currency(ofFund: fundID)),
            periodStart: try input.date("period_start"), periodEnd: try input.date("period_end"),
            evidence: try input.text("evidence", "what verifies the saving"), cashable: try input.bool("cashable"))
        return [.realiseSaving(fundID: fundID, saving: saving)]
    }

    static let attributeSaving = CommandKind(name: "attribute_saving", commandLine: "saving attribute",
        fields: ["fund", "saving", "department", "share"]) { input, _ in
        [.attributeSaving(
            fundID: try input.text("fund"), savingID: try input.text("saving"), department: try input.text("department"),
            share: try input.rate("share"))]
    }

    static let repaymentMethods: KeyValuePairs<String, RepaymentMethod> = [
        "cash": .cash, "frame_reduction": .frameReduction, "ramjustering": .frameReduction,
    ]

    static let receiveRepayment = CommandKind(name: "receive_repayment", commandLine: "repayment receive",
        fields: ["fund", "initiative", "department", "amount", "method"]) { input, context in
        let fundID = try input.text("fund")
        return [.receiveRepayment(
            fundID: fundID, initiativeID: try input.text("initiative"), department: try input.text("department"),
            amount: try input.money("amount", context.currency(ofFund: fundID)),
            method: try input.choice("method", repaymentMethods, default: .cash))]
    }

    static let waiveRepayment = CommandKind(name: "waive_repayment", commandLine: "repayment waive",
        fields: ["fund", "initiative", "department", "amount"]) { input, context in
        let fundID = try input.text("fund")
        return [.waiveRepayment(
            fundID: fundID, initiativeID: try input.text("initiative"), department: try input.text("department"),
            amount: try input.money("amount", context.currency(ofFund: fundID)),
            referenceNumber: try input.text("decision_ref", "the diarienummer of the decision to waive"))]
    }

    static let reverse = CommandKind(name: "reverse", commandLine: "correction reverse",
        fields: ["fund", "event"]) { input, _ in
        [.reverse(fundID: try input.text("fund"), eventID: try input.uuid("event"))]
    }
}

/// The policy fields shared by `fund establish` and `fund policy`; each given field replaces that part of
/// `base`, the rest stays.
enum PolicyFields {
    static let names = [
        "min_departments", "non_profit_counts", "min_co_financing", "max_years", "max_per_year", "priority_area", "target_group",
        "overcommit", "repayment",
    ]

    static func read(_ input: inout FieldInput, base: FundPolicy, currency: Currency) throws -> FundPolicy {
        var policy = base
        if let minimum = try input.optionalInt("min_departments", 1...100) { policy.minimumDepartments = minimum }
        if let counts = try input.optionalBool("non_profit_counts") { policy.nonProfitPartnerCountsAsDepartment = counts }
        if input.has("min_co_financing") { policy.minimumCoFinancingShare = try input.rate("min_co_financing") }
        if let years = try input.optionalText("max_years") {
            policy.maximumDurationYears = years.lowercased() == "none" ? nil : try input.parseInt(years, "max_years", 1...100)
        }
        if let amount = try input.optionalText("max_per_year") {
            policy.maximumAmountPerYear = amount.lowercased() == "none" ? nil : try input.parseMoney(amount, "max_per_year", currency)
        }
        if let areas = try input.optionalList("priority_area") { policy.priorityAreas = areas }
        if let groups = try input.optionalList("target_group") { policy.targetGroups = groups }
        if let overcommit = try input.optionalBool("overcommit") { policy.overcommitmentAllowed = overcommit }
        if let model = try input.optionalText("repayment") {
            policy.repaymentModel = try repaymentModel(model, input, currency)
        }
        return policy
    }

    static let repaymentSyntax =
        "none, share:50%:cap=disbursed:horizon=5 (cap: disbursed, unlimited or an amount), frame:100%:horizon=3, or plan:DEPT@YYYY-MM-DD=AMOUNT;…"

    /// `none`, `share:50%[:cap=disbursed|unlimited|AMOUNT]:horizon=5`, `frame:100%:horizon=3`, or
    /// `plan:BUN@2027-12-31=100 000 kr;SOC@2028-12-31=50 000 kr`.
    static func repaymentModel(_ text: String, _ input: FieldInput, _ currency: Currency) throws -> RepaymentModel {
        func fail(_ reason: String) -> UserError {
            input.origin.error("repayment", "\"\(text)\": \(reason); write \(repaymentSyntax)")
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts[0].lowercased() {
        case "none", "grant":
            guard parts.count == 1 else { throw fail("none takes no parameters") }
            return .none
        case "share", "frame":
            guard parts.count >= 2 else { throw fail("the share is missing") }
            let share = try input.parseRate(parts[1], "repayment")
            var cap = CapRule.disbursed
            var horizon: Int?
            for parameter in parts.dropFirst(2) {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { throw fail("\"\(parameter)\" is not NAME=VALUE") }
                switch (pair[0].lowercased(), parts[0].lowercased()) {
                case ("horizon", _):
                    horizon = try input.parseInt(pair[1].replacingOccurrences(of: "y", with: ""), "repayment", 1...100)
                case ("cap", "share"):
                    switch pair[1].lowercased() {
                    case "disbursed": cap = .disbursed
                    case "unlimited", "none": cap = .unlimited
                    default: cap = .fixed(try input.parseMoney(pair[1], "repayment", currency))
                    }
                default:
                    throw fail("unknown parameter \(pair[0])")
                }
            }
            guard let horizon else { throw fail("horizon=YEARS is missing") }
            return parts[0].lowercased() == "share"
                ? .shareOfSavings(share: share, cap: cap, horizonYears: horizon) : .frameReduction(share: share, horizonYears: horizon)
        case "plan":
            let body = parts.dropFirst().joined(separator: ":")
            var instalments: [PlannedInstalment] = []
            for item in body.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                let pieces = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                let head = pieces.first?.split(separator: "@").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
                guard pieces.count == 2, head.count == 2, !head[0].isEmpty else { throw fail("\"\(item)\" is not DEPT@YYYY-MM-DD=AMOUNT") }
                instalments.append(PlannedInstalment(
                    department: head[0], due: try input.parseDate(head[1], "repayment"),
                    amount: try input.parseMoney(pieces[1], "repayment", currency)))
            }
            guard !instalments.isEmpty else { throw fail("a plan needs at least one instalment") }
            return .repaymentPlan(instalments: instalments)
        default:
            throw fail("unknown model \(parts[0])")
        }
    }
}
