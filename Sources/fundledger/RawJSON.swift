import Foundation

/// Reads one JSON object and returns each top-level member's value as the exact text it was given, so a
/// payload reaches the store unchanged (no trip through `Double`, no reordering).
enum RawJSON {
    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// The members of the object in `text`: key → raw value text. Throws on anything but one valid object.
    static func members(of text: String) throws -> [String: String] {
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

    private static func peek(_ bytes: [UInt8], _ index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private static func skipSpace(_ bytes: [UInt8], _ index: inout Int) {
        while let byte = peek(bytes, index), byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d { index += 1 }
    }

    private static func expect(_ byte: UInt8, _ bytes: [UInt8], _ index: inout Int) throws {
        guard peek(bytes, index) == byte else {
            throw SyntaxError(offset: index, reason: "expected '\(Character(UnicodeScalar(byte)))'")
        }
        index += 1
    }

    private static func skipValue(_ bytes: [UInt8], _ index: inout Int) throws {
        guard let byte = peek(bytes, index) else { throw SyntaxError(offset: index, reason: "expected a value") }
        switch byte {
        case UInt8(ascii: "\""): try skipString(bytes, &index)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipSpace(bytes, &index)
            if peek(bytes, index) == close { index += 1; return }
            while true {
                skipSpace(bytes, &index)
                if close == UInt8(ascii: "}") {
                    try skipString(bytes, &index)
                    skipSpace(bytes, &index)
                    try expect(UInt8(ascii: ":"), bytes, &index)
                    skipSpace(bytes, &index)
                }
                try skipValue(bytes, &index)
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

    private static func skipWord(_ word: String, _ bytes: [UInt8], _ index: inout Int) throws {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw SyntaxError(offset: index, reason: "expected \(word)")
        }
        index += utf8.count
    }

    private static func skipString(_ bytes: [UInt8], _ index: inout Int) throws {
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
                    guard index + 4 <= bytes.count, bytes[index..<index + 4].allSatisfy({ $0.isHexDigit }) else {
                        throw SyntaxError(offset: index, reason: "bad \\u escape")
                    }
                    index += 4
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    throw SyntaxError(offset: index - 1, reason: "bad escape")
                }
            }
        }
        throw SyntaxError(offset: start, reason: "unterminated string")
    }

    private static func skipNumber(_ bytes: [UInt8], _ index: inout Int) throws {
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
