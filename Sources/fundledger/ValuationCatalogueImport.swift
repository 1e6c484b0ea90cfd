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
            let currency = try ValuationInput.currency(currency, "--currency")
            let entries = try CatalogueFile.read(text, source: source, currency: currency)
            guard !entries.isEmpty else {
                throw UserError(description: "\(source) holds no catalogue rows; nothing was written", exitCode: ExitStatus.badInput)
            }
            guard entries.count <= AppendLimits.eventCountMax else {
                throw UserError(description: "\(source) holds \(entries.count) entries, more than the \(AppendLimits.eventCountMax) one transaction may hold; split it; nothing was written", exitCode: ExitStatus.badInput)
            }
            let recorder = ValuationRecorder(recording)
            let date = try recorder.effectiveDate
            let base = try recorder.commandID
            let envelopes = try entries.enumerated().map { index, entry in
                let command = ValuationCommand.recordUnitCost(organisationID: organisation, entry.entry)
                // Derived from the content, so rerunning the same file (on the same effective date) is a retry.
                let id = base.map { DeterministicID.derived(from: $0, index: index) }
                    ?? DeterministicID.uuid(parts: ["fundledger.cli.valuation-catalogue.v1", "\(date)", String(reflecting: command)])
                return (Optional(entry.label), try recorder.envelope(command, id: id))
            }
            try await recorder.recordAll(envelopes)
        }
    }
}

/// A unit-cost catalogue in CSV, read whole (every row checked) before anything is recorded.
enum CatalogueFile {
    static let columns = ["outcome", "description", "unit", "kind", "cost", "price_year", "source", "actor", "amount", "cashable"]
    static let required: Set = ["outcome", "description", "unit", "cost", "price_year", "source", "actor", "amount"]
    /// Columns that belong to the entry, not the share: every row of an outcome must agree on them.
    static let entryColumns = ["description", "unit", "kind", "cost", "price_year", "source"]

    /// One entry and how messages name it: `outcome placering (rows 1–3)`.
    struct Entry {
        var label: String
        var entry: UnitCostRecorded
    }

    static func read(_ text: String, source: String, currency: Currency) throws -> [Entry] {
        let table: DelimitedText
        do { table = try DelimitedText.parse(text) } catch {
            throw UserError(description: "\(source): \(error); nothing was written", exitCode: ExitStatus.badInput)
        }
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let unknown = header.first(where: { !columns.contains($0) }) {
            throw UserError(description: "\(source), line \(table.headerLine): unknown column \"\(unknown)\"; the columns are \(columns.joined(separator: ", ")); nothing was written", exitCode: ExitStatus.badInput)
        }
        if let missing = columns.first(where: { required.contains($0) && !header.contains($0) }) {
            throw UserError(description: "\(source), line \(table.headerLine): the column \(missing) is missing; nothing was written", exitCode: ExitStatus.badInput)
        }
        var order: [String] = []
        var grouped: [String: (first: [String: String], rows: [Int], entry: UnitCostRecorded)] = [:]
        for row in table.rows {
            func fail(_ column: String, _ reason: String) -> UserError {
                UserError(description: "\(source), row \(row.number) (line \(row.line)), column \(column): \(reason); nothing was written", exitCode: ExitStatus.badInput)
            }
            guard row.fields.count <= header.count else { throw fail(header.last ?? "", "the row has \(row.fields.count) fields, the header \(header.count)") }
            var values: [String: String] = [:]
            for (index, column) in header.enumerated() {
                values[column] = index < row.fields.count ? row.fields[index].trimmingCharacters(in: .whitespaces) : ""
            }
            for column in columns where required.contains(column) && (values[column] ?? "").isEmpty { throw fail(column, "required") }
            let amount: Money
            do { amount = try Money.parse(values["amount"]!, currency: currency) } catch { throw fail("amount", "\(error)") }
            let cashable: Bool
            switch (values["cashable"] ?? "").lowercased() {
            case "", "yes", "ja", "true", "1": cashable = true
            case "no", "nej", "false", "0": cashable = false
            case let other: throw fail("cashable", "\"\(other)\" is not yes or no")
            }
            let share = CostShare(actor: values["actor"]!, amount: amount, cashable: cashable)
            let outcome = values["outcome"]!
            if var group = grouped[outcome] {
                for column in entryColumns where (group.first[column] ?? "") != (values[column] ?? "") {
                    throw fail(column, "\"\(values[column] ?? "")\" differs from row \(group.rows[0])'s \"\(group.first[column] ?? "")\" for the same outcome \(outcome)")
                }
                group.rows.append(row.number)
                group.entry.split.append(share)
                grouped[outcome] = group
                continue
            }
            let cost: Money
            do { cost = try Money.parse(values["cost"]!, currency: currency) } catch { throw fail("cost", "\(error)") }
            guard let priceYear = Int(values["price_year"]!) else { throw fail("price_year", "\"\(values["price_year"]!)\" is not a year") }
            let kind = (values["kind"] ?? "").isEmpty ? ValueKind.fiscal : ValueKind(rawValue: values["kind"]!.lowercased())
            guard let kind else { throw fail("kind", "\"\(values["kind"]!)\" is not fiscal, economic or social") }
            order.append(outcome)
            grouped[outcome] = (values, [row.number], UnitCostRecorded(
                outcomeID: outcome, description: values["description"]!, unit: values["unit"]!, kind: kind, cost: cost, split: [share],
                source: values["source"]!, priceYear: priceYear))
        }
        return order.map { outcome in
            let group = grouped[outcome]!
            let rows = group.rows.count == 1 ? "row \(group.rows[0])" : "rows \(group.rows.map(String.init).joined(separator: ", "))"
            return Entry(label: "outcome \(outcome) (\(rows))", entry: group.entry)
        }
    }
}
