import EventStore

/// Why a repayment model's text form could not be read; `description` is the whole message.
public struct RepaymentModelSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text refused: the whole model for a grammar mistake, else the value that is not valid.
    public var text: String
    /// The message: what is wrong, and for a grammar mistake the syntax to write (`RepaymentModel.syntax`).
    public var description: String

    /// A grammar mistake: `"<text>": <reason>; write <syntax>`.
    static func grammar(_ text: String, _ reason: String) -> RepaymentModelSyntaxError {
        RepaymentModelSyntaxError(text: text, description: "\"\(text)\": \(reason); write \(RepaymentModel.syntax)")
    }

    /// A value that is not what its place needs (an amount, a share, a date, a number of years).
    static func value(_ text: String, _ message: String) -> RepaymentModelSyntaxError {
        RepaymentModelSyntaxError(text: text, description: message)
    }
}

extension RepaymentModel {
    /// The text form, for help texts: the one place it is described.
    public static let syntax =
        "none, share:50%:cap=disbursed:horizon=5 (cap: disbursed, unlimited or an amount), frame:100%:horizon=3, or plan:DEPT@YYYY-MM-DD=AMOUNT;…"

    /// Reads the text form: `none` (or `grant`), `share:50%[:cap=disbursed|unlimited|AMOUNT]:horizon=5`
    /// (the cap defaults to `disbursed`), `frame:100%:horizon=3`, or
    /// `plan:BUN@2027-12-31=100 000 kr;SOC@2028-12-31=50 000 kr`. Names are case-insensitive, parts may be
    /// surrounded by spaces, `horizon=5y` is `horizon=5`; amounts are read as `Money.parse` reads them in
    /// `currency`, shares as `Rate` reads them (a bare number above 1 is refused as ambiguous).
    ///
    /// Throws `RepaymentModelSyntaxError` naming what is wrong. Only the grammar is checked here; whether the
    /// model suits a fund (a share above 0 %, positive instalments) is the ledger's `policy` rule.
    public init(parsing text: String, currency: Currency) throws(RepaymentModelSyntaxError) {
        func fail(_ reason: String) -> RepaymentModelSyntaxError { .grammar(text, reason) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts[0].lowercased() {
        case "none", "grant":
            guard parts.count == 1 else { throw fail("none takes no parameters") }
            self = .none
        case "share", "frame":
            guard parts.count >= 2 else { throw fail("the share is missing") }
            let share = try Self.parseRate(parts[1])
            var cap = CapRule.disbursed
            var horizon: Int?
            for parameter in parts.dropFirst(2) {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { throw fail("\"\(parameter)\" is not NAME=VALUE") }
                switch (pair[0].lowercased(), parts[0].lowercased()) {
                case ("horizon", _):
                    horizon = try Self.parseYears(pair[1].replacingOccurrences(of: "y", with: ""))
                case ("cap", "share"):
                    switch pair[1].lowercased() {
                    case "disbursed": cap = .disbursed
                    case "unlimited", "none": cap = .unlimited
                    default: cap = .fixed(try Self.parseMoney(pair[1], currency))
                    }
                default:
                    throw fail("unknown parameter \(pair[0])")
                }
            }
            guard let horizon else { throw fail("horizon=YEARS is missing") }
            self = parts[0].lowercased() == "share"
                ? .shareOfSavings(share: share, cap: cap, horizonYears: horizon) : .frameReduction(share: share, horizonYears: horizon)
        case "plan":
            let body = parts.dropFirst().joined(separator: ":")
            var instalments: [PlannedInstalment] = []
            for item in body.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                let pieces = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                let head = pieces.first?.split(separator: "@").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
                guard pieces.count == 2, head.count == 2, !head[0].isEmpty else { throw fail("\"\(item)\" is not DEPT@YYYY-MM-DD=AMOUNT") }
                instalments.append(PlannedInstalment(
                    department: head[0], due: try Self.parseDate(head[1]), amount: try Self.parseMoney(pieces[1], currency)))
            }
            guard !instalments.isEmpty else { throw fail("a plan needs at least one instalment") }
            self = .repaymentPlan(instalments: instalments)
        default:
            throw fail("unknown model \(parts[0])")
        }
    }

    /// The text form, which `init(parsing:currency:)` reads back as the same model: `none`,
    /// `share:50%:cap=disbursed:horizon=5`, `share:50%:cap=1 500 000,00 kr:horizon=5`,
    /// `frame:100%:horizon=3`, `plan:BUN@2027-12-31=100 000,00 kr;SOC@2028-12-31=50 000,00 kr`.
    ///
    /// Reads back for every model the ledger accepts; not for a horizon outside 1…100 years, an empty plan,
    /// or a department code containing `@`, `=`, `;` or surrounding spaces (none of which is a valid code).
    public var text: String {
        switch self {
        case .none:
            return "none"
        case .shareOfSavings(let share, let cap, let horizon):
            let capText = switch cap {
            case .disbursed: "disbursed"
            case .unlimited: "unlimited"
            case .fixed(let amount): amount.description
            }
            return "share:\(share.percent):cap=\(capText):horizon=\(horizon)"
        case .frameReduction(let share, let horizon):
            return "frame:\(share.percent):horizon=\(horizon)"
        case .repaymentPlan(let instalments):
            return "plan:" + instalments.map { "\($0.department)@\($0.due)=\($0.amount)" }.joined(separator: ";")
        }
    }

    /// The model in words, for people: `50% of each saving, capped at the amount disbursed, within 5 years
    /// of the decision` (the demo's description of a fund's terms).
    public var summary: String {
        switch self {
        case .none:
            return "none (grant)"
        case .shareOfSavings(let share, let cap, let horizon):
            let capText = switch cap {
            case .disbursed: "capped at the amount disbursed"
            case .fixed(let amount): "capped at \(amount)"
            case .unlimited: "no cap"
            }
            return "\(share.percent) of each saving, \(capText), within \(horizon) years of the decision"
        case .frameReduction(let share, let horizon):
            return "frame reduction (ramjustering) of \(share.percent) of each saving, within \(horizon) years of the decision"
        case .repaymentPlan(let instalments):
            return "repayment plan of \(instalments.count) instalment(s)"
        }
    }

    // The messages are the CLI's field messages for the same values.

    static func parseRate(_ text: String) throws(RepaymentModelSyntaxError) -> Rate {
        guard let rate = Rate(text) else {
            throw .value(text, "\"\(text)\" is not a share; write a percentage such as 30% or a decimal such as 0.3")
        }
        if !text.contains("%") && rate > .one {
            let decimal = Rate(text + "%").map { " or \($0)" } ?? ""
            throw .value(text, "\"\(text)\" is ambiguous; write \(text)%\(decimal)")
        }
        return rate
    }

    static func parseYears(_ text: String) throws(RepaymentModelSyntaxError) -> Int {
        guard let value = Int(text), (1...100).contains(value) else {
            throw .value(text, "\"\(text)\" is not a whole number from 1 to 100")
        }
        return value
    }

    static func parseMoney(_ text: String, _ currency: Currency) throws(RepaymentModelSyntaxError) -> Money {
        do {
            return try Money.parse(text, currency: currency)
        } catch {
            throw .value(text, error.description)
        }
    }

    static func parseDate(_ text: String) throws(RepaymentModelSyntaxError) -> CivilDate {
        guard let date = CivilDate(text) else {
            throw .value(text, "\"\(text)\" is not a date; write YYYY-MM-DD, such as 2026-02-01")
        }
        return date
    }
}
