import EventStore
import Foundation

/// Decides what a command records, enforcing every rule of domain.md before anything is written.
///
/// Pure: state in, events (or a `LedgerRuleError`) out. After computing the events it applies them to a
/// copy of the state and re-checks the ledger's invariants, so no sequence of commands — reversals
/// included — can leave a fund below zero without overcommitment or an obligation repaid beyond what is due.
public struct CommandHandler: Sendable {
    public init() {}

    /// The events `envelope` records, each with its stream; throws the first broken rule.
    public func handle(_ envelope: CommandEnvelope, state: LedgerState) throws -> [LedgerEvent] {
        var next = state
        return try record(envelope, into: &next)
    }

    /// Decides, applies the events to `state` and checks the invariants there, without copying the state:
    /// for batches. After a throw `state` is half-changed and must be discarded (as `recordAll` does).
    public func record(
        _ envelope: CommandEnvelope, into state: inout LedgerState,
        eventID: (Int) -> UUID = { _ in UUID() }
    ) throws -> [LedgerEvent] {
        let events = try decide(envelope, state: state)
        for (index, event) in events.enumerated() {
            let stored = StoredLedgerEvent(
                event: event, metadata: envelope.metadata, eventID: index == 0 ? envelope.commandID : eventID(index),
                streamID: envelope.command.stream, globalPosition: 0, recordedAt: Timestamp(microsecondsSinceEpoch: 0),
                effectiveDate: envelope.effectiveDate, moneyMagnitude: try Self.checkedMoneyMagnitude(of: event))
            try Self.admit(stored, into: &state)
            state.apply(stored)
        }
        if let fundID = LedgerState.fundID(ofStream: envelope.command.stream) {
            try checkInvariants(ofFund: fundID, in: state)
        }
        return events
    }

    // MARK: Per-command rules

    /// The events a command records, by the rules of the part of the ledger it governs (the
    /// `CommandHandler+…` files); throws the first broken rule.
    func decide(_ envelope: CommandEnvelope, state: LedgerState) throws -> [LedgerEvent] {
        let date = envelope.effectiveDate
        switch envelope.command {
        case .registerOrganisation(let id, let name, let kind):
            return try registerOrganisation(id: id, name: name, kind: kind, state: state, date: date)
        case .registerDepartment(let organisationID, let code, let name, let kind):
            return try registerDepartment(organisationID: organisationID, code: code, name: name, kind: kind, state: state, date: date)
        case .closePeriod(let organisationID, let through):
            return try closePeriod(organisationID: organisationID, through: through, state: state, date: date)
        case .establishFund(let fundID, let organisationID, let name, let currency, let policy):
            return try establishFund(fundID: fundID, organisationID: organisationID, name: name, currency: currency, policy: policy, state: state, date: date)
        case .changePolicy(let fundID, let policy):
            return try changePolicy(fundID: fundID, policy: policy, state: state, date: date)
        case .contributeCapital(let fundID, let amount, let source):
            return try contributeCapital(fundID: fundID, amount: amount, source: source, state: state, date: date)
        case .withdrawCapital(let fundID, let amount):
            return try withdrawCapital(fundID: fundID, amount: amount, state: state, date: date)
        case .submitApplication(let fundID, let application):
            return try submitApplication(fundID: fundID, application: application, state: state, date: date)
        case .assessApplication(let fundID, let initiativeID, let assessor):
            return try assessApplication(fundID: fundID, initiativeID: initiativeID, assessor: assessor, state: state, date: date)
        case .decideInvestment(let fundID, let initiativeID, let body, let reference, let granted, let phasing, let agreedTerms):
            return try decideInvestment(fundID: fundID, initiativeID: initiativeID, body: body, referenceNumber: reference, granted: granted, phasing: phasing, repaymentTerms: agreedTerms, state: state, date: date)
        case .rejectApplication(let fundID, let initiativeID, let body, let reference, let reason):
            return try rejectApplication(fundID: fundID, initiativeID: initiativeID, body: body, referenceNumber: reference, reason: reason, state: state, date: date)
        case .amendDecision(let fundID, let initiativeID, let reference, let granted):
            return try amendDecision(fundID: fundID, initiativeID: initiativeID, referenceNumber: reference, granted: granted, state: state, date: date)
        case .revokeDecision(let fundID, let initiativeID, let reference):
            return try revokeDecision(fundID: fundID, initiativeID: initiativeID, referenceNumber: reference, state: state, date: date)
        case .disburse(let fundID, let initiativeID, let amount, let department, let voucher, let repeatedVoucher):
            return try disburse(fundID: fundID, initiativeID: initiativeID, amount: amount, department: department, voucher: voucher, repeatedVoucher: repeatedVoucher, state: state, date: date)
        case .recordCoFinancing(let fundID, let initiativeID, let amount, let contributor):
            return try recordCoFinancing(fundID: fundID, initiativeID: initiativeID, amount: amount, contributor: contributor, state: state, date: date)
        case .realiseSaving(let fundID, let saving):
            return try realiseSaving(fundID: fundID, saving: saving, state: state, date: date)
        case .attributeSaving(let fundID, let savingID, let department, let share):
            return try attributeSaving(fundID: fundID, savingID: savingID, department: department, share: share, state: state, date: date)
        case .receiveRepayment(let fundID, let initiativeID, let department, let amount, let method):
            return try receiveRepayment(fundID: fundID, initiativeID: initiativeID, department: department, amount: amount, method: method, state: state, date: date)
        case .waiveRepayment(let fundID, let initiativeID, let department, let amount, let reference):
            return try waiveRepayment(fundID: fundID, initiativeID: initiativeID, department: department, amount: amount, referenceNumber: reference, state: state, date: date)
        case .measureOutcome(let fundID, let initiativeID, let indicator, let value, let period):
            return try measureOutcome(fundID: fundID, initiativeID: initiativeID, indicator: indicator, value: value, period: period, state: state, date: date)
        case .closeInitiative(let fundID, let initiativeID, let outcome):
            return try closeInitiative(fundID: fundID, initiativeID: initiativeID, outcome: outcome, state: state, date: date)
        case .reverse(let fundID, let eventID):
            return try reverse(fundID: fundID, eventID: eventID, state: state, date: date)
        }
    }

    // MARK: Invariants after the events

    func checkInvariants(ofFund fundID: String, in state: LedgerState) throws {
        guard let fund = state.funds[fundID] else { return }
        if !fund.policy.overcommitmentAllowed && fund.balance.isNegative {
            throw LedgerRuleError(.negativeBalance, "this would leave fund \(fundID) at \(fund.balance); the policy does not allow overcommitment")
        }
        for initiative in fund.initiatives.values {
            guard initiative.disbursed.ore <= max(initiative.granted.ore, 0) || initiative.status != .decided else {
                throw LedgerRuleError(.overDisbursement, "this would leave \(initiative.id) disbursed beyond its grant")
            }
            for position in RepaymentSchedule.positions(for: initiative) where position.excess.isPositive {
                throw LedgerRuleError(.negativeObligation,
                    "this would leave \(position.department) having repaid or been waived \(position.repaid.ore + position.waived.ore > 0 ? "more than" : "beyond") its due of \(position.due) on \(initiative.id)")
            }
        }
    }

    // MARK: Helpers

    // A reference that is not found and breaks the identifier rule (an invisible character, a byte-order mark
    // from a spreadsheet) is refused by that rule, which says what is wrong with it, rather than as unknown.

    func requireOrganisation(_ id: String, _ state: LedgerState) throws -> OrganisationState {
        guard let organisation = state.organisations[id] else {
            try requireIdentifier(id, "organisation number")
            throw LedgerRuleError(.unknownOrganisation, "organisation \(id) is not registered")
        }
        return organisation
    }

    func requireFund(_ id: String, _ state: LedgerState, _ date: CivilDate) throws -> (FundState, OrganisationState) {
        guard let fund = state.funds[id] else {
            try requireIdentifier(id, "fund id")
            throw LedgerRuleError(.unknownFund, "fund \(id) does not exist")
        }
        let organisation = try requireOrganisation(fund.organisationID, state)
        try requireOpenPeriod(date, organisation)
        return (fund, organisation)
    }

    func requireInitiative(_ id: String, _ fund: FundState, status allowed: Set<InitiativeStatus>) throws -> InitiativeState {
        guard let initiative = fund.initiatives[id] else {
            try requireIdentifier(id, "initiative id")
            throw LedgerRuleError(.unknownInitiative, "initiative \(id) does not exist in fund \(fund.id)")
        }
        guard allowed.contains(initiative.status) else {
            throw LedgerRuleError(.initiativeStatus,
                "initiative \(id) is \(initiative.status.rawValue); this needs it to be \(allowed.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return initiative
    }

    func requireDepartment(_ code: String, _ organisation: OrganisationState) throws {
        guard organisation.departments[code] != nil else {
            try requireIdentifier(code, "department code")
            throw LedgerRuleError(.unknownDepartment, "department \(code) is not registered in \(organisation.name)")
        }
    }

    func requireOpenPeriod(_ date: CivilDate, _ organisation: OrganisationState) throws {
        if let closed = organisation.closedThrough, date <= closed {
            throw LedgerRuleError(.closedPeriod,
                "\(organisation.name) has closed its books through \(closed); an entry effective \(date) must go into the open period")
        }
    }

    /// The largest single amount the ledger accepts (`LedgerLimits.amountOreMax`, 10 000 000 000 000 kr).
    public static let amountOreMax: Int64 = LedgerLimits.amountOreMax

    /// What `event` adds to its stream's turnover; refuses an event carrying any amount (a policy's cap, an
    /// expected saving) that a replay could not read back, being beyond `LedgerLimits.amountOreMax`.
    static func checkedMoneyMagnitude(of event: LedgerEvent) throws -> Int64 {
        do {
            return try EventCoding.moneyMagnitude(of: event)
        } catch {
            throw LedgerRuleError(.amountLimit,
                "an amount in this \(event.eventType) is beyond the ledger's limit of \(LedgerLimits.text(amountOreMax)) for one amount")
        }
    }

    /// Counts a new event in its stream's turnover; refuses one that would take the stream past the ledger's
    /// limit, which a replay would refuse to read.
    static func admit(_ stored: StoredLedgerEvent, into state: inout LedgerState) throws {
        do {
            try state.admit(stored)
        } catch {
            throw LedgerRuleError(.amountLimit,
                "recording this would take the sum of every amount recorded in \(stored.streamID) past \(LedgerLimits.text(LedgerLimits.streamTurnoverOreMax)), the ledger's limit for one stream")
        }
    }

    func requirePositive(_ amount: Money, _ fund: FundState, _ what: String) throws {
        try requireCurrency(amount, fund, what)
        guard amount.ore > 0 else { throw LedgerRuleError(.positiveAmount, "the \(what) must be positive, not \(amount)") }
        try requireWithinLimit(amount, what)
    }

    func requireDistinctYears(_ amounts: [YearAmount], _ what: String) throws {
        var seen = Set<Int>()
        for amount in amounts where !seen.insert(amount.year).inserted {
            throw LedgerRuleError(.duplicateYear, "the \(what) name \(amount.year) twice; give one amount per year")
        }
        guard amounts.count <= 100 else { throw LedgerRuleError(.duplicateYear, "the \(what) span more than 100 years") }
    }

    func requireWithinLimit(_ amount: Money, _ what: String) throws {
        guard amount.ore <= Self.amountOreMax else {
            throw LedgerRuleError(.amountLimit, "the \(what) of \(amount) is above the ledger's limit of \(Money(ore: Self.amountOreMax, currency: amount.currency)) for one amount")
        }
    }

    func requireNotNegative(_ amount: Money, _ fund: FundState, _ what: String) throws {
        try requireCurrency(amount, fund, what)
        guard amount.ore >= 0 else { throw LedgerRuleError(.positiveAmount, "the \(what) must not be negative, not \(amount)") }
        try requireWithinLimit(amount, what)
    }

    func requireCurrency(_ amount: Money, _ fund: FundState, _ what: String) throws {
        guard amount.currency == fund.currency else {
            throw LedgerRuleError(.currency, "the \(what) is in \(amount.currency); fund \(fund.id) keeps its books in \(fund.currency)")
        }
    }

    /// An id that names something for good: the identifier rule (docs/identifiers.md), rule `identifier`.
    func requireIdentifier(_ text: String, _ what: String) throws {
        try requireText(text, what)
        if let problem = Identifier.problem(text, what) { throw LedgerRuleError(.identifier, problem) }
    }

    /// An id SIE files carry as an object code — an initiative (dimension 6), a department (dimension 1) — must
    /// be one they can carry unchanged: code page 437, no backslash. Accepted before, such an id stopped the
    /// fund's SIE export for good (a probe), since the log keeps it and SIE never alters a code.
    func requireSIECode(_ text: String, _ what: String) throws {
        let scalars = text.precomposedStringWithCanonicalMapping.unicodeScalars
        if let bad = scalars.first(where: { $0 == "\\" || CP437.byte(of: $0) == nil }) {
            throw LedgerRuleError(
                .identifier, "\(what) \(Identifier.quoted(text)) holds \"\(bad)\", which SIE files (code page 437) cannot carry in a code; use letters a–ö, digits and -")
        }
    }

    func requireText(_ text: String, _ what: String) throws {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw LedgerRuleError(.required, "\(what) is required") }
    }

    func validate(_ policy: FundPolicy, currency: Currency) throws {
        guard policy.minimumDepartments >= 1 else { throw LedgerRuleError(.policy, "minimum departments is at least 1") }
        guard policy.minimumCoFinancingShare >= .zero, policy.minimumCoFinancingShare <= .one else {
            throw LedgerRuleError(.policy, "the minimum co-financing share is between 0 % and 100 %")
        }
        if let years = policy.maximumDurationYears, years < 1 { throw LedgerRuleError(.policy, "the maximum duration is at least one year") }
        if let maximum = policy.maximumAmountPerYear, maximum.currency != currency || maximum.ore <= 0 {
            throw LedgerRuleError(.policy, "the maximum amount per year must be positive and in \(currency)")
        }
        switch policy.repaymentModel {
        case .shareOfSavings(let share, let cap, let horizon):
            guard share > .zero, share <= .one, horizon >= 1 else {
                throw LedgerRuleError(.policy, "a share-of-savings model needs a share in (0 %, 100 %] and a horizon of at least one year")
            }
            if case .fixed(let amount) = cap, amount.currency != currency || amount.ore <= 0 {
                throw LedgerRuleError(.policy, "a fixed repayment cap must be positive and in \(currency)")
            }
        case .frameReduction(let share, let horizon):
            guard share > .zero, share <= .one, horizon >= 1 else {
                throw LedgerRuleError(.policy, "a frame-reduction model needs a share in (0 %, 100 %] and a horizon of at least one year")
            }
        case .repaymentPlan(let instalments):
            for instalment in instalments where instalment.amount.currency != currency || instalment.amount.ore <= 0 {
                throw LedgerRuleError(.policy, "every planned instalment must be positive and in \(currency)")
            }
        case .none:
            break
        }
    }
}

/// The fund's application criteria (policy data), evaluated for one application.
public enum FundCriteria {
    /// Each criterion of the policy with whether the application meets it.
    public static func evaluate(_ application: ApplicationSubmitted, policy: FundPolicy) -> [CriterionResult] {
        var results: [CriterionResult] = []
        let departments = Set(application.departments).count
        let partners = policy.nonProfitPartnerCountsAsDepartment ? application.partners.filter(\.nonProfit).count : 0
        results.append(CriterionResult(
            criterion: "minimum-departments", met: departments + partners >= policy.minimumDepartments,
            note: "\(departments) department(s)\(partners > 0 ? " + \(partners) non-profit partner(s)" : ""); the fund requires at least \(policy.minimumDepartments)"))
        let requested = application.requestedPerYear.reduce(Int64(0)) { $0 + $1.amount.ore }
        if policy.minimumCoFinancingShare > .zero {
            let required = policy.minimumCoFinancingShare.portion(of: requested, rounding: .halfUp)
            let currency = application.coFinancing.currency
            results.append(CriterionResult(
                criterion: "minimum-co-financing", met: application.coFinancing.ore >= required,
                note: "co-financing \(application.coFinancing) of \(Money(ore: requested, currency: currency)) requested; the fund requires at least \(policy.minimumCoFinancingShare.percent) (\(Money(ore: required, currency: currency)))"))
        }
        if let maximum = policy.maximumDurationYears {
            let years = application.requestedPerYear.map(\.year)
            let span = (years.max() ?? 0) - (years.min() ?? 0) + 1
            results.append(CriterionResult(
                criterion: "maximum-duration", met: span <= maximum,
                note: "runs \(span) year(s); the fund allows at most \(maximum)"))
        }
        if let maximum = policy.maximumAmountPerYear {
            let largest = application.requestedPerYear.max { $0.amount.ore < $1.amount.ore }
            results.append(CriterionResult(
                criterion: "maximum-amount-per-year", met: (largest?.amount.ore ?? 0) <= maximum.ore,
                note: "largest yearly request \(largest.map { "\($0.amount) (\($0.year))" } ?? "none"); the fund allows at most \(maximum) a year"))
        }
        if !policy.priorityAreas.isEmpty {
            results.append(CriterionResult(
                criterion: "priority-area", met: policy.priorityAreas.contains(application.priorityArea),
                note: "priority area \"\(application.priorityArea)\"; the fund's are \(policy.priorityAreas.joined(separator: ", "))"))
        }
        if !policy.targetGroups.isEmpty {
            results.append(CriterionResult(
                criterion: "target-group", met: policy.targetGroups.contains(application.targetGroup),
                note: "target group \"\(application.targetGroup)\"; the fund's are \(policy.targetGroups.joined(separator: ", "))"))
        }
        return results
    }

    /// Throws for the first criterion the application does not meet, naming it.
    public static func requireAll(_ application: ApplicationSubmitted, policy: FundPolicy) throws {
        if let failed = evaluate(application, policy: policy).first(where: { !$0.met }) {
            throw LedgerRuleError(.criterion(failed.criterion), "the application does not meet the fund's criterion \(failed.criterion): \(failed.note)")
        }
    }
}
