import EventStore
import Foundation
import FundLedger
import TestSupport
import Testing

// MARK: The fixture

/// Tomelilla kommun with its school department (BUN), social services (SOC) and an external actor
/// (Försäkringskassan, FK), and one social investment fund, recorded through `LedgerService` on a store.
///
/// Every helper takes its effective date explicitly and returns the id of the first event it recorded
/// (the command id), which is what a reversal names.
struct LedgerFixture: Sendable {
    static let organisationID = "212000-1124"
    static let actor = "controller@tomelilla.se"
    /// The default target group and priority area, as in Tomelilla's fund.
    static let targetGroup = "barn och unga 0-18"
    static let priorityArea = "måluppfyllelse i skolan"

    let service: LedgerService
    let fundID: String
    var store: any EventStore { service.store }

    /// Registers the kommun, its three departments and the fund, and contributes `capital` (if any),
    /// all effective `date`.
    static func start(
        on store: any EventStore, policy: FundPolicy = FundPolicy(), capital: Money? = kr(40_000_000),
        fundID: String = "sif-barn", date: CivilDate = day("2025-01-02")
    ) async throws -> LedgerFixture {
        let fixture = LedgerFixture(service: LedgerService(store: store), fundID: fundID)
        try await fixture.record(.registerOrganisation(id: organisationID, name: "Tomelilla kommun", kind: "kommun"), on: date)
        try await fixture.record(
            .registerDepartment(organisationID: organisationID, code: "BUN", name: "Barn- och utbildningsförvaltningen", kind: .department),
            on: date)
        try await fixture.record(
            .registerDepartment(organisationID: organisationID, code: "SOC", name: "Socialförvaltningen", kind: .department), on: date)
        try await fixture.record(
            .registerDepartment(organisationID: organisationID, code: "FK", name: "Försäkringskassan", kind: .externalActor), on: date)
        try await fixture.record(
            .establishFund(fundID: fundID, organisationID: organisationID, name: "Social investeringsfond", currency: .sek, policy: policy),
            on: date)
        if let capital { try await fixture.contribute(capital, on: date) }
        return fixture
    }

    // MARK: Commands

    /// Records one command; throws its `LedgerRuleError` if it is refused.
    @discardableResult
    func record(_ command: LedgerCommand, on date: CivilDate, reason: String? = nil) async throws -> UUID {
        let envelope = CommandEnvelope(command, actor: Self.actor, reason: reason, effectiveDate: date)
        try await service.record(envelope)
        return envelope.commandID
    }

    @discardableResult
    func contribute(_ amount: Money, on date: CivilDate) async throws -> UUID {
        try await record(.contributeCapital(fundID: fundID, amount: amount, source: "KF 2025/12"), on: date)
    }

    @discardableResult
    func withdraw(_ amount: Money, on date: CivilDate) async throws -> UUID {
        try await record(.withdrawCapital(fundID: fundID, amount: amount), on: date)
    }

    @discardableResult
    func changePolicy(_ policy: FundPolicy, on date: CivilDate) async throws -> UUID {
        try await record(.changePolicy(fundID: fundID, policy: policy), on: date)
    }

    @discardableResult
    func closePeriod(through: CivilDate, on date: CivilDate) async throws -> UUID {
        try await record(.closePeriod(organisationID: Self.organisationID, through: through), on: date)
    }

    /// An application that meets every criterion of `LedgerFixture.strictPolicy`: two departments, two years
    /// of 400 000 kr, 30 % co-financing, Tomelilla's target group and priority area.
    static func application(
        _ initiativeID: String, departments: [String] = ["BUN", "SOC"], partners: [Partner] = [],
        perYear: [YearAmount] = [YearAmount(year: 2025, amount: kr(400_000)), YearAmount(year: 2026, amount: kr(400_000))],
        coFinancing: Money = kr(240_000), targetGroup: String = targetGroup, priorityArea: String = priorityArea
    ) -> ApplicationSubmitted {
        ApplicationSubmitted(
            initiativeID: initiativeID, title: "Tidiga insatser \(initiativeID)", departments: departments, partners: partners,
            targetGroup: targetGroup, priorityArea: priorityArea, requestedPerYear: perYear, coFinancing: coFinancing,
            expectedSavings: [ExpectedSaving(department: "SOC", year: 2027, amount: kr(300_000))],
            indicators: [Indicator(name: "placeringar", unit: "antal", baseline: "12", target: "8")])
    }

    @discardableResult
    func submit(_ application: ApplicationSubmitted, on date: CivilDate) async throws -> UUID {
        try await record(.submitApplication(fundID: fundID, application: application), on: date)
    }

    /// Submits `LedgerFixture.application(initiativeID)`.
    @discardableResult
    func submit(_ initiativeID: String, on date: CivilDate) async throws -> UUID {
        try await submit(Self.application(initiativeID), on: date)
    }

    @discardableResult
    func decide(_ initiativeID: String, granted: Money, phasing: [YearAmount] = [], on date: CivilDate) async throws -> UUID {
        try await record(
            .decideInvestment(fundID: fundID, initiativeID: initiativeID, body: "Kommunstyrelsen", referenceNumber: "KS 2025/\(initiativeID)",
                              granted: granted, phasing: phasing),
            on: date)
    }

    /// Submits `LedgerFixture.application(initiativeID)` and grants `granted`, both effective `date`.
    func grant(_ initiativeID: String, _ granted: Money, on date: CivilDate) async throws {
        try await submit(initiativeID, on: date)
        try await decide(initiativeID, granted: granted, on: date)
    }

    @discardableResult
    func reject(_ initiativeID: String, on date: CivilDate) async throws -> UUID {
        try await record(
            .rejectApplication(fundID: fundID, initiativeID: initiativeID, body: "Kommunstyrelsen", referenceNumber: "KS 2025/99",
                               reason: "ingen förebyggande inriktning"),
            on: date)
    }

    @discardableResult
    func revoke(_ initiativeID: String, on date: CivilDate) async throws -> UUID {
        try await record(.revokeDecision(fundID: fundID, initiativeID: initiativeID, referenceNumber: "KS 2025/100"), on: date)
    }

    @discardableResult
    /// A disbursement under a voucher number of its own (a voucher is used once a fiscal year).
    func disburse(
        _ initiativeID: String, _ amount: Money, to department: String = "BUN", on date: CivilDate,
        voucher: String = "V-" + UUID().uuidString.prefix(8).lowercased()
    ) async throws -> UUID {
        try await record(
            .disburse(fundID: fundID, initiativeID: initiativeID, amount: amount, department: department, voucher: voucher), on: date)
    }

    /// A verified saving in `department` for calendar year `year`.
    static func saving(_ savingID: String, _ initiativeID: String, in department: String, _ amount: Money, year: Int) -> SavingRealised {
        SavingRealised(
            savingID: savingID, initiativeID: initiativeID, department: department, amount: amount,
            periodStart: day("\(year)-01-01"), periodEnd: day("\(year)-12-31"), evidence: "uppföljning \(year)", cashable: true)
    }

    @discardableResult
    func realiseSaving(_ savingID: String, _ initiativeID: String, in department: String, _ amount: Money, year: Int, on date: CivilDate)
        async throws -> UUID
    {
        try await record(.realiseSaving(fundID: fundID, saving: Self.saving(savingID, initiativeID, in: department, amount, year: year)), on: date)
    }

    @discardableResult
    func attribute(_ savingID: String, to department: String, share: Rate, on date: CivilDate) async throws -> UUID {
        try await record(.attributeSaving(fundID: fundID, savingID: savingID, department: department, share: share), on: date)
    }

    @discardableResult
    func repay(_ initiativeID: String, by department: String, _ amount: Money, method: RepaymentMethod = .cash, on date: CivilDate)
        async throws -> UUID
    {
        try await record(
            .receiveRepayment(fundID: fundID, initiativeID: initiativeID, department: department, amount: amount, method: method), on: date)
    }

    @discardableResult
    func waive(_ initiativeID: String, for department: String, _ amount: Money, on date: CivilDate) async throws -> UUID {
        try await record(
            .waiveRepayment(fundID: fundID, initiativeID: initiativeID, department: department, amount: amount, referenceNumber: "KS 2026/5"),
            on: date)
    }

    @discardableResult
    func close(_ initiativeID: String, outcome: ClosingOutcome = .completed, on date: CivilDate) async throws -> UUID {
        try await record(.closeInitiative(fundID: fundID, initiativeID: initiativeID, outcome: outcome), on: date)
    }

    @discardableResult
    func reverse(_ eventID: UUID, on date: CivilDate) async throws -> UUID {
        try await record(.reverse(fundID: fundID, eventID: eventID), on: date, reason: "felaktig registrering")
    }

    // MARK: Reading back

    func events() async throws -> [StoredLedgerEvent] { try await service.loadEvents() }
    func state() async throws -> LedgerState { try await service.loadState() }
    func books() async throws -> Books { Books(events: try await events()) }

    func fund() async throws -> FundState {
        try #require(try await state().funds[fundID])
    }

    func initiative(_ id: String) async throws -> InitiativeState {
        try #require(try await fund().initiatives[id])
    }

    /// A department's repayment position on an initiative, zeros if `RepaymentSchedule` lists none.
    struct Position: Equatable {
        var due = kr(0)
        var repaid = kr(0)
        var waived = kr(0)
        var outstanding = kr(0)
    }

    func position(_ initiativeID: String, _ department: String) async throws -> Position {
        let initiative = try await initiative(initiativeID)
        guard let position = RepaymentSchedule.positions(for: initiative).first(where: { $0.department == department }) else {
            return Position()
        }
        return Position(due: position.due, repaid: position.repaid, waived: position.waived, outstanding: position.outstanding)
    }

    // MARK: Expectations

    /// Records `command` expecting it to be refused for `rule`, and checks that nothing was written.
    func expectRefused(
        _ rule: String, _ command: LedgerCommand, on date: CivilDate, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await store.head()
        do {
            try await record(command, on: date)
            Issue.record("expected the rule \(rule) to refuse \(command), but it was recorded", sourceLocation: sourceLocation)
        } catch let error as LedgerRuleError {
            #expect(error.rule == rule, "refused for another rule: \(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
        let after = try await store.head()
        #expect(after == before, "a refused command wrote events", sourceLocation: sourceLocation)
    }

    /// Double entry holds and the books agree with the fund state (domain.md, "Double entry").
    func expectBooksAgree(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        expectBooksAgreeWithState(try await events(), sourceLocation: sourceLocation)
    }
}

/// Every journal entry sums to zero, the trial balance is zero, and per fund: fund cash = balance,
/// disbursements = disbursed, fund capital = −(contributed − withdrawn), receivable = Σ outstanding,
/// accrued repayments = −Σ (due − waived). The books' own state equals a plain fold of the same events.
func expectBooksAgreeWithState(_ events: [StoredLedgerEvent], sourceLocation: SourceLocation = #_sourceLocation) {
    let books = Books(events: events)
    let state = LedgerState(events: events)
    #expect(books.state == state, "the books' state differs from the fold", sourceLocation: sourceLocation)
    for entry in books.journal {
        #expect(entry.postings.reduce(0) { $0 + $1.amount.ore } == 0, "unbalanced entry for \(entry.eventType)", sourceLocation: sourceLocation)
        #expect(entry.rulesVersion == Books.rulesVersion, sourceLocation: sourceLocation)
    }
    #expect(books.trialBalance().values.reduce(0, +) == 0, "trial balance \(books.trialBalance())", sourceLocation: sourceLocation)
    for fund in state.funds.values {
        let balances = books.trialBalance(fundID: fund.id)
        #expect(balances.values.reduce(0, +) == 0, sourceLocation: sourceLocation)
        #expect(balances[.fundCash, default: 0] == fund.balance.ore, "fund cash vs balance", sourceLocation: sourceLocation)
        #expect(balances[.disbursements, default: 0] == fund.disbursed.ore, "disbursements vs disbursed", sourceLocation: sourceLocation)
        #expect(balances[.fundCapital, default: 0] == fund.withdrawn.ore - fund.contributed.ore, sourceLocation: sourceLocation)
        var outstanding: Int64 = 0
        var accrued: Int64 = 0
        for initiative in fund.initiatives.values {
            for position in RepaymentSchedule.positions(for: initiative) {
                outstanding += position.balance.net.ore
                accrued += position.due.ore - position.waived.ore
            }
        }
        #expect(balances[.repaymentReceivable, default: 0] == outstanding, "receivable vs Σ outstanding", sourceLocation: sourceLocation)
        #expect(balances[.accruedRepayments, default: 0] == -accrued, "accrual vs Σ (due − waived)", sourceLocation: sourceLocation)
    }
}
