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

    public init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
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
        let hex = Array("0123456789abcdef".utf8)
        withUnsafeBytes(of: value.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
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
        bytes.append(contentsOf: String(value).utf8)  // up to 15 digits a String needs no allocation
    }

    private mutating func appendPadded(_ value: Int, width: Int) {
        let text = String(value).utf8
        if text.count < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - text.count)) }
        bytes.append(contentsOf: text)
    }
}
