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
        values += int64sOfEveryMagnitude(count: 2000, seed: 0x9E37_79B9_7F4A_7C15)
        for currency in [Currency.sek, .eur, .gbp] {
            for ore in values {
                let money = Money(ore: ore, currency: currency)
                #expect(try Money.parse(money.description, currency: currency) == money, "\(money.description)")
                #expect(try Money.parse(money.plainDescription, currency: currency) == money, "\(money.plainDescription)")
            }
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
