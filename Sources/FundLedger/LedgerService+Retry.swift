import EventStore
import Foundation

/// What the retry check reads of a command envelope (`CommandEnvelope`, `ValuationEnvelope`): the id of
/// the first event it records, the stream, the effective date and the metadata with the command digest.
protocol RetryableEnvelope {
    var commandID: UUID { get }
    var metadata: EventMetadata { get }
    var effectiveDate: CivilDate { get }
    /// The stream the command records into.
    var stream: String { get }
}

extension CommandEnvelope: RetryableEnvelope {
    var stream: String { command.stream }
}

extension ValuationEnvelope: RetryableEnvelope {
    var stream: String { command.stream }
}

extension LedgerService {
    /// Whether every envelope is already recorded in `state` (a retry: nothing to write). A retry must be the
    /// same command: same stream, effective date and command digest; else `CommandIDReusedError`.
    static func alreadyRecorded<Envelope: RetryableEnvelope>(_ envelopes: [Envelope], in state: LedgerState) throws -> Bool {
        guard !envelopes.isEmpty, envelopes.allSatisfy({ state.eventsByID[$0.commandID] != nil }) else { return false }
        for envelope in envelopes {
            let stored = state.eventsByID[envelope.commandID]!
            let sameDigest = stored.metadata.commandDigest == nil || stored.metadata.commandDigest == envelope.metadata.commandDigest
            guard stored.streamID == envelope.stream, stored.effectiveDate == envelope.effectiveDate, sameDigest else {
                throw CommandIDReusedError(commandID: envelope.commandID, stored: stored)
            }
        }
        return true
    }
}
