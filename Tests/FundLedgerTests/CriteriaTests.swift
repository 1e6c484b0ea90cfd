import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

/// The fund's application criteria (policy data), checked when an application is submitted and again when
/// it is decided, with the rule naming the criterion.
@Suite("Application criteria")
struct CriteriaTests {
    /// Eslöv, Region Skåne, Örebro, Gävleborg and Tomelilla together: 2 departments, 30 % co-financing,
    /// at most 3 years, at most 500 000 kr a year, Tomelilla's priority areas and target group.
    static let strictPolicy = FundPolicy(
        minimumDepartments: 2, nonProfitPartnerCountsAsDepartment: false, minimumCoFinancingShare: rate("30 %"),
        maximumDurationYears: 3, maximumAmountPerYear: kr(500_000),
        priorityAreas: [LedgerFixture.priorityArea, "förebygga placeringar"], targetGroups: [LedgerFixture.targetGroup])

    /// One criterion, and an application that breaks only it (everything else as `LedgerFixture.application`).
    struct Breach: Sendable, CustomTestStringConvertible {
        var criterion: String
        var application: @Sendable (String) -> ApplicationSubmitted
        var testDescription: String { criterion }
    }

    static let breaches: [Breach] = [
        Breach(criterion: "minimum-departments") { LedgerFixture.application($0, departments: ["BUN"]) },
        Breach(criterion: "minimum-departments") {
            // A non-profit partner does not count under this policy.
            LedgerFixture.application($0, departments: ["BUN"], partners: [Partner(name: "Rädda Barnen", nonProfit: true)])
        },
        Breach(criterion: "minimum-departments") { LedgerFixture.application($0, departments: ["BUN", "BUN"]) },
        Breach(criterion: "minimum-co-financing") { LedgerFixture.application($0, coFinancing: Money(ore: kr(240_000).ore - 1, currency: .sek)) },
        Breach(criterion: "maximum-duration") {
            LedgerFixture.application($0, perYear: (2025...2028).map { YearAmount(year: $0, amount: kr(100_000)) }, coFinancing: kr(120_000))
        },
        Breach(criterion: "maximum-amount-per-year") {
            LedgerFixture.application(
                $0, perYear: [YearAmount(year: 2025, amount: kr(300_000)), YearAmount(year: 2026, amount: Money(ore: kr(500_000).ore + 1, currency: .sek))],
                coFinancing: kr(300_000))
        },
        Breach(criterion: "priority-area") { LedgerFixture.application($0, priorityArea: "äldreomsorg") },
        Breach(criterion: "target-group") { LedgerFixture.application($0, targetGroup: "äldre 65+") },
    ]

    @Test("the baseline application meets every criterion of the strict policy", arguments: StoreKind.allCases)
    func baselineMeetsEverything(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.strictPolicy)
            let application = LedgerFixture.application("i1")
            #expect(FundCriteria.evaluate(application, policy: Self.strictPolicy).allSatisfy { $0.met })
            #expect(FundCriteria.evaluate(application, policy: Self.strictPolicy).map(\.criterion) == [
                "minimum-departments", "minimum-co-financing", "maximum-duration", "maximum-amount-per-year", "priority-area", "target-group",
            ])
            try await ledger.submit(application, on: day("2025-02-01"))
            try await ledger.decide("i1", granted: kr(800_000), on: day("2025-02-02"))
            #expect(try await ledger.initiative("i1").status == .decided)
        }
    }

    @Test("a breached criterion refuses the application at submission", arguments: breaches)
    func refusedAtSubmission(_ breach: Breach) async throws {
        try await StoreKind.inMemory.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.strictPolicy)
            let application = breach.application("i1")
            try await ledger.expectRefused(
                "criterion:\(breach.criterion)", .submitApplication(fundID: ledger.fundID, application: application), on: day("2025-02-01"))
            // The message names the criterion.
            do {
                try FundCriteria.requireAll(application, policy: Self.strictPolicy)
                Issue.record("the application met every criterion")
            } catch let error as LedgerRuleError {
                #expect(error.message.contains(breach.criterion))
            }
            #expect(try await ledger.fund().initiatives.isEmpty)
        }
    }

    @Test("a criterion introduced after submission refuses the decision", arguments: breaches)
    func refusedAtDecision(_ breach: Breach) async throws {
        try await StoreKind.inMemory.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: FundPolicy())
            try await ledger.submit(breach.application("i1"), on: day("2025-02-01"))
            try await ledger.submit(LedgerFixture.application("i2"), on: day("2025-02-01"))
            try await ledger.changePolicy(Self.strictPolicy, on: day("2025-03-01"))
            try await ledger.expectRefused(
                "criterion:\(breach.criterion)",
                .decideInvestment(fundID: ledger.fundID, initiativeID: "i1", body: "KS", referenceNumber: "KS 1", granted: kr(400_000), phasing: []),
                on: day("2025-04-01"))
            #expect(try await ledger.initiative("i1").status == .applied)
            // The application that meets the new policy can still be decided.
            try await ledger.decide("i2", granted: kr(800_000), on: day("2025-04-01"))
        }
    }

    /// Every breach at submission and at decision on one PostgreSQL database (a database per case would
    /// mostly measure CREATE DATABASE).
    @Test("every breached criterion is refused on PostgreSQL, at submission and at decision")
    func refusedOnPostgres() async throws {
        try await StoreKind.postgres.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: FundPolicy())
            for (index, breach) in Self.breaches.enumerated() {
                try await ledger.submit(breach.application("tidig-\(index)"), on: day("2025-02-01"))
            }
            try await ledger.changePolicy(Self.strictPolicy, on: day("2025-03-01"))
            for (index, breach) in Self.breaches.enumerated() {
                try await ledger.expectRefused(
                    "criterion:\(breach.criterion)", .submitApplication(fundID: ledger.fundID, application: breach.application("sen-\(index)")),
                    on: day("2025-04-01"))
                try await ledger.expectRefused(
                    "criterion:\(breach.criterion)",
                    .decideInvestment(fundID: ledger.fundID, initiativeID: "tidig-\(index)", body: "KS", referenceNumber: "KS \(index)", granted: kr(400_000), phasing: []),
                    on: day("2025-04-01"))
            }
            let fund = try await ledger.fund()
            #expect(fund.initiatives.count == Self.breaches.count)
            #expect(fund.initiatives.values.allSatisfy { $0.status == .applied })
        }
    }

    @Test("a non-profit partner counts as a department only where the policy says so", arguments: StoreKind.allCases)
    func nonProfitPartnerRule(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            // Eslöv: two departments, or one department and a non-profit partner.
            var eslov = Self.strictPolicy
            eslov.nonProfitPartnerCountsAsDepartment = true
            let ledger = try await LedgerFixture.start(on: store, policy: eslov)
            let withAssociation = LedgerFixture.application("med-forening", departments: ["BUN"], partners: [Partner(name: "Rädda Barnen", nonProfit: true)])
            try await ledger.submit(withAssociation, on: day("2025-02-01"))
            // A company is not a non-profit partner.
            let withCompany = LedgerFixture.application("med-foretag", departments: ["BUN"], partners: [Partner(name: "Konsult AB", nonProfit: false)])
            try await ledger.expectRefused(
                "criterion:minimum-departments", .submitApplication(fundID: ledger.fundID, application: withCompany), on: day("2025-02-01"))
            // The same application, under a policy without the partner rule, is refused when decided.
            try await ledger.changePolicy(Self.strictPolicy, on: day("2025-03-01"))
            try await ledger.expectRefused(
                "criterion:minimum-departments",
                .decideInvestment(fundID: ledger.fundID, initiativeID: "med-forening", body: "KS", referenceNumber: "KS 1", granted: kr(800_000), phasing: []),
                on: day("2025-03-02"))
            try await ledger.changePolicy(eslov, on: day("2025-03-03"))
            try await ledger.decide("med-forening", granted: kr(800_000), on: day("2025-03-04"))
        }
    }

    @Test("a decision's phasing above the maximum per year is refused", arguments: StoreKind.allCases)
    func phasingAboveMaximumPerYear(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, policy: Self.strictPolicy)
            try await ledger.submit("i1", on: day("2025-02-01"))
            /// A phasing over 2025 and 2026, in kronor.
            func phasing(_ kronor2025: Int64, _ kronor2026: Int64) -> [YearAmount] {
                [YearAmount(year: 2025, amount: kr(kronor2025)), YearAmount(year: 2026, amount: kr(kronor2026))]
            }
            /// The decision granting i1 800 000 kr with `phasing`.
            func decision(phased phasing: [YearAmount]) -> LedgerCommand {
                .decideInvestment(
                    fundID: ledger.fundID, initiativeID: "i1", body: "KS", referenceNumber: "KS 1", granted: kr(800_000), phasing: phasing)
            }
            try await ledger.expectRefused(
                "criterion:maximum-amount-per-year", decision(phased: phasing(200_000, 600_000)), on: day("2025-02-02"))
            try await ledger.expectRefused("phasing-sum", decision(phased: phasing(400_000, 300_000)), on: day("2025-02-02"))
            try await ledger.decide("i1", granted: kr(800_000), phasing: phasing(400_000, 400_000), on: day("2025-02-02"))
        }
    }
}
