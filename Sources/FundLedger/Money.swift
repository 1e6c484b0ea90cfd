// Amounts of money: whole minor units (öre) in one currency, never floating point.
// See Rate.swift for why nothing here touches Double or Float.

/// A currency, identified by its three-letter ISO 4217 code (`SEK`, `EUR`).
///
/// Encoded in JSON as the bare code, `"SEK"`.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ISO 4217 code: three ASCII uppercase letters.
    public let code: String

    /// The currency with `code`, or `nil` unless it is exactly three ASCII uppercase letters
    /// (`"SEK"`; not `"sek"`, `"SE"` or `" SEK"`). Whether the code is actually assigned by
    /// ISO 4217 is not checked.
    public init?(_ code: String) {
        let scalars = code.unicodeScalars
        guard scalars.count == 3, scalars.allSatisfy({ $0.value >= 0x41 && $0.value <= 0x5A }) else { return nil }
        self.code = code
    }

    private init(known code: String) {
        self.code = code
    }

    /// Swedish krona.
    public static let sek = Currency(known: "SEK")
    /// Euro.
    public static let eur = Currency(known: "EUR")
    /// Pound sterling.
    public static let gbp = Currency(known: "GBP")
    /// US dollar.
    public static let usd = Currency(known: "USD")

    /// Decimals in the minor unit (öre, cent, penny): 2 for every currency this ledger keeps.
    public var minorUnits: Int { 2 }

    /// The ISO code, `SEK`.
    public var description: String { code }

    /// Decodes a currency from its code as a JSON string; anything but three uppercase letters is
    /// a decoding error.
    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeText(expecting: #"a three-letter currency code such as "SEK""#) { Currency($0) }
    }

    /// Encodes the currency as its code, `"SEK"`.
    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeText(code)
    }
}

/// Why an amount or rate could not be read or computed.
public enum MoneyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two amounts in different currencies were combined (first the amount acted on, then the other).
    case currencyMismatch(Currency, Currency)
    /// The result does not fit: an amount beyond ±92 233 720 368 547 758,07 (`Int64` öre), or a
    /// rate beyond ±9 223 372 036.854775807.
    case overflow
    /// The text is not an amount this ledger accepts without guessing; `reason` says why and what
    /// to write instead.
    case unparseable(String, reason: String)
    /// An exact rate calculation needs more decimals than a ``Rate`` holds; the text says which.
    case inexact(String)

    /// A message for the person who typed or approved the figure.
    public var description: String {
        switch self {
        case .currencyMismatch(let first, let second):
            "cannot combine an amount in \(first.code) with one in \(second.code); convert one of them first"
        case .overflow:
            "the result is too large to record (amounts are limited to ±92 233 720 368 547 758,07)"
        case .unparseable(let text, let reason):
            "cannot read \"\(text)\" as an amount: \(reason)"
        case .inexact(let detail):
            "cannot calculate exactly: \(detail)"
        }
    }
}

/// An amount of money: a whole number of minor units (öre for SEK) in one currency.
///
/// Never floating point: `ore` is an `Int64`, every operation is exact or rounds once by a named
/// ``RoundingRule``, and every operation that could overflow throws ``MoneyError/overflow``
/// instead of wrapping or trapping.
///
/// Encoded in JSON as `{"ore": 150000000, "currency": "SEK"}`. Printed Swedish style,
/// `1 500 000,00 kr` (see ``description``), and read back by ``parse(_:currency:)``.
///
/// Equality compares currency and öre; ordering (`<`) is only defined between amounts in the
/// same currency.
public struct Money: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The amount in minor units: öre for SEK, cents for EUR and USD, pence for GBP.
    public let ore: Int64
    /// The currency of the amount.
    public let currency: Currency

    /// An amount of `ore` minor units in `currency`.
    public init(ore: Int64, currency: Currency) {
        self.ore = ore
        self.currency = currency
    }

    /// `kronor` whole units plus `ore` minor units: `Money(kronor: 1500, ore: 50, currency: .sek)`
    /// is 1 500,50 kr. For a negative amount give both parts the same sign
    /// (`kronor: -1, ore: -50` is −1,50 kr; `kronor: 0, ore: -50` is −0,50 kr).
    ///
    /// Meant for constants: traps if `ore` is outside −99...99, if the signs differ, or if the
    /// amount does not fit in `Int64` öre. Use ``parse(_:currency:)`` for input.
    public init(kronor: Int64, ore: Int64 = 0, currency: Currency) {
        precondition((-99...99).contains(ore), "Money(kronor:ore:): ore must be within -99...99, got \(ore)")
        precondition(kronor == 0 || ore == 0 || (kronor < 0) == (ore < 0), "Money(kronor:ore:): kronor and ore must have the same sign")
        let (whole, overflow) = kronor.multipliedReportingOverflow(by: 100)
        let (total, overflow2) = whole.addingReportingOverflow(ore)
        precondition(!overflow && !overflow2, "Money(kronor:ore:): \(kronor) kronor does not fit")
        self.init(ore: total, currency: currency)
    }

    /// `oreAmount` öre in Swedish kronor: `Money.sek(150_000)` is 1 500,00 kr.
    public static func sek(_ oreAmount: Int64) -> Money {
        Money(ore: oreAmount, currency: .sek)
    }

    /// Nothing, in `currency`.
    public static func zero(_ currency: Currency) -> Money {
        Money(ore: 0, currency: currency)
    }

    /// Whether the amount is below zero.
    public var isNegative: Bool { ore < 0 }
    /// Whether the amount is exactly zero.
    public var isZero: Bool { ore == 0 }
    /// Whether the amount is above zero.
    public var isPositive: Bool { ore > 0 }

    /// The sum of two amounts in the same currency.
    ///
    /// Throws ``MoneyError/currencyMismatch(_:_:)`` (this currency, then the other's) if the
    /// currencies differ and ``MoneyError/overflow`` if the sum does not fit.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (sum, overflow) = ore.addingReportingOverflow(other.ore)
        guard !overflow else { throw .overflow }
        return Money(ore: sum, currency: currency)
    }

    /// This amount minus `other`, in the same currency.
    ///
    /// Throws ``MoneyError/currencyMismatch(_:_:)`` (this currency, then the other's) if the
    /// currencies differ and ``MoneyError/overflow`` if the difference does not fit.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (difference, overflow) = ore.subtractingReportingOverflow(other.ore)
        guard !overflow else { throw .overflow }
        return Money(ore: difference, currency: currency)
    }

    /// The amount with its sign flipped. Throws ``MoneyError/overflow`` for the one amount whose
    /// negation does not fit (`ore == Int64.min`).
    public func negated() throws(MoneyError) -> Money {
        let (negation, overflow) = Int64(0).subtractingReportingOverflow(ore)
        guard !overflow else { throw .overflow }
        return Money(ore: negation, currency: currency)
    }

    /// The amount times `rate`, rounded to a whole öre by `rounding` (banker's rounding unless
    /// told otherwise), computed exactly in integers: 1,00 kr × 33.3333333 % is 0,33 kr.
    ///
    /// Throws ``MoneyError/overflow`` if the result does not fit (only possible for rates
    /// beyond ±1).
    public func multiplied(by rate: Rate, rounding: RoundingRule = .halfEven) throws(MoneyError) -> Money {
        Money(ore: try rate.apply(to: ore, rounding: rounding), currency: currency)
    }

    /// Orders two amounts in the same currency.
    ///
    /// Amounts in different currencies have no order; comparing them is a programming error and
    /// traps, rather than quietly answering a meaningless question. Check ``currency`` first.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "cannot order \(lhs.currency) and \(rhs.currency) amounts")
        return lhs.ore < rhs.ore
    }

    /// Swedish style with a space every three digits and a decimal comma: `1 500 000,00 kr` for
    /// SEK, `1 500 000,00 EUR` for other currencies, `-1 500,00 kr` when negative.
    /// ``parse(_:currency:)`` reads it back.
    public var description: String {
        let suffix = currency == .sek ? " kr" : " " + currency.code
        return sign + AmountParser.grouped(String(ore.magnitude / 100)) + "," + twoDigitOre + suffix
    }

    /// Machine style with a dot and no grouping: `1500000.00 SEK`, `-1500.00 EUR`.
    /// ``parse(_:currency:)`` reads it back.
    public var plainDescription: String {
        sign + String(ore.magnitude / 100) + "." + twoDigitOre + " " + currency.code
    }

    private var sign: String { ore < 0 ? "-" : "" }

    private var twoDigitOre: String {
        let minor = ore.magnitude % 100
        return (minor < 10 ? "0" : "") + String(minor)
    }

    // MARK: Parsing

    /// Reads an amount typed by a person or found in a document, refusing anything that would need
    /// a guess.
    ///
    /// Accepted (the currency suffix is optional and case-insensitive; `kr` only for SEK, otherwise
    /// the currency's code, with or without a space before it):
    /// - Swedish: `1 500 000,00 kr`, `1 500 000 kr`, `1500000,50`, `1 500 000,5 kr`, with a space,
    ///   no-break space (U+00A0), narrow no-break space (U+202F) or thin space (U+2009) between
    ///   groups of three digits and a decimal comma followed by one or two digits;
    /// - plain: `1500000.00`, `1500000`, `1500000.00 SEK` (a decimal point followed by one or two
    ///   digits);
    /// - English: `1,500,000.00` (comma thousands, then a decimal point — unambiguous only because
    ///   both appear);
    /// - for SEK, as finance officers write: `1 500:-` (kronor), `15 tkr` and `1,5 mkr` (thousands and
    ///   millions of kronor; also `tsek`, `mnkr`, `msek`), exact to the öre or refused.
    ///
    /// A leading `-` or `−` (U+2212) gives a negative amount; callers that need a positive one
    /// check ``isPositive``.
    ///
    /// Rejected with ``MoneyError/unparseable(_:reason:)`` naming why: empty text; letters,
    /// exponents (`1e6`), `NaN`; `1,500` and `1.500` (thousands or decimals?); `1.500,00`
    /// (dot thousands are never accepted); several commas or dots without the other sign; more
    /// than two decimals (`1,005`, `1.005`); digit groups in the wrong place (`15 00`); a decimal
    /// sign without digits on both sides (`,50`, `100,`); a suffix of another currency (`100 EUR`
    /// when reading SEK); an amount beyond `Int64` öre.
    public static func parse(_ text: String, currency: Currency = .sek) throws(MoneyError) -> Money {
        let parser = AmountParser(text: text, currency: currency)
        return Money(ore: try parser.parse(), currency: currency)
    }

    // MARK: Coding

    private enum CodingKeys: String, CodingKey {
        case ore
        case currency
    }

    /// Decodes `{"ore": 150000000, "currency": "SEK"}`; `ore` must be a JSON integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.ore = try container.decode(Int64.self, forKey: .ore)
        self.currency = try container.decode(Currency.self, forKey: .currency)
    }

    /// Encodes `{"ore": 150000000, "currency": "SEK"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ore, forKey: .ore)
        try container.encode(currency, forKey: .currency)
    }
}

/// The rules of ``Money/parse(_:currency:)``, one step at a time.
private struct AmountParser {
    let text: String
    let currency: Currency

    func failure(_ reason: String) -> MoneyError {
        .unparseable(text, reason: reason)
    }

    static func isGroupSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}"
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// How a character is named in a message: itself if visible, its code point otherwise.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
        {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "\"\(scalar)\""
    }

    func parse() throws(MoneyError) -> Int64 {
        var scalars = Substring(text).unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || AmountParser.isGroupSeparator(scalar)
        }
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        guard !scalars.isEmpty else { throw failure("there is nothing to read") }

        // Sign.
        var isNegative = false
        var signText = ""
        if let first = scalars.first, first == "-" || first == "\u{2212}" {
            isNegative = true
            signText = "-"
            scalars.removeFirst()
            guard let next = scalars.first, AmountParser.isDigit(next) else {
                throw failure("the minus sign must be followed directly by digits")
            }
        }

        // "1 500:-" (whole kronor, as on a price tag or an invoice).
        if scalars.count >= 2, scalars.last == "-", scalars[scalars.index(before: scalars.index(before: scalars.endIndex))] == ":" {
            guard currency == .sek else { throw failure("\":-\" means Swedish kronor, not \(currency.code)") }
            scalars.removeLast(2)
            while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        }

        // Currency suffix: the trailing run of letters.
        var suffixStart = scalars.endIndex
        while suffixStart > scalars.startIndex {
            let before = scalars.index(before: suffixStart)
            guard scalars[before].properties.isAlphabetic else { break }
            suffixStart = before
        }
        let suffix = String(scalars[suffixStart...])
        var number = scalars[..<suffixStart]
        while let last = number.last, isSpace(last) { number.removeLast() }
        guard number.contains(where: AmountParser.isDigit) else {
            throw failure("it contains no digits")
        }
        if let scale = Self.scaledUnits[suffix.lowercased()] {
            guard currency == .sek else { throw failure("\"\(suffix)\" means \(scale.name) Swedish kronor, not \(currency.code)") }
            let ore = try scaled(number, by: scale.exponent, unit: suffix)
            return isNegative ? -ore : ore
        }
        if !suffix.isEmpty {
            let upper = suffix.uppercased()
            let matches = upper == currency.code || (currency == .sek && (upper == "KR" || upper == "KRONOR"))
            if !matches {
                if let other = Currency(upper) {
                    throw failure("it is in \(other.code), not \(currency.code)")
                } else if upper == "KR" {
                    throw failure("\"kr\" means Swedish kronor, not \(currency.code)")
                } else {
                    throw failure("unknown currency or text \"\(suffix)\"; write \(currency == .sek ? Self.acceptedSwedishForms : "1 500 000,00 \(currency.code) or 1500000.00")")
                }
            }
        }

        // Only digits, grouping spaces and decimal signs may remain.
        for scalar in number
        where !(AmountParser.isDigit(scalar) || scalar == "," || scalar == "." || AmountParser.isGroupSeparator(scalar)) {
            if scalar.properties.isAlphabetic {
                throw failure("unexpected letter \(AmountParser.shown(scalar)); write digits only, such as 1500000 or 1 500 000,00")
            }
            throw failure("unexpected character \(AmountParser.shown(scalar))")
        }

        let commas = number.filter { $0 == "," }.count
        let dots = number.filter { $0 == "." }.count
        let hasSpaces = number.contains(where: AmountParser.isGroupSeparator)
        let digitsOnly = String(String.UnicodeScalarView(number.filter(AmountParser.isDigit)))

        var integerPart: Substring.UnicodeScalarView
        var fraction = ""
        var groupSeparator: (Unicode.Scalar) -> Bool = AmountParser.isGroupSeparator

        if commas > 0 && dots > 0 {
            // Only English style: commas between groups of three, then one decimal point.
            let dotIndex = number.firstIndex(of: ".")!
            let lastComma = number.lastIndex(of: ",")!
            guard dots == 1, lastComma < dotIndex, !hasSpaces else {
                let lastMark = max(number.lastIndex(of: ".")!, lastComma)
                let whole = String(String.UnicodeScalarView(number[..<lastMark].filter(AmountParser.isDigit)))
                let decimals = String(String.UnicodeScalarView(number[number.index(after: lastMark)...].filter(AmountParser.isDigit)))
                throw failure("it mixes \".\" and \",\"; a dot cannot separate thousands; write \(signText)\(whole),\(decimals) or \(signText)\(Self.grouped(whole)),\(decimals)")
            }
            integerPart = number[..<dotIndex]
            fraction = try decimals(after: number[number.index(after: dotIndex)...], sign: "decimal point", ambiguousIfThree: false)
            groupSeparator = { $0 == "," }
        } else if dots > 1 {
            throw failure("a dot cannot separate thousands; write \(signText)\(digitsOnly) or \(signText)\(Self.grouped(digitsOnly))")
        } else if commas > 1 {
            throw failure("several commas; write \(signText)\(digitsOnly) or \(signText)\(Self.grouped(digitsOnly)) (a comma is only accepted as the decimal sign)")
        } else if commas == 1 || dots == 1 {
            let mark: Unicode.Scalar = commas == 1 ? "," : "."
            let markIndex = number.firstIndex(of: mark)!
            integerPart = number[..<markIndex]
            let integerDigits = String(String.UnicodeScalarView(integerPart.filter(AmountParser.isDigit)))
            let after = number[number.index(after: markIndex)...]
            // With space grouping or a lone 0 before it, the mark can only be a decimal sign.
            let ambiguous = !hasSpaces && integerDigits != "0" && !integerDigits.isEmpty
            fraction = try decimals(
                after: after, sign: mark == "," ? "decimal comma" : "decimal point", ambiguousIfThree: ambiguous,
                integerDigits: signText + integerDigits, mark: mark)
        } else {
            integerPart = number
        }

        // The integer part: digits, optionally in groups of three.
        guard !integerPart.isEmpty else {
            throw failure("there are no digits before the decimal sign; write \(signText)0\(commas == 1 ? "," : ".")\(fraction)")
        }
        let integerDigits = String(String.UnicodeScalarView(integerPart.filter(AmountParser.isDigit)))
        if integerPart.contains(where: { !AmountParser.isDigit($0) }) {
            let groups = String(integerPart).unicodeScalars.split(omittingEmptySubsequences: false, whereSeparator: groupSeparator)
            let wellGrouped = groups.allSatisfy { $0.allSatisfy(AmountParser.isDigit) }
                && (1...3).contains(groups[0].count) && !(groups[0].first == "0")
                && groups.dropFirst().allSatisfy { $0.count == 3 }
            guard wellGrouped else {
                let significant = integerDigits.drop(while: { $0 == "0" })
                let plain = significant.isEmpty ? "0" : String(significant)
                let suggestion = plain.count > 3 ? "\(signText)\(plain) or \(signText)\(Self.grouped(plain))" : signText + plain
                throw failure("the thousands separators are in the wrong place; write \(suggestion)")
            }
        }

        // The value, checked against the range of Int64 öre.
        let tooLarge = "it is too large (amounts are limited to ±92 233 720 368 547 758,07)"
        guard integerDigits.count <= 20 else { throw failure(tooLarge) }
        var value: Int128 = 0
        for scalar in integerDigits.unicodeScalars { value = value * 10 + Int128(scalar.value - 0x30) }
        value *= 100
        if !fraction.isEmpty {
            let minor = fraction.unicodeScalars.reduce(Int128(0)) { $0 * 10 + Int128($1.value - 0x30) }
            value += fraction.unicodeScalars.count == 1 ? minor * 10 : minor
        }
        if isNegative { value = -value }
        guard let ore = Int64(exactly: value) else { throw failure(tooLarge) }
        return ore
    }

    /// Thousands and millions of kronor as finance officers write them: `15 tkr`, `1,5 mkr`.
    static let scaledUnits: [String: (exponent: Int, name: String)] = [
        "tkr": (3, "thousand"), "tsek": (3, "thousand"), "mkr": (6, "million"), "mnkr": (6, "million"), "msek": (6, "million"),
    ]

    /// The forms an amount in kronor may take, for messages.
    static let acceptedSwedishForms = "1 500 000 kr, 1 500 000,50, 1500000.50, 1 500:-, 15 tkr or 1,5 mkr"

    /// `number` (digits, optionally grouped by spaces, with one decimal comma or point) times 10^`exponent`
    /// kronor, in öre: exact, or refused when it is finer than one öre.
    func scaled(_ number: Substring.UnicodeScalarView, by exponent: Int, unit: String) throws(MoneyError) -> Int64 {
        let marks = number.filter { $0 == "," || $0 == "." }
        guard marks.count <= 1 else { throw failure("one decimal sign at most in \(unit): write 1,5 \(unit)") }
        let parts = String(number).unicodeScalars.split(separator: marks.first ?? "#", omittingEmptySubsequences: false)
        let integerText = String(String.UnicodeScalarView(parts[0]))
        let groups = integerText.unicodeScalars.split(omittingEmptySubsequences: false, whereSeparator: AmountParser.isGroupSeparator)
        let wellGrouped = groups.count == 1
            ? !groups[0].isEmpty && groups[0].allSatisfy(AmountParser.isDigit)
            : groups.allSatisfy { $0.allSatisfy(AmountParser.isDigit) } && (1...3).contains(groups[0].count)
                && groups.dropFirst().allSatisfy { $0.count == 3 }
        let fraction = parts.count == 2 ? String(String.UnicodeScalarView(parts[1])) : ""
        guard wellGrouped, fraction.unicodeScalars.allSatisfy(AmountParser.isDigit), parts.count == 1 || !fraction.isEmpty else {
            throw failure("write \(unit) amounts as 15 \(unit) or 1,5 \(unit)")
        }
        let decimalsMax = exponent + 2
        guard fraction.count <= decimalsMax else {
            throw failure("more decimals than one öre (\(decimalsMax) at most in \(unit))")
        }
        let digits = groups.map { String(String.UnicodeScalarView($0)) }.joined() + fraction
        guard digits.count + decimalsMax - fraction.count <= 20 else { throw failure("it is too large (amounts are limited to ±92 233 720 368 547 758,07)") }
        var value: Int128 = 0
        for scalar in digits.unicodeScalars { value = value * 10 + Int128(scalar.value - 0x30) }
        for _ in 0..<(decimalsMax - fraction.count) { value *= 10 }
        guard let ore = Int64(exactly: value) else { throw failure("it is too large (amounts are limited to ±92 233 720 368 547 758,07)") }
        return ore
    }

    /// The one or two decimals after a decimal sign, or why they are not acceptable.
    func decimals(
        after: Substring.UnicodeScalarView, sign: String, ambiguousIfThree: Bool, integerDigits: String = "",
        mark: Unicode.Scalar = "."
    ) throws(MoneyError) -> String {
        guard after.allSatisfy(AmountParser.isDigit) else {
            throw failure("there is a separator after the \(sign); decimals come last, such as 1 500,50")
        }
        let digits = String(String.UnicodeScalarView(after))
        switch digits.count {
        case 0:
            throw failure("there are no digits after the \(sign); write \(integerDigits.isEmpty ? "1500" : integerDigits) or \(integerDigits.isEmpty ? "1500" : integerDigits)\(mark)00")
        case 1, 2:
            return digits
        case 3 where ambiguousIfThree:
            let what = mark == "," ? "decimal comma" : "decimal point"
            var reason = "ambiguous (thousands separator or \(what)?); write \(integerDigits)\(digits)"
            if digits.hasSuffix("0") {
                reason += " or \(integerDigits)\(mark)\(digits.prefix(2))"
            } else {
                reason += ", or at most two decimals"
            }
            throw failure(reason)
        default:
            throw failure("more than two decimals; the smallest amount is one öre (0,01)")
        }
    }

    /// `digits` with a space before every group of three from the right.
    static func grouped(_ digits: String) -> String {
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }
}
