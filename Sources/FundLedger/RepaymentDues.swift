import EventStore

/// What an initiative's departments owe under its repayment terms, before repayments and waivers (öre),
/// kept up to date by the fold one event at a time.
///
/// `RepaymentSchedule.obligations(for:)` recomputes every saving's obligation from the first; doing that on
/// every saving made a fold quadratic in one initiative's savings. The fold instead accrues a new saving at
/// the end (it is last in recording order, so the cap left for it is `cap − total`), re-splits one saving
/// when an attribution changes, and recomputes from the first saving only when the cap actually cut a
/// saving and the cap or the savings before it changed. `RepaymentDuesTests` checks the kept dues against a
/// full recomputation after every event of random histories.
public struct RepaymentDues: Sendable, Equatable, Codable {
    /// What each department owes, summed over the savings (or the planned instalments).
    public internal(set) var byDepartment: [String: Int64] = [:]
    /// What all the savings owe together, after the cap.
    public internal(set) var total: Int64 = 0
    /// What the savings within the horizon would owe without a cap: above `total` once the cap cut one.
    var uncapped: Int64 = 0
    /// The recording order the next saving gets (`SavingState.sequence`).
    var nextSequence = 0

    /// Whether the cap cut (or cancelled) some saving's obligation: then a change before the last saving
    /// moves what the later ones owe.
    var capCutASaving: Bool { uncapped > total }

    mutating func add(_ parts: [(department: String, amount: Int64)], sign: Int64 = 1) {
        for part in parts {
            let amount = (byDepartment[part.department] ?? 0) + sign * part.amount
            byDepartment[part.department] = amount == 0 ? nil : amount
        }
    }

    /// The sequence counter is bookkeeping of the fold, not part of what is owed.
    public static func == (lhs: RepaymentDues, rhs: RepaymentDues) -> Bool {
        lhs.byDepartment == rhs.byDepartment && lhs.total == rhs.total && lhs.uncapped == rhs.uncapped
    }
}

/// A *share of savings* or *frame reduction* decision's terms, as the schedule applies them to each saving.
struct SavingTerms {
    var share: Rate
    /// The most that may fall due in all (`nil` without a cap).
    var capOre: Int64?
    var horizonEnd: CivilDate

    /// The terms of `initiative`'s decision; `nil` when it has none or they are not savings-based.
    init?(_ initiative: InitiativeState) {
        guard let decision = initiative.decision else { return nil }
        switch decision.repaymentTerms {
        case .shareOfSavings(let share, let cap, let horizon):
            self.share = share
            self.capOre = switch cap {
            case .disbursed: initiative.disbursed.ore
            case .fixed(let amount): amount.ore
            case .unlimited: nil
            }
            self.horizonEnd = decision.decidedOn.adding(years: horizon)
        case .frameReduction(let share, let horizon):
            self.share = share
            self.capOre = nil
            self.horizonEnd = decision.decidedOn.adding(years: horizon)
        case .none, .repaymentPlan:
            return nil
        }
    }

    /// What `saving` owes before the cap; `nil` when it falls after the horizon.
    func uncappedDue(_ saving: SavingRealised) -> Int64? {
        saving.periodEnd <= horizonEnd ? share.portion(of: saving.amount.ore) : nil
    }
}

extension SavingState {
    /// `amount` split over the departments that owe (or saved) it: each attribution's share, rounded but
    /// never more than is left, then the rest to the department where the saving was realised.
    func split(_ amount: Int64) -> [(department: String, amount: Int64)] {
        let (parts, remainder) = attributedParts(of: amount)
        return remainder > 0 ? parts + [(saving.department, remainder)] : parts
    }

    /// The attributions' parts of `amount`, in order, and what they leave to the saving's department.
    func attributedParts(of amount: Int64) -> (parts: [(department: String, amount: Int64)], remainder: Int64) {
        var parts: [(department: String, amount: Int64)] = []
        var remainder = amount
        for attribution in attributions {
            // Rounded parts (1.5 + 1.5 öre of a 3 öre due → 2 + 2) must not add up to more than the amount.
            let part = min(attribution.share.portion(of: amount), remainder)
            guard part > 0 else { continue }
            remainder -= part
            parts.append((attribution.department, part))
        }
        return (parts, remainder)
    }

    /// Sets what the saving owes and what of it stays with its own department.
    mutating func setDue(_ amount: Int64) {
        due = amount
        dueRemainder = attributedParts(of: amount).remainder
    }
}

extension InitiativeState {
    /// Recomputes `dues` from the first saving (or the plan's instalments), setting every saving's `due`.
    mutating func recomputeDues() {
        var fresh = RepaymentDues()
        fresh.nextSequence = dues.nextSequence
        dues = fresh
        if case .repaymentPlan(let instalments)? = decision?.repaymentTerms {
            for instalment in instalments {
                dues.byDepartment[instalment.department, default: 0] += instalment.amount.ore
                dues.total += instalment.amount.ore
            }
        }
        let terms = SavingTerms(self)
        for savingID in savingOrder {
            savings[savingID]?.setDue(0)
            if let terms { accrueDue(of: savingID, terms: terms) }
        }
    }

    /// Records a saving recorded after all the others and accrues what it owes.
    mutating func addSaving(_ saving: SavingRealised) {
        savings[saving.savingID] = SavingState(saving: saving, sequence: dues.nextSequence)
        dues.nextSequence += 1
        if let terms = SavingTerms(self) { accrueDue(of: saving.savingID, terms: terms) }
    }

    /// Takes a saving back out (its reversal).
    mutating func removeSaving(_ savingID: String) {
        guard let removed = savings.removeValue(forKey: savingID) else { return }
        guard let terms = SavingTerms(self) else { return }
        if dues.capCutASaving { return recomputeDues() }
        // Nothing was cut, so every saving owes its uncapped due whatever came before it.
        dues.uncapped -= terms.uncappedDue(removed.saving) ?? 0
        dues.total -= removed.due
        dues.add(removed.split(removed.due), sign: -1)
    }

    /// Attributes a share of a saving to another department: its part comes out of what stays with the
    /// saving's own department (`split` gives the last attribution what the earlier ones left).
    mutating func addAttribution(to savingID: String, department: String, share: Rate) {
        // Taken out while it changes, so that appending does not copy its attributions (copy-on-write).
        guard var saving = savings.removeValue(forKey: savingID) else { return }
        saving.attributions.append((department, share))
        let part = min(share.portion(of: saving.due), saving.dueRemainder)
        if part > 0 {
            saving.dueRemainder -= part
            dues.add([(department, part), (saving.saving.department, -part)])
        }
        savings[savingID] = saving
    }

    /// Changes one saving's attributions (a reversal takes one out), splitting its due afresh.
    mutating func changeAttributions(of savingID: String, _ change: (inout [(department: String, share: Rate)]) -> Void) {
        guard var saving = savings[savingID] else { return }
        dues.add(saving.split(saving.due), sign: -1)
        change(&saving.attributions)
        saving.setDue(saving.due)
        dues.add(saving.split(saving.due))
        savings[savingID] = saving
    }

    /// After `disbursed` changed: a cap of what was disbursed moved, which matters only when it cut a
    /// saving before or cuts one now.
    mutating func capMayHaveMoved() {
        guard let terms = SavingTerms(self), let cap = terms.capOre else { return }
        if dues.capCutASaving || cap < dues.total { recomputeDues() }
    }

    /// Accrues the obligation of the saving last in recording order.
    private mutating func accrueDue(of savingID: String, terms: SavingTerms) {
        guard var state = savings[savingID], let uncapped = terms.uncappedDue(state.saving) else { return }
        dues.uncapped += uncapped
        var due = uncapped
        if let cap = terms.capOre { due = min(due, cap - dues.total) }
        state.setDue(max(due, 0))
        dues.total += state.due
        dues.add(state.split(state.due))
        savings[savingID] = state
    }
}
