import EventStore
import Foundation
import FundLedger
import Projections
import Reporting
import ReportTestSupport
import TestSupport
import Testing

/// A kommun with two departments, one fund in `currency` and one decided initiative with the indicators the
/// models read, recorded through `LedgerService` on real PostgreSQL; plus helpers that record valuation data,
/// and `report(_:_:)` (`ReportFixture`) to run a model's plugin on it.
struct EvaluationFixture: ReportFixture, Sendable {
    static let organisationID = "212000-0886"
    static let actor = "utvarderare@kommunen.se"
    static let fundID = "sif"
    static let initiativeID = "insats"

    let service: LedgerService
    let currency: Currency
    var store: any EventStore { service.store }

    func money(_ whole: Int64) -> Money { Money(ore: whole * 100, currency: currency) }

    /// The organisation, fund (capital `capital` whole units), and the initiative granted `granted`, phased
    /// over `years`, with `disbursed` paid out in the first year.
    static func start(
        on store: any EventStore, currency: Currency = .sek, capital: Int64, granted: Int64, disbursed: Int64,
        years: [Int] = [2026], indicators: [String]
    ) async throws -> EvaluationFixture {
        let fixture = EvaluationFixture(service: LedgerService(store: store), currency: currency)
        let date = day("2026-01-02")
        try await fixture.record(.registerOrganisation(id: organisationID, name: "Jönköpings kommun", kind: "kommun"), on: date)
        for code in ["SOC", "AMF"] {
            try await fixture.record(.registerDepartment(organisationID: organisationID, code: code, name: code, kind: .department), on: date)
        }
        try await fixture.record(.establishFund(fundID: fundID, organisationID: organisationID, name: "Sociala investeringsfonden",
                                                currency: currency, policy: FundPolicy()), on: date)
        try await fixture.record(.contributeCapital(fundID: fundID, amount: fixture.money(capital), source: "KF 2026/1"), on: date)
        let perYear = granted / Int64(years.count)
        let phasing = years.map { YearAmount(year: $0, amount: fixture.money(perYear)) }
        try await fixture.record(.submitApplication(fundID: fundID, application: ApplicationSubmitted(
            initiativeID: initiativeID, title: "Insatsen", departments: ["SOC", "AMF"], targetGroup: "unga vuxna 18-29",
            priorityArea: "arbete", requestedPerYear: phasing, coFinancing: fixture.money(0),
            indicators: indicators.map { Indicator(name: $0, unit: "personer", baseline: "0", target: "") })), on: date)
        try await fixture.record(.decideInvestment(fundID: fundID, initiativeID: initiativeID, body: "KS", referenceNumber: "KS 2026/2",
                                                   granted: fixture.money(granted), phasing: phasing), on: day("2026-01-20"))
        if disbursed > 0 {
            try await fixture.record(.disburse(fundID: fundID, initiativeID: initiativeID, amount: fixture.money(disbursed), department: "SOC",
                                               voucher: "V-1"), on: day("2026-02-01"))
        }
        return fixture
    }

    @discardableResult
    func record(_ command: LedgerCommand, on date: CivilDate) async throws -> UUID {
        let envelope = CommandEnvelope(command, actor: Self.actor, effectiveDate: date)
        try await service.record(envelope)
        return envelope.commandID
    }

    @discardableResult
    func record(_ command: ValuationCommand, on date: CivilDate = day("2026-03-01")) async throws -> RecordingResult {
        try await service.record(ValuationEnvelope(command, actor: Self.actor, effectiveDate: date))
    }

    func measure(_ indicator: String, _ value: String, period: String, on date: CivilDate = day("2026-12-31")) async throws {
        try await record(.measureOutcome(fundID: Self.fundID, initiativeID: Self.initiativeID, indicator: indicator, value: value, period: period), on: date)
    }

    /// Records assumptions for the initiative.
    func assume(
        deadweight: String = "0", displacement: String = "0", attribution: String = "0", dropOff: String = "0",
        discountRate: String = "0.035", optimismBias: String = "0", horizonYears: Int = 1, targetGroupSize: Int? = nil
    ) async throws {
        try await record(.recordAssumptions(fundID: Self.fundID, EvaluationAssumptionsRecorded(
            initiativeID: Self.initiativeID, deadweight: rate(deadweight), displacement: rate(displacement), attribution: rate(attribution),
            dropOff: rate(dropOff), discountRate: rate(discountRate), optimismBias: rate(optimismBias), horizonYears: horizonYears,
            targetGroupSize: targetGroupSize, source: "utvärderingsplan KS 2026/2")))
    }
}
