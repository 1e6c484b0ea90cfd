import EventStore
import Foundation
import FundLedger
import Memberwise

/// One command read from a file, a row or a request, not yet checked against the ledger.
@PublicMemberwiseInit
public struct PendingCommand: Sendable {
    /// Names it in messages: `entry 3 (line 12, disburse)`, `row 4 (line 5)`.
    public var label: String
    public var kind: CommandKind
    public var input: FieldInput
    /// A rule expected to refuse it (`expect: refused RULE` in a command file): checked, never recorded.
    public var expectedRefusal: String? = nil
    /// A remark printed with its outcome (`note:` in a command file).
    public var note: String? = nil
}

/// What a recording did: each event written (or found written by an earlier, identical run), and each
/// command refused as expected.
@PublicMemberwiseInit
public struct RecordingOutcome: Sendable {
    /// One event of the outcome.
    @PublicMemberwiseInit
    public struct Event: Sendable {
        /// The entry it came from, from 0 in the batch.
        public var entry: Int
        /// The entry's label; `nil` for a command typed on the command line.
        public var label: String?
        public var event: RecordedEvent
        /// Whether it was recorded by an earlier run (a retry wrote nothing).
        public var alreadyRecorded: Bool
    }

    /// One command refused as the batch expected.
    public struct Refusal: Sendable {
        /// The entry, from 0 in the batch.
        public var entry: Int
        public var label: String?
        public var error: LedgerRuleError
        public var note: String?
    }

    public var events: [Event]
    public var refusals: [Refusal] = []
    /// How many entries the batch held.
    public var entryCount: Int
    /// Whether every entry had been recorded before.
    public var wasAlreadyRecorded: Bool
}

/// Records commands through `LedgerService`: reads each one's fields against the ledger (a malformed
/// field is a `UserError` naming it), gives it an id, records all or none, and reads back what was written.
/// The command line, the server and the demo record through it.
@PublicMemberwiseInit
public struct Recorder: Sendable {
    /// Most commands one batch may hold: they are appended in one transaction, and one append holds at
    /// most this many events.
    public static let batchCommandCountMax = AppendLimits.eventCountMax

    public let service: LedgerService
    /// Metadata given once for every command (`--actor`, `--reason`, …; `command_id` is the batch's base id).
    public var metadata: [String: FieldValue] = [:]
    public var defaults: MetadataDefaults

    /// Records one command of `kind` from `fields` (typed on the command line when `origin` says so).
    public func record(_ kind: CommandKind, _ fields: [String: FieldValue], origin: FieldOrigin) async throws -> RecordingOutcome {
        var input = FieldInput(fields.merging(metadata) { command, _ in command }, origin: origin)
        let context = BuildContext(state: try await fundStates(of: [input]))
        let draft = try CommandCatalog.draft(kind, &input, context: context, defaults: defaults)
        let entry = Entry(label: nil, envelopes: draft.envelopes(id: draft.commandID ?? UUID()), expectedRefusal: nil, note: nil)
        return try await record([entry])
    }

    /// The state of the funds the commands name (their currencies and policies shape how their fields
    /// read), and nothing else of the ledger.
    func fundStates(of inputs: [FieldInput]) async throws -> LedgerState {
        let funds = Set(inputs.compactMap { $0.peekText(CommandField.fund.name) })
        return try await service.loadState(streams: funds.sorted().map(LedgerStreams.fund)).state
    }

    /// Records the commands of a file, all in one transaction: each is read against the ledger and the
    /// entries before it (a malformed one fails naming its entry and field), then all are recorded or
    /// none (a broken rule fails naming the entry).
    ///
    /// Ids: an entry's own `command_id`, else derived from the `command_id` metadata, else from the
    /// batch's content, so rerunning the same file is a retry.
    public func recordBatch(_ pending: [PendingCommand], source: String) async throws -> RecordingOutcome {
        try Self.checkSize(pending.count, source: source, what: "commands")
        let base = try baseID()
        var context = BuildContext(state: try await fundStates(of: pending.map(\.input)))
        var drafts: [(item: PendingCommand, draft: CommandDraft)] = []
        var labelsByID: [UUID: String] = [:]
        for var item in pending {
            for (field, value) in metadata where field != CommandField.commandID.name { item.input.setDefault(field, value) }
            let draft = try CommandCatalog.draft(item.kind, &item.input, context: context, defaults: defaults)
            if let id = draft.commandID {
                if let other = labelsByID[id] {
                    throw item.input.origin.error("command_id", "\(id.uuidString.lowercased()) is also the id of \(other)")
                }
                labelsByID[id] = item.label
            }
            if item.expectedRefusal == nil { for command in draft.commands { context.note(command) } }
            drafts.append((item, draft))
        }
        try Self.checkSize(drafts.reduce(0) { $0 + $1.draft.commands.count }, source: source, what: "events")
        let batchID: UUID
        if let base { batchID = base } else { batchID = try await contentBatchID(drafts.map(\.draft), state: context.state) }
        let entries = drafts.enumerated().map { index, pair in
            Entry(
                label: pair.item.label,
                envelopes: pair.draft.envelopes(id: pair.draft.commandID ?? DeterministicID.derived(from: batchID, index: index)),
                expectedRefusal: pair.item.expectedRefusal, note: pair.item.note)
        }
        return try await record(entries)
    }

    /// A batch's id from its content, keyed with the namespace of the organisations its commands are for
    /// (0027), so no other organisation can compute it — unless the batch was recorded before namespaces,
    /// under the plain id: that id, found on an event in the stream its command writes, keeps a rerun a
    /// retry. (Found anywhere else it is an event planted under a guessed id, which a probe used to make
    /// the victim's first run fail: it is ignored.)
    func contentBatchID(_ drafts: [CommandDraft], state: LedgerState) async throws -> UUID {
        let texts = drafts.map(\.canonicalText)
        let organisations = Set(drafts.flatMap(\.commands).compactMap { LedgerService.organisation(of: $0, state: state) })
        let plain = DeterministicID.batch(texts)
        guard let namespace = try await service.store.commandIDNamespace(organisations: organisations.sorted()) else { return plain }
        var streams: [UUID: String] = [:]
        for index in drafts.indices where drafts[index].commandID == nil {
            if let stream = drafts[index].commands.first?.stream { streams[DeterministicID.derived(from: plain, index: index)] = stream }
        }
        let earlier = try await service.store.read(eventIDs: Array(streams.keys))
        if !earlier.isEmpty, earlier.allSatisfy({ streams[$0.eventID] == $0.streamID }) { return plain }
        return DeterministicID.batch(texts, namespace: namespace)
    }

    static func checkSize(_ count: Int, source: String, what: String) throws {
        guard count > 0 else {
            throw UserError(description: "\(source) holds no commands; nothing was written", exitCode: ExitStatus.badInput)
        }
        guard count <= batchCommandCountMax else {
            let says = what == "events"
                ? "records \(count) events, more than the \(batchCommandCountMax) one transaction may hold"
                : "holds \(count) commands, more than the \(batchCommandCountMax) one batch may hold"
            throw UserError(description: "\(source) \(says); split it; nothing was written", exitCode: ExitStatus.badInput)
        }
    }

    /// The batch's base id, from the `command_id` metadata (`--command-id`).
    func baseID() throws -> UUID? {
        guard case .text(let text)? = metadata[CommandField.commandID.name] else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw UserError(description: "--command-id: \"\(text)\" is not a UUID; nothing was written", exitCode: ExitStatus.badInput)
        }
        return id
    }
}
