import EventStore
import Foundation
import Postgres

/// Rows for one `COPY table (columns) FROM STDIN`, kept as the bytes COPY's text format sends: a rebuild
/// writes hundreds of thousands of rows, so fields are written straight into one buffer (no `String` per
/// field, none per row).
public struct CopyBlock: Sendable {
    public var table: String
    public var columns: [String]
    /// The rows so far in COPY text format, each ended by a newline.
    public private(set) var bytes: [UInt8] = []
    public private(set) var rowCount = 0

    /// `capacity`: bytes to reserve for the rows.
    public init(table: String, capacity: Int = 0, columns: [String]) {
        self.table = table
        self.columns = columns
        bytes.reserveCapacity(capacity)
    }

    public var isEmpty: Bool { rowCount == 0 }

    /// Appends one row of text fields (`nil` is SQL NULL).
    public mutating func append(_ fields: [String?]) {
        appendRow { row in for field in fields { row.text(field) } }
    }

    /// Appends one row written field by field; it must write one field per column.
    public mutating func appendRow(_ write: (inout CopyRowWriter) -> Void) {
        var row = CopyRowWriter(bytes: [])
        swap(&row.bytes, &bytes)  // the writer appends to this block's buffer without copying it
        write(&row)
        swap(&row.bytes, &bytes)
        precondition(row.fieldCount == columns.count, "a \(table) row needs \(columns.count) fields, got \(row.fieldCount)")
        bytes.append(UInt8(ascii: "\n"))
        rowCount += 1
    }

    var statement: PostgresQuery {
        PostgresQuery(unsafeSQL: "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
    }
}

/// Writes one row's fields in PostgreSQL's COPY text format: tab-separated; backslash, tab, newline and
/// carriage return escaped; SQL NULL as `\N`.
public struct CopyRowWriter {
    fileprivate var bytes: [UInt8]
    fileprivate private(set) var fieldCount = 0

    fileprivate init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func startField() {
        if fieldCount > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldCount += 1
    }

    /// A text field, escaped; `nil` is SQL NULL.
    public mutating func text(_ value: String?) {
        startField()
        guard var value else {
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            return
        }
        value.withUTF8 { utf8 in
            // Most fields (ids, codes, names) need no escape: appended in one piece.
            guard utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                return bytes.append(contentsOf: utf8)
            }
            for byte in utf8 {
                switch byte {
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                default: bytes.append(byte)
                }
            }
        }
    }

    /// An integer field in decimal.
    public mutating func integer(_ value: some BinaryInteger) {
        startField()
        appendDecimal(Int64(value))
    }

    /// A uuid field, lower-case with hyphens.
    public mutating func uuid(_ value: UUID) {
        startField()
        withUnsafeBytes(of: value.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// A date field, `YYYY-MM-DD`.
    public mutating func date(_ value: CivilDate) {
        startField()
        appendPadded(value.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(value.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(value.day, width: 2)
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, width: 1)
    }

    private mutating func appendPadded(_ value: Int, width: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude), width: width)
    }

    /// `value`'s decimal digits, zero-padded to at least `width`, written straight into the buffer.
    private mutating func appendDigits(_ value: UInt64, width: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value, count = 0
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 || count < min(width, 24)
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }
}
