import EventStore
import Foundation
@testable import FundLedger
import Testing
import TestSupport

/// `SnapshotWriter+Ledger` writes initiatives, savings and amounts directly; the format's reader knows only
/// their `Codable` encoding, so the direct bytes must be exactly those.
@Suite("Snapshot fast paths")
struct SnapshotFastPathTests {
    /// Each value written directly and through `Codable`: the same bytes.
    private func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let direct = try SnapshotEncoder.encode(value)
        let reference = try SnapshotEncoder.encode(value, fastPaths: false)
        // Where they part, not both arrays: a state's bytes run to kilobytes.
        let firstDifference = direct.indices.first { $0 >= reference.count || direct[$0] != reference[$0] } ?? direct.count
        let same = direct == reference
        #expect(same,
                "\(T.self): \(direct.count) bytes directly, \(reference.count) through Codable, first different at byte \(firstDifference)",
                sourceLocation: sourceLocation)
    }

    /// A generated ledger's state: decisions, disbursements, savings with attributions, repayments, waivers,
    /// reversals, outcomes and closings, and an initiative with an assessment and a rejection besides.
    private func generatedState() async throws -> LedgerState {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: 11, funds: 3, initiativesPerFund: 40).append(to: store)
        var state = LedgerState(events: try await LedgerService(store: store).loadEvents())
        let fundID = try #require(state.funds.keys.sorted().first)
        let initiativeID = try #require(state.funds[fundID]?.initiatives.keys.sorted().first)
        state.funds[fundID]?.initiatives[initiativeID]?.assessment = ApplicationAssessed(
            initiativeID: initiativeID, assessor: "Åsa Öberg", results: [CriterionResult(criterion: "evidens", met: true, note: "RCT")])
        state.funds[fundID]?.initiatives[initiativeID]?.rejection = ApplicationRejected(
            initiativeID: initiativeID, body: "Fondstyrelsen", referenceNumber: "KS 2026/1", reason: "ej förebyggande")
        state.funds[fundID]?.initiatives[initiativeID]?.disbursedByDepartment["förskola"] = Money(ore: -5, currency: Currency("EUR")!)
        return state
    }

    @Test("every initiative, saving and amount of a generated ledger: the same bytes as Codable writes")
    func generatedLedgerMatchesCodable() async throws {
        let state = try await generatedState()
        let initiatives = state.funds.values.flatMap(\.initiatives.values)
        #expect(initiatives.count == 120)
        #expect(initiatives.contains { $0.decision != nil } && initiatives.contains { $0.closing != nil })
        #expect(initiatives.contains { $0.assessment != nil && $0.rejection != nil })
        #expect(initiatives.contains { $0.savings.values.contains { !$0.attributions.isEmpty } })
        for initiative in initiatives {
            try expectSameBytes(initiative)
            for saving in initiative.savings.values { try expectSameBytes(saving) }
        }
        for fund in state.funds.values { try expectSameBytes(fund) }
    }

    @Test("a state written directly reads back equal")
    func directBytesReadBack() async throws {
        var state = try await generatedState()
        state.eventsByID = [:]
        let decoded = try LedgerState(snapshotBytes: try state.snapshotBytes(), retainingEvents: false)
        #expect(decoded.funds == state.funds)
    }

    @Test("an empty initiative, and amounts at the ends of their range")
    func edgeValues() async throws {
        for ore in [Int64.min, -1, 0, 1, Int64.max] { try expectSameBytes(Money(ore: ore, currency: .sek)) }
        let state = try await generatedState()
        var initiative = try #require(state.funds.values.first?.initiatives.values.first)
        initiative.savings = [:]
        initiative.disbursedByDepartment = [:]
        initiative.outcomes = []
        initiative.decision = nil
        initiative.closing = nil
        try expectSameBytes(initiative)
        try expectSameBytes([initiative.id: initiative])
    }
}
