import EventStore
import Foundation

extension LedgerService {
    /// Whether every envelope is already recorded in `state` (a retry: nothing to write). A retry must be the
    /// same command: same stream, effective date and command digest; else `CommandIDReusedError`.
    static func alreadyRecorded<Command>(_ envelopes: [Envelope<Command>], in state: LedgerState) throws -> Bool {
        guard !envelopes.isEmpty, envelopes.allSatisfy({ state.eventsByID[$0.commandID] != nil }) else { return false }
        for envelope in envelopes {
            let stored = state.eventsByID[envelope.commandID]!
            let sameDigest = stored.metadata.commandDigest == nil || stored.metadata.commandDigest == envelope.metadata.commandDigest
            guard stored.streamID == envelope.command.stream, stored.effectiveDate == envelope.effectiveDate, sameDigest else {
                throw CommandIDReusedError(commandID: envelope.commandID, stored: stored)
            }
        }
        return true
    }
}
