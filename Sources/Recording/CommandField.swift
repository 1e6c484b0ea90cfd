import FundLedger

/// One field a recording command takes, declared once: its name in command files, JSON and CSV headers
/// (`period_start`), its option on the command line (`--period-start`), what it holds, and its help.
/// The catalogue (`CommandCatalog`) lists each command's fields and reads them by these constants, so a
/// field is spelled in one place and the command line, files, row imports and the server agree on it.
public struct CommandField: Sendable {
    /// How the field is typed on the command line.
    public enum Form: Sendable, Equatable {
        /// `--amount VALUE`, once.
        case value
        /// `--department VALUE`, repeatable; a list in files.
        case repeatable
        /// `--repeated-voucher` alone means yes; files write yes or no.
        case flag
        /// `--cashable` or `--no-cashable`; files write yes or no.
        case invertibleFlag
    }

    /// The name in files and JSON, snake_case.
    public let name: String
    /// What the value looks like in help, e.g. `AMOUNT`, `YEAR=AMOUNT`.
    public let valueName: String
    /// One sentence for a person.
    public let help: String
    public let form: Form
    /// Its spellings on the command line, the one messages use first: `--period-start`, or `--id` and
    /// `--fund` for `fund establish`.
    public let optionNames: [String]
    /// A command-line flag that gives the field as an empty list (`--any-priority-area`).
    public let clearingFlag: String?

    public init(
        _ name: String, _ valueName: String, _ help: String, form: Form = .value, otherOptionNames: [String] = [],
        clearingFlag: String? = nil
    ) {
        self.init(
            name: name, valueName: valueName, help: help, form: form,
            optionNames: ["--" + name.replacingOccurrences(of: "_", with: "-")] + otherOptionNames, clearingFlag: clearingFlag)
    }

    init(name: String, valueName: String, help: String, form: Form, optionNames: [String], clearingFlag: String?) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.form = form
        self.optionNames = optionNames
        self.clearingFlag = clearingFlag
    }

    /// The option messages name: `--period-start`.
    public var optionName: String { optionNames[0] }

    /// The same field with the help a particular command gives it.
    public func explained(_ help: String) -> CommandField {
        CommandField(name: name, valueName: valueName, help: help, form: form, optionNames: optionNames, clearingFlag: clearingFlag)
    }

    /// The same field, also spelled `option` on the command line.
    public func alsoSpelled(_ option: String) -> CommandField {
        CommandField(name: name, valueName: valueName, help: help, form: form, optionNames: optionNames + [option], clearingFlag: clearingFlag)
    }

    /// The same field, spelled `option` first on the command line (and in its messages).
    public func spelledFirst(_ option: String) -> CommandField {
        CommandField(name: name, valueName: valueName, help: help, form: form, optionNames: [option] + optionNames, clearingFlag: clearingFlag)
    }
}

// MARK: The fields

extension CommandField {
    // Who and what
    public static let organisation = CommandField("organisation", "NUMBER", "The organisation number, e.g. 212000-0886.")
    public static let fund = CommandField("fund", "FUND", "The fund's id.")
    public static let initiative = CommandField("initiative", "ID", "The initiative's id.")
    public static let displayName = CommandField("name", "NAME", "The name.")
    public static let organisationKind = CommandField("kind", "KIND", "kommun or region.")
    public static let departmentKind = CommandField("kind", "KIND", "department, committee or external_actor (default: department).")
    public static let code = CommandField("code", "CODE", "A short code used everywhere else, e.g. BUN, SOC, FK.")
    public static let through = CommandField("through", "DATE", "The last day of the closed period, YYYY-MM-DD.")
    public static let department = CommandField("department", "CODE", "The department's code.")
    public static let event = CommandField("event", "UUID", "The id of the event.")

    // Money
    public static let amount = CommandField("amount", "AMOUNT", "The amount, e.g. \"250 000 kr\" or 250000.00.")
    public static let currency = CommandField("currency", "CODE", "ISO currency code (default: SEK).")
    public static let capital = CommandField(
        "capital", "AMOUNT", "Initial capital, e.g. \"5 000 000 kr\"; recorded as a contribution in the same transaction.")
    public static let capitalSource = CommandField("capital_source", "TEXT", "Where the initial capital comes from (default: initial capital).")
    public static let source = CommandField("source", "TEXT", "Where the capital comes from, e.g. \"KF budget 2026\".")
    public static let granted = CommandField("granted", "AMOUNT", "The granted amount, e.g. \"1 000 000 kr\".")
    public static let phasing = CommandField(
        "phasing", "YEAR=AMOUNT", "Amount per year; repeat for each year (must add up to the grant).", form: .repeatable)
    public static let voucher = CommandField(
        "voucher", "VOUCHER", "The voucher (verifikation) in the accounting system; used once a fiscal year.")
    public static let repeatedVoucher = CommandField(
        "repeated_voucher", "", "Record a voucher number already used this fiscal year (it genuinely repeats); otherwise refused (exit 6).",
        form: .flag)
    public static let contributor = CommandField("contributor", "WHO", "Who contributes: a department code or a partner's name.")
    public static let method = CommandField("method", "METHOD", "cash (kontant) or frame_reduction (ramjustering) (default: cash).")

    // Applications and decisions
    public static let title = CommandField("title", "TEXT", "The initiative's title.")
    public static let departments = CommandField(
        "department", "CODE", "A department taking part (its code); repeat for each, the leading one first.", form: .repeatable)
    public static let partner = CommandField(
        "partner", "NAME[:non-profit]", "A partner outside the organisation; repeat for each.", form: .repeatable)
    public static let targetGroup = CommandField("target_group", "TEXT", "The target group, e.g. \"barn och unga 0-18\".")
    public static let priorityArea = CommandField("priority_area", "TEXT", "The priority area it serves.")
    public static let request = CommandField(
        "request", "YEAR=AMOUNT", "Amount requested for a year, e.g. 2026=\"500 000 kr\"; repeat for each year.", form: .repeatable)
    public static let coFinancing = CommandField(
        "co_financing", "AMOUNT", "Co-financing from the departments and partners, e.g. \"300 000 kr\" (default: 0).",
        otherOptionNames: ["--cofinancing"])
    public static let expectedSaving = CommandField(
        "expected_saving", "DEPT:YEAR=AMOUNT", "A saving a department expects, e.g. SOC:2027=\"300 000 kr\"; repeatable.",
        form: .repeatable)
    public static let indicator = CommandField(
        "indicator", "NAME|UNIT|BASELINE|TARGET", "An indicator to follow up; repeatable.", form: .repeatable)
    public static let assessor = CommandField("assessor", "WHO", "Who assessed it (default: the actor).")
    public static let body = CommandField("body", "BODY", "The deciding body, e.g. kommunstyrelsen.")
    public static let repayment = CommandField("repayment", "MODEL", "Repayment model: \(RepaymentModel.syntax).")
    public static let outcome = CommandField("outcome", "OUTCOME", "completed, discontinued or implemented (in regular operations).")
    public static let measuredIndicator = CommandField("indicator", "NAME", "The indicator's name, as given in the application.")
    public static let value = CommandField("value", "VALUE", "The measured value.")
    public static let period = CommandField("period", "PERIOD", "The period measured, e.g. 2026 or 2026-H1.")

    // Savings
    public static let saving = CommandField("saving", "ID", "The saving's id, e.g. SOC-2027-1.")
    public static let periodStart = CommandField("period_start", "DATE", "First day of the period, YYYY-MM-DD.")
    public static let periodEnd = CommandField("period_end", "DATE", "Last day of the period, YYYY-MM-DD.")
    public static let evidence = CommandField("evidence", "TEXT", "What verifies the saving.")
    public static let cashable = CommandField(
        "cashable", "", "Whether the saving frees real money (--cashable) or only capacity (--no-cashable).", form: .invertibleFlag)
    public static let share = CommandField("share", "SHARE", "The share, e.g. 25% or 0.25.")

    // Policy
    public static let minDepartments = CommandField(
        "min_departments", "N", "Departments an initiative must involve (default when establishing: 1).")
    public static let nonProfitCounts = CommandField(
        "non_profit_counts", "", "Whether a non-profit partner counts as a department.", form: .invertibleFlag)
    public static let minCoFinancing = CommandField(
        "min_co_financing", "SHARE", "Minimum co-financing share of the requested total, e.g. 30%.", otherOptionNames: ["--min-cofinancing"])
    public static let maxYears = CommandField("max_years", "YEARS", "Longest duration in years, or none.")
    public static let maxPerYear = CommandField("max_per_year", "AMOUNT", "Largest amount per year, e.g. \"500 000 kr\", or none.")
    public static let priorityAreas = CommandField(
        "priority_area", "TEXT", "A priority area; repeat for several (replaces the list).",
        form: .repeatable, clearingFlag: "--any-priority-area")
    public static let targetGroups = CommandField(
        "target_group", "TEXT", "A target group; repeat for several (replaces the list).",
        form: .repeatable, clearingFlag: "--any-target-group")
    public static let overcommit = CommandField(
        "overcommit", "", "Whether decisions may exceed the uncommitted capital.", form: .invertibleFlag)

    // Metadata every command takes
    public static let actor = CommandField("actor", "WHO", "Who records this (default: $USER, else cli).")
    public static let reason = CommandField("reason", "TEXT", "Why it is recorded; stored with the event.")
    public static let decisionRef = CommandField(
        "decision_ref", "REF", "The decision (diarienummer) it rests on; required by decide, reject, amend, revoke and repayment waive.")
    public static let effectiveDate = CommandField(
        "effective_date", "DATE",
        "The date it takes effect in the books, YYYY-MM-DD (default: today in the organisation's time zone, $FUNDLEDGER_TIME_ZONE or Europe/Stockholm).")
    public static let commandID = CommandField(
        "command_id", "UUID", "A UUID for this command: running it again with the same id is a safe retry, not a second entry.")

    public static let shareWith = CommandField(
        "share_with", "ORG",
        "Another organisation of the network this concerns (a saving at the region from a municipal initiative); its logins may read the entry too. Repeatable.",
        form: .repeatable)

    /// Fields every command takes: who, why, which decision, when it takes effect, its id, and who else may read it.
    public static let metadata: [CommandField] = [.actor, .reason, .decisionRef, .effectiveDate, .commandID, .shareWith]
}
