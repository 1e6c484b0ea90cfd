import EventStore
import Foundation
@testable import FundLedger
import Testing

/// `DeterministicID`: the ids the CLI derived before it existed, byte for byte, and independent of the chain.
@Suite("Deterministic ids")
struct DeterministicIDTests {
    static let base = UUID(uuidString: "6f1d2c3b-4a59-4e68-8f7a-0b1c2d3e4f50")!

    /// How the CLI's `CommandIDs.digest` derived an id until now: a carrier event hashed by `HashChain` in
    /// canonical form v1. Kept here only to show the frozen layout equals it today.
    static func carrierDigest(_ parts: [String]) -> [UInt8] {
        let text = parts.map { "\($0.utf8.count):\($0)" }.joined()
        let carrier = RecordedEvent(
            globalPosition: 0, streamID: "", streamVersion: 0, eventID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            eventType: "", schemaVersion: 0, payload: text, metadata: "", recordedAt: Timestamp(microsecondsSinceEpoch: 0),
            effectiveDate: CivilDate(daysSinceEpoch: 0), organisationID: nil, previousHash: .zero, hash: .zero, canonicalVersion: 1)
        return HashChain.hash(of: carrier, after: .zero).bytes
    }

    static let partsExamples: [[String]] = [
        [], [""], ["a"], ["fundledger.cli.valuation-catalogue.v1", "2026-01-01", "Örebro: 1 500 000 kr"],
        ["x:y", "1:z", String(repeating: "é", count: 300)],
    ]

    @Test("equals the HashChain v1 carrier the CLI hashed until now", arguments: partsExamples)
    func equalsCarrier(_ parts: [String]) {
        #expect(DeterministicID.digest(parts: parts) == Self.carrierDigest(parts))
    }

    @Test("golden ids, computed with the CLI's CommandIDs before DeterministicID existed")
    func goldenValues() {
        func text(_ id: UUID) -> String { id.uuidString.lowercased() }
        #expect(text(DeterministicID.derived(from: Self.base, index: 0)) == "47ebd6b5-5e42-86c5-b33a-9e63ad116b01")
        #expect(text(DeterministicID.derived(from: Self.base, index: 1)) == "b4eca70f-711e-842c-828b-68ecb0cb46b5")
        #expect(text(DeterministicID.derived(from: Self.base, index: 17)) == "035e9b8e-651a-84d5-9560-bf101276fbbb")
        #expect(text(DeterministicID.batch(["organisation register --id 212000-1355", "fund establish --id tomelilla"])) == "d8e818f7-d12e-809d-be20-6625bb846b1c")
        #expect(text(DeterministicID.uuid(parts: ["fundledger.cli.valuation-catalogue.v1", "2026-01-01", "Örebro"])) == "c8bd168a-4ca3-8283-968a-af19817d0fd8")
        #expect(text(DeterministicID.uuid(parts: [])) == "bc6f10d0-c8d8-88a9-8248-ef45bcb2b7f9")
    }

    @Test("the frozen preimage, written out byte for byte (no HashChain involved)")
    func frozenPreimage() {
        var expected = [UInt8](repeating: 0, count: 32)
        for field in [
            "fundledger.event.v1", "0", "", "0", "00000000-0000-0000-0000-000000000000", "", "0",
            "1970-01-01", "1970-01-01T00:00:00.000000Z", "", "1:a2:bc", "",
        ] {
            let utf8 = Array(field.utf8)
            expected += [0, 0, 0, UInt8(utf8.count)] + utf8
        }
        #expect(DeterministicID.preimage(parts: ["a", "bc"]) == expected)
        #expect(expected.count == 32 + 12 * 4 + 19 + 1 + 1 + 36 + 1 + 10 + 27 + 7)
    }

    @Test("version 8, RFC variant; different inputs differ")
    func layout() {
        var seen = Set<UUID>()
        for index in 0..<200 {
            let id = DeterministicID.derived(from: Self.base, index: index)
            #expect(id.uuid.6 >> 4 == 8)
            #expect(id.uuid.8 >> 6 == 0b10)
            seen.insert(id)
        }
        #expect(seen.count == 200)
        #expect(DeterministicID.uuid(parts: ["ab", "c"]) != DeterministicID.uuid(parts: ["a", "bc"]))
    }

    @Test("a command's first event has the command's id; later ones are derived, stable and distinct")
    func eventIDs() {
        #expect(LedgerService.eventID(command: Self.base, offset: 0) == Self.base)
        let second = LedgerService.eventID(command: Self.base, offset: 1)
        #expect(second == DeterministicID.uuid(parts: ["fundledger.event-id.v1", Self.base.uuidString.lowercased(), "1"]))
        #expect(text(second) == "77910cd6-8cd9-8fcb-ba75-ee7f3e9b817c")
        #expect(second != LedgerService.eventID(command: Self.base, offset: 2))
        #expect(second != DeterministicID.derived(from: Self.base, index: 1))
        func text(_ id: UUID) -> String { id.uuidString.lowercased() }
    }

    @Test("the command digest is FNV-1a, unchanged (digests stored in metadata are compared on retry)")
    func commandDigest() {
        let command = LedgerCommand.registerOrganisation(id: "212000-1355", name: "Tomelilla kommun", kind: "kommun")
        let date = CivilDate("2026-01-01")!
        #expect(CommandEnvelope.digest(of: command, effectiveDate: date) == "e8c866261cb46952")
        #expect(CommandDigest.of("", effectiveDate: date) == fnv1a("|2026-01-01"))
        let valuation = ValuationCommand.recordPriceIndex(
            organisationID: "212000-1355", PriceIndexRecorded(indexID: "KPI", points: [], source: "SCB"))
        #expect(ValuationEnvelope.digest(of: valuation, effectiveDate: date) == fnv1a("\(valuation)|2026-01-01"))
        #expect(CommandEnvelope.digest(of: command, effectiveDate: date) == fnv1a("\(command)|2026-01-01"))
    }

    /// FNV-1a 64 written out independently.
    func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
