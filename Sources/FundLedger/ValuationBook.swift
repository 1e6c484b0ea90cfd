import EventStore
import Foundation
import Memberwise

/// What an initiative was given, by year: disbursements and co-financing at their effective dates, less
/// those later reversed. The models' "inputs" and the cost side of a payback.
public struct InvestmentFlow: Sendable, Equatable {
    public var fundID: String
    public var initiativeID: String
    public var year: Int
    public var amount: Money
}

/// The valuation data as of a point in the log: a deterministic fold over the valuation events (and the
/// investment flows the models need), as `LedgerState` is over the ledger's. The latest record of a key
/// (outcome id, index id, initiative, contract id) is the one in force; a replay bounded at an earlier
/// position sees the values in force then.
public struct ValuationBook: Sendable, Equatable {
    /// Unit costs by organisation, then outcome id.
    public var unitCosts: [String: [String: UnitCostRecorded]] = [:]
    /// Financial proxies by organisation, then outcome id.
    public var proxies: [String: [String: FinancialProxyRecorded]] = [:]
    /// Price indices by organisation, then index id.
    public var indices: [String: [String: PriceIndex]] = [:]
    /// Assumptions by fund, then initiative id (`""` for the fund's own).
    public var assumptions: [String: [String: EvaluationAssumptionsRecorded]] = [:]
    /// Outcome-payment contracts by fund, then contract id.
    public var contracts: [String: [String: OutcomeContractAgreed]] = [:]
    /// Disbursements and co-financing by event id (a reversal removes its original).
    public var investments: [UUID: InvestmentFlow] = [:]

    public init() {}

    /// Applies one event (in position order); events that are not valuation data or investments are ignored.
    public mutating func apply(_ stored: StoredLedgerEvent) {
        let fundID = LedgerState.fundID(ofStream: stored.streamID)
        let organisationID = ValuationStreams.organisationID(ofStream: stored.streamID)
        switch stored.event {
        case .valuation(let valuation):
            switch valuation {
            case .unitCostRecorded(let e):
                if let organisationID { unitCosts[organisationID, default: [:]][e.outcomeID] = e }
            case .financialProxyRecorded(let e):
                if let organisationID { proxies[organisationID, default: [:]][e.outcomeID] = e }
            case .priceIndexRecorded(let e):
                guard let organisationID else { return }
                var index = indices[organisationID]?[e.indexID] ?? PriceIndex(indexID: e.indexID)
                for point in e.points { index.levels[point.year] = point.level }
                index.sources.append(e.source)
                indices[organisationID, default: [:]][e.indexID] = index
            case .evaluationAssumptionsRecorded(let e):
                if let fundID { assumptions[fundID, default: [:]][e.initiativeID ?? ""] = e }
            case .outcomeContractAgreed(let e):
                if let fundID { contracts[fundID, default: [:]][e.contractID] = e }
            }
        case .fundsDisbursed(let e):
            if let fundID {
                investments[stored.eventID] = InvestmentFlow(fundID: fundID, initiativeID: e.initiativeID, year: stored.effectiveDate.year, amount: e.amount)
            }
        case .coFinancingRecorded(let e):
            if let fundID {
                investments[stored.eventID] = InvestmentFlow(fundID: fundID, initiativeID: e.initiativeID, year: stored.effectiveDate.year, amount: e.amount)
            }
        case .eventReversed(let e):
            investments[e.reversedEventID] = nil
        default:
            break
        }
    }

    /// The assumptions for an initiative: its own, else the fund's.
    public func assumptions(fund fundID: String, initiative initiativeID: String) -> EvaluationAssumptionsRecorded? {
        assumptions[fundID]?[initiativeID] ?? assumptions[fundID]?[""]
    }

    /// Disbursed plus co-financed, by year, for one initiative.
    public func investedByYear(fund fundID: String, initiative initiativeID: String) -> [Int: Int64] {
        var years: [Int: Int64] = [:]
        for flow in investments.values where flow.fundID == fundID && flow.initiativeID == initiativeID {
            years[flow.year, default: 0] += flow.amount.ore
        }
        return years
    }
}

/// The fold every evaluation model reads: the ledger's state (funds, initiatives, outcomes, with reversals
/// applied) and the valuation data, side by side.
public struct EvaluationState: Sendable {
    public var ledger = LedgerState()
    public var valuation = ValuationBook()

    public init() {}

    /// Applies one event to both.
    public mutating func apply(_ stored: StoredLedgerEvent) {
        ledger.apply(stored)
        valuation.apply(stored)
    }

    /// The fund, or an error naming it.
    public func fund(_ fundID: String) throws -> FundState {
        guard let fund = ledger.funds[fundID] else {
            throw ValuationDataError("fund \(fundID) does not exist (as of this report's position)")
        }
        return fund
    }

    /// The initiative of a fund, or an error naming it.
    public func initiative(_ initiativeID: String, of fund: FundState) throws -> InitiativeState {
        guard let initiative = fund.initiatives[initiativeID] else {
            throw ValuationDataError("initiative \(initiativeID) does not exist in fund \(fund.id)")
        }
        return initiative
    }

    /// The initiative `initiativeID` of the fund (or an error naming it); without one, every initiative of
    /// the fund, in id order.
    public func initiatives(_ initiativeID: String?, of fund: FundState) throws -> [InitiativeState] {
        guard let initiativeID else { return fund.initiatives.values.sorted { $0.id < $1.id } }
        return [try initiative(initiativeID, of: fund)]
    }

    /// A unit cost's split over the actors who bear it, in the fund's currency, each share uprated on its own
    /// to `priceYear` (so the actors' figures add up to the totals).
    public func split(
        _ entry: UnitCostRecorded, uprated priceYear: Int?, indexID: String, fund: FundState
    ) throws -> [CostShare] {
        try entry.split.map { share in
            CostShare(actor: share.actor, amount: Money(
                ore: try uprate(share.amount.ore, from: entry.priceYear, to: priceYear, indexID: indexID, organisation: fund.organisationID),
                currency: fund.currency), cashable: share.cashable)
        }
    }

    /// The assumptions in force for an initiative, or an error saying how to record them.
    public func assumptions(fund fundID: String, initiative initiativeID: String) throws -> EvaluationAssumptionsRecorded {
        guard let assumptions = valuation.assumptions(fund: fundID, initiative: initiativeID) else {
            throw ValuationDataError("no evaluation assumptions are recorded for \(initiativeID) or fund \(fundID); record them with `fundledger valuation assumptions --fund \(fundID) …`")
        }
        return assumptions
    }

    /// The price index of the fund's organisation, or an error.
    public func priceIndex(_ indexID: String, organisation organisationID: String) throws -> PriceIndex {
        guard let index = valuation.indices[organisationID]?[indexID] else {
            throw ValuationDataError("price index \(indexID) is not recorded for organisation \(organisationID); record it with `fundledger valuation index`")
        }
        return index
    }

    /// `ore` in `priceYear` prices, in `targetYear` prices by the organisation's index `indexID`; unchanged
    /// when no target year is asked for or the years are the same.
    public func uprate(_ ore: Int64, from priceYear: Int, to targetYear: Int?, indexID: String, organisation organisationID: String) throws -> Int64 {
        guard let targetYear, targetYear != priceYear else { return ore }
        return try priceIndex(indexID, organisation: organisationID).uprate(ore, from: priceYear, to: targetYear)
    }

    /// Measured outcomes of an initiative whose value reads as a quantity, with their year, in recorded
    /// order; and those that could not be read (free text, or a period without a year).
    public func measuredQuantities(_ initiative: InitiativeState) -> (readable: [MeasuredQuantity], unreadable: [OutcomeMeasured]) {
        var readable: [MeasuredQuantity] = []
        var unreadable: [OutcomeMeasured] = []
        for outcome in initiative.outcomes {
            // `quantity` is set when the event is recorded (and upcast for version-1 events).
            if let quantity = outcome.quantity, let year = OutcomeQuantity.year(ofPeriod: outcome.period) {
                readable.append(MeasuredQuantity(indicator: outcome.indicator, period: outcome.period, year: year, quantity: quantity))
            } else {
                unreadable.append(outcome)
            }
        }
        return (readable, unreadable)
    }

    /// The measured outcomes of an initiative that read as quantities with a year; each of the others is
    /// described in `notes` as not valued.
    public func valuedQuantities(_ initiative: InitiativeState, notes: inout [String]) -> [MeasuredQuantity] {
        let (measured, unreadable) = measuredQuantities(initiative)
        for outcome in unreadable {
            notes.append("\(initiative.id): \(outcome.indicator) = \"\(outcome.value)\" (\(outcome.period)) is not a number with a year; not valued.")
        }
        return measured
    }
}

/// A measured outcome read as a number.
@PublicMemberwiseInit
public struct MeasuredQuantity: Sendable, Equatable {
    public var indicator: String
    public var period: String
    public var year: Int
    public var quantity: Rate
}
