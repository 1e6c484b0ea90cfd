/// The bounds that keep every sum the ledger computes inside 64-bit öre, whoever wrote the events.
///
/// Commands refuse an amount above `amountOreMax`; a stored event carrying one (appended raw, or written by
/// another program) is unreadable, as an event with a malformed payload is. A stream's turnover — the sum
/// of the magnitudes of every amount its events carry, reversed ones included — is at most
/// `streamTurnoverOreMax`: every total a fold, a report or a read model derives from one stream then fits
/// in `Int64` with room to spare (92 streams at the limit still sum without overflow), so a tampered log
/// is refused with a message instead of stopping the program.
public enum LedgerLimits {
    /// The largest single amount: 10 000 000 000 000 kr. Far above any fund (2–120 MSEK).
    public static let amountOreMax: Int64 = 1_000_000_000_000_000
    /// The largest turnover of one stream: 100 times `amountOreMax`, 1 000 000 000 000 000 kr.
    public static let streamTurnoverOreMax: Int64 = 100 * amountOreMax

    /// `ore` as whole units with grouped digits, `1 000 000 000 000 000,00`, for messages that name a limit
    /// without a currency.
    static func text(_ ore: Int64) -> String {
        let hundredths = ore.magnitude % 100
        return (ore < 0 ? "-" : "") + AmountParser.grouped(String(ore.magnitude / 100)) + ","
            + (hundredths < 10 ? "0" : "") + String(hundredths)
    }
}

/// The turnover of each stream folded so far (see `LedgerLimits`): drivers of a fold admit each event
/// before applying it, and the first event that would take its stream past the limit is refused as
/// unreadable, so no fold ever sums it.
public struct StreamTurnover: Sendable, Equatable {
    /// Öre by stream id; streams whose events carry no amount are absent.
    public internal(set) var byStream: [String: Int64] = [:]

    public init() {}

    /// Counts `event`'s amounts in its stream's turnover, or throws (counting nothing) when that would pass
    /// `LedgerLimits.streamTurnoverOreMax`.
    public mutating func admit(_ event: StoredLedgerEvent) throws(UnreadableEventError) {
        guard event.moneyMagnitude != 0 else { return }
        // One hash of the stream id for a stream already counted (the replay's hot path).
        let index = byStream.index(forKey: event.streamID)
        let (total, overflow) = (index.map { byStream.values[$0] } ?? 0).addingReportingOverflow(event.moneyMagnitude)
        guard !overflow, total <= LedgerLimits.streamTurnoverOreMax else {
            throw UnreadableEventError(
                globalPosition: event.globalPosition, eventType: event.event.eventType,
                reason: "its amounts take the sum of every amount recorded in \(event.streamID) past \(LedgerLimits.text(LedgerLimits.streamTurnoverOreMax)), the ledger's limit for one stream",
                eventID: event.eventID)
        }
        if let index { byStream.values[index] = total } else { byStream[event.streamID] = total }
    }
}
