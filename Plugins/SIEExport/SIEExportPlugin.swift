import EventStore
import Foundation
import FundLedger
import Projections
import Reporting

/// The `sie` report: a fund's postings as an SIE 4I file for the organisation's accounting system.
///
/// SIE is a file format, not a page, so the plugin gives two things made from the same vouchers: the
/// report document (vouchers, transactions and per-account totals, for reading and checking) and the
/// file's bytes (`export(store:parameters:bounds:)`), which the CLI writes to disk.
public struct SIEExportPlugin: LedgerReportPlugin {
    public init() {}

    public let descriptor = PluginDescriptor.builtIn("sie", parameters: [
        ParameterSpec("fund", .text, help: .sieHelpFund, required: true),
        ParameterSpec("year", .integer, help: .sieHelpYear),
        ParameterSpec("from", .date, help: .sieHelpFrom),
        ParameterSpec("to", .date, help: .sieHelpTo),
        ParameterSpec("series", .text, help: .sieHelpSeries, default: "A"),
        ParameterSpec("chart", .text, help: .sieHelpChart),
    ])
    /// Each voucher's text describes the event it books, looked up by id.
    public var needsEventsByID: Bool { true }

    public func report(from books: Books, parameters: ReportParameters) throws -> ReportDocument {
        let (fundFile, output) = try make(from: books, parameters: parameters, head: nil)
        return SIEReport.document(fundFile, output: output, books: books, parameters.texts)
    }

    /// With the head, the document describes exactly the file `export` writes (its `#PROSA` included).
    public func report(from books: Books, parameters: ReportParameters, head: ReplayHead) throws -> ReportDocument {
        let (fundFile, output) = try make(from: books, parameters: parameters, head: head)
        return SIEReport.document(fundFile, output: output, books: books, parameters.texts)
    }

    /// The SIE file and its report for `parameters` (the plugin's own, as text), replayed from `store` within
    /// `bounds`; the document is stamped like `ReportHost.run` stamps it. Write `result.output.bytes` to the
    /// file unchanged: they are already code page 437 with CRLF line endings.
    public func export(
        store: any EventStore, parameters given: [String: String], bounds: ReplayBounds = .everything, batchSize: Int = 2000,
        language: ReportLanguage = .default
    ) async throws -> SIEExportResult {
        var parameters = try ReportParameters(validating: given, against: self.parameters, plugin: id)
        parameters.language = language
        let replay = try await LedgerReplay(store: store, batchSize: batchSize).run(LedgerProjection(retainingEvents: needsEventsByID), bounds: bounds)
        let (fundFile, output) = try make(from: replay.state, parameters: parameters, head: replay.head)
        var document = SIEReport.document(fundFile, output: output, books: replay.state, parameters.texts)
        ReportHost.stamp(&document, id: id, parameters: parameters, head: replay.head, bounds: bounds)
        return SIEExportResult(document: document, output: output, file: fundFile.file)
    }

    private func make(from books: Books, parameters: ReportParameters, head: ReplayHead?) throws -> (SIEFundFile, SIEOutput) {
        do {
            var chart = ChartOfAccounts.standard
            if let path = parameters.text("chart") {
                guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ReportError.plugin(id: id, message: "parameter chart: name the chart of accounts' file, or leave chart out for the standard one")
                }
                chart = try ChartOfAccounts.load(contentsOf: URL(fileURLWithPath: path))
            }
            let request = SIEExportRequest(
                fundID: parameters.text("fund") ?? "", fiscalYear: parameters.integer("year").map { Int($0) },
                from: parameters.date("from"), to: parameters.date("to"), series: parameters.text("series") ?? "A",
                chart: chart, head: head)
            let fundFile = try SIEFundExport.file(from: books, request: request)
            return (fundFile, try fundFile.file.render())
        } catch let error as SIEExportError {
            throw ReportError.plugin(id: id, message: error.description)
        } catch let error as ChartOfAccountsError {
            throw ReportError.plugin(id: id, message: error.description)
        }
    }
}

/// What `SIEExportPlugin.export` gives: the stamped report and the file.
public struct SIEExportResult: Sendable {
    public let document: ReportDocument
    /// The written file: `output.bytes` go to disk.
    public let output: SIEOutput
    /// The file's content before writing (vouchers, accounts, objects).
    public let file: SIEFile
}
