import EventStore
import Foundation
import FundLedger
import SIEExport
import Testing

/// The writer on hand-made vouchers: what it refuses, how fields and bytes look.
@Suite("SIE writer")
struct SIEWriterTests {
    static let day = CivilDate(year: 2025, month: 3, day: 1)!

    static func file(_ vouchers: [SIEVoucher], objects: [SIEObject] = []) -> SIEFile {
        SIEFile(
            generatedOn: day, organisationNumber: "212000-1124", organisationName: "Tomelilla kommun",
            fiscalYear: .calendarYear(2025), accounts: [SIEAccount(number: "1930", name: "Bank"), SIEAccount(number: "4690", name: "Bidrag")],
            dimensions: [.responsibility], objects: objects, vouchers: vouchers)
    }

    @Test("an unbalanced voucher is an error naming it and the difference, and nothing is written")
    func unbalancedVoucherIsRefused() {
        let voucher = SIEVoucher(date: Self.day, text: "Utbetalning", transactions: [
            SIETransaction(account: "4690", amountOre: 100_000), SIETransaction(account: "1930", amountOre: -99_999),
        ])
        #expect(throws: SIEExportError.unbalancedVoucher(number: 1, date: Self.day, text: "Utbetalning", differenceOre: 1)) {
            try Self.file([voucher]).render()
        }
        let error = SIEExportError.unbalancedVoucher(number: 1, date: Self.day, text: "Utbetalning", differenceOre: 1)
        #expect(error.description.contains("sum to 0.01 kr instead of 0.00"))
    }

    @Test("undeclared accounts and objects, empty vouchers and dates outside #RAR are refused")
    func undeclaredThingsAreRefused() {
        let onUnknownAccount = SIEVoucher(date: Self.day, text: "x", transactions: [
            SIETransaction(account: "1510", amountOre: 5), SIETransaction(account: "1930", amountOre: -5),
        ])
        #expect(throws: SIEExportError.undeclaredAccount(account: "1510", voucher: 1)) { try Self.file([onUnknownAccount]).render() }
        let onUnknownObject = SIEVoucher(date: Self.day, text: "x", transactions: [
            SIETransaction(account: "4690", objects: [SIEObjectReference(dimension: 1, code: "BUN")], amountOre: 5),
            SIETransaction(account: "1930", amountOre: -5),
        ])
        #expect(throws: SIEExportError.undeclaredObject(dimension: 1, code: "BUN", voucher: 1)) { try Self.file([onUnknownObject]).render() }
        #expect(throws: SIEExportError.emptyVoucher(number: 1, text: "tom")) {
            try Self.file([SIEVoucher(date: Self.day, text: "tom", transactions: [])]).render()
        }
        let nextYear = CivilDate(year: 2026, month: 1, day: 1)!
        let late = SIEVoucher(date: nextYear, text: "x", transactions: [
            SIETransaction(account: "4690", amountOre: 5), SIETransaction(account: "1930", amountOre: -5),
        ])
        #expect(throws: SIEExportError.self) { try Self.file([late]).render() }
        var badSeries = Self.file([])
        badSeries.series = "A 1"
        #expect(throws: SIEExportError.self) { try badSeries.render() }
    }

    @Test("the exact text of a small file: header order, object list, amounts, CRLF")
    func exactText() throws {
        let voucher = SIEVoucher(date: Self.day, text: "Utbetalning \"tidiga\" C:\\temp\nrad 2", transactions: [
            SIETransaction(account: "4690", objects: [SIEObjectReference(dimension: 1, code: "BUN")], amountOre: 100_000_050),
            SIETransaction(account: "1930", amountOre: -100_000_050),
        ])
        let output = try Self.file([voucher], objects: [SIEObject(dimension: 1, code: "BUN", name: "Barn- och utbildning")]).render()
        #expect(output.text == [
            "#FLAGGA 0", "#PROGRAM \"FundLedger\" \"1.0\"", "#FORMAT PC8", "#GEN 20250301", "#SIETYP 4", "#ORGNR 212000-1124",
            "#FNAMN \"Tomelilla kommun\"", "#RAR 0 20250101 20251231", "#VALUTA SEK", "#KONTO 1930 \"Bank\"", "#KONTO 4690 \"Bidrag\"",
            "#DIM 1 \"Ansvar\"", "#OBJEKT 1 \"BUN\" \"Barn- och utbildning\"",
            "#VER A 1 20250301 \"Utbetalning \\\"tidiga\\\" C:/temp rad 2\"", "{",
            "   #TRANS 4690 {1 \"BUN\"} 1000000.50", "   #TRANS 1930 {} -1000000.50", "}",
        ].map { $0 + "\r\n" }.joined())
        #expect(output.replacedCharacters == 2, "the backslash and the line break")
        #expect(output.debitOre == 100_000_050 && output.creditOre == 100_000_050)
        let parsed = try SpecParser.parse(output.bytes)
        #expect(parsed.vouchers.first?.text == "Utbetalning \"tidiga\" C:/temp rad 2")
    }

    @Test("amounts: a point, two decimals, minus first", arguments: [
        (Int64(0), "0.00"), (5, "0.05"), (-5, "-0.05"), (123_456_789, "1234567.89"), (-100, "-1.00"), (Int64.min, "-92233720368547758.08"),
    ])
    func amounts(_ ore: Int64, _ text: String) {
        #expect(SIEFormat.amount(ore) == text)
    }

    @Test("code page 437: the Swedish letters, decomposed letters, and a character it lacks")
    func codePage437() throws {
        #expect(try CP437.encode("åäöÅÄÖéü") == [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x81])
        #expect(try CP437.encode("a\u{30A}") == [0x86], "a + combining ring is å")
        #expect(try CP437.encode("#KONTO 1930\r\n") == Array("#KONTO 1930\r\n".utf8))
        #expect(throws: SIEExportError.notInCodePage437(character: "€", codePoint: 0x20AC, line: 2)) { try CP437.encode("ok\n10 €") }
        var replaced = 0
        #expect(SIEFormat.text("Fond – 10 €, ☃", replaced: &replaced) == "\"Fond - 10 EUR, ?\"")
        #expect(replaced == 3)
    }

    @Test("codes are never altered: one SIE cannot carry is an error")
    func codesAreNotAltered() throws {
        #expect(try SIEFormat.code("FÖR", kind: "object code") == "\"FÖR\"")
        #expect(try SIEFormat.code("a\"b", kind: "object code") == "\"a\\\"b\"")
        #expect(throws: SIEExportError.self) { try SIEFormat.code("☃", kind: "object code") }
        #expect(throws: SIEExportError.self) { try SIEFormat.code("a\\b", kind: "object code") }
        #expect(throws: SIEExportError.self) { try SIEFormat.code("", kind: "object code") }
    }
}
