import EventStore
import Foundation

/// Initiatives: applications, decisions, disbursements, co-financing, outcomes and closing.
extension CommandHandler {
    func submitApplication(fundID: String, application: ApplicationSubmitted, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, organisation) = try requireFund(fundID, state, date)
        guard fund.initiatives[application.initiativeID] == nil else {
            throw LedgerRuleError(.uniqueInitiative, "initiative \(application.initiativeID) already exists in fund \(fundID)")
        }
        try requireIdentifier(application.initiativeID, "initiative id")
        try requireSIECode(application.initiativeID, "initiative id")
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
    }

    func assessApplication(fundID: String, initiativeID: String, assessor: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        let initiative = try requireInitiative(initiativeID, fund, status: [.applied])
        let results = FundCriteria.evaluate(initiative.application, policy: fund.policy)
        return [.applicationAssessed(.init(initiativeID: initiativeID, assessor: assessor, results: results))]
    }

    func decideInvestment(fundID: String, initiativeID: String, body: String, referenceNumber reference: String, granted: Money, phasing: [YearAmount], repaymentTerms agreedTerms: RepaymentModel?, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
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
    }

    func rejectApplication(fundID: String, initiativeID: String, body: String, referenceNumber reference: String, reason: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        _ = try requireInitiative(initiativeID, fund, status: [.applied])
        try requireText(body, "deciding body")
        try requireText(reference, "decision reference (diarienummer)")
        try requireText(reason, "reason")
        return [.applicationRejected(.init(initiativeID: initiativeID, body: body, referenceNumber: reference, reason: reason))]
    }

    func amendDecision(fundID: String, initiativeID: String, referenceNumber reference: String, granted: Money, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
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
    }

    func revokeDecision(fundID: String, initiativeID: String, referenceNumber reference: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        _ = try requireInitiative(initiativeID, fund, status: [.decided])
        try requireText(reference, "decision reference (diarienummer)")
        return [.decisionRevoked(.init(initiativeID: initiativeID, referenceNumber: reference))]
    }

    func disburse(fundID: String, initiativeID: String, amount: Money, department: String, voucher: String, repeatedVoucher: Bool, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
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
    }

    func recordCoFinancing(fundID: String, initiativeID: String, amount: Money, contributor: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        _ = try requireInitiative(initiativeID, fund, status: [.applied, .decided])
        try requirePositive(amount, fund, "co-financing")
        return [.coFinancingRecorded(.init(initiativeID: initiativeID, amount: amount, contributor: contributor))]
    }

    func measureOutcome(fundID: String, initiativeID: String, indicator: String, value: String, period: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        let initiative = try requireInitiative(initiativeID, fund, status: [.decided, .closed])
        guard initiative.application.indicators.contains(where: { $0.name == indicator }) else {
            throw LedgerRuleError(.unknownIndicator, "\(initiativeID) has no indicator called \(indicator)")
        }
        return [.outcomeMeasured(.init(initiativeID: initiativeID, indicator: indicator, value: value, period: period))]
    }

    func closeInitiative(fundID: String, initiativeID: String, outcome: ClosingOutcome, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        _ = try requireInitiative(initiativeID, fund, status: [.decided])
        return [.initiativeClosed(.init(initiativeID: initiativeID, outcome: outcome))]
    }
}
