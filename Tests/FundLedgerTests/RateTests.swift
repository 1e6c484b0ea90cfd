import Foundation
import TestSupport
import Testing

@testable import FundLedger

/// Rates and shares: exact decimals with 9 places, parsed strictly, computed without floating point.
@Suite("Rate")
struct RateTests {
    // MARK: Parsing

    @Test(
        "decimals, Swedish decimal commas and percentages parse to exact billionths",
        arguments: [
            ("0.5", 500_000_000),
            ("50%", 500_000_000),
            ("50 %", 500_000_000),
            ("12.5 %", 125_000_000),
            ("12,5 %", 125_000_000),
            ("3.5\u{00A0}%", 35_000_000),
            ("0,35", 350_000_000),
            ("0.035", 35_000_000),
            ("1", 1_000_000_000),
            ("2", 2_000_000_000),
            ("100%", 1_000_000_000),
            ("0%", 0),
            ("0", 0),
            ("-0", 0),
            ("-0.25", -250_000_000),
            ("\u{2212}3.5%", -35_000_000),
            ("-0.5 %", -5_000_000),
            ("0.123456789", 123_456_789),
            ("0.1234567890", 123_456_789),
            ("0.000000001", 1),
            ("0.0000001%", 1),
            ("33.3333333%", 333_333_333),
            (" 0.5 ", 500_000_000),
            ("\t50%\n", 500_000_000),
            ("9223372036.854775807", Int64.max),
            ("-9223372036.854775808", Int64.min),
            ("922337203685.4775807%", Int64.max),
        ] as [(String, Int64)])
    func parses(text: String, units: Int64) throws {
        let rate = try #require(Rate(text))
        #expect(rate.units == units)
        #expect(rate == Rate(units: units))
    }

    @Test("50 % is 0.5, 100 % is one, 0 % is zero")
    func percentEqualsDecimal() {
        #expect(Rate("50%") == Rate("0.5"))
        #expect(Rate("12.5 %") == Rate("0.125"))
        #expect(Rate("0,35") == Rate("35%"))
        #expect(Rate("100%") == .one)
        #expect(Rate("0%") == .zero)
        #expect(Rate.one.units == Rate.scale)
    }

    @Test(
        "garbage, NaN, exponents and more than 9 decimals are rejected",
        arguments: [
            "", " ", "%", "abc", "NaN", "nan", "inf", "Infinity", "-", "1e-3", "1E3", "0x10",
            "0.1234567891",  // 10 decimals
            "33.333333333%",  // 0.33333333333: 11 decimals
            "0.00000001%",  // 10 decimals once divided by 100
            "1.2.3", "1,2.3", "1.2,3", ".5", "5.", ",5", "1 000", "1,000,000", "+0.5", "0.5%%", "%50", "50% %",
            "- 0.5", "--0.5", "0.5 kr", "½", "１", "0.5-",
            "9223372036.854775808", "-9223372036.854775809", "99999999999", "922337203685.4775808%",
            "123456789012345678901234567890",
        ])
    func rejects(text: String) {
        #expect(Rate(text) == nil)
    }

    // MARK: Text

    @Test(
        "description is a plain decimal and percent a percentage, both without trailing zeros",
        arguments: [
            (500_000_000, "0.5", "50%"),
            (35_000_000, "0.035", "3.5%"),
            (333_333_333, "0.333333333", "33.3333333%"),
            (1_000_000_000, "1", "100%"),
            (12_500_000_000, "12.5", "1250%"),
            (0, "0", "0%"),
            (-250_000_000, "-0.25", "-25%"),
            (-2_500_000, "-0.0025", "-0.25%"),
            (1, "0.000000001", "0.0000001%"),
            (-1, "-0.000000001", "-0.0000001%"),
            (Int64.max, "9223372036.854775807", "922337203685.4775807%"),
            (Int64.min, "-9223372036.854775808", "-922337203685.4775808%"),
        ] as [(Int64, String, String)])
    func text(units: Int64, description: String, percent: String) {
        let rate = Rate(units: units)
        #expect(rate.description == description)
        #expect(rate.percent == percent)
        #expect(Rate(description) == rate)
        #expect(Rate(percent) == rate)
    }

    @Test("description and percent parse back to the same rate")
    func textRoundTrips() {
        for units in int64sOfEveryMagnitude(count: 2000, seed: 0x2545_F491_4F6C_DD1D) {
            let rate = Rate(units: units)
            #expect(Rate(rate.description) == rate, "\(rate.units)")
            #expect(Rate(rate.percent) == rate, "\(rate.units)")
        }
    }

    // MARK: Comparison and arithmetic

    @Test("rates are ordered by value")
    func ordering() throws {
        let rates = ["0.75", "-0.1", "50%", "0", "1", "0.035"].compactMap(Rate.init)
        #expect(rates.count == 6)
        #expect(rates.sorted().map(\.description) == ["-0.1", "0", "0.035", "0.5", "0.75", "1"])
        #expect(try #require(Rate("0.5")) < .one)
        #expect(Rate.zero < .one)
        #expect(!(Rate.one < .one))
        let negative = try #require(Rate("-0.1"))
        #expect(negative.isNegative && !negative.isZero && !negative.isPositive)
        #expect(Rate.zero.isZero && Rate.one.isPositive)
    }

    @Test("addition, subtraction and multiplication are exact")
    func exactArithmetic() throws {
        func rate(_ text: String) throws -> Rate { try #require(Rate(text)) }
        #expect(try rate("0.1") + rate("0.2") == rate("0.3"), "what binary floating point gets wrong")
        #expect(try rate("0.5") + rate("0.25") == rate("0.75"))
        #expect(try Rate.one - rate("0.333333333") == rate("0.666666667"))
        #expect(try rate("0.25") - rate("0.5") == rate("-0.25"))
        #expect(try rate("0.5") * rate("0.5") == rate("0.25"))
        #expect(try rate("0.035") * rate("0.5") == rate("0.0175"))
        #expect(try rate("2") * rate("0.333333333") == rate("0.666666666"))
        #expect(try rate("-0.5") * rate("0.5") == rate("-0.25"))
        #expect(try rate("50%") * .one == rate("0.5"))
        #expect(try rate("0.000000001") * rate("1000000000") == .one)
        #expect(try rate("0.25").negated() == rate("-0.25"))
        #expect(try Rate.zero.negated() == .zero)
    }

    @Test("a product needing more than 9 decimals throws inexact unless rounded explicitly")
    func inexactProducts() throws {
        let half = try #require(Rate("0.5"))
        let third = try #require(Rate("0.333333333"))
        #expect(throws: MoneyError.inexact("0.5 × 0.333333333 has more than 9 decimals")) { try half * third }
        #expect(throws: MoneyError.inexact("0.000000001 × 0.1 has more than 9 decimals")) {
            try Rate(units: 1) * Rate(units: 100_000_000)
        }
        #expect(MoneyError.inexact("0.5 × 0.333333333 has more than 9 decimals").description
            == "cannot calculate exactly: 0.5 × 0.333333333 has more than 9 decimals")
        // 0.1666666665: a tie at the ninth decimal.
        #expect(try half.multiplied(by: third) == Rate(units: 166_666_666))
        #expect(try half.multiplied(by: third, rounding: .halfEven) == Rate(units: 166_666_666))
        #expect(try half.multiplied(by: third, rounding: .halfUp) == Rate(units: 166_666_667))
        #expect(try half.multiplied(by: third, rounding: .down) == Rate(units: 166_666_666))
        let minusHalf = try half.negated()
        #expect(try minusHalf.multiplied(by: third, rounding: .halfEven) == Rate(units: -166_666_666))
        #expect(try minusHalf.multiplied(by: third, rounding: .halfUp) == Rate(units: -166_666_667))
        #expect(try minusHalf.multiplied(by: third, rounding: .down) == Rate(units: -166_666_666))
        // An exact product is left alone.
        #expect(try half.multiplied(by: half, rounding: .down) == Rate(units: 250_000_000))
    }

    @Test("overflow throws")
    func overflow() throws {
        let big = try #require(Rate("9000000000"))
        let two = try #require(Rate("2"))
        #expect(throws: MoneyError.overflow) { try Rate(units: .max) + Rate(units: 1) }
        #expect(throws: MoneyError.overflow) { try Rate(units: .min) + Rate(units: -1) }
        #expect(throws: MoneyError.overflow) { try Rate(units: .min) - Rate(units: 1) }
        #expect(throws: MoneyError.overflow) { try Rate(units: .max) - Rate(units: -1) }
        #expect(throws: MoneyError.overflow) { try big * two }
        #expect(throws: MoneyError.overflow) { try big.multiplied(by: two) }
        #expect(throws: MoneyError.overflow) { try Rate(units: .min).negated() }
        #expect(throws: MoneyError.overflow) { try two.apply(to: .max, rounding: .halfEven) }
        #expect(throws: MoneyError.overflow) { try two.apply(to: .min / 2 - 1, rounding: .down) }
        #expect(try Rate(units: .max) + Rate(units: .min) == Rate(units: -1))
        #expect(try two.apply(to: .min / 2, rounding: .down) == .min)
    }

    // MARK: Applying to öre

    @Test("apply multiplies öre exactly and rounds once by the named rule")
    func apply() throws {
        let half = try #require(Rate("50%"))
        #expect(try half.apply(to: 1, rounding: .halfEven) == 0)
        #expect(try half.apply(to: 3, rounding: .halfEven) == 2)
        #expect(try half.apply(to: 5, rounding: .halfEven) == 2)
        #expect(try half.apply(to: -5, rounding: .halfEven) == -2)
        #expect(try half.apply(to: 5) == 2, "half-even is the default")
        #expect(try half.apply(to: 5, rounding: .halfUp) == 3)
        #expect(try half.apply(to: -5, rounding: .halfUp) == -3)
        #expect(try half.apply(to: 5, rounding: .down) == 2)
        #expect(try half.apply(to: -5, rounding: .down) == -2)
        #expect(try Rate.one.apply(to: .max, rounding: .halfEven) == .max)
        #expect(try Rate.one.apply(to: .min, rounding: .halfEven) == .min)
        #expect(try Rate.zero.apply(to: .max, rounding: .halfUp) == 0)
        let third = try #require(Rate("0.333333333"))
        #expect(try third.apply(to: 150_000_000, rounding: .halfEven) == 50_000_000)
        #expect(try third.apply(to: 150_000_000, rounding: .down) == 49_999_999)
        // 9 223 372 036 854 775 807 × 0.333333333 = 3 074 457 342 543 801 256.7…: no intermediate overflow.
        #expect(try third.apply(to: .max, rounding: .down) == 3_074_457_342_543_801_256)
        #expect(try third.apply(to: .max, rounding: .halfEven) == 3_074_457_342_543_801_257)
    }

    @Test("RoundingRule: ties to even, ties away from zero, toward zero; symmetric around zero")
    func roundingRules() {
        // n / 2 for n in -7...7
        let halves: [(Int128, halfEven: Int128, halfUp: Int128, down: Int128)] = [
            (-7, -4, -4, -3), (-6, -3, -3, -3), (-5, -2, -3, -2), (-4, -2, -2, -2), (-3, -2, -2, -1), (-2, -1, -1, -1),
            (-1, 0, -1, 0), (0, 0, 0, 0), (1, 0, 1, 0), (2, 1, 1, 1), (3, 2, 2, 1), (4, 2, 2, 2), (5, 2, 3, 2), (6, 3, 3, 3),
            (7, 4, 4, 3),
        ]
        for (n, halfEven, halfUp, down) in halves {
            #expect(RoundingRule.halfEven.divide(n, by: 2) == halfEven, "\(n)/2")
            #expect(RoundingRule.halfUp.divide(n, by: 2) == halfUp, "\(n)/2")
            #expect(RoundingRule.down.divide(n, by: 2) == down, "\(n)/2")
        }
        for rule in RoundingRule.allCases {
            for n in Int128(-1000)...1000 {
                for divisor: Int128 in [3, 7, 10, 1_000_000_000] {
                    #expect(rule.divide(-n, by: divisor) == -rule.divide(n, by: divisor))
                }
            }
        }
        #expect(RoundingRule.allCases.map(\.description) == ["halfEven", "halfUp", "down"])
    }

    // MARK: Coding

    @Test("JSON is a string such as \"0.5\", never a number")
    func codable() throws {
        struct Attribution: Codable, Equatable {
            var share: Rate
        }
        let encoder = JSONEncoder()
        #expect(String(decoding: try encoder.encode(try #require(Rate("50%"))), as: UTF8.self) == #""0.5""#)
        #expect(String(decoding: try encoder.encode(Attribution(share: try #require(Rate("3.5%")))), as: UTF8.self) == #"{"share":"0.035"}"#)
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Rate.self, from: Data(#""0.035""#.utf8)) == Rate("0.035"))
        #expect(try decoder.decode(Rate.self, from: Data(#""50%""#.utf8)) == Rate("0.5"))
        #expect(try decoder.decode(Attribution.self, from: Data(#"{"share": "1"}"#.utf8)) == Attribution(share: .one))
        for units: Int64 in [0, 1, -1, 500_000_000, 333_333_333, .max, .min] {
            let rate = Rate(units: units)
            #expect(try decoder.decode(Rate.self, from: try encoder.encode(rate)) == rate)
        }
        for bad in ["0.5", "1", #""abc""#, #""NaN""#, #""0.1234567891""#, #""""#, "null"] {
            #expect(throws: DecodingError.self, "\(bad)") { try decoder.decode(Rate.self, from: Data(bad.utf8)) }
        }
    }
}
