import EventStore
import Foundation
import FundLedger

/// A fund over three fiscal years, recorded through the rules, whose trial balances are worked out by
/// hand below: the year-end closing of result accounts (disbursements, accrued repayments) into the
/// fund's capital, as a revisor checks it.
///
///     2024  contribute 10 000 000; disburse 600 000                  result 600 000 (a cost)
///     2025  disburse 900 000; SOC saves 400 000, owes 50 % = 200 000; SOC repays 150 000
///                                                                    result 900 000 − 200 000 = 700 000
///     2026  SOC repays 50 000; contribute 1 000 000                  result 0
public enum ThreeYearLedger {
    public static let fundID = "tre-ar"

    /// Each year's expected trial balance (öre, debit positive): opening, debit, credit per account.
    public static let expected: [Int: [Account: AccountYear]] = [
        2024: [
            .fundCash: AccountYear(opening: 0, debit: 1_000_000_000, credit: 60_000_000),
            .fundCapital: AccountYear(opening: 0, debit: 0, credit: 1_000_000_000),
            .disbursements: AccountYear(opening: 0, debit: 60_000_000, credit: 0),
            .repaymentReceivable: AccountYear(),
            .accruedRepayments: AccountYear(),
        ],
        2025: [
            .fundCash: AccountYear(opening: 940_000_000, debit: 15_000_000, credit: 90_000_000),
            // −10 000 000 contributed + 600 000 of 2024's result.
            .fundCapital: AccountYear(opening: -940_000_000, debit: 0, credit: 0),
            .disbursements: AccountYear(opening: 0, debit: 90_000_000, credit: 0),
            .repaymentReceivable: AccountYear(opening: 0, debit: 20_000_000, credit: 15_000_000),
            .accruedRepayments: AccountYear(opening: 0, debit: 0, credit: 20_000_000),
        ],
        2026: [
            .fundCash: AccountYear(opening: 865_000_000, debit: 105_000_000, credit: 0),
            // −9 400 000 + 700 000 of 2025's result.
            .fundCapital: AccountYear(opening: -870_000_000, debit: 0, credit: 100_000_000),
            .disbursements: AccountYear(),
            .repaymentReceivable: AccountYear(opening: 5_000_000, debit: 0, credit: 5_000_000),
            .accruedRepayments: AccountYear(),
        ],
    ]

    /// Records the history on `store`.
    public static func record(on store: any EventStore) async throws {
        let service = LedgerService(store: store)
        let organisation = "212000-1124"
        func record(_ command: LedgerCommand, _ date: String) async throws {
            try await service.record(CommandEnvelope(command, actor: "ekonomi@tomelilla.se", effectiveDate: CivilDate(date)!))
        }
        func kr(_ kronor: Int64) -> Money { Money(kronor: kronor, currency: .sek) }
        let policy = FundPolicy(repaymentModel: .shareOfSavings(share: Rate("50%")!, cap: .disbursed, horizonYears: 10))
        try await record(.registerOrganisation(id: organisation, name: "Tomelilla kommun", kind: "kommun"), "2024-01-02")
        for code in ["BUN", "SOC"] {
            try await record(.registerDepartment(organisationID: organisation, code: code, name: code, kind: .department), "2024-01-02")
        }
        try await record(.establishFund(fundID: fundID, organisationID: organisation, name: "Tre år", currency: .sek, policy: policy), "2024-01-02")
        try await record(.contributeCapital(fundID: fundID, amount: kr(10_000_000), source: "KF 2023/99"), "2024-01-02")
        let application = ApplicationSubmitted(
            initiativeID: "stod", title: "Tidigt stöd", departments: ["BUN", "SOC"], partners: [], targetGroup: "barn",
            priorityArea: "skola", requestedPerYear: [YearAmount(year: 2024, amount: kr(1_500_000))], coFinancing: kr(0),
            expectedSavings: [], indicators: [])
        try await record(.submitApplication(fundID: fundID, application: application), "2024-01-10")
        try await record(
            .decideInvestment(fundID: fundID, initiativeID: "stod", body: "KS", referenceNumber: "KS 2024/1", granted: kr(1_500_000), phasing: []),
            "2024-01-15")
        try await record(.disburse(fundID: fundID, initiativeID: "stod", amount: kr(600_000), department: "BUN", voucher: "V-1"), "2024-03-01")
        try await record(.disburse(fundID: fundID, initiativeID: "stod", amount: kr(900_000), department: "BUN", voucher: "V-2"), "2025-02-01")
        let saving = SavingRealised(
            savingID: "stod/SOC/2025", initiativeID: "stod", department: "SOC", amount: kr(400_000),
            periodStart: CivilDate("2025-01-01")!, periodEnd: CivilDate("2025-06-30")!, evidence: "färre placeringar", cashable: true)
        try await record(.realiseSaving(fundID: fundID, saving: saving), "2025-06-30")
        try await record(.receiveRepayment(fundID: fundID, initiativeID: "stod", department: "SOC", amount: kr(150_000), method: .cash), "2025-09-01")
        try await record(.receiveRepayment(fundID: fundID, initiativeID: "stod", department: "SOC", amount: kr(50_000), method: .cash), "2026-03-01")
        try await record(.contributeCapital(fundID: fundID, amount: kr(1_000_000), source: "KF 2026/4"), "2026-04-01")
    }
}
