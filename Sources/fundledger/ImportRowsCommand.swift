import Recording
import ArgumentParser
import Foundation
import Yams

/// `fundledger import-rows`: rows exported from an accounting system, recorded all or none.
struct ImportRowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-rows",
        abstract: "Record a CSV or JSON-lines file of disbursements, savings, repayments, … all or none (docs/recording.md).",
        discussion: """
            CSV: a header row naming the columns, `;`, `,` or tab separated (detected from the header), RFC 4180 \
            quoting, UTF-8 with or without a byte-order mark, amounts Swedish (1 500 000,00) or plain (1500000.00). \
            JSON lines: one object per line with the same names. Every row is read first; one bad row rejects \
            the file, naming its row, line and column. Rerunning the same file is a retry, not a second booking.

            Columns per kind (* required); every kind also takes \(RowKind.commonColumns.joined(separator: ", ")):
            \(RowKind.allCases.map { "  \($0.rawValue): \($0.ownColumns)" }.joined(separator: "\n"))
            """)

    @Option(help: "What the rows are: \(RowKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: RowKind
    @Argument(help: "The file: .csv (or .tsv, .txt) or .jsonl; otherwise detected from the content. '-' reads stdin.")
    var file: String
    @Option(help: "The fund every row belongs to (a fund column overrides it).")
    var fund: String?
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let source = file == "-" ? "stdin" : file
            let text = try utf8Text(try readInput(file), source: source)
            var pending = try RowFile.read(text, kind: kind, source: source, path: file)
            if let fund {
                guard !fund.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw UserError(description: "--fund is empty; name the fund every row belongs to", exitCode: ExitStatus.usage)
                }
                for index in pending.indices { pending[index].input.setDefault("fund", .text(fund)) }
            } else if let row = pending.first(where: { !$0.input.has("fund") }) {
                throw UserError(description: "\(row.label): no fund; pass --fund or add a fund column; nothing was written", exitCode: ExitStatus.usage)
            }
            try await recording.recordBatch(pending, source: source)
        }
    }
}

extension RowKind: ExpressibleByArgument {}
