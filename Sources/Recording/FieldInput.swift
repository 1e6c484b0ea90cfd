import EventStore
import Foundation
import FundLedger

/// A value given for one field of a command: one text, a list of texts, or an explicit null (YAML `~`,
/// JSON `null`), which reads as not given but still names a field, so an unknown one is reported.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case list([String])
    case null
}

/// Where a command's fields came from, so that every message names the option, field or column the
/// user has to fix: `--amount` on the command line, `entry 3 (line 12): field amount` in a command file,
/// `row 4 (line 5): column amount` in a CSV file.
public struct FieldOrigin: Sendable {
    /// Names the whole command, e.g. `entry 3 (line 12, disburse)`; empty on the command line.
    public var label: String
    /// Whether the fields were typed as options (a missing one is then a usage error, exit 64).
    public var isCommandLine: Bool
    /// Names one field for a message.
    public var name: @Sendable (String) -> String

    /// The command line: `amount` is `--amount`, unless `options` says otherwise (`fund` may be `--id`).
    public static func commandLine(_ options: [String: String] = [:]) -> FieldOrigin {
        FieldOrigin(label: "", isCommandLine: true) { field in
            options[field] ?? "--" + field.replacingOccurrences(of: "_", with: "-")
        }
    }

    /// A command file entry or a data row: `field amount`, `column amount`.
    public static func document(_ label: String, noun: String) -> FieldOrigin {
        FieldOrigin(label: label, isCommandLine: false) { "\(noun) \($0)" }
    }

    /// A bad-input error (exit 65) about `field`.
    public func error(_ field: String, _ reason: String) -> UserError {
        error("\(name(field)): \(reason)")
    }

    /// A bad-input error (exit 65) about the whole command.
    public func error(_ reason: String) -> UserError {
        UserError(description: (label.isEmpty ? "" : label + ": ") + reason + "; nothing was written", exitCode: ExitStatus.badInput)
    }
}

/// The fields of one command, read by name with the parsing every source shares (amounts, dates,
/// rates, lists). It remembers which fields were read, so a field nobody asked for is reported as
/// unknown instead of being silently ignored (a misspelt `ammount` must not record a default).
public struct FieldInput: Sendable {
    private var values: [String: FieldValue]
    public let origin: FieldOrigin
    private var used: Set<String> = []
    /// Fields filled from defaults (a file's `defaults:`, the command line's `--actor`): not the entry's
    /// own, so a default the command does not take is not an error.
    private var defaulted: Set<String> = []

    /// Names that mean the same field (`departments` and `department`, `saving_id` and `saving`).
    public static let aliases: [String: String] = [
        "departments": "department", "partners": "partner", "requests": "request",
        "expected_savings": "expected_saving", "indicators": "indicator", "priority_areas": "priority_area",
        "target_groups": "target_group", "saving_id": "saving", "initiative_id": "initiative", "fund_id": "fund",
        "event_id": "event", "organisation_id": "organisation", "min_cofinancing": "min_co_financing",
        "decision_reference": "decision_ref", "cofinancing": "co_financing",
        // Swedish column names, as an accounting system or a Swedish spreadsheet exports them.
        "fond": "fund", "initiativ": "initiative", "insats": "initiative", "belopp": "amount", "avdelning": "department",
        "förvaltning": "department", "verifikation": "voucher", "verifikationsnummer": "voucher", "datum": "effective_date",
        "bokföringsdatum": "effective_date", "besparing": "saving", "andel": "share", "bidragsgivare": "contributor",
        "medfinansiär": "contributor", "indikator": "indicator", "värde": "value",
        "periodstart": "period_start", "periodslut": "period_end", "underlag": "evidence", "kontant": "cashable",
        "diarienummer": "decision_ref", "beslutsreferens": "decision_ref", "anledning": "reason", "orsak": "reason",
        "aktör": "actor", "metod": "method",
    ]

    /// The canonical name of a field as written in a file: lower case, `-` and spaces as `_`, aliases
    /// resolved (a CSV header `Effective date` is `effective_date`).
    public static func canonical(_ name: String) -> String {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        return aliases[key] ?? key
    }

    public init(_ values: [String: FieldValue], origin: FieldOrigin) {
        self.values = values
        self.origin = origin
    }

    /// A text field's value without reading it (an unread field is still an error when the command is built).
    public func peekText(_ field: String) -> String? {
        if case .text(let text)? = values[field] { return text }
        return nil
    }

    /// Whether the field was given at all.
    public func has(_ field: String) -> Bool { values[field] != nil && values[field] != .null }

    /// Fields given but never read: a misspelling or a field this command does not take.
    var unread: [String] { values.keys.filter { !used.contains($0) && !defaulted.contains($0) }.sorted() }

    /// Fails for the first field given (not defaulted) outside `allowed`.
    func requireOnly(_ allowed: Set<String>, command: String) throws {
        if let field = values.keys.sorted().first(where: { !allowed.contains($0) && !defaulted.contains($0) }) {
            throw origin.error(field, "\(command) has no such field; it takes \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// Fails for the first field given that the command did not read.
    func requireNoUnknownFields(command: String) throws {
        if let field = unread.first {
            throw origin.error(field, "\(command) has no such field")
        }
    }

    /// Sets a field unless it was given (a default from the command line or a file's `defaults:`).
    public mutating func setDefault(_ field: String, _ value: FieldValue) {
        guard !has(field) else { return }
        values[field] = value
        defaulted.insert(field)
    }

    // MARK: Text

    /// The trimmed text of an optional field; `nil` when absent or blank.
    mutating func optionalText(_ field: String) throws -> String? {
        used.insert(field)
        switch values[field] {
        case nil, .null?: return nil
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            try requirePrintable(trimmed, field)
            return trimmed.isEmpty ? nil : trimmed
        case .list:
            throw origin.error(field, "expected one value, not a list")
        }
    }

    /// Refuses control characters (but tabs and line breaks) and bidirectional overrides in any text.
    private func requirePrintable(_ text: String, _ field: String) throws {
        if let problem = FreeText.problem(text, "the text") { throw origin.error(field, problem) }
    }

    /// The trimmed text of a required field.
    mutating func text(_ field: String, _ what: String? = nil) throws -> String {
        guard let text = try optionalText(field) else { throw missing(field, what) }
        return text
    }

    /// The values of a repeatable field; one text counts as a list of one.
    mutating func list(_ field: String) throws -> [String] {
        used.insert(field)
        let items: [String]
        switch values[field] {
        case nil, .null?: return []
        case .text(let text): items = [text]
        case .list(let list): items = list
        }
        let trimmed = items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        // One text is checked as a list's items are: it is stored as the list's one item.
        for item in trimmed { try requirePrintable(item, field) }
        return trimmed
    }

    /// Organisation numbers of a repeatable field, each checked by the identifier rule, sorted and without
    /// repeats; `nil` if none was given.
    mutating func organisations(_ field: CommandField) throws -> [String]? {
        let organisations = try list(field.name)
        for organisation in organisations {
            if let problem = Identifier.problem(organisation, "organisation") { throw origin.error(field.name, problem) }
        }
        return organisations.isEmpty ? nil : Array(Set(organisations)).sorted()
    }

    /// The values of a repeatable field, or `nil` if it was not given (so a change keeps the old list).
    mutating func optionalList(_ field: String) throws -> [String]? {
        guard has(field) else {
            used.insert(field)
            return nil
        }
        return try list(field)
    }

    func missing(_ field: String, _ what: String? = nil) -> UserError {
        var error = origin.error(field, "required\(what.map { " (\($0))" } ?? "") but not given")
        if origin.isCommandLine { error.exitCode = ExitStatus.usage }
        return error
    }

    // MARK: Typed values

    /// An amount in `currency`, Swedish (`1 500 000,00 kr`) or plain (`1500000.00`).
    mutating func money(_ field: String, _ currency: Currency) throws -> Money {
        guard let money = try optionalMoney(field, currency) else { throw missing(field, "an amount such as \"500 000 kr\"") }
        return money
    }

    mutating func optionalMoney(_ field: String, _ currency: Currency) throws -> Money? {
        guard let text = try optionalText(field) else { return nil }
        return try parseMoney(text, field, currency)
    }

    func parseMoney(_ text: String, _ field: String, _ currency: Currency) throws -> Money {
        do {
            return try Money.parse(text, currency: currency)
        } catch {
            throw origin.error(field, error.description)
        }
    }

    /// A date, `YYYY-MM-DD`.
    mutating func date(_ field: String) throws -> CivilDate {
        guard let date = try optionalDate(field) else { throw missing(field, "a date YYYY-MM-DD") }
        return date
    }

    mutating func optionalDate(_ field: String) throws -> CivilDate? {
        guard let text = try optionalText(field) else { return nil }
        return try parseDate(text, field)
    }

    func parseDate(_ text: String, _ field: String) throws -> CivilDate {
        guard let date = CivilDate(text) else {
            throw origin.error(field, "\"\(text)\" is not a date; write YYYY-MM-DD, such as 2026-02-01")
        }
        return date
    }

    /// A share or rate: `50%` or `0.5`. A bare number above 1 is refused as ambiguous (`50` is not 50 %).
    mutating func rate(_ field: String) throws -> Rate {
        guard let text = try optionalText(field) else { throw missing(field, "a share such as 50%") }
        return try parseRate(text, field)
    }

    func parseRate(_ text: String, _ field: String) throws -> Rate {
        guard let rate = Rate(text) else {
            throw origin.error(field, "\"\(text)\" is not a share; write a percentage such as 30% or a decimal such as 0.3")
        }
        if !text.contains("%") && rate > .one {
            let decimal = Rate(text + "%").map { " or \($0)" } ?? ""
            throw origin.error(field, "\"\(text)\" is ambiguous; write \(text)%\(decimal)")
        }
        return rate
    }

    /// A whole number within `range`.
    mutating func optionalInt(_ field: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = try optionalText(field) else { return nil }
        return try parseInt(text, field, range)
    }

    func parseInt(_ text: String, _ field: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw origin.error(field, "\"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Yes or no: `true`/`false`, `yes`/`no`, `ja`/`nej`, `1`/`0`.
    mutating func optionalBool(_ field: String) throws -> Bool? {
        guard let text = try optionalText(field) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "ja", "1", "y", "j": return true
        case "false", "no", "nej", "0", "n": return false
        default: throw origin.error(field, "\"\(text)\" is not yes or no (true/false, yes/no, ja/nej, 1/0)")
        }
    }

    mutating func bool(_ field: String) throws -> Bool {
        guard let value = try optionalBool(field) else { throw missing(field, "yes or no") }
        return value
    }

    /// A UUID.
    mutating func optionalUUID(_ field: String) throws -> UUID? {
        guard let text = try optionalText(field) else { return nil }
        guard let id = UUID(uuidString: text) else { throw origin.error(field, "\"\(text)\" is not a UUID") }
        return id
    }

    mutating func uuid(_ field: String) throws -> UUID {
        guard let id = try optionalUUID(field) else { throw missing(field, "a UUID") }
        return id
    }

    /// One of a fixed set of words; the message lists them.
    mutating func choice<T>(_ field: String, _ choices: KeyValuePairs<String, T>, default: T? = nil) throws -> T {
        guard let text = try optionalText(field) else {
            if let value = `default` { return value }
            throw missing(field, choices.map(\.key).joined(separator: ", "))
        }
        let key = text.lowercased().replacingOccurrences(of: "-", with: "_")
        guard let match = choices.first(where: { $0.key.replacingOccurrences(of: "-", with: "_") == key }) else {
            throw origin.error(field, "\"\(text)\" is not one of \(choices.map(\.key).joined(separator: ", "))")
        }
        return match.value
    }

    // MARK: Composite values

    /// `2026=500 000 kr`: a year and an amount.
    func parseYearAmount(_ text: String, _ field: String, _ currency: Currency) throws -> YearAmount {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let year = Int(parts[0]), (1000...9999).contains(year) else {
            throw origin.error(field, "\"\(text)\" is not YEAR=AMOUNT, such as 2026=\"500 000 kr\"")
        }
        return YearAmount(year: year, amount: try parseMoney(parts[1], field, currency))
    }

    /// `SOC:2027=300 000 kr`: a department, a year and an amount.
    func parseExpectedSaving(_ text: String, _ field: String, _ currency: Currency) throws -> ExpectedSaving {
        let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw origin.error(field, "\"\(text)\" is not DEPARTMENT:YEAR=AMOUNT, such as SOC:2027=\"300 000 kr\"")
        }
        let yearAmount = try parseYearAmount(parts[1], field, currency)
        return ExpectedSaving(department: parts[0], year: yearAmount.year, amount: yearAmount.amount)
    }

    /// `Föreningen Fryshuset:non-profit` or `Företaget AB`.
    func parsePartner(_ text: String, _ field: String) throws -> Partner {
        for suffix in [":non-profit", ":non_profit", ":nonprofit", ":ideell"] where text.lowercased().hasSuffix(suffix) {
            let name = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { break }
            return Partner(name: name, nonProfit: true)
        }
        return Partner(name: text, nonProfit: false)
    }

    /// `name|unit|baseline|target`.
    func parseIndicator(_ text: String, _ field: String) throws -> Indicator {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 4, !parts[0].isEmpty else {
            throw origin.error(field, "\"\(text)\" is not NAME|UNIT|BASELINE|TARGET, such as \"placements|children|40|25\"")
        }
        return Indicator(name: parts[0], unit: parts[1], baseline: parts[2], target: parts[3])
    }
}

/// The catalogue reads fields by their declaration (`CommandField`), never by a bare name.
extension FieldInput {
    public func has(_ field: CommandField) -> Bool { has(field.name) }
    mutating func optionalText(_ field: CommandField) throws -> String? { try optionalText(field.name) }
    mutating func text(_ field: CommandField, _ what: String? = nil) throws -> String { try text(field.name, what) }
    mutating func list(_ field: CommandField) throws -> [String] { try list(field.name) }
    mutating func optionalList(_ field: CommandField) throws -> [String]? { try optionalList(field.name) }
    mutating func money(_ field: CommandField, _ currency: Currency) throws -> Money { try money(field.name, currency) }
    mutating func optionalMoney(_ field: CommandField, _ currency: Currency) throws -> Money? { try optionalMoney(field.name, currency) }
    mutating func date(_ field: CommandField) throws -> CivilDate { try date(field.name) }
    /// A date field; the effective date also within the range the books accept (`AppendLimits`), so a date
    /// before 1900 is refused naming its row, entry or option rather than by the store for the whole append.
    mutating func optionalDate(_ field: CommandField) throws -> CivilDate? {
        guard let date = try optionalDate(field.name) else { return nil }
        let range = AppendLimits.effectiveDateMin...AppendLimits.effectiveDateMax
        guard field.name != CommandField.effectiveDate.name || range.contains(date) else {
            throw origin.error(field.name, "\(date) is outside the dates the books accept, \(range.lowerBound)…\(range.upperBound)")
        }
        return date
    }
    mutating func rate(_ field: CommandField) throws -> Rate { try rate(field.name) }
    mutating func optionalInt(_ field: CommandField, _ range: ClosedRange<Int>) throws -> Int? { try optionalInt(field.name, range) }
    mutating func optionalBool(_ field: CommandField) throws -> Bool? { try optionalBool(field.name) }
    mutating func bool(_ field: CommandField) throws -> Bool { try bool(field.name) }
    mutating func optionalUUID(_ field: CommandField) throws -> UUID? { try optionalUUID(field.name) }
    mutating func uuid(_ field: CommandField) throws -> UUID { try uuid(field.name) }
    mutating func choice<T>(_ field: CommandField, _ choices: KeyValuePairs<String, T>, default: T? = nil) throws -> T {
        try choice(field.name, choices, default: `default`)
    }
}
