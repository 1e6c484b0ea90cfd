import EventStore
import Foundation
import Testing
import TestSupport

@testable import FundLedger

/// The hand-written payload decoder (`EventCoding.decode`) against the `Codable` path it replaced
/// (`EventCoding.decodeWithCodable`): the same events from the same records, and a refusal wherever the
/// old path refused.
@Suite("Payload decoding")
struct PayloadDecodingTests {
    /// Records of `events`, as the in-memory store gives them back (JSON with sorted keys).
    static func records(_ events: [LedgerEvent]) async throws -> [RecordedEvent] {
        let store = InMemoryEventStore()
        let metadata = EventMetadata(actor: "Anna \u{1F600}", reason: "a \"quoted\" reason\n", decisionReference: "KS 2025/17", commandID: UUID())
        for event in events {
            let stream = sampleStream(event)
            let new = try EventCoding.newEvent(
                event, stream: stream, metadata: metadata, effectiveDate: day("2025-01-01"), organisationID: "212000-1124")
            _ = try await store.append([new], to: stream)
        }
        return try await store.readAll(after: 0, limit: 100_000)
    }

    /// Both decoders on `record`: equal events, or both refusing.
    static func expectSame(_ record: RecordedEvent, sourceLocation: SourceLocation = #_sourceLocation) {
        let old = Result { try EventCoding.decodeWithCodable(record) }
        let new = Result { try EventCoding.decode(record) }
        switch (old, new) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, "\(record.eventType): \(record.payload)", sourceLocation: sourceLocation)
        case (.failure, .failure): break
        case (.success, .failure(let error)):
            Issue.record("\(record.eventType) \(record.payload): refused by the new decoder only: \(error)", sourceLocation: sourceLocation)
        case (.failure(let error), .success):
            Issue.record("\(record.eventType) \(record.payload): read by the new decoder only (JSONDecoder: \(error))", sourceLocation: sourceLocation)
        }
    }

    static let valuationSamples: [LedgerEvent] = [
        .valuation(.unitCostRecorded(.init(
            outcomeID: "placering", description: "En placering, ett år", unit: "person-year", kind: .fiscal, cost: kr(1_200_000),
            split: [CostShare(actor: "kommun", amount: kr(1_000_000)), CostShare(actor: "region", amount: kr(200_000), cashable: false)],
            source: "SKR 2024", priceYear: 2024))),
        .valuation(.financialProxyRecorded(.init(
            outcomeID: "wellbeing", description: "Välmående", unit: "person", value: kr(13_000), source: "HACT", priceYear: 2023))),
        .valuation(.priceIndexRecorded(.init(
            indexID: "kpi", points: [IndexPoint(year: 2020, level: rate("338.69")), IndexPoint(year: 2021, level: rate("347.1"))],
            source: "SCB"))),
        .valuation(.evaluationAssumptionsRecorded(.init(
            initiativeID: nil, deadweight: rate("0.2"), displacement: .zero, attribution: rate("0.1"), dropOff: rate("0.25"),
            discountRate: rate("0.035"), optimismBias: .zero, horizonYears: 5, source: "Green Book"))),
        .valuation(.evaluationAssumptionsRecorded(.init(
            initiativeID: "i1", deadweight: rate("0.2"), displacement: .zero, attribution: rate("0.1"), dropOff: rate("0.25"),
            discountRate: rate("0.035"), optimismBias: rate("0.15"), horizonYears: 3, targetGroupSize: 40, source: "Egen"))),
        .valuation(.outcomeContractAgreed(.init(
            contractID: "sib-1", initiativeID: "i1", treatedIndicator: "reconvictions", comparisonIndicator: "reconvictions-cmp",
            threshold: rate("0.1"), paymentPerOutcome: kr(7_000), cap: kr(800_000), source: "Avtal"))),
    ]

    /// Every event type (EventCodingTests' samples, every repayment model, the valuation events) and every
    /// quantity an outcome can have.
    static var allSamples: [LedgerEvent] {
        EventCodingTests.samples + valuationSamples + ["12", "3,5", "god", "1 200", ""].map {
            .outcomeMeasured(.init(initiativeID: "i1", indicator: "x", value: $0, period: "2025"))
        }
    }

    @Test("every event type reads as JSONDecoder read it")
    func everyEventType() async throws {
        let samples = Self.allSamples
        let records = try await Self.records(samples)
        #expect(Set(records.map(\.eventType)) == Set(LedgerEvent.types.keys), "a sample of every event type")
        #expect(Set(LedgerEvent.readers.keys) == Set(LedgerEvent.types.keys), "a reader for every event type")
        for record in records { Self.expectSame(record) }
        #expect(try records.compactMap { try EventCoding.decode($0)?.event } == samples)
    }

    @Test("a synthetic ledger reads as JSONDecoder read it")
    func syntheticLedger() async throws {
        let store = InMemoryEventStore()
        try await SyntheticLedger(seed: 7, funds: 2, initiativesPerFund: 30).append(to: store)
        let records = try await store.readAll(after: 0, limit: 100_000)
        #expect(records.count > 500)
        for record in records { Self.expectSame(record) }
    }

    @Test("schema version 1 of OutcomeMeasured is upcast and reads as before")
    func upcastVersions() async throws {
        let template = try #require(try await Self.records([Self.allSamples[0]]).first)
        for value in ["12", "3,5", "god", "60 personer", "", "\u{00E9}"] {
            var record = template
            record.eventType = OutcomeMeasured.eventType
            record.schemaVersion = 1
            record.payload = #"{"indicator": "x", "initiative_id": "i1", "period": "2025", "value": \#(JSONText.quote(value))}"#
            Self.expectSame(record)
            let event = try #require(try EventCoding.decode(record)?.event)
            #expect(event == .outcomeMeasured(.init(initiativeID: "i1", indicator: "x", value: value, period: "2025")))
        }
    }

    @Test("the demo fixtures (jsonb text) read as JSONDecoder read them")
    func demoFixtures() async throws {
        let template = try #require(try await Self.records([Self.allSamples[0]]).first)
        var count = 0
        for name in ["demo-2026-12.jsonl", "command-files-2026-12.jsonl"] {
            let url = TestServer.repositoryRoot.appendingPathComponent("Tests/CLITests/Fixtures/\(name)")
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard let type = object["event_type"] as? String, let payload = object["payload"] as? String else { continue }
                var record = template
                record.eventType = type
                record.schemaVersion = object["schema_version"] as? Int ?? 1
                record.payload = payload
                record.metadata = object["metadata"] as? String ?? "{}"
                Self.expectSame(record)
                if LedgerEvent.types[type] != nil { count += 1 }
            }
        }
        #expect(count > 80)
    }

    @Test("a key that converts to a field's name reads as that field, the first of two wins, unknown keys are ignored")
    func keySpellings() async throws {
        let template = try #require(try await Self.records([Self.allSamples[0]]).first)
        let payloads = [
            #"{"initiative_id":"a","amount":{"ore":1,"currency":"SEK"},"department":"B","voucher":"V"}"#,
            #"{"initiativeID":"a","amount":{"ore":1,"currency":"SEK"},"department":"B","voucher":"V"}"#,
            #"{"initiative__id":"a","amount":{"ore":1,"currency":"SEK"},"department":"B","voucher":"V"}"#,
            #"{"initiative_iD":"a","initiative_id":"b","amount":{"ore":1,"currency":"SEK"},"department":"B","voucher":"V"}"#,
            #"{"initiative\u005fid":"a","amount":{"ore":1,"currency":"SEK"},"department":"B","voucher":"V","extra":[1,{"x":null}]}"#,
            #"{"initiative_id":"a","amount":{"ore":1.0,"currency":"SEK"},"department":"B","voucher":"V"}"#,
            #"{"initiative_id":"a","amount":{"ore":1e2,"currency":"SEK"},"department":"B","voucher":"V"}"#,
        ]
        for payload in payloads {
            var record = template
            record.eventType = FundsDisbursed.eventType
            record.payload = payload
            Self.expectSame(record)
            #expect((try? EventCoding.decode(record)) != nil, "\(payload)")
        }
    }
}
