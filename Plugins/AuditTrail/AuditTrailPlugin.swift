import EventStore
import Foundation
import FundLedger
import Projections
import Reporting

/// What the audit trail folds: every event of the fund's stream and of the organisation streams (the fund's
/// organisation is only known once its `FundEstablished` is read, so all are kept and filtered at the end).
public struct AuditTrailState: Sendable {
    public var fundEvents: [StoredLedgerEvent] = []
    public var organisationEvents: [StoredLedgerEvent] = []
    public init() {}
}

/// `audit-trail`: the full history of a fund, one of its initiatives or one department, event by event.
///
/// Each row is one stored event: position, recorded time, effective date, actor, the login that recorded it
/// (`recorded_by`, marked where it differs from the actor), reason, decision reference
/// (the metadata's, else the event's own reference number), event type and what it changed, in words.
/// Rows are in position order, except that a reversal is placed directly after the event it reverses; the
/// reversed event's row says "reversed by position N" and the reversal's row says what it undoes.
///
/// Filters: `initiative` keeps the events naming the initiative (and attributions of its savings);
/// `department` keeps the events naming the department (registration, applications listing it,
/// disbursements, savings, attributions, repayments, waivers, co-financing by it). A reversal is kept with
/// the event it reverses. Organisation events (departments, closed periods, valuation data) are shown for
/// the fund's organisation when no initiative is asked for.
public struct AuditTrailPlugin: ReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("audit-trail", parameters: [
        .fund,
        .initiative(.helpInitiativeEvents),
        ParameterSpec("department", .text, help: .helpDepartment),
    ])

    public func projection(for parameters: ReportParameters) throws -> Fold<AuditTrailState> {
        let stream = LedgerStreams.fund(parameters.text("fund") ?? "")
        return Fold(name: "audit-trail", initial: { AuditTrailState() }, apply: { event, state in
            if event.streamID == stream {
                state.fundEvents.append(event)
            } else if LedgerState.organisationID(ofStream: event.streamID) != nil {
                state.organisationEvents.append(event)
            }
        })
    }

    public func report(from state: AuditTrailState, parameters: ReportParameters) throws -> ReportDocument {
        let scope = try requestedScope(in: state, parameters)
        let trail = Trail(state: state, scope: scope)
        let t = parameters.texts
        let (rows, reversals, differing) = Self.rows(of: trail, scope: scope, t)
        var subject = t(.atSubjectFund, scope.fundID)
        if let initiativeID = scope.initiativeID { subject += t(.atSubjectInitiative, initiativeID) }
        if let department = scope.department { subject += t(.atSubjectDepartment, department) }
        return ReportDocument(
            reportID: id, title: t(.atTitle, scope.established.name), subtitle: subject,
            keyFigures: [
                KeyFigure(t(.atEvents), .integer(Int64(rows.count))),
                KeyFigure(t(.atReversals), .integer(Int64(reversals))),
                KeyFigure(t(.atDiffering), .integer(Int64(differing))),
            ],
            tables: [ReportTable(id: "events", title: t(.atEvents), columns: [
                ReportColumn("position", t(.atPosition)), ReportColumn("recorded_at", t(.atRecorded)), ReportColumn("effective_date", t(.atEffective)),
                ReportColumn("actor", t(.atActor)), ReportColumn("recorded_by", t(.atRecordedBy)), ReportColumn("reason", t(.atReason)),
                ReportColumn("decision_reference", t(.atReference)), ReportColumn("event_type", t(.atEvent)), ReportColumn("change", t(.atChange)),
                ReportColumn("correction", t(.atCorrection)),
            ], rows: rows)],
            notes: [t(.atNoteOrder), t(.atNoteActor)])
    }

    /// What the report is asked for: the fund, and the initiative and department filters, checked to exist.
    private struct Scope {
        var fundID: String
        var established: FundEstablished
        var initiativeID: String?
        var department: String?
        /// The initiative of each saving, for attributions that name only the saving.
        var initiativeOfSaving: [String: String]
        var organisationStream: String

        /// Whether the filters keep an event.
        func matches(_ event: StoredLedgerEvent) -> Bool {
            if event.streamID == organisationStream {
                guard initiativeID == nil else { return false }
                guard let department else { return true }
                if case .departmentRegistered(let e) = event.event { return e.code == department }
                return false
            }
            if let initiativeID, event.event.initiativeID(savingOwners: { initiativeOfSaving[$0] }) != initiativeID { return false }
            if let department, !AuditTrailPlugin.departments(of: event.event).contains(department) { return false }
            return true
        }
    }

    /// Reads the parameters against the folded events; an unknown fund, initiative or department is an error.
    private func requestedScope(in state: AuditTrailState, _ parameters: ReportParameters) throws -> Scope {
        let fundID = parameters.text("fund") ?? ""
        guard let established = state.fundEvents.lazy.compactMap({ event -> FundEstablished? in
            if case .fundEstablished(let e) = event.event { return e } else { return nil }
        }).first else {
            throw unknownFund(fundID)
        }
        let initiativeID = parameters.text("initiative")
        let department = parameters.text("department")
        var initiativeOfSaving: [String: String] = [:]
        var initiatives: Set<String> = []
        for event in state.fundEvents {
            if case .savingRealised(let e) = event.event { initiativeOfSaving[e.savingID] = e.initiativeID }
            if case .applicationSubmitted(let e) = event.event { initiatives.insert(e.initiativeID) }
        }
        if let initiativeID, !initiatives.contains(initiativeID) {
            throw unknownInitiative(initiativeID, fund: fundID)
        }
        let organisationStream = LedgerStreams.organisation(established.organisationID)
        if let department {
            let known = state.organisationEvents.contains {
                guard $0.streamID == organisationStream, case .departmentRegistered(let e) = $0.event else { return false }
                return e.code == department
            }
            guard known else {
                throw ReportError.plugin(id: id, message: "organisation \(established.organisationID) has no department \"\(department)\"")
            }
        }
        return Scope(
            fundID: fundID, established: established, initiativeID: initiativeID, department: department,
            initiativeOfSaving: initiativeOfSaving, organisationStream: organisationStream)
    }

    /// The events the report shows, in order, with each event's reversal.
    private struct Trail {
        /// The fund's and its organisation's events by ID.
        var byID: [UUID: StoredLedgerEvent]
        /// The first reversal of each reversed event, by the reversed event's ID.
        var reversedBy: [UUID: StoredLedgerEvent]
        /// The events kept by the filters, in position order, each reversal right after its original.
        var selected: [StoredLedgerEvent]

        init(state: AuditTrailState, scope: Scope) {
            let all = (state.fundEvents + state.organisationEvents.filter { $0.streamID == scope.organisationStream })
                .sorted { $0.globalPosition < $1.globalPosition }
            byID = Dictionary(all.map { ($0.eventID, $0) }, uniquingKeysWith: { first, _ in first })
            var reversedBy: [UUID: StoredLedgerEvent] = [:]
            for event in all {
                if case .eventReversed(let e) = event.event, reversedBy[e.reversedEventID] == nil { reversedBy[e.reversedEventID] = event }
            }
            self.reversedBy = reversedBy
            // A reversal goes with its original: kept when the original is, placed right after it. One whose
            // original is outside the bounds (a replay bounded in time) stands alone, in the fund-wide view only.
            selected = []
            for event in all {
                if case .eventReversed(let e) = event.event, byID[e.reversedEventID] != nil,
                   reversedBy[e.reversedEventID]?.eventID == event.eventID { continue }
                guard scope.matches(event) else { continue }
                selected.append(event)
                if let reversal = reversedBy[event.eventID] { selected.append(reversal) }
            }
        }
    }

    /// One row per selected event; and how many are reversals and how many were recorded by another login.
    private static func rows(of trail: Trail, scope: Scope, _ t: ReportTexts) -> (rows: [[ReportValue]], reversals: Int, differing: Int) {
        let currency = scope.established.currency
        var rows: [[ReportValue]] = []
        var reversals = 0
        var differing = 0
        for event in trail.selected {
            var correction = ""
            var change = describe(event.event, currency: currency, savings: scope.initiativeOfSaving, t)
            if case .eventReversed(let e) = event.event {
                reversals += 1
                if let original = trail.byID[e.reversedEventID] {
                    change = t(.atReversesChange, original.globalPosition, describe(original.event, currency: currency, savings: scope.initiativeOfSaving, t))
                    correction = t(.atReversesPosition, original.globalPosition)
                } else {
                    change = t(.atReversesUnknownChange, e.reversedEventType, e.reversedEventID.uuidString.lowercased())
                    correction = t(.atReversesOutside)
                }
            } else if let reversal = trail.reversedBy[event.eventID] {
                correction = t(.atReversedBy, reversal.globalPosition)
            }
            let differs = event.recordedBy.map { $0 != event.metadata.actor } ?? false
            if differs { differing += 1 }
            rows.append([
                .integer(event.globalPosition), .timestamp(event.recordedAt.description), .date(event.effectiveDate.description),
                .text(event.metadata.actor), event.recordedBy.map { .text(differs ? t(.atNotActor, $0) : $0) } ?? .empty,
                event.metadata.reason.map { .text($0) } ?? .empty,
                (event.metadata.decisionReference ?? reference(of: event.event)).map { .text($0) } ?? .empty,
                .text(event.event.eventType), .text(change), correction.isEmpty ? .empty : .text(correction),
            ])
        }
        return (rows, reversals, differing)
    }

    /// The departments an event names.
    static func departments(of event: LedgerEvent) -> [String] {
        switch event {
        case .departmentRegistered(let e): [e.code]
        case .applicationSubmitted(let e): e.departments
        case .fundsDisbursed(let e): [e.department]
        case .coFinancingRecorded(let e): [e.contributor]
        case .savingRealised(let e): [e.department]
        case .savingAttributed(let e): [e.department]
        case .repaymentReceived(let e): [e.department]
        case .repaymentWaived(let e): [e.department]
        default: []
        }
    }

    /// A decision reference carried in the event itself.
    static func reference(of event: LedgerEvent) -> String? {
        switch event {
        case .investmentDecided(let e): e.referenceNumber
        case .applicationRejected(let e): e.referenceNumber
        case .decisionAmended(let e): e.referenceNumber
        case .decisionRevoked(let e): e.referenceNumber
        case .repaymentWaived(let e): e.referenceNumber
        default: nil
        }
    }

    /// What an event changed, in one line: `disbursed 300 000,00 kr to BUN for i1`.
    static func describe(_ event: LedgerEvent, currency: Currency, savings: [String: String], _ t: ReportTexts = ReportTexts(.en)) -> String {
        switch event {
        case .organisationRegistered(let e): return t(.evOrganisation, e.name, e.organisationID, e.kind)
        case .departmentRegistered(let e):
            let kind: ReportText = switch e.kind {
            case .department: .kindDepartment
            case .committee: .kindCommittee
            case .externalActor: .kindExternalActor
            }
            return t(.evDepartment, t(kind), e.code, e.name)
        case .periodClosed(let e): return t(.evPeriodClosed, e.closedThrough)
        case .fundEstablished(let e): return t(.evFundEstablished, e.name, e.currency.code)
        case .fundPolicyChanged: return t(.evPolicyChanged)
        case .capitalContributed(let e): return t(.evContributed, e.amount, e.source)
        case .capitalWithdrawn(let e): return t(.evWithdrew, e.amount)
        case .applicationSubmitted(let e):
            let requested = Money(ore: e.requestedPerYear.reduce(0) { $0 + $1.amount.ore }, currency: currency)
            return t(.evApplied, requested, e.initiativeID, e.departments.joined(separator: ", "))
        case .applicationAssessed(let e): return t(.evAssessed, e.initiativeID, e.results.filter(\.met).count, e.results.count)
        case .investmentDecided(let e): return t(.evGranted, e.granted, e.initiativeID, e.body, e.referenceNumber)
        case .applicationRejected(let e): return t(.evRejected, e.initiativeID, e.reason)
        case .decisionAmended(let e): return t(.evAmended, e.initiativeID, e.granted)
        case .decisionRevoked(let e): return t(.evRevoked, e.initiativeID)
        case .fundsDisbursed(let e): return t(.evDisbursed, e.amount, e.department, e.initiativeID)
        case .coFinancingRecorded(let e): return t(.evCoFinancing, e.amount, e.contributor, e.initiativeID)
        case .savingRealised(let e): return t(.evSaving, e.savingID, e.amount, e.department, e.initiativeID, e.periodStart, e.periodEnd)
        case .savingAttributed(let e):
            return t(.evAttributed, t.percent(e.share), e.savingID, savings[e.savingID].map { " (\($0))" } ?? "", e.department)
        case .repaymentReceived(let e): return t(.evRepaid, e.amount, e.department, e.initiativeID, t(e.method == .cash ? .methodCash : .methodFrameReduction))
        case .repaymentWaived(let e): return t(.evWaived, e.amount, e.department, e.initiativeID)
        case .outcomeMeasured(let e): return t(.evMeasured, e.indicator, e.value, e.period, e.initiativeID)
        case .initiativeClosed(let e): return t(.evClosed, e.initiativeID, e.outcome.rawValue)
        case .eventReversed(let e): return t(.evReversed, e.reversedEventType)
        case .eventSkipped(let e): return t(.evSkipped, e.eventID.uuidString.lowercased(), e.reason)
        case .valuation: return t(.evValuation, event.eventType)
        }
    }
}
