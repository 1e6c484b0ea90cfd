import FundLedger
import TestSupport
import Testing

/// `RepaymentBalance`: the one definition of an outstanding obligation.
@Suite("Repayment balance")
struct RepaymentBalanceTests {
    static func kr(_ amount: Int64) -> Money { Money(ore: amount * 100, currency: .sek) }

    @Test("outstanding is due − repaid − waived, never below zero; the rest is an excess")
    func department() {
        let owing = RepaymentBalance(due: Self.kr(300), repaid: Self.kr(150), waived: Self.kr(50))
        #expect(owing.outstanding == Self.kr(100))
        #expect(owing.excess == Self.kr(0))
        #expect(owing.net == Self.kr(100))
        let overpaid = RepaymentBalance(due: Self.kr(100), repaid: Self.kr(120), waived: Self.kr(30))
        #expect(overpaid.outstanding == Self.kr(0))
        #expect(overpaid.excess == Self.kr(50))
        #expect(overpaid.net == Self.kr(-50))
    }

    @Test("an initiative sums its departments: one's credit does not reduce what another owes")
    func initiative() {
        let total = RepaymentBalance(summing: [
            RepaymentBalance(due: Self.kr(300), repaid: Self.kr(200), waived: Self.kr(0)),
            RepaymentBalance(due: Self.kr(100), repaid: Self.kr(150), waived: Self.kr(0)),
        ], currency: .sek)
        #expect(total.due == Self.kr(400))
        #expect(total.repaid == Self.kr(350))
        #expect(total.outstanding == Self.kr(100))
        #expect(total.excess == Self.kr(50))
        #expect(total.net == Self.kr(50))
        #expect(RepaymentBalance(summing: [], currency: .sek).outstanding == Self.kr(0))
    }

    @Test("a department position uses the same definition")
    func position() {
        let position = DepartmentRepaymentPosition(department: "SOC", due: Self.kr(10), repaid: Self.kr(12), waived: Self.kr(0))
        #expect(position.outstanding == Self.kr(0))
        #expect(position.excess == Self.kr(2))
        #expect(position.balance == RepaymentBalance(due: Self.kr(10), repaid: Self.kr(12), waived: Self.kr(0)))
    }
}
