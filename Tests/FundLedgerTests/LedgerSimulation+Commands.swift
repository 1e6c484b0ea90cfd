import EventStore
import Foundation
import FundLedger
import TestSupport

// The simulation's commands, drawn from a seeded random source. The draws happen in a fixed order
// (the date, the operation, then the operation's own draws, argument by argument), so a seed always
// gives the same command: change that order and every recorded failing seed means something else.

extension LedgerSimulation {
    /// Effective date of a step: the 15th of consecutive months from January 2025.
    static func date(ofStep step: Int) -> CivilDate {
        CivilDate(year: 2025 + (step + 1) / 12, month: (step + 1) % 12 + 1, day: 15)!
    }

    func command(step: Int, state: LedgerState, random: inout SplitMix64) -> (LedgerCommand, CivilDate) {
        var generator = CommandGenerator(simulation: self, step: step, state: state, random: random)
        let operation = generator.operation()
        let command = generator.command(for: operation)
        random = generator.random
        return (command, generator.date)
    }
}

/// Draws one step's command from `random`, weighted by the state of the fund so that sequences reach
/// disbursements, savings and repayments.
struct CommandGenerator {
    let simulation: LedgerSimulation
    let step: Int
    let state: LedgerState
    let fundID = LedgerSimulation.fundID
    let fund: FundState?
    /// The command's effective date: the step's own, now and then a back-dated one.
    let date: CivilDate
    let initiatives: [String]
    var random: SplitMix64

    init(simulation: LedgerSimulation, step: Int, state: LedgerState, random: SplitMix64) {
        var random = random
        self.simulation = simulation
        self.step = step
        self.state = state
        fund = state.funds[LedgerSimulation.fundID]
        // Now and then a back-dated entry, which a closed period may refuse.
        date = random.chance(0.08) ? LedgerSimulation.date(ofStep: random.int(in: 0...step) - 1) : LedgerSimulation.date(ofStep: step)
        initiatives = (fund?.initiatives.keys.sorted() ?? [])
        self.random = random
    }

    // MARK: Choosing the operation

    /// The operation's name, picked by weights that follow the state.
    mutating func operation() -> String {
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
        return operation
    }

    /// The command for `operation`, from the generator of its family.
    mutating func command(for operation: String) -> LedgerCommand {
        switch operation {
        case "contribute", "withdraw", "policy", "period": fundCommand(operation)
        case "submit", "decide", "reject", "amend", "revoke": decisionCommand(operation)
        case "disburse", "cofinance", "close": initiativeCommand(operation)
        case "saving", "attribute": savingCommand(operation)
        case "repay", "waive": repaymentCommand()
        case "reverse": reversal()
        default: outcomeMeasurement()
        }
    }

    // MARK: Arguments

    /// Mostly an initiative in a status the command needs, now and then any, rarely an unknown one.
    mutating func initiative(_ statuses: Set<InitiativeStatus> = [.decided]) -> String {
        if initiatives.isEmpty || random.chance(0.04) { return "okand" }
        let fitting = initiatives.filter { fund?.initiatives[$0].map { statuses.contains($0.status) } ?? false }
        let pool = fitting.isEmpty || random.chance(0.15) ? initiatives : fitting
        return pool[random.int(in: 0...(pool.count - 1))]
    }

    mutating func department() -> String { random.chance(0.03) ? "KUL" : LedgerSimulation.departments[random.int(in: 0...2)] }

    mutating func amount(upTo kronor: Int64) -> Money {
        if random.chance(0.03) { return Money(ore: -random.int64(in: 0...1_000), currency: .sek) }
        if random.chance(0.02) { return Money(ore: random.int64(in: 1...1_000_000), currency: .eur) }
        if random.chance(0.08) { return Money(ore: random.int64(in: 1...9), currency: .sek) }
        return Money(ore: random.int64(in: 1...(kronor * 100)), currency: .sek)
    }

    /// Exactly `target`, half of it, one öre more, or anything.
    mutating func near(_ target: Int64, upTo kronor: Int64) -> Money {
        switch random.int(in: 0...3) {
        case 0: return Money(ore: target, currency: .sek)
        case 1: return Money(ore: target / 2 + 1, currency: .sek)
        case 2: return Money(ore: target + 1, currency: .sek)
        default: return amount(upTo: kronor)
        }
    }

    // MARK: Command families

    /// The fund's capital, policy and periods.
    mutating func fundCommand(_ operation: String) -> LedgerCommand {
        switch operation {
        case "contribute":
            return .contributeCapital(fundID: fundID, amount: amount(upTo: 20_000_000), source: "KF")
        case "withdraw":
            return .withdrawCapital(fundID: fundID, amount: near(fund?.uncommitted.ore ?? 0, upTo: 30_000_000))
        case "policy":
            return .changePolicy(fundID: fundID, policy: simulation.policy(random.int(in: 0...(LedgerSimulation.models.count - 1))))
        default:
            // "period": closes through the end of the month before this step's date.
            let through = CivilDate(year: date.month == 1 ? date.year - 1 : date.year, month: date.month == 1 ? 12 : date.month - 1, day: 28)!
            return .closePeriod(organisationID: LedgerFixture.organisationID, through: through)
        }
    }

    /// Applications and the decisions on them.
    mutating func decisionCommand(_ operation: String) -> LedgerCommand {
        switch operation {
        case "submit":
            let count = random.int(in: 1...3)
            let first = random.int(in: 0...2)
            let departments = (0..<count).map { LedgerSimulation.departments[(first + $0) % 3] }
            let years = (0..<random.int(in: 1...3)).map { YearAmount(year: 2025 + $0, amount: amount(upTo: 5_000_000)) }
            let application = LedgerFixture.application(
                "i\(initiatives.count + (random.chance(0.05) ? -1 : 0))", departments: random.chance(0.03) ? ["KUL"] : departments,
                perYear: years, coFinancing: kr(0))
            return .submitApplication(fundID: fundID, application: application)
        case "decide":
            let id = initiative([.applied])
            let requested = fund?.initiatives[id]?.application.requestedPerYear.reduce(0) { $0 + $1.amount.ore } ?? 0
            return .decideInvestment(fundID: fundID, initiativeID: id, body: "KS", referenceNumber: "KS \(step)",
                                     granted: near(requested, upTo: 25_000_000), phasing: [])
        case "reject":
            return .rejectApplication(fundID: fundID, initiativeID: initiative([.applied]), body: "KS", referenceNumber: "KS \(step)", reason: "avslag")
        case "amend":
            let id = initiative()
            return .amendDecision(fundID: fundID, initiativeID: id, referenceNumber: "KS \(step)",
                                  granted: near(fund?.initiatives[id]?.disbursed.ore ?? 0, upTo: 25_000_000))
        default:
            // "revoke"
            return .revokeDecision(fundID: fundID, initiativeID: initiative(), referenceNumber: "KS \(step)")
        }
    }

    /// Money out to a decided initiative, co-financing, and closing.
    mutating func initiativeCommand(_ operation: String) -> LedgerCommand {
        switch operation {
        case "disburse":
            let id = initiative()
            let remaining = fund?.initiatives[id].map { $0.granted.ore - $0.disbursed.ore } ?? 0
            return .disburse(fundID: fundID, initiativeID: id, amount: near(remaining, upTo: 10_000_000), department: department(), voucher: "V\(step)")
        case "cofinance":
            return .recordCoFinancing(fundID: fundID, initiativeID: initiative([.applied, .decided]), amount: amount(upTo: 1_000_000), contributor: department())
        default:
            // "close"
            return .closeInitiative(fundID: fundID, initiativeID: initiative(), outcome: random.chance(0.5) ? .completed : .discontinued)
        }
    }

    /// Savings realised, and shares of them attributed.
    mutating func savingCommand(_ operation: String) -> LedgerCommand {
        if operation == "saving" {
            let count = fund?.initiatives.values.reduce(0) { $0 + $1.savings.count } ?? 0
            let year = random.int(in: 2024...2031)
            let saving = SavingRealised(
                savingID: "s\(count + (random.chance(0.05) ? -1 : 0))", initiativeID: initiative([.decided, .closed]), department: department(),
                amount: amount(upTo: 4_000_000), periodStart: day("\(year)-01-01"),
                periodEnd: random.chance(0.03) ? day("\(year - 1)-12-31") : day("\(year)-12-31"), evidence: "uppföljning", cashable: random.chance(0.7))
            return .realiseSaving(fundID: fundID, saving: saving)
        }
        // "attribute"
        let savings = fund?.initiatives.values.flatMap(\.savings.keys).sorted() ?? []
        let savingID = savings.isEmpty || random.chance(0.05) ? "okand" : savings[random.int(in: 0...(savings.count - 1))]
        // Often exactly what is left, so that shares reach 100 % (where rounding is tightest).
        let rest = fund?.initiative(ofSaving: savingID)?.savings[savingID]?.remainingShare ?? .zero
        let share = rest.isPositive && random.chance(0.35) ? rest : LedgerSimulation.shares[random.int(in: 0...(LedgerSimulation.shares.count - 1))]
        return .attributeSaving(fundID: fundID, savingID: savingID, department: department(), share: share)
    }

    /// A repayment received or waived, mostly from a department that owes something.
    mutating func repaymentCommand() -> LedgerCommand {
        let id = initiative([.decided, .closed, .revoked])
        // Mostly a department that owes something.
        let debtors = fund?.initiatives[id].map { RepaymentSchedule.positions(for: $0).filter(\.outstanding.isPositive).map(\.department) } ?? []
        let payer = debtors.isEmpty || random.chance(0.2) ? department() : debtors[random.int(in: 0...(debtors.count - 1))]
        let owed = fund?.initiatives[id].flatMap { RepaymentSchedule.positions(for: $0).first { $0.department == payer } }?.outstanding.ore ?? 0
        let amount = near(owed, upTo: 3_000_000)
        if random.chance(0.7) {
            return .receiveRepayment(fundID: fundID, initiativeID: id, department: payer, amount: amount,
                                     method: random.chance(0.5) ? .cash : .frameReduction)
        }
        return .waiveRepayment(fundID: fundID, initiativeID: id, department: payer, amount: amount, referenceNumber: "KS \(step)")
    }

    /// A reversal, mostly of an event that moved money, now and then of any event or an unknown one.
    mutating func reversal() -> LedgerCommand {
        let reversible: Set = [
            CapitalContributed.eventType, CapitalWithdrawn.eventType, FundsDisbursed.eventType, SavingRealised.eventType,
            SavingAttributed.eventType, RepaymentReceived.eventType, RepaymentWaived.eventType,
        ]
        let all = state.eventsByID.values.filter { $0.streamID == LedgerStreams.fund(fundID) }.sorted { $0.globalPosition < $1.globalPosition }
        let money = all.filter { reversible.contains($0.event.eventType) }
        let events = money.isEmpty || random.chance(0.25) ? all : money
        let target = events.isEmpty || random.chance(0.03) ? UUID() : events[random.int(in: 0...(events.count - 1))].eventID
        return .reverse(fundID: fundID, eventID: target)
    }

    mutating func outcomeMeasurement() -> LedgerCommand {
        .measureOutcome(fundID: fundID, initiativeID: initiative([.decided, .closed]), indicator: random.chance(0.8) ? "placeringar" : "okänd",
                        value: "\(random.int(in: 0...20))", period: "\(date.year)")
    }
}
