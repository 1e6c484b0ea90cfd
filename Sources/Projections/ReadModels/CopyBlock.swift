import EventStore
import Foundation
import Postgres

/// Rows for one `COPY table (columns) FROM STDIN (FORMAT binary)`, kept as the bytes COPY's binary format
/// sends: a rebuild writes hundreds of thousands of rows, so fields are written straight into one buffer (no
/// `String` per field, none per row), and PostgreSQL takes each field as it is stored instead of parsing it
/// from text (a third less of its time for the postings rows, measured with `\copy` of the same rows).
public struct CopyBlock: Sendable {
    public var table: String
    public var columns: [String]
    /// The rows so far in COPY binary format: for each, its field count, then each field's length and bytes.
    public private(set) var bytes: [UInt8] = []
    public private(set) var rowCount = 0

    /// `capacity`: bytes to reserve for the rows.
    public init(table: String, capacity: Int = 0, columns: [String]) {
        self.table = table
        self.columns = columns
        bytes.reserveCapacity(capacity)
    }

    public var isEmpty: Bool { rowCount == 0 }

    /// Appends one row written field by field; it must write one field per column, each of the column's type.
    public mutating func appendRow(_ write: (inout CopyRowWriter) -> Void) {
        var row = CopyRowWriter(bytes: [])
        swap(&row.bytes, &bytes)  // the writer appends to this block's buffer without copying it
        row.appendBigEndian(Int16(columns.count))
        write(&row)
        swap(&row.bytes, &bytes)
        precondition(row.fieldCount == columns.count, "a \(table) row needs \(columns.count) fields, got \(row.fieldCount)")
        rowCount += 1
    }

    /// The `COPY … FROM STDIN (FORMAT binary)` statement for these rows.
    public var statement: PostgresQuery {
        PostgresQuery(unsafeSQL: "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN (FORMAT binary)")
    }

    /// Sends the rows, between the format's header and trailer; returns the number of rows stored.
    @discardableResult
    public func copy(into connection: isolated PostgresConnection) throws -> Int {
        try connection.copyIn(statement, data: Self.header, bytes, Self.trailer)
    }

    /// The signature, no flags, no header extension.
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// A field count of -1 ends the data.
    static let trailer: [UInt8] = [0xFF, 0xFF]
}

/// Writes one row's fields in PostgreSQL's COPY binary format: each field its length (-1 for SQL NULL)
/// and its bytes as the type's binary receive function reads them, integers big-endian.
public struct CopyRowWriter {
    fileprivate var bytes: [UInt8]
    fileprivate private(set) var fieldCount = 0

    fileprivate init(bytes: [UInt8]) { self.bytes = bytes }

    /// PostgreSQL's dates count days from 2000-01-01; `CivilDate`'s from 1970-01-01.
    private static let postgresEpochDays = CivilDate(year: 2000, month: 1, day: 1)!.daysSinceEpoch

    fileprivate mutating func appendBigEndian(_ value: some FixedWidthInteger) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func startField(length: Int32) {
        fieldCount += 1
        appendBigEndian(length)
    }

    /// A `text` field (UTF-8); `nil` is SQL NULL.
    public mutating func text(_ value: String?) {
        guard var value else { return startField(length: -1) }
        value.withUTF8 { utf8 in
            startField(length: Int32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A `bigint` field.
    public mutating func bigint(_ value: Int64) {
        startField(length: 8)
        appendBigEndian(value)
    }

    /// An `integer` field (32 bits: a value outside them is a programming error).
    public mutating func integer(_ value: Int) {
        startField(length: 4)
        appendBigEndian(Int32(value))
    }

    /// A `uuid` field: its 16 bytes.
    public mutating func uuid(_ value: UUID) {
        startField(length: 16)
        withUnsafeBytes(of: value.uuid) { bytes.append(contentsOf: $0) }
    }

    /// A `date` field.
    public mutating func date(_ value: CivilDate) {
        startField(length: 4)
        appendBigEndian(Int32(value.daysSinceEpoch - Self.postgresEpochDays))
    }
}
