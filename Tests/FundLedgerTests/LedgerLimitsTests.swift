import EventStore
import Foundation
import Testing
import TestSupport

@testable import FundLedger

/// `LedgerLimits`: no amount above the limit and no stream past its turnover limit is read, folded or
/// recorded, whoever wrote the events, so no sum can overflow (a trap that stopped replays, reports and
/// the server before).
@Suite("Ledger limits: one amount and a stream's turnover")
struct LedgerLimitsTests {
    static let amountMax = LedgerLimits.amountOreMax

    /// `count` contributions of `ore` each to the fixture's fund, appended raw (no command checks them).
    static func appendRaw(_ ore: Int64, count: Int, to ledger: LedgerFixture) async throws {
        let events = try (0..<count).map { _ in
            try EventCoding.newEvent(
                .capitalContributed(CapitalContributed(amount: .sek(ore), source: "raw")), stream: LedgerStreams.fund(ledger.fundID),
                metadata: EventMetadata(actor: "admin"), effectiveDate: day("2025-03-01"), organisationID: LedgerFixture.organisationID)
        }
        _ = try await ledger.store.append(events, expectations: [:])
    }

    @Test("a stored amount above the limit is unreadable, and both decoders agree", arguments: [
        amountMax + 1, -amountMax - 1, Int64.max, Int64.min,
    ])
    func amountAboveLimit(_ ore: Int64) async throws {
        let records = try await PayloadDecodingTests.records([.capitalContributed(CapitalContributed(amount: .sek(ore), source: "x"))])
        let record = try #require(records.first)
        let error = try #require(throws: UnreadableEventError.self) { try EventCoding.decode(record) }
        #expect(error.reason.contains("beyond the ledger's limit of 10 000 000 000 000,00 for one amount"), "\(error)")
        #expect(throws: UnreadableEventError.self) { try EventCoding.decodeWithCodable(record) }
    }

    @Test("an event's magnitude is the sum of every amount it carries, nested ones included")
    func magnitudeCountsEveryAmount() async throws {
        var policy = FundPolicy()
        policy.maximumAmountPerYear = .sek(7)
        let application = ApplicationSubmitted(
            initiativeID: "i", title: "t", departments: ["BUN"], targetGroup: "g", priorityArea: "p",
            requestedPerYear: [YearAmount(year: 2025, amount: .sek(100)), YearAmount(year: 2026, amount: .sek(-20))],
            coFinancing: .sek(3), expectedSavings: [ExpectedSaving(department: "SOC", year: 2027, amount: .sek(1_000))])
        let events: [LedgerEvent] = [.applicationSubmitted(application), .fundPolicyChanged(FundPolicyChanged(policy: policy))]
        let records = try await PayloadDecodingTests.records(events)
        let decoded = try records.map { try #require(try EventCoding.decode($0)) }
        #expect(decoded.map(\.moneyMagnitude) == [1_123, 7])
        #expect(try events.map { try EventCoding.moneyMagnitude(of: $0) } == [1_123, 7])
        #expect(try records.map { try EventCoding.decodeWithCodable($0)?.moneyMagnitude } == [1_123, 7])
    }

    @Test("a stream's turnover stops at the limit, counts nothing when it refuses, and streams count apart")
    func turnover() throws {
        func event(_ stream: String, _ magnitude: Int64, at position: Int64) -> StoredLedgerEvent {
            StoredLedgerEvent(
                event: .capitalContributed(CapitalContributed(amount: .sek(magnitude), source: "x")), metadata: EventMetadata(actor: "a"),
                eventID: UUID(), streamID: stream, globalPosition: position, recordedAt: Timestamp(microsecondsSinceEpoch: 0),
                effectiveDate: day("2025-01-01"), moneyMagnitude: magnitude)
        }
        var turnover = StreamTurnover()
        for position in 1...100 { try turnover.admit(event("fund-a", Self.amountMax, at: Int64(position))) }
        #expect(turnover.byStream["fund-a"] == LedgerLimits.streamTurnoverOreMax)
        let refusal = try #require(throws: UnreadableEventError.self) { try turnover.admit(event("fund-a", 1, at: 101)) }
        #expect(refusal.globalPosition == 101 && refusal.reason.contains("fund-a"), "\(refusal)")
        #expect(turnover.byStream["fund-a"] == LedgerLimits.streamTurnoverOreMax)
        try turnover.admit(event("fund-b", Self.amountMax, at: 102))
        #expect(throws: UnreadableEventError.self) { try turnover.admit(event("fund-c", .max, at: 103)) }
        #expect(turnover.byStream["fund-c"] == nil)
    }

    @Test("commands refuse what would take a stream past its turnover; raw events past it stop every fold", arguments: StoreKind.allCases)
    func streamPastItsTurnover(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            var ledger = try await LedgerFixture.start(on: store, capital: nil)
            // 99 raw contributions and one by command reach the limit exactly: still readable.
            try await Self.appendRaw(Self.amountMax, count: 99, to: ledger)
            try await ledger.contribute(Money(ore: Self.amountMax, currency: .sek), on: day("2025-03-02"))
            #expect(try await ledger.fund().contributed.ore == LedgerLimits.streamTurnoverOreMax)
            let refused = try await #require(throws: LedgerRuleError.self) { try await ledger.contribute(.sek(1), on: day("2025-03-03")) }
            #expect(refused.rule == "amount-limit" && refused.message.contains("fund-\(ledger.fundID)"), "\(refused)")

            // One more öre appended raw: every fold stops at it with its position instead of trapping.
            try await Self.appendRaw(1, count: 1, to: ledger)
            let head = try await store.head().position
            let unreadable = try await #require(throws: UnreadableEventError.self) { try await ledger.service.loadState() }
            #expect(unreadable.globalPosition == head, "\(unreadable)")
            await #expect(throws: UnreadableEventError.self) { try await ledger.contribute(.sek(1), on: day("2025-03-04")) }
            // With snapshots (a fresh service folds, saves and resumes): the snapshot's turnover counts on.
            ledger = LedgerFixture(service: LedgerService(store: store), fundID: ledger.fundID)
            await #expect(throws: UnreadableEventError.self) { try await ledger.service.loadState(streams: [LedgerStreams.fund(ledger.fundID)]) }
        }
    }

    @Test("a snapshot keeps each stream's turnover, so a fold resumed from it refuses what a whole fold refuses")
    func snapshotKeepsTurnover() async throws {
        let store = InMemoryEventStore()
        var ledger = try await LedgerFixture.start(on: store, capital: nil)
        try await Self.appendRaw(Self.amountMax, count: 99, to: ledger)
        var service = LedgerService(store: store)
        service.snapshotInterval = 10
        ledger = LedgerFixture(service: service, fundID: ledger.fundID)
        let stream = LedgerStreams.fund(ledger.fundID)
        // The fold saves a snapshot of the fund's 100 events; the next command resumes from it.
        let (state, _) = try await service.loadState(streams: [stream])
        #expect(state.turnover.byStream[stream] == 99 * Self.amountMax)
        let snapshot = try #require(try await store.snapshot(of: stream, format: LedgerState.snapshotFormat))
        #expect(try LedgerState(snapshotBytes: snapshot.state).turnover.byStream[stream] == 99 * Self.amountMax)
        try await ledger.contribute(Money(ore: Self.amountMax, currency: .sek), on: day("2025-03-02"))
        await #expect(throws: LedgerRuleError.self) { try await ledger.contribute(.sek(1), on: day("2025-03-03")) }
    }

    @Test("a snapshot holding a number no ledger within its limits reaches is refused as forged")
    func forgedSnapshotNumber() throws {
        var state = LedgerState()
        state.apply(StoredLedgerEvent(
            event: .fundEstablished(FundEstablished(fundID: "f", organisationID: "o", name: "F", currency: .sek, policy: FundPolicy())),
            metadata: EventMetadata(actor: "a"), eventID: UUID(), streamID: "fund-f", globalPosition: 1,
            recordedAt: Timestamp(microsecondsSinceEpoch: 0), effectiveDate: day("2025-01-01")))
        state.funds["f"]?.contributed = .sek(Int64(SnapshotReader.ledgerMagnitudeMax))
        #expect(try LedgerState(snapshotBytes: state.snapshotBytes()).funds["f"]?.contributed == state.funds["f"]?.contributed)
        state.funds["f"]?.contributed = .sek(Int64(SnapshotReader.ledgerMagnitudeMax) + 1)
        #expect(throws: SnapshotCodingError.self) { try LedgerState(snapshotBytes: state.snapshotBytes()) }
        state.funds["f"]?.contributed = .sek(.min)
        #expect(throws: SnapshotCodingError.self) { try LedgerState(snapshotBytes: state.snapshotBytes()) }
    }

    @Test("a command refuses any amount a replay could not read back, nested ones included")
    func commandAmountsAreReadable() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore())
        var policy = FundPolicy()
        policy.maximumAmountPerYear = Money(ore: Self.amountMax + 1, currency: .sek)
        let refused = try await #require(throws: LedgerRuleError.self) {
            try await ledger.record(.changePolicy(fundID: ledger.fundID, policy: policy), on: day("2025-02-01"))
        }
        #expect(refused.rule == "amount-limit", "\(refused)")
        #expect(try await ledger.fund().policy.maximumAmountPerYear == nil)
    }

    @Test("a repayment horizon past the calendar ends on its last day, through commands as through raw events")
    func horizonPastTheCalendar() async throws {
        #expect(day("2025-03-01").adding(years: 8_000) == day("9999-12-31"))
        #expect(day("2025-03-01").adding(years: .max) == day("9999-12-31"))
        #expect(day("2025-03-01").adding(years: -3_000) == day("0001-01-01"))
        #expect(day("2024-02-29").adding(years: 1) == day("2025-02-28"))
        // A command accepts any horizon of a year or more; dues on a saving under one of 8 000 years accrue.
        let policy = FundPolicy(repaymentModel: .shareOfSavings(share: rate("0.5"), cap: .disbursed, horizonYears: 8_000))
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore(), policy: policy)
        try await ledger.grant("i1", kr(1_000_000), on: day("2025-02-01"))
        try await ledger.disburse("i1", kr(1_000_000), on: day("2025-02-02"))
        try await ledger.realiseSaving("s1", "i1", in: "SOC", kr(400_000), year: 2025, on: day("2026-01-15"))
        #expect(try await ledger.initiative("i1").dues.total == kr(200_000).ore)
    }
}

