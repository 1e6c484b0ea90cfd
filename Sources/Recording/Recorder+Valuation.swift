import EventStore
import Foundation
import FundLedger

extension Recorder {
    /// Records one valuation command of `kind` from `fields`, with the metadata every command takes.
    public func record(_ kind: ValuationKind, _ fields: [String: FieldValue], origin: FieldOrigin) async throws -> RecordingOutcome {
        var input = FieldInput(fields.merging(metadata) { command, _ in command }, origin: origin)
        try input.requireOnly(Set((kind.fields + CommandField.metadata).map(\.name)), command: kind.name)
        input.setDefault(CommandField.actor.name, .text(defaults.actor))
        let command = try kind.build(&input)
        let envelope = ValuationEnvelope(
            command, actor: try input.text(.actor), reason: try input.optionalText(.reason),
            decisionReference: try input.optionalText(.decisionRef),
            effectiveDate: try input.optionalDate(.effectiveDate) ?? defaults.effectiveDate,
            commandID: try input.optionalUUID(.commandID) ?? UUID(), sharedWith: try input.organisations(.shareWith))
        try input.requireNoUnknownFields(command: kind.name)
        return try await recordValuations([(nil, envelope)])
    }

    /// The envelope of a valuation command read from a file, with this recorder's metadata.
    public func valuationEnvelope(_ command: ValuationCommand, id: UUID) throws -> ValuationEnvelope {
        var input = FieldInput(metadata, origin: .commandLine())
        input.setDefault(CommandField.actor.name, .text(defaults.actor))
        return ValuationEnvelope(
            command, actor: try input.text(.actor), reason: try input.optionalText(.reason),
            decisionReference: try input.optionalText(.decisionRef),
            effectiveDate: try input.optionalDate(.effectiveDate) ?? defaults.effectiveDate, commandID: id,
            sharedWith: try input.organisations(.shareWith))
    }

    /// The effective date every command of this recorder gets.
    public func effectiveDate() throws -> CivilDate {
        var input = FieldInput(metadata, origin: .commandLine())
        return try input.optionalDate(.effectiveDate) ?? defaults.effectiveDate
    }

    /// The batch's base id (`--command-id`), if given.
    public func batchID() throws -> UUID? { try baseID() }

    /// Records labelled valuation envelopes in one transaction; a broken rule names the entry (exit 6).
    public func recordValuations(_ entries: [(label: String?, envelope: ValuationEnvelope)]) async throws -> RecordingOutcome {
        let result: RecordingResult
        do {
            result = try await service.recordAll(entries.map(\.envelope))
        } catch let error as BatchRuleError {
            throw Self.refusal(error.error, label: entries[error.index].label)
        } catch let error as LedgerRuleError {
            throw Self.refusal(error, label: entries.count == 1 ? entries[0].label : nil)
        }
        let events = try await service.loadValuationRecords(ids: entries.map(\.envelope.commandID))
        let recorded = entries.enumerated().compactMap { index, entry in
            events[entry.envelope.commandID].map {
                RecordingOutcome.Event(entry: index, label: entry.label, event: $0, alreadyRecorded: result.wasAlreadyRecorded)
            }
        }
        return RecordingOutcome(events: recorded, entryCount: entries.count, wasAlreadyRecorded: result.wasAlreadyRecorded)
    }
}
