import EventStore
import Foundation

/// An administrator's record that a stored event the ledger cannot read (`UnreadableEventError`) is to be
/// passed over: folds then go on past it as past an event of a type the domain does not know, where they
/// would otherwise stop there for good (the log is append-only, so the event itself stays).
///
/// The skip is an event of its own, `UnreadableEventSkipped`, in the skipped event's stream and with an id
/// derived from the skipped event's: it is hash-chained and exported like any event, whoever may read the
/// event may read it, and one lookup by id finds it. It is honoured only where the event cannot be read, so
/// it cannot hide an event the ledger reads: those are corrected by reversal.
public enum SkippedEvents {
    /// The event type of a skip (`EventSkipped`); its payload is `{"event_id": "<the skipped event's id>", "reason": "…"}`.
    public static let eventType = EventSkipped.eventType
    static let idDomain = "fundledger.skip-id.v1"

    /// The id of the skip of `eventID`.
    public static func skipID(of eventID: UUID) -> UUID {
        DeterministicID.uuid(parts: [idDomain, eventID.uuidString.lowercased()])
    }

    /// Whether `store` holds a skip of the event `eventID` in `stream`.
    public static func isSkipped(_ eventID: UUID, in stream: String, store: any EventStore) async throws -> Bool {
        guard let skip = try await store.read(eventIDs: [skipID(of: eventID)]).first, skip.streamID == stream,
            case .eventSkipped(let named)? = (try? EventCoding.decode(skip))?.event
        else { return false }
        return named.eventID == eventID
    }

    /// `EventCoding.decode`, except that an unreadable event with a skip reads as no domain event (nil).
    public static func decode(_ record: RecordedEvent, store: any EventStore) async throws -> StoredLedgerEvent? {
        do {
            return try EventCoding.decode(record)
        } catch let error as UnreadableEventError where error.isSkippable {
            guard try await isSkipped(record.eventID, in: record.streamID, store: store) else { throw error }
            return nil
        }
    }

    /// `decode(_:store:)` of each record; the store is asked about skips only once a record fails to read.
    public static func decode(_ records: [RecordedEvent], store: any EventStore) async throws -> [StoredLedgerEvent?] {
        if let events = try? records.map({ try EventCoding.decode($0) }) { return events }
        var events: [StoredLedgerEvent?] = []
        events.reserveCapacity(records.count)
        for record in records { events.append(try await decode(record, store: store)) }
        return events
    }

    /// Admits `event` into `turnover`; false (counting nothing) when its stream's limit refuses it and a
    /// skip names it, so the fold passes it; throws when no skip does.
    public static func admit(_ event: StoredLedgerEvent, into turnover: inout StreamTurnover, store: any EventStore) async throws -> Bool {
        do {
            try turnover.admit(event)
            return true
        } catch {
            guard try await isSkipped(event.eventID, in: event.streamID, store: store) else { throw error }
            return false
        }
    }

    /// The skip of `record` for `append`: in its stream, for its organisation, effective when it was.
    public static func skipEvent(of record: RecordedEvent, reason: String, actor: String) throws -> NewEvent {
        try EventCoding.newEvent(
            .eventSkipped(EventSkipped(eventID: record.eventID, reason: reason)), stream: record.streamID,
            metadata: EventMetadata(actor: actor), effectiveDate: record.effectiveDate, organisationID: record.organisationID,
            eventID: skipID(of: record.eventID))
    }
}

extension LedgerService {
    /// Records that the stored event `eventID`, which the ledger cannot read, is skipped (`SkippedEvents`);
    /// returns the event and the skip's append (a skip recorded before with the same reason is returned as
    /// it was). Refuses an unknown event (`unknown-event`), an empty reason (`required`) and an event the
    /// ledger reads, or one of a newer schema version (`skip-readable`).
    public func skipUnreadable(_ eventID: UUID, reason: String, actor: String) async throws -> (skipped: RecordedEvent, skip: AppendedEvent) {
        let (record, skip) = try await preparedSkip(eventID, reason: reason, actor: actor)
        let appended = try await store.append([skip], expectations: [:])
        return (record, appended[0])
    }

    /// What `skipUnreadable` checks and would append, for a writer of its own (the server's group commit).
    public func preparedSkip(_ eventID: UUID, reason: String, actor: String) async throws -> (skipped: RecordedEvent, skip: NewEvent) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerRuleError(.required, "a skip needs a reason (--reason, or reason in the body), which is kept with it")
        }
        guard let record = try await store.read(eventIDs: [eventID]).first else {
            throw LedgerRuleError(.unknownEvent, "there is no event with id \(eventID.uuidString.lowercased())")
        }
        guard let unreadable = try await unreadability(of: record), unreadable.isSkippable else {
            throw LedgerRuleError(.skipReadable,
                "the event at position \(record.globalPosition) (\(record.eventType)) is one the ledger reads; correct it with a reversal (fundledger correction reverse), not a skip")
        }
        return (record, try SkippedEvents.skipEvent(of: record, reason: reason, actor: actor))
    }

    /// Why the ledger cannot read `record`: its own payload, or its amounts in its stream's turnover (the
    /// stream's earlier events folded with their skips); nil when it reads it.
    func unreadability(of record: RecordedEvent) async throws -> UnreadableEventError? {
        do {
            guard try EventCoding.decode(record) != nil else { return nil }
        } catch let error as UnreadableEventError {
            return error
        }
        var turnover = StreamTurnover()
        for earlier in try await store.readWholeStream(record.streamID, batchSize: Self.streamReadBatchCount) {
            guard let event = try await SkippedEvents.decode(earlier, store: store) else { continue }
            if earlier.eventID == record.eventID {
                do { try turnover.admit(event) } catch { return error }
                return nil
            }
            _ = try await SkippedEvents.admit(event, into: &turnover, store: store)
        }
        return nil
    }
}
