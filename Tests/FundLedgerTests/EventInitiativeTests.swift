import EventStore
import FundLedger
import Testing
import TestSupport

/// The one definition of which initiative an event belongs to, shared by the books and the audit trail.
@Suite("An event's initiative")
struct EventInitiativeTests {
    @Test func namedAttributedAndNone() {
        let repayment = LedgerEvent.repaymentReceived(RepaymentReceived(
            initiativeID: "i1", department: "SOC", amount: .sek(100), method: .cash))
        #expect(repayment.namedInitiativeID == "i1")
        #expect(repayment.initiativeID(savingOwners: { _ in "other" }) == "i1")
        #expect(!repayment.changesRepaymentDues, "a repayment settles dues without changing them")

        let attribution = LedgerEvent.savingAttributed(SavingAttributed(savingID: "s1", department: "FK", share: rate("0.4")))
        #expect(attribution.namedInitiativeID == nil)
        #expect(attribution.initiativeID(savingOwners: { $0 == "s1" ? "i2" : nil }) == "i2")
        #expect(attribution.changesRepaymentDues)

        let capital = LedgerEvent.capitalContributed(CapitalContributed(amount: .sek(100), source: "KF"))
        #expect(capital.initiativeID(savingOwners: { _ in "i3" }) == nil)
        #expect(!capital.changesRepaymentDues)
    }
}
