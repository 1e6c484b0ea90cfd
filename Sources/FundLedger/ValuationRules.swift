import EventStore
import Foundation

/// The rules valuation data must meet before it is recorded; each breach names its rule.
///
/// Pure: the ledger's state in, one event (or a `LedgerRuleError`) out. The ledger's own checks (known
/// organisation, fund and initiative, open period, amount limit) are `CommandHandler`'s, reused.
public struct ValuationRules: Sendable {
    public init() {}

    /// The earliest price year accepted: older figures are typing mistakes, not data.
    public static let priceYearMin = 1900
    /// The latest index year accepted (indices may hold forecasts, but not centuries of them).
    public static let indexYearMax = 2100
    /// Longest evaluation horizon, in years.
    public static let horizonYearsMax = 50
    /// Most actors one unit cost may be split over, and most years one index record may hold.
    public static let entriesPerRecordMax = 200

    let ledger = CommandHandler()

    /// The event `envelope` records; throws the first broken rule.
    public func decide(_ envelope: ValuationEnvelope, state: LedgerState) throws -> ValuationEvent {
        let date = envelope.effectiveDate
        switch envelope.command {
        case .recordUnitCost(let organisationID, let entry):
            return try decideUnitCost(entry, organisationID: organisationID, state: state, date: date)
        case .recordFinancialProxy(let organisationID, let proxy):
            return try decideFinancialProxy(proxy, organisationID: organisationID, state: state, date: date)
        case .recordPriceIndex(let organisationID, let index):
            return try decidePriceIndex(index, organisationID: organisationID, state: state, date: date)
        case .recordAssumptions(let fundID, let assumptions):
            return try decideAssumptions(assumptions, fundID: fundID, state: state, date: date)
        case .agreeOutcomeContract(let fundID, let contract):
            return try decideOutcomeContract(contract, fundID: fundID, state: state, date: date)
        }
    }

    // MARK: One command each

    func decideUnitCost(
        _ entry: UnitCostRecorded, organisationID: String, state: LedgerState, date: CivilDate
    ) throws -> ValuationEvent {
        try requireCatalogue(organisationID, state, date)
        try requireEntryTexts(outcomeID: entry.outcomeID, description: entry.description, unit: entry.unit, source: entry.source)
        try requirePositive(entry.cost, "unit cost of \(entry.outcomeID)")
        try requirePriceYear(entry.priceYear, date, entry.outcomeID)
        try requireSplit(entry)
        return .unitCostRecorded(entry)
    }

    func decideFinancialProxy(
        _ proxy: FinancialProxyRecorded, organisationID: String, state: LedgerState, date: CivilDate
    ) throws -> ValuationEvent {
        try requireCatalogue(organisationID, state, date)
        try requireEntryTexts(outcomeID: proxy.outcomeID, description: proxy.description, unit: proxy.unit, source: proxy.source)
        try requirePositive(proxy.value, "financial proxy for \(proxy.outcomeID)")
        try requirePriceYear(proxy.priceYear, date, proxy.outcomeID)
        return .financialProxyRecorded(proxy)
    }

    func decidePriceIndex(
        _ index: PriceIndexRecorded, organisationID: String, state: LedgerState, date: CivilDate
    ) throws -> ValuationEvent {
        try requireCatalogue(organisationID, state, date)
        try ledger.requireIdentifier(index.indexID, "index id")
        try ledger.requireText(index.source, "source of the index")
        guard !index.points.isEmpty, index.points.count <= Self.entriesPerRecordMax else {
            throw LedgerRuleError(.indexPoints, "a price index record holds 1 to \(Self.entriesPerRecordMax) years, not \(index.points.count)")
        }
        var seen = Set<Int>()
        for point in index.points {
            guard (Self.priceYearMin...Self.indexYearMax).contains(point.year) else {
                throw LedgerRuleError(.indexYear, "index \(index.indexID): \(point.year) is not a year between \(Self.priceYearMin) and \(Self.indexYearMax)")
            }
            guard seen.insert(point.year).inserted else {
                throw LedgerRuleError(.duplicateYear, "index \(index.indexID) gives \(point.year) twice; give one level per year")
            }
            guard point.level.isPositive else {
                throw LedgerRuleError(.indexLevel, "index \(index.indexID): the level for \(point.year) must be above zero, not \(point.level)")
            }
        }
        return .priceIndexRecorded(index)
    }

    func decideAssumptions(
        _ assumptions: EvaluationAssumptionsRecorded, fundID: String, state: LedgerState, date: CivilDate
    ) throws -> ValuationEvent {
        let (fund, _) = try ledger.requireFund(fundID, state, date)
        if let initiativeID = assumptions.initiativeID {
            _ = try ledger.requireInitiative(initiativeID, fund, status: [.applied, .decided, .closed, .revoked, .rejected])
        }
        try ledger.requireText(assumptions.source, "source of the assumptions")
        let shares: [(String, Rate)] = [
            ("deadweight", assumptions.deadweight), ("displacement", assumptions.displacement),
            ("attribution", assumptions.attribution), ("drop-off", assumptions.dropOff),
            ("discount rate", assumptions.discountRate), ("optimism bias", assumptions.optimismBias),
        ]
        for (name, share) in shares where share < .zero || share > .one {
            throw LedgerRuleError(.rateRange, "the \(name) is \(share.percent); it must be between 0 % and 100 %")
        }
        guard (1...Self.horizonYearsMax).contains(assumptions.horizonYears) else {
            throw LedgerRuleError(.horizon, "the horizon is \(assumptions.horizonYears) years; it must be 1 to \(Self.horizonYearsMax) years")
        }
        if let size = assumptions.targetGroupSize, size < 1 {
            throw LedgerRuleError(.targetGroupSize, "the target group must hold at least one person, not \(size)")
        }
        return .evaluationAssumptionsRecorded(assumptions)
    }

    func decideOutcomeContract(
        _ contract: OutcomeContractAgreed, fundID: String, state: LedgerState, date: CivilDate
    ) throws -> ValuationEvent {
        let (fund, _) = try ledger.requireFund(fundID, state, date)
        let initiative = try ledger.requireInitiative(contract.initiativeID, fund, status: [.applied, .decided, .closed])
        try ledger.requireIdentifier(contract.contractID, "contract id")
        try ledger.requireText(contract.source, "source of the contract (its reference)")
        for indicator in [contract.treatedIndicator, contract.comparisonIndicator]
        where !initiative.application.indicators.contains(where: { $0.name == indicator }) {
            throw LedgerRuleError(.unknownIndicator,
                "\(contract.initiativeID) has no indicator called \(indicator); the contract pays on indicators the application declares")
        }
        guard contract.treatedIndicator != contract.comparisonIndicator else {
            throw LedgerRuleError(.comparisonIndicator, "the treated and the comparison group need different indicators, not both \(contract.treatedIndicator)")
        }
        guard contract.threshold >= .zero, contract.threshold <= .one else {
            throw LedgerRuleError(.rateRange, "the threshold is \(contract.threshold.percent); it must be between 0 % and 100 %")
        }
        try ledger.requirePositive(contract.paymentPerOutcome, fund, "payment per outcome")
        try ledger.requirePositive(contract.cap, fund, "contract cap")
        guard contract.paymentPerOutcome.ore <= contract.cap.ore else {
            throw LedgerRuleError(.capBelowPayment, "the cap of \(contract.cap) is below one outcome's payment of \(contract.paymentPerOutcome)")
        }
        return .outcomeContractAgreed(contract)
    }

    // MARK: Helpers

    func requireCatalogue(_ organisationID: String, _ state: LedgerState, _ date: CivilDate) throws {
        let organisation = try ledger.requireOrganisation(organisationID, state)
        try ledger.requireOpenPeriod(date, organisation)
    }

    func requireEntryTexts(outcomeID: String, description: String, unit: String, source: String) throws {
        try ledger.requireIdentifier(outcomeID, "outcome id")
        try ledger.requireText(description, "description of \(outcomeID)")
        try ledger.requireText(unit, "unit of \(outcomeID)")
        // A figure nobody can trace is not data; the source is what an auditor looks up.
        try ledger.requireText(source, "source of \(outcomeID)")
    }

    func requirePositive(_ amount: Money, _ what: String) throws {
        guard amount.ore > 0 else { throw LedgerRuleError(.positiveAmount, "the \(what) must be positive, not \(amount)") }
        try ledger.requireWithinLimit(amount, what)
    }

    func requirePriceYear(_ year: Int, _ date: CivilDate, _ outcomeID: String) throws {
        guard (Self.priceYearMin...date.year).contains(year) else {
            throw LedgerRuleError(.priceYear,
                "\(outcomeID): price year \(year) is not between \(Self.priceYearMin) and the entry's effective year \(date.year); a figure is in the prices of a year that has begun")
        }
    }

    /// The shares name distinct actors, are in the unit cost's currency, and add up to it exactly.
    func requireSplit(_ entry: UnitCostRecorded) throws {
        guard !entry.split.isEmpty, entry.split.count <= Self.entriesPerRecordMax else {
            throw LedgerRuleError(.splitRequired,
                "\(entry.outcomeID): split the unit cost over 1 to \(Self.entriesPerRecordMax) actors who bear it, not \(entry.split.count)")
        }
        var actors = Set<String>()
        var total: Int64 = 0
        for share in entry.split {
            try ledger.requireText(share.actor, "actor of a share of \(entry.outcomeID)")
            guard actors.insert(share.actor).inserted else {
                throw LedgerRuleError(.splitDuplicateActor, "\(entry.outcomeID): \(share.actor) is named twice in the split; give one share per actor")
            }
            guard share.amount.currency == entry.cost.currency else {
                throw LedgerRuleError(.currency, "\(entry.outcomeID): \(share.actor)'s share is in \(share.amount.currency); the unit cost is in \(entry.cost.currency)")
            }
            guard share.amount.ore >= 0 else {
                throw LedgerRuleError(.positiveAmount, "\(entry.outcomeID): \(share.actor)'s share must not be negative, not \(share.amount)")
            }
            try ledger.requireWithinLimit(share.amount, "share of \(share.actor)")
            // Each share is at most amountOreMax and there are at most 200, so the sum cannot overflow.
            total += share.amount.ore
        }
        guard total == entry.cost.ore else {
            let shares = entry.split.map { "\($0.actor) \($0.amount)" }.joined(separator: " + ")
            throw LedgerRuleError(.splitSum,
                "\(entry.outcomeID): the split \(shares) adds up to \(Money(ore: total, currency: entry.cost.currency)), not the unit cost of \(entry.cost)")
        }
    }
}
