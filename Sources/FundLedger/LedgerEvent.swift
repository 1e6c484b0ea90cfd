import EventStore
import Foundation
import Memberwise
import Synchronization

/// Every domain event, as one type a fold can switch over.
public enum LedgerEvent: Sendable, Equatable {
    case organisationRegistered(OrganisationRegistered)
    case departmentRegistered(DepartmentRegistered)
    case periodClosed(PeriodClosed)
    case fundEstablished(FundEstablished)
    case fundPolicyChanged(FundPolicyChanged)
    case capitalContributed(CapitalContributed)
    case capitalWithdrawn(CapitalWithdrawn)
    case applicationSubmitted(ApplicationSubmitted)
    case applicationAssessed(ApplicationAssessed)
    case investmentDecided(InvestmentDecided)
    case applicationRejected(ApplicationRejected)
    case decisionAmended(DecisionAmended)
    case decisionRevoked(DecisionRevoked)
    case fundsDisbursed(FundsDisbursed)
    case coFinancingRecorded(CoFinancingRecorded)
    case savingRealised(SavingRealised)
    case savingAttributed(SavingAttributed)
    case repaymentReceived(RepaymentReceived)
    case repaymentWaived(RepaymentWaived)
    case outcomeMeasured(OutcomeMeasured)
    case initiativeClosed(InitiativeClosed)
    case eventReversed(EventReversed)
    case eventSkipped(EventSkipped)
    /// Unit costs, proxies, indices, assumptions and contracts (ValuationEvents.swift); the ledger's state ignores them.
    case valuation(ValuationEvent)

    /// The payload, type-erased.
    public var payload: any DomainEvent {
        switch self {
        case .organisationRegistered(let e): e
        case .departmentRegistered(let e): e
        case .periodClosed(let e): e
        case .fundEstablished(let e): e
        case .fundPolicyChanged(let e): e
        case .capitalContributed(let e): e
        case .capitalWithdrawn(let e): e
        case .applicationSubmitted(let e): e
        case .applicationAssessed(let e): e
        case .investmentDecided(let e): e
        case .applicationRejected(let e): e
        case .decisionAmended(let e): e
        case .decisionRevoked(let e): e
        case .fundsDisbursed(let e): e
        case .coFinancingRecorded(let e): e
        case .savingRealised(let e): e
        case .savingAttributed(let e): e
        case .repaymentReceived(let e): e
        case .repaymentWaived(let e): e
        case .outcomeMeasured(let e): e
        case .initiativeClosed(let e): e
        case .eventReversed(let e): e
        case .eventSkipped(let e): e
        case .valuation(let e): e.payload
        }
    }

    /// The stable type name.
    public var eventType: String { type(of: payload).eventType }

    /// Wraps a payload.
    public init(_ payload: any DomainEvent) {
        switch payload {
        case let e as OrganisationRegistered: self = .organisationRegistered(e)
        case let e as DepartmentRegistered: self = .departmentRegistered(e)
        case let e as PeriodClosed: self = .periodClosed(e)
        case let e as FundEstablished: self = .fundEstablished(e)
        case let e as FundPolicyChanged: self = .fundPolicyChanged(e)
        case let e as CapitalContributed: self = .capitalContributed(e)
        case let e as CapitalWithdrawn: self = .capitalWithdrawn(e)
        case let e as ApplicationSubmitted: self = .applicationSubmitted(e)
        case let e as ApplicationAssessed: self = .applicationAssessed(e)
        case let e as InvestmentDecided: self = .investmentDecided(e)
        case let e as ApplicationRejected: self = .applicationRejected(e)
        case let e as DecisionAmended: self = .decisionAmended(e)
        case let e as DecisionRevoked: self = .decisionRevoked(e)
        case let e as FundsDisbursed: self = .fundsDisbursed(e)
        case let e as CoFinancingRecorded: self = .coFinancingRecorded(e)
        case let e as SavingRealised: self = .savingRealised(e)
        case let e as SavingAttributed: self = .savingAttributed(e)
        case let e as RepaymentReceived: self = .repaymentReceived(e)
        case let e as RepaymentWaived: self = .repaymentWaived(e)
        case let e as OutcomeMeasured: self = .outcomeMeasured(e)
        case let e as InitiativeClosed: self = .initiativeClosed(e)
        case let e as EventReversed: self = .eventReversed(e)
        case let e as EventSkipped: self = .eventSkipped(e)
        case let e where ValuationEvent(e) != nil: self = .valuation(ValuationEvent(e)!)
        default: preconditionFailure("unregistered event type \(type(of: payload))")
        }
    }

    /// Whether `name` is one of the domain's event types.
    public static func isDomainEventType(_ name: String) -> Bool { types[name] != nil }

    /// Whether the ledger reads domain events in `stream`: an organisation's, a fund's or the valuation
    /// catalogue's (`organisation-…`, `fund-…`, `valuation-…`, exactly so spelled).
    public static func isLedgerStream(_ stream: String) -> Bool {
        stream.hasPrefix("fund-") || stream.hasPrefix("organisation-") || stream.hasPrefix("valuation-")
    }

    /// Every event type, for decoding by name.
    static let types: [String: any DomainEvent.Type] = Dictionary(uniqueKeysWithValues: ([
        OrganisationRegistered.self, DepartmentRegistered.self, PeriodClosed.self, FundEstablished.self,
        FundPolicyChanged.self, CapitalContributed.self, CapitalWithdrawn.self, ApplicationSubmitted.self,
        ApplicationAssessed.self, InvestmentDecided.self, ApplicationRejected.self, DecisionAmended.self,
        DecisionRevoked.self, FundsDisbursed.self, CoFinancingRecorded.self, SavingRealised.self,
        SavingAttributed.self, RepaymentReceived.self, RepaymentWaived.self, OutcomeMeasured.self,
        InitiativeClosed.self, EventReversed.self, EventSkipped.self,
    ] + ValuationEvent.types).map { ($0.eventType, $0 as any DomainEvent.Type) })
}

/// Who recorded an event and why: stored as the event's metadata.
@PublicMemberwiseInit
public struct EventMetadata: Codable, Sendable, Equatable {
    /// The person or system that recorded the event.
    public var actor: String
    public var reason: String? = nil
    /// The decision (diarienummer) the event rests on.
    public var decisionReference: String? = nil
    /// The command that produced the event; retrying the command reuses it.
    public var commandID: UUID? = nil
    /// A digest of the command and its effective date: a retry must carry the same one.
    public var commandDigest: String? = nil
    /// Other organisations of the network the event concerns (a saving at the region from a municipal
    /// initiative): row-level security lets their logins read it too (docs/access.md). Covered by the hash.
    public var sharedWith: [String]? = nil
}

/// A domain event as read back from the store, with what the store knows about it.
@PublicMemberwiseInit
public struct StoredLedgerEvent: Sendable, Equatable {
    public var event: LedgerEvent
    public var metadata: EventMetadata
    public var eventID: UUID
    public var streamID: String
    public var globalPosition: Int64
    public var recordedAt: Timestamp
    public var effectiveDate: CivilDate
    /// For a reversal read by a replay: the event it reverses, when the replay's bounds include it. Lets a fold
    /// that does not keep every event (`LedgerState(retainingEvents: false)`) undo it.
    public var reversedOriginal: OriginalEvent? = nil
    /// The database login that appended it (`recorded_by`, canonical version 2); nil for version-1 events.
    public var recordedBy: String? = nil
    /// The sum of the magnitudes of every amount the payload carries, in öre: what the event adds to its
    /// stream's turnover (`StreamTurnover`, `LedgerLimits`).
    public var moneyMagnitude: Int64 = 0
}

/// The event a reversal reverses, boxed so that an event can carry another.
public final class OriginalEvent: Sendable, Equatable {
    public let event: StoredLedgerEvent

    public init(_ event: StoredLedgerEvent) { self.event = event }

    public static func == (lhs: OriginalEvent, rhs: OriginalEvent) -> Bool { lhs.event == rhs.event }
}

/// Converts between domain events and the store's records.
public enum EventCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        // Not `.convertFromSnakeCase`: it turns `fund_id` into `fundId`, which misses the `fundID` key that
        // `.convertToSnakeCase` wrote it from, so no event with an id could be read back.
        decoder.keyDecodingStrategy = .custom { path in SnakeCaseKey.cached(path.last?.stringValue ?? "") }
        return decoder
    }()

    /// Converted keys, shared by every decode: converting each key of each event again cost a tenth of a replay.
    private static let convertedKeys = Mutex<[String: String]>([:])

    /// A snake_case key read back as the camelCase property it was written from; an `id` word becomes `ID`.
    struct SnakeCaseKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        /// The conversion of `snake`, from a process-wide cache (the key set is small: the events' fields).
        static func cached(_ snake: String) -> SnakeCaseKey {
            if let known = EventCoding.convertedKeys.withLock({ $0[snake] }) { return SnakeCaseKey(stringValue: known) }
            let converted = SnakeCaseKey(camelCase: snake)
            EventCoding.convertedKeys.withLock { cache in
                // Bounded: stray keys from hand-written payloads must not grow it without limit.
                if cache.count < 4096 { cache[snake] = converted.stringValue }
            }
            return converted
        }

        /// `organisation_id` → `organisationID`, `period_start` → `periodStart`, `_0` → `_0`.
        init(camelCase snake: String) {
            let leading = snake.prefix { $0 == "_" }
            let words = snake.dropFirst(leading.count).split(separator: "_", omittingEmptySubsequences: false)
            guard let first = words.first, words.count > 1 else {
                self.init(stringValue: snake)
                return
            }
            let rest = words.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }
            self.init(stringValue: String(leading) + first + rest.joined())
        }
    }

    /// A store event for `event` in `stream`.
    public static func newEvent(
        _ event: LedgerEvent, stream: String, metadata: EventMetadata, effectiveDate: CivilDate,
        organisationID: String?, eventID: UUID = UUID()
    ) throws -> NewEvent {
        let payload = String(decoding: try encoder.encode(event.payload), as: UTF8.self)
        let meta = String(decoding: try encoder.encode(metadata), as: UTF8.self)
        return NewEvent(
            eventID: eventID, streamID: stream, eventType: event.eventType,
            schemaVersion: type(of: event.payload).schemaVersion, payload: payload, metadata: meta,
            effectiveDate: effectiveDate, organisationID: organisationID)
    }

    /// The record decoded as before the hand-written decoder, with `JSONDecoder` and the types' `Codable`
    /// conformance: the reference the decoder tests compare against, and the replay benchmark's `--decode`
    /// baseline. The ledger itself reads with `decode(_:)`.
    public static func decodeWithCodable(_ record: RecordedEvent) throws -> StoredLedgerEvent? {
        guard let type = LedgerEvent.types[record.eventType], LedgerEvent.isLedgerStream(record.streamID) else { return nil }
        guard record.schemaVersion <= type.schemaVersion else {
            throw UnreadableEventError(
                globalPosition: record.globalPosition, eventType: record.eventType, reason: "newer schema version", eventID: record.eventID, isSkippable: false)
        }
        let payload: any DomainEvent
        let metadata: EventMetadata
        let moneyMagnitude: Int64
        do {
            let current = try Upcasting.upcast(
                record.payload, eventType: record.eventType, from: record.schemaVersion, to: type.schemaVersion)
            payload = try decoder.decode(type, from: Data(current.utf8))
            metadata = try decoder.decode(EventMetadata.self, from: Data(record.metadata.utf8))
            moneyMagnitude = try Self.moneyMagnitude(of: LedgerEvent(payload))
            try LedgerEvent(payload).requireInRange()
            try LedgerEvent(payload).requireOwnStream(record.streamID)
        } catch {
            throw UnreadableEventError(globalPosition: record.globalPosition, eventType: record.eventType, reason: "\(error)", eventID: record.eventID)
        }
        return StoredLedgerEvent(
            event: LedgerEvent(payload), metadata: metadata, eventID: record.eventID, streamID: record.streamID,
            globalPosition: record.globalPosition, recordedAt: record.recordedAt, effectiveDate: record.effectiveDate,
            recordedBy: record.recordedBy, moneyMagnitude: moneyMagnitude)
    }

    /// What `event` adds to its stream's turnover (`StoredLedgerEvent.moneyMagnitude`), read from its stored
    /// form as a replay would read it; throws when one of its amounts is beyond `LedgerLimits.amountOreMax`.
    /// For events a command is about to record.
    public static func moneyMagnitude(of event: LedgerEvent) throws -> Int64 {
        guard let read = LedgerEvent.readers[event.eventType] else { return 0 }
        let payload = String(decoding: try encoder.encode(event.payload), as: UTF8.self)
        return try PayloadReader.decodeCountingMoney(payload) { try read(&$0) }.moneyMagnitude
    }

    /// The domain event in a stored record; `nil` for event types the domain does not know (admin events) and
    /// for a domain event type outside the ledger's streams (`isLedgerStream`): appended raw into another
    /// stream it is not the ledger's, and a payload there that does not read must not stop every fold.
    public static func decode(_ record: RecordedEvent) throws -> StoredLedgerEvent? {
        guard let type = LedgerEvent.types[record.eventType], LedgerEvent.isLedgerStream(record.streamID) else { return nil }
        let event: LedgerEvent
        let moneyMagnitude: Int64
        let metadata: EventMetadata
        guard record.schemaVersion <= type.schemaVersion else {
            throw UnreadableEventError(
                globalPosition: record.globalPosition, eventType: record.eventType,
                reason: "it was written with schema version \(record.schemaVersion), newer than this program's \(type.schemaVersion); upgrade fundledger",
                eventID: record.eventID, isSkippable: false)
        }
        do {
            // Old schema versions are brought to the current one on read; the stored bytes stay as they are.
            let current = try Upcasting.upcast(
                record.payload, eventType: record.eventType, from: record.schemaVersion, to: type.schemaVersion)
            // The hand-written decoder (PayloadReader.swift): JSONDecoder was half of a replay's CPU.
            guard let read = LedgerEvent.readers[record.eventType] else { return nil }
            (event, moneyMagnitude) = try PayloadReader.decodeCountingMoney(current) { try read(&$0) }
            try event.requireInRange()
            try event.requireOwnStream(record.streamID)
            metadata = try EventMetadata.read(record.metadata)
        } catch {
            // Never guess: a ledger that cannot read an event must not decide anything on a partial history.
            throw UnreadableEventError(globalPosition: record.globalPosition, eventType: record.eventType, reason: "\(error)", eventID: record.eventID)
        }
        return StoredLedgerEvent(
            event: event, metadata: metadata, eventID: record.eventID, streamID: record.streamID,
            globalPosition: record.globalPosition, recordedAt: record.recordedAt, effectiveDate: record.effectiveDate,
            recordedBy: record.recordedBy, moneyMagnitude: moneyMagnitude)
    }
}

extension LedgerEvent {
    /// Throws when a value of the event lies outside a range the ledger's arithmetic relies on and commands
    /// enforce — a share outside 0–100 % in an attribution, a repayment model or a policy, evaluation
    /// assumptions out of range (`EvaluationAssumptionsRecorded.rangeProblem`) — so a fold never stops the
    /// program on one appended raw; amounts are bounded as they are read.
    func requireInRange() throws {
        let problem: String?
        switch self {
        case .valuation(.evaluationAssumptionsRecorded(let assumptions)): problem = assumptions.rangeProblem
        case .valuation(.priceIndexRecorded(let index)):
            // Uprating divides by a level: a level of zero would stop the report that uprates with it.
            problem = index.points.first { !$0.level.isPositive }.map { "the level for \($0.year) is \($0.level); a price index level must be above zero" }
        case .savingAttributed(let e): problem = RepaymentModel.shareProblem(e.share, "share")
        case .fundEstablished(let e): problem = e.policy.rangeProblem
        case .fundPolicyChanged(let e): problem = e.policy.rangeProblem
        case .investmentDecided(let e): problem = e.repaymentTerms.rangeProblem
        default: problem = nil
        }
        if let problem { throw PayloadDecodingError(.dataCorrupted, problem) }
    }
}

/// A stored event of a known type whose payload or metadata the domain cannot read (written raw with
/// `fundledger append --raw`, say), or whose amounts take its stream past `LedgerLimits`. Folds stop there
/// rather than decide on part of the history, until an administrator records that it is skipped
/// (`SkippedEvents`, `fundledger correction skip`).
public struct UnreadableEventError: Error, Sendable, Equatable, CustomStringConvertible {
    public var globalPosition: Int64
    public var eventType: String
    public var reason: String
    /// The event's id, for the skip that lets folds pass it.
    public var eventID: UUID?
    /// Whether a skip may be recorded for it: not for an event of a newer schema version, which a newer
    /// program reads.
    public var isSkippable: Bool

    public init(globalPosition: Int64, eventType: String, reason: String, eventID: UUID? = nil, isSkippable: Bool = true) {
        self.globalPosition = globalPosition
        self.eventType = eventType
        self.reason = reason
        self.eventID = eventID
        self.isSkippable = isSkippable
    }

    public var description: String {
        let head = "the event at position \(globalPosition) (\(eventType)) is not a valid \(eventType) for the fund ledger: \(reason)"
        guard isSkippable, let eventID else { return head }
        return head + "; no fold reads past it until `fundledger correction skip --event \(eventID.uuidString.lowercased()) --reason …` records that it is skipped (it stays in the log)"
    }
}

extension LedgerEvent {
    /// An establishing event names the fund or organisation of the stream it is in: the fold keys a fund by
    /// its stream and the read models by the payload, so a `FundEstablished` of `tomelilla` in `fund-eslov`
    /// stopped the projector on a duplicate key for the whole network (a probe; 0027 refuses it from
    /// restricted recorders). Read as unreadable, such an event can be skipped (`correction skip`).
    func requireOwnStream(_ streamID: String) throws {
        switch self {
        case .fundEstablished(let e) where streamID != LedgerStreams.fund(e.fundID):
            throw StreamMismatchError(description: "a FundEstablished of fund \(e.fundID) in stream \(streamID), not fund-\(e.fundID)")
        case .organisationRegistered(let e) where streamID != LedgerStreams.organisation(e.organisationID):
            throw StreamMismatchError(
                description: "an OrganisationRegistered of \(e.organisationID) in stream \(streamID), not organisation-\(e.organisationID)")
        default:
            return
        }
    }
}

/// An establishing event in another fund's or organisation's stream.
struct StreamMismatchError: Error, CustomStringConvertible {
    var description: String
}
