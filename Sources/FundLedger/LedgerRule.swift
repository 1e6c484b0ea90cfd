/// Every rule the ledger enforces, by the stable id its refusals print (`[rule: over-disbursement]`).
/// docs/ledger-model.md and docs/valuation.md describe each; the ids are part of the CLI's interface.
public enum LedgerRule: Sendable, Hashable, CustomStringConvertible {
    case amendBelowDisbursed
    case amountLimit
    case attributionOver100
    case attributionShare
    case attributionToSelf
    case capBelowPayment
    case closedPeriod
    case comparisonIndicator
    case currency
    case departmentsRequired
    case duplicateYear
    case horizon
    case identifier
    case indexLevel
    case indexPoints
    case indexYear
    case initiativeStatus
    case negativeBalance
    case negativeObligation
    case notReversible
    case organisationKind
    case overDisbursement
    case overRepayment
    case overWaiver
    case overcommitment
    case periodNotEnded
    case periodOrder
    case phasingSum
    case policy
    case positiveAmount
    case priceYear
    case rateRange
    case repaymentWithoutObligation
    case requestedAmountRequired
    case required
    case reverseOnce
    case reverseReversal
    case savingPeriod
    case skipReadable
    case splitDuplicateActor
    case splitRequired
    case splitSum
    case targetGroupSize
    case uniqueDepartment
    case uniqueFund
    case uniqueInitiative
    case uniqueOrganisation
    case uniqueSaving
    case uniqueVoucher
    case unknownDepartment
    case unknownEvent
    case unknownFund
    case unknownIndicator
    case unknownInitiative
    case unknownOrganisation
    case unknownSaving
    case withdrawalAboveBalance
    case withdrawalAboveUncommitted
    /// A fund criterion the application does not meet: `criterion:<name>`.
    case criterion(String)

    /// The id as printed and matched by scripts.
    public var description: String {
        switch self {
        case .amendBelowDisbursed: "amend-below-disbursed"
        case .amountLimit: "amount-limit"
        case .attributionOver100: "attribution-over-100"
        case .attributionShare: "attribution-share"
        case .attributionToSelf: "attribution-to-self"
        case .capBelowPayment: "cap-below-payment"
        case .closedPeriod: "closed-period"
        case .comparisonIndicator: "comparison-indicator"
        case .currency: "currency"
        case .departmentsRequired: "departments-required"
        case .duplicateYear: "duplicate-year"
        case .horizon: "horizon"
        case .identifier: "identifier"
        case .indexLevel: "index-level"
        case .indexPoints: "index-points"
        case .indexYear: "index-year"
        case .initiativeStatus: "initiative-status"
        case .negativeBalance: "negative-balance"
        case .negativeObligation: "negative-obligation"
        case .notReversible: "not-reversible"
        case .organisationKind: "organisation-kind"
        case .overDisbursement: "over-disbursement"
        case .overRepayment: "over-repayment"
        case .overWaiver: "over-waiver"
        case .overcommitment: "overcommitment"
        case .periodNotEnded: "period-not-ended"
        case .periodOrder: "period-order"
        case .phasingSum: "phasing-sum"
        case .policy: "policy"
        case .positiveAmount: "positive-amount"
        case .priceYear: "price-year"
        case .rateRange: "rate-range"
        case .repaymentWithoutObligation: "repayment-without-obligation"
        case .requestedAmountRequired: "requested-amount-required"
        case .required: "required"
        case .reverseOnce: "reverse-once"
        case .reverseReversal: "reverse-reversal"
        case .skipReadable: "skip-readable"
        case .savingPeriod: "saving-period"
        case .splitDuplicateActor: "split-duplicate-actor"
        case .splitRequired: "split-required"
        case .splitSum: "split-sum"
        case .targetGroupSize: "target-group-size"
        case .uniqueDepartment: "unique-department"
        case .uniqueFund: "unique-fund"
        case .uniqueInitiative: "unique-initiative"
        case .uniqueOrganisation: "unique-organisation"
        case .uniqueSaving: "unique-saving"
        case .uniqueVoucher: "unique-voucher"
        case .unknownDepartment: "unknown-department"
        case .unknownEvent: "unknown-event"
        case .unknownFund: "unknown-fund"
        case .unknownIndicator: "unknown-indicator"
        case .unknownInitiative: "unknown-initiative"
        case .unknownOrganisation: "unknown-organisation"
        case .unknownSaving: "unknown-saving"
        case .withdrawalAboveBalance: "withdrawal-above-balance"
        case .withdrawalAboveUncommitted: "withdrawal-above-uncommitted"
        case .criterion(let name): "criterion:\(name)"
        }
    }
}
