import EventStore
@testable import FundLedger

/// What each department owes, recomputed from the first saving the way the schedule was defined before the
/// fold kept it (`RepaymentDues`): the reference the kept dues must equal after every event.
enum RepaymentDuesReference {
    static func dues(of initiative: InitiativeState) -> [String: Int64] {
        guard let decision = initiative.decision else { return [:] }
        var dues: [String: Int64] = [:]
        let share: Rate, cap: Int64?, horizon: Int
        switch decision.repaymentTerms {
        case .none: return [:]
        case .repaymentPlan(let instalments):
            for instalment in instalments { dues[instalment.department, default: 0] += instalment.amount.ore }
            return dues
        case .shareOfSavings(let s, let c, let h):
            (share, horizon) = (s, h)
            cap = switch c {
            case .disbursed: initiative.disbursed.ore
            case .fixed(let amount): amount.ore
            case .unlimited: nil
            }
        case .frameReduction(let s, let h): (share, cap, horizon) = (s, nil, h)
        }
        var dueSoFar: Int64 = 0
        for savingID in initiative.savingOrder {
            guard let state = initiative.savings[savingID], state.saving.periodEnd <= decision.decidedOn.adding(years: horizon) else { continue }
            var due = share.portion(of: state.saving.amount.ore)
            if let cap { due = min(due, cap - dueSoFar) }
            guard due > 0 else { continue }
            dueSoFar += due
            var remainder = due
            for attribution in state.attributions {
                let part = min(attribution.share.portion(of: due), remainder)
                guard part > 0 else { continue }
                remainder -= part
                dues[attribution.department, default: 0] += part
            }
            if remainder > 0 { dues[state.saving.department, default: 0] += remainder }
        }
        return dues
    }
}
