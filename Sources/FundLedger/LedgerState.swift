import EventStore
import Foundation
import Memberwise

/// An organisation (kommun or region) with its departments and closed periods.
public struct OrganisationState: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var kind: String
    public var departments: [String: DepartmentRegistered] = [:]
    /// Nothing may be effective on or before this date.
    public var closedThrough: CivilDate?
}

/// A voucher number in a fiscal year (the calendar year of the effective date).
public struct VoucherUse: Sendable, Hashable, Codable {
    public var year: Int
    /// The voucher reference in the form references are compared in (`comparable`).
    public var voucher: String

    public init(year: Int, voucher: String) {
        self.year = year
        self.voucher = Self.comparable(voucher)
    }

    /// `voucher` as the rule `unique-voucher` compares it: compatibility-normalised (NFKC: a full-width `Ｖ`
    /// is `V`), in lower case, every Unicode hyphen and dash and the minus sign as `-`, and runs of white
    /// space as one space. `tk-v 2025-0203`, `TK‐V 2025‐0203` (Excel's autocorrected hyphens) and
    /// `TK-V 2025-0203` are one voucher to an accounting system, so they are one voucher here.
    public static func comparable(_ voucher: String) -> String {
        // The fold calls this for every disbursement: plain ASCII (nearly every voucher) skips the Unicode work.
        if voucher.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return asciiComparable(voucher) }
        var folded = ""
        var inSpace = false
        for scalar in voucher.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                inSpace = true
                continue
            }
            if inSpace, !folded.isEmpty { folded += " " }
            inSpace = false
            let isDash = scalar.properties.generalCategory == .dashPunctuation || scalar == "\u{2212}"
            folded.unicodeScalars.append(isDash ? "-" : scalar)
        }
        return folded
    }

    /// `comparable` for printable ASCII: lower case, runs of spaces as one, none at the ends; the text itself
    /// when it is that already.
    private static func asciiComparable(_ voucher: String) -> String {
        let bytes = voucher.utf8
        var previousIsSpace = true
        var canonical = bytes.last != 0x20
        for byte in bytes {
            if (0x41...0x5A).contains(byte) || (byte == 0x20 && previousIsSpace) { canonical = false; break }
            previousIsSpace = byte == 0x20
        }
        if canonical { return voucher }
        var folded: [UInt8] = []
        folded.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 { pendingSpace = !folded.isEmpty; continue }
            if pendingSpace { folded.append(0x20); pendingSpace = false }
            folded.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
        }
        return String(decoding: folded, as: UTF8.self)
    }
}

/// Where an initiative stands.
public enum InitiativeStatus: String, Sendable, Codable {
    case applied, decided, rejected, revoked, closed
}

/// One realised saving and who repays it.
public struct SavingState: Sendable, Equatable {
    public var saving: SavingRealised
    /// Departments the saving is attributed to, with their shares (the rest stays with `saving.department`).
    public var attributions: [(department: String, share: Rate)] = []
    /// Its place in the initiative's recording order (repayment obligations accrue in this order).
    public internal(set) var sequence = 0
    /// What it owes the fund under the decision's terms, after the cap (öre; `RepaymentDues`).
    public internal(set) var due: Int64 = 0
    /// What of `due` stays with the saving's own department after the attributions (`split`).
    var dueRemainder: Int64 = 0

    /// Equal savings owe the same; `sequence` only orders them (a refold numbers them afresh).
    public static func == (lhs: SavingState, rhs: SavingState) -> Bool {
        lhs.saving == rhs.saving && lhs.attributions.map(\.department) == rhs.attributions.map(\.department)
            && lhs.attributions.map(\.share) == rhs.attributions.map(\.share) && lhs.due == rhs.due
    }

    /// Share of the saving not attributed elsewhere.
    public var remainingShare: Rate {
        attributions.reduce(Rate.one) { (try? $0 - $1.share) ?? .zero }
    }
}

/// An initiative, from application to closing, with its money.
public struct InitiativeState: Sendable, Equatable, Codable {
    public var id: String
    public var application: ApplicationSubmitted
    public var status: InitiativeStatus = .applied
    public var assessment: ApplicationAssessed?
    public var decision: InvestmentDecided?
    public var rejection: ApplicationRejected?
    public var granted: Money
    public var disbursed: Money
    public var disbursedByDepartment: [String: Money] = [:]
    public var coFinancing: Money
    public var savings: [String: SavingState] = [:]
    /// What the departments owe under the decision's terms, kept by the fold (`RepaymentDues`).
    public internal(set) var dues = RepaymentDues()
    public var repaidByDepartment: [String: Money] = [:]
    public var waivedByDepartment: [String: Money] = [:]
    public var outcomes: [OutcomeMeasured] = []
    public var closing: ClosingOutcome?

    /// Granted but not yet disbursed, while the decision stands and the initiative is open.
    public var committed: Money {
        guard status == .decided else { return .zero(granted.currency) }
        return (try? granted.subtracting(disbursed)).map { $0.isNegative ? .zero(granted.currency) : $0 } ?? .zero(granted.currency)
    }

    public var repaid: Money { sum(repaidByDepartment.values, granted.currency) }
    public var waived: Money { sum(waivedByDepartment.values, granted.currency) }

    /// Savings in the order they were recorded (repayment obligations accrue in this order).
    public var savingOrder: [String] {
        savings.sorted { $0.value.sequence < $1.value.sequence }.map(\.key)
    }
}

/// A fund with its capital and the initiatives it finances.
public struct FundState: Sendable, Equatable, Codable {
    public var id: String
    public var organisationID: String
    public var name: String
    public var currency: Currency
    public var policy: FundPolicy
    public var contributed: Money
    public var withdrawn: Money
    public var initiatives: [String: InitiativeState] = [:]
    /// Each voucher (verifikation) used by a disbursement still in force, by fiscal year: the event that
    /// used it first. A voucher number is unique within a fiscal year (rule `unique-voucher`).
    public var vouchers: [VoucherUse: UUID] = [:]
    /// The initiative each saving belongs to.
    public internal(set) var initiativeOfSaving: [String: String] = [:]

    public var disbursed: Money { Money(ore: initiativeTotals.disbursed, currency: currency) }
    public var repaid: Money { Money(ore: initiativeTotals.repaid, currency: currency) }
    public var committed: Money { Money(ore: initiativeTotals.committed, currency: currency) }

    /// What the fund's initiatives add up to (öre), in one pass that reads each initiative in place: a `map`
    /// over the values copied every initiative's whole state, once per figure.
    public var initiativeTotals: InitiativeTotals {
        var totals = InitiativeTotals()
        let values = initiatives.values
        for index in values.indices {
            if values[index].status == .decided || values[index].status == .closed { totals.granted += values[index].granted.ore }
            totals.disbursed += values[index].disbursed.ore
            totals.repaid += values[index].repaid.ore
            totals.committed += values[index].committed.ore
        }
        return totals
    }

    /// contributed − withdrawn − disbursed + repaid (domain.md, model 1).
    public var balance: Money { Money(ore: balance(initiativeTotals), currency: currency) }

    /// balance − committed.
    public var uncommitted: Money {
        let totals = initiativeTotals
        return Money(ore: balance(totals) - totals.committed, currency: currency)
    }

    /// The balance (öre) given the initiatives' `totals` already summed: `balance` without a second pass.
    public func balance(_ totals: InitiativeTotals) -> Int64 {
        contributed.ore - withdrawn.ore - totals.disbursed + totals.repaid
    }

    /// Changes an initiative in place (one hash lookup, no copy of its state); an unknown id changes nothing.
    mutating func update(_ initiativeID: String, _ change: (inout InitiativeState) -> Void) {
        guard let index = initiatives.index(forKey: initiativeID) else { return }
        change(&initiatives.values[index])
    }

    /// The initiative a saving belongs to.
    public func initiative(ofSaving savingID: String) -> InitiativeState? {
        initiativeOfSaving[savingID].flatMap { initiatives[$0] }
    }

    /// What each department owes `initiativeID` under the repayment model, before repayments: due − waived,
    /// departments owing nothing left out (empty for an initiative the fund does not have).
    ///
    /// `mutating` only to read the initiative in place: the fold asks this on every event that moves money
    /// owed, and a plain read of `initiatives` copies the whole `InitiativeState` (a fifth of the fold's time).
    mutating func duesAfterWaivers(of initiativeID: String) -> [String: Int64] {
        var dues: [String: Int64] = [:]
        update(initiativeID) { initiative in
            dues = initiative.dues.byDepartment
            for (department, waived) in initiative.waivedByDepartment { dues[department, default: 0] -= waived.ore }
        }
        return dues.values.contains(0) ? dues.filter { $0.value != 0 } : dues
    }
}

func sum(_ amounts: some Sequence<Money>, _ currency: Currency) -> Money {
    Money(ore: amounts.reduce(0) { $0 + $1.ore }, currency: currency)
}

/// A fund's initiatives summed (`FundState.initiativeTotals`), in öre of the fund's currency.
public struct InitiativeTotals: Sendable, Equatable {
    /// Granted by decisions that stand or stood (decided or closed initiatives).
    public var granted: Int64 = 0
    public var disbursed: Int64 = 0
    public var repaid: Int64 = 0
    /// Granted but not yet disbursed, while decisions stand.
    public var committed: Int64 = 0

    public init(granted: Int64 = 0, disbursed: Int64 = 0, repaid: Int64 = 0, committed: Int64 = 0) {
        self.granted = granted
        self.disbursed = disbursed
        self.repaid = repaid
        self.committed = committed
    }
}

/// The whole ledger's state: a deterministic fold over its events.
///
/// A reversal undoes exactly what the original did: only additive facts can be reversed (capital, money,
/// savings, attributions, outcomes; decisions are amended or revoked instead), so undoing one is subtracting
/// it, or removing the one entry it added. The state afterwards equals a fold that never saw the original
/// (`ReversalTests` checks this against a refold), at O(1) per reversal instead of refolding the fund.
public struct LedgerState: Sendable, Equatable {
    public var organisations: [String: OrganisationState] = [:]
    public var funds: [String: FundState] = [:]
    /// Events reversed so far, and the reversal that did it.
    public var reversedBy: [UUID: UUID] = [:]
    /// Every stored domain event by id (for reversals, idempotent retries and audit); empty when the state
    /// does not retain events.
    public var eventsByID: [UUID: StoredLedgerEvent] = [:]
    /// Whether `eventsByID` keeps every event. Commands need it (one fund at a time); replays over the whole log
    /// do not: they hand each reversal its original (`StoredLedgerEvent.reversedOriginal`), so memory does not
    /// grow with the number of events.
    public private(set) var retainsEvents = true
    /// Which fund's stream holds each saving (for attributions).
    public var fundOfInitiative: [String: String] = [:]

    public init() {}

    /// An empty state that keeps no events (see `retainsEvents`).
    public init(retainingEvents: Bool) {
        retainsEvents = retainingEvents
    }

    /// Folds events (in position order) into a state.
    public init(events: some Sequence<StoredLedgerEvent>) {
        for event in events { apply(event) }
    }

    /// The amounts each stream folded so far has carried: what keeps its sums inside `Int64` (`LedgerLimits`).
    /// Kept by the folds that `admit` their events (a command's read of its streams, the projector), whose
    /// snapshots carry it; a replay's driver (`LedgerReplay.run`) keeps its own for any projection.
    public internal(set) var turnover = StreamTurnover()

    /// Counts `stored` in its stream's turnover before it is applied; throws for an event whose amounts would
    /// take the stream past `LedgerLimits.streamTurnoverOreMax` (a fold must not go on past it).
    public mutating func admit(_ stored: StoredLedgerEvent) throws(UnreadableEventError) {
        try turnover.admit(stored)
    }

    /// Admits `stored` as `admit` does, except that an event a skip names (`SkippedEvents`) is passed over:
    /// false then, and nothing counted. Throws where `admit` throws and no skip names the event.
    public mutating func admit(_ stored: StoredLedgerEvent, skipsIn store: any EventStore) async throws -> Bool {
        try await SkippedEvents.admit(stored, into: &turnover, store: store)
    }

    /// Admits and applies one event: how a fold of stored events goes on (`admit`, `apply`).
    public mutating func fold(_ stored: StoredLedgerEvent, skipsIn store: any EventStore) async throws {
        if try await admit(stored, skipsIn: store) { apply(stored) }
    }

    /// Applies one event (without counting its turnover: see `fold`).
    public mutating func apply(_ stored: StoredLedgerEvent) {
        if retainsEvents { eventsByID[stored.eventID] = stored }
        switch stored.event {
        case .organisationRegistered(let e):
            organisations[e.organisationID] = OrganisationState(id: e.organisationID, name: e.name, kind: e.kind)
        case .departmentRegistered(let e):
            if let organisation = Self.organisationID(ofStream: stored.streamID) {
                organisations[organisation]?.departments[e.code] = e
            }
        case .periodClosed(let e):
            if let organisation = Self.organisationID(ofStream: stored.streamID) {
                organisations[organisation]?.closedThrough = e.closedThrough
            }
        case .eventReversed(let e):
            // Only an original this fold applied (and not yet reversed) is undone: a replay bounded in time may
            // see a correction without the event it corrects.
            guard reversedBy[e.reversedEventID] == nil, let original = appliedOriginal(of: stored),
                let fundID = Self.fundID(ofStream: stored.streamID), original.streamID == stored.streamID
            else {
                reversedBy[e.reversedEventID] = reversedBy[e.reversedEventID] ?? stored.eventID
                return
            }
            reversedBy[e.reversedEventID] = stored.eventID
            Self.undo(original.event, funds: &funds, fundID: fundID)
            if case .fundsDisbursed(let disbursed) = original.event {
                let use = VoucherUse(year: original.effectiveDate.year, voucher: disbursed.voucher)
                if funds[fundID]?.vouchers[use] == original.eventID { funds[fundID]?.vouchers[use] = nil }
            }
        default:
            guard let fundID = Self.fundID(ofStream: stored.streamID) else { return }
            Self.applyToFund(stored.event, funds: &funds, fundID: fundID, fundOfInitiative: &fundOfInitiative)
            if case .fundsDisbursed(let e) = stored.event {
                let use = VoucherUse(year: stored.effectiveDate.year, voucher: e.voucher)
                if funds[fundID]?.vouchers[use] == nil { funds[fundID]?.vouchers[use] = stored.eventID }
            }
        }
    }

    /// The event `reversal` reverses, if this fold applied it: from the retained events, or (without them) as
    /// the replay attached it — a replay attaches only originals inside its bounds, which are the ones folded.
    func appliedOriginal(of reversal: StoredLedgerEvent) -> StoredLedgerEvent? {
        guard case .eventReversed(let e) = reversal.event else { return nil }
        return retainsEvents ? eventsByID[e.reversedEventID] : reversal.reversedOriginal?.event
    }

    /// The event `reversal` undid when it was applied: the original this fold had applied, in the same
    /// fund stream, and not reversed before. `nil` when the reversal changed nothing.
    func originalUndone(by reversal: StoredLedgerEvent) -> StoredLedgerEvent? {
        guard case .eventReversed(let e) = reversal.event, reversedBy[e.reversedEventID] == reversal.eventID,
            let original = appliedOriginal(of: reversal), original.streamID == reversal.streamID
        else { return nil }
        return original
    }

    /// Takes back the effect of a reversible event.
    static func undo(_ event: LedgerEvent, funds: inout [String: FundState], fundID: String) {
        guard let index = funds.index(forKey: fundID) else { return }
        undo(event, fund: &funds.values[index])
    }

    private static func undo(_ event: LedgerEvent, fund: inout FundState) {
        let currency = fund.currency  // read before `update` holds `fund` for writing
        func update(_ id: String, _ change: (inout InitiativeState) -> Void) { fund.update(id, change) }
        /// Subtracts from a per-department amount; a department back at zero disappears, as if never booked.
        func subtract(_ amount: Money, from amounts: inout [String: Money], _ department: String) {
            guard let current = amounts[department] else { return }
            let left = current.ore - amount.ore
            amounts[department] = left == 0 ? nil : Money(ore: left, currency: current.currency)
        }
        switch event {
        case .capitalContributed(let e): fund.contributed = Money(ore: fund.contributed.ore - e.amount.ore, currency: currency)
        case .capitalWithdrawn(let e): fund.withdrawn = Money(ore: fund.withdrawn.ore - e.amount.ore, currency: currency)
        case .fundsDisbursed(let e):
            update(e.initiativeID) {
                $0.disbursed = Money(ore: $0.disbursed.ore - e.amount.ore, currency: currency)
                subtract(e.amount, from: &$0.disbursedByDepartment, e.department)
                $0.capMayHaveMoved()
            }
        case .coFinancingRecorded(let e):
            update(e.initiativeID) { $0.coFinancing = Money(ore: $0.coFinancing.ore - e.amount.ore, currency: currency) }
        case .savingRealised(let e):
            update(e.initiativeID) { $0.removeSaving(e.savingID) }
            fund.initiativeOfSaving[e.savingID] = nil
        case .savingAttributed(let e):
            if let initiativeID = fund.initiativeOfSaving[e.savingID] {
                update(initiativeID) {
                    $0.changeAttributions(of: e.savingID) { attributions in
                        if let index = attributions.firstIndex(where: { $0.department == e.department && $0.share == e.share }) {
                            attributions.remove(at: index)
                        }
                    }
                }
            }
        case .repaymentReceived(let e): update(e.initiativeID) { subtract(e.amount, from: &$0.repaidByDepartment, e.department) }
        case .repaymentWaived(let e): update(e.initiativeID) { subtract(e.amount, from: &$0.waivedByDepartment, e.department) }
        case .outcomeMeasured(let e):
            update(e.initiativeID) { initiative in
                if let index = initiative.outcomes.firstIndex(of: e) { initiative.outcomes.remove(at: index) }
            }
        default:
            // Not reversible (the command handler refuses); a hand-written reversal of one changes nothing.
            break
        }
    }

    static func applyToFund(
        _ event: LedgerEvent, funds: inout [String: FundState], fundID: String, fundOfInitiative: inout [String: String]
    ) {
        if case .fundEstablished(let e) = event {
            funds[fundID] = FundState(
                id: e.fundID, organisationID: e.organisationID, name: e.name, currency: e.currency, policy: e.policy,
                contributed: .zero(e.currency), withdrawn: .zero(e.currency))
            return
        }
        // Changed in place (one hash lookup, no copy): a copy of the fund taken out and written back would
        // either copy its whole initiatives dictionary on every change (quadratic replays) or hash its key
        // twice more.
        guard let index = funds.index(forKey: fundID) else { return }
        apply(event, fund: &funds.values[index], fundID: fundID, fundOfInitiative: &fundOfInitiative)
    }

    private static func apply(_ event: LedgerEvent, fund: inout FundState, fundID: String, fundOfInitiative: inout [String: String]) {
        let currency = fund.currency, zero = Money.zero(fund.currency)  // read before `update` holds `fund`
        func update(_ id: String, _ change: (inout InitiativeState) -> Void) { fund.update(id, change) }
        switch event {
        case .fundPolicyChanged(let e): fund.policy = e.policy
        case .capitalContributed(let e): fund.contributed = Money(ore: fund.contributed.ore + e.amount.ore, currency: currency)
        case .capitalWithdrawn(let e): fund.withdrawn = Money(ore: fund.withdrawn.ore + e.amount.ore, currency: currency)
        case .applicationSubmitted(let e):
            fund.initiatives[e.initiativeID] = InitiativeState(
                id: e.initiativeID, application: e, granted: zero, disbursed: zero, coFinancing: zero)
            fundOfInitiative[e.initiativeID] = fundID
        case .applicationAssessed(let e): update(e.initiativeID) { $0.assessment = e }
        case .investmentDecided(let e):
            update(e.initiativeID) {
                $0.decision = e
                $0.granted = e.granted
                $0.status = .decided
                $0.recomputeDues()
            }
        case .applicationRejected(let e):
            update(e.initiativeID) {
                $0.rejection = e
                $0.status = .rejected
            }
        case .decisionAmended(let e): update(e.initiativeID) { $0.granted = e.granted }
        case .decisionRevoked(let e): update(e.initiativeID) { $0.status = .revoked }
        case .fundsDisbursed(let e):
            update(e.initiativeID) {
                $0.disbursed = Money(ore: $0.disbursed.ore + e.amount.ore, currency: currency)
                $0.disbursedByDepartment[e.department, default: zero].add(e.amount)
                $0.capMayHaveMoved()
            }
        case .coFinancingRecorded(let e):
            update(e.initiativeID) { $0.coFinancing = Money(ore: $0.coFinancing.ore + e.amount.ore, currency: currency) }
        case .savingRealised(let e):
            update(e.initiativeID) { $0.addSaving(e) }
            if fund.initiatives[e.initiativeID] != nil { fund.initiativeOfSaving[e.savingID] = e.initiativeID }
        case .savingAttributed(let e):
            if let initiativeID = fund.initiativeOfSaving[e.savingID] {
                update(initiativeID) { $0.addAttribution(to: e.savingID, department: e.department, share: e.share) }
            }
        case .repaymentReceived(let e): update(e.initiativeID) { $0.repaidByDepartment[e.department, default: zero].add(e.amount) }
        case .repaymentWaived(let e): update(e.initiativeID) { $0.waivedByDepartment[e.department, default: zero].add(e.amount) }
        case .outcomeMeasured(let e): update(e.initiativeID) { $0.outcomes.append(e) }
        case .initiativeClosed(let e):
            update(e.initiativeID) {
                $0.status = .closed
                $0.closing = e.outcome
            }
        default: break
        }
    }

    /// `organisation-<id>` → id.
    public static func organisationID(ofStream stream: String) -> String? {
        stream.hasPrefix("organisation-") ? String(stream.dropFirst("organisation-".count)) : nil
    }

    /// `fund-<id>` → id.
    public static func fundID(ofStream stream: String) -> String? {
        stream.hasPrefix("fund-") ? String(stream.dropFirst("fund-".count)) : nil
    }

    public static func == (lhs: LedgerState, rhs: LedgerState) -> Bool {
        lhs.organisations == rhs.organisations && lhs.funds == rhs.funds && lhs.reversedBy == rhs.reversedBy
    }
}

/// Stream names.
public enum LedgerStreams {
    public static func organisation(_ id: String) -> String { "organisation-\(id)" }
    public static func fund(_ id: String) -> String { "fund-\(id)" }
}

extension Money {
    /// Adds in place; amounts in one fund share its currency (checked before events are written).
    mutating func add(_ other: Money) {
        self = Money(ore: ore + other.ore, currency: currency)
    }
}
