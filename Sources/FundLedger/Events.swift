import EventStore
import Foundation
import Memberwise

/// A fact the ledger records. Each type has a stable name (the event type in the store) and a schema
/// version; payloads are Codable with snake_case keys. Names never change once events exist.
public protocol DomainEvent: Codable, Sendable, Equatable {
    /// The stable type name stored with the event, e.g. `FundsDisbursed`.
    static var eventType: String { get }
    /// The payload's current schema version.
    static var schemaVersion: Int { get }
}

extension DomainEvent {
    public static var schemaVersion: Int { 1 }
}

// The fund stream's events are in FundEvents.swift (the fund and its capital), InitiativeEvents.swift
// (applications, decisions, disbursements, outcomes) and SavingsAndRepaymentEvents.swift.

// MARK: Organisation stream (`organisation-<org number>`)

/// A kommun or region joins the ledger.
@PublicMemberwiseInit
public struct OrganisationRegistered: DomainEvent {
    public static let eventType = "OrganisationRegistered"
    /// The organisation number (organisationsnummer), e.g. `212000-1124`.
    public var organisationID: String
    public var name: String
    /// `kommun` or `region`.
    public var kind: String
}

/// What kind of unit a department is.
public enum DepartmentKind: String, Codable, Sendable, CaseIterable {
    /// A förvaltning of the organisation.
    case department
    /// A nämnd (political committee).
    case committee
    /// An actor outside the organisation: the region, Försäkringskassan, Arbetsförmedlingen, …
    case externalActor = "external_actor"
}

/// A department (förvaltning), committee (nämnd) or external actor is known to the organisation.
@PublicMemberwiseInit
public struct DepartmentRegistered: DomainEvent {
    public static let eventType = "DepartmentRegistered"
    /// A short code used everywhere else, e.g. `BUN`, `SOC`, `FK`.
    public var code: String
    public var name: String
    public var kind: DepartmentKind
}

/// A fiscal period is closed: nothing may be effective on or before `closedThrough` any more.
@PublicMemberwiseInit
public struct PeriodClosed: DomainEvent {
    public static let eventType = "PeriodClosed"
    public var closedThrough: CivilDate
}

// MARK: Corrections

/// An administrator records that a stored event the ledger cannot read is passed over by every fold
/// (`SkippedEvents`, `fundledger correction skip`); it changes no state, and the audit trail shows it.
@PublicMemberwiseInit
public struct EventSkipped: DomainEvent {
    public static let eventType = "UnreadableEventSkipped"
    /// The skipped event's id.
    public var eventID: UUID
    /// Why, as the administrator gave it.
    public var reason: String
}

/// An earlier event is corrected: its effect is undone from this event's effective date on.
@PublicMemberwiseInit
public struct EventReversed: DomainEvent {
    public static let eventType = "EventReversed"
    public var reversedEventID: UUID
    public var reversedEventType: String
}
