import EventStore
import Foundation
import Memberwise

/// What recording a command did.
public struct RecordingResult: Sendable, Equatable {
    /// The events written, with their positions; empty positions mean an earlier identical command.
    public var appended: [AppendedEvent]
    /// Whether this was a retry of a command already recorded (nothing new was written).
    public var wasAlreadyRecorded: Bool
    /// The commands refused as expected (`recordAll(_:expectingRefusals:)`), by their index in the batch.
    public var expectedRefusals: [Int: LedgerRuleError] = [:]
}

/// A command a batch expected a rule to refuse was accepted, or refused by another rule; nothing was written.
public struct UnexpectedOutcomeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command's position in the batch, from 0.
    public var index: Int
    /// The rule expected to refuse it.
    public var expectedRule: String
    /// The refusal that came instead; `nil` when the rules accepted the command.
    public var actual: LedgerRuleError?

    public var description: String {
        guard let actual else { return "expected to be refused [rule: \(expectedRule)], but the rules accept it" }
        return "expected to be refused [rule: \(expectedRule)], but was refused by another rule: \(actual)"
    }
}

/// The front door of the domain: loads state from an `EventStore`, checks commands, and appends their
/// events atomically with optimistic concurrency on the streams they depend on.
///
/// The fund is the consistency boundary: every fund event lives in `fund-<id>`, so a command appends with
/// the fund stream's version it read (and the organisation stream's), and a concurrent writer makes it
/// re-read and re-decide instead of breaking a rule.
@PublicMemberwiseInit
public struct LedgerService: Sendable {
    public let store: any EventStore
    public let handler = CommandHandler()
    /// Times a command is re-decided after losing a race, before giving up.
    public static let conflictRetryCountMax = 5
    /// A command that folds at least this many events of a stream saves the stream's state as a snapshot,
    /// where the store keeps them (`StateSnapshots`); 0 turns snapshots off (`LedgerService+Streams`).
    public var snapshotInterval: Int = 256

    /// Every domain event in position order.
    public func loadEvents() async throws -> [StoredLedgerEvent] {
        try await loadEventsAndVersions().events
    }

    /// Every domain event in position order, with each stream's version as of that same read.
    func loadEventsAndVersions() async throws -> (events: [StoredLedgerEvent], versions: [String: Int64]) {
        var events: [StoredLedgerEvent] = []
        var versions: [String: Int64] = [:]
        var after: Int64 = 0
        while true {
            let batch = try await store.readAll(after: after, limit: 2000)
            guard let last = batch.last else { return (events, versions) }
            for record in batch { versions[record.streamID] = max(versions[record.streamID] ?? 0, record.streamVersion) }
            events += try await SkippedEvents.decode(batch, store: store).compactMap { $0 }
            after = last.globalPosition
        }
    }

    /// The current state of the whole ledger.
    public func loadState() async throws -> LedgerState {
        var state = LedgerState()
        for event in try await loadEvents() { try await state.fold(event, skipsIn: store) }
        return state
    }

    /// Records one command: all its events or none.
    @discardableResult
    public func record(_ envelope: CommandEnvelope) async throws -> RecordingResult {
        try await recordAll([envelope])
    }

    /// Records several commands as one atomic append (a bulk import): each is checked against the state
    /// left by the ones before it; the first broken rule refuses them all, naming the command's index.
    ///
    /// `expectingRefusals` names commands (by index) that a rule must refuse, such as a story's step that
    /// shows a refusal: each is checked against the state the commands before it leave, writes nothing,
    /// and is reported in `RecordingResult.expectedRefusals`; if it is accepted, or refused by another
    /// rule, the whole batch is refused with `UnexpectedOutcomeError`.
    @discardableResult
    public func recordAll(_ envelopes: [CommandEnvelope], expectingRefusals: [Int: String] = [:]) async throws -> RecordingResult {
        for attempt in 1...Self.conflictRetryCountMax {
            // The expected versions are those of the read the rules were checked on: a version read later
            // could already include another writer's events that the rules never saw.
            var (state, versions) = try await loadState(streams: Self.streams(of: envelopes), lookingUp: Self.lookups(of: envelopes))
            let recordable = envelopes.indices.filter { expectingRefusals[$0] == nil }.map { envelopes[$0] }
            if try Self.alreadyRecorded(recordable, in: state) {
                return RecordingResult(appended: [], wasAlreadyRecorded: true)
            }
            var newEvents: [NewEvent] = []
            var expectations: [String: ExpectedVersion] = [:]
            var refusals: [Int: LedgerRuleError] = [:]
            for (index, envelope) in envelopes.enumerated() {
                if let rule = expectingRefusals[index] {
                    refusals[index] = try expectRefusal(envelope, rule: rule, index: index, state: state)
                    continue
                }
                let stream = envelope.command.stream
                for stream in streams(guarding: envelope.command, state: state) where expectations[stream] == nil {
                    expectations[stream] = .exact(versions[stream] ?? 0)
                }
                let organisationID = Self.organisation(of: envelope.command, state: state)
                let events: [LedgerEvent]
                do {
                    try Self.requireUnusedStream(envelope.command, versions: versions, state: state)
                    // Applied to `state` in place (no copy per command); on a throw the state is discarded.
                    events = try handler.record(envelope, into: &state) { Self.eventID(command: envelope.commandID, offset: $0) }
                } catch let error as LedgerRuleError where envelopes.count > 1 {
                    throw BatchRuleError(index: index, error: error)
                }
                for (offset, event) in events.enumerated() {
                    newEvents.append(try EventCoding.newEvent(
                        event, stream: stream, metadata: envelope.metadata, effectiveDate: envelope.effectiveDate,
                        organisationID: organisationID, eventID: Self.eventID(command: envelope.commandID, offset: offset)))
                }
            }
            do {
                let appended = try await store.append(newEvents, expectations: expectations)
                return RecordingResult(appended: appended, wasAlreadyRecorded: false, expectedRefusals: refusals)
            } catch EventStoreError.wrongExpectedVersion where attempt < Self.conflictRetryCountMax {
                continue  // someone else wrote to the fund meanwhile: decide again on the new state
            }
        }
        preconditionFailure("unreachable: the last attempt rethrows")
    }

    /// The streams the commands record into, and the organisation of a fund being established.
    static func streams(of envelopes: [CommandEnvelope]) -> [String] {
        envelopes.flatMap { envelope -> [String] in
            guard case .establishFund(_, let organisationID, _, _, _) = envelope.command else { return [envelope.command.stream] }
            return [envelope.command.stream, LedgerStreams.organisation(organisationID)]
        }
    }

    /// The events the commands' checks look up by id: their own ids (a retry) and the events they reverse.
    static func lookups(of envelopes: [CommandEnvelope]) -> [UUID] {
        envelopes.flatMap { envelope -> [UUID] in
            guard case .reverse(_, let eventID) = envelope.command else { return [envelope.commandID] }
            return [envelope.commandID, eventID]
        }
    }

    /// The refusal of a command a batch expects the rules to refuse with `rule`, decided on a copy of `state`.
    func expectRefusal(_ envelope: CommandEnvelope, rule: String, index: Int, state: LedgerState) throws -> LedgerRuleError {
        var trial = state
        do {
            _ = try handler.record(envelope, into: &trial) { Self.eventID(command: envelope.commandID, offset: $0) }
        } catch let error as LedgerRuleError {
            guard error.rule == rule else { throw UnexpectedOutcomeError(index: index, expectedRule: rule, actual: error) }
            return error
        }
        throw UnexpectedOutcomeError(index: index, expectedRule: rule, actual: nil)
    }

    /// The fund stream and the organisation stream a command's rules read.
    func streams(guarding command: LedgerCommand, state: LedgerState) -> [String] {
        var streams = [command.stream]
        if let fundID = LedgerState.fundID(ofStream: command.stream), let fund = state.funds[fundID] {
            streams.append(LedgerStreams.organisation(fund.organisationID))
        }
        if case .establishFund(_, let organisationID, _, _, _) = command {
            streams.append(LedgerStreams.organisation(organisationID))
        }
        return streams
    }

    /// A fund or an organisation is established only in a stream that holds nothing else: events already in
    /// `fund-X` that establish no fund (a note appended raw, by anyone who may append) would make its first
    /// writer the stream's owner, and in a network database the owner's organisation reads the stream
    /// (docs/access.md). Refused by the rule that refuses a fund or organisation twice.
    static func requireUnusedStream(_ command: LedgerCommand, versions: [String: Int64], state: LedgerState) throws {
        let held = versions[command.stream] ?? 0
        guard held > 0 else { return }
        switch command {
        case .establishFund(let fundID, _, _, _, _) where state.funds[fundID] == nil:
            throw LedgerRuleError(.uniqueFund, "stream \(command.stream) is not empty (version \(held)) but establishes no fund; choose another fund id")
        case .registerOrganisation(let id, _, _) where state.organisations[id] == nil:
            throw LedgerRuleError(
                .uniqueOrganisation, "stream \(command.stream) is not empty (version \(held)) but registers no organisation; ask the network's administrator")
        default:
            return
        }
    }

    /// The organisation `command` records for, in `state` (nil for a fund `state` does not hold).
    public static func organisation(of command: LedgerCommand, state: LedgerState) -> String? {
        if let id = LedgerState.organisationID(ofStream: command.stream) { return id }
        if case .establishFund(_, let organisationID, _, _, _) = command { return organisationID }
        if let fundID = LedgerState.fundID(ofStream: command.stream) { return state.funds[fundID]?.organisationID }
        return nil
    }

    /// The id of a command's n-th event: the command id itself for the first, derived from it and the
    /// offset for the rest (`DeterministicID.eventID(command:offset:)`), so a retried command produces the
    /// same ids. Retries are recognised by the first event's id alone (`recordAll`).
    static func eventID(command: UUID, offset: Int) -> UUID {
        DeterministicID.eventID(command: command, offset: offset)
    }
}

/// A rule broken by one command of a batch; the whole batch was refused.
public struct BatchRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command's position in the batch, from 0.
    public var index: Int
    public var error: LedgerRuleError
    public var description: String { "command \(index + 1): \(error)" }
}

/// A command id that names an earlier, different command (another stream or effective date): not a retry.
public struct CommandIDReusedError: Error, Sendable, Equatable, CustomStringConvertible {
    public var commandID: UUID
    public var stored: StoredLedgerEvent

    public var description: String {
        "command id \(commandID.uuidString.lowercased()) was used before for \(stored.event.eventType) at position \(stored.globalPosition) (\(stored.streamID), effective \(stored.effectiveDate)); a retry repeats the same command, a new command needs a new id"
    }
}
