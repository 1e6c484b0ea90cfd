import ArgumentParser
import EventStore
import Foundation
import FundLedger
import Projections
import Recording
import Reporting
import Server

/// `fundledger demo`: applies the story's command files (`examples/demo/`, carried in the binary), one
/// per organisation, then prints each fund's reports through the report plugins and `verify`'s result.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Record the social investment funds of Region Skåne, Tomelilla, Eslöv and Malmö, then print their reports and verify.",
        discussion: """
            The story follows the article "Sociala Investeringar – Varför det?" (see docs/demo.md) and is written as \
            command files, examples/demo/*.yaml, one per organisation, recorded as `fundledger apply` records them: \
            applications, refused steps (expect: refused RULE), decisions, disbursements, savings in another \
            department than the one that invested, repayments, an attribution, a waiver and a correction.

            Every command has a fixed id, so running the demo again is an idempotent retry: it writes nothing \
            new and prints the same reports. Run it on a fresh (migrated) database.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingErrors {
            do {
                try await record()
            } catch let error as UnreadableEventError {
                throw UserError(description: """
                    the database holds events the ledger cannot read (position \(error.globalPosition), \(error.eventType)); they were not \
                    written through the domain, e.g. by the placeholder demo of earlier versions, which appended raw events. \
                    The log is append-only, so run the demo on a fresh, migrated database: \
                    psql "$(fundledger db url --name postgres)" -c 'CREATE DATABASE demo' && \
                    fundledger migrate --database "$(fundledger db url --name demo)" && \
                    fundledger demo --database "$(fundledger db url --name demo)"
                    """, exitCode: ExitStatus.conflict)
            }
        }
    }

    /// Records the story and prints the reports.
    func record() async throws {
        let store = try await database.writingStore()
        let service = LedgerService(store: store)
        // Commands read only their own streams; check the whole log is readable before recording anything.
        _ = try await service.loadEvents()
        print(EmbeddedDemo.header)
        try await EmbeddedDemo.record(with: Recorder(service: service, defaults: try .fromEnvironment())) { print($0) }
        // Each fund's reports, as `fundledger report ID --fund FUND` prints them.
        BuiltInPlugins.bootstrap()
        let host = ReportHost(store: store)
        for (fund, reports) in EmbeddedDemo.reports(for: try await service.loadEvents()) {
            for report in reports {
                let document = try await host.run(ReportRequest(pluginID: report, parameters: ["fund": fund], bounds: ReplayBounds()))
                print("\n" + (try ReportRenderer.render(document, as: .table, style: .swedish, csvDialect: .rfc4180)), terminator: "")
            }
        }
        switch try await store.verifyChain() {
        case .verified(let head):
            print("\nVERIFY (the hash chain, recomputed from position 1)")
            print("  verified \(head.eventCount) events: chain intact, head position \(head.position), head hash \(head.hash.hex)")
        case .broken(let failure):
            throw UserError(description: "verify failed: hash chain broken at \(failure)", exitCode: ExitStatus.chainBroken)
        }
    }
}
