import EventStore
import Foundation
import FundLedger
import Projections
import Reporting
import ReportTestSupport
import TestSupport
import Testing

/// Whole kronor as a report value.
func sek(_ kronor: Int64) -> ReportValue { .money(ore: kronor * 100, currency: "SEK") }

/// Tomelilla kommun with BUN, SOC and FK and one fund, recorded through `LedgerService` (a small copy of
/// `Tests/FundLedgerTests/LedgerFixture.swift`). Helpers return the command id, which a reversal names;
/// `report(_:_:)` (`ReportFixture`) runs a plugin on it.
struct CoreFixture: ReportFixture, Sendable {
    static let organisationID = "212000-1124"
    static let fundID = "sif-barn"
    static let actor = "controller@tomelilla.se"

    let service: LedgerService
    var store: any EventStore { service.store }

    static func start(on store: any EventStore, policy: FundPolicy = FundPolicy(), capital: Money, on date: CivilDate) async throws -> CoreFixture {
        let fixture = CoreFixture(service: LedgerService(store: store))
        try await fixture.record(.registerOrganisation(id: organisationID, name: "Tomelilla kommun", kind: "kommun"), on: date)
        for (code, name, kind) in [("BUN", "Barn- och utbildningsförvaltningen", DepartmentKind.department),
                                   ("SOC", "Socialförvaltningen", .department), ("FK", "Försäkringskassan", .externalActor)] {
            try await fixture.record(.registerDepartment(organisationID: organisationID, code: code, name: name, kind: kind), on: date)
        }
        try await fixture.record(
            .establishFund(fundID: fundID, organisationID: organisationID, name: "Social investeringsfond", currency: .sek, policy: policy),
            on: date)
        try await fixture.record(.contributeCapital(fundID: fundID, amount: capital, source: "KF 2025/12"), on: date)
        return fixture
    }

    @discardableResult
    func record(_ command: LedgerCommand, on date: CivilDate, reason: String? = nil, decisionReference: String? = nil) async throws -> UUID {
        let envelope = CommandEnvelope(command, actor: Self.actor, reason: reason, decisionReference: decisionReference, effectiveDate: date)
        try await service.record(envelope)
        return envelope.commandID
    }

    /// Submits an application by BUN and SOC (expecting 300 000 kr saved in SOC in 2027; indicator
    /// placeringar from 12 to 8) and grants `granted`, both effective `date`.
    func grant(_ initiativeID: String, _ granted: Money, on date: CivilDate, terms: RepaymentModel? = nil) async throws {
        let application = ApplicationSubmitted(
            initiativeID: initiativeID, title: "Tidiga insatser \(initiativeID)", departments: ["BUN", "SOC"], targetGroup: "barn och unga 0-18",
            priorityArea: "måluppfyllelse i skolan", requestedPerYear: [YearAmount(year: date.year, amount: granted)], coFinancing: kr(240_000),
            expectedSavings: [ExpectedSaving(department: "SOC", year: 2027, amount: kr(300_000))],
            indicators: [Indicator(name: "placeringar", unit: "antal", baseline: "12", target: "8")])
        try await record(.submitApplication(fundID: Self.fundID, application: application), on: date)
        try await record(
            .decideInvestment(fundID: Self.fundID, initiativeID: initiativeID, body: "Kommunstyrelsen", referenceNumber: "KS 2025/\(initiativeID)",
                              granted: granted, phasing: [], repaymentTerms: terms),
            on: date)
    }

    @discardableResult
    func disburse(_ initiativeID: String, _ amount: Money, to department: String = "BUN", on date: CivilDate) async throws -> UUID {
        try await record(.disburse(fundID: Self.fundID, initiativeID: initiativeID, amount: amount, department: department, voucher: "V\(date)"), on: date)
    }

    @discardableResult
    func realiseSaving(_ savingID: String, _ initiativeID: String, in department: String, _ amount: Money, year: Int, on date: CivilDate) async throws -> UUID {
        try await record(.realiseSaving(fundID: Self.fundID, saving: SavingRealised(
            savingID: savingID, initiativeID: initiativeID, department: department, amount: amount, periodStart: day("\(year)-01-01"),
            periodEnd: day("\(year)-12-31"), evidence: "uppföljning \(year)", cashable: true)), on: date)
    }

    @discardableResult
    func repay(_ initiativeID: String, by department: String, _ amount: Money, on date: CivilDate) async throws -> UUID {
        try await record(.receiveRepayment(fundID: Self.fundID, initiativeID: initiativeID, department: department, amount: amount, method: .cash), on: date)
    }
}
