import CLibPQ
import Foundation

// A statement's parameters as libpq's parallel arrays (`paramValues`, `paramLengths`, `paramFormats`,
// `paramTypes`). Text goes as NUL-terminated copies, as before; bytes (`PostgresQuery.Binding.bytes`) go
// in binary format as a pointer into the array's own buffer, so a snapshot of tens of MB is neither
// copied nor turned into hex on its way to the socket.

/// The arrays libpq reads one statement's parameters from; `lengths`, `formats` and `types` are nil when
/// every parameter is text (libpq then takes each value as a NUL-terminated string in text format).
struct ParameterArrays {
    let count: Int32
    let values: UnsafePointer<UnsafePointer<CChar>?>?
    let lengths: UnsafePointer<Int32>?
    let formats: UnsafePointer<Int32>?
    let types: UnsafePointer<Oid>?
    /// The key a statement is prepared under: its SQL, and where it has binary parameters also their
    /// positions, because a statement is prepared with its parameters' types (SQL never holds a NUL).
    let statementKey: String
}

/// `bytea`'s type OID (`pg_type.oid`), given for binary parameters so the server reads their bytes as `bytea`
/// whatever the statement's context would infer; text parameters leave their type to the server (0).
private let byteaOID: Oid = 17

/// Calls `body` with `query`'s parameters as libpq's arrays, valid only during the call. Throws before
/// sending anything for bytes longer than libpq can describe (2 GiB; the server stops at 1 GB).
func withParameterArrays<R>(_ query: PostgresQuery, _ body: (ParameterArrays) throws -> R) throws -> R {
    let parameters = query.parameters
    let count = parameters.count
    let values = UnsafeMutableBufferPointer<UnsafePointer<CChar>?>.allocate(capacity: max(count, 1))
    values.initialize(repeating: nil)
    var copies: [UnsafeMutablePointer<CChar>] = []
    defer {
        copies.forEach { free($0) }
        values.deallocate()
    }
    var binary: [Int] = []
    for (index, parameter) in parameters.enumerated() {
        switch parameter {
        case .text(let text?):
            let copy = strdup(text)!
            copies.append(copy)
            values[index] = UnsafePointer(copy)
        case .text(.none):
            break
        case .bytes(let bytes):
            if let bytes, bytes.count > Int(Int32.max) {
                throw PostgresError(kind: .client, message: "parameter $\(index + 1) has \(bytes.count) bytes, more than libpq can send")
            }
            binary.append(index)
        }
    }
    guard !binary.isEmpty else {
        return try body(ParameterArrays(
            count: Int32(count), values: UnsafePointer(values.baseAddress), lengths: nil, formats: nil, types: nil,
            statementKey: query.sql))
    }
    var lengths = [Int32](repeating: 0, count: count)
    var formats = [Int32](repeating: 0, count: count)
    var types = [Oid](repeating: 0, count: count)
    for index in binary {
        formats[index] = 1
        types[index] = byteaOID
        if case .bytes(let bytes?) = parameters[index] { lengths[index] = Int32(bytes.count) }
    }
    let key = query.sql + "\u{0}" + binary.map { String($0 + 1) }.joined(separator: ",")
    return try pinningBytes(parameters, at: binary[...], into: values) {
        try lengths.withUnsafeBufferPointer { lengths in
            try formats.withUnsafeBufferPointer { formats in
                try types.withUnsafeBufferPointer { types in
                    try body(ParameterArrays(
                        count: Int32(count), values: UnsafePointer(values.baseAddress), lengths: lengths.baseAddress,
                        formats: formats.baseAddress, types: types.baseAddress, statementKey: key))
                }
            }
        }
    }
}

/// Points `values` at each binary parameter's own bytes, one `withUnsafeBufferPointer` inside the next, and
/// calls `body` innermost, where every pointer is valid. An empty array may have no buffer, and libpq reads a
/// NULL pointer as SQL NULL, so empty bytes point at an empty C string instead (length 0).
private func pinningBytes<R>(
    _ parameters: [PostgresQuery.Binding], at positions: ArraySlice<Int>,
    into values: UnsafeMutableBufferPointer<UnsafePointer<CChar>?>, _ body: () throws -> R
) rethrows -> R {
    guard let index = positions.first else { return try body() }
    guard case .bytes(let bytes?) = parameters[index] else {
        return try pinningBytes(parameters, at: positions.dropFirst(), into: values, body)  // NULL: no pointer
    }
    let rest = positions.dropFirst()
    guard !bytes.isEmpty else {
        return try "".withCString { empty in
            values[index] = empty
            return try pinningBytes(parameters, at: rest, into: values, body)
        }
    }
    return try bytes.withUnsafeBufferPointer { buffer in
        // libpq reads the bytes through `const char *`; `CChar` and `UInt8` may alias (same size, signedness aside).
        values[index] = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
        return try pinningBytes(parameters, at: rest, into: values, body)
    }
}
