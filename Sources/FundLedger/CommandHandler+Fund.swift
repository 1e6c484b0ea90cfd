import EventStore
import Foundation

/// Funds: establishing one, its policy and its capital.
extension CommandHandler {
    func establishFund(fundID: String, organisationID: String, name: String, currency: Currency, policy: FundPolicy, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        guard state.funds[fundID] == nil else { throw LedgerRuleError(.uniqueFund, "fund \(fundID) already exists") }
        let organisation = try requireOrganisation(organisationID, state)
        try requireOpenPeriod(date, organisation)
        try requireIdentifier(fundID, "fund id")
        try requireText(name, "fund name")
        try validate(policy, currency: currency)
        return [.fundEstablished(.init(fundID: fundID, organisationID: organisationID, name: name, currency: currency, policy: policy))]
    }

    func changePolicy(fundID: String, policy: FundPolicy, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        try validate(policy, currency: fund.currency)
        return [.fundPolicyChanged(.init(policy: policy))]
    }

    func contributeCapital(fundID: String, amount: Money, source: String, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
        let (fund, _) = try requireFund(fundID, state, date)
        try requirePositive(amount, fund, "contribution")
        try requireText(source, "source of the capital")
        return [.capitalContributed(.init(amount: amount, source: source))]
    }

    func withdrawCapital(fundID: String, amount: Money, state: LedgerState, date: CivilDate) throws -> [LedgerEvent] {
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
    }
}
