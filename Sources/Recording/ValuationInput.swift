import EventStore
import Foundation
import FundLedger

/// Reading valuation options: each failure names the option (or column) and exits 65, nothing written.
public enum ValuationInput {
    public static func bad(_ field: String, _ reason: String) -> UserError {
        UserError(description: "\(field): \(reason); nothing was written", exitCode: ExitStatus.badInput)
    }

    public static func currency(_ code: String, _ field: String) throws -> Currency {
        guard let currency = Currency(code.uppercased()) else { throw bad(field, "\"\(code)\" is not a currency code such as SEK") }
        return currency
    }

    public static func money(_ text: String, _ currency: Currency, _ field: String) throws -> Money {
        do { return try Money.parse(text, currency: currency) } catch { throw bad(field, "\(error)") }
    }

    /// A decimal or a percentage, with a decimal point or comma: `0.035`, `3,5%`.
    public static func decimal(_ text: String) -> Rate? { Rate(text) }

    public static func kind(_ text: String, _ field: String) throws -> ValueKind {
        guard let kind = ValueKind(rawValue: text.lowercased()) else {
            throw bad(field, "\"\(text)\" is not fiscal, economic or social")
        }
        return kind
    }

    /// `ACTOR=AMOUNT` or `ACTOR=AMOUNT:non-cashable`.
    public static func share(_ text: String, _ currency: Currency, _ field: String) throws -> CostShare {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw bad(field, "\"\(text)\" is not ACTOR=AMOUNT, e.g. kommun=900000")
        }
        var amount = parts[1]
        var cashable = true
        if amount.hasSuffix(":non-cashable") {
            cashable = false
            amount.removeLast(":non-cashable".count)
        }
        return CostShare(actor: parts[0].trimmingCharacters(in: .whitespaces), amount: try money(amount, currency, field), cashable: cashable)
    }
}

extension LedgerService {
    /// The stored records of events by id, read from their streams (for printing what was recorded).
    public func loadValuationRecords(ids: [UUID]) async throws -> [UUID: RecordedEvent] {
        let wanted = Set(ids)
        var found: [UUID: RecordedEvent] = [:]
        var after: Int64 = max(try await store.head().position - Int64(max(ids.count, 1)) - 1, 0)
        // Recorded just now (or by the retried run): look back from the head first, then everything.
        for _ in 0..<2 {
            while true {
                let batch = try await store.readAll(after: after, limit: 2000)
                guard let last = batch.last else { break }
                for record in batch where wanted.contains(record.eventID) { found[record.eventID] = record }
                after = last.globalPosition
            }
            if found.count == wanted.count { break }
            after = 0
        }
        return found
    }
}

/// A unit-cost catalogue in CSV, read whole (every row checked) before anything is recorded.
public enum CatalogueFile {
    public static let columns = ["outcome", "description", "unit", "kind", "cost", "price_year", "source", "actor", "amount", "cashable"]
    public static let required: Set = ["outcome", "description", "unit", "cost", "price_year", "source", "actor", "amount"]
    /// Columns that belong to the entry, not the share: every row of an outcome must agree on them.
    static let entryColumns = ["description", "unit", "kind", "cost", "price_year", "source"]

    /// One entry and how messages name it: `outcome placering (rows 1–3)`.
    public struct Entry: Sendable {
        public var label: String
        public var entry: UnitCostRecorded
    }

    public static func read(_ text: String, source: String, currency: Currency) throws -> [Entry] {
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
