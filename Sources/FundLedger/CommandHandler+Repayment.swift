import EventStore
import Foundation

/// Savings and the repayments they make due: realising and attributing savings, receiving and waiving repayments.
extension CommandHandler {
    func realiseSaving(fundID: String, saving: SavingRealised, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, organisation) = try requireFund(fundID, state, date)
        _ = try requireInitiative(saving.initiativeID, fund, status: [.decided, .closed])
        guard fund.initiative(ofSaving: saving.savingID) == nil else {
            throw LedgerRuleError(.uniqueSaving, "saving \(saving.savingID) is already recorded")
        }
        try requireIdentifier(saving.savingID, "saving id")
        try requireDepartment(saving.department, organisation)
        try requirePositive(saving.amount, fund, "saving")
        guard saving.periodStart <= saving.periodEnd else {
            throw LedgerRuleError(.savingPeriod, "the saving's period ends (\(saving.periodEnd)) before it starts (\(saving.periodStart))")
        }
        return [.savingRealised(saving)]
    }

    func attributeSaving(fundID: String, savingID: String, department: String, share: Rate, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, organisation) = try requireFund(fundID, state, date)
        guard let initiative = fund.initiative(ofSaving: savingID), let saving = initiative.savings[savingID] else {
            throw LedgerRuleError(.unknownSaving, "saving \(savingID) is not recorded in fund \(fundID)")
        }
        try requireDepartment(department, organisation)
        guard department != saving.saving.department else {
            throw LedgerRuleError(.attributionToSelf, "saving \(savingID) already arose in \(department); attribute it to another department")
        }
        guard share > .zero, share <= .one else { throw LedgerRuleError(.attributionShare, "a share is more than 0 % and at most 100 %, not \(share)") }
        let attributed = saving.attributions.reduce(Rate.zero) { (try? $0 + $1.share) ?? .one }
        guard let total = try? attributed + share, total <= .one else {
            throw LedgerRuleError(.attributionOver100,
                "saving \(savingID) already has \(attributed) attributed; another \(share) would exceed 100 %")
        }
        return [.savingAttributed(.init(savingID: savingID, department: department, share: share))]
    }

    func receiveRepayment(fundID: String, initiativeID: String, department: String, amount: Money, method: RepaymentMethod, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, organisation) = try requireFund(fundID, state, date)
        let initiative = try requireInitiative(initiativeID, fund, status: [.decided, .closed, .revoked])
        try requirePositive(amount, fund, "repayment")
        try requireDepartment(department, organisation)
        let position = RepaymentSchedule.positions(for: initiative).first { $0.department == department }
        guard let position, position.due.ore > 0 else {
            throw LedgerRuleError(.repaymentWithoutObligation,
                "\(department) owes nothing on \(initiativeID): a repayment needs a realised saving (within the horizon) or a planned instalment")
        }
        guard amount.ore <= position.outstanding.ore else {
            throw LedgerRuleError(.overRepayment,
                "\(department) owes \(position.outstanding) on \(initiativeID) (due \(position.due), repaid \(position.repaid), waived \(position.waived)); \(amount) is more")
        }
        return [.repaymentReceived(.init(initiativeID: initiativeID, department: department, amount: amount, method: method))]
    }

    func waiveRepayment(fundID: String, initiativeID: String, department: String, amount: Money, referenceNumber reference: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        let initiative = try requireInitiative(initiativeID, fund, status: [.decided, .closed, .revoked])
        try requirePositive(amount, fund, "waiver")
        try requireText(reference, "decision reference")
        let outstanding = RepaymentSchedule.positions(for: initiative).first { $0.department == department }?.outstanding.ore ?? 0
        guard amount.ore <= outstanding else {
            throw LedgerRuleError(.overWaiver, "\(department) owes \(Money(ore: outstanding, currency: fund.currency)) on \(initiativeID); cannot waive \(amount)")
        }
        return [.repaymentWaived(.init(initiativeID: initiativeID, department: department, amount: amount, referenceNumber: reference))]
    }
}
