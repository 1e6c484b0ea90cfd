import Memberwise

// Fund events on the fund stream (`fund-<fund id>`): the fund itself and its capital.

/// A fund is set up with its currency and policy.
@PublicMemberwiseInit
public struct FundEstablished: DomainEvent {
    public static let eventType = "FundEstablished"
    public var fundID: String
    public var organisationID: String
    public var name: String
    public var currency: Currency
    public var policy: FundPolicy
}

/// The fund's policy changes; decisions taken before keep their terms.
@PublicMemberwiseInit
public struct FundPolicyChanged: DomainEvent {
    public static let eventType = "FundPolicyChanged"
    public var policy: FundPolicy
}

/// Capital is put into the fund.
@PublicMemberwiseInit
public struct CapitalContributed: DomainEvent {
    public static let eventType = "CapitalContributed"
    public var amount: Money
    public var source: String
}

/// Capital is taken out of the fund.
@PublicMemberwiseInit
public struct CapitalWithdrawn: DomainEvent {
    public static let eventType = "CapitalWithdrawn"
    public var amount: Money
}
