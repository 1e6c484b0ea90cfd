import CLibPQ
import Foundation

// Results in PostgreSQL's binary format, read in place: no text rendering on the server (`to_char`,
// `encode`), no `String` per column on the client. Used where rows are read by the hundred thousand (the
// event log); everything else reads text rows (`PostgresRow`).

extension PostgresConnection {
    /// Runs a statement asking for binary results and returns `decode` of each row, in order. `decode` runs
    /// on this connection's thread and must not keep the row: its bytes are freed when this call returns.
    public func queryBinary<T: Sendable>(
        _ query: PostgresQuery, _ decode: @Sendable (PostgresBinaryRow) throws -> T
    ) throws -> [T] {
        let result = try run(query, resultFormat: 1)
        defer { PQclear(result) }
        let count = Int(PQntuples(result))
        var values: [T] = []
        values.reserveCapacity(count)
        for row in 0..<count { values.append(try decode(PostgresBinaryRow(result: result, row: Int32(row)))) }
        return values
    }
}

/// One row of a binary-format result. Each accessor checks the column's type and length before reading,
/// and copies only what it returns; a column of another type is a decoding error naming it.
public struct PostgresBinaryRow {
    private let result: OpaquePointer
    private let row: Int32

    init(result: OpaquePointer, row: Int32) {
        self.result = result
        self.row = row
    }

    /// Type OIDs of the built-in types read here (`pg_type.oid`, fixed since PostgreSQL 7).
    enum TypeOID: UInt32 {
        case bytea = 17, int8 = 20, int2 = 21, int4 = 23, text = 25, varchar = 1043, date = 1082, timestamp = 1114
        case timestamptz = 1184, uuid = 2950, jsonb = 3802
    }

    /// Microseconds and days between 1970-01-01 and PostgreSQL's epoch, 2000-01-01.
    static let epochOffsetMicroseconds: Int64 = 946_684_800_000_000
    static let epochOffsetDays = 10_957
    /// 0001-01-01T00:00:00Z up to (not including) 10000-01-01, in microseconds since 1970: the instants the
    /// text forms `Timestamp` and `CivilDate` print (four-digit years, no era) can stand for.
    static let yearsOneToNineThousandNineHundredNinetyNine: Range<Int64> = -62_135_596_800_000_000..<253_402_300_800_000_000

    /// Whether the column is SQL NULL.
    public func isNull(_ column: Int) -> Bool { PQgetisnull(result, row, Int32(column)) == 1 }

    /// An `int2`, `int4` or `int8` column.
    public func int64(_ column: Int) throws -> Int64 {
        let bytes = try value(column, [.int8, .int4, .int2])
        switch bytes.count {
        case 8: return Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))
        case 4: return Int64(Int32(bigEndian: bytes.loadUnaligned(as: Int32.self)))
        case 2: return Int64(Int16(bigEndian: bytes.loadUnaligned(as: Int16.self)))
        default: throw malformed(column, "an integer of \(bytes.count) bytes")
        }
    }

    /// A `text` or `varchar` column, or a `jsonb` column's text (exactly what `jsonb::text` prints).
    public func text(_ column: Int) throws -> String {
        var bytes = try value(column, [.text, .varchar, .jsonb])
        if PQftype(result, Int32(column)) == TypeOID.jsonb.rawValue {
            guard bytes.first == 1 else { throw malformed(column, "jsonb of an unknown binary version") }
            bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A `text` column that may be NULL.
    public func textIfPresent(_ column: Int) throws -> String? { isNull(column) ? nil : try text(column) }

    /// A `uuid` column.
    public func uuid(_ column: Int) throws -> UUID {
        let bytes = try value(column, [.uuid])
        guard bytes.count == 16 else { throw malformed(column, "a uuid of \(bytes.count) bytes") }
        return UUID(uuid: bytes.loadUnaligned(as: uuid_t.self))
    }

    /// A `bytea` column's bytes.
    public func bytes(_ column: Int) throws -> [UInt8] { Array(try value(column, [.bytea])) }

    /// A `timestamptz` (or `timestamp`) column as microseconds since 1970-01-01 UTC.
    public func microsecondsSince1970(_ column: Int) throws -> Int64 {
        let bytes = try value(column, [.timestamptz, .timestamp])
        guard bytes.count == 8 else { throw malformed(column, "a timestamp of \(bytes.count) bytes") }
        let value = Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))
        let (micros, overflow) = value.addingReportingOverflow(Self.epochOffsetMicroseconds)
        guard !overflow, Self.yearsOneToNineThousandNineHundredNinetyNine.contains(micros) else {
            throw malformed(column, "a timestamp outside the years 1 to 9999 (or infinite)")
        }
        return micros
    }

    /// A `date` column as days since 1970-01-01.
    public func daysSince1970(_ column: Int) throws -> Int {
        let bytes = try value(column, [.date])
        guard bytes.count == 4 else { throw malformed(column, "a date of \(bytes.count) bytes") }
        let days = Int(Int32(bigEndian: bytes.loadUnaligned(as: Int32.self))) + Self.epochOffsetDays
        guard Self.yearsOneToNineThousandNineHundredNinetyNine.contains(Int64(days) * 86_400_000_000) else {
            throw malformed(column, "a date outside the years 1 to 9999 (or infinite)")
        }
        return days
    }

    /// The column's bytes, after checking it is not NULL and is of one of `types`.
    private func value(_ column: Int, _ types: [TypeOID]) throws -> UnsafeRawBufferPointer {
        guard column >= 0, column < Int(PQnfields(result)) else {
            throw PostgresError(kind: .decoding, message: "result has no column \(column)")
        }
        guard !isNull(column) else { throw malformed(column, "NULL") }
        let oid = PQftype(result, Int32(column))
        guard types.contains(where: { $0.rawValue == oid }) else { throw malformed(column, "of type oid \(oid)") }
        let length = Int(PQgetlength(result, row, Int32(column)))
        return UnsafeRawBufferPointer(start: PQgetvalue(result, row, Int32(column)), count: length)
    }

    private func malformed(_ column: Int, _ what: String) -> PostgresError {
        let name = PQfname(result, Int32(column)).map { String(cString: $0) } ?? "\(column)"
        return PostgresError(kind: .decoding, message: "column \(name) is \(what)")
    }
}
