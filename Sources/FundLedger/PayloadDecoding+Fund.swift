import EventStore
import Foundation

// Hand-written payload decoding (see PayloadReader.swift) for the organisation's events, the fund's own
// events and corrections, and the policy and repayment models they hold.

extension OrganisationRegistered: PayloadRecord {
    static let payloadLayout = PayloadLayout<OrganisationRegistered>(
        blank: OrganisationRegistered(organisationID: "", name: "", kind: ""),
        .required("organisation_id", \.organisationID), .required("name", \.name), .required("kind", \.kind))
}

extension DepartmentRegistered: PayloadRecord {
    static let payloadLayout = PayloadLayout<DepartmentRegistered>(
        blank: DepartmentRegistered(code: "", name: "", kind: .department),
        .required("code", \.code), .required("name", \.name), .required("kind", \.kind))
}

extension PeriodClosed: PayloadRecord {
    static let payloadLayout = PayloadLayout<PeriodClosed>(
        blank: PeriodClosed(closedThrough: CivilDate(daysSinceEpoch: 0)), .required("closed_through", \.closedThrough))
}

extension EventReversed: PayloadRecord {
    static let payloadLayout = PayloadLayout<EventReversed>(
        blank: EventReversed(reversedEventID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), reversedEventType: ""),
        .required("reversed_event_id", \.reversedEventID), .required("reversed_event_type", \.reversedEventType))
}

extension EventSkipped: PayloadRecord {
    static let payloadLayout = PayloadLayout<EventSkipped>(
        blank: EventSkipped(eventID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), reason: ""),
        .required("event_id", \.eventID), .required("reason", \.reason))
}

extension FundEstablished: PayloadRecord {
    static let payloadLayout = PayloadLayout<FundEstablished>(
        blank: FundEstablished(fundID: "", organisationID: "", name: "", currency: .sek, policy: FundPolicy()),
        .required("fund_id", \.fundID), .required("organisation_id", \.organisationID), .required("name", \.name),
        .required("currency", \.currency), .required("policy", \.policy))
}

extension FundPolicyChanged: PayloadRecord {
    static let payloadLayout = PayloadLayout<FundPolicyChanged>(blank: FundPolicyChanged(policy: FundPolicy()), .required("policy", \.policy))
}

extension CapitalContributed: PayloadRecord {
    static let payloadLayout = PayloadLayout<CapitalContributed>(
        blank: CapitalContributed(amount: .zero(.sek), source: ""), .required("amount", \.amount), .required("source", \.source))
}

extension CapitalWithdrawn: PayloadRecord {
    static let payloadLayout = PayloadLayout<CapitalWithdrawn>(blank: CapitalWithdrawn(amount: .zero(.sek)), .required("amount", \.amount))
}

extension FundPolicy: PayloadRecord {
    static let payloadLayout = PayloadLayout<FundPolicy>(
        blank: FundPolicy(), .required("minimum_departments", \.minimumDepartments),
        .required("non_profit_partner_counts_as_department", \.nonProfitPartnerCountsAsDepartment),
        .required("minimum_co_financing_share", \.minimumCoFinancingShare), .optional("maximum_duration_years", \.maximumDurationYears),
        .optional("maximum_amount_per_year", \.maximumAmountPerYear), .required("priority_areas", \.priorityAreas),
        .required("target_groups", \.targetGroups), .required("overcommitment_allowed", \.overcommitmentAllowed),
        .required("repayment_model", \.repaymentModel))
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

    /// Reads the value of a case without values (an object whose members are ignored): `value`.
    mutating func readEmptyCase<Value>(_ value: Value) throws -> Value {
        try readObject(PayloadFields()) { _, _ in }
        return value
    }

    /// Reads an object of one required member, the only name in `fields`, and returns that member's value.
    mutating func readSoleMember<Value: PayloadReadable>(_ fields: PayloadFields) throws -> Value {
        var value: Value?
        try readObject(fields) { _, reader in value = try reader.read() }
        return try fields.required(value, 0)
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
                return try reader.readEmptyCase(RepaymentModel.none)
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
                return .repaymentPlan(instalments: try reader.readSoleMember(Self.planFields))
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
            case 0: try reader.readEmptyCase(.disbursed)
            case 1: .fixed(try reader.readSoleMember(Self.fixedFields))
            default: try reader.readEmptyCase(.unlimited)
            }
        }
    }
}

extension PlannedInstalment: PayloadRecord {
    static let payloadLayout = PayloadLayout<PlannedInstalment>(
        blank: PlannedInstalment(department: "", due: CivilDate(daysSinceEpoch: 0), amount: .zero(.sek)),
        .required("department", \.department), .required("due", \.due), .required("amount", \.amount))
}
