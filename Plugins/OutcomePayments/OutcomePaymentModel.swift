import FundLedger
import Memberwise

/// The terms of an outcome-payment contract, as the model needs them.
@PublicMemberwiseInit
public struct OutcomePaymentTerms: Sendable, Equatable {
    /// The smallest reduction that pays (a fraction: 0.1 is 10 %).
    public var threshold: Rate
    public var paymentPerOutcomeOre: Int64
    /// The most the contract pays, all periods together.
    public var capOre: Int64
}

/// One period's measurements: the treated cohort's figure and the comparison group's.
@PublicMemberwiseInit
public struct CohortMeasurement: Sendable, Equatable {
    public var period: String
    public var treated: Rate
    public var comparison: Rate
}

/// What one period earns under the contract.
public struct PeriodPayment: Sendable, Equatable {
    public var measurement: CohortMeasurement
    /// (comparison − treated) / comparison, 9 decimals, half to even; nil when the comparison is not above zero.
    public var reduction: Rate?
    /// The exact reduction is at or above the threshold (compared before any rounding).
    public var thresholdMet: Bool
    /// comparison − treated when the threshold is met, else 0.
    public var outcomes: Rate
    /// What the outcomes would earn without the cap.
    public var earnedOre: Int64
    /// What is due: earned, but never beyond what is left of the cap.
    public var dueOre: Int64
    /// Paid under the contract so far, this period included.
    public var cumulativeOre: Int64
}

/// Outcome payments of a social impact bond (domain.md model 7), pure.
///
/// reduction = (comparison − treated) / comparison; a period pays only when the reduction is at or above the
/// threshold: outcomes × payment per outcome, rounded to the öre (half to even), and never more than what is
/// left of the cap.
public enum OutcomePaymentModel {
    /// The reduction as a rate (9 decimals, half to even); nil when the comparison is zero or negative.
    public static func reduction(treated: Rate, comparison: Rate) -> Rate? {
        guard comparison.isPositive else { return nil }
        let dividend = (Int128(comparison.units) - Int128(treated.units)) * Int128(Rate.scale)
        return ExactRatio.rate(ExactAmount(nano: dividend), ExactAmount(nano: Int128(comparison.units) * Int128(Rate.scale)))
    }

    /// Whether the exact reduction reaches the threshold: (c − t) / c ≥ threshold ⇔ (c − t) × 10⁹ ≥ threshold × c.
    public static func meetsThreshold(treated: Rate, comparison: Rate, threshold: Rate) -> Bool {
        guard comparison.isPositive else { return false }
        let reduced = (Int128(comparison.units) - Int128(treated.units)) * Int128(Rate.scale)
        return reduced >= Int128(threshold.units) * Int128(comparison.units)
    }

    /// The payments due period by period, in the order given, the cap applying to them all together.
    public static func payments(_ measurements: [CohortMeasurement], terms: OutcomePaymentTerms) throws -> [PeriodPayment] {
        var paid: Int64 = 0
        var result: [PeriodPayment] = []
        for measurement in measurements {
            let met = meetsThreshold(treated: measurement.treated, comparison: measurement.comparison, threshold: terms.threshold)
            let outcomes = met ? try measurement.comparison - measurement.treated : .zero
            let earned = met ? try ExactAmount.product(quantity: outcomes, ore: terms.paymentPerOutcomeOre).ore() : 0
            let due = max(min(earned, terms.capOre - paid), 0)
            paid += due
            result.append(PeriodPayment(
                measurement: measurement, reduction: reduction(treated: measurement.treated, comparison: measurement.comparison),
                thresholdMet: met, outcomes: outcomes, earnedOre: earned, dueOre: due, cumulativeOre: paid))
        }
        return result
    }
}
