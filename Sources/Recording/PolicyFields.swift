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

    /// The repayment model written as text (`RepaymentModel.syntax`); a mistake names the field.
    static func repaymentModel(_ text: String, _ input: FieldInput, _ currency: Currency) throws -> RepaymentModel {
        do {
            return try RepaymentModel(parsing: text, currency: currency)
        } catch {
            throw input.origin.error("repayment", error.description)
        }
    }
}
