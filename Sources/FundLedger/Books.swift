import EventStore
import Foundation
import Memberwise

/// An account of the fund's books. Numbers follow Kommun-Bas conventions and can be remapped per
/// organisation (the SIE export issue adds that configuration).
public enum Account: String, Sendable, Codable, CaseIterable, Comparable {
    /// The fund's money (likvida medel, earmarked).
    case fundCash = "fund_cash"
    /// The fund's capital (öronmärkt eget kapital).
    case fundCapital = "fund_capital"
    /// Money disbursed to departments for initiatives (dimension: department, initiative).
    case disbursements
    /// Repayments departments owe the fund (dimension: department, initiative).
    case repaymentReceivable = "repayment_receivable"
    /// Repayment obligations accrued from realised savings, less waivers (dimension: initiative).
    case accruedRepayments = "accrued_repayments"

    /// The default account number.
    public var number: String {
        switch self {
        case .fundCash: "1930"
        case .fundCapital: "2081"
        case .disbursements: "4690"
        case .repaymentReceivable: "1519"
        case .accruedRepayments: "3590"
        }
    }

    /// An income-statement account (resultaträkning): disbursements are the fund's costs, accrued repayments
    /// its revenue. They start every fiscal year at zero; the year's result closes to the fund's capital.
    /// The others are balance-sheet accounts and carry their balances over.
    public var isResultAccount: Bool { self == .disbursements || self == .accruedRepayments }

    public static func < (lhs: Account, rhs: Account) -> Bool { lhs.number < rhs.number }
}

/// One account in one fiscal year: what it opened with, the year's debits and credits, and what it closed
/// with (öre, debit positive). Result accounts open at zero; the capital account opens with every earlier
/// year's result closed into it.
@PublicMemberwiseInit
public struct AccountYear: Sendable, Equatable {
    public var opening: Int64 = 0
    public var debit: Int64 = 0
    public var credit: Int64 = 0
    public var closing: Int64 { opening + debit - credit }
}

/// One line of a journal entry: positive is debit, negative is credit.
public struct Posting: Sendable, Equatable, Codable {
    public var account: Account
    public var amount: Money
    public var department: String?
    public var initiative: String?
}

/// The postings of one event; they always sum to zero.
public struct JournalEntry: Sendable, Equatable {
    public var eventID: UUID
    public var fundID: String
    public var effectiveDate: CivilDate
    public var eventType: String
    public var postings: [Posting]
    /// The posting rules that produced it; a replay with the same version reproduces the same books.
    public var rulesVersion: Int
}

/// Double-entry books derived from the events by versioned posting rules.
///
/// Rules, version 1:
/// - contribution: Dr fund cash / Cr fund capital; withdrawal: the reverse;
/// - disbursement: Dr disbursements (department, initiative) / Cr fund cash;
/// - a change in what a department owes under the repayment model (a saving, an attribution, a reversal):
///   Dr repayment receivable (department, initiative) / Cr accrued repayments (initiative), or the reverse;
/// - repayment: Dr fund cash / Cr repayment receivable; waiver: Dr accrued repayments / Cr receivable;
/// - a reversal of a cash event: the original's postings negated.
/// Decisions (commitments) and co-financing are not bookkeeping entries; they appear in reports.
public struct Books: Sendable {
    public static let rulesVersion = 1

    public internal(set) var state = LedgerState()
    public private(set) var journal: [JournalEntry] = []
    /// Each initiative's dues as of the last event that touched it (only non-empty ones).
    var knownDues: [InitiativeKey: [String: Int64]] = [:]
    /// Whether events are booked: false keeps the state only (no postings, no journal), for readers of the
    /// state alone, which then fold faster and in memory that does not grow with the number of events.
    public let journals: Bool

    public init() { journals = true }

    /// Books whose state keeps no events (for replays of the whole log; see `LedgerState.retainsEvents`),
    /// and that book nothing when `journaling` is false.
    public init(retainingEvents: Bool, journaling: Bool = true) {
        state = LedgerState(retainingEvents: retainingEvents)
        journals = journaling
    }

    /// Books for events in position order.
    public init(events: some Sequence<StoredLedgerEvent>) {
        journals = true
        for event in events { record(event) }
    }

    /// Counts `stored` in its stream's turnover before it is recorded; false for an event a skip names,
    /// which is not to be recorded (`LedgerState.admit(_:skipsIn:)`).
    public mutating func admit(_ stored: StoredLedgerEvent, skipsIn store: any EventStore) async throws -> Bool {
        try await state.admit(stored, skipsIn: store)
    }

    /// Applies one event and journals its postings.
    public mutating func record(_ stored: StoredLedgerEvent) {
        guard journals else { return state.apply(stored) }
        let fundID = LedgerState.fundID(ofStream: stored.streamID)
        // Only the initiatives an event can touch are recomputed (for a reversal, its original's): recomputing
        // a fund's every schedule on every event made replays quadratic in the number of initiatives.
        let scope = fundID.flatMap { affectedInitiatives(stored, fundID: $0) }
        state.apply(stored)
        // No copy of the fund is held: the dues below are read in place, which a second reference would turn
        // into a copy of all the fund's initiatives.
        guard let fundID, let currency = state.funds[fundID]?.currency else { return }
        var postings = direct(stored.event, currency: currency)
        if case .eventReversed = stored.event {
            // The original's direct postings, negated, when this reversal undid it in the state.
            postings = state.originalUndone(by: stored).map { direct($0.event, currency: currency) }?.map {
                Posting(account: $0.account, amount: $0.amount.negatedAmount, department: $0.department, initiative: $0.initiative)
            } ?? []
        }
        // What each department owes changed by the event: compared with the dues remembered from the last
        // event that touched the initiative, so each schedule is computed once per event, not twice.
        for initiativeID in scope ?? (state.funds[fundID]?.initiatives.keys.sorted() ?? []) {
            let key = InitiativeKey(fundID: fundID, initiativeID: initiativeID)
            let before = knownDues[key] ?? [:]
            let after = state.funds[fundID]?.duesAfterWaivers(of: initiativeID) ?? [:]
            guard after != before else { continue }
            knownDues[key] = after.isEmpty ? nil : after
            for (department, delta) in Self.changes(from: before, to: after) {
                postings.append(Posting(account: .repaymentReceivable, amount: Money(ore: delta, currency: currency), department: department, initiative: initiativeID))
                postings.append(Posting(account: .accruedRepayments, amount: Money(ore: -delta, currency: currency), department: nil, initiative: initiativeID))
            }
        }
        guard !postings.isEmpty else { return }
        precondition(postings.reduce(0) { $0 + $1.amount.ore } == 0, "unbalanced postings for \(stored.event.eventType)")
        journal.append(JournalEntry(
            eventID: stored.eventID, fundID: fundID, effectiveDate: stored.effectiveDate,
            eventType: stored.event.eventType, postings: postings, rulesVersion: Self.rulesVersion))
    }

    struct InitiativeKey: Hashable, Codable {
        var fundID: String
        var initiativeID: String
    }

    /// Each department whose dues differ between `before` and `after`, with the difference, by department.
    private static func changes(from before: [String: Int64], to after: [String: Int64]) -> [(String, Int64)] {
        var changes: [(String, Int64)] = []
        for (department, owed) in after where owed != before[department] { changes.append((department, owed - (before[department] ?? 0))) }
        for (department, owed) in before where after[department] == nil && owed != 0 { changes.append((department, -owed)) }
        return changes.sorted { $0.0 < $1.0 }
    }

    /// The initiatives whose repayment schedule `stored` can change; `nil` for all of the fund's. A reversal
    /// takes back its original's effect, so it touches the original's initiatives: read before the reversal
    /// is applied, while the state still holds the saving the original may name. A reversal whose original
    /// this fold never saw changes nothing, but is given the whole fund all the same.
    private func affectedInitiatives(_ stored: StoredLedgerEvent, fundID: String) -> [String]? {
        guard case .eventReversed = stored.event else { return affectedInitiatives(stored.event, fundID: fundID) }
        guard let original = state.appliedOriginal(of: stored)?.event else { return nil }
        if case .eventReversed = original { return nil }
        return affectedInitiatives(original, fundID: fundID)
    }

    private func affectedInitiatives(_ event: LedgerEvent, fundID: String) -> [String]? {
        if event.changesRepaymentDues {
            let fund = state.funds[fundID]
            // The initiative's id, if the fund has it (the saving's initiative is looked up without copying it).
            return event.initiativeID { saving in
                fund?.initiativeOfSaving[saving].flatMap { fund?.initiatives.index(forKey: $0) == nil ? nil : $0 }
            }.map { [$0] } ?? []
        }
        // Events of an initiative or of the fund's capital never touch money owed; others (a policy
        // change, a reversal) may touch any initiative's.
        switch event {
        case .capitalContributed, .capitalWithdrawn: return []
        default: return event.namedInitiativeID == nil ? nil : []
        }
    }

    private func direct(_ event: LedgerEvent, currency: Currency) -> [Posting] {
        func pair(_ debit: Account, _ credit: Account, _ amount: Money, department: String? = nil, initiative: String? = nil) -> [Posting] {
            [Posting(account: debit, amount: amount, department: department, initiative: initiative),
             Posting(account: credit, amount: amount.negatedAmount, department: department, initiative: initiative)]
        }
        switch event {
        case .capitalContributed(let e): return pair(.fundCash, .fundCapital, e.amount)
        case .capitalWithdrawn(let e): return pair(.fundCapital, .fundCash, e.amount)
        case .fundsDisbursed(let e): return pair(.disbursements, .fundCash, e.amount, department: e.department, initiative: e.initiativeID)
        case .repaymentReceived(let e):
            // The receivable falls by the repayment; the due (and so the accrual) is unchanged.
            return pair(.fundCash, .repaymentReceivable, e.amount, department: e.department, initiative: e.initiativeID)
        case .repaymentWaived:
            // The waiver lowers due − waived, so the accrual postings above reverse the receivable.
            return []
        default: return []
        }
    }

    /// Removes and returns the journal so far. A consumer that stores entries as they come (the postings
    /// read model) keeps memory flat this way; `trialBalance` then covers only entries recorded since.
    public mutating func drainJournal() -> [JournalEntry] {
        defer { journal = [] }
        return journal
    }

    /// The trial balance of fiscal year `year` (the calendar year of the effective date), over every fund or
    /// one, with the year-end closing of Kommun-Bas: result accounts open at zero and each earlier year's
    /// result opens in the fund's capital. Every account appears; openings and closings each sum to zero.
    public func yearBalances(fundID: String? = nil, year: Int) -> [Account: AccountYear] {
        var balances = Dictionary(uniqueKeysWithValues: Account.allCases.map { ($0, AccountYear()) })
        for entry in journal where (fundID == nil || entry.fundID == fundID) && entry.effectiveDate.year <= year {
            for posting in entry.postings {
                let amount = posting.amount.ore
                if entry.effectiveDate.year == year {
                    if amount > 0 { balances[posting.account]!.debit += amount } else { balances[posting.account]!.credit -= amount }
                } else {
                    // An earlier year: a balance-sheet account carries it; a result account's closes to capital.
                    balances[posting.account.isResultAccount ? .fundCapital : posting.account]!.opening += amount
                }
            }
        }
        return balances
    }

    /// Balance per account (debit positive) summed over all history, over every fund or one. Result
    /// accounts are not closed here: use `yearBalances` for a fiscal year's trial balance.
    public func trialBalance(fundID: String? = nil, through date: CivilDate? = nil) -> [Account: Int64] {
        var balances: [Account: Int64] = [:]
        for entry in journal where (fundID == nil || entry.fundID == fundID) && (date == nil || entry.effectiveDate <= date!) {
            for posting in entry.postings { balances[posting.account, default: 0] += posting.amount.ore }
        }
        return balances
    }
}

extension Money {
    /// The same amount with the opposite sign.
    var negatedAmount: Money { Money(ore: -ore, currency: currency) }
}
