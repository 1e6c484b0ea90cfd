import EventStore
import Memberwise

// Savings and repayment events on the fund stream (`fund-<fund id>`): what an initiative saves,
// who the saving is attributed to, and what departments pay back.

/// A verified cost reduction in a department (or at an external actor) for a period.
@PublicMemberwiseInit
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
}

/// A share of a saving is attributed to another department, which then owes that share's repayment.
@PublicMemberwiseInit
public struct SavingAttributed: DomainEvent {
    public static let eventType = "SavingAttributed"
    public var savingID: String
    public var department: String
    public var share: Rate
}

/// How a repayment reached the fund.
public enum RepaymentMethod: String, Codable, Sendable {
    case cash
    /// The department's budget frame was cut and the amount earmarked for the fund (ramjustering).
    case frameReduction = "frame_reduction"
}

/// A department pays back into the fund.
@PublicMemberwiseInit
public struct RepaymentReceived: DomainEvent {
    public static let eventType = "RepaymentReceived"
    public var initiativeID: String
    public var department: String
    public var amount: Money
    public var method: RepaymentMethod
}

/// Part of a department's repayment obligation is written off by decision.
@PublicMemberwiseInit
public struct RepaymentWaived: DomainEvent {
    public static let eventType = "RepaymentWaived"
    public var initiativeID: String
    public var department: String
    public var amount: Money
    public var referenceNumber: String
}
