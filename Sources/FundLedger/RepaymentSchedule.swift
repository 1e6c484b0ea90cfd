import EventStore
import Memberwise

/// One department's obligation arising from one saving (or one planned instalment).
public struct RepaymentObligation: Sendable, Equatable {
    public var department: String
    /// The saving it arises from; `nil` for a planned instalment.
    public var savingID: String?
    public var amount: Money
    /// The end of the saving's period, or the instalment's due date.
    public var dueDate: CivilDate
}

/// What is owed on repayments, and what settled it: one department's, or an initiative's summed over its
/// departments. The one definition of an *outstanding obligation* (reports, read models and the CLI use it).
///
/// The accountant's reading: an obligation is a receivable of the fund. A department that has repaid (or been
/// waived) more than is due does not owe a negative amount; it holds a credit with the fund, money to be
/// refunded or set against a later obligation. So
///
/// - `outstanding` = max(0, due − repaid − waived) per department: what the department still owes;
/// - `excess` = max(0, repaid + waived − due) per department: what was settled beyond the due;
/// - for an initiative both are sums over its departments: one department's credit never reduces what
///   another owes;
/// - `outstanding − excess` = due − repaid − waived (`net`), the balance of the repayment receivable
///   account (1519) in the books.
///
/// The ledger's rules refuse a repayment or waiver above what is outstanding, and any command that would
/// leave an excess (rule `negative-obligation`). An excess still shows where history is read as of an
/// earlier effective date: a repayment recorded with an effective date before the saving that made it due.
public struct RepaymentBalance: Sendable, Equatable {
    /// What fell due under the decision's terms.
    public var due: Money
    /// What was repaid.
    public var repaid: Money
    /// What the fund waived.
    public var waived: Money
    /// What is still owed, never below zero (summed per department for an initiative).
    public var outstanding: Money
    /// What was repaid or waived beyond the due (summed per department for an initiative).
    public var excess: Money

    /// One department's balance: `outstanding` and `excess` from due − repaid − waived.
    public init(due: Money, repaid: Money, waived: Money) {
        let net = due.ore - repaid.ore - waived.ore
        self.due = due
        self.repaid = repaid
        self.waived = waived
        self.outstanding = Money(ore: max(net, 0), currency: due.currency)
        self.excess = Money(ore: max(-net, 0), currency: due.currency)
    }

    /// The sum of several departments' balances (each keeps its own clamping): an initiative's.
    public init(summing balances: [RepaymentBalance], currency: Currency) {
        func total(_ part: (RepaymentBalance) -> Money) -> Money {
            Money(ore: balances.reduce(Int64(0)) { $0 + part($1).ore }, currency: currency)
        }
        self.due = total(\.due)
        self.repaid = total(\.repaid)
        self.waived = total(\.waived)
        self.outstanding = total(\.outstanding)
        self.excess = total(\.excess)
    }

    /// due − repaid − waived, which may be negative: `outstanding − excess`, the receivable account's balance.
    public var net: Money { Money(ore: due.ore - repaid.ore - waived.ore, currency: due.currency) }
}

/// Where one department stands with an initiative's repayments.
@PublicMemberwiseInit
public struct DepartmentRepaymentPosition: Sendable, Equatable {
    public var department: String
    public var due: Money
    public var repaid: Money
    public var waived: Money

    /// The department's `RepaymentBalance`.
    public var balance: RepaymentBalance { RepaymentBalance(due: due, repaid: repaid, waived: waived) }
    /// What the department still owes: max(0, due − repaid − waived) (see `RepaymentBalance`).
    public var outstanding: Money { balance.outstanding }
    /// What it repaid or was waived beyond its due (see `RepaymentBalance`).
    public var excess: Money { balance.excess }
}

extension InitiativeState {
    /// The initiative's repayments summed over its departments (`RepaymentSchedule.positions(for:)`):
    /// `outstanding` is what the departments that owe something still owe.
    public var repaymentBalance: RepaymentBalance {
        RepaymentBalance(summing: RepaymentSchedule.positions(for: self).map(\.balance), currency: granted.currency)
    }
}

/// Repayment obligations under a decision's terms (domain.md, model 2).
///
/// The fold keeps what is due (`RepaymentDues`): the functions here read it, they do not recompute it.
///
/// For *share of savings*: each saving within the horizon creates `share × saving`, capped so that the
/// total due never exceeds the cap (`cap − due so far`), split between the saving department and the
/// departments the saving is attributed to by their shares (rounding remainder to the saving department).
/// For *frame reduction*: the same without a cap. For a *repayment plan*: the instalments. *None*: nothing.
public enum RepaymentSchedule {
    public static func obligations(for initiative: InitiativeState) -> [RepaymentObligation] {
        let currency = initiative.granted.currency
        if case .repaymentPlan(let instalments)? = initiative.decision?.repaymentTerms {
            return instalments.map {
                RepaymentObligation(department: $0.department, savingID: nil, amount: $0.amount, dueDate: $0.due)
            }
        }
        // Each saving's due after the cap is kept by the fold (`RepaymentDues`); here it is only split.
        return initiative.savingOrder.flatMap { savingID -> [RepaymentObligation] in
            guard let state = initiative.savings[savingID] else { return [] }
            return state.split(state.due).map {
                RepaymentObligation(
                    department: $0.department, savingID: savingID, amount: Money(ore: $0.amount, currency: currency),
                    dueDate: state.saving.periodEnd)
            }
        }
    }

    /// Each department's due, repaid, waived and outstanding amounts for an initiative.
    public static func positions(for initiative: InitiativeState) -> [DepartmentRepaymentPosition] {
        let currency = initiative.granted.currency
        let zero = Money.zero(currency)
        let due = initiative.dues.byDepartment
        let departments = Set(due.keys).union(initiative.repaidByDepartment.keys).union(initiative.waivedByDepartment.keys)
        return departments.sorted().map { department in
            DepartmentRepaymentPosition(
                department: department, due: Money(ore: due[department] ?? 0, currency: currency),
                repaid: initiative.repaidByDepartment[department] ?? zero,
                waived: initiative.waivedByDepartment[department] ?? zero)
        }
    }

    /// What the cap still allows to fall due (`nil` without a cap).
    public static func remainingCapacity(for initiative: InitiativeState) -> Money? {
        guard let decision = initiative.decision, case .shareOfSavings(_, let cap, _) = decision.repaymentTerms else { return nil }
        let currency = initiative.granted.currency
        let capOre: Int64 = switch cap {
        case .disbursed: initiative.disbursed.ore
        case .fixed(let amount): amount.ore
        case .unlimited: Int64.max
        }
        if case .unlimited = cap { return nil }
        return Money(ore: capOre - initiative.dues.total, currency: currency)
    }
}

extension CivilDate {
    /// The same day `years` later (28 February for 29 February in a common year); past the calendar's ends,
    /// its last or first day (a horizon of 8 000 years from 2025 ends on 9999-12-31, the end of every horizon).
    public func adding(years: Int) -> CivilDate {
        let (target, overflow) = year.addingReportingOverflow(years)
        if overflow { return years > 0 ? Self.last : Self.first }
        if target > 9999 { return Self.last }
        if target < 1 { return Self.first }
        return CivilDate(year: target, month: month, day: day) ?? CivilDate(year: target, month: month, day: day - 1)!
    }

    /// 9999-12-31 and 0001-01-01, the calendar's ends.
    static let last = CivilDate(year: 9999, month: 12, day: 31)!
    static let first = CivilDate(year: 1, month: 1, day: 1)!
}

extension Rate {
    /// `ore × self` for a share between 0 and 1, which cannot overflow (shares are validated when recorded;
    /// a larger one here is a broken invariant and stops the program rather than misstating the books).
    func portion(of ore: Int64, rounding: RoundingRule = .halfEven) -> Int64 {
        precondition(self <= .one && self >= .zero, "share \(self) outside 0…1")
        do { return try apply(to: ore, rounding: rounding) } catch { preconditionFailure("share \(self) of \(ore) overflowed") }
    }
}
