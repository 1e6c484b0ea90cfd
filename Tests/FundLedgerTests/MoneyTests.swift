import Foundation
import Testing

@testable import FundLedger

/// Amounts: exact öre, Swedish formatting, strict parsing, checked arithmetic, JSON shape.
@Suite("Money")
struct MoneyTests {
    // MARK: Currency

    @Test("Currency accepts exactly three ASCII uppercase letters and encodes as its code")
    func currency() throws {
        #expect(Currency("SEK") == .sek)
        #expect(Currency("EUR") == .eur)
        #expect(Currency("GBP") == .gbp)
        #expect(Currency("USD") == .usd)
        #expect(Currency("NOK")?.code == "NOK")
        for bad in ["", "sek", "Sek", "SE", "SEKK", "S3K", " SEK", "SEK ", "ÅÄÖ", "ＳＥＫ"] {
            #expect(Currency(bad) == nil, "\(bad)")
        }
        #expect(Currency.sek.minorUnits == 2 && Currency.eur.minorUnits == 2)
        #expect(Currency.sek.description == "SEK")
        #expect(String(decoding: try JSONEncoder().encode(Currency.eur), as: UTF8.self) == #""EUR""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Currency.self, from: Data(#""eur""#.utf8)) }
    }

    // MARK: Construction and predicates

    @Test("constructors, zero and sign predicates")
    func construction() {
        #expect(Money.sek(150_000) == Money(ore: 150_000, currency: .sek))
        #expect(Money(kronor: 1500, ore: 50, currency: .sek).ore == 150_050)
        #expect(Money(kronor: 1500, currency: .eur) == Money(ore: 150_000, currency: .eur))
        #expect(Money(kronor: -1, ore: -50, currency: .sek).ore == -150)
        #expect(Money(kronor: 0, ore: -50, currency: .sek).ore == -50)
        #expect(Money.zero(.eur) == Money(ore: 0, currency: .eur))
        #expect(Money.zero(.sek) != Money.zero(.eur))
        #expect(Money.sek(0).isZero && !Money.sek(0).isNegative && !Money.sek(0).isPositive)
        #expect(Money.sek(-1).isNegative && !Money.sek(-1).isZero && !Money.sek(-1).isPositive)
        #expect(Money.sek(1).isPositive && !Money.sek(1).isZero && !Money.sek(1).isNegative)
    }

    @Test("amounts in one currency are ordered by öre")
    func ordering() {
        #expect(Money.sek(-1) < Money.sek(0))
        #expect(Money.sek(99) < Money.sek(100))
        #expect(!(Money.sek(100) < Money.sek(100)))
        #expect([Money.sek(5), .sek(-3), .sek(0)].sorted() == [.sek(-3), .sek(0), .sek(5)])
        #expect([Money.sek(5), .sek(-3)].max() == .sek(5))
    }

    @Test("ordering amounts in different currencies stops the program")
    func orderingAcrossCurrenciesTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Money.sek(1) < Money(ore: 2, currency: .eur)
        }
    }

    // MARK: Arithmetic

    @Test("adding and subtracting are exact within one currency")
    func addingAndSubtracting() throws {
        #expect(try Money.sek(150_000).adding(.sek(50)) == .sek(150_050))
        #expect(try Money.sek(150_000).subtracting(.sek(150_001)) == .sek(-1))
        #expect(try Money.sek(-5).adding(.sek(5)) == .sek(0))
        #expect(try Money.sek(7).negated() == .sek(-7))
        #expect(try Money.sek(0).negated() == .sek(0))
        #expect(try Money.sek(.max).negated() == .sek(-.max))
        #expect(try Money.sek(.max).adding(.sek(.min)) == .sek(-1))
    }

    @Test("combining currencies throws currencyMismatch, naming both in order")
    func currencyMismatch() {
        let eur = Money(ore: 100, currency: .eur)
        #expect(throws: MoneyError.currencyMismatch(.sek, .eur)) { try Money.sek(100).adding(eur) }
        #expect(throws: MoneyError.currencyMismatch(.eur, .sek)) { try eur.subtracting(.sek(100)) }
        #expect(throws: MoneyError.currencyMismatch(.sek, .usd)) { try Money.sek(0).adding(.zero(.usd)) }
        #expect(
            MoneyError.currencyMismatch(.sek, .eur).description
                == "cannot combine an amount in SEK with one in EUR; convert one of them first")
    }

    @Test("overflow throws instead of wrapping or trapping")
    func overflow() throws {
        #expect(throws: MoneyError.overflow) { try Money.sek(.max).adding(.sek(1)) }
        #expect(throws: MoneyError.overflow) { try Money.sek(.min).adding(.sek(-1)) }
        #expect(throws: MoneyError.overflow) { try Money.sek(.min).subtracting(.sek(1)) }
        #expect(throws: MoneyError.overflow) { try Money.sek(.max).subtracting(.sek(-1)) }
        #expect(throws: MoneyError.overflow) { try Money.sek(.min).negated() }
        let two = try #require(Rate("2"))
        let minusOne = try #require(Rate("-1"))
        let justOverOne = try #require(Rate("1.000000001"))
        #expect(throws: MoneyError.overflow) { try Money.sek(.max).multiplied(by: two) }
        #expect(throws: MoneyError.overflow) { try Money.sek(.min).multiplied(by: minusOne) }
        #expect(throws: MoneyError.overflow) { try Money.sek(.max).multiplied(by: justOverOne) }
        // The edges themselves are fine.
        #expect(try Money.sek(.max).multiplied(by: .one) == .sek(.max))
        #expect(try Money.sek(.min).multiplied(by: .one) == .sek(.min))
        #expect(try Money.sek(.max).multiplied(by: minusOne) == .sek(-.max))
        #expect(try Money.sek(.max / 2).multiplied(by: two) == .sek(.max - 1))
        #expect(MoneyError.overflow.description == "the result is too large to record (amounts are limited to ±92 233 720 368 547 758,07)")
    }

    // MARK: Multiplying by rates

    @Test(
        "half-even rounding to whole öre: ties go to the even öre",
        arguments: [
            // (öre, rate, halfEven, halfUp, down)
            (1, "0.5", 0, 1, 0),  // 0.5 öre
            (3, "0.5", 2, 2, 1),  // 1.5
            (5, "0.5", 2, 3, 2),  // 2.5
            (7, "0.5", 4, 4, 3),  // 3.5
            (-1, "0.5", 0, -1, 0),  // -0.5
            (-3, "0.5", -2, -2, -1),  // -1.5
            (-5, "0.5", -2, -3, -2),  // -2.5
            (9, "0.1", 1, 1, 0),  // 0.9
            (14, "0.1", 1, 1, 1),  // 1.4
            (16, "0.1", 2, 2, 1),  // 1.6
            (-16, "0.1", -2, -2, -1),  // -1.6
            (25, "0.1", 2, 3, 2),  // 2.5
            (35, "0.1", 4, 4, 3),  // 3.5
            (1, "0.499999999", 0, 0, 0),  // just under a half
            (1, "0.500000001", 1, 1, 0),  // just over a half
        ])
    func rounding(ore: Int64, rate: String, halfEven: Int64, halfUp: Int64, down: Int64) throws {
        let rate = try #require(Rate(rate))
        #expect(try Money.sek(ore).multiplied(by: rate) == .sek(halfEven), "default is half-even")
        #expect(try Money.sek(ore).multiplied(by: rate, rounding: .halfEven) == .sek(halfEven))
        #expect(try Money.sek(ore).multiplied(by: rate, rounding: .halfUp) == .sek(halfUp))
        #expect(try Money.sek(ore).multiplied(by: rate, rounding: .down) == .sek(down))
    }

    @Test("applying shares of 100 %, 50 %, 33.3333333 % and an interest rate")
    func shares() throws {
        let all = try #require(Rate("100%"))
        let half = try #require(Rate("50%"))
        let third = try #require(Rate("0.333333333"))
        let amount = Money.sek(150_000_000)  // 1 500 000,00 kr
        #expect(try amount.multiplied(by: all) == amount)
        #expect(try amount.multiplied(by: half) == .sek(75_000_000))
        #expect(try Money.sek(150_000_001).multiplied(by: half) == .sek(75_000_000))  // 75 000 000.5 → even
        #expect(try Money.sek(150_000_003).multiplied(by: half) == .sek(75_000_002))  // 75 000 001.5 → even
        #expect(try amount.multiplied(by: third) == .sek(50_000_000))  // 49 999 999.95
        #expect(try amount.multiplied(by: third, rounding: .down) == .sek(49_999_999))
        #expect(try Money.sek(100).multiplied(by: third) == .sek(33))
        #expect(try Money.sek(300).multiplied(by: third) == .sek(100))  // 99.9999999
        #expect(try Money.sek(1_000_000).multiplied(by: try #require(Rate("3.5%"))) == .sek(35_000))
        #expect(try Money.sek(-150_000_000).multiplied(by: half) == .sek(-75_000_000))
        #expect(try amount.multiplied(by: .zero) == .sek(0))
        let eur = Money(ore: 1001, currency: .eur)
        #expect(try eur.multiplied(by: half) == Money(ore: 500, currency: .eur), "keeps the currency")
    }

    // MARK: Formatting

    @Test(
        "description is Swedish style; plainDescription is machine style",
        arguments: [
            (Money.sek(150_000_000), "1 500 000,00 kr", "1500000.00 SEK"),
            (Money.sek(150_000_050), "1 500 000,50 kr", "1500000.50 SEK"),
            (Money.sek(-150_000), "-1 500,00 kr", "-1500.00 SEK"),
            (Money.sek(0), "0,00 kr", "0.00 SEK"),
            (Money.sek(5), "0,05 kr", "0.05 SEK"),
            (Money.sek(-5), "-0,05 kr", "-0.05 SEK"),
            (Money.sek(100), "1,00 kr", "1.00 SEK"),
            (Money.sek(99_999), "999,99 kr", "999.99 SEK"),
            (Money.sek(100_000), "1 000,00 kr", "1000.00 SEK"),
            (Money.sek(12_345_678_901), "123 456 789,01 kr", "123456789.01 SEK"),
            (Money(ore: 150_000_000, currency: .eur), "1 500 000,00 EUR", "1500000.00 EUR"),
            (Money(ore: -150_000, currency: .usd), "-1 500,00 USD", "-1500.00 USD"),
            (Money.sek(.max), "92 233 720 368 547 758,07 kr", "92233720368547758.07 SEK"),
            (Money.sek(.min), "-92 233 720 368 547 758,08 kr", "-92233720368547758.08 SEK"),
        ])
    func formatting(money: Money, swedish: String, plain: String) {
        #expect(money.description == swedish)
        #expect(money.plainDescription == plain)
        #expect("\(money)" == swedish)
    }

    @Test("parse reads back description and plainDescription, including negatives, zero and the extremes")
    func formattingRoundTrips() throws {
        var values: [Int64] = [
            0, 1, -1, 5, 9, 10, 99, 100, 101, 999, 1000, 99_999, 100_000, 150_000_000, 123_456_789,
            1_000_000_000_000, .max, .min, .max - 1, .min + 1,
        ]
        values += values.map { $0 == .min ? .max : -$0 }
        // A deterministic spread over every magnitude.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = Int(state >> 59) % 19 + 1
            var divisor: UInt64 = 1
            for _ in digits..<19 { divisor *= 10 }
            values.append(Int64(bitPattern: state) / Int64(divisor))
        }
        for currency in [Currency.sek, .eur, .gbp] {
            for ore in values {
                let money = Money(ore: ore, currency: currency)
                #expect(try Money.parse(money.description, currency: currency) == money, "\(money.description)")
                #expect(try Money.parse(money.plainDescription, currency: currency) == money, "\(money.plainDescription)")
            }
        }
    }

    // MARK: Parsing: accepted

    @Test(
        "every accepted form gives the exact öre",
        arguments: [
            // Swedish
            ("1 500 000,00 kr", 150_000_000),
            ("1 500 000 kr", 150_000_000),
            ("1500000,50", 150_000_050),
            ("1 500 000,5 kr", 150_000_050),
            ("1 500 000,00kr", 150_000_000),
            ("1\u{00A0}500\u{00A0}000,00\u{00A0}kr", 150_000_000),
            ("1\u{202F}500,25", 150_025),
            ("1\u{2009}500,25", 150_025),
            ("1 500 KR", 150_000),
            ("1 500 Kr", 150_000),
            ("1 500 SEK", 150_000),
            ("1500SEK", 150_000),
            ("1500 sek", 150_000),
            ("999 999,99", 99_999_999),
            ("12 345", 1_234_500),
            ("0,05", 5),
            ("0,5", 50),
            ("3,10 kr", 310),
            // plain
            ("1500000.00", 150_000_000),
            ("1500000", 150_000_000),
            ("1500000.5", 150_000_050),
            ("1500000.00 SEK", 150_000_000),
            ("0.01", 1),
            ("0", 0),
            ("42", 4200),
            ("1 500.00", 150_000),
            // English grouping with a decimal point
            ("1,500,000.00", 150_000_000),
            ("1,500.5", 150_050),
            ("12,345,678.9 kr", 1_234_567_890),
            // signs and surrounding space
            ("-1 500,00 kr", -150_000),
            ("\u{2212}1 500,00 kr", -150_000),
            ("-0,50", -50),
            ("-0", 0),
            ("-1500000.00 SEK", -150_000_000),
            ("-1,500.00", -150_000),
            ("  42 kr\n", 4200),
            ("\t1 500,00 kr ", 150_000),
            // the extremes of Int64 öre
            ("92 233 720 368 547 758,07 kr", Int64.max),
            ("-92 233 720 368 547 758,08 kr", Int64.min),
            ("92233720368547758.07", Int64.max),
        ] as [(String, Int64)])
    func accepted(text: String, ore: Int64) throws {
        #expect(try Money.parse(text) == .sek(ore))
        #expect(try Money.parse(text, currency: .sek) == .sek(ore))
    }

    @Test("other currencies accept their own code as suffix")
    func acceptedOtherCurrencies() throws {
        #expect(try Money.parse("1 500,00 EUR", currency: .eur) == Money(ore: 150_000, currency: .eur))
        #expect(try Money.parse("1500.00 eur", currency: .eur) == Money(ore: 150_000, currency: .eur))
        #expect(try Money.parse("1500", currency: .usd) == Money(ore: 150_000, currency: .usd))
        #expect(try Money.parse("-0,01 GBP", currency: .gbp) == Money(ore: -1, currency: .gbp))
    }

    // MARK: Parsing: rejected

    @Test(
        "ambiguous or malformed amounts are rejected, saying why",
        arguments: [
            ("", "there is nothing to read"),
            ("   ", "there is nothing to read"),
            // thousands or decimals?
            ("1,500", "ambiguous (thousands separator or decimal comma?); write 1500 or 1,50"),
            ("1.500", "ambiguous (thousands separator or decimal point?); write 1500 or 1.50"),
            ("-1,500", "ambiguous (thousands separator or decimal comma?); write -1500 or -1,50"),
            ("1,005", "ambiguous (thousands separator or decimal comma?); write 1005, or at most two decimals"),
            ("1.005", "ambiguous (thousands separator or decimal point?); write 1005, or at most two decimals"),
            ("1.500,00", #"it mixes "." and ","; a dot cannot separate thousands; write 1500,00 or 1 500,00"#),
            ("1.500.000,00 kr", #"it mixes "." and ","; a dot cannot separate thousands; write 1500000,00 or 1 500 000,00"#),
            ("1,500.000,00", #"it mixes "." and ","; a dot cannot separate thousands; write 1500000,00 or 1 500 000,00"#),
            ("1 500.000,00", #"it mixes "." and ","; a dot cannot separate thousands; write 1500000,00 or 1 500 000,00"#),
            ("1.500.000", "a dot cannot separate thousands; write 1500000 or 1 500 000"),
            ("1,500,000", "several commas; write 1500000 or 1 500 000 (a comma is only accepted as the decimal sign)"),
            // grouping in the wrong place
            ("15 00", "the thousands separators are in the wrong place; write 1500 or 1 500"),
            ("1500 000", "the thousands separators are in the wrong place; write 1500000 or 1 500 000"),
            ("1 50 000", "the thousands separators are in the wrong place; write 150000 or 150 000"),
            ("1  500", "the thousands separators are in the wrong place; write 1500 or 1 500"),
            ("1 500 ,00", "the thousands separators are in the wrong place; write 1500 or 1 500"),
            ("0 500", "the thousands separators are in the wrong place; write 500"),
            ("1,500,00.00", "the thousands separators are in the wrong place; write 150000 or 150 000"),
            // decimals
            ("1,5000", "more than two decimals; the smallest amount is one öre (0,01)"),
            ("1 500,005", "more than two decimals; the smallest amount is one öre (0,01)"),
            ("0,500", "more than two decimals; the smallest amount is one öre (0,01)"),
            ("0.125", "more than two decimals; the smallest amount is one öre (0,01)"),
            ("1,500.005", "more than two decimals; the smallest amount is one öre (0,01)"),
            ("1 500,0 0", "there is a separator after the decimal comma; decimals come last, such as 1 500,50"),
            (",50", "there are no digits before the decimal sign; write 0,50"),
            (".5", "there are no digits before the decimal sign; write 0.5"),
            ("100,", "there are no digits after the decimal comma; write 100 or 100,00"),
            ("100. kr", "there are no digits after the decimal point; write 100 or 100.00"),
            // not numbers
            ("1e6", #"unexpected letter "e"; write digits only, such as 1500000 or 1 500 000,00"#),
            ("NaN", "it contains no digits"),
            ("Infinity", "it contains no digits"),
            ("kr", "it contains no digits"),
            ("abc", "it contains no digits"),
            ("１００", "it contains no digits"),
            ("kr 100", #"unexpected letter "k"; write digits only, such as 1500000 or 1 500 000,00"#),
            ("0x10", #"unexpected letter "x"; write digits only, such as 1500000 or 1 500 000,00"#),
            ("+100", #"unexpected character "+""#),
            ("100 €", #"unexpected character "€""#),
            ("12\t500", "unexpected character U+0009"),
            ("-", "the minus sign must be followed directly by digits"),
            ("- 100", "the minus sign must be followed directly by digits"),
            ("--100", "the minus sign must be followed directly by digits"),
            ("\u{2212}kr", "the minus sign must be followed directly by digits"),
            // another currency
            ("100 EUR", "it is in EUR, not SEK"),
            ("100eur", "it is in EUR, not SEK"),
            ("100 dollars", #"unknown currency or text "dollars"; write 1 500 000 kr, 1 500 000,50, 1500000.50, 1 500:-, 15 tkr or 1,5 mkr"#),
            ("100 kronr", #"unknown currency or text "kronr"; write 1 500 000 kr, 1 500 000,50, 1500000.50, 1 500:-, 15 tkr or 1,5 mkr"#),
            // beyond Int64 öre
            ("92 233 720 368 547 758,08 kr", "it is too large (amounts are limited to ±92 233 720 368 547 758,07)"),
            ("-92 233 720 368 547 758,09", "it is too large (amounts are limited to ±92 233 720 368 547 758,07)"),
            ("123456789012345678901234567890", "it is too large (amounts are limited to ±92 233 720 368 547 758,07)"),
        ])
    func rejected(text: String, reason: String) {
        #expect(throws: MoneyError.unparseable(text, reason: reason)) { try Money.parse(text) }
    }

    @Test("a suffix must name the currency being read")
    func rejectedOtherCurrency() {
        #expect(throws: MoneyError.unparseable("100 kr", reason: #""kr" means Swedish kronor, not EUR"#)) {
            try Money.parse("100 kr", currency: .eur)
        }
        #expect(throws: MoneyError.unparseable("100 SEK", reason: "it is in SEK, not EUR")) {
            try Money.parse("100 SEK", currency: .eur)
        }
        #expect(throws: MoneyError.unparseable("100 usd", reason: "it is in USD, not EUR")) {
            try Money.parse("100 usd", currency: .eur)
        }
        #expect(throws: MoneyError.unparseable("100 euro", reason: #"unknown currency or text "euro"; write 1 500 000,00 EUR or 1500000.00"#)) {
            try Money.parse("100 euro", currency: .eur)
        }
    }

    @Test("the error reads as a sentence for a finance officer")
    func errorMessages() {
        #expect(
            MoneyError.unparseable("1,500", reason: "ambiguous (thousands separator or decimal comma?); write 1500 or 1,50").description
                == #"cannot read "1,500" as an amount: ambiguous (thousands separator or decimal comma?); write 1500 or 1,50"#)
        do {
            _ = try Money.parse("1,500")
            Issue.record("accepted 1,500")
        } catch {
            #expect(error.description == #"cannot read "1,500" as an amount: ambiguous (thousands separator or decimal comma?); write 1500 or 1,50"#)
        }
    }

    // MARK: Coding

    @Test("JSON is {\"ore\": …, \"currency\": \"SEK\"} with an integer öre")
    func codable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(Money.sek(150_000_000)), as: UTF8.self)
        #expect(json == #"{"currency":"SEK","ore":150000000}"#)
        #expect(String(decoding: try encoder.encode(Money(ore: -5, currency: .eur)), as: UTF8.self) == #"{"currency":"EUR","ore":-5}"#)
        #expect(String(decoding: try encoder.encode(Money.sek(.min)), as: UTF8.self) == #"{"currency":"SEK","ore":-9223372036854775808}"#)

        let object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Money.sek(1))) as? [String: Any])
        #expect(Set(object.keys) == ["ore", "currency"])

        let decoder = JSONDecoder()
        #expect(try decoder.decode(Money.self, from: Data(#"{"ore": 150000000, "currency": "SEK"}"#.utf8)) == .sek(150_000_000))
        #expect(try decoder.decode(Money.self, from: Data(#"{"currency": "EUR", "ore": -1}"#.utf8)) == Money(ore: -1, currency: .eur))
        for ore: Int64 in [0, 1, -1, 150_000_000, .max, .min] {
            for currency in [Currency.sek, .eur] {
                let money = Money(ore: ore, currency: currency)
                #expect(try decoder.decode(Money.self, from: try JSONEncoder().encode(money)) == money)
            }
        }
        for bad in [
            #"{"ore": 1.5, "currency": "SEK"}"#, #"{"ore": "150", "currency": "SEK"}"#, #"{"ore": 150, "currency": "sek"}"#,
            #"{"ore": 150, "currency": "KRONA"}"#, #"{"ore": 150}"#, #"{"currency": "SEK"}"#, #"{"ore": 9223372036854775808, "currency": "SEK"}"#,
            #""150 kr""#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try decoder.decode(Money.self, from: Data(bad.utf8)) }
        }
    }
}

/// Amounts as Swedish finance officers write them (issue 11, item 5): kronor with ":-", thousands and
/// millions of kronor, exact to the öre or refused with the accepted forms.
@Suite("Money: Swedish conventions")
struct SwedishAmountTests {
    @Test("1 500:-, 15 tkr and 1,5 mkr read exactly")
    func accepted() throws {
        let cases: [(String, Int64)] = [
            ("1 500:-", 150_000), ("1500:-", 150_000), ("1 500 :-", 150_000), ("25:-", 2_500),
            ("15 tkr", 1_500_000), ("15tkr", 1_500_000), ("15 TKR", 1_500_000), ("15,5 tkr", 1_550_000), ("1 250 tkr", 125_000_000),
            ("0,001 tkr", 100), ("0,00001 tkr", 1), ("1,5 mkr", 150_000_000), ("1.5 Mkr", 150_000_000), ("2 mnkr", 200_000_000),
            ("0,00000001 mkr", 1), ("-1,5 mkr", -150_000_000), ("3 tsek", 300_000), ("1,25 MSEK", 125_000_000),
            ("1 500 kr", 150_000), ("1 500 000,50", 150_000_050), ("100 kronor", 10_000), ("100 Kronor", 10_000),
        ]
        for (text, ore) in cases {
            #expect(try Money.parse(text) == Money(ore: ore, currency: .sek), "\(text)")
        }
    }

    @Test("refused: finer than an öre, malformed, or kronor words for another currency")
    func refused() {
        for text in ["0,000001 tkr", "1,5,5 mkr", "1.5,5 mkr", "15 00 tkr", ",5 tkr", "1, tkr", "tkr", "1 500:-:-", ":-", "1e3 tkr", "99999999999999999 mkr"] {
            #expect(throws: MoneyError.self, "\(text)") { try Money.parse(text) }
        }
        for text in ["15 tkr", "1 500:-", "1,5 mkr"] {
            #expect(throws: MoneyError.self, "\(text) in EUR") { try Money.parse(text, currency: .eur) }
        }
        // Never a currency called TKR; an unknown word lists the forms that are accepted.
        do {
            _ = try Money.parse("15 lappar")
            Issue.record("15 lappar was accepted")
        } catch {
            #expect(error.description.contains("15 tkr") && error.description.contains("1 500:-"), "\(error)")
        }
    }
}
