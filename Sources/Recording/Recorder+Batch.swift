import EventStore
import Foundation
import FundLedger

extension Recorder {
    /// Commands recorded together, each entry labelled for messages (`row 3 (line 4)`).
    struct Entry {
        var label: String?
        var envelopes: [CommandEnvelope]
        var expectedRefusal: String?
        var note: String?
    }

    /// Records every entry or none, and reads back each event written (or, for a retry, each event
    /// recorded earlier). A broken rule becomes a `UserError` naming the entry (exit 6).
    func record(_ entries: [Entry]) async throws -> RecordingOutcome {
        let envelopes = entries.flatMap(\.envelopes)
        let owners = entries.enumerated().flatMap { index, entry in entry.envelopes.map { _ in index } }
        var expected: [Int: String] = [:]
        for (index, owner) in owners.enumerated() { if let rule = entries[owner].expectedRefusal { expected[index] = rule } }
        let result: RecordingResult
        do {
            result = try await service.recordAll(envelopes, expectingRefusals: expected)
        } catch let error as BatchRuleError {
            throw Self.refusal(error.error, label: entries[owners[error.index]].label)
        } catch let error as LedgerRuleError {
            throw Self.refusal(error, label: envelopes.count == 1 ? entries.first?.label : nil)
        } catch let error as UnexpectedOutcomeError {
            let label = entries[owners[error.index]].label.map { "\($0): " } ?? ""
            throw UserError(
                description: "\(label)\(error); nothing was written", exitCode: error.actual?.exitStatus ?? ExitStatus.ruleBroken,
                rule: error.actual?.rule)
        }
        let positions = try await positions(of: envelopes, skipping: Set(expected.keys), result: result)
        let events = try await recordedEvents(at: positions.map(\.position))
        let entryOfID = Dictionary(
            entries.enumerated().flatMap { index, entry in entry.envelopes.map { ($0.commandID, index) } }, uniquingKeysWith: { first, _ in first })
        return RecordingOutcome(
            events: positions.compactMap { position, already in
                events[position].map { event in
                    let entry = entryOfID[event.eventID] ?? 0
                    return RecordingOutcome.Event(entry: entry, label: entries[entry].label, event: event, alreadyRecorded: already)
                }
            },
            refusals: result.expectedRefusals.sorted { $0.key < $1.key }.map { index, error in
                let entry = owners[index]
                return RecordingOutcome.Refusal(entry: entry, label: entries[entry].label, error: error, note: entries[entry].note)
            },
            entryCount: entries.count, wasAlreadyRecorded: result.wasAlreadyRecorded)
    }

    /// The positions of the events written, or for a retry of those written before (the same commands).
    func positions(
        of envelopes: [CommandEnvelope], skipping refused: Set<Int>, result: RecordingResult
    ) async throws -> [(position: Int64, alreadyRecorded: Bool)] {
        guard result.wasAlreadyRecorded else { return result.appended.map { ($0.globalPosition, false) } }
        let kept = envelopes.enumerated().filter { !refused.contains($0.offset) }.map(\.element)
        var storedByID: [UUID: StoredLedgerEvent] = [:]
        for record in try await service.store.read(eventIDs: kept.map(\.commandID)) {
            if let event = try await SkippedEvents.decode(record, store: service.store) { storedByID[event.eventID] = event }
        }
        var positions: [(Int64, Bool)] = []
        for envelope in kept {
            guard let stored = storedByID[envelope.commandID] else { continue }
            guard stored.streamID == envelope.command.stream, stored.effectiveDate == envelope.effectiveDate else {
                throw UserError(
                    description: "command id \(envelope.commandID.uuidString.lowercased()) was used before for \(stored.event.eventType) in "
                        + "\(stored.streamID), effective \(stored.effectiveDate); use a new id for a different command; nothing was written",
                    exitCode: ExitStatus.conflict)
            }
            positions.append((stored.globalPosition, true))
        }
        return positions
    }

    static func refusal(_ error: LedgerRuleError, label: String?) -> UserError {
        UserError(
            description: (label.map { "\($0): " } ?? "") + "\(error.message) [rule: \(error.rule)]; nothing was written",
            exitCode: error.exitStatus, rule: error.rule)
    }

    /// Events read back per round trip.
    static let readBatchCountMax = 2_000

    /// The stored events at `positions`, read back for their types and stream versions. The positions of
    /// one append are consecutive; those of a retry usually are, so they are read as runs.
    func recordedEvents(at positions: [Int64]) async throws -> [Int64: RecordedEvent] {
        var events: [Int64: RecordedEvent] = [:]
        var pending = positions.sorted()[...]
        while let first = pending.first {
            var count = 1
            while count < Self.readBatchCountMax, count < pending.count, pending[pending.startIndex + count] == first + Int64(count) {
                count += 1
            }
            for event in try await service.store.readAll(after: first - 1, limit: count) { events[event.globalPosition] = event }
            pending = pending.dropFirst(count)
        }
        return events
    }
}
