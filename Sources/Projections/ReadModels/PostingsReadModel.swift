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

    /// From scratch the rows are loaded without the table's indexes, which are built once the run has
    /// caught up (`restoreStatements`; schema/0022): maintained row by row they were a third of a rebuild.
    public func resetStatements(from position: Int64) -> [PostgresQuery] {
        position <= 1
            ? ["TRUNCATE read_models.postings", "SELECT read_models.suspend_postings_indexes()"]
            : ["DELETE FROM read_models.postings WHERE global_position >= \(position)"]
    }

    public var restoreStatements: [PostgresQuery] { ["SELECT read_models.restore_postings_indexes()"] }

    struct Writer: ReadModelWriter {
        var block = Self.emptyBlock()

        static func emptyBlock(capacity: Int = 0) -> CopyBlock {
            CopyBlock(table: "read_models.postings", capacity: capacity, columns: [
                "global_position", "line", "event_id", "event_type", "fund_id", "effective_date", "fiscal_year", "account",
                "account_number", "department", "initiative_id", "amount_ore", "currency", "rules_version"])
        }

        mutating func observe(_ event: StoredLedgerEvent, books: Books, entries: [JournalEntry]) {
            for entry in entries {
                for (line, posting) in entry.postings.enumerated() {
                    block.appendRow { row in
                        row.bigint(event.globalPosition)
                        row.integer(line + 1)
                        row.uuid(entry.eventID)
                        row.text(entry.eventType)
                        row.text(entry.fundID)
                        row.date(entry.effectiveDate)
                        row.integer(entry.effectiveDate.year)
                        row.text(posting.account.rawValue)
                        row.text(posting.account.number)
                        row.text(posting.department)
                        row.text(posting.initiative)
                        row.bigint(posting.amount.ore)
                        row.text(posting.amount.currency.code)
                        row.integer(entry.rulesVersion)
                    }
                }
            }
        }

        mutating func markEverythingChanged() {}

        mutating func drainChanges(books: Books) -> ReadModelChanges {
            var changes = ReadModelChanges()
            if !block.isEmpty { changes.copies = [block] }
            // The next commit's rows are about as many: room for them up front, not by doubling.
            block = Self.emptyBlock(capacity: block.bytes.count)
            return changes
        }
    }
}
