import Foundation

/// A forward-only reader of one JSON text, over its UTF-8 bytes: the event payload decoder's scanner.
///
/// Replays decode millions of payloads; `JSONDecoder` builds a tree of every value, converts every key
/// and goes through `Decoder` containers for each field, which cost about half a replay's CPU. This reader
/// goes through the bytes once: each event type's `init(reading:)` (its `PayloadLayout`, PayloadDecoding+*.swift)
/// asks for the members it knows and skips the others, and strings are made straight from the bytes.
///
/// It reads strict JSON (RFC 8259), the text both stores accept (`jsonb`, `RawJSON.isSingleObject`);
/// where `JSONDecoder` is more lenient (a trailing comma, a bad escape in a member it never reads), this
/// reader refuses. Everything else follows `JSONDecoder` as the ledger set it up: unknown members are
/// ignored, the first of two members with one name wins, and a key matches a field when it is the field's
/// snake_case name or converts to it as `EventCoding.SnakeCaseKey` converts keys.
struct PayloadReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    /// Deepest nesting read (as `RawJSON.nestingDepthMax`): deeper input is refused rather than risking the stack.
    static let nestingDepthMax = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A byte order mark is skipped, as JSONDecoder skips it.
        index = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Decodes `text` with `read`, which must consume one value; only whitespace may follow it.
    static func decode<Value>(_ text: String, _ read: (inout PayloadReader) throws -> Value) throws -> Value {
        try decodeCountingMoney(text, read).value
    }

    /// Decodes as `decode`, and adds up the magnitudes of the amounts read (`moneyMagnitude`).
    static func decodeCountingMoney<Value>(
        _ text: String, _ read: (inout PayloadReader) throws -> Value
    ) throws -> (value: Value, moneyMagnitude: Int64) {
        var text = text
        return try text.withUTF8 { buffer in
            var reader = PayloadReader(buffer)
            reader.skipSpace()
            let value = try read(&reader)
            reader.skipSpace()
            guard reader.index == buffer.count else { throw reader.syntaxError("text after the value") }
            return (value, reader.moneyMagnitude)
        }
    }

    /// The sum of the magnitudes of the amounts (`Money`) read so far, in öre; `Int64.max` once it would pass it.
    var moneyMagnitude: Int64 = 0

    // MARK: Bytes

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    func syntaxError(_ reason: String) -> PayloadDecodingError {
        PayloadDecodingError(.dataCorrupted, "not valid JSON at byte \(index): \(reason)")
    }

    /// What the value at the reader is, for messages: `a string`, `a number`, `null`…
    var foundDescription: String {
        switch peek {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a bool"
        case UInt8(ascii: "n"): "null"
        case nil: "the end of the text"
        default: "a number"
        }
    }

    /// A type mismatch for the value at the reader; a syntax error when it is not a JSON value at all.
    func mismatch(expected: String) -> PayloadDecodingError {
        let start = peek
        var probe = self
        if (try? probe.skipValue()) == nil { return syntaxError("expected a value") }
        if start == UInt8(ascii: "n") {
            return PayloadDecodingError(.valueNotFound, "expected \(expected), found null")
        }
        return PayloadDecodingError(.typeMismatch, "expected \(expected), found \(foundDescription)")
    }

    // MARK: Literals

    /// Consumes `null` if it is next; the reader is at a value.
    mutating func readNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    mutating func readBool() throws -> Bool {
        if matchWord("true") { return true }
        if matchWord("false") { return false }
        throw mismatch(expected: "a bool")
    }

    private mutating func matchWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        index += count
        return true
    }

    // MARK: Numbers

    /// A JSON integer that fits in 64 bits. Numbers written with a fraction or an exponent (`1.0`, `1e2`),
    /// which the encoder never writes, are handed to `JSONDecoder` so that they read exactly as before.
    mutating func readInt64() throws -> Int64 {
        let start = index
        var negative = false
        if peek == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] &- 0x30))
            guard !overflow1, !overflow2 else { return try slowInt64(from: start) }
            magnitude = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else {
            index = start
            throw mismatch(expected: "an integer")
        }
        guard !(digits > 1 && bytes[start + (negative ? 1 : 0)] == 0x30) else {
            index = start
            throw syntaxError("a number with a leading zero")
        }
        if let next = peek, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            return try slowInt64(from: start)
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return try slowInt64(from: start) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return try slowInt64(from: start) }
        return Int64(magnitude)
    }

    /// The number at `start` read by `JSONDecoder`, whose rules for `1.0`, `1e2` or `1.00000000000000000001`
    /// as an integer this reader does not copy.
    private mutating func slowInt64(from start: Int) throws -> Int64 {
        index = start
        try skipNumber()
        let text = Data(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        do {
            return try JSONDecoder().decode(Int64.self, from: text)
        } catch {
            let number = String(decoding: text, as: UTF8.self)
            throw PayloadDecodingError(.dataCorrupted, "the number \(number) is not a 64-bit integer")
        }
    }

    mutating func readInt() throws -> Int { Int(try readInt64()) }

    // MARK: Skipping

    /// Checks and skips one value of any kind.
    mutating func skipValue(depth: Int = 0) throws {
        guard depth <= Self.nestingDepthMax else { throw syntaxError("nested deeper than \(Self.nestingDepthMax) levels") }
        switch peek {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"):
            var more = try beginObject()
            while more {
                try skipString()
                try expectColon()
                try skipValue(depth: depth + 1)
                more = try nextMember()
            }
        case UInt8(ascii: "["):
            var more = try beginArray()
            while more {
                try skipValue(depth: depth + 1)
                more = try nextElement()
            }
        case UInt8(ascii: "t"): guard matchWord("true") else { throw syntaxError("expected true") }
        case UInt8(ascii: "f"): guard matchWord("false") else { throw syntaxError("expected false") }
        case UInt8(ascii: "n"): guard readNull() else { throw syntaxError("expected null") }
        case nil: throw syntaxError("the text ends where a value should be")
        default: try skipNumber()
        }
    }

    /// Checks and skips a number: `-`? int (`.` digits)? ((`e`|`E`) (`+`|`-`)? digits)?.
    mutating func skipNumber() throws {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = skipDigits()
        guard integerDigits > 0 else {
            index = start
            throw syntaxError("expected a value")
        }
        guard !(integerDigits > 1 && bytes[integerStart] == 0x30) else { throw syntaxError("a number with a leading zero") }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw syntaxError("digits expected after '.'") }
        }
        if let byte = peek, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw syntaxError("digits expected in an exponent") }
        }
    }

    private mutating func skipDigits() -> Int {
        let from = index
        while index < bytes.count, bytes[index] &- 0x30 < 10 { index += 1 }
        return index - from
    }

    // MARK: Objects and arrays

    /// Consumes `{`: then, while the answer is true, read a key, `expectColon()`, its value and ask
    /// `nextMember()`. False for `{}`.
    mutating func beginObject() throws -> Bool {
        guard peek == UInt8(ascii: "{") else { throw mismatch(expected: "an object") }
        return openItems(close: UInt8(ascii: "}"))
    }

    /// After a member's value: whether another member follows (consumes the `,`; the reader is then at
    /// its key), or the object ends (consumes the `}`).
    mutating func nextMember() throws -> Bool {
        try nextItem(close: UInt8(ascii: "}"), what: "an object")
    }

    /// Consumes `[`: then, while the answer is true, read an element and ask `nextElement()`. False for `[]`.
    mutating func beginArray() throws -> Bool {
        guard peek == UInt8(ascii: "[") else { throw mismatch(expected: "an array") }
        return openItems(close: UInt8(ascii: "]"))
    }

    /// After an element: whether another follows (consumes the `,`), or the array ends (consumes the `]`).
    mutating func nextElement() throws -> Bool {
        try nextItem(close: UInt8(ascii: "]"), what: "an array")
    }

    private mutating func openItems(close: UInt8) -> Bool {
        index += 1
        skipSpace()
        guard peek == close else { return true }
        index += 1
        return false
    }

    private mutating func nextItem(close: UInt8, what: String) throws -> Bool {
        skipSpace()
        switch peek {
        case UInt8(ascii: ","):
            index += 1
            skipSpace()
            guard let next = peek, next != close else { throw syntaxError("a value expected after ','") }
            return true
        case close:
            index += 1
            return false
        default:
            throw syntaxError("',' or the end of \(what) expected")
        }
    }

    /// Consumes `:` between a key and its value, and the whitespace around it.
    mutating func expectColon() throws {
        skipSpace()
        guard peek == UInt8(ascii: ":") else { throw syntaxError("':' expected after a key") }
        index += 1
        skipSpace()
    }
}
