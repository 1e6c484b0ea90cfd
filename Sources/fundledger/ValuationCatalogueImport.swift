import Recording
import ArgumentParser
import Foundation

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
            let entries = try CatalogueFile.entries(text, source: source, currencyCode: currency)
            recording.printOutcome(try await recording.recorder().recordCatalogue(entries, organisationID: organisation))
        }
    }
}
