/// How the payload decoder reads one record type (an event, or a value an event holds): its members by
/// stored name, each read into a blank record through a key path.
///
/// A member of optional type may be absent or null (it stays nil), as `decodeIfPresent` reads it; any other
/// member must be there. Members the payload lacks leave the blank's value, so the blank's values for
/// required members are never seen, and those for optional members are what an absent member reads as.
struct PayloadLayout<Record: Sendable>: Sendable {
    /// One member: how it is read into the record, and whether a payload must have it.
    struct Member: Sendable {
        let name: String
        let isRequired: Bool
        let read: @Sendable (inout Record, inout PayloadReader) throws -> Void

        /// A member the payload must have.
        static func required<Value: PayloadReadable & SendableMetatype>(
            _ name: String, _ path: any WritableKeyPath<Record, Value> & Sendable
        ) -> Member {
            Member(name: name, isRequired: true) { record, reader in record[keyPath: path] = try reader.read() }
        }

        /// A member that may be absent or null: nil then.
        static func optional<Value: PayloadReadable & SendableMetatype>(
            _ name: String, _ path: any WritableKeyPath<Record, Value?> & Sendable
        ) -> Member {
            Member(name: name, isRequired: false) { record, reader in record[keyPath: path] = try reader.readOptional() }
        }
    }

    private let blank: Record
    private let fields: PayloadFields
    private let members: [Member]
    /// Bit `n` is set when member `n` is required.
    private let requiredMask: UInt64

    init(blank: Record, _ members: Member...) {
        self.blank = blank
        self.members = members
        fields = PayloadFields(members.map(\.name))
        requiredMask = members.indices.reduce(0) { mask, index in members[index].isRequired ? mask | 1 << UInt64(index) : mask }
    }

    /// Reads one record (an object) at the reader; the first required member it lacks is a `keyNotFound` error.
    func read(_ reader: inout PayloadReader) throws -> Record {
        var record = blank
        var seen: UInt64 = 0
        try reader.readObject(fields) { field, reader in
            try members[field].read(&record, &reader)
            seen |= 1 << UInt64(field)
        }
        let missing = requiredMask & ~seen
        if missing != 0 {
            throw PayloadDecodingError(.keyNotFound, "no member \"\(fields.names[missing.trailingZeroBitCount])\"")
        }
        return record
    }
}

/// A record type the payload decoder reads by its `PayloadLayout`.
protocol PayloadRecord: PayloadReadable, Sendable {
    static var payloadLayout: PayloadLayout<Self> { get }
}

extension PayloadRecord {
    init(reading reader: inout PayloadReader) throws {
        self = try Self.payloadLayout.read(&reader)
    }
}

/// Arrays of readable values, so that a layout member can be an array.
extension Array: PayloadReadable where Element: PayloadReadable {
    init(reading reader: inout PayloadReader) throws {
        self = try reader.readArray()
    }
}
