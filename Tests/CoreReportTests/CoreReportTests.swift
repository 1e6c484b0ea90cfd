import AuditTrail
import EventStore
import Foundation
import FundLedger
import FundStatement
import Portfolio
import Projections
import Reporting
import Repayments
import SavingsFlows
import TestSupport
import Testing

@Suite struct CoreReportTests {
    // MARK: fund-statement (domain.md model 1)

    /// domain.md's example spread over two years: capital 40 MSEK (2025); i1 granted 12 and 6 disbursed in 2025;
    /// i2 granted 8 in 2026, then 2 more to i1 and 2 to i2.
    /// 2025: opening 0 + 40 − 6 = 34 closing; committed 12 − 6 = 6; uncommitted 34 − 6 = 28.
    /// 2026: opening 34 − (2 + 2) = 30 closing; committed (12 − 8) + (8 − 2) = 10; uncommitted 30 − 10 = 20.
    static func statementLedger(_ store: any EventStore) async throws -> CoreFixture {
        let fixture = try await CoreFixture.start(on: store, capital: kr(40_000_000), on: day("2025-01-02"))
        try await fixture.grant("i1", kr(12_000_000), on: day("2025-02-01"))
        try await fixture.disburse("i1", kr(6_000_000), on: day("2025-03-01"))
        try await fixture.grant("i2", kr(8_000_000), on: day("2026-02-01"))
        try await fixture.disburse("i1", kr(2_000_000), on: day("2026-03-01"))
        try await fixture.disburse("i2", kr(2_000_000), to: "SOC", on: day("2026-04-01"))
        return fixture
    }

    @Test(arguments: StoreKind.allCases) func fundStatementOverTwoYears(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let fixture = try await Self.statementLedger(store)
            let document = try await fixture.report(FundStatementPlugin(), ["fund": CoreFixture.fundID])
            #expect(document.figure("Opening balance") == sek(34_000_000))
            #expect(document.figure("Disbursements") == sek(4_000_000))
            #expect(document.figure("Closing balance") == sek(30_000_000))
            #expect(document.figure("Committed") == sek(10_000_000))
            #expect(document.figure("Uncommitted") == sek(20_000_000))
            let rows = try #require(document.table("statement")?.rows)
            #expect(rows == [
                [.text("2025"), sek(0), sek(40_000_000), sek(0), sek(6_000_000), sek(0), sek(34_000_000), sek(6_000_000), sek(28_000_000)],
                [.text("2026"), sek(34_000_000), sek(0), sek(0), sek(4_000_000), sek(0), sek(30_000_000), sek(10_000_000), sek(20_000_000)],
            ])
            guard case .line(let chart) = try #require(document.charts.first) else { Issue.record("expected a line chart"); return }
            #expect(chart.title == "Fund balance over time")
            // 40 in; −6 → 34; −2 → 32; −2 → 30 (MSEK).
            #expect(chart.series.first?.points == [
                LinePoint(date: "2025-01-02", ore: 4_000_000_000), LinePoint(date: "2025-03-01", ore: 3_400_000_000),
                LinePoint(date: "2026-03-01", ore: 3_200_000_000), LinePoint(date: "2026-04-01", ore: 3_000_000_000),
            ])
            // The selected year's key figures.
            let earlier = try await fixture.report(FundStatementPlugin(), ["fund": CoreFixture.fundID, "year": "2025"])
            #expect(earlier.figure("Closing balance") == sek(34_000_000))
            #expect(earlier.figure("Committed") == sek(6_000_000))
            #expect(earlier.figure("Uncommitted") == sek(28_000_000))
            // Reproducible: the same request gives the same document.
            #expect(try await fixture.report(FundStatementPlugin(), ["fund": CoreFixture.fundID]) == document)
        }
    }

    @Test func fundStatementTimeTravelGivesTheEarlierYear() async throws {
        let fixture = try await Self.statementLedger(InMemoryEventStore())
        let document = try await fixture.report(
            FundStatementPlugin(), ["fund": CoreFixture.fundID], bounds: ReplayBounds(effectiveThrough: day("2025-12-31")))
        #expect(document.table("statement")?.rows.count == 1)
        #expect(document.figure("Closing balance") == sek(34_000_000))
        #expect(document.figure("Committed") == sek(6_000_000))
        #expect(document.figure("Uncommitted") == sek(28_000_000))
        #expect(document.source.effectiveThrough == "2025-12-31")
    }

    /// A withdrawal, a repayment and a reversed disbursement: capital 10 000 000; withdraw 1 000 000; i1 granted
    /// 5 000 000 (100 % of savings, cap disbursed); disburse 2 000 000 and 500 000, the latter reversed in 2025;
    /// SOC saves 800 000 → repays 300 000.
    /// 2025: 10 000 000 − 1 000 000 − (2 500 000 − 500 000) + 300 000 = 7 300 000; committed 5 000 000 − 2 000 000 = 3 000 000.
    @Test func fundStatementNetsReversalsAndCountsRepayments() async throws {
        let policy = FundPolicy(repaymentModel: .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5))
        let fixture = try await CoreFixture.start(on: InMemoryEventStore(), policy: policy, capital: kr(10_000_000), on: day("2025-01-02"))
        try await fixture.record(.withdrawCapital(fundID: CoreFixture.fundID, amount: kr(1_000_000)), on: day("2025-01-15"))
        try await fixture.grant("i1", kr(5_000_000), on: day("2025-02-01"))
        try await fixture.disburse("i1", kr(2_000_000), on: day("2025-03-01"))
        let wrong = try await fixture.disburse("i1", kr(500_000), on: day("2025-03-02"))
        try await fixture.record(.reverse(fundID: CoreFixture.fundID, eventID: wrong), on: day("2025-03-05"), reason: "fel belopp")
        try await fixture.realiseSaving("s1", "i1", in: "SOC", kr(800_000), year: 2025, on: day("2025-12-31"))
        try await fixture.repay("i1", by: "SOC", kr(300_000), on: day("2025-12-31"))
        let document = try await fixture.report(FundStatementPlugin(), ["fund": CoreFixture.fundID])
        #expect(document.table("statement")?.rows == [[
            .text("2025"), sek(0), sek(10_000_000), sek(1_000_000), sek(2_000_000), sek(300_000), sek(7_300_000), sek(3_000_000), sek(4_300_000),
        ]])
    }

    // MARK: repayments (domain.md model 2)

    /// granted and disbursed 5 000 000, cap = disbursed, share 100 %; savings 1 500 000 (2025) and 2 500 000 (2026)
    /// → due 1 500 000 and 2 500 000; capacity left under the cap 5 000 000 − 4 000 000 = 1 000 000.
    /// SOC repays 1 500 000 and 500 000 is waived: outstanding 4 000 000 − 1 500 000 − 500 000 = 2 000 000.
    @Test func repaymentScheduleExample() async throws {
        let terms = RepaymentModel.shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5)
        let fixture = try await CoreFixture.start(on: InMemoryEventStore(), capital: kr(10_000_000), on: day("2025-01-02"))
        try await fixture.grant("i1", kr(5_000_000), on: day("2025-01-10"), terms: terms)
        try await fixture.disburse("i1", kr(5_000_000), on: day("2025-01-20"))
        try await fixture.realiseSaving("s1", "i1", in: "SOC", kr(1_500_000), year: 2025, on: day("2026-01-15"))
        try await fixture.realiseSaving("s2", "i1", in: "SOC", kr(2_500_000), year: 2026, on: day("2027-01-15"))
        try await fixture.repay("i1", by: "SOC", kr(1_500_000), on: day("2027-02-01"))
        try await fixture.record(.waiveRepayment(fundID: CoreFixture.fundID, initiativeID: "i1", department: "SOC", amount: kr(500_000),
                                                 referenceNumber: "KS 2027/3"), on: day("2027-03-01"))
        let document = try await fixture.report(RepaymentsPlugin(), ["fund": CoreFixture.fundID, "initiative": "i1"])
        #expect(document.table("obligations")?.rows == [
            [.text("i1"), .text("SOC"), .text("s1"), .date("2025-12-31"), sek(1_500_000)],
            [.text("i1"), .text("SOC"), .text("s2"), .date("2026-12-31"), sek(2_500_000)],
        ])
        #expect(document.table("terms")?.rows == [[
            .text("i1"), .text("100% of realised savings, cap the amount disbursed, horizon 5 years"), sek(5_000_000), sek(4_000_000), sek(1_000_000),
        ]])
        #expect(document.table("positions")?.rows == [[.text("i1"), .text("SOC"), sek(4_000_000), sek(1_500_000), sek(500_000), sek(2_000_000)]])
        #expect(document.figure("Outstanding") == sek(2_000_000))
        // As booked through 2026 only the first saving (effective 2026-01-15) exists: one obligation, due 1 500 000.
        let then = try await fixture.report(RepaymentsPlugin(), ["fund": CoreFixture.fundID], bounds: ReplayBounds(effectiveThrough: day("2026-12-31")))
        #expect(then.table("obligations")?.rows.count == 1)
        #expect(then.figure("Due") == sek(1_500_000))
    }

    // MARK: savings-flows (model 3) and portfolio

    /// BUN receives 1 000 000 for i1 (granted 2 000 000; 50 % of savings, cap disbursed). SOC saves 400 000 in 2025,
    /// 25 % attributed to FK: saved FK 100 000, SOC 300 000. Due 50 % × 400 000 = 200 000: FK 25 % = 50 000, SOC 150 000.
    /// SOC repays 150 000. BUN is the only investor, so every pair is (BUN, ·).
    static func flowsLedger() async throws -> CoreFixture {
        let terms = RepaymentModel.shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5)
        let fixture = try await CoreFixture.start(on: InMemoryEventStore(), capital: kr(10_000_000), on: day("2025-01-02"))
        try await fixture.grant("i1", kr(2_000_000), on: day("2025-01-10"), terms: terms)
        try await fixture.disburse("i1", kr(1_000_000), on: day("2025-01-20"))
        try await fixture.record(.recordCoFinancing(fundID: CoreFixture.fundID, initiativeID: "i1", amount: kr(240_000), contributor: "BUN"), on: day("2025-01-20"))
        try await fixture.realiseSaving("s1", "i1", in: "SOC", kr(400_000), year: 2025, on: day("2025-12-31"))
        try await fixture.record(.attributeSaving(fundID: CoreFixture.fundID, savingID: "s1", department: "FK", share: Rate("0.25")!), on: day("2025-12-31"))
        try await fixture.repay("i1", by: "SOC", kr(150_000), on: day("2026-01-31"))
        try await fixture.record(.measureOutcome(fundID: CoreFixture.fundID, initiativeID: "i1", indicator: "placeringar", value: "9", period: "2026"), on: day("2026-02-01"))
        try await fixture.record(.measureOutcome(fundID: CoreFixture.fundID, initiativeID: "i1", indicator: "placeringar", value: "10", period: "2025"), on: day("2026-02-01"))
        return fixture
    }

    @Test func savingsFlowsMatrixAndNetPositions() async throws {
        let fixture = try await Self.flowsLedger()
        let document = try await fixture.report(SavingsFlowsPlugin(), ["fund": CoreFixture.fundID])
        #expect(document.table("pairs")?.rows == [
            [.text("BUN"), .text("FK"), sek(100_000), sek(0), .integer(1)],
            [.text("BUN"), .text("SOC"), sek(300_000), sek(150_000), .integer(1)],
        ])
        // net = invested − repaid: BUN 1 000 000; FK 0; SOC −150 000.
        #expect(document.table("departments")?.rows == [
            [.text("BUN"), sek(1_000_000), sek(0), sek(0), sek(0), sek(1_000_000)],
            [.text("FK"), sek(0), sek(100_000), sek(50_000), sek(0), sek(0)],
            [.text("SOC"), sek(0), sek(300_000), sek(150_000), sek(150_000), sek(-150_000)],
        ])
        #expect(document.figure("Net drawn from the fund") == sek(850_000))
        guard case .heatmap(let heatmap) = try #require(document.charts.first) else { Issue.record("expected a heat map"); return }
        #expect(heatmap.rowLabels == ["BUN"])
        #expect(heatmap.columnLabels == ["FK", "SOC"])
        #expect(heatmap.cells == [[10_000_000, 30_000_000]])
    }

    /// The same ledger per initiative: remaining 2 000 000 − 1 000 000 = 1 000 000; expected 300 000 in SOC,
    /// realised 300 000 (SOC) + 100 000 (FK); due 200 000, repaid 150 000, outstanding 50 000 (FK's);
    /// the latest placeringar is 9 for 2026 although 2025's was recorded after it.
    @Test func portfolioPerInitiative() async throws {
        let fixture = try await Self.flowsLedger()
        let document = try await fixture.report(PortfolioPlugin(), ["fund": CoreFixture.fundID])
        #expect(document.table("initiatives")?.rows == [[
            .text("i1"), .text("Tidiga insatser i1"), .text("decided"), sek(2_000_000), sek(1_000_000), sek(1_000_000), sek(240_000),
            sek(300_000), sek(400_000), sek(200_000), sek(150_000), sek(50_000),
        ]])
        #expect(document.table("savings")?.rows == [
            [.text("i1"), .text("FK"), sek(0), sek(100_000), sek(100_000)],
            [.text("i1"), .text("SOC"), sek(300_000), sek(300_000), sek(0)],
        ])
        #expect(document.table("repayments")?.rows == [
            [.text("i1"), .text("FK"), sek(50_000), sek(0), sek(0), sek(50_000)],
            [.text("i1"), .text("SOC"), sek(150_000), sek(150_000), sek(0), sek(0)],
        ])
        #expect(document.table("indicators")?.rows == [[
            .text("i1"), .text("placeringar"), .text("antal"), .text("12"), .text("8"), .text("9"), .text("2026"),
        ]])
    }

    // MARK: audit-trail

    @Test func auditTrailShowsAReversalNextToItsOriginal() async throws {
        let fixture = try await CoreFixture.start(on: InMemoryEventStore(), capital: kr(1_000_000), on: day("2025-01-02"))
        try await fixture.grant("i1", kr(500_000), on: day("2025-01-10"))
        let wrong = try await fixture.disburse("i1", kr(300_000), on: day("2025-02-01"))
        try await fixture.disburse("i1", kr(100_000), to: "SOC", on: day("2025-02-02"))
        try await fixture.record(.reverse(fundID: CoreFixture.fundID, eventID: wrong), on: day("2025-02-03"), reason: "fel förvaltning")
        let events = try await fixture.service.loadEvents()
        let original = try #require(events.first { $0.eventID == wrong })
        let reversal = try #require(events.last)
        let document = try await fixture.report(AuditTrailPlugin(), ["fund": CoreFixture.fundID, "initiative": "i1"])
        let rows = try #require(document.table("events")?.rows)
        // Application, decision, the wrong disbursement, its reversal right after it, then the later disbursement.
        #expect(rows.map { $0[7] } == ["ApplicationSubmitted", "InvestmentDecided", "FundsDisbursed", "EventReversed", "FundsDisbursed"].map(ReportValue.text))
        #expect(rows[2][0] == .integer(original.globalPosition))
        #expect(rows[2][8] == .text("disbursed 300 000,00 kr to BUN for i1"))
        #expect(rows[2][9] == .text("reversed by position \(reversal.globalPosition)"))
        #expect(rows[3][0] == .integer(reversal.globalPosition))
        #expect(rows[3][5] == .text("fel förvaltning"))
        #expect(rows[3][8] == .text("reverses position \(original.globalPosition): disbursed 300 000,00 kr to BUN for i1"))
        #expect(rows[1][6] == .text("KS 2025/i1"))
        #expect(rows[3][3] == .text(CoreFixture.actor))
        // The in-memory store records as "fundledger", not the actor named: every row is flagged.
        #expect(rows[3][4] == .text("fundledger (≠ actor)"))
        // BUN's view: its registration, the application naming it, the disbursement and its reversal.
        let bun = try await fixture.report(AuditTrailPlugin(), ["fund": CoreFixture.fundID, "department": "BUN"])
        #expect(bun.table("events")?.rows.map { $0[7] } == ["DepartmentRegistered", "ApplicationSubmitted", "FundsDisbursed", "EventReversed"].map(ReportValue.text))
        // The whole fund: organisation, 3 departments, fund, capital, application, decision, 2 disbursements, reversal.
        let all = try await fixture.report(AuditTrailPlugin(), ["fund": CoreFixture.fundID])
        #expect(all.figure("Events") == .integer(11))
        #expect(all.figure("Reversals") == .integer(1))
        #expect(all.figure("Recorded by another login than the actor named") == .integer(11))
    }

    // MARK: unknown funds and initiatives

    @Test func unknownFundOrInitiativeIsNamed() async throws {
        let fixture = try await CoreFixture.start(on: InMemoryEventStore(), capital: kr(1_000_000), on: day("2025-01-02"))
        let plugins: [any ReportPlugin] = [FundStatementPlugin(), PortfolioPlugin(), SavingsFlowsPlugin(), RepaymentsPlugin(), AuditTrailPlugin()]
        for plugin in plugins {
            await #expect { try await fixture.report(plugin, ["fund": "nope"]) } throws: { error in
                guard case ReportError.plugin(let id, let message) = error else { return false }
                return id == plugin.id && message.contains("\"nope\"")
            }
        }
        for plugin in [PortfolioPlugin(), RepaymentsPlugin(), AuditTrailPlugin()] as [any ReportPlugin] {
            await #expect { try await fixture.report(plugin, ["fund": CoreFixture.fundID, "initiative": "x9"]) } throws: { error in
                guard case ReportError.plugin(_, let message) = error else { return false }
                return message.contains("\"x9\"")
            }
        }
    }
}

extension CoreFixture {
    /// `report` for an existential plugin.
    func report(_ plugin: any ReportPlugin, _ parameters: [String: String]) async throws -> ReportDocument {
        try await report(plugin, parameters, bounds: .everything)
    }
}
