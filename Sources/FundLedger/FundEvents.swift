// Fund events on the fund stream (`fund-<fund id>`): the fund itself and its capital.

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
