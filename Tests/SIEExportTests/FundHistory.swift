import EventStore
import Foundation
import FundLedger

/// A small fund's history recorded through `LedgerService`, every rule checked: Tomelilla kommun, three
/// departments (one with å, ä and ö in its code and name), a contribution, a decision, disbursements to two
/// departments (one in öre), a saving in social services, its repayment, a reversal of one disbursement,
/// and a disbursement in the next year that a 2025 export must leave out.
struct FundHistory {
    static let organisationID = "212000-1124"
    static let fundID = "sif-barn"
    /// A fund name with a quote and an en dash, which SIE must escape and code page 437 lacks.
    static let fundName = "Fond för barn & unga \"0–18\""
    static let preschoolCode = "FÖR"
    static let preschoolName = "Förskoleförvaltningen Åby-Ängö"
    static let initiativeID = "tidiga-insatser"
    static let initiativeTitle = "Tidiga insatser i förskolan, Åby"

    let service: LedgerService
    /// The command id of the reversed disbursement.
    var reversedDisbursement = UUID()

    static func date(_ text: String) -> CivilDate {
        guard let date = CivilDate(text) else { preconditionFailure("not a date: \(text)") }
        return date
    }

    static func kronor(_ amount: Int64, ore: Int64 = 0) -> Money { Money(kronor: amount, ore: ore, currency: .sek) }

    @discardableResult
    func record(_ command: LedgerCommand, on day: String) async throws -> UUID {
        let envelope = CommandEnvelope(command, actor: "ekonom@tomelilla.se", effectiveDate: Self.date(day))
        try await service.record(envelope)
        return envelope.commandID
    }

    static func record(on store: any EventStore) async throws -> FundHistory {
        var history = FundHistory(service: LedgerService(store: store))
        let fund = fundID
        try await history.record(.registerOrganisation(id: organisationID, name: "Tomelilla kommun", kind: "kommun"), on: "2025-01-02")
        for (code, name) in [("BUN", "Barn- och utbildningsförvaltningen"), ("SOC", "Socialförvaltningen"), (preschoolCode, preschoolName)] {
            try await history.record(.registerDepartment(organisationID: organisationID, code: code, name: name, kind: .department), on: "2025-01-02")
        }
        let policy = FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5))
        try await history.record(
            .establishFund(fundID: fund, organisationID: organisationID, name: fundName, currency: .sek, policy: policy), on: "2025-01-02")
        try await history.record(.contributeCapital(fundID: fund, amount: kronor(10_000_000), source: "KF 2024/12"), on: "2025-01-02")
        let application = ApplicationSubmitted(
            initiativeID: initiativeID, title: initiativeTitle, departments: ["BUN", preschoolCode], targetGroup: "barn 0-6",
            priorityArea: "förebygga placeringar", requestedPerYear: [YearAmount(year: 2025, amount: kronor(3_000_000))],
            coFinancing: kronor(0))
        try await history.record(.submitApplication(fundID: fund, application: application), on: "2025-02-01")
        try await history.record(
            .decideInvestment(fundID: fund, initiativeID: initiativeID, body: "Kommunstyrelsen", referenceNumber: "KS 2025/17",
                              granted: kronor(3_000_000), phasing: []),
            on: "2025-02-01")
        try await history.record(
            .disburse(fundID: fund, initiativeID: initiativeID, amount: kronor(1_000_000), department: "BUN", voucher: "V-101"), on: "2025-03-01")
        history.reversedDisbursement = try await history.record(
            .disburse(fundID: fund, initiativeID: initiativeID, amount: kronor(500_000, ore: 50), department: preschoolCode, voucher: "V-102"),
            on: "2025-04-01")
        let saving = SavingRealised(
            savingID: "soc-2025", initiativeID: initiativeID, department: "SOC", amount: kronor(400_000),
            periodStart: date("2025-01-01"), periodEnd: date("2025-09-30"), evidence: "färre placeringar", cashable: true)
        try await history.record(.realiseSaving(fundID: fund, saving: saving), on: "2025-09-30")
        try await history.record(
            .receiveRepayment(fundID: fund, initiativeID: initiativeID, department: "SOC", amount: kronor(250_000), method: .cash),
            on: "2025-11-15")
        try await history.record(.reverse(fundID: fund, eventID: history.reversedDisbursement), on: "2025-12-01")
        try await history.record(
            .disburse(fundID: fund, initiativeID: initiativeID, amount: kronor(100_000), department: "BUN", voucher: "V-201"), on: "2026-02-01")
        return history
    }

    func books() async throws -> Books { Books(events: try await service.loadEvents()) }
}
