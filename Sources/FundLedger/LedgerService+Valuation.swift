import EventStore
import Foundation

extension LedgerService {
    /// Records one valuation command: its event or nothing.
    @discardableResult
    public func record(_ envelope: ValuationEnvelope) async throws -> RecordingResult {
        try await recordAll([envelope])
    }

    /// Records valuation commands as one atomic append (a catalogue import): each is checked in turn; the
    /// first broken rule refuses them all, naming the command's index (`BatchRuleError`). Retrying the same
    /// commands with the same ids writes nothing and says so.
    ///
    /// Reads only the streams the rules need (each command's stream and the organisation behind it) and
    /// appends with those streams' versions, so a concurrent period closing makes it decide again.
    @discardableResult
    public func recordAll(_ envelopes: [ValuationEnvelope]) async throws -> RecordingResult {
        let rules = ValuationRules()
        for attempt in 1...Self.conflictRetryCountMax {
            var (state, versions) = try await loadState(streams: Self.streams(of: envelopes), lookingUp: envelopes.map(\.commandID))
            if try Self.alreadyRecorded(envelopes, in: state) {
                return RecordingResult(appended: [], wasAlreadyRecorded: true)
            }
            var newEvents: [NewEvent] = []
            var expectations: [String: ExpectedVersion] = [:]
            for (index, envelope) in envelopes.enumerated() {
                let stream = envelope.command.stream
                let organisationID = Self.organisation(of: envelope.command, state: state)
                for guarded in [stream] + [organisationID.map(LedgerStreams.organisation)].compactMap({ $0 })
                where expectations[guarded] == nil {
                    expectations[guarded] = .exact(versions[guarded] ?? 0)
                }
                let event: ValuationEvent
                do {
                    event = try rules.decide(envelope, state: state)
                } catch let error as LedgerRuleError where envelopes.count > 1 {
                    throw BatchRuleError(index: index, error: error)
                }
                let stored = LedgerEvent.valuation(event)
                // Into the state too, so a later command of the batch reusing this id is caught as a retry.
                let applied = StoredLedgerEvent(
                    event: stored, metadata: envelope.metadata, eventID: envelope.commandID, streamID: stream, globalPosition: 0,
                    recordedAt: Timestamp(microsecondsSinceEpoch: 0), effectiveDate: envelope.effectiveDate,
                    moneyMagnitude: try CommandHandler.checkedMoneyMagnitude(of: stored))
                try CommandHandler.admit(applied, into: &state)
                state.apply(applied)
                newEvents.append(try EventCoding.newEvent(
                    stored, stream: stream, metadata: envelope.metadata, effectiveDate: envelope.effectiveDate,
                    organisationID: organisationID, eventID: envelope.commandID))
            }
            do {
                let appended = try await store.append(newEvents, expectations: expectations)
                return RecordingResult(appended: appended, wasAlreadyRecorded: false)
            } catch EventStoreError.wrongExpectedVersion where attempt < Self.conflictRetryCountMax {
                continue  // someone wrote to one of these streams meanwhile: decide again on the new state
            }
        }
        preconditionFailure("unreachable: the last attempt rethrows")
    }

    /// The organisation a valuation command belongs to (its catalogue's, or its fund's owner).
    static func organisation(of command: ValuationCommand, state: LedgerState) -> String? {
        if let id = ValuationStreams.organisationID(ofStream: command.stream) { return id }
        if let fundID = LedgerState.fundID(ofStream: command.stream) { return state.funds[fundID]?.organisationID }
        return nil
    }

    /// Each command's stream and, for a catalogue, its organisation's (a fund's organisation follows from
    /// the fund's state).
    static func streams(of envelopes: [ValuationEnvelope]) -> [String] {
        envelopes.flatMap { envelope -> [String] in
            let stream = envelope.command.stream
            return [stream] + [ValuationStreams.organisationID(ofStream: stream).map(LedgerStreams.organisation)].compactMap { $0 }
        }
    }
}
