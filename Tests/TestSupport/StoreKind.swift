import EventStore

/// The two stores the contract and domain tests run against: the same test, in memory and on PostgreSQL.
public enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case inMemory
    case postgres

    public var description: String { rawValue }

    /// Runs `body` with a new, empty store of this kind (a fresh migrated database for PostgreSQL).
    public func withStore<T: Sendable>(_ body: (any EventStore) async throws -> T) async throws -> T {
        switch self {
        case .inMemory:
            return try await body(InMemoryEventStore())
        case .postgres:
            return try await TestDatabase.withMigrated { database in try await body(database.store) }
        }
    }
}
