import EventStore
import Foundation
import Testing
import TestSupport

@testable import FundLedger

/// The payload decoder on hostile and random text: the corpus in `Corpus/payload-decoding.jsonl`, random
/// rewrites that keep a payload's meaning (key order, whitespace, escapes, unknown and repeated members),
/// random damage, and bytes that are not UTF-8.
@Suite("Payload decoding: corpus and random payloads")
struct PayloadDecodingPropertyTests {
    struct CorpusCase: Decodable {
        var name: String
        var eventType: String
        var payload: String
        /// `same`: both decoders read it, equal; `refused`: both refuse it; `strict`: JSONDecoder reads it but
        /// it is not JSON, no store accepts it, and the new decoder refuses it.
        var expect: String
        /// Text the new decoder's message must contain.
        var mention: String?
    }

    static func template() async throws -> RecordedEvent {
        try #require(try await PayloadDecodingTests.records([PayloadDecodingTests.allSamples[0]]).first)
    }

    @Test("the corpus of hostile payloads")
    func corpus() async throws {
        let url = TestServer.repositoryRoot.appendingPathComponent("Tests/FundLedgerTests/Corpus/payload-decoding.jsonl")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let cases = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(CorpusCase.self, from: Data($0.utf8))
        }
        #expect(cases.count >= 50)
        let template = try await Self.template()
        for item in cases {
            var record = template
            record.eventType = item.eventType
            record.payload = item.payload
            let old = Result { try EventCoding.decodeWithCodable(record) }
            let new = Result { try EventCoding.decode(record) }
            switch item.expect {
            case "same":
                #expect((try? new.get()) != nil, "\(item.name): \(new)")
                PayloadDecodingTests.expectSame(record)
            case "refused":
                #expect((try? old.get()) == nil, "\(item.name): JSONDecoder reads it")
                PayloadDecodingTests.expectSame(record)
            default:
                #expect((try? old.get()) != nil, "\(item.name): JSONDecoder refuses it; mark it refused")
                #expect(!RawJSON.isSingleObject(item.payload), "\(item.name): a store accepts it")
            }
            if item.expect != "same", case .failure(let error) = new {
                let message = "\(error)"
                #expect(message.contains(item.mention ?? "") && message.contains(item.eventType), "\(item.name): \(message)")
            } else if item.expect != "same" {
                Issue.record("\(item.name): the new decoder reads it")
            }
        }
    }

    @Test("bytes that are not UTF-8 are refused, in a value or in a member that is skipped")
    func invalidUTF8() throws {
        let prefix = Array(#"{"initiative_id":"a","closed_through":"2025-01-01","x":""#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            for bytes in [prefix + bad + Array(#""}"#.utf8), Array(#"{"closed_through":"2025-01-"#.utf8) + bad + Array(#""}"#.utf8)] {
                let result = bytes.withUnsafeBufferPointer { buffer in
                    Result {
                        var reader = PayloadReader(buffer)
                        return try PeriodClosed(reading: &reader)
                    }
                }
                guard case .failure(let error) = result else {
                    Issue.record("read \(bytes)")
                    continue
                }
                #expect("\(error)".contains("UTF-8") || "\(error)".contains("YYYY-MM-DD"), "\(error)")
            }
        }
    }

    @Test("random rewrites that keep a payload's meaning read as JSONDecoder reads them")
    func randomRewrites() async throws {
        let records = try await PayloadDecodingTests.records(PayloadDecodingTests.allSamples)
        var random = SeededRandom(seed: 0x5EED)
        for round in 0..<400 {
            var record = records[round % records.count]
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(record.payload.utf8))
            var writer = RandomJSONWriter(random: random)
            record.payload = writer.write(value)
            random = writer.random
            PayloadDecodingTests.expectSame(record)
            #expect((try? EventCoding.decode(record)) != nil, "\(record.payload)")
        }
    }

    @Test("random damage: the decoders agree wherever a store could hold the text, and the new one refuses the rest")
    func randomDamage() async throws {
        let records = try await PayloadDecodingTests.records(PayloadDecodingTests.allSamples)
        var random = SeededRandom(seed: 0xDA3A6E)
        let inserts = Array(#"{}[]",:-.0123456789eEtrufalsn\ u"#.utf8)
        var refused = 0
        for round in 0..<3000 {
            var record = records[round % records.count]
            var bytes = Array(record.payload.utf8)
            let position = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 4 {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(inserts[Int(random.next() % UInt64(inserts.count))], at: position)
            case 2: bytes[position] = inserts[Int(random.next() % UInt64(inserts.count))]
            default: bytes.removeSubrange(position...)
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            record.payload = text
            if RawJSON.isSingleObject(text) {
                PayloadDecodingTests.expectSame(record)
            } else {
                #expect((try? EventCoding.decode(record)) == nil, "not JSON, but read: \(text)")
            }
            if (try? EventCoding.decode(record)) == nil { refused += 1 }
        }
        #expect(refused > 1000, "the damage must mostly break payloads, or the test shows little")
    }
}

/// SplitMix64: the same sequence on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A JSON value as JSONDecoder reads it (the payloads hold no fractions).
enum JSONValue: Decodable {
    case null, bool(Bool), int(Int64), string(String), array([JSONValue]), object([String: JSONValue])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            self = .object(try Dictionary(uniqueKeysWithValues: object.allKeys.map { ($0.stringValue, try object.decode(JSONValue.self, forKey: $0)) }))
        } else if let array = try? decoder.unkeyedContainer() {
            var array = array
            var values: [JSONValue] = []
            while !array.isAtEnd { values.append(try array.decode(JSONValue.self)) }
            self = .array(values)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let value = try? single.decode(Bool.self) { self = .bool(value) }
            else if let value = try? single.decode(Int64.self) { self = .int(value) }
            else { self = .string(try single.decode(String.self)) }
        }
    }
}

/// Writes a JSON value with random key order, whitespace, escapes, unknown members and repeated members
/// (which the first occurrence wins).
struct RandomJSONWriter {
    var random: SeededRandom

    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    mutating func space() -> String {
        chance(70) ? "" : String([" ", "\n", "\t", "\r\n", "  "][Int(random.next() % 5)])
    }

    mutating func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" || scalar.value < 0x20 || chance(15) {
                let units = Array(String(scalar).utf16)
                for unit in units {
                    let hex = String(unit, radix: 16, uppercase: chance(50))
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            } else if scalar == "/" && chance(50) {
                out += "\\/"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    mutating func write(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .string(let text): return quote(text)
        case .array(let values):
            var parts: [String] = []
            for value in values { parts.append(space() + write(value) + space()) }
            return "[" + space() + parts.joined(separator: ",") + "]"
        case .object(let members):
            var parts: [String] = []
            for (key, member) in members.shuffled(using: &random) {
                parts.append(space() + quote(key) + space() + ":" + space() + write(member) + space())
                if chance(10) { parts.append(quote(key) + ":" + "[\"a repeated member is ignored\", {\"x\": -0.5e3}]") }
            }
            if chance(20) { parts.insert(quote("unknown_\(random.next() % 100)") + ":{\"a\":[true,false,null,\"\\ud83d\\ude00\"]}", at: 0) }
            return "{" + space() + parts.joined(separator: ",") + "}"
        }
    }
}
