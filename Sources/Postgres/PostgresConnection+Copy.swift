import CLibPQ

// COPY FROM STDIN and COPY TO STDOUT on a PostgresConnection: bulk rows in and out as COPY text.

extension PostgresConnection {
    /// Streams `rows` (each one line of COPY text format, without the newline) into a `COPY … FROM STDIN`
    /// statement; returns the number of rows the server stored.
    @discardableResult
    public func copyIn(_ statement: PostgresQuery, rows: some Sequence<String>) throws -> Int {
        try copyIn(statement) { put in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(64 * 1024)
            for row in rows {
                buffer.append(contentsOf: row.utf8)
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= 60 * 1024 {
                    guard buffer.withUnsafeBytes(put) else { return false }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            return buffer.isEmpty || buffer.withUnsafeBytes(put)
        }
    }

    /// Sends `data` — pieces that together are the statement's data in its format (text rows each ended by a
    /// newline; or a binary header, rows and trailer) — into a `COPY … FROM STDIN` statement, in chunks;
    /// returns the number of rows the server stored.
    @discardableResult
    public func copyIn(_ statement: PostgresQuery, data: [UInt8]...) throws -> Int {
        try copyIn(statement) { put in
            data.allSatisfy { piece in
                piece.withUnsafeBytes { bytes in
                    stride(from: 0, to: bytes.count, by: 256 * 1024).allSatisfy { start in
                        put(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + 256 * 1024, bytes.count)]))
                    }
                }
            }
        }
    }

    /// Starts the COPY, lets `send` hand over the data through `put` (false: the send failed, stop), ends it
    /// (aborting it if sending failed) and collects the server's answer.
    private func copyIn(_ statement: PostgresQuery, send: ((UnsafeRawBufferPointer) -> Bool) -> Bool) throws -> Int {
        precondition(statement.parameters.isEmpty, "COPY takes no bound parameters")
        try ensureOpen()
        guard let start = PQexec(connection, statement.sql) else { throw lastError(result: nil) }
        let startStatus = PQresultStatus(start)
        if startStatus != PGRES_COPY_IN {
            defer { PQclear(start) }
            try check(start)
            throw PostgresError(kind: .client, message: "statement did not start COPY FROM STDIN")
        }
        PQclear(start)
        var failure: (any Error)?
        let connection = connection
        let sent = send { chunk in
            chunk.isEmpty || PQputCopyData(connection, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count)) == 1
        }
        if !sent { failure = lastError(result: nil) }
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

    /// Runs a `COPY … TO STDOUT` statement, handing each data row (raw bytes, newline included) to
    /// `receive`; returns the number of rows.
    @discardableResult
    public func copyOut(_ statement: PostgresQuery, _ receive: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        precondition(statement.parameters.isEmpty, "COPY takes no bound parameters")
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
