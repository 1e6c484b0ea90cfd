import EventStore

/// One department's money with a fund (domain.md, model 3): what it received, what it saved, what it
/// owes and repaid.
public struct DepartmentFlow: Sendable, Equatable {
    public var department: String
    /// Disbursed to the department for initiatives.
    public var invested: Int64 = 0
    /// Realised savings arising in the department, or attributed to it.
    public var saved: Int64 = 0
    /// Repayments due from the department under the repayment terms.
    public var due: Int64 = 0
    public var repaid: Int64 = 0
    /// invested − repaid: what the department has drawn from the fund, net.
    public var net: Int64 { invested - repaid }

    public init(department: String) { self.department = department }
}

/// The savings of one saving department that trace back to one investing department.
public struct DepartmentPairFlow: Sendable, Equatable {
    public var investingDepartment: String
    public var savingDepartment: String
    public var saved: Int64 = 0
    public var repaid: Int64 = 0
    /// Initiatives linking the two.
    public var initiatives: Int = 0
}

/// Cross-department flows of a fund: per department, and per pair of investing department × department
/// where the saving arose.
///
/// A saving is split over departments as repayments are: attributed shares to the named departments (each
/// rounded, never more than what is left), the rest to the department where it arose. Within an initiative
/// a saving department's savings and repayments are shared over the investing departments by their share
/// of the initiative's disbursements (by the application's departments equally before any disbursement),
/// with largest-remainder rounding so that the pairs add up to the department totals to the öre.
public enum DepartmentFlows {
    /// Every department with any flow, sorted by code.
    public static func perDepartment(_ fund: FundState) -> [DepartmentFlow] {
        var flows: [String: DepartmentFlow] = [:]
        func update(_ department: String, _ change: (inout DepartmentFlow) -> Void) {
            var flow = flows[department] ?? DepartmentFlow(department: department)
            change(&flow)
            flows[department] = flow
        }
        for initiative in fund.initiatives.values {
            for (department, amount) in initiative.disbursedByDepartment { update(department) { $0.invested += amount.ore } }
            for (department, amount) in savedByDepartment(initiative) { update(department) { $0.saved += amount } }
            for (department, amount) in initiative.repaidByDepartment { update(department) { $0.repaid += amount.ore } }
            for position in RepaymentSchedule.positions(for: initiative) { update(position.department) { $0.due += position.due.ore } }
        }
        return flows.values.sorted { $0.department < $1.department }
    }

    /// Every (investing, saving) pair with savings or repayments, sorted.
    public static func perPair(_ fund: FundState) -> [DepartmentPairFlow] {
        var pairs: [PairKey: DepartmentPairFlow] = [:]
        for initiative in fund.initiatives.values.sorted(by: { $0.id < $1.id }) {
            let weights = investorWeights(initiative)
            guard !weights.isEmpty else { continue }
            let saved = savedByDepartment(initiative)
            let savingDepartments = Set(saved.keys).union(initiative.repaidByDepartment.keys).sorted()
            for savingDepartment in savingDepartments {
                let savedShares = allocate(saved[savingDepartment] ?? 0, weights: weights)
                let repaidShares = allocate(initiative.repaidByDepartment[savingDepartment]?.ore ?? 0, weights: weights)
                for (index, weight) in weights.enumerated() {
                    let key = PairKey(investing: weight.department, saving: savingDepartment)
                    var pair = pairs[key] ?? DepartmentPairFlow(investingDepartment: key.investing, savingDepartment: key.saving)
                    pair.saved += savedShares[index]
                    pair.repaid += repaidShares[index]
                    pair.initiatives += 1
                    pairs[key] = pair
                }
            }
        }
        return pairs.values.sorted { ($0.investingDepartment, $0.savingDepartment) < ($1.investingDepartment, $1.savingDepartment) }
    }

    /// Each saving split over the departments it belongs to, summed per department (öre).
    public static func savedByDepartment(_ initiative: InitiativeState) -> [String: Int64] {
        var saved: [String: Int64] = [:]
        for state in initiative.savings.values {
            for part in state.split(state.saving.amount.ore) { saved[part.department, default: 0] += part.amount }
        }
        return saved
    }

    struct PairKey: Hashable {
        var investing: String
        var saving: String
    }

    struct Weight {
        var department: String
        var weight: Int64
    }

    /// Investing departments with their disbursements, or the application's departments equally.
    static func investorWeights(_ initiative: InitiativeState) -> [Weight] {
        let disbursed = initiative.disbursedByDepartment.filter { $0.value.ore > 0 }
        if !disbursed.isEmpty {
            return disbursed.keys.sorted().map { Weight(department: $0, weight: disbursed[$0]!.ore) }
        }
        return Set(initiative.application.departments).sorted().map { Weight(department: $0, weight: 1) }
    }

    /// `amount` shared by weight with largest-remainder rounding: the parts always sum to `amount`.
    static func allocate(_ amount: Int64, weights: [Weight]) -> [Int64] {
        let total = weights.reduce(Int128(0)) { $0 + Int128($1.weight) }
        guard total > 0, amount != 0 else { return weights.map { _ in 0 } }
        var parts: [Int64] = []
        var remainders: [(index: Int, remainder: Int128)] = []
        for (index, weight) in weights.enumerated() {
            let exact = Int128(amount) * Int128(weight.weight)
            let (quotient, remainder) = exact.quotientAndRemainder(dividingBy: total)
            parts.append(Int64(quotient))
            remainders.append((index, remainder.magnitude > 0 ? Int128(remainder.magnitude) : 0))
        }
        var left = amount - parts.reduce(0, +)
        let step: Int64 = left >= 0 ? 1 : -1
        for entry in remainders.sorted(by: { ($0.remainder, -$0.index) > ($1.remainder, -$1.index) }) where left != 0 {
            parts[entry.index] += step
            left -= step
        }
        return parts
    }
}
