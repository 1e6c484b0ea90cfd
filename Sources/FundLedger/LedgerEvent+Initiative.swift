/// Which initiative an event belongs to: the one definition that the books and the audit trail use.
extension LedgerEvent {
    /// The initiative the event names in its payload; nil for an attribution (it names a saving: see
    /// `initiativeID(savingOwners:)`) and for events that concern no initiative.
    public var namedInitiativeID: String? {
        switch self {
        case .applicationSubmitted(let e): e.initiativeID
        case .applicationAssessed(let e): e.initiativeID
        case .investmentDecided(let e): e.initiativeID
        case .applicationRejected(let e): e.initiativeID
        case .decisionAmended(let e): e.initiativeID
        case .decisionRevoked(let e): e.initiativeID
        case .fundsDisbursed(let e): e.initiativeID
        case .coFinancingRecorded(let e): e.initiativeID
        case .savingRealised(let e): e.initiativeID
        case .repaymentReceived(let e): e.initiativeID
        case .repaymentWaived(let e): e.initiativeID
        case .outcomeMeasured(let e): e.initiativeID
        case .initiativeClosed(let e): e.initiativeID
        default: nil
        }
    }

    /// The initiative the event belongs to, an attribution through the saving it attributes
    /// (`savingOwners`: saving id → initiative id).
    public func initiativeID(savingOwners: (String) -> String?) -> String? {
        if case .savingAttributed(let e) = self { return savingOwners(e.savingID) }
        return namedInitiativeID
    }

    /// Whether the event can change what the departments owe under a repayment schedule: the decision's
    /// terms, the disbursed amount (a cap), savings, attributions and waivers. Repayments settle dues
    /// without changing them.
    public var changesRepaymentDues: Bool {
        switch self {
        case .investmentDecided, .decisionAmended, .decisionRevoked, .fundsDisbursed, .savingRealised, .savingAttributed,
            .repaymentWaived:
            true
        default: false
        }
    }
}
