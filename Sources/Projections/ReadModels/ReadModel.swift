import EventStore
import FundLedger
import Memberwise
import Postgres

/// A set of SQL tables in schema `read_models`, kept up to date from the log by `ReadModelEngine`.
///
/// Its rows are a pure function of the events folded so far, so rebuilding gives the same tables (the
/// engine's checksum proves it) and a crash between batches loses nothing: the checkpoint commits with the
/// rows.
public protocol ReadModel: Sendable {
    /// A stable name (`balances`), the key of its checkpoint.
    var name: String { get }
    /// The version of the code that writes the rows. Bump it whenever the rows would come out differently;
    /// the engine then rebuilds the tables from the first event rather than mix old rows with new.
    var version: Int { get }
    /// Its tables, schema-qualified, in checksum order.
    var tables: [String] { get }
    /// A fresh writer.
    func makeWriter() -> any ReadModelWriter
    /// Statements that remove every row derived from events at or after `position` (1: everything).
    func resetStatements(from position: Int64) -> [PostgresQuery]
    /// Statements that put back what a reset from scratch took away to load faster (indexes), run when a run
    /// starts and when it has caught up; they do nothing when all is in place.
    var restoreStatements: [PostgresQuery] { get }
    /// Whether its rows are the fold's current state, rewritten rather than appended to. Such a model is
    /// written when a run's catch-up reaches its end and at the commit the fold's snapshot is taken at, not
    /// at every commit on the way: the rows written in between would be rewritten before anyone needs them.
    var holdsCurrentStateOnly: Bool { get }
}

extension ReadModel {
    public var restoreStatements: [PostgresQuery] { [] }
    public var holdsCurrentStateOnly: Bool { false }
}

/// The mutable half of a read model: notes what each event changed and says which rows to write. The fold
/// itself (`Books`: the ledger's state and postings) is shared by every read model of a run, so each event
/// is folded once however many read models there are. Lives in one task.
public protocol ReadModelWriter {
    /// Notes one domain event: `books` is the shared fold after it, `entries` the journal entries it made.
    mutating func observe(_ event: StoredLedgerEvent, books: Books, entries: [JournalEntry])
    /// The writes that bring the tables from the last drain to `books` (everything, after
    /// `markEverythingChanged`); afterwards nothing is pending.
    mutating func drainChanges(books: Books) -> ReadModelChanges
    /// The next drain rewrites every row this model keeps in state tables (after a reset).
    mutating func markEverythingChanged()
}

/// Rows to write, as plain data that can cross into a transaction.
public struct ReadModelChanges: Sendable {
    /// Run first, in order (deletes of rows about to be rewritten).
    public var statements: [PostgresQuery] = []
    /// Then these COPY blocks.
    public var copies: [CopyBlock] = []
    /// Then the COPY blocks this makes, called in the writing task (from a copy of the fold's state) while the
    /// fold goes on: for rows that take long to render.
    public var renderedWhileWriting: (@Sendable () -> [CopyBlock])?

    public init() {}

    public var isEmpty: Bool { statements.isEmpty && copies.allSatisfy(\.isEmpty) && renderedWhileWriting == nil }
}

/// The core read models, in the order `status` lists them.
public enum CoreReadModels {
    public static let all: [any ReadModel] = [BalancesReadModel(), PostingsReadModel()]

    /// The read model called `name`.
    public static func named(_ name: String) -> (any ReadModel)? { all.first { $0.name == name } }
}
