import Recording
import ArgumentParser
import EventStore
import Foundation
import FundLedger

/// `valuation import-catalogue FILE.csv`: a unit-cost catalogue, one row per actor's share, recorded all
/// or none.
struct ValuationImportCatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-catalogue",
        abstract: "Record a CSV unit-cost catalogue, one row per actor's share of a unit cost, all or none.",
        discussion: """
            Columns (* required): \(CatalogueFile.columns.map { CatalogueFile.required.contains($0) ? "\($0)*" : $0 }.joined(separator: ", ")). \
            Rows with the same outcome are one entry: its actors' amounts must add up to its cost, and its other \
            columns must agree. kind is fiscal (default), economic or social; cashable is yes (default) or no. \
            `;`, `,` or tab separated, UTF-8, amounts Swedish (2 470,00) or plain (2470.00). One bad row or entry \
            rejects the file, naming its row, line and column; rerunning the same file is a retry.
            """)

    @Argument(help: "The CSV file; '-' reads stdin.")
    var file: String
    @Option(help: "The organisation number whose catalogue it is.")
    var organisation: String
    @Option(help: "The currency of every amount.")
    var currency: String = "SEK"
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let source = file == "-" ? "stdin" : file
            let text = try utf8Text(try readInput(file), source: source)
            guard let currency = Currency(currency.uppercased()) else {
                throw UserError(description: "--currency: \"\(currency)\" is not a currency code such as SEK; nothing was written", exitCode: ExitStatus.badInput)
            }
            let entries = try CatalogueFile.read(text, source: source, currency: currency)
            guard !entries.isEmpty else {
                throw UserError(description: "\(source) holds no catalogue rows; nothing was written", exitCode: ExitStatus.badInput)
            }
            guard entries.count <= AppendLimits.eventCountMax else {
                throw UserError(description: "\(source) holds \(entries.count) entries, more than the \(AppendLimits.eventCountMax) one transaction may hold; split it; nothing was written", exitCode: ExitStatus.badInput)
            }
            let recorder = try await recording.recorder()
            let date = try recorder.effectiveDate()
            let base = try recorder.batchID()
            let envelopes = try entries.enumerated().map { index, entry in
                let command = ValuationCommand.recordUnitCost(organisationID: organisation, entry.entry)
                // Derived from the content, so rerunning the same file (on the same effective date) is a retry.
                let id = base.map { DeterministicID.derived(from: $0, index: index) }
                    ?? DeterministicID.uuid(parts: ["fundledger.cli.valuation-catalogue.v1", "\(date)", String(reflecting: command)])
                return (Optional(entry.label), try recorder.valuationEnvelope(command, id: id))
            }
            RecordingPrinter(json: recording.json).print(try await recorder.recordValuations(envelopes))
        }
    }
}
