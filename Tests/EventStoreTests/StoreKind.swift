import EventStore
import TestSupport

/// The two stores every contract test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with a new, empty store of this kind (a fresh database for PostgreSQL).
    func withStore<T: Sendable>(_ body: (any EventStore) async throws -> T) async throws -> T {
        switch self {
        case .inMemory:
            return try await body(InMemoryEventStore())
        case .postgres:
            return try await TestDatabase.withMigrated { database in try await body(database.store) }
        }
    }
}

import Testing
