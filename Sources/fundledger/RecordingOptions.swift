import ArgumentParser
import EventStore
import Foundation
import FundLedger

/// Options every recording command shares: the database, who records, why, when it takes effect, and an
/// optional command id that makes a retry safe.
struct RecordingOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: "Who records this (default: $USER, else cli).")
    var actor: String?
    @Option(help: "Why it is recorded; stored with the event.")
    var reason: String?
    @Option(name: .customLong("decision-ref"), help: "The decision (diarienummer) it rests on; required by decide, reject, amend, revoke and repayment waive.")
    var decisionRef: String?
    @Option(help: "The date it takes effect in the books, YYYY-MM-DD (default: today in the organisation's time zone, $FUNDLEDGER_TIME_ZONE or Europe/Stockholm).")
    var effectiveDate: String?
    @Option(help: "A UUID for this command: running it again with the same id is a safe retry, not a second entry.")
    var commandId: String?
    @Flag(help: "Print one JSON line per recorded event instead of text.")
    var json = false

    /// The metadata as fields, for the same checks a command file gets.
    var metadataFields: [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        fields["actor"] = .given(actor)
        fields["reason"] = .given(reason)
        fields["decision_ref"] = .given(decisionRef)
        fields["effective_date"] = .given(effectiveDate)
        fields["command_id"] = .given(commandId)
        return fields
    }

    /// Records one command typed on the command line: reads its fields (a malformed one exits 65 naming
    /// the option), records it through `LedgerService` (a broken rule exits 6), and prints what was written.
    /// `optionNames` names the options whose spelling differs from their field (`fund` is `--id`).
    func record(_ kind: CommandKind, _ fields: [String: FieldValue?], optionNames: [String: String] = [:]) async throws {
        try await reportingErrors {
            let service = LedgerService(store: try database.store())
            let state = try await service.loadState()
            var input = FieldInput(
                fields.compactMapValues { $0 }.merging(metadataFields) { command, _ in command },
                origin: .commandLine(optionNames))
            let draft = try CommandCatalog.draft(kind, &input, context: BuildContext(state: state), defaults: try .fromEnvironment())
            let entry = RecordingBatch.Entry(label: nil, envelopes: draft.envelopes(id: draft.commandID ?? UUID()))
            try await RecordingBatch(entries: [entry]).record(with: service, json: json)
        }
    }
}

/// One command read from a file or a row, not yet checked against the ledger.
struct PendingCommand {
    /// Names it in messages: `entry 3 (line 12, disburse)`, `row 4 (line 5)`.
    var label: String
    var kind: CommandKind
    var input: FieldInput
}

extension RecordingOptions {
    /// Most commands one file may hold: they are appended in one transaction, and one append holds at
    /// most this many events.
    static let batchCommandCountMax = AppendLimits.eventCountMax

    /// Records commands read from a file, all in one `recordAll`: each is read against the ledger and the
    /// entries before it (a malformed one exits 65 naming its entry and field), then all are recorded or
    /// none (a broken rule exits 6 naming the entry).
    ///
    /// The options given here are defaults for every entry. Ids: an entry's own `command_id`, else derived
    /// from `--command-id`, else from the batch's content, so rerunning the same file is a retry.
    func recordBatch(_ pending: [PendingCommand], source: String) async throws {
        guard !pending.isEmpty else {
            throw UserError(description: "\(source) holds no commands; nothing was written", exitCode: ExitStatus.badInput)
        }
        guard pending.count <= Self.batchCommandCountMax else {
            throw UserError(
                description: "\(source) holds \(pending.count) commands, more than the \(Self.batchCommandCountMax) one batch may hold; split it; nothing was written",
                exitCode: ExitStatus.badInput)
        }
        var base: UUID?
        if let commandId {
            guard let id = UUID(uuidString: commandId) else {
                throw UserError(description: "--command-id: \"\(commandId)\" is not a UUID; nothing was written", exitCode: ExitStatus.badInput)
            }
            base = id
        }
        let service = LedgerService(store: try database.store())
        var context = BuildContext(state: try await service.loadState())
        let defaults = try MetadataDefaults.fromEnvironment()
        var drafts: [(label: String, draft: CommandDraft)] = []
        var labelsByID: [UUID: String] = [:]
        for var item in pending {
            for (field, value) in metadataFields where field != "command_id" { item.input.setDefault(field, value) }
            let draft = try CommandCatalog.draft(item.kind, &item.input, context: context, defaults: defaults)
            if let id = draft.commandID {
                if let other = labelsByID[id] {
                    throw item.input.origin.error("command_id", "\(id.uuidString.lowercased()) is also the id of \(other)")
                }
                labelsByID[id] = item.label
            }
            for command in draft.commands { context.note(command) }
            drafts.append((item.label, draft))
        }
        let eventCount = drafts.reduce(0) { $0 + $1.draft.commands.count }
        guard eventCount <= AppendLimits.eventCountMax else {
            throw UserError(
                description: "\(source) records \(eventCount) events, more than the \(AppendLimits.eventCountMax) one transaction may hold; split it; nothing was written",
                exitCode: ExitStatus.badInput)
        }
        let batchID = base ?? CommandIDs.batch(drafts.map(\.draft))
        let entries = drafts.enumerated().map { index, item in
            RecordingBatch.Entry(
                label: item.label, envelopes: item.draft.envelopes(id: item.draft.commandID ?? CommandIDs.derived(from: batchID, index: index)))
        }
        try await RecordingBatch(entries: entries).record(with: service, json: json)
    }
}

extension FieldValue {
    /// `.text(value)`, or nothing for `nil`.
    static func given(_ value: String?) -> FieldValue? { value.map { .text($0) } }
    /// `.list(values)`, or nothing for an empty list (a repeatable option not given).
    static func given(_ values: [String]) -> FieldValue? { values.isEmpty ? nil : .list(values) }
    /// `true`/`false`, or nothing for `nil`.
    static func given(_ value: Bool?) -> FieldValue? { value.map { .text($0 ? "true" : "false") } }
}

/// Commands recorded together in one atomic `recordAll`, each entry labelled for messages (`row 3 (line 4)`).
struct RecordingBatch {
    struct Entry {
        /// Names the entry in messages; `nil` for a command typed on the command line.
        var label: String?
        var envelopes: [CommandEnvelope]
    }

    var entries: [Entry]

    /// Records every entry or none, and prints each event written (or, for a retry, each event recorded
    /// earlier). A broken rule becomes a message naming the entry, exit 6.
    func record(with service: LedgerService, json: Bool) async throws {
        let envelopes = entries.flatMap(\.envelopes)
        let result: RecordingResult
        do {
            result = try await service.recordAll(envelopes)
        } catch let error as BatchRuleError {
            throw refusal(error.error, label: label(ofEnvelope: error.index))
        } catch let error as LedgerRuleError {
            throw refusal(error, label: envelopes.count == 1 ? entries.first?.label : nil)
        }

        var positions: [(position: Int64, alreadyRecorded: Bool)]
        if result.wasAlreadyRecorded {
            let state = try await service.loadState()
            positions = []
            for envelope in envelopes {
                guard let stored = state.eventsByID[envelope.commandID] else { continue }
                guard stored.streamID == envelope.command.stream, stored.effectiveDate == envelope.effectiveDate else {
                    let id = envelope.commandID.uuidString.lowercased()
                    throw UserError(
                        description: "command id \(id) was used before for \(stored.event.eventType) in \(stored.streamID), "
                            + "effective \(stored.effectiveDate); use a new id for a different command; nothing was written",
                        exitCode: ExitStatus.conflict)
                }
                positions.append((stored.globalPosition, true))
            }
        } else {
            positions = result.appended.map { ($0.globalPosition, false) }
        }
        let events = try await recordedEvents(at: positions.map(\.position), store: service.store)
        let labels = Dictionary(
            entries.flatMap { entry in entry.envelopes.map { ($0.commandID, entry.label) } }, uniquingKeysWith: { first, _ in first })
        for (position, alreadyRecorded) in positions {
            guard let event = events[position] else { continue }
            let label = labels[event.eventID] ?? nil
            if json {
                var line = JSONLine()
                line["source"] = label
                line["event_id"] = event.eventID.uuidString.lowercased()
                line["event_type"] = event.eventType
                line["global_position"] = event.globalPosition
                line["stream_id"] = event.streamID
                line["stream_version"] = event.streamVersion
                line["effective_date"] = event.effectiveDate.description
                line["already_recorded"] = alreadyRecorded
                print(line.text)
            } else {
                let what = "\(event.eventType) at position \(event.globalPosition) "
                    + "(\(event.streamID) version \(event.streamVersion), effective \(event.effectiveDate))"
                let outcome = alreadyRecorded ? "already recorded: \(what); nothing new was written" : "recorded \(what)"
                print((label.map { "\($0): " } ?? "") + outcome)
            }
        }
        if !json && entries.count > 1 {
            print(result.wasAlreadyRecorded
                ? "all \(entries.count) entries were recorded before (same content); nothing new was written"
                : "recorded \(entries.count) entries as \(positions.count) events, all in one transaction")
        }
    }

    /// The label of the entry holding the `index`-th envelope of the batch.
    func label(ofEnvelope index: Int) -> String? {
        var remaining = index
        for entry in entries {
            if remaining < entry.envelopes.count { return entry.label }
            remaining -= entry.envelopes.count
        }
        return nil
    }

    func refusal(_ error: LedgerRuleError, label: String?) -> UserError {
        UserError(
            description: (label.map { "\($0): " } ?? "") + "\(error.message) [rule: \(error.rule)]; nothing was written",
            exitCode: error.exitStatus)
    }

    /// Events read back per round trip.
    static let readBatchCountMax = 2_000

    /// The stored events at `positions`, read back for their types and stream versions. The positions of
    /// one append are consecutive; those of a retry usually are, so they are read as runs.
    func recordedEvents(at positions: [Int64], store: any EventStore) async throws -> [Int64: RecordedEvent] {
        var events: [Int64: RecordedEvent] = [:]
        var pending = positions.sorted()[...]
        while let first = pending.first {
            var count = 1
            while count < Self.readBatchCountMax, count < pending.count, pending[pending.startIndex + count] == first + Int64(count) {
                count += 1
            }
            for event in try await store.readAll(after: first - 1, limit: count) { events[event.globalPosition] = event }
            pending = pending.dropFirst(count)
        }
        return events
    }
}
