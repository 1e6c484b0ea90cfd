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
            state.apply(StoredLedgerEvent(
                event: event, metadata: envelope.metadata, eventID: index == 0 ? envelope.commandID : eventID(index),
                streamID: envelope.command.stream, globalPosition: 0, recordedAt: Timestamp(microsecondsSinceEpoch: 0),
                effectiveDate: envelope.effectiveDate))
        }
        if let fundID = LedgerState.fundID(ofStream: envelope.command.stream) {
            try checkInvariants(ofFund: fundID, in: state)
        }
        return events
    }

    // MARK: Per-command rules

    func decide(_ envelope: CommandEnvelope, state: LedgerState) throws -> [LedgerEvent] {
        let date = envelope.effectiveDate
        switch envelope.command {
        case .registerOrganisation(let id, let name, let kind):
            guard state.organisations[id] == nil else { throw LedgerRuleError(.uniqueOrganisation, "organisation \(id) is already registered") }
            try requireIdentifier(id, "organisation number")
            try requireText(name, "organisation name")
            guard ["kommun", "region"].contains(kind) else {
                throw LedgerRuleError(.organisationKind, "an organisation is a kommun or a region, not \(kind)")
            }
            return [.organisationRegistered(.init(organisationID: id, name: name, kind: kind))]

        case .registerDepartment(let organisationID, let code, let name, let kind):
            let organisation = try requireOrganisation(organisationID, state)
            try requireOpenPeriod(date, organisation)
            guard organisation.departments[code] == nil else {
                throw LedgerRuleError(.uniqueDepartment, "department \(code) is already registered in \(organisation.name)")
            }
            try requireIdentifier(code, "department code")
            try requireText(name, "department name")
            return [.departmentRegistered(.init(code: code, name: name, kind: kind))]

        case .closePeriod(let organisationID, let through):
            let organisation = try requireOrganisation(organisationID, state)
            if let closed = organisation.closedThrough, through <= closed {
                throw LedgerRuleError(.periodOrder, "periods up to \(closed) are already closed; \(through) is not later")
            }
            guard through < date else {
                throw LedgerRuleError(.periodNotEnded,
                    "a period is closed after it ends: \(through) is not before the closing's effective date \(date)")
            }
            return [.periodClosed(.init(closedThrough: through))]

        case .establishFund(let fundID, let organisationID, let name, let currency, let policy):
            guard state.funds[fundID] == nil else { throw LedgerRuleError(.uniqueFund, "fund \(fundID) already exists") }
            let organisation = try requireOrganisation(organisationID, state)
            try requireOpenPeriod(date, organisation)
            try requireIdentifier(fundID, "fund id")
            try requireText(name, "fund name")
            try validate(policy, currency: currency)
            return [.fundEstablished(.init(fundID: fundID, organisationID: organisationID, name: name, currency: currency, policy: policy))]

        case .changePolicy(let fundID, let policy):
            let (fund, _) = try requireFund(fundID, state, date)
            try validate(policy, currency: fund.currency)
            return [.fundPolicyChanged(.init(policy: policy))]

        case .contributeCapital(let fundID, let amount, let source):
            let (fund, _) = try requireFund(fundID, state, date)
            try requirePositive(amount, fund, "contribution")
            try requireText(source, "source of the capital")
            return [.capitalContributed(.init(amount: amount, source: source))]

        case .withdrawCapital(let fundID, let amount):
            let (fund, _) = try requireFund(fundID, state, date)
            try requirePositive(amount, fund, "withdrawal")
            if !fund.policy.overcommitmentAllowed && amount.ore > fund.uncommitted.ore {
                throw LedgerRuleError(.withdrawalAboveUncommitted,
                    "cannot withdraw \(amount): the fund's uncommitted capital is \(fund.uncommitted)")
            }
            // Overcommitment lets decisions run ahead of the capital, never withdrawals ahead of the cash.
            if amount.ore > fund.balance.ore {
                throw LedgerRuleError(.withdrawalAboveBalance, "cannot withdraw \(amount): the fund holds \(fund.balance)")
            }
            return [.capitalWithdrawn(.init(amount: amount))]

        case .submitApplication(let fundID, let application):
            let (fund, organisation) = try requireFund(fundID, state, date)
            guard fund.initiatives[application.initiativeID] == nil else {
                throw LedgerRuleError(.uniqueInitiative, "initiative \(application.initiativeID) already exists in fund \(fundID)")
            }
            try requireIdentifier(application.initiativeID, "initiative id")
            try requireText(application.title, "title")
            guard !application.departments.isEmpty else { throw LedgerRuleError(.departmentsRequired, "an application names at least one department") }
            for code in application.departments { try requireDepartment(code, organisation) }
            guard !application.requestedPerYear.isEmpty else {
                throw LedgerRuleError(.requestedAmountRequired, "an application requests an amount for at least one year")
            }
            for year in application.requestedPerYear { try requirePositive(year.amount, fund, "requested amount for \(year.year)") }
            try requireDistinctYears(application.requestedPerYear, "requested amounts")
            try requireNotNegative(application.coFinancing, fund, "co-financing")
            for saving in application.expectedSavings {
                try requireDepartment(saving.department, organisation)
                try requirePositive(saving.amount, fund, "expected saving")
            }
            try FundCriteria.requireAll(application, policy: fund.policy)
            return [.applicationSubmitted(application)]

        case .assessApplication(let fundID, let initiativeID, let assessor):
            let (fund, _) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.applied])
            let results = FundCriteria.evaluate(initiative.application, policy: fund.policy)
            return [.applicationAssessed(.init(initiativeID: initiativeID, assessor: assessor, results: results))]

        case .decideInvestment(let fundID, let initiativeID, let body, let reference, let granted, let phasing, let agreedTerms):
            let (fund, _) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.applied])
            try requireText(body, "deciding body")
            try requireText(reference, "decision reference (diarienummer)")
            try requirePositive(granted, fund, "granted amount")
            try FundCriteria.requireAll(initiative.application, policy: fund.policy)
            if !phasing.isEmpty {
                for year in phasing { try requirePositive(year.amount, fund, "phased amount for \(year.year)") }
                try requireDistinctYears(phasing, "phasing")
                // Each part is at most amountOreMax and there is one per year, so this sum cannot overflow.
                let phased = phasing.reduce(Int64(0)) { $0 + $1.amount.ore }
                guard phased == granted.ore else {
                    throw LedgerRuleError(.phasingSum, "the phasing adds up to \(Money(ore: phased, currency: fund.currency)), not the granted \(granted)")
                }
                for year in phasing {
                    try requirePositive(year.amount, fund, "phased amount for \(year.year)")
                    if let maximum = fund.policy.maximumAmountPerYear, year.amount.ore > maximum.ore {
                        throw LedgerRuleError(.criterion("maximum-amount-per-year"), "\(year.year) is phased at \(year.amount), above the fund's maximum of \(maximum) a year")
                    }
                }
            }
            if !fund.policy.overcommitmentAllowed && granted.ore > fund.uncommitted.ore {
                throw LedgerRuleError(.overcommitment,
                    "granting \(granted) would exceed the fund's uncommitted capital of \(fund.uncommitted); the policy does not allow overcommitment")
            }
            if let agreedTerms {
                try validate(FundPolicy(repaymentModel: agreedTerms), currency: fund.currency)
            }
            return [.investmentDecided(.init(
                initiativeID: initiativeID, body: body, referenceNumber: reference, granted: granted, phasing: phasing,
                repaymentTerms: agreedTerms ?? fund.policy.repaymentModel, decidedOn: date))]

        case .rejectApplication(let fundID, let initiativeID, let body, let reference, let reason):
            let (fund, _) = try requireFund(fundID, state, date)
            _ = try requireInitiative(initiativeID, fund, status: [.applied])
            try requireText(body, "deciding body")
            try requireText(reference, "decision reference (diarienummer)")
            try requireText(reason, "reason")
            return [.applicationRejected(.init(initiativeID: initiativeID, body: body, referenceNumber: reference, reason: reason))]

        case .amendDecision(let fundID, let initiativeID, let reference, let granted):
            let (fund, _) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.decided])
            try requireText(reference, "decision reference (diarienummer)")
            try requirePositive(granted, fund, "granted amount")
            guard granted.ore >= initiative.disbursed.ore else {
                throw LedgerRuleError(.amendBelowDisbursed, "cannot lower the grant to \(granted): \(initiative.disbursed) is already disbursed")
            }
            let increase = granted.ore - initiative.granted.ore
            if !fund.policy.overcommitmentAllowed && increase > fund.uncommitted.ore {
                throw LedgerRuleError(.overcommitment, "raising the grant by \(Money(ore: increase, currency: fund.currency)) would exceed the uncommitted capital of \(fund.uncommitted)")
            }
            return [.decisionAmended(.init(initiativeID: initiativeID, referenceNumber: reference, granted: granted))]

        case .revokeDecision(let fundID, let initiativeID, let reference):
            let (fund, _) = try requireFund(fundID, state, date)
            _ = try requireInitiative(initiativeID, fund, status: [.decided])
            try requireText(reference, "decision reference (diarienummer)")
            return [.decisionRevoked(.init(initiativeID: initiativeID, referenceNumber: reference))]

        case .disburse(let fundID, let initiativeID, let amount, let department, let voucher, let repeatedVoucher):
            let (fund, organisation) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.decided])
            try requirePositive(amount, fund, "disbursement")
            try requireDepartment(department, organisation)
            try requireIdentifier(voucher, "voucher reference")
            if !repeatedVoucher, let first = fund.vouchers[VoucherUse(year: date.year, voucher: voucher)] {
                throw LedgerRuleError(.uniqueVoucher,
                    "voucher \(voucher) is already used in \(date.year) by event \(first.uuidString.lowercased()); a voucher number is used once a fiscal year (if this one genuinely repeats, say so: --repeated-voucher, or repeated_voucher: true in a file)")
            }
            let remaining = initiative.granted.ore - initiative.disbursed.ore
            guard amount.ore <= remaining else {
                throw LedgerRuleError(.overDisbursement,
                    "cannot disburse \(amount) to \(initiativeID): granted \(initiative.granted), already disbursed \(initiative.disbursed), remaining \(Money(ore: remaining, currency: fund.currency))")
            }
            return [.fundsDisbursed(.init(initiativeID: initiativeID, amount: amount, department: department, voucher: voucher))]

        case .recordCoFinancing(let fundID, let initiativeID, let amount, let contributor):
            let (fund, _) = try requireFund(fundID, state, date)
            _ = try requireInitiative(initiativeID, fund, status: [.applied, .decided])
            try requirePositive(amount, fund, "co-financing")
            return [.coFinancingRecorded(.init(initiativeID: initiativeID, amount: amount, contributor: contributor))]

        case .realiseSaving(let fundID, let saving):
            let (fund, organisation) = try requireFund(fundID, state, date)
            _ = try requireInitiative(saving.initiativeID, fund, status: [.decided, .closed])
            guard fund.initiative(ofSaving: saving.savingID) == nil else {
                throw LedgerRuleError(.uniqueSaving, "saving \(saving.savingID) is already recorded")
            }
            try requireIdentifier(saving.savingID, "saving id")
            try requireDepartment(saving.department, organisation)
            try requirePositive(saving.amount, fund, "saving")
            guard saving.periodStart <= saving.periodEnd else {
                throw LedgerRuleError(.savingPeriod, "the saving's period ends (\(saving.periodEnd)) before it starts (\(saving.periodStart))")
            }
            return [.savingRealised(saving)]

        case .attributeSaving(let fundID, let savingID, let department, let share):
            let (fund, organisation) = try requireFund(fundID, state, date)
            guard let initiative = fund.initiative(ofSaving: savingID), let saving = initiative.savings[savingID] else {
                throw LedgerRuleError(.unknownSaving, "saving \(savingID) is not recorded in fund \(fundID)")
            }
            try requireDepartment(department, organisation)
            guard department != saving.saving.department else {
                throw LedgerRuleError(.attributionToSelf, "saving \(savingID) already arose in \(department); attribute it to another department")
            }
            guard share > .zero, share <= .one else { throw LedgerRuleError(.attributionShare, "a share is more than 0 % and at most 100 %, not \(share)") }
            let attributed = saving.attributions.reduce(Rate.zero) { (try? $0 + $1.share) ?? .one }
            guard let total = try? attributed + share, total <= .one else {
                throw LedgerRuleError(.attributionOver100,
                    "saving \(savingID) already has \(attributed) attributed; another \(share) would exceed 100 %")
            }
            return [.savingAttributed(.init(savingID: savingID, department: department, share: share))]

        case .receiveRepayment(let fundID, let initiativeID, let department, let amount, let method):
            let (fund, organisation) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.decided, .closed, .revoked])
            try requirePositive(amount, fund, "repayment")
            try requireDepartment(department, organisation)
            let position = RepaymentSchedule.positions(for: initiative).first { $0.department == department }
            guard let position, position.due.ore > 0 else {
                throw LedgerRuleError(.repaymentWithoutObligation,
                    "\(department) owes nothing on \(initiativeID): a repayment needs a realised saving (within the horizon) or a planned instalment")
            }
            guard amount.ore <= position.outstanding.ore else {
                throw LedgerRuleError(.overRepayment,
                    "\(department) owes \(position.outstanding) on \(initiativeID) (due \(position.due), repaid \(position.repaid), waived \(position.waived)); \(amount) is more")
            }
            return [.repaymentReceived(.init(initiativeID: initiativeID, department: department, amount: amount, method: method))]

        case .waiveRepayment(let fundID, let initiativeID, let department, let amount, let reference):
            let (fund, _) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.decided, .closed, .revoked])
            try requirePositive(amount, fund, "waiver")
            try requireText(reference, "decision reference")
            let outstanding = RepaymentSchedule.positions(for: initiative).first { $0.department == department }?.outstanding.ore ?? 0
            guard amount.ore <= outstanding else {
                throw LedgerRuleError(.overWaiver, "\(department) owes \(Money(ore: outstanding, currency: fund.currency)) on \(initiativeID); cannot waive \(amount)")
            }
            return [.repaymentWaived(.init(initiativeID: initiativeID, department: department, amount: amount, referenceNumber: reference))]

        case .measureOutcome(let fundID, let initiativeID, let indicator, let value, let period):
            let (fund, _) = try requireFund(fundID, state, date)
            let initiative = try requireInitiative(initiativeID, fund, status: [.decided, .closed])
            guard initiative.application.indicators.contains(where: { $0.name == indicator }) else {
                throw LedgerRuleError(.unknownIndicator, "\(initiativeID) has no indicator called \(indicator)")
            }
            return [.outcomeMeasured(.init(initiativeID: initiativeID, indicator: indicator, value: value, period: period))]

        case .closeInitiative(let fundID, let initiativeID, let outcome):
            let (fund, _) = try requireFund(fundID, state, date)
            _ = try requireInitiative(initiativeID, fund, status: [.decided])
            return [.initiativeClosed(.init(initiativeID: initiativeID, outcome: outcome))]

        case .reverse(let fundID, let eventID):
            _ = try requireFund(fundID, state, date)
            guard let original = state.eventsByID[eventID], original.streamID == LedgerStreams.fund(fundID) else {
                throw LedgerRuleError(.unknownEvent, "event \(eventID.uuidString.lowercased()) is not in fund \(fundID)")
            }
            if case .eventReversed = original.event {
                throw LedgerRuleError(.reverseReversal, "a reversal cannot be reversed; record the original again instead")
            }
            guard state.reversedBy[eventID] == nil else {
                throw LedgerRuleError(.reverseOnce, "event \(eventID.uuidString.lowercased()) is already reversed")
            }
            let reversible: Set = [
                CapitalContributed.eventType, CapitalWithdrawn.eventType, FundsDisbursed.eventType,
                CoFinancingRecorded.eventType, SavingRealised.eventType, SavingAttributed.eventType,
                RepaymentReceived.eventType, RepaymentWaived.eventType, OutcomeMeasured.eventType,
            ]
            guard reversible.contains(original.event.eventType) else {
                throw LedgerRuleError(.notReversible,
                    "\(original.event.eventType) cannot be reversed; decisions are amended or revoked instead")
            }
            return [.eventReversed(.init(reversedEventID: eventID, reversedEventType: original.event.eventType))]
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
            for position in RepaymentSchedule.positions(for: initiative) where position.outstanding.isNegative {
                throw LedgerRuleError(.negativeObligation,
                    "this would leave \(position.department) having repaid or been waived \(position.repaid.ore + position.waived.ore > 0 ? "more than" : "beyond") its due of \(position.due) on \(initiative.id)")
            }
        }
    }

    // MARK: Helpers

    func requireOrganisation(_ id: String, _ state: LedgerState) throws -> OrganisationState {
        guard let organisation = state.organisations[id] else {
            throw LedgerRuleError(.unknownOrganisation, "organisation \(id) is not registered")
        }
        return organisation
    }

    func requireFund(_ id: String, _ state: LedgerState, _ date: CivilDate) throws -> (FundState, OrganisationState) {
        guard let fund = state.funds[id] else { throw LedgerRuleError(.unknownFund, "fund \(id) does not exist") }
        let organisation = try requireOrganisation(fund.organisationID, state)
        try requireOpenPeriod(date, organisation)
        return (fund, organisation)
    }

    func requireInitiative(_ id: String, _ fund: FundState, status allowed: Set<InitiativeStatus>) throws -> InitiativeState {
        guard let initiative = fund.initiatives[id] else {
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
            throw LedgerRuleError(.unknownDepartment, "department \(code) is not registered in \(organisation.name)")
        }
    }

    func requireOpenPeriod(_ date: CivilDate, _ organisation: OrganisationState) throws {
        if let closed = organisation.closedThrough, date <= closed {
            throw LedgerRuleError(.closedPeriod,
                "\(organisation.name) has closed its books through \(closed); an entry effective \(date) must go into the open period")
        }
    }

    /// The largest single amount the ledger accepts: 10 000 000 000 000 kr. Far above any fund (2–120 MSEK);
    /// a fund would need over 9 000 such amounts before its sums could overflow 64-bit öre.
    public static let amountOreMax: Int64 = 1_000_000_000_000_000

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
