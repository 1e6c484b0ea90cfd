import EventStore
import Foundation
import FundLedger
import Testing

@testable import Recording

/// `valuation import-catalogue` without a binary: the file's checks, the ids that make a rerun a retry,
/// and the options messages name a command line's fields by.
@Suite struct CatalogueImportTests {
    static let csv = """
        outcome;description;unit;cost;price_year;source;actor;amount
        placering;Placering av ett barn;barn och år;1 000 000;2024;SKR;kommun;600 000
        placering;Placering av ett barn;barn och år;1 000 000;2024;SKR;region;400 000
        """

    @Test func theFilesChecksNameTheirCause() {
        for (text, currency, expected) in [
            (Self.csv, "kr", "--currency: \"kr\" is not a currency code such as SEK; nothing was written"),
            ("outcome;description;unit;cost;price_year;source;actor;amount\n", "SEK", "cat.csv holds no catalogue rows; nothing was written"),
        ] {
            let error = #expect(throws: UserError.self) { try CatalogueFile.entries(text, source: "cat.csv", currencyCode: currency) }
            #expect(error?.description == expected)
            #expect(error?.exitCode == ExitStatus.badInput)
        }
        #expect((try? CatalogueFile.entries(Self.csv, source: "cat.csv", currencyCode: "sek"))?.count == 1)
    }

    @Test func rerunningTheSameCatalogueIsARetry() async throws {
        let store = InMemoryEventStore()
        let recorder = Recorder(service: LedgerService(store: store), defaults: CommandCatalogTests.defaults())
        _ = try await recorder.record(
            CommandCatalog.registerOrganisation,
            ["organisation": .text("212000-0886"), "name": .text("Tomelilla kommun"), "kind": .text("kommun")], origin: .commandLine())
        let entries = try CatalogueFile.entries(Self.csv, source: "cat.csv", currencyCode: "SEK")
        let first = try await recorder.recordCatalogue(entries, organisationID: "212000-0886")
        #expect(first.events.count == 1 && !first.wasAlreadyRecorded)
        let second = try await recorder.recordCatalogue(entries, organisationID: "212000-0886")
        #expect(second.wasAlreadyRecorded)
        #expect(second.events.map(\.event.eventID) == first.events.map(\.event.eventID))
        #expect(try await store.head().eventCount == 2)
    }

    @Test func aCommandLinesFieldsAreNamedByTheirOptions() {
        let origin = CommandCatalog.registerOrganisation.commandLineOrigin
        #expect(origin.isCommandLine)
        #expect(origin.name("organisation") == "--id")
        #expect(origin.name("effective_date") == "--effective-date")
    }
}
