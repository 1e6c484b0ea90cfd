import FundLedger

/// The policy fields shared by `fund establish` and `fund policy`; each given field replaces that part of
/// `base`, the rest stays.
enum PolicyFields {
    static let fields: [CommandField] = [
        .minDepartments, .nonProfitCounts, .minCoFinancing, .maxYears, .maxPerYear, .priorityAreas, .targetGroups, .overcommit,
        .repayment,
    ]

    static func read(_ input: inout FieldInput, base: FundPolicy, currency: Currency) throws -> FundPolicy {
        var policy = base
        if let minimum = try input.optionalInt(.minDepartments, 1...100) { policy.minimumDepartments = minimum }
        if let counts = try input.optionalBool(.nonProfitCounts) { policy.nonProfitPartnerCountsAsDepartment = counts }
        if input.has(.minCoFinancing) { policy.minimumCoFinancingShare = try input.rate(.minCoFinancing) }
        if let years = try input.optionalText(.maxYears) {
            policy.maximumDurationYears = years.lowercased() == "none" ? nil : try input.parseInt(years, "max_years", 1...100)
        }
        if let amount = try input.optionalText(.maxPerYear) {
            policy.maximumAmountPerYear = amount.lowercased() == "none" ? nil : try input.parseMoney(amount, "max_per_year", currency)
        }
        if let areas = try input.optionalList(.priorityAreas) { policy.priorityAreas = areas }
        if let groups = try input.optionalList(.targetGroups) { policy.targetGroups = groups }
        if let overcommit = try input.optionalBool(.overcommit) { policy.overcommitmentAllowed = overcommit }
        if let model = try input.optionalText(.repayment) {
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
