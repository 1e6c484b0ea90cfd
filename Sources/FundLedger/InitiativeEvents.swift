import EventStore
import Memberwise

// Initiative events on the fund stream (`fund-<fund id>`): from application to decision,
// disbursement, outcomes and closing, with the value types their payloads hold.

/// One year's amount of an application or a decision's phasing.
@PublicMemberwiseInit
public struct YearAmount: Codable, Sendable, Equatable {
    public var year: Int
    public var amount: Money
}

/// A saving a department expects in a year.
@PublicMemberwiseInit
public struct ExpectedSaving: Codable, Sendable, Equatable {
    public var department: String
    public var year: Int
    public var amount: Money
}

/// A partner outside the organisation (an association, a company).
@PublicMemberwiseInit
public struct Partner: Codable, Sendable, Equatable {
    public var name: String
    /// A non-profit partner may count as a department for the "at least N departments" criterion.
    public var nonProfit: Bool
}

/// An indicator followed up during the initiative.
@PublicMemberwiseInit
public struct Indicator: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var baseline: String
    public var target: String
}

/// A department applies for money for an initiative.
@PublicMemberwiseInit
public struct ApplicationSubmitted: DomainEvent {
    public static let eventType = "ApplicationSubmitted"
    public var initiativeID: String
    public var title: String
    /// Codes of the departments taking part; the first one leads.
    public var departments: [String]
    public var partners: [Partner] = []
    public var targetGroup: String
    public var priorityArea: String
    public var requestedPerYear: [YearAmount]
    public var coFinancing: Money
    public var expectedSavings: [ExpectedSaving] = []
    public var indicators: [Indicator] = []
}

/// The fund's criteria, checked for one application.
@PublicMemberwiseInit
public struct ApplicationAssessed: DomainEvent {
    public static let eventType = "ApplicationAssessed"
    public var initiativeID: String
    public var assessor: String
    public var results: [CriterionResult]
}

/// The outcome of one criterion.
@PublicMemberwiseInit
public struct CriterionResult: Codable, Sendable, Equatable {
    public var criterion: String
    public var met: Bool
    public var note: String
}

/// The political body grants money, with the repayment terms that apply to this decision for good.
@PublicMemberwiseInit
public struct InvestmentDecided: DomainEvent {
    public static let eventType = "InvestmentDecided"
    public var initiativeID: String
    public var body: String
    /// Diarienummer.
    public var referenceNumber: String
    public var granted: Money
    public var phasing: [YearAmount]
    public var repaymentTerms: RepaymentModel
    public var decidedOn: CivilDate
}

/// The application is turned down.
@PublicMemberwiseInit
public struct ApplicationRejected: DomainEvent {
    public static let eventType = "ApplicationRejected"
    public var initiativeID: String
    public var body: String
    public var referenceNumber: String
    public var reason: String
}

/// A decision's granted amount changes.
@PublicMemberwiseInit
public struct DecisionAmended: DomainEvent {
    public static let eventType = "DecisionAmended"
    public var initiativeID: String
    public var referenceNumber: String
    public var granted: Money
}

/// A decision is withdrawn: what is not yet disbursed is no longer committed.
@PublicMemberwiseInit
public struct DecisionRevoked: DomainEvent {
    public static let eventType = "DecisionRevoked"
    public var initiativeID: String
    public var referenceNumber: String
}

/// Money leaves the fund for a department running the initiative.
@PublicMemberwiseInit
public struct FundsDisbursed: DomainEvent {
    public static let eventType = "FundsDisbursed"
    public var initiativeID: String
    public var amount: Money
    public var department: String
    /// The voucher (verifikation) in the accounting system.
    public var voucher: String
}

/// A department or partner puts its own money into the initiative.
@PublicMemberwiseInit
public struct CoFinancingRecorded: DomainEvent {
    public static let eventType = "CoFinancingRecorded"
    public var initiativeID: String
    public var amount: Money
    public var contributor: String
}

/// An indicator's measured value for a period.
///
/// Schema version 2 added `quantity`: the value as an exact decimal when it is a number, so evaluation
/// models can compute with it. Version 1 events are upcast on read (see `Upcasting.swift`).
public struct OutcomeMeasured: DomainEvent {
    public static let eventType = "OutcomeMeasured"
    public static var schemaVersion: Int { 2 }
    public var initiativeID: String
    public var indicator: String
    /// The value as recorded (`12`, `3,5`, `god`).
    public var value: String
    public var period: String
    /// `value` as an exact decimal, or `nil` when it is not a number.
    public var quantity: Rate?
    public init(initiativeID: String, indicator: String, value: String, period: String) {
        self.initiativeID = initiativeID
        self.indicator = indicator
        self.value = value
        self.period = period
        self.quantity = Self.quantity(parsing: value)
    }

    /// A measured value read as a decimal (`12`, `3,5`, `1 200`, `60 personer`), or `nil` when it is not
    /// plainly a number (words, ranges, percentages): `OutcomeQuantity.parse`, the evaluation models' reader.
    public static func quantity(parsing value: String) -> Rate? {
        OutcomeQuantity.parse(value)
    }
}

/// How an initiative ended.
public enum ClosingOutcome: String, Codable, Sendable {
    case completed
    case discontinued
    /// The method lives on in the departments' regular operations.
    case implemented = "implemented_in_regular_operations"
}

/// The initiative is closed; no more disbursements.
@PublicMemberwiseInit
public struct InitiativeClosed: DomainEvent {
    public static let eventType = "InitiativeClosed"
    public var initiativeID: String
    public var outcome: ClosingOutcome
}
