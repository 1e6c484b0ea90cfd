import Foundation
@testable import FundLedger
import Testing

/// `SnapshotEncoder` and `SnapshotDecoder`: every shape `Codable` can write comes back equal, and bytes that
/// were cut or changed throw (or decode to some value) without reading past their end.
@Suite("Snapshot coding")
struct SnapshotCodingTests {
    enum Shape: Codable, Equatable {
        case empty
        case pair(Int64, label: String)
        case nested([Shape?])
    }

    struct Key: Codable, Hashable {
        var year: Int
        var name: String
    }

    struct Nothing: Codable, Equatable {}

    struct Everything: Codable, Equatable {
        var flag = true
        var small: Int8 = -7
        var medium: UInt16 = 65_000
        var word: Int32 = .min
        var wide: Int64 = .max
        var unsigned: UInt64 = .max
        var plain = -42
        var real = -0.5
        var single: Float = .infinity
        var text = "Eslöv kommun — socialnämnden\u{0}\n\"🙂\""
        var long = String(repeating: "långt ", count: 40)
        var absent: String?
        var present: Int? = 0
        var list: [Int?] = [1, nil, 3]
        var byName: [String: [Int64]] = ["a": [1, 2], "": [], "ö": [-1]]
        var byNumber: [Int: String] = [2026: "år", -1: "minus"]
        var byKey: [Key: UUID] = [Key(year: 2026, name: "V1"): UUID(uuidString: "6E3C1B2A-0000-4000-8000-000000000001")!]
        var shapes: [Shape] = [.empty, .pair(5, label: "x"), .nested([nil, .empty, .nested([])])]
        var nothing = Nothing()
        var date = CivilDateLike(text: "2026-12-07")
    }

    /// A type that decodes its keys in the opposite order it encodes them, as a hand-written `init(from:)` may.
    struct CivilDateLike: Codable, Equatable {
        var text: String
        var checked = true
        private enum CodingKeys: String, CodingKey { case text, checked }
        init(text: String) { self.text = text }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            checked = try container.decode(Bool.self, forKey: .checked)
            text = try container.decode(String.self, forKey: .text)
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(checked, forKey: .checked)
        }
    }

    /// A type that fills a nested container after its parent wrote again: the format cannot hold it.
    struct OutOfOrder: Encodable {
        private enum CodingKeys: String, CodingKey { case first, second }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var nested = container.nestedUnkeyedContainer(forKey: .first)
            try container.encode(1, forKey: .second)
            try nested.encode(2)
        }
    }

    @Test("every Codable shape comes back equal")
    func roundTrip() throws {
        let value = Everything()
        let bytes = try SnapshotEncoder.encode(value)
        #expect(try SnapshotDecoder.decode(Everything.self, from: bytes) == value)
        var changed = value
        changed.absent = "now here"
        changed.present = nil
        changed.byName = [:]
        #expect(try SnapshotDecoder.decode(Everything.self, from: try SnapshotEncoder.encode(changed)) == changed)
        #expect(try SnapshotDecoder.decode([String: Int].self, from: try SnapshotEncoder.encode([String: Int]())) == [:])
        #expect(try SnapshotDecoder.decode(String.self, from: try SnapshotEncoder.encode("top")) == "top")
    }

    @Test("a value of another type is refused, not misread")
    func typeMismatch() throws {
        let bytes = try SnapshotEncoder.encode(["year": 2026])
        #expect(throws: (any Error).self) { try SnapshotDecoder.decode([String: String].self, from: bytes) }
        #expect(throws: (any Error).self) { try SnapshotDecoder.decode([String: Int32].self, from: bytes) }
        #expect(throws: (any Error).self) { try SnapshotDecoder.decode(Key.self, from: bytes) }
        #expect(throws: (any Error).self) { try SnapshotDecoder.decode(String.self, from: bytes + [0]) }
    }

    /// A parent that opens a second nested container after its first was closed by a write: the misuse
    /// happens inside `nestedContainer`, which cannot throw, and must still fail the encoding.
    struct LateNesting: Encodable {
        private enum CodingKeys: String, CodingKey { case first, second }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var first = container.nestedUnkeyedContainer(forKey: .first)
            try first.encode(1)
            var inner = first.nestedUnkeyedContainer()
            try first.encode(2)
            _ = inner.nestedUnkeyedContainer()
        }
    }

    /// A value that asks for its container twice, and a super-encoder that writes nothing: legal `Codable`
    /// that `JSONEncoder` reads back, so this format must too.
    struct AskedTwice: Codable, Equatable {
        var a: Int64 = 1
        var b = "two"
        private enum CodingKeys: String, CodingKey { case a, b, parent }
        init() {}
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            a = try container.decode(Int64.self, forKey: .a)
            b = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .b)
            _ = try container.superDecoder(forKey: .parent)
        }
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: CodingKeys.self)
            try first.encode(a, forKey: .a)
            var again = encoder.container(keyedBy: CodingKeys.self)
            try again.encode(b, forKey: .b)
            _ = first.superEncoder(forKey: .parent)
        }
    }

    @Test("a container asked for twice, and a super-encoder that writes nothing, read back")
    func legalButUnusual() throws {
        let bytes = try SnapshotEncoder.encode([AskedTwice(), AskedTwice()])
        #expect(try SnapshotDecoder.decode([AskedTwice].self, from: bytes) == [AskedTwice(), AskedTwice()])
    }

    /// Damage to an entry's structure anywhere in a container fails the decoding; before, a dictionary's
    /// entries after a damaged one and an optional behind one were dropped without an error.
    @Test("a damaged entry fails the whole container, not just itself")
    func damagedEntryFailsTheContainer() throws {
        var bytes = try SnapshotEncoder.encode(["a": Int64(1), "b": 2, "c": 3])
        let lastTag = try #require(bytes.lastIndex(of: SnapshotValueTag.fixed8.rawValue))
        bytes[lastTag] = 0x7F
        #expect(throws: (any Error).self) { try SnapshotDecoder.decode([String: Int64].self, from: bytes) }
        struct Optionals: Codable { var a: Int64; var b: Int64?; var c: Int64? }
        var optionals = try SnapshotEncoder.encode(Optionals(a: 1, b: 2, c: 3))
        let firstTag = try #require(optionals.firstIndex(of: SnapshotValueTag.fixed8.rawValue))
        let secondTag = try #require(optionals[(firstTag + 9)...].firstIndex(of: SnapshotValueTag.fixed8.rawValue))
        optionals[secondTag] = 0x7F
        #expect(throws: (any Error).self) { try SnapshotDecoder.decode(Optionals.self, from: optionals) }
    }

    @Test("a nested container filled after its parent moved on is refused")
    func outOfOrderNesting() {
        #expect(throws: SnapshotCodingError.self) { try SnapshotEncoder.encode(OutOfOrder()) }
        #expect(throws: SnapshotCodingError.self) { try SnapshotEncoder.encode(LateNesting()) }
    }

    /// Every prefix of a valid encoding, and every single-byte change of it, throws or decodes; none reads
    /// past the end or traps.
    @Test("cut and changed bytes throw or decode, never trap")
    func damagedBytes() throws {
        let bytes = try SnapshotEncoder.encode(Everything())
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try SnapshotDecoder.decode(Everything.self, from: Array(bytes[..<length])) }
        }
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
            _ = try? SnapshotDecoder.decode(Everything.self, from: damaged)
        }
    }
}
