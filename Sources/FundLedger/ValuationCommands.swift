import EventStore
import Foundation

/// Something a user asks the ledger to record about valuation: a catalogue entry, a proxy, a price index,
/// evaluation assumptions or an outcome-payment contract. Checked by `ValuationRules` and recorded by
/// `LedgerService.record(_:)` like a `LedgerCommand`: a broken rule is a `LedgerRuleError` and nothing is
/// written.
///
/// A family of its own rather than more `LedgerCommand` cases: the ledger's commands are switched over
/// exhaustively in places (the demo's descriptions) that have nothing to do with valuation.
public enum ValuationCommand: Sendable, Equatable {
    case recordUnitCost(organisationID: String, UnitCostRecorded)
    case recordFinancialProxy(organisationID: String, FinancialProxyRecorded)
    case recordPriceIndex(organisationID: String, PriceIndexRecorded)
    case recordAssumptions(fundID: String, EvaluationAssumptionsRecorded)
    case agreeOutcomeContract(fundID: String, OutcomeContractAgreed)

    /// Catalogue data goes to `valuation-<org>`, assumptions and contracts to `fund-<id>`.
    public var stream: String {
        switch self {
        case .recordUnitCost(let id, _), .recordFinancialProxy(let id, _), .recordPriceIndex(let id, _):
            ValuationStreams.catalogue(id)
        case .recordAssumptions(let fundID, _), .agreeOutcomeContract(let fundID, _):
            LedgerStreams.fund(fundID)
        }
    }
}

extension ValuationCommand: RecordableCommand {}

/// A valuation command with who asks, why, and the date it takes effect.
public typealias ValuationEnvelope = Envelope<ValuationCommand>
