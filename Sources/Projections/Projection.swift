import EventStore
import FundLedger

/// A deterministic fold over the ledger's domain events: an initial state and a function that applies one
/// event. The same events in the same order always give the same state, which is what makes replays,
/// rebuilds and past reports reproducible.
public protocol Projection: Sendable {
    /// What the fold builds.
    associatedtype State: Sendable

    /// A stable name (`ledger`, `audit-trail`).
    var name: String { get }

    /// The state before any event.
    func initialState() -> State

    /// Applies one event (events arrive in global-position order).
    func apply(_ event: StoredLedgerEvent, to state: inout State)
}

/// A projection made of two closures: handy for plugins whose fold is a few lines.
public struct Fold<State: Sendable>: Projection {
    public let name: String
    private let initial: @Sendable () -> State
    private let step: @Sendable (StoredLedgerEvent, inout State) -> Void

    public init(
        name: String, initial: @escaping @Sendable () -> State,
        apply: @escaping @Sendable (StoredLedgerEvent, inout State) -> Void
    ) {
        self.name = name
        self.initial = initial
        self.step = apply
    }

    public func initialState() -> State { initial() }
    public func apply(_ event: StoredLedgerEvent, to state: inout State) { step(event, &state) }
}

/// The core fold every built-in report starts from: the ledger's state and its double-entry books.
///
/// By default the state keeps every event (reports look events up by id); `retainingEvents: false` keeps
/// none, so a replay of millions of events needs memory for the funds and initiatives only.
public struct LedgerProjection: Projection {
    public let retainingEvents: Bool
    /// Whether the books journal every event's postings (`Books.journals`); false keeps the state only.
    public let journaling: Bool
    public init(retainingEvents: Bool = true, journaling: Bool = true) {
        self.retainingEvents = retainingEvents
        self.journaling = journaling
    }
    public var name: String { "ledger" }
    public func initialState() -> Books { Books(retainingEvents: retainingEvents, journaling: journaling) }
    public func apply(_ event: StoredLedgerEvent, to state: inout Books) { state.record(event) }
}
