import EventStore
import Foundation
import FundLedger
import Projections
import Recording
import Reporting
import Server
import Testing
import TestSupport

/// Hostile events appended raw (`Corpus/hostile-events.jsonl`: shares of −100 % and 100 000 %, amounts at
/// and past every limit, dates at the calendar's ends, horizons of 8 000 years, currencies the fund does
/// not keep, unknown departments and initiatives, a second establishment…) on the demo's ledger. Each
/// case must leave every reader — the whole-ledger state, a replay, every built-in report on the fund, a
/// command — either answering or refusing with a short message; none may stop the process (a trap fails
/// the whole test run, which is how this corpus found the last ones).
@Suite struct HostileEventsTests {
    struct Case: Decodable {
        var name: String
        var lines: [String]
    }

    static func cases() throws -> [Case] {
        let url = TestServer.repositoryRoot.appendingPathComponent("Tests/ServerTests/Corpus/hostile-events.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { try JSONDecoder().decode(Case.self, from: Data($0.utf8)) }
    }

    /// The demo's events, recorded once on an in-memory log, as events to append again.
    static func demoEvents() async throws -> [NewEvent] {
        let store = InMemoryEventStore()
        let defaults = MetadataDefaults(actor: "demo", effectiveDate: CivilDate("2026-06-01")!)
        try await EmbeddedDemo.record(with: Recorder(service: LedgerService(store: store), defaults: defaults)) { _ in }
        return try await store.readAll(after: 0, limit: 100_000).map {
            NewEvent(
                eventID: $0.eventID, streamID: $0.streamID, eventType: $0.eventType, schemaVersion: $0.schemaVersion, payload: $0.payload,
                metadata: $0.metadata, effectiveDate: $0.effectiveDate, organisationID: $0.organisationID)
        }
    }

    /// What went wrong with one reader's outcome, if anything: an error must say what in at most two lines.
    static func problem(_ reader: String, _ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            let message = "\(error)"
            return message.isEmpty || message.split(separator: "\n").count > 2 ? "\(reader): \(message)" : nil
        }
    }

    @Test func everyReaderAnswersOrRefusesEveryHostileEvent() async throws {
        let cases = try Self.cases()
        #expect(cases.count >= 35)
        let demo = try await Self.demoEvents()
        BuiltInPlugins.bootstrap()
        for item in cases {
            let store = InMemoryEventStore()
            _ = try await store.append(demo, expectations: [:])
            let (events, expectations) = try AppendInput.parse(Data(item.lines.joined(separator: "\n").utf8), source: item.name)
            _ = try await store.append(events, expectations: expectations)
            let service = LedgerService(store: store)
            var problems: [String?] = []
            problems.append(await Self.problem("state") { _ = try await service.loadState() })
            problems.append(await Self.problem("replay") { _ = try await LedgerReplay(store: store).run(LedgerProjection()) })
            for plugin in BuiltInPlugins.all {
                let request = ReportRequest(pluginID: plugin.id, parameters: ["fund": "tomelilla"])
                problems.append(await Self.problem(plugin.id) { _ = try await ReportHost(store: store).run(request) })
            }
            problems.append(await Self.problem("command") {
                try await service.record(CommandEnvelope(
                    .contributeCapital(fundID: "tomelilla", amount: .sek(100), source: "KF"), actor: "a", effectiveDate: CivilDate("2026-06-02")!))
            })
            #expect(problems.compactMap { $0 }.isEmpty, "\(item.name): \(problems.compactMap { $0 })")
        }
    }
}
