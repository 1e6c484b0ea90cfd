import EventStore
import Foundation

/// Organisations: registering them and their departments, closing periods.
extension CommandHandler {
    func registerOrganisation(id: String, name: String, kind: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        guard state.organisations[id] == nil else { throw LedgerRuleError(.uniqueOrganisation, "organisation \(id) is already registered") }
        try requireIdentifier(id, "organisation number")
        try requireText(name, "organisation name")
        guard ["kommun", "region"].contains(kind) else {
            throw LedgerRuleError(.organisationKind, "an organisation is a kommun or a region, not \(kind)")
        }
        return [.organisationRegistered(.init(organisationID: id, name: name, kind: kind))]
    }

    func registerDepartment(organisationID: String, code: String, name: String, kind: DepartmentKind, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let organisation = try requireOrganisation(organisationID, state)
        try requireOpenPeriod(date, organisation)
        guard organisation.departments[code] == nil else {
            throw LedgerRuleError(.uniqueDepartment, "department \(code) is already registered in \(organisation.name)")
        }
        try requireIdentifier(code, "department code")
        try requireSIECode(code, "department code")
        try requireText(name, "department name")
        return [.departmentRegistered(.init(code: code, name: name, kind: kind))]
    }

    func closePeriod(organisationID: String, through: CivilDate, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let organisation = try requireOrganisation(organisationID, state)
        if let closed = organisation.closedThrough, through <= closed {
            throw LedgerRuleError(.periodOrder, "periods up to \(closed) are already closed; \(through) is not later")
        }
        guard through < date else {
            throw LedgerRuleError(.periodNotEnded,
                "a period is closed after it ends: \(through) is not before the closing's effective date \(date)")
        }
        return [.periodClosed(.init(closedThrough: through))]
    }
}
