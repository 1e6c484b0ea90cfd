import Foundation

/// A Swift type that can be read from a column in PostgreSQL's text output format.
public protocol PostgresDecodable: Sendable {
    init(postgresText: String) throws
}

extension String: PostgresDecodable {
    public init(postgresText: String) { self = postgresText }
}

/// Integers, read as their decimal text.
extension PostgresDecodable where Self: FixedWidthInteger {
    public init(postgresText: String) throws {
        guard let value = Self(postgresText) else { throw decodingError(postgresText, as: "\(Self.self)") }
        self = value
    }
}

extension Int64: PostgresDecodable {}
extension Int: PostgresDecodable {}
extension Int32: PostgresDecodable {}

extension Bool: PostgresDecodable {
    public init(postgresText: String) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw decodingError(postgresText, as: "Bool")
        }
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = UUID(uuidString: postgresText) else { throw decodingError(postgresText, as: "UUID") }
        self = value
    }
}

private func decodingError(_ text: String, as type: String) -> PostgresError {
    PostgresError(kind: .decoding, message: "cannot read \(type) from a \(text.utf8.count)-byte column value")
}

/// One row of a result: the columns' text values by position, with their names.
public struct PostgresRow: Sendable {
    /// Column names, shared by every row of one result.
    public let columns: [String]
    /// Column values in text format; `nil` is SQL NULL.
    public let values: [String?]

    public init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The value at `index`, decoded; throws on NULL or on a value that does not parse.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard let text = values[index] else {
            throw PostgresError(kind: .decoding, message: "column \(columns[index]) is NULL, expected \(T.self)")
        }
        return try T(postgresText: text)
    }

    /// The value at `index`, or `nil` for SQL NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T? {
        guard let text = values[index] else { return nil }
        return try T(postgresText: text)
    }

    /// The value of the column called `name`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        try decode(type, at: try index(of: name))
    }

    /// The value of the column called `name`, or `nil` for SQL NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T? {
        try decodeIfPresent(type, at: try index(of: name))
    }

    private func index(of name: String) throws -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw PostgresError(kind: .decoding, message: "result has no column \(name)")
        }
        return index
    }
}

/// A notification received on a channel this connection LISTENs to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// The process id of the server backend that sent it.
    public var senderProcessID: Int32
}
