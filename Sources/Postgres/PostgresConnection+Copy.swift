import CLibPQ

// COPY FROM STDIN and COPY TO STDOUT on a PostgresConnection: bulk rows in and out as COPY text.

extension PostgresConnection {
    /// Streams `rows` (each one line of COPY text format, without the newline) into a `COPY … FROM STDIN`
    /// statement; returns the number of rows the server stored.
    @discardableResult
    public func copyIn(_ statement: PostgresQuery, rows: some Sequence<String>) throws -> Int {
        precondition(statement.bindings.isEmpty, "COPY takes no bound parameters")
        try ensureOpen()
        guard let start = PQexec(connection, statement.sql) else { throw lastError(result: nil) }
        let startStatus = PQresultStatus(start)
        if startStatus != PGRES_COPY_IN {
            defer { PQclear(start) }
            try check(start)
            throw PostgresError(kind: .client, message: "statement did not start COPY FROM STDIN")
        }
        PQclear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        var failure: (any Error)?
        for row in rows {
            buffer.append(contentsOf: row.utf8)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 60 * 1024 {
                if !putCopyData(buffer) { failure = lastError(result: nil); break }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if failure == nil, !buffer.isEmpty, !putCopyData(buffer) { failure = lastError(result: nil) }
        _ = PQputCopyEnd(connection, failure == nil ? nil : "client aborted COPY")
        var stored = 0
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            if failure == nil {
                do {
                    try check(result)
                    stored += Int(String(cString: PQcmdTuples(result))) ?? 0
                } catch { failure = error }
            }
        }
        if let failure { throw failure }
        return stored
    }

    private func putCopyData(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                PQputCopyData(connection, $0.baseAddress, Int32($0.count)) == 1
            }
        }
    }

    /// Runs a `COPY … TO STDOUT` statement, handing each data row (raw bytes, newline included) to
    /// `receive`; returns the number of rows.
    @discardableResult
    public func copyOut(_ statement: PostgresQuery, _ receive: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        precondition(statement.bindings.isEmpty, "COPY takes no bound parameters")
        try ensureOpen()
        guard let start = PQexec(connection, statement.sql) else { throw lastError(result: nil) }
        if PQresultStatus(start) != PGRES_COPY_OUT {
            defer { PQclear(start) }
            try check(start)
            throw PostgresError(kind: .client, message: "statement did not start COPY TO STDOUT")
        }
        PQclear(start)
        var count = 0
        var failure: (any Error)?
        while true {
            var pointer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &pointer, 0)
            if length == -1 { break }
            if length == -2 { failure = lastError(result: nil); break }
            if let pointer {
                defer { PQfreemem(pointer) }
                if failure == nil {
                    do {
                        try receive(UnsafeRawBufferPointer(start: pointer, count: Int(length)))
                    } catch { failure = error }
                }
                count += 1
            }
        }
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            if failure == nil { do { try check(result) } catch { failure = error } }
        }
        if let failure { throw failure }
        return count
    }
}
