import EventStore
import Foundation

/// Corrections: reversing an event.
extension CommandHandler {
    func reverse(fundID: String, eventID: UUID, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        _ = try requireFund(fundID, state, date)
        guard let original = state.eventsByID[eventID], original.streamID == LedgerStreams.fund(fundID) else {
            throw LedgerRuleError(.unknownEvent, "event \(eventID.uuidString.lowercased()) is not in fund \(fundID)")
        }
        if case .eventReversed = original.event {
            throw LedgerRuleError(.reverseReversal, "a reversal cannot be reversed; record the original again instead")
        }
        guard state.reversedBy[eventID] == nil else {
            throw LedgerRuleError(.reverseOnce, "event \(eventID.uuidString.lowercased()) is already reversed")
        }
        let reversible: Set = [
            CapitalContributed.eventType, CapitalWithdrawn.eventType, FundsDisbursed.eventType,
            CoFinancingRecorded.eventType, SavingRealised.eventType, SavingAttributed.eventType,
            RepaymentReceived.eventType, RepaymentWaived.eventType, OutcomeMeasured.eventType,
        ]
        guard reversible.contains(original.event.eventType) else {
            throw LedgerRuleError(.notReversible,
                "\(original.event.eventType) cannot be reversed; decisions are amended or revoked instead")
        }
        return [.eventReversed(.init(reversedEventID: eventID, reversedEventType: original.event.eventType))]
    }
}
