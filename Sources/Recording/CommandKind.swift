import EventStore
import Foundation
import FundLedger
import Memberwise

/// What a command's fields are read against: the ledger as loaded, plus what earlier commands of the same
/// batch set up (a command file may establish a fund in EUR and contribute to it two entries later).
public struct BuildContext {
    public var state: LedgerState
    private var currencies: [String: Currency] = [:]
    private var policies: [String: FundPolicy] = [:]

    public init(state: LedgerState) {
        self.state = state
    }

    /// The fund's currency; SEK for a fund nobody has established (the rules then refuse the command).
    func currency(ofFund id: String) -> Currency {
        currencies[id] ?? state.funds[id]?.currency ?? .sek
    }

    /// The fund's policy as it will stand when the command is recorded.
    func policy(ofFund id: String) -> FundPolicy? {
        policies[id] ?? state.funds[id]?.policy
    }

    /// Takes note of a command read earlier in the batch.
    mutating func note(_ command: LedgerCommand) {
        switch command {
        case .establishFund(let fundID, _, _, let currency, let policy):
            currencies[fundID] = currency
            policies[fundID] = policy
        case .changePolicy(let fundID, let policy):
            policies[fundID] = policy
        default:
            break
        }
    }
}

/// One kind of recording command: its name in command files, its place on the command line, its fields and
/// help, and how its fields become what is recorded (`build`, of type `Build`). The command line, command
/// files, row imports and the server all go through `build`, so a field means the same and is checked the
/// same wherever it is typed.
public struct RecordingKind<Build: Sendable>: CommandDeclaration {
    /// The name in command files (`command: disburse`).
    public let name: String
    /// The subcommand, e.g. `initiative disburse`.
    public let commandLine: String
    /// One line saying what it records.
    public let abstract: String
    /// A full example command line.
    public let example: String
    /// The fields it takes besides the metadata every command takes (`CommandField.metadata`).
    public let fields: [CommandField]
    /// Reads the fields (every one the kind takes) into what to record.
    let build: Build

    init(_ name: String, _ commandLine: String, _ abstract: String, example: String, fields: [CommandField], build: Build) {
        self.name = name
        self.commandLine = commandLine
        self.abstract = abstract
        self.example = example
        self.fields = fields
        self.build = build
    }

    /// The field named `name` (as in files), metadata included.
    public func field(named name: String) -> CommandField? {
        (fields + CommandField.metadata).first { $0.name == name }
    }
}

/// A kind of the ledger's commands: its fields become `LedgerCommand`s, in order, read against the ledger
/// as the batch leaves it (`BuildContext`).
public typealias CommandKind = RecordingKind<@Sendable (inout FieldInput, BuildContext) throws -> [LedgerCommand]>

/// A command read from its fields, with who, why and when, before it gets its id.
public struct CommandDraft: Sendable {
    public var kind: CommandKind
    public var commands: [LedgerCommand]
    public var actor: String
    public var reason: String?
    public var decisionReference: String?
    public var effectiveDate: CivilDate
    /// Given by the user (`--command-id`, `command_id:`); otherwise assigned when the batch is recorded.
    public var commandID: UUID?
    /// Other organisations that may read the command's events (`--share-with`), sorted; nil for none.
    public var sharedWith: [String]? = nil

    /// What identifies the command's content for a content-derived id: the commands and the date they
    /// take effect, not who typed them (the same file run by a colleague is still a retry).
    var canonicalText: String {
        "\(kind.name)|\(effectiveDate)|\(commands.map { String(reflecting: $0) }.joined(separator: "|"))"
    }

    /// The envelopes to record, the first with `id`, any further ones (a fund's initial capital) with ids
    /// derived from it.
    func envelopes(id: UUID) -> [CommandEnvelope] {
        commands.enumerated().map { offset, command in
            CommandEnvelope(
                command, actor: actor, reason: reason, decisionReference: decisionReference, effectiveDate: effectiveDate,
                commandID: offset == 0 ? id : DeterministicID.derived(from: id, index: offset), sharedWith: sharedWith)
        }
    }
}

/// Defaults for the metadata every command carries.
@PublicMemberwiseInit
public struct MetadataDefaults: Sendable {
    public var actor: String
    public var effectiveDate: CivilDate

    /// `$USER` (or `cli`), and today in the organisation's time zone (`OrganisationTime`): a disbursement
    /// booked at 00:30 on 1 January in Tomelilla belongs to the new year, whatever UTC says.
    public static func fromEnvironment() throws -> MetadataDefaults {
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "cli"
        let zone: TimeZone
        do { zone = try OrganisationTime.zone() } catch { throw UserError(description: error.description, exitCode: ExitStatus.usage) }
        return MetadataDefaults(actor: user, effectiveDate: OrganisationTime.today(in: zone))
    }
}
