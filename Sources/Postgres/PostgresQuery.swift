import Foundation

/// A SQL statement whose interpolated values are always bound parameters (`$1`, `$2`, …).
///
/// `"SELECT * FROM events WHERE stream_id = \(streamID)"` sends `stream_id = $1` with `streamID` as a
/// parameter, so SQL injection is impossible by construction. Text that must become SQL (a trusted
/// identifier, say) goes through the visible escape hatch `\(unescaped: ...)`. Values travel in
/// PostgreSQL's text format, except bytes interpolated as `\(bytes: ...)`: those go in binary, as they are.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$n` placeholders.
    public var sql: String
    /// The parameters, in order: `parameters[0]` is `$1`.
    public var parameters: [Binding]

    /// One parameter's value and the format it is sent in.
    public enum Binding: Sendable, Hashable {
        /// A value in PostgreSQL's text input format, of the type the server infers; `nil` is SQL NULL.
        case text(String?)
        /// A `bytea` in binary format: the bytes themselves, handed to libpq without a copy (no hex, no
        /// `String`); `nil` is a NULL `bytea`.
        case bytes([UInt8]?)
    }

    /// A statement from trusted text with explicit bindings; the name says what the caller vouches for.
    public init(unsafeSQL sql: String, parameters: [Binding]) {
        self.sql = sql
        self.parameters = parameters
    }

    /// A statement from trusted text with explicit text bindings (`nil` is SQL NULL).
    public init(unsafeSQL sql: String, bindings: [String?] = []) {
        self.init(unsafeSQL: sql, parameters: bindings.map(Binding.text))
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, parameters: stringInterpolation.parameters)
    }

    /// The parameters as text, as the server would print them (bytes as `\x` hex, which costs twice their
    /// size: for looking at a statement, not for sending it). Setting it makes every parameter text.
    public var bindings: [String?] {
        get {
            parameters.map { parameter in
                switch parameter {
                case .text(let text): text
                case .bytes(let bytes): bytes.map { PostgresBytes($0).postgresText }
                }
            }
        }
        set { parameters = newValue.map(Binding.text) }
    }

    /// The SQL text only: parameter values are never printed, so logs do not leak data.
    public var description: String { sql }

    /// Builds the statement text and its parameters.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var parameters: [Binding] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            append(.text(value.postgresText))
        }

        /// Binds an optional value; `nil` becomes SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            append(.text(value?.postgresText))
        }

        /// Binds bytes as the next parameter, a `bytea` in binary format; `nil` becomes a NULL `bytea`.
        public mutating func appendInterpolation(bytes: [UInt8]?) {
            append(.bytes(bytes))
        }

        /// Pastes trusted text into the SQL as it is. Never pass user input here.
        public mutating func appendInterpolation(unescaped text: String) {
            sql += text
        }

        private mutating func append(_ parameter: Binding) {
            parameters.append(parameter)
            sql += "$\(parameters.count)"
        }
    }
}

/// A Swift value that can be sent to PostgreSQL as a parameter in text format.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    public var postgresText: String { self }
}

extension Int: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    public var postgresText: String { self ? "true" : "false" }
}

extension UUID: PostgresEncodable {
    public var postgresText: String { uuidString.lowercased() }
}

/// Bytes for a `bytea` parameter sent as text (hex format), and a `bytea` column read from a text row. To send
/// bytes without the hex (twice their size, and a `String`), interpolate them as `\(bytes: ...)`.
public struct PostgresBytes: PostgresEncodable, PostgresDecodable, Hashable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var postgresText: String { "\\x" + Hex.encode(bytes) }

    public init(postgresText text: String) throws {
        guard text.hasPrefix("\\x"), let bytes = Hex.decode(text.dropFirst(2)) else {
            throw PostgresError(kind: .decoding, message: "expected bytea in hex format")
        }
        self.bytes = bytes
    }
}

/// Lowercase hexadecimal encoding, as used for bytea and for hashes in exports.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes of a hex string (either case); `nil` if it is not hex or has odd length.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
