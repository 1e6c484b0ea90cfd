import EventStore
import Foundation
import FundLedger
import Projections
import Reporting
import SIEExport
import Testing
import TestSupport

/// A fund's history exported as SIE 4I on both stores, read back by `SpecParser`, and compared with the books.
@Suite("SIE export")
struct SIEExportTests {
    @Test("fiscal year 2025: valid SIE, balanced vouchers, per-account totals equal the trial balance", arguments: StoreKind.allCases)
    func fiscalYearAgreesWithTrialBalance(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let history = try await FundHistory.record(on: store)
            let books = try await history.books()
            let export = try SIEFundExport.file(from: books, request: SIEExportRequest(fundID: FundHistory.fundID, fiscalYear: 2025))
            let output = try export.file.render()
            let parsed = try SpecParser.parse(output.bytes)

            #expect(parsed.header["#RAR"] == ["0", "20250101", "20251231"])
            #expect(parsed.header["#ORGNR"] == ["212000-1124"])
            #expect(parsed.header["#FNAMN"] == ["Tomelilla kommun"])
            #expect(parsed.header["#GEN"] == ["20251201"], "the last effective date exported, not the clock")
            #expect(parsed.allLinesEndWithCRLF)

            // One voucher per 2025 journal entry; the 2026 disbursement stays out.
            let entries2025 = books.journal.filter { $0.fundID == FundHistory.fundID && $0.effectiveDate.year == 2025 }
            #expect(parsed.vouchers.count == entries2025.count)
            #expect(parsed.vouchers.map(\.number) == (1...entries2025.count).map(String.init))
            #expect(parsed.vouchers.allSatisfy { $0.series == "A" })

            let trialBalance = books.trialBalance(fundID: FundHistory.fundID, through: FundHistory.date("2025-12-31"))
            var expected: [String: Int64] = [:]
            for (account, ore) in trialBalance where ore != 0 { expected[ChartOfAccounts.standard.number(of: account)] = ore }
            #expect(parsed.netByAccount.filter { $0.value != 0 } == expected)
            #expect(parsed.netByAccount["4690"] == FundHistory.kronor(1_000_000).ore, "the reversed disbursement nets out")

            // The reversal is its own voucher that undoes the disbursement to FÖR, dimension 1 and 6 kept.
            let reversal = try #require(parsed.vouchers.first { $0.text.hasPrefix("Rättelse") })
            #expect(reversal.text.contains("Utbetalning tidiga-insatser till FÖR, verifikat V-102"))
            #expect(reversal.transactions.contains {
                $0.account == "4690" && $0.amountOre == -50_000_050
                    && $0.objects == [SpecParser.Pair(dimension: "1", code: "FÖR"), SpecParser.Pair(dimension: "6", code: "tidiga-insatser")]
            })
        }
    }

    @Test("å, ä and ö survive as code page 437 bytes, and quotes are escaped", arguments: StoreKind.allCases)
    func swedishCharactersSurvive(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let history = try await FundHistory.record(on: store)
            let export = try SIEFundExport.file(from: try await history.books(), request: SIEExportRequest(fundID: FundHistory.fundID, fiscalYear: 2025))
            let output = try export.file.render()
            let parsed = try SpecParser.parse(output.bytes)

            #expect(parsed.dimensions == ["1": "Ansvar", "6": "Projekt"])
            #expect(parsed.objects[SpecParser.Pair(dimension: "1", code: "FÖR")] == "Förskoleförvaltningen Åby-Ängö")
            #expect(parsed.objects[SpecParser.Pair(dimension: "1", code: "BUN")] == "Barn- och utbildningsförvaltningen")
            #expect(parsed.objects[SpecParser.Pair(dimension: "6", code: "tidiga-insatser")] == "Tidiga insatser i förskolan, Åby")
            #expect(parsed.accounts["2081"] == "Öronmärkt eget kapital, social investeringsfond")
            // "FÖR" is F, 0x99, R on disk; the fund name's quote is escaped and its en dash becomes a hyphen.
            #expect(output.bytes.contains(subsequence: [0x22, 0x46, 0x99, 0x52, 0x22]))
            #expect(output.text.contains(#"Fond för barn & unga \"0-18\""#))
            #expect(output.replacedCharacters == 1)
            #expect(!output.bytes.contains { $0 == 0xC3 }, "no UTF-8 lead bytes in a code page 437 file")
        }
    }

    @Test("without a period: the latest fiscal year, with #RAR, its totals the year's movements")
    func latestYearByDefault() async throws {
        let history = try await FundHistory.record(on: InMemoryEventStore())
        let books = try await history.books()
        let export = try SIEFundExport.file(from: books, request: SIEExportRequest(fundID: FundHistory.fundID))
        let parsed = try SpecParser.parse(try export.file.render().bytes)
        let year = try #require(books.journal.filter { $0.fundID == FundHistory.fundID }.map(\.effectiveDate.year).max())
        #expect(parsed.header["#RAR"] == ["0", "\(year)0101", "\(year)1231"])
        #expect(export.notes.contains { $0.contains("Fiscal year \(year)") })
        let expected = books.yearBalances(fundID: FundHistory.fundID, year: year).reduce(into: [String: Int64]()) { result, pair in
            let movement = pair.value.debit - pair.value.credit
            if movement != 0 { result[ChartOfAccounts.standard.number(of: pair.key)] = movement }
        }
        #expect(parsed.netByAccount.filter { $0.value != 0 } == expected)
        #expect(parsed.header["#GEN"] == ["20260201"])
    }

    @Test("a period over two fiscal years is refused: an SIE 4I file holds one")
    func twoYearsRefused() async throws {
        let history = try await FundHistory.record(on: InMemoryEventStore())
        let books = try await history.books()
        let years = Set(books.journal.filter { $0.fundID == FundHistory.fundID }.map(\.effectiveDate.year)).sorted()
        try #require(years.count >= 2)
        let request = SIEExportRequest(
            fundID: FundHistory.fundID, from: CivilDate(year: years[0], month: 1, day: 1), to: CivilDate(year: years[1], month: 12, day: 31))
        #expect(throws: SIEExportError.self) { try SIEFundExport.file(from: books, request: request) }
    }

    @Test("a period inside the year: only its entries, and still the books' movement")
    func periodInsideYear() async throws {
        let history = try await FundHistory.record(on: InMemoryEventStore())
        let books = try await history.books()
        let request = SIEExportRequest(
            fundID: FundHistory.fundID, fiscalYear: 2025, from: FundHistory.date("2025-04-01"), to: FundHistory.date("2025-11-30"))
        let parsed = try SpecParser.parse(try SIEFundExport.file(from: books, request: request).file.render().bytes)
        #expect(parsed.vouchers.map(\.date) == ["20250401", "20250930", "20251115"])
        #expect(parsed.netByAccount["1930"] == -50_000_050 + 25_000_000)
    }

    @Test("the plugin on PostgreSQL: same bytes twice, a chart file's numbers, and a document that agrees")
    func pluginReproducesBytes() async throws {
        try await TestDatabase.withMigrated { database in
            _ = try await FundHistory.record(on: database.store)
            let chartURL = FileManager.default.temporaryDirectory.appendingPathComponent("sie-chart-\(UUID().uuidString).json")
            try Data(#"{"fund_cash": {"number": "1931", "name": "Bank, sociala investeringar"}}"#.utf8).write(to: chartURL)
            defer { try? FileManager.default.removeItem(at: chartURL) }
            let parameters = ["fund": FundHistory.fundID, "year": "2025", "chart": chartURL.path]

            let first = try await SIEExportPlugin().export(store: database.store, parameters: parameters, language: .en)
            let second = try await SIEExportPlugin().export(store: database.store, parameters: parameters, language: .en)
            #expect(first.output.bytes == second.output.bytes)
            #expect(first.document == second.document)

            let parsed = try SpecParser.parse(first.output.bytes)
            #expect(parsed.accounts["1931"] == "Bank, sociala investeringar")
            #expect(parsed.accounts["1930"] == nil)
            let head = try await database.store.head()
            #expect(parsed.header["#PROSA"] != nil)
            #expect(first.output.text.contains("position \(head.position), kedjehash \(head.hash.hex)"))

            let figures = Dictionary(uniqueKeysWithValues: first.document.keyFigures.map { ($0.label, $0.value) })
            #expect(figures["Vouchers"] == .integer(Int64(parsed.vouchers.count)))
            #expect(figures["Agrees with the books' trial balance"] == .text("yes"))
            #expect(figures["Debit − credit (must be 0)"] == .money(ore: 0, currency: "SEK"))
            #expect(first.document.source.position == head.position)
            #expect(first.document.tables.map(\.id) == ["accounts", "vouchers", "transactions"])
        }
    }

    @Test("through the report host: the document names the vouchers, and errors name the fund")
    func reportHost() async throws {
        let store = InMemoryEventStore()
        _ = try await FundHistory.record(on: store)
        let host = ReportHost(store: store, registry: PluginRegistry())
        let document = try await host.run(SIEExportPlugin(), request: ReportRequest(pluginID: "sie", parameters: ["fund": FundHistory.fundID, "year": "2025"]))
        #expect(document.reportID == "sie")
        #expect(document.parameters.map(\.name) == ["fund", "year", "series"])
        let vouchers = try #require(document.tables.first { $0.id == "vouchers" })
        #expect(vouchers.rows.count == 6)

        await #expect(throws: ReportError.plugin(id: "sie", message: SIEExportError.unknownFund(id: "nope", known: [FundHistory.fundID]).description)) {
            try await host.run(SIEExportPlugin(), request: ReportRequest(pluginID: "sie", parameters: ["fund": "nope"]))
        }
        await #expect(throws: ReportError.self) {
            try await host.run(SIEExportPlugin(), request: ReportRequest(pluginID: "sie", parameters: ["fund": FundHistory.fundID, "year": "2025", "from": "2024-12-01"]))
        }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}

/// The SIE report's "File size" is the size of the file `report sie --format sie` writes (issue 11: the
/// `#PROSA` line was left out of the count when the report was shown rather than written).
@Suite struct SIEReportFileSizeTests {
    @Test func theShownSizeIsTheWrittenSize() async throws {
        let store = InMemoryEventStore()
        _ = try await FundHistory.record(on: store)
        let host = ReportHost(store: store, registry: PluginRegistry())
        let parameters = ["fund": FundHistory.fundID, "year": "2025"]
        let shown = try await host.run(SIEExportPlugin(), request: ReportRequest(pluginID: "sie", parameters: parameters, language: .en))
        let written = try await SIEExportPlugin().export(store: store, parameters: parameters, language: .en)
        #expect(String(decoding: written.output.bytes, as: UTF8.self).contains("#PROSA"))
        #expect(shown.keyFigures.first { $0.label.hasPrefix("File size") }?.value == .integer(Int64(written.output.bytes.count)))
        #expect(shown.keyFigures == written.document.keyFigures)
    }
}
