import Memberwise

// Exact arithmetic for the evaluation models.
//
// A model multiplies an amount by a quantity and by several shares, lets it fade year by year and
// discounts it; done in Double, two machines (or two releases) could disagree by an öre, and a report
// replayed years later would not come out the same. So amounts are carried in 128-bit integers of
// nano-öre (10⁻⁹ öre) between steps — a quantity with 9 decimals times an öre amount is exactly a whole
// number of nano-öre — and rounded to whole öre, half to even, only when a figure is shown or summed.
// Each step rounds to the nano-öre (half to even), so a chain of fifty steps is off by less than 10⁻⁷ öre.

/// An amount of money in nano-öre (10⁻⁹ öre), carried between the steps of a model.
@PublicMemberwiseInit
public struct ExactAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nano-öre in one öre.
    public static let nanoPerOre: Int128 = 1_000_000_000
    /// The amount in nano-öre.
    public let nano: Int128

    /// A whole amount of öre.
    public init(ore: Int64) { nano = Int128(ore) * Self.nanoPerOre }

    public static let zero = ExactAmount(nano: 0)

    /// `quantity × ore`, exactly: a quantity is a decimal with 9 decimals, so the product is whole nano-öre.
    /// `first × second`, or `MoneyError.overflow`.
    public static func product(quantity: Rate, ore: Int64) -> ExactAmount {
        ExactAmount(nano: Int128(quantity.units) * Int128(ore))
    }

    /// This amount times `rate`, rounded to the nano-öre by `rounding`; throws `MoneyError.overflow` beyond
    /// the 128-bit range (amounts far above any fund's).
    public func times(_ rate: Rate, rounding: RoundingRule = .halfEven) throws(MoneyError) -> ExactAmount {
        try scaled(by: Int128(rate.units), over: Int128(Rate.scale), rounding: rounding)
    }

    /// This amount times `1 − share` (what is left after deadweight, attribution, a drop-off, …).
    public func timesOneMinus(_ share: Rate, rounding: RoundingRule = .halfEven) throws(MoneyError) -> ExactAmount {
        try scaled(by: Int128(Rate.scale) - Int128(share.units), over: Int128(Rate.scale), rounding: rounding)
    }

    /// This amount discounted `years` years at `rate`: divided by `(1 + rate)` once per year, each time
    /// rounded to the nano-öre.
    public func discounted(at rate: Rate, years: Int, rounding: RoundingRule = .halfEven) throws(MoneyError) -> ExactAmount {
        precondition(rate.units > -Rate.scale, "a discount rate of -100 % or less has no meaning")
        var value = self
        for _ in 0..<max(years, 0) {
            value = try value.scaled(by: Int128(Rate.scale), over: Int128(Rate.scale) + Int128(rate.units), rounding: rounding)
        }
        return value
    }

    /// `self × numerator / denominator`, rounded; `denominator` is positive.
    public func scaled(by numerator: Int128, over denominator: Int128, rounding: RoundingRule = .halfEven) throws(MoneyError) -> ExactAmount {
        let (product, overflow) = nano.multipliedReportingOverflow(by: numerator)
        guard !overflow else { throw .overflow }
        return ExactAmount(nano: rounding.divide(product, by: denominator))
    }

    /// The sum; throws on overflow.
    public func adding(_ other: ExactAmount) throws(MoneyError) -> ExactAmount {
        let (sum, overflow) = nano.addingReportingOverflow(other.nano)
        guard !overflow else { throw .overflow }
        return ExactAmount(nano: sum)
    }

    /// Rounded to whole öre by `rounding` (half to even unless told otherwise); throws beyond `Int64` öre.
    public func ore(_ rounding: RoundingRule = .halfEven) throws(MoneyError) -> Int64 {
        guard let ore = Int64(exactly: rounding.divide(nano, by: Self.nanoPerOre)) else { throw .overflow }
        return ore
    }

    public static func < (lhs: ExactAmount, rhs: ExactAmount) -> Bool { lhs.nano < rhs.nano }

    public var description: String { "\(nano) nano-öre" }
}

/// Exact ratios of amounts, rounded once by a named rule.
public enum ExactRatio {
    /// `numerator / denominator` as a rate (9 decimals), rounded by `rounding`; nil when the denominator is
    /// zero or the ratio does not fit a rate.
    public static func rate(_ numerator: Int64, _ denominator: Int64, rounding: RoundingRule = .halfEven) -> Rate? {
        guard denominator != 0 else { return nil }
        var dividend = Int128(numerator) * Int128(Rate.scale)
        var divisor = Int128(denominator)
        if divisor < 0 {
            dividend = -dividend
            divisor = -divisor
        }
        return Int64(exactly: rounding.divide(dividend, by: divisor)).map { Rate(units: $0) }
    }

    /// `numerator / denominator` for amounts in nano-öre (a model's unrounded figures), as a rate.
    public static func rate(_ numerator: ExactAmount, _ denominator: ExactAmount, rounding: RoundingRule = .halfEven) -> Rate? {
        guard denominator.nano != 0 else { return nil }
        let (dividend, overflow) = numerator.nano.multipliedReportingOverflow(by: Int128(Rate.scale))
        guard !overflow else { return nil }
        let negative = denominator.nano < 0
        let quotient = rounding.divide(negative ? -dividend : dividend, by: negative ? -denominator.nano : denominator.nano)
        return Int64(exactly: quotient).map { Rate(units: $0) }
    }

    /// `rate` rounded to `decimals` decimals (0–9) by `rounding`: `1.43628` to 3 decimals is `1.436`.
    public static func rounded(_ rate: Rate, decimals: Int, rounding: RoundingRule = .halfEven) -> Rate {
        precondition((0...Rate.maximumDecimals).contains(decimals), "a rate has 0 to 9 decimals")
        var step: Int128 = 1
        for _ in decimals..<Rate.maximumDecimals { step *= 10 }
        let units = rounding.divide(Int128(rate.units), by: step) * step
        return Rate(units: Int64(units))
    }

    /// `rate` rounded to `decimals` decimals and written with exactly that many: `1.436`, `1.650`, `0.129`.
    public static func text(_ rate: Rate, decimals: Int, rounding: RoundingRule = .halfEven) -> String {
        var text = rounded(rate, decimals: decimals, rounding: rounding).description
        guard decimals > 0 else { return text }
        if !text.contains(".") { text += "." }
        let present = text.count - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? 0) - 1
        return text + String(repeating: "0", count: max(decimals - present, 0))
    }
}

/// Why a valuation cannot be computed from the recorded data; the message says what to record.
public struct ValuationDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A price index as recorded: levels by year, for uprating to another year's prices.
public struct PriceIndex: Sendable, Equatable {
    public var indexID: String
    public var levels: [Int: Rate] = [:]
    /// The sources of every record that contributed, in order.
    public var sources: [String] = []

    public init(indexID: String) { self.indexID = indexID }

    /// `ore` in `priceYear` prices, in `targetYear` prices: `ore × level(target) / level(price year)`,
    /// computed in 128-bit integers and rounded once to the öre by `rounding`.
    public func uprate(_ ore: Int64, from priceYear: Int, to targetYear: Int, rounding: RoundingRule = .halfEven) throws -> Int64 {
        if priceYear == targetYear { return ore }
        guard let from = levels[priceYear], let to = levels[targetYear] else {
            let missing = [priceYear, targetYear].filter { levels[$0] == nil }.map(String.init).joined(separator: " and ")
            throw ValuationDataError("price index \(indexID) has no level for \(missing); record it with `fundledger valuation index` before uprating from \(priceYear) to \(targetYear) prices")
        }
        let value = rounding.divide(Int128(ore) * Int128(to.units), by: Int128(from.units))
        guard let result = Int64(exactly: value) else { throw MoneyError.overflow }
        return result
    }
}

/// Reads measured outcomes as numbers.
public enum OutcomeQuantity {
    /// The quantity in an `OutcomeMeasured` value, read defensively: the value is free text, so `60`,
    /// `60,5`, `1 234` and `60 personer` (a number, then a unit) are read; a percentage, a range or words
    /// are not (nil), and the report lists the measurement as unreadable instead of guessing.
    public static func parse(_ value: String) -> Rate? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.contains("%") else { return nil }
        if let rate = Rate(text) { return rate }
        // Digit groups separated by spaces (`1 234`), then an optional unit word.
        var number = ""
        var rest = Substring(text)
        while let first = rest.first, first.isNumber || first == "." || first == "," || first == "-" || first == " " || first == "\u{00A0}" {
            number.append(first)
            rest = rest.dropFirst()
        }
        guard rest.isEmpty || rest.first?.isLetter == true else { return nil }
        let digits = number.filter { $0 != " " && $0 != "\u{00A0}" }
        let groups = number.trimmingCharacters(in: .whitespaces).split(separator: " ")
        // Groups after the first must be three digits, so `15 00` is not read as 1500.
        guard groups.dropFirst().allSatisfy({ $0.count == 3 || $0.contains(",") || $0.contains(".") }) else { return nil }
        return Rate(digits)
    }

    /// The calendar year of a measurement period (`2026`, `2026-H1`, `VT 2026`, `2026-01-01–2026-12-31`):
    /// the first four-digit number from 1900 to 2100; nil if none.
    public static func year(ofPeriod period: String) -> Int? {
        var digits = ""
        for character in period + " " {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            if digits.count == 4, let year = Int(digits), (1900...2100).contains(year) { return year }
            digits = ""
        }
        return nil
    }
}

/// Checked arithmetic on the whole-öre figures of an evaluation report. A figure is a product of recorded
/// quantities, values and years, which `LedgerLimits` does not bound, so a total of figures can pass 64
/// bits; it is then `MoneyError.overflow`, which the report shows, never a trap.
public enum FigureArithmetic {
    /// `first + second`, or `MoneyError.overflow`.
    public static func sum(_ first: Int64, _ second: Int64) throws -> Int64 {
        let (result, overflow) = first.addingReportingOverflow(second)
        if overflow { throw MoneyError.overflow }
        return result
    }

    public static func product(_ first: Int64, _ second: Int64) throws -> Int64 {
        let (result, overflow) = first.multipliedReportingOverflow(by: second)
        if overflow { throw MoneyError.overflow }
        return result
    }

    /// Throws unless the magnitudes of `figures` add up to at most a quarter of `Int64.max`: then any sum of
    /// some of them, and any sum or difference of up to four such sums, fits — a model checks its figures
    /// once and adds them up plainly after.
    public static func requireSummable(_ figures: some Sequence<Int64>) throws {
        var total: UInt64 = 0
        for figure in figures {
            let (sum, overflow) = total.addingReportingOverflow(figure.magnitude)
            guard !overflow, sum <= UInt64(Int64.max / 4) else { throw MoneyError.overflow }
            total = sum
        }
    }
}
