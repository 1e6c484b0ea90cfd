import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

/// `LedgerService` on its own: retries, concurrency, and what it reads.
@Suite("Ledger service")
struct ServiceTests {
    @Test("retrying a recorded command writes nothing new", arguments: StoreKind.allCases)
    func idempotentRetry(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let envelope = CommandEnvelope(.contributeCapital(fundID: ledger.fundID, amount: kr(1_000), source: "KF"), actor: "a", effectiveDate: day("2025-02-01"))
            let first = try await ledger.service.record(envelope)
            #expect(!first.wasAlreadyRecorded)
            #expect(first.appended.count == 1)
            let head = try await store.head()
            let second = try await ledger.service.record(envelope)
            #expect(second.wasAlreadyRecorded)
            #expect(try await store.head() == head)
            #expect(try await ledger.fund().contributed == kr(40_001_000))
        }
    }

    @Test("a writer that got in between reading and appending makes the command decide again")
    func concurrentWriterIsNotOverlooked() async throws {
        let inner = InMemoryEventStore()
        let setup = try await LedgerFixture.start(on: inner)
        try await setup.grant("i1", kr(5_000_000), on: day("2025-02-01"))

        // Someone disburses 4 000 000 after this service has read the fund, before it appends.
        let store = InterleavingStore(inner)
        await store.interfere { store in
            try await LedgerFixture(service: LedgerService(store: store), fundID: setup.fundID).disburse("i1", kr(4_000_000), on: day("2025-03-01"))
        }
        let ledger = LedgerFixture(service: LedgerService(store: store), fundID: setup.fundID)
        let refusal = await #expect(throws: LedgerRuleError.self) {
            try await ledger.disburse("i1", kr(3_000_000), to: "SOC", on: day("2025-03-01"))
        }
        #expect(refusal?.rule == LedgerRule.overDisbursement.description)
        #expect(await store.interfered)
        let initiative = try await setup.initiative("i1")
        #expect(initiative.disbursed == kr(4_000_000), "only the other writer's disbursement stands")
        #expect(initiative.disbursed <= initiative.granted)
    }

    @Test("commands on one fund from many tasks never break the grant", arguments: StoreKind.allCases)
    func concurrentDisbursements(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
            // Ten tasks each try to disburse 300 000 of a 1 000 000 grant: at most three can succeed.
            let outcomes = await withTaskGroup(of: String.self) { group in
                for task in 0..<10 {
                    group.addTask {
                        do {
                            try await ledger.disburse("i1", kr(300_000), to: task.isMultiple(of: 2) ? "BUN" : "SOC", on: day("2025-03-01"))
                            return "ok"
                        } catch let error as LedgerRuleError {
                            return error.rule
                        } catch {
                            return "conflict"  // lost the race more often than the service retries
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            let disbursed = try await ledger.initiative("i1").disbursed
            #expect(disbursed <= kr(1_000_000))
            #expect(disbursed == kr(300_000 * Int64(outcomes.filter { $0 == "ok" }.count)))
            #expect(outcomes.allSatisfy { ["ok", "over-disbursement", "conflict"].contains($0) })
            try await ledger.expectBooksAgree()
        }
    }
}

/// An in-memory store that lets another writer append once, right after a reader has reached the end of
/// the log or of a stream (so between a service's reading the ledger and its append).
actor InterleavingStore: EventStore {
    let inner: InMemoryEventStore
    private var interference: (@Sendable (any EventStore) async throws -> Void)?
    private(set) var interfered = false

    init(_ inner: InMemoryEventStore) { self.inner = inner }

    func interfere(_ body: @escaping @Sendable (any EventStore) async throws -> Void) { interference = body }

    func append(_ events: [NewEvent], expectations: [String: ExpectedVersion]) async throws -> [AppendedEvent] {
        try await inner.append(events, expectations: expectations)
    }

    func readStream(_ streamID: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        let batch = try await inner.readStream(streamID, fromVersion: fromVersion, limit: limit)
        // The service reads only the streams its commands depend on: interfere once a stream is read to its end.
        if batch.count < limit, let interference {
            self.interference = nil
            try await interference(inner)
            interfered = true
        }
        return batch
    }

    func readAll(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        let batch = try await inner.readAll(after: position, limit: limit)
        if batch.isEmpty, let interference {
            self.interference = nil
            try await interference(inner)
            interfered = true
        }
        return batch
    }

    func head() async throws -> LedgerHead { try await inner.head() }

    func read(eventIDs: [UUID]) async throws -> [RecordedEvent] { try await inner.read(eventIDs: eventIDs) }

    func streamVersion(_ streamID: String) async throws -> Int64? {
        try await inner.streamVersion(streamID)
    }

    func waitForAppends(after position: Int64, timeout: Duration) async throws {
        try await inner.waitForAppends(after: position, timeout: timeout)
    }
}
