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

    /// The reports printed for every fund, and those added for a fund with realised savings.
    static let reports = ["fund-statement", "portfolio"]
    static let savingsReports = ["repayments", "savings-flows"]

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
        let store = try database.store()
        let service = LedgerService(store: store)
        // Commands read only their own streams; check the whole log is readable before recording anything.
        _ = try await service.loadEvents()
        print(Self.header)
        let recorder = Recorder(service: service, defaults: try .fromEnvironment())
        for (name, text) in EmbeddedDemo.files {
            try await Self.apply(name, text, with: recorder)
        }
        try await printReports(store: store, funds: Self.fundsInStoryOrder(try await service.loadEvents()))
        switch try await store.verifyChain() {
        case .verified(let head):
            print("\nVERIFY (the hash chain, recomputed from position 1)")
            print("  verified \(head.eventCount) events: chain intact, head position \(head.position), head hash \(head.hash.hex)")
        case .broken(let failure):
            throw UserError(description: "verify failed: hash chain broken at \(failure)", exitCode: ExitStatus.chainBroken)
        }
    }

    static let header = """
        FundLedger demo: social investment funds in Skåne
        Source: "Sociala Investeringar – Varför det?", a report from Region Skåne's conference of 11 November (docs/demo.md).
        Each chapter is a command file of examples/demo/, recorded all or none as `fundledger apply` records it; a rerun
        is a retry and writes nothing. Reasons say where figures come from: [amount from the article], [rule from the
        domain primer, not the article], [illustrative: amount not in the article].
        """

    /// Records one chapter and prints what it recorded (or found recorded) and refused.
    static func apply(_ name: String, _ text: String, with recorder: Recorder) async throws {
        let source = "examples/demo/\(name).yaml"
        let document = try CommandFile.read(text, source: source, path: source)
        print("\n" + (document.title ?? name))
        for line in (document.about ?? "").split(separator: "\n") { print("  " + line) }
        do {
            RecordingPrinter(json: false).print(try await recorder.recordBatch(document.commands, source: source))
        } catch let error as UserError where error.exitCode == ExitStatus.ruleBroken {
            throw UserError(
                description: "demo chapter \(name) was refused: \(error.description); the demo records its own organisations and funds, "
                    + "so run it on a fresh database (or one only the demo has written to)",
                exitCode: ExitStatus.conflict)
        }
    }

    /// The funds, in the order the story establishes them, and whether each has realised savings.
    static func fundsInStoryOrder(_ events: [StoredLedgerEvent]) -> [(id: String, hasSavings: Bool)] {
        let saving = Set(events.compactMap { stored -> String? in
            guard case .savingRealised = stored.event else { return nil }
            return LedgerState.fundID(ofStream: stored.streamID)
        })
        return events.compactMap { stored in
            guard case .fundEstablished(let fund) = stored.event else { return nil }
            return (fund.fundID, saving.contains(fund.fundID))
        }
    }

    /// Each fund's reports, as `fundledger report ID --fund FUND` prints them.
    func printReports(store: any EventStore, funds: [(id: String, hasSavings: Bool)]) async throws {
        BuiltInPlugins.bootstrap()
        let host = ReportHost(store: store)
        for fund in funds {
            for report in Self.reports + (fund.hasSavings ? Self.savingsReports : []) {
                let document = try await host.run(ReportRequest(pluginID: report, parameters: ["fund": fund.id], bounds: ReplayBounds()))
                print("\n" + (try ReportRenderer.render(document, as: .table, style: .swedish, csvDialect: .rfc4180)), terminator: "")
            }
        }
    }
}
