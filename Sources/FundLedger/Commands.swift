import EventStore
import Foundation

/// Something a user asks the ledger to record. A command is checked against the current state and
/// either yields events or is refused with a `LedgerRuleError` naming the rule.
public enum LedgerCommand: Sendable, Equatable {
    // decideInvestment's `repaymentTerms`: terms agreed in this decision (e.g. a repayment plan); nil takes
    // the fund policy's model in force on the decision date.
    case registerOrganisation(id: String, name: String, kind: String)
    case registerDepartment(organisationID: String, code: String, name: String, kind: DepartmentKind)
    case closePeriod(organisationID: String, through: CivilDate)
    case establishFund(fundID: String, organisationID: String, name: String, currency: Currency, policy: FundPolicy)
    case changePolicy(fundID: String, policy: FundPolicy)
    case contributeCapital(fundID: String, amount: Money, source: String)
    case withdrawCapital(fundID: String, amount: Money)
    case submitApplication(fundID: String, application: ApplicationSubmitted)
    case assessApplication(fundID: String, initiativeID: String, assessor: String)
    case decideInvestment(fundID: String, initiativeID: String, body: String, referenceNumber: String, granted: Money, phasing: [YearAmount], repaymentTerms: RepaymentModel? = nil)
    case rejectApplication(fundID: String, initiativeID: String, body: String, referenceNumber: String, reason: String)
    case amendDecision(fundID: String, initiativeID: String, referenceNumber: String, granted: Money)
    case revokeDecision(fundID: String, initiativeID: String, referenceNumber: String)
    /// `repeatedVoucher`: the voucher number is knowingly used a second time in its fiscal year.
    case disburse(fundID: String, initiativeID: String, amount: Money, department: String, voucher: String, repeatedVoucher: Bool = false)
    case recordCoFinancing(fundID: String, initiativeID: String, amount: Money, contributor: String)
    case realiseSaving(fundID: String, saving: SavingRealised)
    case attributeSaving(fundID: String, savingID: String, department: String, share: Rate)
    case receiveRepayment(fundID: String, initiativeID: String, department: String, amount: Money, method: RepaymentMethod)
    case waiveRepayment(fundID: String, initiativeID: String, department: String, amount: Money, referenceNumber: String)
    case measureOutcome(fundID: String, initiativeID: String, indicator: String, value: String, period: String)
    case closeInitiative(fundID: String, initiativeID: String, outcome: ClosingOutcome)
    case reverse(fundID: String, eventID: UUID)

    /// The stream whose version guards this command: the fund for fund commands, else the organisation.
    public var stream: String {
        switch self {
        case .registerOrganisation(let id, _, _): LedgerStreams.organisation(id)
        case .registerDepartment(let id, _, _, _), .closePeriod(let id, _): LedgerStreams.organisation(id)
        case .establishFund(let fundID, _, _, _, _), .changePolicy(let fundID, _), .contributeCapital(let fundID, _, _),
            .withdrawCapital(let fundID, _), .submitApplication(let fundID, _), .assessApplication(let fundID, _, _),
            .decideInvestment(let fundID, _, _, _, _, _, _), .rejectApplication(let fundID, _, _, _, _),
            .amendDecision(let fundID, _, _, _), .revokeDecision(let fundID, _, _), .disburse(let fundID, _, _, _, _, _),
            .recordCoFinancing(let fundID, _, _, _), .realiseSaving(let fundID, _), .attributeSaving(let fundID, _, _, _),
            .receiveRepayment(let fundID, _, _, _, _), .waiveRepayment(let fundID, _, _, _, _),
            .measureOutcome(let fundID, _, _, _, _), .closeInitiative(let fundID, _, _), .reverse(let fundID, _):
            LedgerStreams.fund(fundID)
        }
    }
}

/// A command the ledger records into one stream: `LedgerCommand`, `ValuationCommand`.
public protocol RecordableCommand: Sendable, Equatable {
    /// The stream the command records into, whose version guards it.
    var stream: String { get }
}

extension LedgerCommand: RecordableCommand {}

/// A command with who asks, why, and the date it takes effect in the books: a `CommandEnvelope` or a
/// `ValuationEnvelope`.
public struct Envelope<Command: RecordableCommand>: Sendable, Equatable {
    public var command: Command
    public var metadata: EventMetadata
    public var effectiveDate: CivilDate
    /// Fixed id of the first event the command yields; retrying with the same id is idempotent.
    public var commandID: UUID

    /// `sharedWith`: other organisations the command's events concern, who may read them too (docs/access.md).
    public init(_ command: Command, actor: String, reason: String? = nil, decisionReference: String? = nil,
                effectiveDate: CivilDate, commandID: UUID = UUID(), sharedWith: [String]? = nil) {
        self.command = command
        self.metadata = EventMetadata(
            actor: actor, reason: reason, decisionReference: decisionReference, commandID: commandID,
            commandDigest: Self.digest(of: command, effectiveDate: effectiveDate), sharedWith: sharedWith)
        self.effectiveDate = effectiveDate
        self.commandID = commandID
    }

    /// The command's digest stored in its metadata (`CommandDigest.of(_:effectiveDate:)`).
    static func digest(of command: Command, effectiveDate: CivilDate) -> String {
        CommandDigest.of(command, effectiveDate: effectiveDate)
    }
}

/// A fund or organisation command with who asks, why, and its effective date.
public typealias CommandEnvelope = Envelope<LedgerCommand>

/// The digest a command's events carry in `EventMetadata.commandDigest`, compared on a retry to tell the
/// same command from a different command reusing its id.
enum CommandDigest {
    /// FNV-1a (64 bit, 16 lowercase hex digits) of `"<command>|<effective date>"`, the command as Swift
    /// describes it. Not a security measure: it only tells a retry of the same command from a different one.
    ///
    /// The algorithm and the text it hashes must never change: digests of commands already recorded are
    /// stored in event metadata and compared with a retry's digest, so a change would refuse every retry of
    /// an earlier command as a reused id.
    static func of(_ command: some Sendable, effectiveDate: CivilDate) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(command)|\(effectiveDate)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A broken rule: which one, and a sentence for a finance officer. Nothing was written.
public struct LedgerRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short, stable name of the rule, e.g. `over-disbursement`, `criterion:minimum-departments`.
    public var rule: String
    public var message: String

    public init(_ rule: LedgerRule, _ message: String) {
        self.rule = rule.description
        self.message = message
    }

    public var description: String { "\(message) [rule: \(rule)]" }
}
