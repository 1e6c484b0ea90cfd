import EventStore
import Foundation
import FundLedger
import Projections
import Reporting
import Testing
import TestSupport

/// Values reports show to people: shares to two decimals (exact in CSV and JSON), and the example plugin
/// agreeing with the books when a disbursement was reversed (issue 11, item 4).
@Suite struct ReportValueDisplayTests {
    static func document(_ value: ReportValue) -> ReportDocument {
        ReportDocument(reportID: "t", title: "T", keyFigures: [KeyFigure("Reduction", value)])
    }

    @Test func sharesShowTwoDecimalsToPeopleAndStayExactForMachines() throws {
        let cases: [(String, String)] = [
            ("0.083870968", "8,39 %"), ("0.129", "12,9 %"), ("0.5", "50 %"), ("0.00125", "0,12 %"), ("0.00135", "0,14 %"),
            ("0.999999", "100 %"), ("-0.0012345", "-0,12 %"), ("0.3333333333", "33,33 %"), ("1", "100 %"),
        ]
        for (fraction, shown) in cases {
            let document = Self.document(.percent(fraction))
            let text = try ReportRenderer.render(document, as: .table)
            #expect(text.contains("Reduction  \(shown)") || text.contains(shown), "\(fraction): \(text)")
            let csv = try ReportRenderer.render(document, as: .csv)
            #expect(!csv.contains(shown.replacingOccurrences(of: " %", with: "")) || fraction == "0.5" || fraction == "1", "\(fraction) exact in CSV: \(csv)")
        }
        let json = try ReportRenderer.render(Self.document(.percent("0.083870968")), as: .json)
        #expect(json.contains("0.083870968"))
    }

    @Test("HTML keeps dates and times on one line, and shows times in the organisation's zone")
    func htmlDatesAndTimes() throws {
        let table = ReportTable(
            id: "events", title: "Events", columns: [ReportColumn("recorded", "Recorded"), ReportColumn("effective", "Effective")],
            rows: [[.timestamp("2026-12-02T10:40:26.784806Z"), .date("2023-01-02")]])
        let html = try ReportRenderer.render(ReportDocument(reportID: "t", title: "T", tables: [table]), as: .html)
        #expect(html.contains("td.when,th.when{white-space:nowrap}"))
        #expect(html.contains(#"<th scope="row" class="when">2023-01-02</th>"#) || html.contains(#"<td class="when">2023-01-02</td>"#), "\(html)")
        // Europe/Stockholm unless FUNDLEDGER_TIME_ZONE says otherwise: in winter one hour past UTC.
        if ProcessInfo.processInfo.environment["FUNDLEDGER_TIME_ZONE"] == nil {
            #expect(html.contains(#"<th scope="row" class="when">2026-12-02 11:40:26</th>"#), "\(html)")
        }
        let csv = try ReportRenderer.render(ReportDocument(reportID: "t", title: "T", tables: [table]), as: .csv)
        #expect(csv.contains("2026-12-02T10:40:26.784806Z,2023-01-02"))
    }

    @Test("the example plugin counts a reversed disbursement out, as the books do (demo: 7 400 000 kr, not 8 000 000)")
    func examplePluginHonoursReversals() async throws {
        try await TestDatabase.withMigrated { database in
            let store = database.store
            try await appendSampleEvents(to: store)
            let disbursement = try #require(try await store.readAll(after: 0, limit: 10).first { $0.eventType == "FundsDisbursed" })
            let reversal = try EventCoding.newEvent(
                LedgerEvent(EventReversed(reversedEventID: disbursement.eventID, reversedEventType: "FundsDisbursed")), stream: disbursement.streamID,
                metadata: EventMetadata(actor: "revisor"), effectiveDate: CivilDate("2025-10-01")!, organisationID: "212000-1124")
            _ = try await store.append([reversal], expectations: [:])
            let host = ReportHost(store: store, registry: PluginRegistry(), externals: ExternalPluginLocator(searchFolders: [PluginFolder.examples]))
            let summary = try await host.run(ReportRequest(pluginID: "event-summary"))
            // 1 500 000 + 250 000 + 1 000 000 disbursed, the first (1 500 000) reversed.
            #expect(summary.keyFigures.contains(KeyFigure("Disbursed", .money(ore: 125_000_000, currency: "SEK"))), "\(summary.keyFigures)")
        }
    }
}
