import EventStore
import Foundation

// Hand-written payload decoding (see PayloadReader.swift) for the organisation's events, the fund's own
// events and corrections, and the policy and repayment models they hold.

extension OrganisationRegistered: PayloadReadable {
    private static let fields = PayloadFields("organisation_id", "name", "kind")

    init(reading reader: inout PayloadReader) throws {
        var values: [String?] = [nil, nil, nil]
        try reader.readObject(Self.fields) { field, reader in values[field] = try reader.readString() }
        let f = Self.fields
        self.init(organisationID: try f.required(values[0], 0), name: try f.required(values[1], 1), kind: try f.required(values[2], 2))
    }
}

extension DepartmentRegistered: PayloadReadable {
    private static let fields = PayloadFields("code", "name", "kind")

    init(reading reader: inout PayloadReader) throws {
        var code: String?, name: String?, kind: DepartmentKind?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: code = try reader.readString()
            case 1: name = try reader.readString()
            default: kind = try reader.read()
            }
        }
        let f = Self.fields
        self.init(code: try f.required(code, 0), name: try f.required(name, 1), kind: try f.required(kind, 2))
    }
}

extension PeriodClosed: PayloadReadable {
    private static let fields = PayloadFields("closed_through")

    init(reading reader: inout PayloadReader) throws {
        var closedThrough: CivilDate?
        try reader.readObject(Self.fields) { _, reader in closedThrough = try reader.read() }
        self.init(closedThrough: try Self.fields.required(closedThrough, 0))
    }
}

extension EventReversed: PayloadReadable {
    private static let fields = PayloadFields("reversed_event_id", "reversed_event_type")

    init(reading reader: inout PayloadReader) throws {
        var id: UUID?, type: String?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { id = try reader.read() } else { type = try reader.readString() }
        }
        self.init(reversedEventID: try Self.fields.required(id, 0), reversedEventType: try Self.fields.required(type, 1))
    }
}

extension FundEstablished: PayloadReadable {
    private static let fields = PayloadFields("fund_id", "organisation_id", "name", "currency", "policy")

    init(reading reader: inout PayloadReader) throws {
        var fundID: String?, organisationID: String?, name: String?, currency: Currency?, policy: FundPolicy?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: fundID = try reader.readString()
            case 1: organisationID = try reader.readString()
            case 2: name = try reader.readString()
            case 3: currency = try reader.read()
            default: policy = try reader.read()
            }
        }
        let f = Self.fields
        self.init(
            fundID: try f.required(fundID, 0), organisationID: try f.required(organisationID, 1), name: try f.required(name, 2),
            currency: try f.required(currency, 3), policy: try f.required(policy, 4))
    }
}

extension FundPolicyChanged: PayloadReadable {
    private static let fields = PayloadFields("policy")

    init(reading reader: inout PayloadReader) throws {
        var policy: FundPolicy?
        try reader.readObject(Self.fields) { _, reader in policy = try reader.read() }
        self.init(policy: try Self.fields.required(policy, 0))
    }
}

extension CapitalContributed: PayloadReadable {
    private static let fields = PayloadFields("amount", "source")

    init(reading reader: inout PayloadReader) throws {
        var amount: Money?, source: String?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { amount = try reader.read() } else { source = try reader.readString() }
        }
        self.init(amount: try Self.fields.required(amount, 0), source: try Self.fields.required(source, 1))
    }
}

extension CapitalWithdrawn: PayloadReadable {
    private static let fields = PayloadFields("amount")

    init(reading reader: inout PayloadReader) throws {
        var amount: Money?
        try reader.readObject(Self.fields) { _, reader in amount = try reader.read() }
        self.init(amount: try Self.fields.required(amount, 0))
    }
}

extension FundPolicy: PayloadReadable {
    private static let fields = PayloadFields(
        "minimum_departments", "non_profit_partner_counts_as_department", "minimum_co_financing_share", "maximum_duration_years",
        "maximum_amount_per_year", "priority_areas", "target_groups", "overcommitment_allowed", "repayment_model")

    init(reading reader: inout PayloadReader) throws {
        var minimumDepartments: Int?, nonProfitCounts: Bool?, coFinancingShare: Rate?, priorityAreas: [String]?
        var targetGroups: [String]?, overcommitment: Bool?, model: RepaymentModel?
        var policy = FundPolicy()
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: minimumDepartments = try reader.readInt()
            case 1: nonProfitCounts = try reader.readBool()
            case 2: coFinancingShare = try reader.read()
            case 3: policy.maximumDurationYears = try reader.readOptional()
            case 4: policy.maximumAmountPerYear = try reader.readOptional()
            case 5: priorityAreas = try reader.readArray()
            case 6: targetGroups = try reader.readArray()
            case 7: overcommitment = try reader.readBool()
            default: model = try reader.read()
            }
        }
        let f = Self.fields
        policy.minimumDepartments = try f.required(minimumDepartments, 0)
        policy.nonProfitPartnerCountsAsDepartment = try f.required(nonProfitCounts, 1)
        policy.minimumCoFinancingShare = try f.required(coFinancingShare, 2)
        policy.priorityAreas = try f.required(priorityAreas, 5)
        policy.targetGroups = try f.required(targetGroups, 6)
        policy.overcommitmentAllowed = try f.required(overcommitment, 7)
        policy.repaymentModel = try f.required(model, 8)
        self = policy
    }
}

extension PayloadReader {
    /// Reads a Codable-synthesized enum: an object with exactly one member naming a case (other members are
    /// ignored), whose value, an object, `body` reads for the case's index in `cases`.
    mutating func readCase<Value>(_ cases: PayloadFields, of type: Value.Type, _ body: (Int, inout PayloadReader) throws -> Value) throws -> Value {
        var value: Value?
        try readObject(cases) { field, reader in
            guard value == nil else {
                throw PayloadDecodingError(.typeMismatch, "expected one member naming a case of \(Value.self), found more")
            }
            value = try body(field, &reader)
        }
        guard let value else {
            throw PayloadDecodingError(.typeMismatch, "expected one member naming a case of \(Value.self), found none")
        }
        return value
    }
}

extension RepaymentModel: PayloadReadable {
    private static let cases = PayloadFields("none", "share_of_savings", "repayment_plan", "frame_reduction")
    private static let shareFields = PayloadFields("share", "cap", "horizon_years")
    private static let planFields = PayloadFields("instalments")
    private static let frameFields = PayloadFields("share", "horizon_years")

    init(reading reader: inout PayloadReader) throws {
        self = try reader.readCase(Self.cases, of: RepaymentModel.self) { field, reader in
            switch field {
            case 0:
                try reader.readObject(PayloadFields()) { _, _ in }
                return .none
            case 1:
                var share: Rate?, cap: CapRule?, horizon: Int?
                try reader.readObject(Self.shareFields) { field, reader in
                    switch field {
                    case 0: share = try reader.read()
                    case 1: cap = try reader.read()
                    default: horizon = try reader.readInt()
                    }
                }
                let f = Self.shareFields
                return .shareOfSavings(share: try f.required(share, 0), cap: try f.required(cap, 1), horizonYears: try f.required(horizon, 2))
            case 2:
                var instalments: [PlannedInstalment]?
                try reader.readObject(Self.planFields) { _, reader in instalments = try reader.readArray() }
                return .repaymentPlan(instalments: try Self.planFields.required(instalments, 0))
            default:
                var share: Rate?, horizon: Int?
                try reader.readObject(Self.frameFields) { field, reader in
                    if field == 0 { share = try reader.read() } else { horizon = try reader.readInt() }
                }
                return .frameReduction(share: try Self.frameFields.required(share, 0), horizonYears: try Self.frameFields.required(horizon, 1))
            }
        }
    }
}

extension CapRule: PayloadReadable {
    private static let cases = PayloadFields("disbursed", "fixed", "unlimited")
    private static let fixedFields = PayloadFields("_0")

    init(reading reader: inout PayloadReader) throws {
        self = try reader.readCase(Self.cases, of: CapRule.self) { field, reader in
            switch field {
            case 0:
                try reader.readObject(PayloadFields()) { _, _ in }
                return .disbursed
            case 1:
                var amount: Money?
                try reader.readObject(Self.fixedFields) { _, reader in amount = try reader.read() }
                return .fixed(try Self.fixedFields.required(amount, 0))
            default:
                try reader.readObject(PayloadFields()) { _, _ in }
                return .unlimited
            }
        }
    }
}

extension PlannedInstalment: PayloadReadable {
    private static let fields = PayloadFields("department", "due", "amount")

    init(reading reader: inout PayloadReader) throws {
        var department: String?, due: CivilDate?, amount: Money?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: department = try reader.readString()
            case 1: due = try reader.read()
            default: amount = try reader.read()
            }
        }
        let f = Self.fields
        self.init(department: try f.required(department, 0), due: try f.required(due, 1), amount: try f.required(amount, 2))
    }
}
