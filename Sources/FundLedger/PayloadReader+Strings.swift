// Strings and keys for PayloadReader: made straight from the bytes when there is no escape in them.

extension PayloadReader {
    /// A member's key: where it is in the text when it has no escapes (the usual case, compared without
    /// making a String), or the decoded text.
    enum Key {
        case raw(Range<Int>)
        case decoded(String)
    }

    /// What a scan of a string found: where its content ends (at the closing quote), and whether it has
    /// escapes or bytes outside ASCII.
    private struct StringScan {
        var end: Int
        var escaped: Bool
        var nonASCII: Bool
    }

    /// Scans the string at the reader (which must be at its opening quote), checking its escapes, without
    /// consuming it.
    private func scanString() throws -> StringScan {
        var position = index + 1
        var scan = StringScan(end: 0, escaped: false, nonASCII: false)
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                scan.end = position
                return scan
            }
            if byte == UInt8(ascii: "\\") {
                scan.escaped = true
                position = try escapeEnd(at: position)
                continue
            }
            if byte < 0x20 { throw PayloadDecodingError(.dataCorrupted, "not valid JSON at byte \(position): a control character in a string") }
            if byte >= 0x80 { scan.nonASCII = true }
            position += 1
        }
        throw syntaxError("a string that does not end")
    }

    /// The position after the escape at `position` (its backslash), checking it.
    private func escapeEnd(at position: Int) throws -> Int {
        guard position + 1 < bytes.count else { throw syntaxError("a string that does not end") }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return position + 2
        case UInt8(ascii: "u"):
            return try unicodeEscape(at: position).end
        default:
            throw PayloadDecodingError(.dataCorrupted, "not valid JSON at byte \(position): a bad escape in a string")
        }
    }

    /// The scalar of the `\uXXXX` escape at `position` (a surrogate pair taken together) and where it ends.
    private func unicodeEscape(at position: Int) throws -> (scalar: Unicode.Scalar, end: Int) {
        func bad(_ reason: String) -> PayloadDecodingError {
            PayloadDecodingError(.dataCorrupted, "not valid JSON at byte \(position): \(reason)")
        }
        func hex(at offset: Int) -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[offset..<offset + 4] {
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        guard let first = hex(at: position + 2) else { throw bad("a bad \\u escape") }
        if (0xDC00...0xDFFF).contains(first) { throw bad("a \\u escape of a lone low surrogate") }
        guard (0xD800...0xDBFF).contains(first) else { return (Unicode.Scalar(first)!, position + 6) }
        guard position + 7 < bytes.count, bytes[position + 6] == UInt8(ascii: "\\"), bytes[position + 7] == UInt8(ascii: "u"),
            let second = hex(at: position + 8), (0xDC00...0xDFFF).contains(second)
        else { throw bad("a \\u escape of a high surrogate without its low half") }
        let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        return (Unicode.Scalar(value)!, position + 12)
    }

    /// Checks and skips a string.
    mutating func skipString() throws {
        guard peek == UInt8(ascii: "\"") else { throw syntaxError("a key (a string) expected") }
        let scan = try scanString()
        if scan.nonASCII { _ = try text(index + 1..<scan.end) }
        index = scan.end + 1
    }

    /// Reads a string value.
    mutating func readString() throws -> String {
        guard peek == UInt8(ascii: "\"") else { throw mismatch(expected: "a string") }
        let scan = try scanString()
        let content = index + 1..<scan.end
        let value: String
        if scan.escaped {
            value = try unescaped(content)
        } else if scan.nonASCII {
            value = try text(content)
        } else {
            value = String(decoding: UnsafeBufferPointer(rebasing: bytes[content]), as: UTF8.self)
        }
        index = scan.end + 1
        return value
    }

    /// Reads a member's key and the `:` after it.
    mutating func readKey() throws -> Key {
        guard peek == UInt8(ascii: "\"") else { throw syntaxError("a key (a string) expected") }
        let scan = try scanString()
        let content = index + 1..<scan.end
        let key: Key = scan.escaped ? .decoded(try unescaped(content)) : scan.nonASCII ? .decoded(try text(content)) : .raw(content)
        index = scan.end + 1
        try expectColon()
        return key
    }

    /// The key as text, for messages and for the slow match.
    func keyText(_ key: Key) -> String {
        switch key {
        case .raw(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .decoded(let text): text
        }
    }

    /// `bytes[range]` as text, refused unless it is valid UTF-8.
    private func text(_ range: Range<Int>) throws -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw PayloadDecodingError(.dataCorrupted, "not valid JSON at byte \(range.lowerBound): a string that is not UTF-8 text")
        }
        return text
    }

    /// The content of a string with escapes (already checked by `scanString`), decoded.
    private func unescaped(_ range: Range<Int>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                position += 1
                continue
            }
            let escaped = bytes[position + 1]
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let (scalar, end) = try unicodeEscape(at: position)
                out.append(contentsOf: UTF8.encode(scalar)!)
                position = end
                continue
            default: out.append(escaped)  // " \ /
            }
            position += 2
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw PayloadDecodingError(.dataCorrupted, "not valid JSON at byte \(range.lowerBound): a string that is not UTF-8 text")
        }
        return text
    }
}
