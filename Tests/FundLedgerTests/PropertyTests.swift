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

/// Drives a ledger with commands derived from random seeds and checks it after every step; the service
/// decides on snapshots (`snapshotInterval`), the prediction on the state kept from every event.
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
    /// The service's `snapshotInterval`: 1 saves a snapshot at nearly every command, so every decision is
    /// made on a snapshot and the events after it, and compared with one made on the whole log.
    var snapshotInterval = 1

    var policy: FundPolicy { policy(model) }

    func policy(_ model: Int) -> FundPolicy {
        FundPolicy(overcommitmentAllowed: overcommitmentAllowed, repaymentModel: Self.models[model])
    }

    func run(on store: any EventStore, steps: [Int]) async throws {
        _ = try await LedgerFixture.start(on: store, policy: policy, capital: kr(20_000_000), fundID: Self.fundID, date: day("2025-01-02"))
        let service = LedgerService(store: store, snapshotInterval: snapshotInterval)
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
                let reference = RepaymentDuesReference.dues(of: initiative)
                if initiative.dues.byDepartment.filter({ $0.value != 0 }) != reference.filter({ $0.value != 0 }) {
                    problems.append("\(initiative.id) keeps dues \(initiative.dues.byDepartment), a recomputation gives \(reference)")
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
}
