import Foundation
import Testing

@testable import FundLedger

// Money.parse: what it reads and what it refuses, and the Swedish finance-office forms.

extension MoneyTests {
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
