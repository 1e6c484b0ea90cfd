import EventStore
import Foundation
import Memberwise

// Valuation data: what the evaluation models (SROI, socio-economic, cost–benefit, outcome payments) value
// outcomes with. Unit costs, proxies, indices and assumptions are data with a source and a price year,
// recorded like everything else, so a report made years later can be made again with the values that
// applied then (replay to the report's stamped position).
//
// Streams (docs/valuation.md):
// - `valuation-<org number>`: the organisation's catalogue — unit costs, financial proxies, price indices.
//   Apart from `organisation-<org number>` so that a catalogue import never makes a fund's commands retry.
// - `fund-<fund id>`: evaluation assumptions (for the fund or one initiative) and outcome-payment contracts,
//   beside the initiatives they are about.
//
// A later entry with the same key (outcome id, index id, initiative, contract id) supersedes the earlier
// one from its position on; nothing is overwritten, so earlier reports stay reproducible.

/// What a valued outcome is worth to: the public purse, the wider economy, or people's wellbeing
/// (Greater Manchester CBA's three kinds of value).
public enum ValueKind: String, Codable, Sendable, CaseIterable {
    /// Costs that fall on public agencies (kommun, region, stat, Försäkringskassan, …).
    case fiscal
    /// Gains to the economy: earnings, productivity.
    case economic
    /// Wellbeing and other social value that is not money changing hands.
    case social
}

/// One actor's part of a unit cost: who bears it, how much per unit, and whether a saving there frees
/// real money (cashable) or only capacity.
@PublicMemberwiseInit
public struct CostShare: Codable, Sendable, Equatable {
    /// The actor or agency, e.g. `kommun`, `region`, `forsakringskassan`, `police`, `nhs`.
    public var actor: String
    /// Per unit, in the unit cost's currency.
    public var amount: Money
    /// A saving here frees money that can be taken out of a budget (not only staff time or capacity).
    public var cashable: Bool = true
}

/// An entry of the organisation's unit-cost catalogue: what one unit of an outcome costs, and who bears
/// it. The shares sum to the unit cost exactly (checked before recording).
@PublicMemberwiseInit
public struct UnitCostRecorded: DomainEvent {
    public static let eventType = "UnitCostRecorded"
    /// The outcome valued, matched against the indicator names of measured outcomes
    /// (`domestic-violence-incident`, `utanforskap-person-ar`).
    public var outcomeID: String
    public var description: String
    /// What one unit is (`incident`, `person-year`).
    public var unit: String
    public var kind: ValueKind
    /// The cost of one unit, in the price level of `priceYear`.
    public var cost: Money
    public var split: [CostShare]
    /// Where the figure comes from (a database, a report, a calculation), for an auditor to look up.
    public var source: String
    /// The year whose prices the figure is in.
    public var priceYear: Int
}

/// A financial proxy (SROI): the value to society of one unit of an outcome.
@PublicMemberwiseInit
public struct FinancialProxyRecorded: DomainEvent {
    public static let eventType = "FinancialProxyRecorded"
    public var outcomeID: String
    public var description: String
    public var unit: String
    /// The value of one unit, in the price level of `priceYear`.
    public var value: Money
    public var source: String
    public var priceYear: Int
}

/// One year of a price index.
@PublicMemberwiseInit
public struct IndexPoint: Codable, Sendable, Equatable {
    public var year: Int
    /// The index level, an exact decimal (`KPI 2020 = 338.69`).
    public var level: Rate
}

/// Levels of a price index by year, for uprating values to another year's prices. A later record of the
/// same index adds its years and replaces the levels of years it repeats.
@PublicMemberwiseInit
public struct PriceIndexRecorded: DomainEvent {
    public static let eventType = "PriceIndexRecorded"
    /// `kpi` (SCB's consumer price index), `gdp-deflator`, …
    public var indexID: String
    public var points: [IndexPoint]
    public var source: String
}

/// The assumptions an evaluation rests on, for the whole fund (`initiativeID` nil) or one initiative
/// (which then overrides the fund's). Shares are exact decimals between 0 and 1.
@PublicMemberwiseInit
public struct EvaluationAssumptionsRecorded: DomainEvent {
    public static let eventType = "EvaluationAssumptionsRecorded"
    public var initiativeID: String?
    /// The share of the outcome that would have happened anyway.
    public var deadweight: Rate
    /// The share of the outcome that merely moved an effect elsewhere.
    public var displacement: Rate
    /// The share of the outcome owed to others than the initiative.
    public var attribution: Rate
    /// How much of the remaining effect fades each year after the first.
    public var dropOff: Rate
    /// The yearly discount rate (Sweden and the UK Green Book use 3.5 %).
    public var discountRate: Rate
    /// How much benefits are reduced to correct for optimism (cost–benefit analysis).
    public var optimismBias: Rate
    /// How many years an outcome's effect is counted, first year included (1–50).
    public var horizonYears: Int
    /// People in the initiative's target group (the socio-economic model); nil when not stated.
    public var targetGroupSize: Int? = nil
    public var source: String
}

extension EvaluationAssumptionsRecorded {
    /// Why these assumptions lie outside the ranges the models' arithmetic relies on — a share outside
    /// 0–100 %, a horizon outside 1–50 years, an empty target group — which commands refuse
    /// (`ValuationRules`); nil when they do not. A stored event that does is unreadable, so that no report
    /// loops for ever or divides by zero on one appended raw.
    public var rangeProblem: String? {
        let shares: [(String, Rate)] = [
            ("deadweight", deadweight), ("displacement", displacement), ("attribution", attribution),
            ("drop_off", dropOff), ("discount_rate", discountRate), ("optimism_bias", optimismBias),
        ]
        if let (name, share) = shares.first(where: { $0.1 < .zero || $0.1 > .one }) {
            return "\(name) is \(share.percent); a share must be between 0 % and 100 %"
        }
        if !(1...ValuationRules.horizonYearsMax).contains(horizonYears) {
            return "horizon_years is \(horizonYears); it must be 1 to \(ValuationRules.horizonYearsMax)"
        }
        if let targetGroupSize, targetGroupSize < 1 { return "target_group_size is \(targetGroupSize); it must be at least 1" }
        return nil
    }
}

/// An outcome-payment contract (social impact bond): the commissioner pays for outcomes measured as a
/// reduction of the treated group's indicator against a comparison group's, from a threshold on, up to a cap.
@PublicMemberwiseInit
public struct OutcomeContractAgreed: DomainEvent {
    public static let eventType = "OutcomeContractAgreed"
    public var contractID: String
    public var initiativeID: String
    /// The indicator measured for the treated cohort (e.g. `reconvictions`).
    public var treatedIndicator: String
    /// The indicator measured for the comparison group.
    public var comparisonIndicator: String
    /// The smallest reduction that triggers a payment (Peterborough: 10 %).
    public var threshold: Rate
    /// Paid for each outcome: each unit by which the treated figure is below the comparison figure.
    public var paymentPerOutcome: Money
    /// The most the contract ever pays, all periods together.
    public var cap: Money
    public var source: String
}

/// Every valuation event, as one type: registered in `LedgerEvent` as its `valuation` case, so replays and
/// report folds see them while `LedgerState` and the books ignore them.
public enum ValuationEvent: Sendable, Equatable {
    case unitCostRecorded(UnitCostRecorded)
    case financialProxyRecorded(FinancialProxyRecorded)
    case priceIndexRecorded(PriceIndexRecorded)
    case evaluationAssumptionsRecorded(EvaluationAssumptionsRecorded)
    case outcomeContractAgreed(OutcomeContractAgreed)

    /// The payload, type-erased.
    public var payload: any DomainEvent {
        switch self {
        case .unitCostRecorded(let e): e
        case .financialProxyRecorded(let e): e
        case .priceIndexRecorded(let e): e
        case .evaluationAssumptionsRecorded(let e): e
        case .outcomeContractAgreed(let e): e
        }
    }

    /// Wraps a payload; `nil` for a payload that is not a valuation event.
    public init?(_ payload: any DomainEvent) {
        switch payload {
        case let e as UnitCostRecorded: self = .unitCostRecorded(e)
        case let e as FinancialProxyRecorded: self = .financialProxyRecorded(e)
        case let e as PriceIndexRecorded: self = .priceIndexRecorded(e)
        case let e as EvaluationAssumptionsRecorded: self = .evaluationAssumptionsRecorded(e)
        case let e as OutcomeContractAgreed: self = .outcomeContractAgreed(e)
        default: return nil
        }
    }

    /// The valuation event types, for decoding by name.
    static let types: [any DomainEvent.Type] = [
        UnitCostRecorded.self, FinancialProxyRecorded.self, PriceIndexRecorded.self, EvaluationAssumptionsRecorded.self,
        OutcomeContractAgreed.self,
    ]
}

/// Stream names for valuation data.
public enum ValuationStreams {
    /// The organisation's catalogue: `valuation-<org number>`.
    public static func catalogue(_ organisationID: String) -> String { "valuation-\(organisationID)" }

    /// `valuation-<id>` → id.
    public static func organisationID(ofStream stream: String) -> String? {
        stream.hasPrefix("valuation-") ? String(stream.dropFirst("valuation-".count)) : nil
    }
}
