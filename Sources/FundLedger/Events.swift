import EventStore
import Foundation

/// A fact the ledger records. Each type has a stable name (the event type in the store) and a schema
/// version; payloads are Codable with snake_case keys. Names never change once events exist.
public protocol DomainEvent: Codable, Sendable, Equatable {
    /// The stable type name stored with the event, e.g. `FundsDisbursed`.
    static var eventType: String { get }
    /// The payload's current schema version.
    static var schemaVersion: Int { get }
}

extension DomainEvent {
    public static var schemaVersion: Int { 1 }
}

// MARK: Organisation stream (`organisation-<org number>`)

/// A kommun or region joins the ledger.
public struct OrganisationRegistered: DomainEvent {
    public static let eventType = "OrganisationRegistered"
    /// The organisation number (organisationsnummer), e.g. `212000-1124`.
    public var organisationID: String
    public var name: String
    /// `kommun` or `region`.
    public var kind: String
    public init(organisationID: String, name: String, kind: String) {
        self.organisationID = organisationID
        self.name = name
        self.kind = kind
    }
}

/// What kind of unit a department is.
public enum DepartmentKind: String, Codable, Sendable, CaseIterable {
    /// A förvaltning of the organisation.
    case department
    /// A nämnd (political committee).
    case committee
    /// An actor outside the organisation: the region, Försäkringskassan, Arbetsförmedlingen, …
    case externalActor = "external_actor"
}

/// A department (förvaltning), committee (nämnd) or external actor is known to the organisation.
public struct DepartmentRegistered: DomainEvent {
    public static let eventType = "DepartmentRegistered"
    /// A short code used everywhere else, e.g. `BUN`, `SOC`, `FK`.
    public var code: String
    public var name: String
    public var kind: DepartmentKind
    public init(code: String, name: String, kind: DepartmentKind) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// A fiscal period is closed: nothing may be effective on or before `closedThrough` any more.
public struct PeriodClosed: DomainEvent {
    public static let eventType = "PeriodClosed"
    public var closedThrough: CivilDate
    public init(closedThrough: CivilDate) { self.closedThrough = closedThrough }
}

// MARK: Fund stream (`fund-<fund id>`): the fund and every initiative it finances

/// A fund is set up with its currency and policy.
public struct FundEstablished: DomainEvent {
    public static let eventType = "FundEstablished"
    public var fundID: String
    public var organisationID: String
    public var name: String
    public var currency: Currency
    public var policy: FundPolicy
    public init(fundID: String, organisationID: String, name: String, currency: Currency, policy: FundPolicy) {
        self.fundID = fundID
        self.organisationID = organisationID
        self.name = name
        self.currency = currency
        self.policy = policy
    }
}

/// The fund's policy changes; decisions taken before keep their terms.
public struct FundPolicyChanged: DomainEvent {
    public static let eventType = "FundPolicyChanged"
    public var policy: FundPolicy
    public init(policy: FundPolicy) { self.policy = policy }
}

/// Capital is put into the fund.
public struct CapitalContributed: DomainEvent {
    public static let eventType = "CapitalContributed"
    public var amount: Money
    public var source: String
    public init(amount: Money, source: String) {
        self.amount = amount
        self.source = source
    }
}

/// Capital is taken out of the fund.
public struct CapitalWithdrawn: DomainEvent {
    public static let eventType = "CapitalWithdrawn"
    public var amount: Money
    public init(amount: Money) { self.amount = amount }
}

/// One year's amount of an application or a decision's phasing.
public struct YearAmount: Codable, Sendable, Equatable {
    public var year: Int
    public var amount: Money
    public init(year: Int, amount: Money) {
        self.year = year
        self.amount = amount
    }
}

/// A saving a department expects in a year.
public struct ExpectedSaving: Codable, Sendable, Equatable {
    public var department: String
    public var year: Int
    public var amount: Money
    public init(department: String, year: Int, amount: Money) {
        self.department = department
        self.year = year
        self.amount = amount
    }
}

/// A partner outside the organisation (an association, a company).
public struct Partner: Codable, Sendable, Equatable {
    public var name: String
    /// A non-profit partner may count as a department for the "at least N departments" criterion.
    public var nonProfit: Bool
    public init(name: String, nonProfit: Bool) {
        self.name = name
        self.nonProfit = nonProfit
    }
}

/// An indicator followed up during the initiative.
public struct Indicator: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var baseline: String
    public var target: String
    public init(name: String, unit: String, baseline: String, target: String) {
        self.name = name
        self.unit = unit
        self.baseline = baseline
        self.target = target
    }
}

/// A department applies for money for an initiative.
public struct ApplicationSubmitted: DomainEvent {
    public static let eventType = "ApplicationSubmitted"
    public var initiativeID: String
    public var title: String
    /// Codes of the departments taking part; the first one leads.
    public var departments: [String]
    public var partners: [Partner]
    public var targetGroup: String
    public var priorityArea: String
    public var requestedPerYear: [YearAmount]
    public var coFinancing: Money
    public var expectedSavings: [ExpectedSaving]
    public var indicators: [Indicator]
    public init(
        initiativeID: String, title: String, departments: [String], partners: [Partner] = [], targetGroup: String,
        priorityArea: String, requestedPerYear: [YearAmount], coFinancing: Money, expectedSavings: [ExpectedSaving] = [],
        indicators: [Indicator] = []
    ) {
        self.initiativeID = initiativeID
        self.title = title
        self.departments = departments
        self.partners = partners
        self.targetGroup = targetGroup
        self.priorityArea = priorityArea
        self.requestedPerYear = requestedPerYear
        self.coFinancing = coFinancing
        self.expectedSavings = expectedSavings
        self.indicators = indicators
    }
}

/// The fund's criteria, checked for one application.
public struct ApplicationAssessed: DomainEvent {
    public static let eventType = "ApplicationAssessed"
    public var initiativeID: String
    public var assessor: String
    public var results: [CriterionResult]
    public init(initiativeID: String, assessor: String, results: [CriterionResult]) {
        self.initiativeID = initiativeID
        self.assessor = assessor
        self.results = results
    }
}

/// The outcome of one criterion.
public struct CriterionResult: Codable, Sendable, Equatable {
    public var criterion: String
    public var met: Bool
    public var note: String
    public init(criterion: String, met: Bool, note: String) {
        self.criterion = criterion
        self.met = met
        self.note = note
    }
}

/// The political body grants money, with the repayment terms that apply to this decision for good.
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
    public init(
        initiativeID: String, body: String, referenceNumber: String, granted: Money, phasing: [YearAmount],
        repaymentTerms: RepaymentModel, decidedOn: CivilDate
    ) {
        self.initiativeID = initiativeID
        self.body = body
        self.referenceNumber = referenceNumber
        self.granted = granted
        self.phasing = phasing
        self.repaymentTerms = repaymentTerms
        self.decidedOn = decidedOn
    }
}

/// The application is turned down.
public struct ApplicationRejected: DomainEvent {
    public static let eventType = "ApplicationRejected"
    public var initiativeID: String
    public var body: String
    public var referenceNumber: String
    public var reason: String
    public init(initiativeID: String, body: String, referenceNumber: String, reason: String) {
        self.initiativeID = initiativeID
        self.body = body
        self.referenceNumber = referenceNumber
        self.reason = reason
    }
}

/// A decision's granted amount changes.
public struct DecisionAmended: DomainEvent {
    public static let eventType = "DecisionAmended"
    public var initiativeID: String
    public var referenceNumber: String
    public var granted: Money
    public init(initiativeID: String, referenceNumber: String, granted: Money) {
        self.initiativeID = initiativeID
        self.referenceNumber = referenceNumber
        self.granted = granted
    }
}

/// A decision is withdrawn: what is not yet disbursed is no longer committed.
public struct DecisionRevoked: DomainEvent {
    public static let eventType = "DecisionRevoked"
    public var initiativeID: String
    public var referenceNumber: String
    public init(initiativeID: String, referenceNumber: String) {
        self.initiativeID = initiativeID
        self.referenceNumber = referenceNumber
    }
}

/// Money leaves the fund for a department running the initiative.
public struct FundsDisbursed: DomainEvent {
    public static let eventType = "FundsDisbursed"
    public var initiativeID: String
    public var amount: Money
    public var department: String
    /// The voucher (verifikation) in the accounting system.
    public var voucher: String
    public init(initiativeID: String, amount: Money, department: String, voucher: String) {
        self.initiativeID = initiativeID
        self.amount = amount
        self.department = department
        self.voucher = voucher
    }
}

/// A department or partner puts its own money into the initiative.
public struct CoFinancingRecorded: DomainEvent {
    public static let eventType = "CoFinancingRecorded"
    public var initiativeID: String
    public var amount: Money
    public var contributor: String
    public init(initiativeID: String, amount: Money, contributor: String) {
        self.initiativeID = initiativeID
        self.amount = amount
        self.contributor = contributor
    }
}

/// A verified cost reduction in a department (or at an external actor) for a period.
public struct SavingRealised: DomainEvent {
    public static let eventType = "SavingRealised"
    public var savingID: String
    public var initiativeID: String
    public var department: String
    public var amount: Money
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var evidence: String
    /// Cashable savings free real money; non-cashable ones free capacity only.
    public var cashable: Bool
    public init(
        savingID: String, initiativeID: String, department: String, amount: Money, periodStart: CivilDate,
        periodEnd: CivilDate, evidence: String, cashable: Bool
    ) {
        self.savingID = savingID
        self.initiativeID = initiativeID
        self.department = department
        self.amount = amount
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.evidence = evidence
        self.cashable = cashable
    }
}

/// A share of a saving is attributed to another department, which then owes that share's repayment.
public struct SavingAttributed: DomainEvent {
    public static let eventType = "SavingAttributed"
    public var savingID: String
    public var department: String
    public var share: Rate
    public init(savingID: String, department: String, share: Rate) {
        self.savingID = savingID
        self.department = department
        self.share = share
    }
}

/// How a repayment reached the fund.
public enum RepaymentMethod: String, Codable, Sendable {
    case cash
    /// The department's budget frame was cut and the amount earmarked for the fund (ramjustering).
    case frameReduction = "frame_reduction"
}

/// A department pays back into the fund.
public struct RepaymentReceived: DomainEvent {
    public static let eventType = "RepaymentReceived"
    public var initiativeID: String
    public var department: String
    public var amount: Money
    public var method: RepaymentMethod
    public init(initiativeID: String, department: String, amount: Money, method: RepaymentMethod) {
        self.initiativeID = initiativeID
        self.department = department
        self.amount = amount
        self.method = method
    }
}

/// Part of a department's repayment obligation is written off by decision.
public struct RepaymentWaived: DomainEvent {
    public static let eventType = "RepaymentWaived"
    public var initiativeID: String
    public var department: String
    public var amount: Money
    public var referenceNumber: String
    public init(initiativeID: String, department: String, amount: Money, referenceNumber: String) {
        self.initiativeID = initiativeID
        self.department = department
        self.amount = amount
        self.referenceNumber = referenceNumber
    }
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
public struct InitiativeClosed: DomainEvent {
    public static let eventType = "InitiativeClosed"
    public var initiativeID: String
    public var outcome: ClosingOutcome
    public init(initiativeID: String, outcome: ClosingOutcome) {
        self.initiativeID = initiativeID
        self.outcome = outcome
    }
}

/// An earlier event is corrected: its effect is undone from this event's effective date on.
public struct EventReversed: DomainEvent {
    public static let eventType = "EventReversed"
    public var reversedEventID: UUID
    public var reversedEventType: String
    public init(reversedEventID: UUID, reversedEventType: String) {
        self.reversedEventID = reversedEventID
        self.reversedEventType = reversedEventType
    }
}
