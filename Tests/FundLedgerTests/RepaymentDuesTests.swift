import EventStore
import Foundation
@testable import FundLedger
import Testing
import TestSupport

/// The dues the fold keeps (`RepaymentDues`) equal a recomputation from the first saving after every event,
/// in histories written past the rules, where caps cut savings and reversals take savings, attributions
/// and disbursements back out of the middle.
@Suite("Repayment dues kept by the fold")
struct RepaymentDuesTests {
    static let terms: [RepaymentModel] = [
        .shareOfSavings(share: rate("0.5"), cap: .disbursed, horizonYears: 3),
        .shareOfSavings(share: .one, cap: .fixed(kr(40)), horizonYears: 5),
        .shareOfSavings(share: rate("0.333333333"), cap: .unlimited, horizonYears: 2),
        .frameReduction(share: rate("0.6"), horizonYears: 4),
    ]

    @Test("kept dues equal a recomputation after every event", arguments: Array(0..<Self.terms.count), [1, 2, 3, 4] as [UInt64])
    func keptDuesEqualRecomputation(termsIndex: Int, seed: UInt64) {
        var history = DuesHistory(seed: seed, terms: Self.terms[termsIndex])
        var state = LedgerState()
        var cutSeen = false, cutReversals = 0
        for _ in 0..<400 {
            let event = history.next(state: state)
            if case .eventReversed = event.event, state.funds["f"]?.initiatives["i"]?.dues.capCutASaving == true { cutReversals += 1 }
            state.apply(event)
            guard let initiative = state.funds["f"]?.initiatives["i"] else { continue }
            cutSeen = cutSeen || initiative.dues.capCutASaving
            let reference = RepaymentDuesReference.dues(of: initiative)
            #expect(initiative.dues.byDepartment == reference, "after \(event.event.eventType) at \(event.globalPosition)")
            #expect(initiative.dues.total == reference.values.reduce(0, +))
            if initiative.dues.byDepartment != reference { return }
        }
        if case .shareOfSavings(_, let cap, _) = Self.terms[termsIndex], cap != .unlimited {
            #expect(cutSeen && cutReversals > 0, "the history must reach a cap and reverse while it cuts")
        }
    }
}

/// A random history of one initiative under `terms`: savings, attributions, disbursements and reversals of
/// each, written as stored events without the rules (which would refuse some of them).
struct DuesHistory {
    var random: SplitMix64
    var terms: RepaymentModel
    var position: Int64 = 0
    var reversible: [(id: UUID, type: String)] = []
    var savings: [String] = []

    init(seed: UInt64, terms: RepaymentModel) {
        random = SplitMix64(seed: seed)
        self.terms = terms
    }

    mutating func next(state: LedgerState) -> StoredLedgerEvent {
        switch position {
        case 0: return stored(.fundEstablished(.init(fundID: "f", organisationID: "o", name: "F", currency: .sek, policy: FundPolicy())))
        case 1: return stored(.applicationSubmitted(LedgerFixture.application("i")))
        case 2:
            return stored(.investmentDecided(.init(
                initiativeID: "i", body: "KS", referenceNumber: "1", granted: kr(100), phasing: [], repaymentTerms: terms,
                decidedOn: day("2025-01-01"))))
        default: return randomEvent()
        }
    }

    mutating func randomEvent() -> StoredLedgerEvent {
        let departments = ["BUN", "SOC", "FK"]
        let department = departments[random.int(in: 0...2)]
        switch random.int(in: 0...9) {
        case 0...3:
            let id = "s\(position)"
            savings.append(id)
            let amount = Money(ore: random.int64(in: 1...2_000), currency: .sek)
            return remember(.savingRealised(LedgerFixture.saving(id, "i", in: department, amount, year: random.int(in: 2025...2030))))
        case 4, 5:
            guard !savings.isEmpty else { return randomEvent() }
            let share = LedgerSimulation.shares[random.int(in: 0...(LedgerSimulation.shares.count - 1))]
            return remember(.savingAttributed(.init(savingID: savings[random.int(in: 0...(savings.count - 1))], department: department, share: share)))
        case 6, 7:
            return remember(.fundsDisbursed(.init(initiativeID: "i", amount: Money(ore: random.int64(in: 1...1_500), currency: .sek), department: department, voucher: "V\(position)")))
        default:
            guard !reversible.isEmpty else { return randomEvent() }
            let original = reversible.remove(at: random.int(in: 0...(reversible.count - 1)))
            return stored(.eventReversed(.init(reversedEventID: original.id, reversedEventType: original.type)))
        }
    }

    mutating func remember(_ event: LedgerEvent) -> StoredLedgerEvent {
        let stored = stored(event)
        reversible.append((stored.eventID, event.eventType))
        return stored
    }

    mutating func stored(_ event: LedgerEvent) -> StoredLedgerEvent {
        position += 1
        return StoredLedgerEvent(
            event: event, metadata: EventMetadata(actor: "t"), eventID: random.uuid(), streamID: "fund-f", globalPosition: position,
            recordedAt: Timestamp(microsecondsSinceEpoch: position), effectiveDate: CivilDate("2025-06-01")!)
    }
}
