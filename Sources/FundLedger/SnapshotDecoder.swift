/// Reads what `SnapshotEncoder` wrote. Every length is checked against the bytes — each container's
/// entries all of them, before the first is read — so a cut or structurally damaged snapshot throws (and is
/// then ignored, its stream folded from the start) rather than crash, read past its end or lose an entry
/// quietly. A changed byte inside a value (a number, a string) decodes to the changed value: that is a
/// forged snapshot, which the trust model of docs/ledger-model.md covers. A keyed container is read in the
/// order it was written, with a scan from its start for a key asked out of order, so decoding builds no
/// index of the keys.
enum SnapshotDecoder {
    /// `value` decoded from `bytes`; with `signedMagnitudeMax`, a signed 64-bit number of a larger magnitude
    /// anywhere in it is refused (see `SnapshotReader.ledgerMagnitudeMax`).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], signedMagnitudeMax: UInt64 = .max) throws -> T {
        let reader = SnapshotReader(bytes, signedMagnitudeMax: signedMagnitudeMax)
        let value: T = try reader.decodeValue(at: 0)
        guard try reader.end(ofValueAt: 0) == bytes.count else { throw reader.malformed("bytes after the value") }
        return value
    }
}

/// The bytes of one snapshot value and the primitive reads on them.
final class SnapshotReader {
    let bytes: [UInt8]
    /// The largest magnitude a signed 64-bit number may have.
    let signedMagnitudeMax: UInt64

    init(_ bytes: [UInt8], signedMagnitudeMax: UInt64 = .max) {
        self.bytes = bytes
        self.signedMagnitudeMax = signedMagnitudeMax
    }

    func malformed(_ what: String) -> SnapshotCodingError { SnapshotCodingError(description: "malformed snapshot: \(what)") }

    func tag(at offset: Int) throws -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw malformed("a value past the end") }
        return bytes[offset]
    }

    /// A varint's value and the offset after it.
    func varint(at offset: Int) throws -> (value: Int, next: Int) {
        var value = 0, shift = 0, index = offset
        while true {
            guard index < bytes.count, shift < 35 else { throw malformed("a length") }
            let byte = bytes[index]
            value |= Int(byte & 0x7F) << shift
            index += 1
            if byte < 0x80 { return (value, index) }
            shift += 7
        }
    }

    /// The bytes of a length-prefixed string or key starting at `offset` (no tag).
    func raw(at offset: Int) throws -> Range<Int> {
        let (length, start) = try varint(at: offset)
        guard length <= bytes.count - start else { throw malformed("a string past the end") }
        return start..<(start + length)
    }

    /// Where the value at `offset` ends.
    func end(ofValueAt offset: Int) throws -> Int {
        let tag = try tag(at: offset)
        switch tag {
        case SnapshotValueTag.null.rawValue: return offset + 1
        case SnapshotValueTag.fixed1.rawValue, SnapshotValueTag.fixed2.rawValue, SnapshotValueTag.fixed4.rawValue, SnapshotValueTag.fixed8.rawValue:
            guard offset + 1 + Int(tag) <= bytes.count else { throw malformed("a number past the end") }
            return offset + 1 + Int(tag)
        case SnapshotValueTag.string.rawValue: return try raw(at: offset + 1).upperBound
        case SnapshotValueTag.container.rawValue: return try body(ofContainerAt: offset).upperBound
        default: throw malformed("tag \(tag)")
        }
    }

    func body(ofContainerAt offset: Int) throws -> Range<Int> {
        guard try tag(at: offset) == SnapshotValueTag.container.rawValue, offset + 5 <= bytes.count else { throw malformed("a container expected") }
        let length = Int(fixedBytes(UInt32.self, at: offset + 1))
        guard length <= bytes.count - offset - 5 else { throw malformed("a container past the end") }
        return (offset + 5)..<(offset + 5 + length)
    }

    private func fixedBytes<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) })
    }

    func isNil(at offset: Int) throws -> Bool { try tag(at: offset) == SnapshotValueTag.null.rawValue }

    /// The largest magnitude of a signed 64-bit number in a ledger's state snapshot: ten streams at
    /// `LedgerLimits`' turnover limit. A state's amounts are sums of its streams' amounts, so a larger one was
    /// forged, and a fold going on from it could overflow.
    static let ledgerMagnitudeMax: UInt64 = 10 * UInt64(LedgerLimits.streamTurnoverOreMax)

    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        let size = MemoryLayout<T>.size
        guard try tag(at: offset) == UInt8(size), offset + 1 + size <= bytes.count else { throw malformed("a \(size)-byte number expected") }
        let value = fixedBytes(T.self, at: offset + 1)
        if size == 8, T.isSigned, Int64(truncatingIfNeeded: value).magnitude > signedMagnitudeMax {
            throw malformed("a number beyond the ledger's limits")
        }
        return value
    }

    func bool(at offset: Int) throws -> Bool {
        switch try integer(UInt8.self, at: offset) {
        case 0: false
        case 1: true
        default: throw malformed("a boolean expected")
        }
    }

    func string(at offset: Int) throws -> String {
        guard try tag(at: offset) == SnapshotValueTag.string.rawValue else { throw malformed("a string expected") }
        return String(decoding: bytes[try raw(at: offset + 1)], as: UTF8.self)
    }

    /// Whether the key bytes at `range` spell `key`.
    func key(_ range: Range<Int>, is key: String) -> Bool {
        var key = key
        return key.withUTF8 { utf8 in
            guard utf8.count == range.count else { return false }
            for index in 0..<utf8.count where utf8[index] != bytes[range.lowerBound + index] { return false }
            return true
        }
    }

    /// Any value: strings and integers directly, everything else through its `init(from:)`.
    func decodeValue<T: Decodable>(at offset: Int) throws -> T {
        if T.self == String.self { return try string(at: offset) as! T }
        if T.self == Int64.self { return try integer(Int64.self, at: offset) as! T }
        if T.self == Int.self { return try integer(Int.self, at: offset) as! T }
        return try T(from: SnapshotValueDecoder(reader: self, offset: offset))
    }
}

/// The `Decoder` handed to one value's `init(from:)`.
struct SnapshotValueDecoder: Decoder {
    let reader: SnapshotReader
    let offset: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try SnapshotKeyedDecoder<Key>(reader: reader, body: reader.body(ofContainerAt: offset)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try SnapshotUnkeyedDecoder(reader: reader, body: reader.body(ofContainerAt: offset))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SnapshotSingleValueDecoder(reader: reader, offset: offset) }
}

/// A keyed container, read in the order it was written (a class: decoding methods do not mutate, but the
/// position of the next entry moves).
final class SnapshotKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: SnapshotReader
    let body: Range<Int>
    /// Where the entry after the last one read starts.
    private var cursor: Int
    var codingPath: [any CodingKey] { [] }

    /// Checks every entry's key and value lengths first, so that no damaged entry can later be skipped
    /// quietly (a dictionary's `allKeys` ending early, an optional read as absent).
    init(reader: SnapshotReader, body: Range<Int>) throws {
        self.reader = reader
        self.body = body
        cursor = body.lowerBound
        var offset = body.lowerBound
        while offset < body.upperBound { offset = try entry(at: offset).next }
    }

    /// The entry at `offset`: its key's bytes, its value, and where the next entry starts.
    private func entry(at offset: Int) throws -> (key: Range<Int>, value: Int, next: Int) {
        let key = try reader.raw(at: offset)
        let next = try reader.end(ofValueAt: key.upperBound)
        guard next <= body.upperBound else { throw reader.malformed("an entry past its container") }
        return (key, key.upperBound, next)
    }

    /// The value of `key` and the entry after it: at the cursor first, else by a scan from the start.
    private func find(_ key: Key) throws -> (value: Int, next: Int)? {
        let name = key.stringValue
        if cursor < body.upperBound {
            let candidate = try entry(at: cursor)
            if reader.key(candidate.key, is: name) { return (candidate.value, candidate.next) }
        }
        var offset = body.lowerBound
        while offset < body.upperBound {
            let candidate = try entry(at: offset)
            if reader.key(candidate.key, is: name) { return (candidate.value, candidate.next) }
            offset = candidate.next
        }
        return nil
    }

    /// The value of `key`, moving the cursor past it; a missing key throws.
    private func take(_ key: Key) throws -> Int {
        guard let found = try find(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no \(key.stringValue) in the snapshot"))
        }
        cursor = found.next
        return found.value
    }

    var allKeys: [Key] {
        var keys: [Key] = []
        var offset = body.lowerBound
        while offset < body.upperBound, let candidate = try? entry(at: offset) {
            if let key = Key(stringValue: String(decoding: reader.bytes[candidate.key], as: UTF8.self)) { keys.append(key) }
            offset = candidate.next
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { (try? find(key)) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let found = try find(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no \(key.stringValue) in the snapshot"))
        }
        guard try reader.isNil(at: found.value) else { return false }
        cursor = found.next
        return true
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.bool(at: take(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader.string(at: take(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { Double(bitPattern: try reader.integer(UInt64.self, at: take(key))) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(bitPattern: try reader.integer(UInt32.self, at: take(key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.integer(type, at: take(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.integer(type, at: take(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.integer(type, at: take(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.integer(type, at: take(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.integer(type, at: take(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.integer(type, at: take(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.integer(type, at: take(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.integer(type, at: take(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.integer(type, at: take(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.integer(type, at: take(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try reader.decodeValue(at: take(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try SnapshotValueDecoder(reader: reader, offset: take(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try SnapshotValueDecoder(reader: reader, offset: take(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try superDecoder(named: "super") }
    func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder(named: key.stringValue) }

    private func superDecoder(named name: String) throws -> any Decoder {
        var offset = body.lowerBound
        while offset < body.upperBound {
            let candidate = try entry(at: offset)
            if reader.key(candidate.key, is: name) { return SnapshotValueDecoder(reader: reader, offset: candidate.value) }
            offset = candidate.next
        }
        throw reader.malformed("no \(name) in the snapshot")
    }
}

/// An unkeyed container's values, in order.
struct SnapshotUnkeyedDecoder: UnkeyedDecodingContainer {
    let reader: SnapshotReader
    let body: Range<Int>
    private var cursor: Int
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var isAtEnd: Bool { cursor >= body.upperBound }

    /// Checks every value's length first, as the keyed container does.
    init(reader: SnapshotReader, body: Range<Int>) throws {
        self.reader = reader
        self.body = body
        cursor = body.lowerBound
        var offset = body.lowerBound
        while offset < body.upperBound { offset = try reader.end(ofValueAt: offset) }
        guard offset == body.upperBound else { throw reader.malformed("a value past its list") }
    }

    /// The next value's offset, moving past it.
    private mutating func next() throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, DecodingError.Context(codingPath: [], debugDescription: "the snapshot's list ended"))
        }
        let offset = cursor
        cursor = try reader.end(ofValueAt: offset)
        guard cursor <= body.upperBound else { throw reader.malformed("a value past its list") }
        currentIndex += 1
        return offset
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, try reader.isNil(at: cursor) else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(at: next()) }
    mutating func decode(_ type: String.Type) throws -> String { try reader.string(at: next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: try reader.integer(UInt64.self, at: next())) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(bitPattern: try reader.integer(UInt32.self, at: next())) }
    mutating func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, at: next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(at: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try SnapshotValueDecoder(reader: reader, offset: next()).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try SnapshotValueDecoder(reader: reader, offset: next()).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { SnapshotValueDecoder(reader: reader, offset: try next()) }
}

/// A single value at the decoder's offset.
struct SnapshotSingleValueDecoder: SingleValueDecodingContainer {
    let reader: SnapshotReader
    let offset: Int
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { (try? reader.isNil(at: offset)) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(at: offset) }
    func decode(_ type: String.Type) throws -> String { try reader.string(at: offset) }
    func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: try reader.integer(UInt64.self, at: offset)) }
    func decode(_ type: Float.Type) throws -> Float { Float(bitPattern: try reader.integer(UInt32.self, at: offset)) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, at: offset) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, at: offset) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, at: offset) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, at: offset) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, at: offset) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, at: offset) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(at: offset) }
}
