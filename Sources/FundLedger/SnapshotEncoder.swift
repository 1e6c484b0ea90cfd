/// The bytes of a snapshot frame's body (format 3): any `Encodable` value written in one pass into one
/// buffer, with no intermediate tree, no key sorting and no text rendering of numbers.
///
/// Every value starts with a tag (`SnapshotValueTag`) that says how long it is, so a reader can step over
/// a value it does not need: nil; 1, 2, 4 or 8 little-endian bytes (booleans, integers, floating-point
/// bits); a UTF-8 string (varint length); or a container (4-byte length, then its entries). A keyed
/// container's entries are a key (varint length, UTF-8) and a value; an unkeyed container's are values.
///
/// Containers are written in place, so a nested container must be filled before its parent writes again
/// (as synthesized `Codable` and every encoder of the state do); the encoder throws rather than write
/// such a value wrongly. A value may ask its encoder for its container again (it gets the same one), and
/// a super-encoder that writes nothing leaves an empty container, as `JSONEncoder` would. Dictionaries come out in their iteration order: the bytes are not canonical, and
/// snapshots are compared by the state they decode to, never by their bytes.
/// `JSONEncoder` (format 2) spent most of a large rebuild's end-of-run snapshot building and sorting its tree.
enum SnapshotEncoder {
    /// `value`'s bytes; with `fastPaths` off, every value goes through its `Codable` encoding (the reference
    /// `SnapshotWriter+Ledger`'s direct writers are tested against).
    static func encode(_ value: some Encodable, fastPaths: Bool = true) throws -> [UInt8] {
        let writer = SnapshotWriter(fastPaths: fastPaths)
        try writer.encodeValue(value)
        try writer.closeAll()
        // A misuse inside a method that cannot throw (`nestedContainer`, `superEncoder`) is reported here.
        if let misuse = writer.misuse { throw misuse }
        return writer.bytes
    }
}

/// How long a value is, as its first byte says.
enum SnapshotValueTag: UInt8 {
    case null = 0x00, fixed1 = 0x01, fixed2 = 0x02, fixed4 = 0x04, fixed8 = 0x08, string = 0x10, container = 0x20
}

/// A snapshot value that breaks the format's rules.
struct SnapshotCodingError: Error, CustomStringConvertible {
    var description: String
}

/// The buffer every container of one `SnapshotEncoder.encode` writes into, with the containers still open.
///
/// One writer serves one `encode` call on one thread, so its properties opt out of the runtime's
/// exclusivity checks (a fifth of the encoding's time with them).
final class SnapshotWriter {
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []
    /// Open containers, innermost last: an id and where its 4-byte length goes.
    @exclusivity(unchecked) private var open: [(id: Int, lengthAt: Int)] = []
    @exclusivity(unchecked) private var nextID = 0
    /// The first misuse seen, kept for the methods that cannot throw it.
    @exclusivity(unchecked) private(set) var misuse: SnapshotCodingError?
    @exclusivity(unchecked) private var pendingValueAt: Int?
    /// Whether the ledger's frequent values are written directly (`SnapshotWriter+Ledger`).
    let fastPaths: Bool

    init(fastPaths: Bool = true) {
        self.fastPaths = fastPaths
        bytes.reserveCapacity(4096)
    }

    /// Opens a container here and returns its id.
    func openContainer() -> Int {
        nextID += 1
        bytes.append(SnapshotValueTag.container.rawValue)
        open.append((nextID, bytes.count))
        bytes.append(contentsOf: [0, 0, 0, 0])
        return nextID
    }

    /// The container of the value that starts at `start`: the one already opened there (`Codable` lets a
    /// value ask its encoder for its container more than once), else a new one.
    func container(startingAt start: Int) -> Int {
        if let existing = open.first(where: { $0.lengthAt == start + 1 }) {
            try? resume(existing.id)
            return existing.id
        }
        if bytes.count != start {
            misuse = misuse ?? SnapshotCodingError(description: "a snapshot value asked for a container after writing")
        }
        return openContainer()
    }

    /// A super-encoder's key was written: its value starts here (an empty container if it writes none).
    func expectValue() { pendingValueAt = bytes.count }

    private func fillMissingValue() {
        guard let start = pendingValueAt else { return }
        pendingValueAt = nil
        if bytes.count == start { bytes.append(contentsOf: [SnapshotValueTag.container.rawValue, 0, 0, 0, 0]) }
    }

    /// Closes the containers opened inside container `id` (they are complete once it writes again); throws
    /// when `id` itself was closed already, that is, when a parent wrote before its child was filled.
    func resume(_ id: Int) throws {
        fillMissingValue()
        while let last = open.last, last.id != id { try close() }
        guard open.isEmpty else { return }
        let error = SnapshotCodingError(description: "a snapshot container was written after its parent moved on")
        misuse = misuse ?? error
        throw error
    }

    /// Closes container `id` and whatever is still open inside it.
    func closeContainer(_ id: Int) throws {
        try resume(id)
        try close()
    }

    func closeAll() throws {
        fillMissingValue()
        while !open.isEmpty { try close() }
    }

    private func close() throws {
        let (_, lengthAt) = open.removeLast()
        let length = bytes.count - lengthAt - 4
        guard length <= Int(UInt32.max) else { throw SnapshotFrameError.frameTooLarge }
        withUnsafeBytes(of: UInt32(length).littleEndian) { raw in
            for offset in 0..<4 { bytes[lengthAt + offset] = raw[offset] }
        }
    }

    func writeNil() { bytes.append(SnapshotValueTag.null.rawValue) }

    func write<T: FixedWidthInteger>(_ value: T) {
        bytes.append(UInt8(truncatingIfNeeded: MemoryLayout<T>.size))
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    func write(_ value: String) {
        bytes.append(SnapshotValueTag.string.rawValue)
        writeRaw(value)
    }

    /// A key, or a string's length and bytes, without a tag.
    func writeRaw(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var length = utf8.count
            while length >= 0x80 {
                bytes.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            bytes.append(UInt8(length))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Any value: strings and integers directly, everything else through its `encode(to:)` (a value that
    /// writes nothing is written as an empty container, as JSON would write `{}`).
    func encodeValue<T: Encodable>(_ value: T) throws {
        // Metadata comparisons, not dynamic casts: a generic `T` reaches here unspecialized.
        if T.self == String.self { return write(value as! String) }
        if T.self == Int64.self { return write(value as! Int64) }
        if T.self == Int.self { return write(value as! Int) }
        if fastPaths, try writeLedgerValue(value) { return }
        let start = bytes.count
        try value.encode(to: SnapshotValueEncoder(writer: self, start: start))
        if bytes.count == start { _ = openContainer() }
    }
}

/// The `Encoder` handed to one value's `encode(to:)`.
struct SnapshotValueEncoder: Encoder {
    let writer: SnapshotWriter
    /// Where this value's bytes start.
    let start: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(SnapshotKeyedEncoder(writer: writer, id: writer.container(startingAt: start)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        SnapshotUnkeyedEncoder(writer: writer, id: writer.container(startingAt: start))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SnapshotSingleValueEncoder(writer: writer) }
}

/// A keyed container: each entry is its key, then its value.
struct SnapshotKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: SnapshotWriter
    let id: Int
    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) throws {
        try writer.resume(id)
        writer.writeRaw(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        try self.key(key)
        writer.writeNil()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try self.key(key)
        writer.write(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try self.key(key)
        writer.write(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try self.key(key)
        writer.write(value.bitPattern)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        try self.key(key)
        writer.write(value.bitPattern)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

    private func encodeInteger(_ value: some FixedWidthInteger, _ key: Key) throws {
        try self.key(key)
        writer.write(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try self.key(key)
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        // Not throwing by protocol: a misuse surfaces as the error of the next write or of `closeAll`.
        try? self.key(key)
        return KeyedEncodingContainer(SnapshotKeyedEncoder<NestedKey>(writer: writer, id: writer.openContainer()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        try? self.key(key)
        return SnapshotUnkeyedEncoder(writer: writer, id: writer.openContainer())
    }

    mutating func superEncoder() -> any Encoder { superEncoder(name: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(name: key.stringValue) }

    private func superEncoder(name: String) -> any Encoder {
        try? writer.resume(id)
        writer.writeRaw(name)
        writer.expectValue()
        return SnapshotValueEncoder(writer: writer, start: writer.bytes.count)
    }
}

/// An unkeyed container: its values one after another.
struct SnapshotUnkeyedEncoder: UnkeyedEncodingContainer {
    let writer: SnapshotWriter
    let id: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(writer: SnapshotWriter, id: Int) {
        self.writer = writer
        self.id = id
    }

    private mutating func next() throws {
        try writer.resume(id)
        count += 1
    }

    mutating func encodeNil() throws {
        try next()
        writer.writeNil()
    }
    mutating func encode(_ value: Bool) throws {
        try next()
        writer.write(value)
    }
    mutating func encode(_ value: String) throws {
        try next()
        writer.write(value)
    }
    mutating func encode(_ value: Double) throws {
        try next()
        writer.write(value.bitPattern)
    }
    mutating func encode(_ value: Float) throws {
        try next()
        writer.write(value.bitPattern)
    }
    mutating func encode(_ value: Int) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int8) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try encodeInteger(value) }

    private mutating func encodeInteger(_ value: some FixedWidthInteger) throws {
        try next()
        writer.write(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try next()
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        try? next()
        return KeyedEncodingContainer(SnapshotKeyedEncoder<NestedKey>(writer: writer, id: writer.openContainer()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        try? next()
        return SnapshotUnkeyedEncoder(writer: writer, id: writer.openContainer())
    }

    mutating func superEncoder() -> any Encoder {
        try? next()
        writer.expectValue()
        return SnapshotValueEncoder(writer: writer, start: writer.bytes.count)
    }
}

/// A single value, written where the encoder stands.
struct SnapshotSingleValueEncoder: SingleValueEncodingContainer {
    let writer: SnapshotWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeNil() }
    mutating func encode(_ value: Bool) throws { writer.write(value) }
    mutating func encode(_ value: String) throws { writer.write(value) }
    mutating func encode(_ value: Double) throws { writer.write(value.bitPattern) }
    mutating func encode(_ value: Float) throws { writer.write(value.bitPattern) }
    mutating func encode(_ value: Int) throws { writer.write(value) }
    mutating func encode(_ value: Int8) throws { writer.write(value) }
    mutating func encode(_ value: Int16) throws { writer.write(value) }
    mutating func encode(_ value: Int32) throws { writer.write(value) }
    mutating func encode(_ value: Int64) throws { writer.write(value) }
    mutating func encode(_ value: UInt) throws { writer.write(value) }
    mutating func encode(_ value: UInt8) throws { writer.write(value) }
    mutating func encode(_ value: UInt16) throws { writer.write(value) }
    mutating func encode(_ value: UInt32) throws { writer.write(value) }
    mutating func encode(_ value: UInt64) throws { writer.write(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value) }
}
