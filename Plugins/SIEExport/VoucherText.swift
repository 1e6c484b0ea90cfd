import FundLedger

/// The Swedish text of a voucher (`#VER … "text"`): what happened, to which initiative and department, and
/// the first characters of the event id, so a finance officer can find the event behind every voucher.
enum VoucherText {
    static func of(_ entry: JournalEntry, in state: LedgerState) -> String {
        let reference = " [händelse \(entry.eventID.uuidString.prefix(8).lowercased())]"
        guard let stored = state.eventsByID[entry.eventID] else { return entry.eventType + reference }
        return describe(stored.event, in: state) + reference
    }

    private static func describe(_ event: LedgerEvent, in state: LedgerState) -> String {
        switch event {
        case .capitalContributed(let e): return "Kapitaltillskott (\(e.source))"
        case .capitalWithdrawn: return "Uttag av kapital"
        case .fundsDisbursed(let e): return "Utbetalning \(e.initiativeID) till \(e.department), verifikat \(e.voucher)"
        case .savingRealised(let e): return "Realiserad besparing \(e.savingID) i \(e.department) (\(e.initiativeID))"
        case .savingAttributed(let e): return "Besparing \(e.savingID) fördelad till \(e.department)"
        case .repaymentReceived(let e):
            return "Återbetalning \(e.initiativeID) från \(e.department)" + (e.method == .frameReduction ? " (ramjustering)" : "")
        case .repaymentWaived(let e): return "Eftergiven återbetalning \(e.initiativeID) för \(e.department) (\(e.referenceNumber))"
        case .eventReversed(let e):
            // Name what is undone, so the correction reads on its own in the receiving system.
            let original = state.eventsByID[e.reversedEventID].map { describe($0.event, in: state) } ?? e.reversedEventType
            return "Rättelse, återföring av: \(original)"
        default: return event.eventType
        }
    }
}
