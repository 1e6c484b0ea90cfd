import CostBenefit
import EventStore
import FundLedger
import OutcomePayments
import Projections
import Reporting
import SROI
import SocioEconomic
import TestSupport
import Testing

/// Each model run through `ReportHost` on real PostgreSQL, from valuation data and outcomes recorded
/// through `LedgerService`: the worked examples of domain.md come out of the ledger, not out of constants.
@Suite struct EndToEndReportTests {
    /// The SROI example (public-value crate doctest, illustrative): inputs 250 000 kr, 60 people at a proxy of
    /// 8 500 kr, deadweight 40 %, attribution 30 %, drop-off 30 %, 3.5 %, two years → PV 359 070, ratio 1.436.
    static func sroiLedger(_ db: TestDatabase) async throws -> EvaluationFixture {
        let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 250_000, disbursed: 250_000, indicators: ["employment"])
        try await fixture.record(.recordFinancialProxy(organisationID: EvaluationFixture.organisationID, FinancialProxyRecorded(
            outcomeID: "employment", description: "a person in work instead of on benefits", unit: "person", value: .sek(850_000),
            source: "public-value crate doctest (illustrative)", priceYear: 2026)))
        try await fixture.assume(deadweight: "0.4", attribution: "0.3", dropOff: "0.3", discountRate: "0.035", horizonYears: 2)
        try await fixture.measure("employment", "60 personer", period: "2026")
        return fixture
    }

    @Test func sroiFromTheLedger() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.sroiLedger(db)
            let document = try await fixture.report(SROIPlugin(), ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID])
            #expect(document.figure("Inputs (disbursed + co-financing)") == .money(ore: 25_000_000, currency: "SEK"))
            #expect(document.figure("Present value of impact") == .money(ore: 35_906_957, currency: "SEK"))  // 359 070 kr to the krona
            #expect(document.figure("SROI ratio") == .decimal("1.436"))
            #expect(document.figure("Payback year") == .text("2027"))
            #expect(document.table("impact")?.rows.count == 2)
            #expect(document.table("sensitivity")?.rows.count == 5)
            #expect(document.source.position == (try await db.store.head().position))
            #expect(document.parameters.contains(ParameterValue(name: "discounting", value: "first-year-undiscounted")))
        }
    }

    @Test("SROI refuses a base year after the first measured year, or out of range, and a step that is not a step")
    func sroiParametersThatMakeNoSense() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.sroiLedger(db)
            var parameters = ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID]
            for (name, value, mention) in [("base-year", "9999", "after the first measured year"), ("base-year", "0", "out of range"),
                                           ("sensitivity-step", "-0.1", "out of range"), ("sensitivity-step", "0", "out of range")] {
                parameters[name] = value
                do {
                    _ = try await fixture.report(SROIPlugin(), parameters)
                    Issue.record("\(name)=\(value) was accepted")
                } catch {
                    #expect("\(error)".contains(mention), "\(name)=\(value): \(error)")
                }
                parameters[name] = nil
            }
            parameters["base-year"] = "2000"
            #expect(try await fixture.report(SROIPlugin(), parameters).figure("SROI ratio") != nil, "a base year before the flows is taken")
        }
    }

    @Test func aReportMadeAgainAtItsPositionUsesTheProxyThatAppliedThen() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.sroiLedger(db)
            let parameters = ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID]
            let first = try await fixture.report(SROIPlugin(), parameters)
            // A year later the catalogue is revised: the same outcome is now worth 10 000 kr.
            try await fixture.record(.recordFinancialProxy(organisationID: EvaluationFixture.organisationID, FinancialProxyRecorded(
                outcomeID: "employment", description: "a person in work instead of on benefits", unit: "person", value: .sek(1_000_000),
                source: "revised catalogue 2027", priceYear: 2027)), on: day("2027-03-01"))
            let now = try await fixture.report(SROIPlugin(), parameters)
            #expect(now.figure("Present value of impact") != first.figure("Present value of impact"))
            let then = try await fixture.report(SROIPlugin(), parameters, bounds: ReplayBounds(throughPosition: first.source.position))
            #expect(then.figure("Present value of impact") == .money(ore: 35_906_957, currency: "SEK"))
            #expect(then == first)
        }
    }

    @Test func upratingUsesTheRecordedIndex() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.sroiLedger(db)
            var parameters = ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID, "price-year": "2027"]
            await #expect(throws: ReportError.self) { try await fixture.report(SROIPlugin(), parameters) }
            try await fixture.record(.recordPriceIndex(organisationID: EvaluationFixture.organisationID, PriceIndexRecorded(
                indexID: "kpi", points: [IndexPoint(year: 2026, level: rate("400")), IndexPoint(year: 2027, level: rate("410"))],
                source: "SCB KPI (illustrative levels)")))
            let document = try await fixture.report(SROIPlugin(), parameters)
            // 8 500 × 410 / 400 = 8 712,50 kr per person.
            #expect(document.table("impact")?.rows.first?[5] == .money(ore: 871_250, currency: "SEK"))
            parameters["price-year"] = nil
            #expect(try await fixture.report(SROIPlugin(), parameters).table("impact")?.rows.first?[5] == .money(ore: 850_000, currency: "SEK"))
        }
    }

    /// Greater Manchester unit cost database example: £2 470 split over five agencies, 100 incidents avoided,
    /// cost £150 000 → fiscal ROI 1.65.
    static func costBenefitLedger(_ db: TestDatabase) async throws -> EvaluationFixture {
        let fixture = try await EvaluationFixture.start(
            on: db.store, currency: .gbp, capital: 500_000, granted: 150_000, disbursed: 150_000, indicators: ["domestic-violence-incident"])
        let split = [("nhs", 1_171), ("criminal-justice", 581), ("police", 415), ("childrens-services", 193), ("housing", 110)]
            .map { CostShare(actor: $0.0, amount: fixture.money(Int64($0.1))) }
        try await fixture.record(.recordUnitCost(organisationID: EvaluationFixture.organisationID, UnitCostRecorded(
            outcomeID: "domestic-violence-incident", description: "one incident of domestic violence", unit: "incident", kind: .fiscal,
            cost: fixture.money(2_470), split: split, source: "Greater Manchester unit cost database", priceYear: 2026)))
        try await fixture.assume()
        try await fixture.measure("domestic-violence-incident", "100", period: "2026")
        return fixture
    }

    @Test func costBenefitFromTheLedger() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.costBenefitLedger(db)
            let document = try await fixture.report(CostBenefitPlugin(), ["fund": EvaluationFixture.fundID])
            #expect(document.figure("Fiscal benefits") == .money(ore: 24_700_000, currency: "GBP"))
            #expect(document.figure("Fiscal return") == .decimal("1.65"))
            #expect(document.figure("Payback year (fiscal)") == .text("2026"))
            #expect(document.table("agencies")?.rows.first?.first == .text("nhs"))
        }
    }

    /// Derived from a published Jönköping calculation (Nilsson & Wadeskog): 9 MSEK a year for 160 people
    /// whose exclusion costs 70 MSEK a year → break-even at 12.9 %. The actor split is illustrative.
    static func socioEconomicLedger(_ db: TestDatabase) async throws -> EvaluationFixture {
        let fixture = try await EvaluationFixture.start(
            on: db.store, capital: 10_000_000, granted: 9_000_000, disbursed: 4_500_000, indicators: ["utanforskap"])
        let split = [("kommun", 150_000), ("region", 40_000), ("stat", 60_000), ("forsakringskassan", 90_000),
                     ("arbetsformedlingen", 30_000), ("rattsvasendet", 27_500), ("individen", 40_000)]
            .map { CostShare(actor: $0.0, amount: fixture.money(Int64($0.1))) }
        try await fixture.record(.recordUnitCost(organisationID: EvaluationFixture.organisationID, UnitCostRecorded(
            outcomeID: "utanforskap", description: "one young adult's exclusion for a year", unit: "person-year", kind: .fiscal,
            cost: fixture.money(437_500), split: split, source: "Nilsson & Wadeskog, Jönköping (derived; split illustrative)", priceYear: 2026)))
        try await fixture.assume(targetGroupSize: 160)
        try await fixture.measure("utanforskap", "25", period: "2026")
        return fixture
    }

    @Test func socioEconomicFromTheLedger() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.socioEconomicLedger(db)
            let document = try await fixture.report(SocioEconomicPlugin(), ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID])
            #expect(document.figure("Target group's cost of exclusion per year") == .money(ore: 7_000_000_000, currency: "SEK"))
            #expect(document.figure("Break-even share") == .percent("0.129"))
            #expect(document.figure("Costs avoided over 5 years") == .money(ore: 5_468_750_000, currency: "SEK"))
            // Notes read as a finance officer writes amounts, never as Swift values (issue 11).
            #expect(!document.notes.contains { $0.contains("money(") || $0.contains("ore:") }, "\(document.notes)")
            #expect(document.notes.contains { $0.contains("Investment = granted + co-financing (") && $0.contains(" kr)") }, "\(document.notes)")
            let oneYear = try await fixture.report(SocioEconomicPlugin(), ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID, "horizon-years": "1"])
            #expect(oneYear.figure("Costs avoided over 1 year") == .money(ore: 1_093_750_000, currency: "SEK"))
        }
    }

    /// Peterborough cohort 1: (155 − 142) / 155 = 8.39 % < 10 % → no payment; a later cohort above the
    /// threshold (illustrative figures) is paid, up to the cap.
    static func outcomePaymentsLedger(_ db: TestDatabase) async throws -> EvaluationFixture {
        let fixture = try await EvaluationFixture.start(
            on: db.store, capital: 1_000_000, granted: 500_000, disbursed: 0, indicators: ["reconvictions", "reconvictions-comparison"])
        try await fixture.record(.agreeOutcomeContract(fundID: EvaluationFixture.fundID, OutcomeContractAgreed(
            contractID: "sib-1", initiativeID: EvaluationFixture.initiativeID, treatedIndicator: "reconvictions",
            comparisonIndicator: "reconvictions-comparison", threshold: rate("0.10"), paymentPerOutcome: fixture.money(10_000),
            cap: fixture.money(150_000), source: "SIB agreement KS 2026/9")))
        try await fixture.measure("reconvictions", "142", period: "cohort 1 (2026)")
        try await fixture.measure("reconvictions-comparison", "155", period: "cohort 1 (2026)")
        try await fixture.measure("reconvictions", "120", period: "cohort 2 (2027)", on: day("2027-12-31"))
        try await fixture.measure("reconvictions-comparison", "150", period: "cohort 2 (2027)", on: day("2027-12-31"))
        return fixture
    }

    @Test func outcomePaymentsFromTheLedger() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await Self.outcomePaymentsLedger(db)
            let document = try await fixture.report(OutcomePaymentsPlugin(), ["fund": EvaluationFixture.fundID])
            let rows = try #require(document.table("payments")?.rows)
            #expect(rows.count == 2)
            #expect(rows[0][4] == .percent("0.083870968"))  // 8.39 %
            #expect(rows[0][6] == .text("no") && rows[0][9] == .money(ore: 0, currency: "SEK"))
            // Cohort 2: 30 fewer (20 %) × 10 000 = 300 000, capped at 150 000.
            #expect(rows[1][8] == .money(ore: 30_000_000, currency: "SEK") && rows[1][9] == .money(ore: 15_000_000, currency: "SEK"))
            #expect(document.figure("Due in total") == .money(ore: 15_000_000, currency: "SEK"))
        }
    }

    @Test func aModelWithoutItsDataSaysWhatToRecord() async throws {
        try await TestDatabase.withMigrated { db in
            let fixture = try await EvaluationFixture.start(on: db.store, capital: 1_000_000, granted: 250_000, disbursed: 250_000, indicators: ["employment"])
            try await fixture.measure("employment", "60", period: "2026")
            do {
                _ = try await fixture.report(SROIPlugin(), ["fund": EvaluationFixture.fundID])
                Issue.record("a report without proxies was made")
            } catch let error as ReportError {
                #expect("\(error)".contains("financial proxy"), "\(error)")
            }
        }
    }
}
