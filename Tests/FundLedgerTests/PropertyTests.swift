import EventStore
import Foundation
import FundLedger
import PropertyBased
import Testing
import TestSupport

/// Random sequences of plausible commands — many of them breaking a rule — keep the ledger's invariants
/// after every step, and the stored events always replay to the same state and books.
@Suite("Properties")
struct PropertyTests {
    @Test("random command sequences keep the invariants (in-memory store)")
    func randomSequencesInMemory() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...(LedgerSimulation.models.count - 1)), Gen.bool(0.3), Gen.int(in: 0...0xFFFF).array(of: 1...40)) {
            model, overcommitment, steps in
            try await LedgerSimulation(model: model, overcommitmentAllowed: overcommitment).run(on: InMemoryEventStore(), steps: steps)
        }
    }

    /// Fewer, shorter runs on a real database; no shrinking, which would replay a failure on many databases.
    @Test("random command sequences keep the invariants (PostgreSQL)", .shrinking(false))
    func randomSequencesOnPostgres() async {
        await propertyCheck(count: 4, input: Gen.int(in: 0...(LedgerSimulation.models.count - 1)), Gen.bool(0.3), Gen.int(in: 0...0xFFFF).array(of: 20...30)) {
            model, overcommitment, steps in
            try await StoreKind.postgres.withStore { store in
                try await LedgerSimulation(model: model, overcommitmentAllowed: overcommitment).run(on: store, steps: steps)
            }
        }
    }

    /// The simulation itself must be able to fail: a ledger that let an over-disbursement through breaks
    /// the "disbursed within the grant" invariant the simulation checks.
    @Test("the invariant check notices a broken ledger")
    func invariantCheckCanFail() async throws {
        let store = InMemoryEventStore()
        let fund = LedgerStreams.fund("f")
        func write(_ event: LedgerEvent, _ stream: String = fund) async throws {
            // Straight into the store, past the command handler.
            let new = try EventCoding.newEvent(
                event, stream: stream, metadata: EventMetadata(actor: "t"), effectiveDate: day("2025-01-01"), organisationID: "o")
            _ = try await store.append([new], to: stream)
        }
        try await write(.organisationRegistered(.init(organisationID: "o", name: "Kommun", kind: "kommun")), LedgerStreams.organisation("o"))
        try await write(.fundEstablished(.init(fundID: "f", organisationID: "o", name: "F", currency: .sek, policy: FundPolicy())))
        try await write(.capitalContributed(.init(amount: kr(100), source: "KF")))
        try await write(.applicationSubmitted(LedgerFixture.application("i1")))
        try await write(.investmentDecided(.init(
            initiativeID: "i1", body: "KS", referenceNumber: "1", granted: kr(10), phasing: [], repaymentTerms: .none, decidedOn: day("2025-01-01"))))
        var events = try await LedgerService(store: store).loadEvents()
        #expect(LedgerSimulation.violations(state: LedgerState(events: events), books: Books(events: events), overcommitmentAllowed: false).isEmpty)

        try await write(.fundsDisbursed(.init(initiativeID: "i1", amount: kr(11), department: "BUN", voucher: "V")))
        events = try await LedgerService(store: store).loadEvents()
        let violations = LedgerSimulation.violations(state: LedgerState(events: events), books: Books(events: events), overcommitmentAllowed: false)
        #expect(violations.contains { $0.contains("i1 disbursed") })
    }
}

/// Drives a ledger with commands derived from random seeds and checks it after every step.
struct LedgerSimulation: Sendable {
    static let fundID = "sif"
    static let departments = ["BUN", "SOC", "FK"]
    static let shares = ["0.1", "0.25", "0.333333333", "0.4", "0.5", "0.5", "0.5", "0.6", "1"].map(rate)
    static let models: [RepaymentModel] = [
        .none,
        .shareOfSavings(share: rate("0.5"), cap: .disbursed, horizonYears: 3),
        .shareOfSavings(share: .one, cap: .fixed(kr(3_000_000)), horizonYears: 5),
        .shareOfSavings(share: rate("0.75"), cap: .unlimited, horizonYears: 2),
        .frameReduction(share: rate("0.6"), horizonYears: 4),
        .repaymentPlan(instalments: [
            PlannedInstalment(department: "SOC", due: day("2027-12-31"), amount: kr(500_000)),
            PlannedInstalment(department: "BUN", due: day("2028-12-31"), amount: kr(250_001)),
        ]),
    ]

    var model: Int
    var overcommitmentAllowed: Bool

    var policy: FundPolicy { policy(model) }

    func policy(_ model: Int) -> FundPolicy {
        FundPolicy(overcommitmentAllowed: overcommitmentAllowed, repaymentModel: Self.models[model])
    }

    func run(on store: any EventStore, steps: [Int]) async throws {
        let ledger = try await LedgerFixture.start(on: store, policy: policy, capital: kr(20_000_000), fundID: Self.fundID, date: day("2025-01-02"))
        let service = ledger.service
        let handler = CommandHandler()
        var state = try await service.loadState()
        var books = Books(events: try await service.loadEvents())
        var head = try await store.head()
        for (step, seed) in steps.enumerated() {
            var random = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
            let (command, date) = command(step: step, state: state, random: &random)
            let envelope = CommandEnvelope(command, actor: "property", effectiveDate: date)
            let context = "step \(step) (seed \(seed)): \(command) effective \(date)"
            let predicted: Result<[LedgerEvent], LedgerRuleError>
            do {
                predicted = .success(try handler.handle(envelope, state: state))
            } catch let error as LedgerRuleError {
                predicted = .failure(error)
            }
            do {
                try await service.record(envelope)
                let records = try await store.readAll(after: head.position, limit: 100)
                let written = try records.compactMap { try EventCoding.decode($0) }
                guard case .success(let events) = predicted, written.map(\.event) == events else {
                    Issue.record("\(context): the service wrote \(written.map(\.event.eventType)); the handler said \(predicted)")
                    return
                }
                for event in written {
                    state.apply(event)
                    books.record(event)
                }
            } catch let error as LedgerRuleError {
                guard predicted == .failure(error) else {
                    Issue.record("\(context): the service refused (\(error)); the handler said \(predicted)")
                    return
                }
                let after = try await store.head()
                guard after == head else {
                    Issue.record("\(context): refused, yet the log moved from \(head.position) to \(after.position)")
                    return
                }
            }
            head = try await store.head()

            var problems = Self.violations(state: state, books: books, overcommitmentAllowed: overcommitmentAllowed)
            // Replaying what the store holds rebuilds the same state and the same books.
            let stored = try await service.loadEvents()
            if LedgerState(events: stored) != state { problems.append("replayed state differs from the state kept step by step") }
            let replayed = Books(events: stored)
            if replayed.journal != books.journal { problems.append("replayed journal differs") }
            if replayed.trialBalance() != books.trialBalance() { problems.append("replayed trial balance differs") }
            if !problems.isEmpty {
                Issue.record("\(context):\n  \(problems.joined(separator: "\n  "))")
                return
            }
        }
    }

    /// Every invariant the ledger promises, as sentences naming what broke.
    static func violations(state: LedgerState, books: Books, overcommitmentAllowed: Bool) -> [String] {
        var problems: [String] = []
        let total = books.trialBalance().values.reduce(0, +)
        if total != 0 { problems.append("trial balance is \(total), not 0") }
        for entry in books.journal where entry.postings.reduce(0, { $0 + $1.amount.ore }) != 0 {
            problems.append("unbalanced journal entry \(entry.eventType)")
        }
        for fund in state.funds.values {
            if !overcommitmentAllowed && fund.balance.isNegative { problems.append("fund \(fund.id) balance \(fund.balance) without overcommitment") }
            let accounts = books.trialBalance(fundID: fund.id)
            if accounts[.fundCash, default: 0] != fund.balance.ore { problems.append("fund cash \(accounts[.fundCash, default: 0]) ≠ balance \(fund.balance.ore)") }
            if accounts[.disbursements, default: 0] != fund.disbursed.ore { problems.append("disbursements account ≠ disbursed") }
            var outstanding: Int64 = 0
            for initiative in fund.initiatives.values.sorted(by: { $0.id < $1.id }) {
                if initiative.disbursed.ore > initiative.granted.ore {
                    problems.append("\(initiative.id) disbursed \(initiative.disbursed) above its grant \(initiative.granted)")
                }
                if initiative.disbursed.isNegative { problems.append("\(initiative.id) disbursed \(initiative.disbursed)") }
                for position in RepaymentSchedule.positions(for: initiative) {
                    outstanding += position.balance.net.ore
                    if position.excess.isPositive {
                        problems.append("\(position.department) owes \(position.outstanding) on \(initiative.id)")
                    }
                }
                if let capacity = RepaymentSchedule.remainingCapacity(for: initiative), capacity.isNegative {
                    problems.append("\(initiative.id) has \(capacity) repayment capacity: more fell due than the cap")
                }
                // No saving creates more than its share of the saving (rounded half up), however it is attributed.
                let share: Rate? = switch initiative.decision?.repaymentTerms {
                case .shareOfSavings(let share, _, _), .frameReduction(let share, _): share
                default: nil
                }
                for (savingID, saving) in initiative.savings {
                    let parts = RepaymentSchedule.obligations(for: initiative).filter { $0.savingID == savingID }.reduce(0) { $0 + $1.amount.ore }
                    let most = share.flatMap { try? $0.apply(to: saving.saving.amount.ore, rounding: .halfUp) } ?? 0
                    if parts > most { problems.append("saving \(savingID) of \(saving.saving.amount) creates obligations of \(parts) öre, above \(most)") }
                }
            }
            if accounts[.repaymentReceivable, default: 0] != outstanding {
                problems.append("receivable \(accounts[.repaymentReceivable, default: 0]) ≠ Σ outstanding \(outstanding)")
            }
        }
        return problems
    }

    // MARK: Commands from random numbers

    /// Effective date of a step: the 15th of consecutive months from January 2025.
    static func date(ofStep step: Int) -> CivilDate {
        CivilDate(year: 2025 + (step + 1) / 12, month: (step + 1) % 12 + 1, day: 15)!
    }

    func command(step: Int, state: LedgerState, random: inout SplitMix64) -> (LedgerCommand, CivilDate) {
        let fundID = Self.fundID
        let fund = state.funds[fundID]
        // Now and then a back-dated entry, which a closed period may refuse.
        let date = random.chance(0.08) ? Self.date(ofStep: random.int(in: 0...step) - 1) : Self.date(ofStep: step)
        let initiatives = (fund?.initiatives.keys.sorted() ?? [])
        /// Mostly an initiative in a status the command needs, now and then any, rarely an unknown one.
        func initiative(_ statuses: Set<InitiativeStatus> = [.decided]) -> String {
            if initiatives.isEmpty || random.chance(0.04) { return "okand" }
            let fitting = initiatives.filter { fund?.initiatives[$0].map { statuses.contains($0.status) } ?? false }
            let pool = fitting.isEmpty || random.chance(0.15) ? initiatives : fitting
            return pool[random.int(in: 0...(pool.count - 1))]
        }
        func department() -> String { random.chance(0.03) ? "KUL" : Self.departments[random.int(in: 0...2)] }
        func amount(upTo kronor: Int64) -> Money {
            if random.chance(0.03) { return Money(ore: -random.int64(in: 0...1_000), currency: .sek) }
            if random.chance(0.02) { return Money(ore: random.int64(in: 1...1_000_000), currency: .eur) }
            if random.chance(0.08) { return Money(ore: random.int64(in: 1...9), currency: .sek) }
            return Money(ore: random.int64(in: 1...(kronor * 100)), currency: .sek)
        }
        /// Exactly `target`, half of it, one öre more, or anything.
        func near(_ target: Int64, upTo kronor: Int64) -> Money {
            switch random.int(in: 0...3) {
            case 0: return Money(ore: target, currency: .sek)
            case 1: return Money(ore: target / 2 + 1, currency: .sek)
            case 2: return Money(ore: target + 1, currency: .sek)
            default: return amount(upTo: kronor)
            }
        }
        // Weights follow the state, so sequences reach disbursements, savings and repayments.
        let statuses = fund?.initiatives.values.map(\.status) ?? []
        let hasSavings = fund?.initiatives.values.contains { !$0.savings.isEmpty } ?? false
        let owes = fund?.initiatives.values.contains { RepaymentSchedule.positions(for: $0).contains { $0.outstanding.isPositive } } ?? false
        let weights: [(String, Double)] = [
            ("contribute", 1.5), ("withdraw", 1), ("submit", statuses.count < 2 ? 6 : 1.5),
            ("decide", statuses.contains(.applied) ? 3 : 0.3), ("reject", 0.4), ("amend", 0.5), ("revoke", 0.3),
            ("disburse", statuses.contains(.decided) ? 5 : 0.3), ("cofinance", 0.4),
            ("saving", statuses.contains(.decided) || statuses.contains(.closed) ? 4 : 0.2), ("attribute", hasSavings ? 2.5 : 0.2),
            ("repay", owes ? 5 : 0.5), ("reverse", 3), ("close", 0.4), ("policy", 0.5), ("period", 0.4), ("outcome", 0.3),
        ]
        var pick = Double.random(in: 0..<weights.reduce(0) { $0 + $1.1 }, using: &random)
        var operation = weights[0].0
        for (name, weight) in weights {
            operation = name
            if pick < weight { break }
            pick -= weight
        }
        switch operation {
        case "contribute":
            return (.contributeCapital(fundID: fundID, amount: amount(upTo: 20_000_000), source: "KF"), date)
        case "withdraw":
            return (.withdrawCapital(fundID: fundID, amount: near(fund?.uncommitted.ore ?? 0, upTo: 30_000_000)), date)
        case "submit":
            let count = random.int(in: 1...3)
            let first = random.int(in: 0...2)
            let departments = (0..<count).map { Self.departments[(first + $0) % 3] }
            let years = (0..<random.int(in: 1...3)).map { YearAmount(year: 2025 + $0, amount: amount(upTo: 5_000_000)) }
            let application = LedgerFixture.application(
                "i\(initiatives.count + (random.chance(0.05) ? -1 : 0))", departments: random.chance(0.03) ? ["KUL"] : departments,
                perYear: years, coFinancing: kr(0))
            return (.submitApplication(fundID: fundID, application: application), date)
        case "decide":
            let id = initiative([.applied])
            let requested = fund?.initiatives[id]?.application.requestedPerYear.reduce(0) { $0 + $1.amount.ore } ?? 0
            return (.decideInvestment(fundID: fundID, initiativeID: id, body: "KS", referenceNumber: "KS \(step)",
                                      granted: near(requested, upTo: 25_000_000), phasing: []), date)
        case "reject":
            return (.rejectApplication(fundID: fundID, initiativeID: initiative([.applied]), body: "KS", referenceNumber: "KS \(step)", reason: "avslag"), date)
        case "amend":
            let id = initiative()
            return (.amendDecision(fundID: fundID, initiativeID: id, referenceNumber: "KS \(step)",
                                   granted: near(fund?.initiatives[id]?.disbursed.ore ?? 0, upTo: 25_000_000)), date)
        case "revoke":
            return (.revokeDecision(fundID: fundID, initiativeID: initiative(), referenceNumber: "KS \(step)"), date)
        case "disburse":
            let id = initiative()
            let remaining = fund?.initiatives[id].map { $0.granted.ore - $0.disbursed.ore } ?? 0
            return (.disburse(fundID: fundID, initiativeID: id, amount: near(remaining, upTo: 10_000_000), department: department(), voucher: "V\(step)"), date)
        case "cofinance":
            return (.recordCoFinancing(fundID: fundID, initiativeID: initiative([.applied, .decided]), amount: amount(upTo: 1_000_000), contributor: department()), date)
        case "saving":
            let count = fund?.initiatives.values.reduce(0) { $0 + $1.savings.count } ?? 0
            let year = random.int(in: 2024...2031)
            let saving = SavingRealised(
                savingID: "s\(count + (random.chance(0.05) ? -1 : 0))", initiativeID: initiative([.decided, .closed]), department: department(),
                amount: amount(upTo: 4_000_000), periodStart: day("\(year)-01-01"),
                periodEnd: random.chance(0.03) ? day("\(year - 1)-12-31") : day("\(year)-12-31"), evidence: "uppföljning", cashable: random.chance(0.7))
            return (.realiseSaving(fundID: fundID, saving: saving), date)
        case "attribute":
            let savings = fund?.initiatives.values.flatMap(\.savings.keys).sorted() ?? []
            let savingID = savings.isEmpty || random.chance(0.05) ? "okand" : savings[random.int(in: 0...(savings.count - 1))]
            // Often exactly what is left, so that shares reach 100 % (where rounding is tightest).
            let rest = fund?.initiative(ofSaving: savingID)?.savings[savingID]?.remainingShare ?? .zero
            let share = rest.isPositive && random.chance(0.35) ? rest : Self.shares[random.int(in: 0...(Self.shares.count - 1))]
            return (.attributeSaving(fundID: fundID, savingID: savingID, department: department(), share: share), date)
        case "repay", "waive":
            let id = initiative([.decided, .closed, .revoked])
            // Mostly a department that owes something.
            let debtors = fund?.initiatives[id].map { RepaymentSchedule.positions(for: $0).filter(\.outstanding.isPositive).map(\.department) } ?? []
            let payer = debtors.isEmpty || random.chance(0.2) ? department() : debtors[random.int(in: 0...(debtors.count - 1))]
            let owed = fund?.initiatives[id].flatMap { RepaymentSchedule.positions(for: $0).first { $0.department == payer } }?.outstanding.ore ?? 0
            let amount = near(owed, upTo: 3_000_000)
            if random.chance(0.7) {
                return (.receiveRepayment(fundID: fundID, initiativeID: id, department: payer, amount: amount,
                                          method: random.chance(0.5) ? .cash : .frameReduction), date)
            }
            return (.waiveRepayment(fundID: fundID, initiativeID: id, department: payer, amount: amount, referenceNumber: "KS \(step)"), date)
        case "reverse":
            let reversible: Set = [
                CapitalContributed.eventType, CapitalWithdrawn.eventType, FundsDisbursed.eventType, SavingRealised.eventType,
                SavingAttributed.eventType, RepaymentReceived.eventType, RepaymentWaived.eventType,
            ]
            let all = state.eventsByID.values.filter { $0.streamID == LedgerStreams.fund(fundID) }.sorted { $0.globalPosition < $1.globalPosition }
            let money = all.filter { reversible.contains($0.event.eventType) }
            let events = money.isEmpty || random.chance(0.25) ? all : money
            let target = events.isEmpty || random.chance(0.03) ? UUID() : events[random.int(in: 0...(events.count - 1))].eventID
            return (.reverse(fundID: fundID, eventID: target), date)
        case "close":
            return (.closeInitiative(fundID: fundID, initiativeID: initiative(), outcome: random.chance(0.5) ? .completed : .discontinued), date)
        case "policy":
            return (.changePolicy(fundID: fundID, policy: policy(random.int(in: 0...(Self.models.count - 1)))), date)
        case "period":
            // Closes through the end of the month before this step's date.
            let through = CivilDate(year: date.month == 1 ? date.year - 1 : date.year, month: date.month == 1 ? 12 : date.month - 1, day: 28)!
            return (.closePeriod(organisationID: LedgerFixture.organisationID, through: through), date)
        default:
            return (.measureOutcome(fundID: fundID, initiativeID: initiative([.decided, .closed]), indicator: random.chance(0.8) ? "placeringar" : "okänd",
                                    value: "\(random.int(in: 0...20))", period: "\(date.year)"), date)
        }
    }
}

