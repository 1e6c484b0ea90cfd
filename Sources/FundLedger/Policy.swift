import EventStore
import Memberwise

/// A fund's rules for applications and repayments: data on the fund, not code, since every fund differs.
@PublicMemberwiseInit
public struct FundPolicy: Codable, Sendable, Equatable {
    /// Departments an initiative must involve (Eslöv, Region Skåne: at least 2).
    public var minimumDepartments: Int = 1
    /// Whether a non-profit partner counts as one department for `minimumDepartments` (Eslöv: yes).
    public var nonProfitPartnerCountsAsDepartment: Bool = false
    /// Co-financing as a share of the requested total (Region Skåne: 30 %).
    public var minimumCoFinancingShare: Rate = .zero
    /// Longest duration in years (Örebro, Gävleborg: 3).
    public var maximumDurationYears: Int? = nil
    /// Largest amount per year (Region Gävleborg: 500 kSEK).
    public var maximumAmountPerYear: Money? = nil
    /// Priority areas; empty means any.
    public var priorityAreas: [String] = []
    /// Target groups; empty means any.
    public var targetGroups: [String] = []
    /// Whether decisions may exceed the uncommitted capital.
    public var overcommitmentAllowed: Bool = false
    /// The repayment model for decisions taken under this policy.
    public var repaymentModel: RepaymentModel = .none
}

/// How money comes back to a fund (domain.md, "Repayment models differ per fund").
public enum RepaymentModel: Codable, Sendable, Equatable {
    /// A grant: nothing is repaid (Norrköping after 2021).
    case none
    /// The saving department repays `share` of each realised saving, up to `cap` of the amount
    /// disbursed, for savings within `horizonYears` of the decision.
    case shareOfSavings(share: Rate, cap: CapRule, horizonYears: Int)
    /// Fixed instalments agreed in the decision.
    case repaymentPlan(instalments: [PlannedInstalment])
    /// The saving department's frame is cut by the saving (a share of it), earmarked for the fund.
    case frameReduction(share: Rate, horizonYears: Int)
}

/// The ceiling of a repayment obligation.
public enum CapRule: Codable, Sendable, Equatable {
    /// Up to what was disbursed (the usual rule).
    case disbursed
    /// Up to a fixed amount.
    case fixed(Money)
    /// No ceiling.
    case unlimited
}

/// One instalment of a repayment plan.
@PublicMemberwiseInit
public struct PlannedInstalment: Codable, Sendable, Equatable {
    public var department: String
    public var due: CivilDate
    public var amount: Money
}

extension FundPolicy {
    /// Why the policy holds a share outside what commands accept (`CommandHandler.validate`), which the
    /// ledger's arithmetic relies on; nil when it does not.
    public var rangeProblem: String? {
        if minimumCoFinancingShare < .zero || minimumCoFinancingShare > .one {
            return "minimum_co_financing_share is \(minimumCoFinancingShare.percent); it must be between 0 % and 100 %"
        }
        return repaymentModel.rangeProblem
    }
}

extension RepaymentModel {
    /// Why the model's share lies outside (0 %, 100 %], which a repayment's arithmetic relies on; nil when
    /// it does not (a horizon past the calendar simply never ends).
    public var rangeProblem: String? {
        switch self {
        case .shareOfSavings(let share, _, _), .frameReduction(let share, _): Self.shareProblem(share, "repayment share")
        case .repaymentPlan, .none: nil
        }
    }

    /// Why `share` (named `name`) is not more than 0 % and at most 100 %; nil when it is.
    static func shareProblem(_ share: Rate, _ name: String) -> String? {
        share > .zero && share <= .one ? nil : "\(name) is \(share.percent); it must be more than 0 % and at most 100 %"
    }
}
