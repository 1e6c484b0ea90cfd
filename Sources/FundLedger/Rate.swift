// Exact decimal rates and shares.
//
// Money is never floating point in this ledger. A `Double` cannot hold 0.1, 0.035 or 1/3 of a
// kronor exactly, so sums drift by fractions of an öre, two machines can round the same figure
// differently, and a replayed event stream would not reproduce the books to the öre. Rates and
// shares are therefore fixed-point decimals (an integer count of billionths), and every
// multiplication of an amount by a rate is done in 128-bit integers and rounded once, with a
// rounding rule the caller names.

/// How a value that falls between two whole units (öre, or billionths for a rate) is rounded.
///
/// Every rounding in the ledger names its rule, so the same event stream always produces the same
/// figures to the öre.
public enum RoundingRule: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Round to nearest; an exact half goes to the even neighbour ("banker's rounding"):
    /// 0.5 → 0, 1.5 → 2, 2.5 → 2, −2.5 → −2. The default: over many roundings it does not drift
    /// upward or downward.
    case halfEven
    /// Round to nearest; an exact half goes away from zero (the rounding taught in school):
    /// 0.5 → 1, 2.5 → 3, −2.5 → −3.
    case halfUp
    /// Drop the fraction, rounding toward zero: 2.9 → 2, −2.9 → −2.
    case down

    /// The rule's name as written in code: `halfEven`, `halfUp` or `down`.
    public var description: String {
        switch self {
        case .halfEven: "halfEven"
        case .halfUp: "halfUp"
        case .down: "down"
        }
    }

    /// `dividend / divisor` rounded by this rule. `divisor` must be positive.
    func divide(_ dividend: Int128, by divisor: Int128) -> Int128 {
        precondition(divisor > 0, "RoundingRule.divide needs a positive divisor")
        let quotient = dividend / divisor  // truncates toward zero
        let remainder = dividend % divisor  // has the sign of the dividend
        if remainder == 0 { return quotient }
        let awayFromZero: Int128 = dividend < 0 ? -1 : 1
        let twiceRemainder = remainder.magnitude * 2
        switch self {
        case .down:
            return quotient
        case .halfUp:
            return twiceRemainder >= divisor.magnitude ? quotient + awayFromZero : quotient
        case .halfEven:
            if twiceRemainder > divisor.magnitude { return quotient + awayFromZero }
            if twiceRemainder < divisor.magnitude { return quotient }
            return quotient % 2 == 0 ? quotient : quotient + awayFromZero
        }
    }
}

/// An exact decimal rate or share, such as an interest rate (`0.035`, 3.5 %) or a department's
/// share of a saving (`0.5`, 50 %).
///
/// Stored as a whole number of billionths (`units / 1_000_000_000`), so it holds up to 9 decimals
/// exactly and never goes through floating point; see the note at the top of this file for why.
/// The representable range is about ±9 223 372 036.854775807.
///
/// Encoded in JSON as a string, `"0.5"` or `"0.035"`, so that no JSON reader turns it into a
/// binary floating-point number on the way.
public struct Rate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number of units in 1 (10⁹): a rate is `units / scale`.
    public static let scale: Int64 = 1_000_000_000
    /// The number of decimals a rate can hold.
    public static let maximumDecimals = 9

    /// The rate in billionths: `0.5` is `500_000_000`, `0.035` is `35_000_000`.
    public let units: Int64

    /// A rate of `units` billionths.
    public init(units: Int64) {
        self.units = units
    }

    /// 0 (0 %).
    public static let zero = Rate(units: 0)
    /// 1 (100 %).
    public static let one = Rate(units: scale)

    /// Parses a decimal rate or a percentage.
    ///
    /// Accepts `"0.5"`, `"1"`, `"0,35"` (Swedish decimal comma), `"-0.25"` (a leading `-` or `−`),
    /// `"50%"` and `"12.5 %"` (a percentage, divided by 100). Surrounding whitespace is ignored.
    /// Returns `nil` for anything else: empty text, letters, exponents (`"1e-3"`), `"NaN"`,
    /// grouping separators, more than one decimal sign, a decimal sign without digits on both sides
    /// (`".5"`, `"5."`), more than 9 decimals once a percentage is divided by 100 (trailing zeros do
    /// not count), or a value beyond the representable range.
    public init?(_ text: String) {
        var scalars = Substring(text).unicodeScalars
        Rate.trimWhitespace(&scalars)
        var isPercent = false
        if scalars.last == "%" {
            isPercent = true
            scalars.removeLast()
            Rate.trimWhitespace(&scalars)
        }
        var isNegative = false
        if let first = scalars.first, first == "-" || first == "\u{2212}" {
            isNegative = true
            scalars.removeFirst()
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenDecimalSign = false
        for scalar in scalars {
            if scalar == "." || scalar == "," {
                guard !seenDecimalSign else { return nil }
                seenDecimalSign = true
            } else if let digit = Rate.asciiDigit(scalar) {
                if seenDecimalSign { fractionDigits.append(digit) } else { integerDigits.append(digit) }
            } else {
                return nil
            }
        }
        guard !integerDigits.isEmpty, !seenDecimalSign || !fractionDigits.isEmpty else { return nil }
        while fractionDigits.last == 0 { fractionDigits.removeLast() }
        // A percentage is the same digits with the decimal sign two places further left.
        let decimals = fractionDigits.count + (isPercent ? 2 : 0)
        guard decimals <= Rate.maximumDecimals, integerDigits.count <= 20 else { return nil }
        var value: Int128 = 0
        for digit in integerDigits + fractionDigits {
            value = value * 10 + Int128(digit)
        }
        for _ in decimals..<Rate.maximumDecimals { value *= 10 }
        if isNegative { value = -value }
        guard let units = Int64(exactly: value) else { return nil }
        self.units = units
    }

    /// The rate as a plain decimal with a dot and no trailing zeros: `"0.5"`, `"0.035"`, `"1"`,
    /// `"-0.25"`. `Rate(description)` gives the same rate back.
    public var description: String {
        Rate.decimalText(units, decimals: Rate.maximumDecimals)
    }

    /// The rate as a percentage with a dot and no trailing zeros: `"50%"`, `"3.5%"`,
    /// `"33.3333333%"`, `"-0.25%"`. `Rate(percent)` gives the same rate back.
    public var percent: String {
        Rate.decimalText(units, decimals: Rate.maximumDecimals - 2) + "%"
    }

    /// The rate as a percentage the way Swedish prose writes one: a decimal comma, and a no-break space
    /// (U+00A0) before the sign, so the number and its sign never part at a line break: `"50 %"`, `"3,5 %"`,
    /// `"-0,25 %"`. For people only (reports' notes in Swedish); `Rate(swedishPercent)` gives the same rate back.
    public var swedishPercent: String {
        Rate.decimalText(units, decimals: Rate.maximumDecimals - 2).replacingOccurrences(of: ".", with: ",") + "\u{00A0}%"
    }

    /// Whether the rate is below zero.
    public var isNegative: Bool { units < 0 }
    /// Whether the rate is exactly zero.
    public var isZero: Bool { units == 0 }
    /// Whether the rate is above zero.
    public var isPositive: Bool { units > 0 }

    /// Orders rates by value.
    public static func < (lhs: Rate, rhs: Rate) -> Bool {
        lhs.units < rhs.units
    }

    /// The exact sum; throws ``MoneyError/overflow`` beyond the representable range.
    public static func + (lhs: Rate, rhs: Rate) throws(MoneyError) -> Rate {
        let (sum, overflow) = lhs.units.addingReportingOverflow(rhs.units)
        guard !overflow else { throw .overflow }
        return Rate(units: sum)
    }

    /// The exact difference; throws ``MoneyError/overflow`` beyond the representable range.
    public static func - (lhs: Rate, rhs: Rate) throws(MoneyError) -> Rate {
        let (difference, overflow) = lhs.units.subtractingReportingOverflow(rhs.units)
        guard !overflow else { throw .overflow }
        return Rate(units: difference)
    }

    /// The exact product. Throws ``MoneyError/inexact(_:)`` when the product needs more than
    /// 9 decimals (`0.5 * 0.333333333` is `0.1666666665`; use ``multiplied(by:rounding:)`` to round
    /// it) and ``MoneyError/overflow`` beyond the representable range.
    public static func * (lhs: Rate, rhs: Rate) throws(MoneyError) -> Rate {
        let product = Int128(lhs.units) * Int128(rhs.units)
        let scale = Int128(Rate.scale)
        guard product % scale == 0 else {
            throw .inexact("\(lhs) × \(rhs) has more than \(Rate.maximumDecimals) decimals")
        }
        guard let units = Int64(exactly: product / scale) else { throw .overflow }
        return Rate(units: units)
    }

    /// The product rounded to 9 decimals by `rounding`; throws ``MoneyError/overflow`` beyond the
    /// representable range.
    public func multiplied(by other: Rate, rounding: RoundingRule = .halfEven) throws(MoneyError) -> Rate {
        let product = rounding.divide(Int128(units) * Int128(other.units), by: Int128(Rate.scale))
        guard let units = Int64(exactly: product) else { throw .overflow }
        return Rate(units: units)
    }

    /// The rate with its sign flipped; throws ``MoneyError/overflow`` for the one rate whose
    /// negation does not fit (`units == Int64.min`).
    public func negated() throws(MoneyError) -> Rate {
        let (negation, overflow) = Int64(0).subtractingReportingOverflow(units)
        guard !overflow else { throw .overflow }
        return Rate(units: negation)
    }

    /// `ore × rate`, rounded to a whole öre by `rounding`, computed exactly in 128-bit integers.
    ///
    /// `Rate("0.5")!.apply(to: 5, rounding: .halfEven)` is 2 (2.5 öre, half to even). Throws
    /// ``MoneyError/overflow`` when the result does not fit in `Int64` öre, which is only possible
    /// for rates beyond ±1.
    public func apply(to ore: Int64, rounding: RoundingRule = .halfEven) throws(MoneyError) -> Int64 {
        let result = rounding.divide(Int128(ore) * Int128(units), by: Int128(Rate.scale))
        guard let value = Int64(exactly: result) else { throw .overflow }
        return value
    }

    /// Decodes a rate from a JSON string such as `"0.5"`; anything ``init(_:)`` rejects, and any
    /// JSON number, is a decoding error.
    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeText(expecting: #"a decimal rate such as "0.035" or "50%""#) { Rate($0) }
    }

    /// Encodes the rate as a JSON string, its ``description`` (`"0.5"`).
    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeText(description)
    }

    /// `value / 10^decimals` as text with a dot, trailing fraction zeros dropped.
    private static func decimalText(_ value: Int64, decimals: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        let magnitude = value.magnitude
        var text = (value < 0 ? "-" : "") + String(magnitude / divisor)
        var fraction = String(magnitude % divisor)
        if fraction != "0" {
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text
    }

    /// The value of an ASCII digit, or `nil`.
    private static func asciiDigit(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= 0x30 && scalar.value <= 0x39 ? UInt8(scalar.value - 0x30) : nil
    }

    /// Drops spaces, tabs, line breaks and no-break spaces from both ends.
    private static func trimWhitespace(_ scalars: inout Substring.UnicodeScalarView) {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || scalar == "\u{00A0}" || scalar == "\u{202F}"
        }
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
    }
}
