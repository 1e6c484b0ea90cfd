// Amounts of money: whole minor units (öre) in one currency, never floating point.
// See Rate.swift for why nothing here touches Double or Float.

import Memberwise

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
/// same currency. `Money(ore:currency:)` makes one from its stored parts.
@PublicMemberwiseInit
public struct Money: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The amount in minor units: öre for SEK, cents for EUR and USD, pence for GBP.
    public let ore: Int64
    /// The currency of the amount.
    public let currency: Currency

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
