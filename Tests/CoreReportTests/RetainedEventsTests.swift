import EventStore
import FundLedger
import Portfolio
import Projections
import Repayments
import Reporting
import SavingsFlows
import TestSupport
import Testing

/// The same plugin, but folding with every event kept and every event booked: what reports did before
/// `needsEventsByID` and `needsJournal`.
private struct KeepingEvents<Plugin: LedgerReportPlugin>: LedgerReportPlugin {
    let plugin: Plugin
    var descriptor: PluginDescriptor { plugin.descriptor }
    var needsEventsByID: Bool { true }
    var needsJournal: Bool { true }
    func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        try plugin.report(from: books, parameters: parameters)
    }
}

/// Reports that do not look events up by id fold without keeping them (`needsEventsByID` false), and
/// reports of the state alone book nothing (`needsJournal` false); neither may change a figure: reversals
/// are undone from the originals the replay hands them, and the state does not depend on the books.
@Suite struct RetainedEventsTests {
    @Test func reportsWithoutKeptEventsEqualReportsWithThem() async throws {
        let store = InMemoryEventStore()
        let ledger = SyntheticLedger(seed: 7, funds: 3, initiativesPerFund: 40)
        try await ledger.append(to: store, batchSize: 500)
        let reversals = ledger.events().filter { $0.eventType == EventReversed.eventType }.count
        #expect(reversals > 10, "the ledger must reverse events for this test to say anything")

        // Small read batches, so most originals come from earlier batches (looked up by id), not the same one.
        let host = ReportHost(store: store, batchSize: 97)
        for fund in ["fund0", "fund2"] {
            try await compare(PortfolioPlugin(), ["fund": fund], host)
            try await compare(RepaymentsPlugin(), ["fund": fund], host)
            try await compare(SavingsFlowsPlugin(), ["fund": fund], host)
        }
    }

    private func compare<P: LedgerReportPlugin>(_ plugin: P, _ parameters: [String: String], _ host: ReportHost) async throws {
        #expect(!plugin.needsEventsByID && !plugin.needsJournal)
        let request = ReportRequest(pluginID: plugin.id, parameters: parameters)
        let lean = try await host.run(plugin, request: request)
        let keeping = try await host.run(KeepingEvents(plugin: plugin), request: request)
        let same = lean == keeping  // not inside #expect: a difference would print both whole documents
        #expect(same, "\(plugin.id) \(parameters): the report changes when the fold keeps no events")
        let rows = lean.tables.reduce(0) { $0 + $1.rows.count }
        #expect(rows > 0, "\(plugin.id) must report something")
    }
}
