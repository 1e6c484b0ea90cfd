import EventStore
import Foundation
import FundLedger
import Testing

@testable import Recording

/// The demo's story recorded without a binary or a database: every chapter on an in-memory log, the
/// refusals it shows, a rerun as a retry, and the reports chosen per fund.
@Suite struct EmbeddedDemoStoryTests {
    static func record(on store: InMemoryEventStore) async throws -> [String] {
        var lines: [String] = []
        let recorder = Recorder(service: LedgerService(store: store), defaults: CommandCatalogTests.defaults())
        try await EmbeddedDemo.record(with: recorder) { lines.append($0) }
        return lines
    }

    @Test func everyChapterIsRecordedWithItsTitleAndExpectedRefusals() async throws {
        let store = InMemoryEventStore()
        let lines = try await Self.record(on: store)
        let titles = lines.filter { $0.hasPrefix("\n") }
        #expect(titles.count == EmbeddedDemo.files.count)
        #expect(titles.first?.hasPrefix("\nRegion Skåne") == true, "\(titles)")
        #expect(lines.contains { $0.contains("refused as expected, nothing written: ") && $0.contains("[rule: criterion:minimum-departments]") })
        let closing = lines.filter { $0.hasPrefix("recorded ") && $0.contains(" entries as ") }
        #expect(closing.count == EmbeddedDemo.files.count, "\(closing)")
        #expect(try await store.head().eventCount > 0)
    }

    @Test func aSecondRunIsARetryThatWritesNothing() async throws {
        let store = InMemoryEventStore()
        _ = try await Self.record(on: store)
        let head = try await store.head()
        let again = try await Self.record(on: store)
        #expect(try await store.head() == head)
        #expect(again.filter { $0.hasSuffix("were recorded before (same content); nothing new was written") }.count == EmbeddedDemo.files.count)
    }

    @Test func aChapterRefusedByARuleIsAConflictNamingIt() async throws {
        let store = InMemoryEventStore()
        let recorder = Recorder(service: LedgerService(store: store), defaults: CommandCatalogTests.defaults())
        // Region Skåne, registered by another hand first: the story's own registration is refused.
        let outcome = try await recorder.record(
            CommandCatalog.registerOrganisation,
            ["organisation": .text("232100-0255"), "name": .text("Another region"), "kind": .text("region")], origin: .commandLine())
        #expect(!outcome.events.isEmpty)
        let error = await #expect(throws: UserError.self) { try await EmbeddedDemo.record(with: recorder) { _ in } }
        #expect(error?.exitCode == ExitStatus.conflict)
        #expect(error?.description.hasPrefix("demo chapter 1-region-skane was refused: ") == true, "\(String(describing: error))")
        #expect(error?.description.contains("unique-organisation") == true)
        #expect(try await store.head().eventCount == 1)
    }

    @Test func eachFundGetsItsReportsInStoryOrderAndSavingsReportsOnlyWithSavings() async throws {
        let store = InMemoryEventStore()
        _ = try await Self.record(on: store)
        let plan = EmbeddedDemo.reports(for: try await LedgerService(store: store).loadEvents())
        #expect(plan.map(\.fundID) == ["skane", "tomelilla", "eslov", "malmo-barn-unga", "malmo-hemloshet", "malmo-personalhalsa"])
        #expect(plan.allSatisfy { $0.reports.starts(with: EmbeddedDemo.reports) })
        #expect(plan.first { $0.fundID == "tomelilla" }?.reports == EmbeddedDemo.reports + EmbeddedDemo.savingsReports)
        #expect(plan.first { $0.fundID == "skane" }?.reports == EmbeddedDemo.reports)
    }
}
