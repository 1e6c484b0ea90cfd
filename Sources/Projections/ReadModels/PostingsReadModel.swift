import EventStore
import FundLedger
import Postgres

/// `read_models.postings` (and the `trial_balance` view over it): every journal line of the books, one row
/// per posting, appended as events arrive.
public struct PostingsReadModel: ReadModel {
    public init() {}
    public var name: String { "postings" }
    /// Follows the posting rules: new rules mean new rows.
    public var version: Int { Books.rulesVersion }
    public var tables: [String] { ["read_models.postings"] }

    public func makeWriter() -> any ReadModelWriter { Writer() }

    public func resetStatements(from position: Int64) -> [PostgresQuery] {
        position <= 1
            ? ["TRUNCATE read_models.postings"]
            : ["DELETE FROM read_models.postings WHERE global_position >= \(position)"]
    }

    struct Writer: ReadModelWriter {
        var block = Self.emptyBlock()

        static func emptyBlock() -> CopyBlock {
            CopyBlock(table: "read_models.postings", columns: [
                "global_position", "line", "event_id", "event_type", "fund_id", "effective_date", "fiscal_year", "account",
                "account_number", "department", "initiative_id", "amount_ore", "currency", "rules_version"])
        }

        mutating func observe(_ event: StoredLedgerEvent, books: Books, entries: [JournalEntry]) {
            for entry in entries {
                for (line, posting) in entry.postings.enumerated() {
                    block.append([
                        String(event.globalPosition), String(line + 1), entry.eventID.uuidString.lowercased(), entry.eventType,
                        entry.fundID, entry.effectiveDate.description, String(entry.effectiveDate.year), posting.account.rawValue,
                        posting.account.number, posting.department, posting.initiative, String(posting.amount.ore),
                        posting.amount.currency.code, String(entry.rulesVersion),
                    ])
                }
            }
        }

        /// Postings are history, not state: nothing to rewrite beyond what the reset removed.
        mutating func markEverythingChanged() {}

        mutating func drainChanges(books: Books) -> ReadModelChanges {
            var changes = ReadModelChanges()
            if !block.rows.isEmpty { changes.copies = [block] }
            block = Self.emptyBlock()
            return changes
        }
    }
}
