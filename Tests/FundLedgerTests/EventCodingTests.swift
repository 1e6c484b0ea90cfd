import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

/// Every event type survives the store: `EventCoding.newEvent` → append → read → `EventCoding.decode`.
@Suite("Event coding")
struct EventCodingTests {
    static let samples: [LedgerEvent] = {
        let policy = FundPolicy(
            minimumDepartments: 2, nonProfitPartnerCountsAsDepartment: true, minimumCoFinancingShare: rate("0.3"), maximumDurationYears: 3,
            maximumAmountPerYear: kr(500_000), priorityAreas: ["förebygga placeringar"], targetGroups: ["barn och unga 0-18"],
            overcommitmentAllowed: true, repaymentModel: .shareOfSavings(share: rate("0.5"), cap: .fixed(kr(700_000)), horizonYears: 5))
        let models: [RepaymentModel] = [
            .none, .shareOfSavings(share: .one, cap: .disbursed, horizonYears: 5), .shareOfSavings(share: .one, cap: .unlimited, horizonYears: 1),
            .repaymentPlan(instalments: [PlannedInstalment(department: "SOC", due: day("2027-12-31"), amount: kr(250_000))]),
            .frameReduction(share: rate("0.75"), horizonYears: 4),
        ]
        var events: [LedgerEvent] = [
            .organisationRegistered(.init(organisationID: "212000-1124", name: "Tomelilla kommun", kind: "kommun")),
            .departmentRegistered(.init(code: "FK", name: "Försäkringskassan", kind: .externalActor)),
            .periodClosed(.init(closedThrough: day("2025-12-31"))),
            .fundEstablished(.init(fundID: "sif", organisationID: "212000-1124", name: "Fonden", currency: .sek, policy: policy)),
            .capitalContributed(.init(amount: kr(40_000_000), source: "KF 2025/1")),
            .capitalWithdrawn(.init(amount: Money(ore: 1, currency: .sek))),
            .applicationSubmitted(LedgerFixture.application("i1", partners: [Partner(name: "Rädda Barnen", nonProfit: true)])),
            .applicationAssessed(.init(initiativeID: "i1", assessor: "Anna", results: [CriterionResult(criterion: "target-group", met: true, note: "ok")])),
            .investmentDecided(.init(
                initiativeID: "i1", body: "KS", referenceNumber: "KS 2025/17", granted: kr(800_000),
                phasing: [YearAmount(year: 2025, amount: kr(800_000))], repaymentTerms: policy.repaymentModel, decidedOn: day("2025-02-03"))),
            .applicationRejected(.init(initiativeID: "i2", body: "KS", referenceNumber: "KS 2025/18", reason: "utanför målgruppen")),
            .decisionAmended(.init(initiativeID: "i1", referenceNumber: "KS 2025/19", granted: kr(900_000))),
            .decisionRevoked(.init(initiativeID: "i1", referenceNumber: "KS 2025/20")),
            .fundsDisbursed(.init(initiativeID: "i1", amount: kr(400_000), department: "BUN", voucher: "V 123")),
            .coFinancingRecorded(.init(initiativeID: "i1", amount: kr(240_000), contributor: "SOC")),
            .savingRealised(LedgerFixture.saving("s1", "i1", in: "SOC", kr(1_000_000), year: 2025)),
            .savingAttributed(.init(savingID: "s1", department: "FK", share: rate("0.25"))),
            .repaymentReceived(.init(initiativeID: "i1", department: "SOC", amount: kr(100_000), method: .frameReduction)),
            .repaymentWaived(.init(initiativeID: "i1", department: "FK", amount: kr(25_000), referenceNumber: "KS 2026/5")),
            .outcomeMeasured(.init(initiativeID: "i1", indicator: "placeringar", value: "9", period: "2025")),
            .initiativeClosed(.init(initiativeID: "i1", outcome: .implemented)),
            .eventReversed(.init(reversedEventID: UUID(), reversedEventType: FundsDisbursed.eventType)),
            .eventSkipped(.init(eventID: UUID(), reason: "handskriven rad, fel belopp")),
        ]
        events += models.map { model in
            var changed = policy
            changed.repaymentModel = model
            return .fundPolicyChanged(.init(policy: changed))
        }
        return events
    }()

    @Test("every event type and repayment model reads back equal", arguments: StoreKind.allCases)
    func roundTrip(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let metadata = EventMetadata(actor: "Anna", reason: "test", decisionReference: "KS 2025/17", commandID: UUID())
            var written: [NewEvent] = []
            for (index, event) in Self.samples.enumerated() {
                written.append(try EventCoding.newEvent(
                    event, stream: sampleStream(event), metadata: metadata, effectiveDate: day("2025-01-01"), organisationID: "212000-1124",
                    eventID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, UInt8(index)))))
            }
            _ = try await store.append(written, expectations: [:])
            let records = try await store.readAll(after: 0, limit: 1000)
            let decoded = try records.compactMap { try EventCoding.decode($0) }
            #expect(decoded.map(\.event) == Self.samples)
            #expect(decoded.allSatisfy { $0.metadata == metadata })
            #expect(decoded.map(\.eventID) == written.map(\.eventID))
            #expect(Set(decoded.map(\.event.eventType)).count == 23, "one sample of each event type")
            // Payloads are snake_case JSON.
            let disbursed = try #require(records.first { $0.eventType == FundsDisbursed.eventType })
            #expect(disbursed.payload.contains("\"initiative_id\""))
        }
    }

    @Test("event types the domain does not know are skipped")
    func unknownTypesAreSkipped() async throws {
        let store = InMemoryEventStore()
        _ = try await store.append(
            [NewEvent(eventID: UUID(), streamID: "admin", eventType: "RoleGranted", payload: #"{"role": "x"}"#, effectiveDate: nil, organisationID: nil)],
            to: "admin")
        let records = try await store.readAll(after: 0, limit: 10)
        #expect(records.count == 1)
        #expect(try EventCoding.decode(records[0]) == nil)
        #expect(try await LedgerService(store: store).loadEvents().isEmpty)
    }
}

/// The stream a sample event is written to: an establishing event in its own (elsewhere it is unreadable,
/// `LedgerEvent.requireOwnStream`), every other in `fund-sif`.
func sampleStream(_ event: LedgerEvent) -> String {
    switch event {
    case .fundEstablished(let e): LedgerStreams.fund(e.fundID)
    case .organisationRegistered(let e): LedgerStreams.organisation(e.organisationID)
    default: "fund-sif"
    }
}
