import EventStore
import Foundation
import FundLedger

/// The cost of one fold step as one initiative's history grows: N events of one kind folded through
/// `Books.record` (what `replay` and the books read model run), timed at each N.
struct FoldCurve {
    var sizes: [Int]

    /// The kinds of event an initiative accumulates, each as the events that make N of them.
    static let kinds: [(name: String, events: @Sendable (Int) -> [LedgerEvent])] = [
        ("SavingRealised", { n in (0..<n).map { .savingRealised(saving("s\($0)", department: $0 % 2 == 0 ? "SOC" : "BUN")) } }),
        ("RepaymentReceived", { n in (0..<n).map { _ in .repaymentReceived(.init(initiativeID: "i", department: "SOC", amount: kr(1), method: .cash)) } }),
        ("FundsDisbursed", { n in (0..<n).map { .fundsDisbursed(.init(initiativeID: "i", amount: kr(1), department: "BUN", voucher: "V\($0)")) } }),
        ("SavingAttributed (all to one saving)", { n in
            [.savingRealised(saving("s", department: "SOC"))] + (0..<n).map { _ in .savingAttributed(.init(savingID: "s", department: "BUN", share: Rate("0.00001")!)) }
        }),
        ("SavingRealised + EventReversed", { n in (0..<n).map { .savingRealised(saving("s\($0)", department: "SOC")) } }),
    ]

    func run() {
        print("")
        print("FundLedger fold benchmark: N events of one kind on one initiative, folded through Books.record")
        print("")
        print("| event kind | " + sizes.map { "N = \($0)" }.joined(separator: " | ") + " | µs/event, last ÷ first |")
        print("|---|" + sizes.map { _ in "---:" }.joined(separator: "|") + "|---:|")
        for kind in Self.kinds {
            var perEvent: [Double] = []
            for size in sizes {
                let history = Self.history(kind.events(size), reversing: kind.name.contains("Reversed"))
                let elapsed = Self.fold(history)
                perEvent.append(elapsed / Double(history.count - Self.preamble.count))
            }
            let cells = perEvent.map { String(format: "%.1f µs", $0 * 1e6) }
            print("| \(kind.name) | " + cells.joined(separator: " | ") + " | \(String(format: "%.2f×", perEvent.last! / perEvent.first!)) |")
        }
    }

    static func fold(_ events: [StoredLedgerEvent]) -> Double {
        let start = ContinuousClock.now
        var books = Books(retainingEvents: true)
        for event in events { books.record(event) }
        _ = books.drainJournal()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static let preamble: [LedgerEvent] = [
        .fundEstablished(.init(fundID: "f", organisationID: "o", name: "F", currency: .sek, policy: FundPolicy())),
        .capitalContributed(.init(amount: kr(1_000_000_000), source: "KF")),
        .applicationSubmitted(ApplicationSubmitted(
            initiativeID: "i", title: "Tidiga insatser", departments: ["BUN", "SOC"], partners: [], targetGroup: "barn",
            priorityArea: "skola", requestedPerYear: [], coFinancing: kr(0), expectedSavings: [], indicators: [])),
        .investmentDecided(.init(
            initiativeID: "i", body: "KS", referenceNumber: "1", granted: kr(900_000_000), phasing: [],
            repaymentTerms: .shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 10), decidedOn: CivilDate("2025-01-01")!)),
        .fundsDisbursed(.init(initiativeID: "i", amount: kr(10_000_000), department: "BUN", voucher: "V-start")),
    ]

    /// The preamble, then `events`; with `reversing`, each event is followed by its reversal.
    static func history(_ events: [LedgerEvent], reversing: Bool) -> [StoredLedgerEvent] {
        var stored: [StoredLedgerEvent] = []
        func add(_ event: LedgerEvent) -> UUID {
            let id = UUID()
            stored.append(StoredLedgerEvent(
                event: event, metadata: EventMetadata(actor: "benchmark"), eventID: id, streamID: "fund-f",
                globalPosition: Int64(stored.count + 1), recordedAt: Timestamp(microsecondsSinceEpoch: Int64(stored.count)),
                effectiveDate: CivilDate("2026-01-02")!))
            return id
        }
        for event in preamble { _ = add(event) }
        var pending: [(UUID, String)] = []
        for event in events {
            let id = add(event)
            if reversing { pending.append((id, event.eventType)) }
        }
        // Reversals after all originals, so each undoes one of N savings, not the only one.
        for (id, type) in pending { _ = add(.eventReversed(.init(reversedEventID: id, reversedEventType: type))) }
        return stored
    }

    static func saving(_ id: String, department: String) -> SavingRealised {
        SavingRealised(
            savingID: id, initiativeID: "i", department: department, amount: kr(1_000), periodStart: CivilDate("2026-01-01")!,
            periodEnd: CivilDate("2026-12-31")!, evidence: "uppföljning", cashable: true)
    }

    static func kr(_ kronor: Int64) -> Money { Money(ore: kronor * 100, currency: .sek) }
}
