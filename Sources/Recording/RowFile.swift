import Foundation
import FundLedger

/// The kinds of rows `import-rows` reads, each recorded as one command per row.
public enum RowKind: String, CaseIterable, Sendable {
    case disbursements, savings, attributions, repayments, waivers
    case coFinancing = "co-financing"
    case outcomes

    public var command: CommandKind {
        switch self {
        case .disbursements: CommandCatalog.disburse
        case .savings: CommandCatalog.realiseSaving
        case .attributions: CommandCatalog.attributeSaving
        case .repayments: CommandCatalog.receiveRepayment
        case .waivers: CommandCatalog.waiveRepayment
        case .coFinancing: CommandCatalog.coFinance
        case .outcomes: CommandCatalog.measure
        }
    }

    /// The columns a file of this kind must have.
    var requiredColumns: [String] {
        switch self {
        case .disbursements: ["initiative", "amount", "department", "voucher"]
        case .savings: ["saving", "initiative", "department", "amount", "period_start", "period_end", "evidence", "cashable"]
        case .attributions: ["saving", "department", "share"]
        case .repayments: ["initiative", "department", "amount"]
        case .waivers: ["initiative", "department", "amount", "decision_ref"]
        case .coFinancing: ["initiative", "amount", "contributor"]
        case .outcomes: ["initiative", "indicator", "value", "period"]
        }
    }

    /// Columns a file of this kind may have besides the required ones: the command's other fields and the
    /// metadata every command takes.
    var optionalColumns: [String] {
        (command.fields + CommandField.metadata).map(\.name).filter { !requiredColumns.contains($0) }
    }

    /// `initiative*, amount*, …, fund, effective_date, …` (* required).
    var columnSummary: String {
        (requiredColumns.map { $0 + "*" } + optionalColumns).joined(separator: ", ")
    }

    /// The columns particular to this kind (every kind also takes `commonColumns`).
    public var ownColumns: String {
        (requiredColumns.map { $0 + "*" } + optionalColumns.filter { !Self.commonColumns.contains($0) }).joined(separator: ", ")
    }

    public static let commonColumns = ["fund"] + CommandField.metadata.map(\.name)
}

/// Reads CSV or JSON-lines rows into commands.
public enum RowFile {
    public static func read(_ text: String, kind: RowKind, source: String, path: String) throws -> [PendingCommand] {
        let lowered = path.lowercased()
        let isJSONLines = lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson")
            || (!lowered.hasSuffix(".csv") && !lowered.hasSuffix(".tsv") && !lowered.hasSuffix(".txt")
                && text.first(where: { !$0.isWhitespace }) == "{")
        let rows = isJSONLines ? try jsonLines(text, kind: kind, source: source) : try csv(text, kind: kind, source: source)
        guard rows.count <= Recorder.batchCommandCountMax else {
            throw UserError(
                description: "\(source) has \(rows.count) rows, more than the \(Recorder.batchCommandCountMax) one import may hold; split it; nothing was written",
                exitCode: ExitStatus.badInput)
        }
        return rows
    }

    static func csv(_ text: String, kind: RowKind, source: String) throws -> [PendingCommand] {
        let table: DelimitedText
        do {
            table = try DelimitedText.parse(text)
        } catch {
            throw UserError(description: "\(source) \(error); nothing was written", exitCode: ExitStatus.badInput)
        }
        func headerError(_ reason: String) -> UserError {
            UserError(description: "\(source) line \(table.headerLine) (header): \(reason); nothing was written", exitCode: ExitStatus.badInput)
        }
        let columns = table.header.map(FieldInput.canonical)
        let known = Set(kind.requiredColumns + kind.optionalColumns)
        for (index, column) in columns.enumerated() {
            guard !column.isEmpty else { throw headerError("column \(index + 1) has no name") }
            guard known.contains(column) else {
                throw headerError("column \(table.header[index]) is not a column of \(kind.rawValue); the columns are \(kind.columnSummary) (* required)")
            }
            if columns[..<index].contains(column) { throw headerError("column \(column) appears twice") }
        }
        if let missing = kind.requiredColumns.first(where: { !columns.contains($0) }) {
            throw headerError("column \(missing) is missing; \(kind.rawValue) need \(kind.requiredColumns.joined(separator: ", "))")
        }
        return try table.rows.map { row in
            let label = "row \(row.number) (line \(row.line))"
            guard row.fields.count == columns.count else {
                throw UserError(
                    description: "\(label): \(row.fields.count) fields, but the header has \(columns.count) (separator \(row.fields.count < columns.count ? "missing" : "inside an unquoted field")?); nothing was written",
                    exitCode: ExitStatus.badInput)
            }
            var values: [String: FieldValue] = [:]
            for (column, cell) in zip(columns, row.fields) where !cell.trimmingCharacters(in: .whitespaces).isEmpty {
                values[column] = .text(cell)
            }
            return PendingCommand(label: label, kind: kind.command, input: FieldInput(values, origin: .document(label, noun: "column")))
        }
    }

    static func jsonLines(_ text: String, kind: RowKind, source: String) throws -> [PendingCommand] {
        var pending: [PendingCommand] = []
        let known = Set(kind.requiredColumns + kind.optionalColumns)
        // "\r\n" is one Character: a file written on Windows splits on it too.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let label = "row \(pending.count + 1) (line \(offset + 1))"
            let origin = FieldOrigin.document(label, noun: "field")
            guard case .mapping(let mapping)? = try CommandFile.parse(line, source: label, isJSON: true) else {
                throw origin.error("expected one JSON object per line")
            }
            let values = try CommandFile.fields(mapping, origin: origin)
            if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
                throw origin.error(unknown, "not a field of \(kind.rawValue); the fields are \(kind.columnSummary) (* required)")
            }
            pending.append(PendingCommand(label: label, kind: kind.command, input: FieldInput(values, origin: origin)))
        }
        return pending
    }
}
