import EventStore
import Foundation

/// Why a stored payload or metadata could not be read by the hand-written decoder: `DecodingError`'s kinds,
/// with the path of the member (keys as stored, `[n]` for an array's elements).
public struct PayloadDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// As `DecodingError`: the text is not JSON or a value is not valid (`dataCorrupted`), a required member
    /// is missing (`keyNotFound`), a required value is null (`valueNotFound`), a value has the wrong JSON type
    /// (`typeMismatch`).
    public enum Kind: String, Sendable {
        case dataCorrupted, keyNotFound, valueNotFound, typeMismatch
    }

    public var kind: Kind
    /// From the payload's top down to the value that failed.
    public var path: [String]
    public var message: String

    init(_ kind: Kind, _ message: String, path: [String] = []) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    public var description: String {
        let where_ = path.isEmpty ? "" : " at " + path.reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
        return "\(kind.rawValue)\(where_): \(message)"
    }

    /// The error with `element` put in front of its path.
    func within(_ element: String) -> PayloadDecodingError {
        var copy = self
        copy.path.insert(element, at: 0)
        return copy
    }
}

/// The members a payload type reads, by their stored (snake_case) names.
struct PayloadFields: Sendable {
    /// The stored names, as written by `EventCoding.encoder` (`.convertToSnakeCase`).
    let names: [String]
    private let utf8: [[UInt8]]
    /// What `EventCoding.SnakeCaseKey` turns each name into: the property it was written from.
    private let properties: [String]

    init(_ names: String...) {
        self.init(names)
    }

    init(_ names: [String]) {
        precondition(names.count <= 64, "a seen-mask holds 64 fields")
        self.names = names
        utf8 = names.map { Array($0.utf8) }
        properties = names.map { EventCoding.SnakeCaseKey(camelCase: $0).stringValue }
    }

    /// The index of the field `key` names: its stored name byte for byte, or else any key that converts to
    /// the same property (`fundID`, `fund__id`), as `JSONDecoder` with the ledger's key strategy matches it.
    func index(of key: PayloadReader.Key, in reader: PayloadReader) -> Int? {
        if case .raw(let range) = key {
            let count = range.count
            for (field, name) in utf8.enumerated() where name.count == count {
                var equal = true
                for offset in 0..<count where reader.bytes[range.lowerBound + offset] != name[offset] {
                    equal = false
                    break
                }
                if equal { return field }
            }
        }
        let property = EventCoding.SnakeCaseKey(camelCase: reader.keyText(key)).stringValue
        return properties.firstIndex(of: property)
    }

    /// `value`, or a `keyNotFound` error naming the field.
    func required<Value>(_ value: Value?, _ field: Int) throws -> Value {
        guard let value else { throw PayloadDecodingError(.keyNotFound, "no member \"\(names[field])\"") }
        return value
    }
}

/// A value the payload decoder reads: each event type and each value type its payloads hold.
protocol PayloadReadable {
    /// Reads one value at the reader, which must be at its first byte, and leaves the reader after it.
    init(reading reader: inout PayloadReader) throws
}

extension PayloadReader {
    /// Reads an object: `body` gets the index in `fields` of each member it knows, with the reader at the
    /// value, which it must read; other members, and later members with a name already read, are checked
    /// and skipped.
    mutating func readObject(_ fields: PayloadFields, _ body: (Int, inout PayloadReader) throws -> Void) throws {
        var seen: UInt64 = 0
        var more = try beginObject()
        while more {
            let key = try readKey()
            if let field = fields.index(of: key, in: self), seen & (1 << UInt64(field)) == 0 {
                seen |= 1 << UInt64(field)
                do {
                    try body(field, &self)
                } catch let error as PayloadDecodingError {
                    throw error.within(fields.names[field])
                }
            } else {
                try skipValue(depth: 1)
            }
            more = try nextMember()
        }
    }

    mutating func read<Value: PayloadReadable>(_: Value.Type = Value.self) throws -> Value {
        try Value(reading: &self)
    }

    /// nil for null (a member that is absent is nil too: it is never read).
    mutating func readOptional<Value: PayloadReadable>(_: Value.Type = Value.self) throws -> Value? {
        readNull() ? nil : try Value(reading: &self)
    }

    mutating func readArray<Value: PayloadReadable>(_: Value.Type = Value.self) throws -> [Value] {
        var values: [Value] = []
        var more = try beginArray()
        while more {
            do {
                values.append(try Value(reading: &self))
            } catch let error as PayloadDecodingError {
                throw error.within("[\(values.count)]")
            }
            more = try nextElement()
        }
        return values
    }

    /// A string read by `parse`; one it refuses is `dataCorrupted` (as `Decoder.decodeText`).
    mutating func readText<Value>(expecting expected: String, _ parse: (String) -> Value?) throws -> Value {
        let text = try readString()
        guard let value = parse(text) else { throw PayloadDecodingError(.dataCorrupted, "expected \(expected), got \"\(text)\"") }
        return value
    }
}

// MARK: Values

extension String: PayloadReadable {
    init(reading reader: inout PayloadReader) throws { self = try reader.readString() }
}

extension Int: PayloadReadable {
    init(reading reader: inout PayloadReader) throws { self = try reader.readInt() }
}

extension Int64: PayloadReadable {
    init(reading reader: inout PayloadReader) throws { self = try reader.readInt64() }
}

extension Bool: PayloadReadable {
    init(reading reader: inout PayloadReader) throws { self = try reader.readBool() }
}

extension UUID: PayloadReadable {
    init(reading reader: inout PayloadReader) throws {
        self = try reader.readText(expecting: "a UUID") { UUID(uuidString: $0) }
    }
}

extension CivilDate: PayloadReadable {
    init(reading reader: inout PayloadReader) throws {
        self = try reader.readText(expecting: "YYYY-MM-DD") { CivilDate($0) }
    }
}

extension Currency: PayloadReadable {
    init(reading reader: inout PayloadReader) throws {
        self = try reader.readText(expecting: #"a three-letter currency code such as "SEK""#) { Currency($0) }
    }
}

extension Rate: PayloadReadable {
    init(reading reader: inout PayloadReader) throws {
        self = try reader.readText(expecting: #"a decimal rate such as "0.035" or "50%""#) { Rate($0) }
    }
}

extension Money: PayloadReadable {
    private static let fields = PayloadFields("ore", "currency")

    init(reading reader: inout PayloadReader) throws {
        var ore: Int64?
        var currency: Currency?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { ore = try reader.readInt64() } else { currency = try reader.read() }
        }
        let amount = try Self.fields.required(ore, 0)
        // No stored amount can be larger than a command accepts: beyond it, the sums a fold makes could overflow.
        guard amount.magnitude <= LedgerLimits.amountOreMax.magnitude else {
            throw PayloadDecodingError(.dataCorrupted,
                "\(LedgerLimits.text(amount)) is beyond the ledger's limit of \(LedgerLimits.text(LedgerLimits.amountOreMax)) for one amount",
                path: ["ore"])
        }
        let (sum, overflow) = reader.moneyMagnitude.addingReportingOverflow(Int64(amount.magnitude))
        reader.moneyMagnitude = overflow ? .max : sum
        self.init(ore: amount, currency: try Self.fields.required(currency, 1))
    }
}

/// Enums stored as their raw text.
extension PayloadReadable where Self: RawRepresentable, RawValue == String {
    init(reading reader: inout PayloadReader) throws {
        self = try reader.readText(expecting: "one of the values of \(Self.self)") { Self(rawValue: $0) }
    }
}

extension DepartmentKind: PayloadReadable {}
extension RepaymentMethod: PayloadReadable {}
extension ClosingOutcome: PayloadReadable {}
extension ValueKind: PayloadReadable {}

extension EventMetadata: PayloadRecord {
    static let payloadLayout = PayloadLayout<EventMetadata>(
        blank: EventMetadata(actor: ""), .required("actor", \.actor), .optional("reason", \.reason),
        .optional("decision_reference", \.decisionReference), .optional("command_id", \.commandID),
        .optional("command_digest", \.commandDigest), .optional("shared_with", \.sharedWith))
}
