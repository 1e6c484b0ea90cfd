import Foundation

/// Reads one JSON object and returns each top-level member's value as the exact text it was given, so a
/// payload reaches the store unchanged (no trip through `Double`, no reordering).
public enum RawJSON {
    /// Where and why the text is not valid JSON.
    public struct SyntaxError: Error, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// The members of the object in `text`: key → raw value text. Throws on anything but one valid object.
    /// Whether `text` is exactly one syntactically valid JSON object (no allocation per member; used on
    /// the append path, where a payload must not be able to break out of its slot in the batch document).
    public static func isSingleObject(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            var index = 0
            skipSpace(buffer, &index)
            guard peek(buffer, index) == UInt8(ascii: "{") else { return false }
            guard (try? skipValue(buffer, &index)) != nil else { return false }
            skipSpace(buffer, &index)
            return index == buffer.count
        }
    }

    public static func members(of text: String) throws -> [String: String] {
        let bytes = Array(text.utf8)
        var index = 0
        var members: [String: String] = [:]
        skipSpace(bytes, &index)
        try expect(UInt8(ascii: "{"), bytes, &index)
        skipSpace(bytes, &index)
        if peek(bytes, index) == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace(bytes, &index)
                let keyStart = index
                try skipString(bytes, &index)
                let key = try JSONDecoder().decode(String.self, from: Data(bytes[keyStart..<index]))
                skipSpace(bytes, &index)
                try expect(UInt8(ascii: ":"), bytes, &index)
                skipSpace(bytes, &index)
                let valueStart = index
                try skipValue(bytes, &index)
                guard members[key] == nil else { throw SyntaxError(offset: keyStart, reason: "duplicate key \(key)") }
                members[key] = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                skipSpace(bytes, &index)
                if peek(bytes, index) == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), bytes, &index)
                break
            }
        }
        skipSpace(bytes, &index)
        guard index == bytes.count else { throw SyntaxError(offset: index, reason: "text after the object") }
        return members
    }

    private static func peek<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: Int) -> UInt8? where Bytes.Index == Int {
        index < bytes.count ? bytes[index] : nil
    }

    private static func skipSpace<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) where Bytes.Index == Int {
        while let byte = peek(bytes, index), byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d { index += 1 }
    }

    private static func expect<Bytes: RandomAccessCollection<UInt8>>(_ byte: UInt8, _ bytes: Bytes, _ index: inout Int) throws where Bytes.Index == Int {
        guard peek(bytes, index) == byte else {
            throw SyntaxError(offset: index, reason: "expected '\(Character(UnicodeScalar(byte)))'")
        }
        index += 1
    }

    /// Deepest nesting of arrays and objects accepted; deeper input is refused rather than risking the stack.
    public static let nestingDepthMax = 512

    /// Throws `SyntaxError` when `text` is not one valid JSON value (RFC 8259: no trailing commas, comments
    /// or single quotes, which Foundation's parser lets through).
    public static func requireValid(_ text: String) throws {
        let bytes = Array(text.utf8)
        var index = 0
        skipSpace(bytes, &index)
        try skipValue(bytes, &index)
        skipSpace(bytes, &index)
        guard index == bytes.count else { throw SyntaxError(offset: index, reason: "text after the value") }
    }

    /// Throws when an object anywhere in the JSON value `text` gives a key twice (PostgreSQL's `jsonb` would
    /// keep the last one without a word), or when `text` is not one valid JSON value.
    public static func requireUniqueKeys(_ text: String) throws {
        let bytes = Array(text.utf8)
        var index = 0
        skipSpace(bytes, &index)
        try skipValue(bytes, &index, uniqueKeys: true)
        skipSpace(bytes, &index)
        guard index == bytes.count else { throw SyntaxError(offset: index, reason: "text after the value") }
    }

    /// The key whose string starts at `start` and ends before `end`, unescaped only when it holds an escape.
    private static func key<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, from start: Int, to end: Int) throws -> String where Bytes.Index == Int {
        let raw = bytes[start..<end]
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw.dropFirst().dropLast(), as: UTF8.self) }
        return try JSONDecoder().decode(String.self, from: Data(raw))
    }

    private static func skipValue<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, _ index: inout Int, depth: Int = 0, uniqueKeys: Bool = false
    ) throws where Bytes.Index == Int {
        guard let byte = peek(bytes, index) else { throw SyntaxError(offset: index, reason: "expected a value") }
        guard depth <= nestingDepthMax else {
            throw SyntaxError(offset: index, reason: "nested deeper than \(nestingDepthMax) levels")
        }
        switch byte {
        case UInt8(ascii: "\""): try skipString(bytes, &index)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipSpace(bytes, &index)
            if peek(bytes, index) == close { index += 1; return }
            var keys: Set<String> = []
            while true {
                skipSpace(bytes, &index)
                if close == UInt8(ascii: "}") {
                    let keyStart = index
                    try skipString(bytes, &index)
                    if uniqueKeys {
                        let name = try key(bytes, from: keyStart, to: index)
                        guard keys.insert(name).inserted else { throw SyntaxError(offset: keyStart, reason: "duplicate key \(name)") }
                    }
                    skipSpace(bytes, &index)
                    try expect(UInt8(ascii: ":"), bytes, &index)
                    skipSpace(bytes, &index)
                }
                try skipValue(bytes, &index, depth: depth + 1, uniqueKeys: uniqueKeys)
                skipSpace(bytes, &index)
                if peek(bytes, index) == UInt8(ascii: ",") { index += 1; continue }
                try expect(close, bytes, &index)
                return
            }
        case UInt8(ascii: "t"): try skipWord("true", bytes, &index)
        case UInt8(ascii: "f"): try skipWord("false", bytes, &index)
        case UInt8(ascii: "n"): try skipWord("null", bytes, &index)
        default: try skipNumber(bytes, &index)
        }
    }

    private static func skipWord<Bytes: RandomAccessCollection<UInt8>>(_ word: String, _ bytes: Bytes, _ index: inout Int) throws where Bytes.Index == Int {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw SyntaxError(offset: index, reason: "expected \(word)")
        }
        index += utf8.count
    }

    private static func skipString<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) throws where Bytes.Index == Int {
        let start = index
        try expect(UInt8(ascii: "\""), bytes, &index)
        while let byte = peek(bytes, index) {
            index += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte < 0x20 { throw SyntaxError(offset: index - 1, reason: "control character in a string") }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = peek(bytes, index) else { break }
                index += 1
                if escaped == UInt8(ascii: "u") {
                    try skipUnicodeEscape(bytes, &index)
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    throw SyntaxError(offset: index - 1, reason: "bad escape")
                }
            }
        }
        throw SyntaxError(offset: start, reason: "unterminated string")
    }

    /// The four hex digits after `\\u`, and the low half after a high surrogate. `\\u0000` and an unpaired
    /// surrogate are refused here: they are not text, and PostgreSQL's jsonb refuses them anyway.
    private static func skipUnicodeEscape<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) throws where Bytes.Index == Int {
        func hexValue(at offset: Int) throws -> UInt32 {
            guard offset + 4 <= bytes.count, bytes[offset..<offset + 4].allSatisfy({ $0.isHexDigit }),
                let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
            else { throw SyntaxError(offset: offset, reason: "bad \\u escape") }
            return value
        }
        let value = try hexValue(at: index)
        if value == 0 { throw SyntaxError(offset: index - 2, reason: "\\u0000 (a NUL character) is not allowed in text") }
        if (0xDC00...0xDFFF).contains(value) {
            throw SyntaxError(offset: index - 2, reason: "\\u escape of a lone low surrogate is not a character")
        }
        index += 4
        guard (0xD800...0xDBFF).contains(value) else { return }
        guard peek(bytes, index) == UInt8(ascii: "\\"), peek(bytes, index + 1) == UInt8(ascii: "u"),
            (0xDC00...0xDFFF).contains(try hexValue(at: index + 2))
        else { throw SyntaxError(offset: index - 6, reason: "\\u escape of a high surrogate without its low half") }
        index += 6
    }

    private static func skipNumber<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) throws where Bytes.Index == Int {
        let start = index
        if peek(bytes, index) == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while let byte = peek(bytes, index), byte >= 0x30 && byte <= 0x39 { index += 1 }
            return index - from
        }
        let integerDigits = digits()
        guard integerDigits > 0, !(integerDigits > 1 && bytes[index - integerDigits] == 0x30) else {
            throw SyntaxError(offset: start, reason: "expected a value")
        }
        if peek(bytes, index) == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw SyntaxError(offset: index, reason: "digits expected after '.'") }
        }
        if let byte = peek(bytes, index), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(bytes, index), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw SyntaxError(offset: index, reason: "digits expected in exponent") }
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
