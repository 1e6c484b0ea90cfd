import EventStore
import Foundation

/// The hand-written decoder of each event type, by stored type name: a replay's decode path (PayloadReader.swift).
extension LedgerEvent {
    /// Reads a current-version payload of one event type straight into its case.
    typealias PayloadRead = @Sendable (inout PayloadReader) throws -> LedgerEvent

    /// Every event type's reader; `types` and this table name the same types (a test checks it).
    static let readers: [String: PayloadRead] = [
        OrganisationRegistered.eventType: { .organisationRegistered(try $0.read()) },
        DepartmentRegistered.eventType: { .departmentRegistered(try $0.read()) },
        PeriodClosed.eventType: { .periodClosed(try $0.read()) },
        FundEstablished.eventType: { .fundEstablished(try $0.read()) },
        FundPolicyChanged.eventType: { .fundPolicyChanged(try $0.read()) },
        CapitalContributed.eventType: { .capitalContributed(try $0.read()) },
        CapitalWithdrawn.eventType: { .capitalWithdrawn(try $0.read()) },
        ApplicationSubmitted.eventType: { .applicationSubmitted(try $0.read()) },
        ApplicationAssessed.eventType: { .applicationAssessed(try $0.read()) },
        InvestmentDecided.eventType: { .investmentDecided(try $0.read()) },
        ApplicationRejected.eventType: { .applicationRejected(try $0.read()) },
        DecisionAmended.eventType: { .decisionAmended(try $0.read()) },
        DecisionRevoked.eventType: { .decisionRevoked(try $0.read()) },
        FundsDisbursed.eventType: { .fundsDisbursed(try $0.read()) },
        CoFinancingRecorded.eventType: { .coFinancingRecorded(try $0.read()) },
        SavingRealised.eventType: { .savingRealised(try $0.read()) },
        SavingAttributed.eventType: { .savingAttributed(try $0.read()) },
        RepaymentReceived.eventType: { .repaymentReceived(try $0.read()) },
        RepaymentWaived.eventType: { .repaymentWaived(try $0.read()) },
        OutcomeMeasured.eventType: { .outcomeMeasured(try $0.read()) },
        InitiativeClosed.eventType: { .initiativeClosed(try $0.read()) },
        EventReversed.eventType: { .eventReversed(try $0.read()) },
        EventSkipped.eventType: { .eventSkipped(try $0.read()) },
        UnitCostRecorded.eventType: { .valuation(.unitCostRecorded(try $0.read())) },
        FinancialProxyRecorded.eventType: { .valuation(.financialProxyRecorded(try $0.read())) },
        PriceIndexRecorded.eventType: { .valuation(.priceIndexRecorded(try $0.read())) },
        EvaluationAssumptionsRecorded.eventType: { .valuation(.evaluationAssumptionsRecorded(try $0.read())) },
        OutcomeContractAgreed.eventType: { .valuation(.outcomeContractAgreed(try $0.read())) },
    ]

    /// The event in `payload`, JSON text of the current schema version of `eventType`, read by the
    /// hand-written decoder; nil for a type the domain does not know.
    static func read(_ payload: String, eventType: String) throws -> LedgerEvent? {
        guard let read = readers[eventType] else { return nil }
        return try PayloadReader.decode(payload) { try read(&$0) }
    }
}

extension EventMetadata {
    /// `text` (a stored event's metadata) read by the hand-written decoder.
    static func read(_ text: String) throws -> EventMetadata {
        try PayloadReader.decode(text) { try EventMetadata(reading: &$0) }
    }
}
