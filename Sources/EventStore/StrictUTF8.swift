import Foundation

/// Text read from a user's file or stdin: valid UTF-8 or refused, never repaired. A lossy decode would
/// store U+FFFD in place of the bytes the user sent, for ever, in a hash-chained log.
public enum StrictUTF8 {
    /// Where the first invalid byte sequence is: 1-based line and byte column.
    public struct InvalidByte: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var byte: UInt8
        public var description: String {
            "line \(line), column \(column): byte 0x\(String(byte, radix: 16, uppercase: true)) is not UTF-8 text"
        }
    }

    /// `bytes` as a String, or where the first byte that is not UTF-8 stands.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(InvalidByte) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw firstInvalidByte(Array(bytes))
    }

    /// Locates the first byte of the first invalid sequence (the input is known to be invalid).
    static func firstInvalidByte(_ bytes: [UInt8]) -> InvalidByte {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else { break }
            if bytes[index] == 0x0a {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return InvalidByte(line: line, column: index - lineStart + 1, byte: index < bytes.count ? bytes[index] : 0)
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or 0 if it is not one.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let length: Int
        switch bytes[index] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count,
            String(validating: bytes[index..<index + length], as: UTF8.self) != nil
        else { return 0 }
        return length
    }
}
