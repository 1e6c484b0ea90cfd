import EventStore
import Foundation
import Testing
import TestSupport

@testable import FundLedger

/// `SkippedEvents` and `LedgerService.skipUnreadable`: an administrator's skip lets folds pass an unreadable
/// event, and only an unreadable one.
@Suite("Skipping unreadable events")
struct SkippedEventsTests {
    /// One raw contribution of `ore` to the fixture's fund; its record.
    static func appendRaw(_ ore: Int64, to ledger: LedgerFixture) async throws -> RecordedEvent {
        let event = try EventCoding.newEvent(
            .capitalContributed(CapitalContributed(amount: .sek(ore), source: "raw")), stream: LedgerStreams.fund(ledger.fundID),
            metadata: EventMetadata(actor: "admin"), effectiveDate: day("2025-03-01"), organisationID: LedgerFixture.organisationID)
        _ = try await ledger.store.append([event], expectations: [:])
        return try #require(try await ledger.store.read(eventIDs: [event.eventID]).first)
    }

    @Test("a skipped unreadable event is passed by every fold; the skip is idempotent and keeps its reason", arguments: StoreKind.allCases)
    func skipAnUnreadableAmount(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let bad = try await Self.appendRaw(.max, to: ledger)
            let error = try await #require(throws: UnreadableEventError.self) { try await ledger.service.loadState() }
            #expect(error.eventID == bad.eventID && error.description.contains("correction skip --event \(bad.eventID.uuidString.lowercased())"))

            let (skipped, skip) = try await ledger.service.skipUnreadable(bad.eventID, reason: "mistyped", actor: "admin")
            #expect(skipped.globalPosition == bad.globalPosition && skip.globalPosition == bad.globalPosition + 1)
            #expect(try await ledger.fund().contributed == kr(40_000_000))
            try await ledger.contribute(kr(1), on: day("2025-03-02"))
            #expect(try await ledger.fund().contributed == kr(40_000_001))

            let again = try await ledger.service.skipUnreadable(bad.eventID, reason: "mistyped", actor: "admin")
            #expect(again.skip.globalPosition == skip.globalPosition)
            await #expect(throws: EventStoreError.self) { try await ledger.service.skipUnreadable(bad.eventID, reason: "other", actor: "admin") }
        }
    }

    /// Found by a probe of the network database: a `FundEstablished` naming another fund, in a fund stream,
    /// made the projector stop on a duplicate key with nothing to skip. It is unreadable now, so it can be.
    @Test("an establishing event naming another fund or organisation than its stream's is unreadable, and skippable", arguments: StoreKind.allCases)
    func establishingEventsInAnotherStreamAreUnreadable(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let before = try await ledger.fund()
            let forged = try EventCoding.newEvent(
                .fundEstablished(FundEstablished(
                    fundID: "tomelilla", organisationID: LedgerFixture.organisationID, name: "Forged", currency: .sek, policy: before.policy)),
                stream: LedgerStreams.fund(ledger.fundID), metadata: EventMetadata(actor: "admin"), effectiveDate: day("2025-03-01"),
                organisationID: LedgerFixture.organisationID)
            _ = try await ledger.store.append([forged], expectations: [:])
            let error = try await #require(throws: UnreadableEventError.self) { try await ledger.service.loadState() }
            #expect(error.eventID == forged.eventID && error.description.contains("not fund-tomelilla"), "\(error)")
            _ = try await ledger.service.skipUnreadable(forged.eventID, reason: "forged", actor: "admin")
            #expect(try await ledger.fund().name == before.name, "the fund is as before the forged event")
        }
    }

    /// Found by an adversarial probe: a fund-ledger event type appended raw (through `POST /v1/events`) into a
    /// stream that is not the ledger's, with a payload that does not read, stopped every fold of every fund.
    /// Outside `fund-`, `organisation-` and `valuation-` streams the ledger reads no domain event: such events
    /// neither stop a fold nor change it, readable (an organisation registered, a reversal) or not.
    @Test("domain event types outside the ledger's streams neither stop nor change a fold", arguments: StoreKind.allCases)
    func domainEventsElsewhereAreNotTheLedgers(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let before = try await ledger.service.loadState()
            let contribution = try await Self.appendRaw(5, to: ledger)
            let stray = [
                NewEvent(eventID: UUID(), streamID: "notes-x", eventType: "CapitalContributed", payload: "{}"),
                NewEvent(eventID: UUID(), streamID: "Fund-\(ledger.fundID)", eventType: "CapitalContributed", payload: "{}"),
                try EventCoding.newEvent(
                    .organisationRegistered(OrganisationRegistered(organisationID: "212000-9999", name: "Stray", kind: "kommun")),
                    stream: "notes-y", metadata: EventMetadata(actor: "x"), effectiveDate: day("2025-03-01"), organisationID: nil),
                try EventCoding.newEvent(
                    .eventReversed(EventReversed(reversedEventID: contribution.eventID, reversedEventType: "CapitalContributed")),
                    stream: "notes-z", metadata: EventMetadata(actor: "x"), effectiveDate: day("2025-03-01"), organisationID: nil),
            ]
            _ = try await store.append(stray, expectations: [:])
            for record in try await store.read(eventIDs: stray.map(\.eventID)) { #expect(try EventCoding.decode(record) == nil) }
            let after = try await ledger.service.loadState()
            #expect(after.organisations == before.organisations, "the stray registration is not read")
            #expect(after.reversedBy.isEmpty, "the stray reversal is not read")
            #expect(try await ledger.fund().contributed.ore == before.funds[ledger.fundID]!.contributed.ore + 5)
        }
    }

    @Test("a skip is refused for an event the ledger reads, an unknown id, or no reason; nothing is written", arguments: StoreKind.allCases)
    func refusals(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store)
            let readable = try await Self.appendRaw(5, to: ledger)
            let head = try await store.head()
            let refused = try await #require(throws: LedgerRuleError.self) {
                try await ledger.service.skipUnreadable(readable.eventID, reason: "r", actor: "a")
            }
            #expect(refused.rule == "skip-readable" && refused.message.contains("reversal"), "\(refused)")
            let unknown = try await #require(throws: LedgerRuleError.self) { try await ledger.service.skipUnreadable(UUID(), reason: "r", actor: "a") }
            #expect(unknown.rule == "unknown-event")
            let bad = try await Self.appendRaw(.min, to: ledger)
            let silent = try await #require(throws: LedgerRuleError.self) { try await ledger.service.skipUnreadable(bad.eventID, reason: " ", actor: "a") }
            #expect(silent.rule == "required")
            #expect(try await store.head().position == head.position + 1)
        }
    }

    @Test("a skip written by hand for a readable event, or in another stream, changes nothing")
    func forgedSkipsAreNotHonoured() async throws {
        let store = InMemoryEventStore()
        let ledger = try await LedgerFixture.start(on: store)
        let readable = try await Self.appendRaw(5, to: ledger)
        _ = try await store.append([try SkippedEvents.skipEvent(of: readable, reason: "hide it", actor: "mallory")], expectations: [:])
        #expect(try await ledger.fund().contributed.ore == kr(40_000_000).ore + 5)

        let bad = try await Self.appendRaw(.max, to: ledger)
        var elsewhere = bad
        elsewhere.streamID = "fund-other"
        _ = try await store.append([try SkippedEvents.skipEvent(of: elsewhere, reason: "wrong stream", actor: "mallory")], expectations: [:])
        await #expect(throws: UnreadableEventError.self) { try await ledger.service.loadState() }
        #expect(try await SkippedEvents.isSkipped(bad.eventID, in: bad.streamID, store: store) == false)
    }

    @Test("an event past its stream's turnover limit is skipped the same way, and the limit still holds after it", arguments: StoreKind.allCases)
    func skipPastTheTurnover(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ledger = try await LedgerFixture.start(on: store, capital: nil)
            for _ in 0..<100 { _ = try await Self.appendRaw(LedgerLimits.amountOreMax, to: ledger) }
            let over = try await Self.appendRaw(1, to: ledger)
            await #expect(throws: UnreadableEventError.self) { try await ledger.service.loadState() }
            _ = try await ledger.service.skipUnreadable(over.eventID, reason: "past the limit", actor: "admin")
            #expect(try await ledger.fund().contributed.ore == LedgerLimits.streamTurnoverOreMax)
            let refused = try await #require(throws: LedgerRuleError.self) { try await ledger.contribute(.sek(1), on: day("2025-03-02")) }
            #expect(refused.rule == "amount-limit")
        }
    }
}
