import EventStore
import Foundation
import FundLedger

/// The event a correction reverses, found by id, by voucher or by position in a fund's stream, with a
/// sentence saying what it was, so the person sees what will be undone before anything is written.
public struct CorrectionTarget: Sendable {
    public var event: StoredLedgerEvent

    /// `reverses FundsDisbursed at position 9, effective 2026-02-01: 250 000,00 kr to BUN for tidiga-insatser, voucher V-17 (event …)`
    public var summary: String {
        "reverses \(event.event.eventType) at position \(event.globalPosition), effective \(event.effectiveDate): "
            + Self.describe(event.event) + " (event \(event.eventID.uuidString.lowercased()))"
    }

    /// Finds the event in fund `fundID`'s stream: by `eventID`, by `position`, or by `voucher` (a
    /// disbursement not yet reversed, in `year` when given). A voucher naming several is refused, listing them.
    public static func resolve(
        fundID: String, eventID: UUID?, position: Int64?, voucher: String?, year: Int?, store: any EventStore
    ) async throws -> CorrectionTarget {
        let records = try await store.readWholeStream(LedgerStreams.fund(fundID))
        guard !records.isEmpty else {
            throw UserError(description: "--fund: no fund \(Identifier.quoted(fundID)); nothing was written", exitCode: ExitStatus.ruleBroken)
        }
        let events = try records.compactMap { try EventCoding.decode($0) }
        if let eventID {
            guard let found = events.first(where: { $0.eventID == eventID }) else {
                throw notFound("--event: no event \(eventID.uuidString.lowercased()) in fund \(fundID)")
            }
            return CorrectionTarget(event: found)
        }
        if let position {
            guard let found = events.first(where: { $0.globalPosition == position }) else {
                throw notFound("--position: the event at position \(position) is not one of fund \(fundID)'s")
            }
            return CorrectionTarget(event: found)
        }
        return try byVoucher(voucher ?? "", year: year, fundID: fundID, events: events)
    }

    private static func byVoucher(_ voucher: String, year: Int?, fundID: String, events: [StoredLedgerEvent]) throws -> CorrectionTarget {
        let reversed = Set(events.compactMap { stored -> UUID? in
            if case .eventReversed(let e) = stored.event { return e.reversedEventID }
            return nil
        })
        // Compared as the rule unique-voucher compares them: `tk-v 2026-0901` finds `TK-V 2026-0901`.
        let wanted = VoucherUse.comparable(voucher)
        let matches = events.filter { stored in
            guard case .fundsDisbursed(let e) = stored.event, VoucherUse.comparable(e.voucher) == wanted, !reversed.contains(stored.eventID)
            else { return false }
            return year.map { stored.effectiveDate.year == $0 } ?? true
        }
        guard let first = matches.first else {
            throw notFound("--voucher: no disbursement of fund \(fundID) under voucher \(Identifier.quoted(voucher))\(year.map { " in \($0)" } ?? "") that is not reversed")
        }
        guard matches.count == 1 else {
            let places = matches.map { "position \($0.globalPosition) (\($0.effectiveDate))" }.joined(separator: ", ")
            throw UserError(
                description: "--voucher \(Identifier.quoted(voucher)) names \(matches.count) disbursements: \(places); give --position or --year; nothing was written",
                exitCode: ExitStatus.usage)
        }
        return CorrectionTarget(event: first)
    }

    private static func notFound(_ reason: String) -> UserError {
        UserError(description: reason + "; nothing was written", exitCode: ExitStatus.ruleBroken)
    }

    /// What a money event did, in a few words.
    static func describe(_ event: LedgerEvent) -> String {
        switch event {
        case .capitalContributed(let e): "\(e.amount) contributed (\(e.source))"
        case .capitalWithdrawn(let e): "\(e.amount) withdrawn"
        case .fundsDisbursed(let e): "\(e.amount) to \(e.department) for \(e.initiativeID), voucher \(e.voucher)"
        case .coFinancingRecorded(let e): "\(e.amount) co-financing of \(e.initiativeID) by \(e.contributor)"
        case .savingRealised(let e): "saving \(e.savingID) of \(e.amount) in \(e.department) for \(e.initiativeID)"
        case .savingAttributed(let e): "\(e.share.percent) of saving \(e.savingID) attributed to \(e.department)"
        case .repaymentReceived(let e): "\(e.amount) repaid by \(e.department) for \(e.initiativeID)"
        case .repaymentWaived(let e): "\(e.amount) waived for \(e.department) of \(e.initiativeID) (\(e.referenceNumber))"
        case .outcomeMeasured(let e): "\(e.indicator) = \(e.value) for \(e.initiativeID)"
        default: "not a money event"
        }
    }
}
