import CLibPQ
import Foundation

/// One connection to PostgreSQL, owned by an actor so only one task ever talks on it at a time.
///
/// Open with a conninfo string or URI (`postgresql://…`); an empty string lets libpq use the standard
/// `PG*` environment variables. Every statement is sent with bound parameters (`PQprepare` /
/// `PQexecPrepared`, or `PQexecParams` once the statement cache is full). The actor runs on a thread
/// of its own (see `DedicatedThreadExecutor`), so blocking libpq calls never stall other tasks.
public actor PostgresConnection {
    /// Prepared statements kept per connection; beyond this, statements are sent unprepared.
    public static let preparedStatementCountMax = 256

    private let handle: ConnectionHandle
    var connection: OpaquePointer { handle.pointer }
    private let executor: DedicatedThreadExecutor
    /// Statement names by `ParameterArrays.statementKey` (the SQL, and the positions of binary parameters).
    private var preparedStatements: [String: String] = [:]
    /// Session parameters set through `applySessionParameters`, with their values ("" once reset).
    private var sessionParameters: [String: String] = [:]
    private var isClosed = false
    /// A pipe whose write end `interruptWait()` pokes to wake a `waitForNotifications` call early.
    private let wakePipe: (read: Int32, write: Int32)

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Opens a connection. `conninfo` may be `key=value` pairs or a `postgresql://` URI.
    public init(conninfo: String) async throws {
        // client_encoding as a connection parameter after the user's conninfo (expanded from `dbname`)
        // overrides PGCLIENTENCODING, so even a value libpq or the server would reject cannot stop us.
        let keywords = ["dbname", "client_encoding"], values = [conninfo, "UTF8"]
        let connection = withArrayOfCStrings(keywords) { keywordPointers in
            withArrayOfCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError(kind: .connectionFailed, message: "cannot connect to PostgreSQL: \(message)")
        }
        do {
            try Self.pinSessionSettings(connection)
        } catch {
            PQfinish(connection)
            throw error
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            PQfinish(connection)
            throw PostgresError(kind: .client, message: "cannot create a wake-up pipe")
        }
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        self.handle = ConnectionHandle(pointer: connection)
        self.wakePipe = (fds[0], fds[1])
        self.executor = DedicatedThreadExecutor(name: "postgres-connection")
        // Quiet NOTICE messages (e.g. "relation already exists, skipping") instead of printing to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    /// Settings every session runs with, whatever `PGCLIENTENCODING`, `PGOPTIONS`, `PGDATESTYLE` or `PGTZ`
    /// say: text crosses the wire as UTF-8 (a LATIN1 client encoding would turn "Välfärd" into other
    /// bytes, break hashes and store mojibake), dates and times in ISO form and UTC.
    public static let pinnedSettings: KeyValuePairs<String, String> = [
        "client_encoding": "UTF8", "DateStyle": "ISO, YMD", "IntervalStyle": "postgres", "TimeZone": "UTC",
    ]

    /// Applies `pinnedSettings` and refuses a database whose encoding is not UTF8 (SQLSTATE FL090).
    private static func pinSessionSettings(_ connection: OpaquePointer) throws {
        let sets = pinnedSettings.map { "SET \($0.key) TO '\($0.value)';" }.joined(separator: " ")
        for sql in [sets, "SHOW server_encoding"] {
            guard let result = PQexec(connection, sql) else {
                throw PostgresError(kind: .connectionFailed, message: "cannot set up the session: \(String(cString: PQerrorMessage(connection)))")
            }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
                let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
                throw PostgresError(kind: .connectionFailed, message: "cannot set up the session (\(sql)): \(message)")
            }
            if status == PGRES_TUPLES_OK, let value = PQgetvalue(result, 0, 0), String(cString: value) != "UTF8" {
                throw PostgresError(
                    kind: .connectionFailed, sqlState: "FL090",
                    message: "the database's encoding is \(String(cString: value)); FundLedger needs a UTF8 database (createdb --encoding UTF8)")
            }
        }
        guard PQclientEncoding(connection) == pg_char_to_encoding("UTF8") else {
            throw PostgresError(kind: .connectionFailed, message: "the connection's client encoding could not be set to UTF8")
        }
    }

    deinit {
        if !isClosed { PQfinish(handle.pointer) }
        Glibc.close(wakePipe.read)
        Glibc.close(wakePipe.write)
        executor.shutdown()
    }

    /// Closes the connection; later calls fail with `connectionLost`.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        PQfinish(connection)
    }

    /// The server process id serving this connection (useful for `pg_terminate_backend` in tests).
    public var backendProcessID: Int32 { PQbackendPID(connection) }

    // MARK: Statements

    /// Runs a statement and returns all result rows.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        let result = try run(query)
        defer { PQclear(result) }
        return Self.rows(of: result)
    }

    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> Int {
        let result = try run(query)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs trusted SQL text that may hold several statements (migration files) with the simple
    /// query protocol. No parameters can be bound here, which is why the name says `unsafe`.
    public func executeScript(unsafeSQL sql: String) throws {
        try ensureOpen()
        guard let result = PQexec(connection, sql) else { throw lastError(result: nil) }
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs `body` inside `SAVEPOINT name` … `RELEASE`, in a transaction the caller holds open; an error rolls
    /// back to the savepoint (the transaction stays usable) and is rethrown. `name` is a fixed identifier.
    public func inSavepoint<T: Sendable>(_ name: StaticString, _ body: @Sendable (isolated PostgresConnection) throws -> T) throws -> T {
        try execute(PostgresQuery(unsafeSQL: "SAVEPOINT \(name)"))
        do {
            let value = try body(self)
            try execute(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT \(name)"))
            return value
        } catch {
            try execute(PostgresQuery(unsafeSQL: "ROLLBACK TO SAVEPOINT \(name)"))
            throw error
        }
    }

    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    public func transaction<T: Sendable>(
        isolation level: String = "READ COMMITTED",
        _ body: @Sendable (isolated PostgresConnection) throws -> T
    ) throws -> T {
        try execute(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(level)"))
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if PQtransactionStatus(connection) != PQTRANS_IDLE { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Sets the session parameters (`set_config(name, value, false)`) so that exactly `wanted` are set:
    /// those set earlier and not wanted now go back to "" — `role` to `none`, the login's own rights, as
    /// `RESET ROLE` would (`SET ROLE` as a parameter: the server reads as a read-only role). One statement,
    /// and none when nothing changes.
    public func applySessionParameters(_ wanted: [String: String]) throws {
        var changes: [(String, String)] = []
        for name in Set(wanted.keys).union(sessionParameters.keys).sorted()
        where (wanted[name] ?? "") != (sessionParameters[name] ?? "") {
            changes.append((name, wanted[name] ?? (name == "role" ? "none" : "")))
        }
        guard !changes.isEmpty else { return }
        var sql = "SELECT "
        var values: [String?] = []
        for (index, change) in changes.enumerated() {
            sql += (index == 0 ? "" : ", ") + "set_config($\(2 * index + 1), $\(2 * index + 2), false)"
            values += [change.0, change.1]
        }
        _ = try query(PostgresQuery(unsafeSQL: sql, bindings: values))
        for (name, _) in changes { sessionParameters[name] = wanted[name] ?? "" }
    }

    /// Whether the connection is inside a transaction block.
    public var isInTransaction: Bool { PQtransactionStatus(connection) != PQTRANS_IDLE }

    // MARK: LISTEN / NOTIFY

    /// Starts listening on `channel` (quoted as an identifier, so any name is safe).
    public func listen(_ channel: String) throws {
        try executeScript(unsafeSQL: "LISTEN \(try quoteIdentifier(channel))")
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: String) throws {
        try executeScript(unsafeSQL: "UNLISTEN \(try quoteIdentifier(channel))")
    }

    /// Sends a notification (delivered when the current transaction commits).
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Returns pending notifications, waiting on the socket (with `poll`, no sleeping) until one arrives,
    /// `timeout` passes, or `interruptWait()` is called. Returns an empty array on timeout or interrupt.
    public func waitForNotifications(timeout: Duration?) throws -> [PostgresNotification] {
        try ensureOpen()
        // A wake-up left from an earlier interrupt must not end this wait; cancellation is checked after
        // draining, so a cancel that races with this call is still seen (here, or by poll below).
        var sink = [UInt8](repeating: 0, count: 64)
        while read(wakePipe.read, &sink, sink.count) > 0 {}
        if Task.isCancelled { return [] }
        var received = try drainNotifications()
        if !received.isEmpty { return received }
        let socket = PQsocket(connection)
        guard socket >= 0 else { throw PostgresError(kind: .connectionLost, message: "connection has no socket") }
        var fds = [
            pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
        ]
        // nil waits without limit; a negative timeout (a deadline already passed) does not wait at all.
        let timeoutMs: Int32 = timeout.map {
            max(0, Int32(clamping: $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000))
        } ?? -1
        let ready = poll(&fds, 2, timeoutMs)
        if ready < 0 && errno != EINTR {
            throw PostgresError(kind: .client, message: "poll on the connection socket failed (errno \(errno))")
        }
        if fds[1].revents != 0 {
            while read(wakePipe.read, &sink, sink.count) > 0 {}
        }
        received = try drainNotifications()
        return received
    }

    /// Wakes a `waitForNotifications` call that is blocked in `poll`; safe to call from anywhere.
    public nonisolated func interruptWait() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    private func drainNotifications() throws -> [PostgresNotification] {
        guard PQconsumeInput(connection) == 1 else { throw lastError(result: nil) }
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(connection) {
            notifications.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra),
                    senderProcessID: notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return notifications
    }

    // MARK: Plumbing (COPY is in PostgresConnection+Copy.swift)

    private func quoteIdentifier(_ name: String) throws -> String {
        guard let quoted = PQescapeIdentifier(connection, name, name.utf8.count) else { throw lastError(result: nil) }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    func ensureOpen() throws {
        if isClosed { throw PostgresError(kind: .connectionLost, message: "the connection is closed") }
    }

    /// Sends a statement with its parameters (text, and bytes in binary: `ParameterArrays.swift`), preparing
    /// it once per connection while the cache has room; `resultFormat` 1 asks for every column in binary
    /// form (`PostgresConnection+Binary.swift`).
    func run(_ query: PostgresQuery, resultFormat: Int32 = 0) throws -> OpaquePointer {
        try ensureOpen()
        let result: OpaquePointer? = try withParameterArrays(query) { parameters in
            let (count, values, lengths, formats) = (parameters.count, parameters.values, parameters.lengths, parameters.formats)
            if let name = preparedStatements[parameters.statementKey] {
                return PQexecPrepared(connection, name, count, values, lengths, formats, resultFormat)
            }
            if preparedStatements.count < Self.preparedStatementCountMax {
                let name = "fl_\(preparedStatements.count)"
                guard let prepared = PQprepare(connection, name, query.sql, count, parameters.types) else {
                    throw lastError(result: nil)
                }
                defer { PQclear(prepared) }
                try check(prepared)
                preparedStatements[parameters.statementKey] = name
                return PQexecPrepared(connection, name, count, values, lengths, formats, resultFormat)
            }
            return PQexecParams(connection, query.sql, count, parameters.types, values, lengths, formats, resultFormat)
        }
        guard let result else { throw lastError(result: nil) }
        do { try check(result) } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    func check(_ result: OpaquePointer) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_SINGLE_TUPLE:
            return
        default:
            throw lastError(result: result)
        }
    }

    func lastError(result: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let connectionBad = PQstatus(connection) != CONNECTION_OK
        let fallback = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
        let sqlState = field("C")
        let message = field("M") ?? (fallback.isEmpty ? "unknown libpq error" : fallback)
        let kind: PostgresError.Kind =
            connectionBad ? .connectionLost : (sqlState == nil ? .client : .server)
        return PostgresError(
            kind: kind, sqlState: sqlState,
            message: kind == .connectionLost ? "lost the connection to PostgreSQL: \(message)" : message,
            detail: field("D"), hint: field("H"), constraint: field("n"))
    }

    private static func rows(of result: OpaquePointer) -> [PostgresRow] {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return rows
    }
}

/// The libpq connection pointer.
///
/// `@unchecked Sendable` is safe because only the owning `PostgresConnection` actor dereferences it, on its
/// own executor; `deinit` touches it last, when no other reference to the actor exists.
private struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Calls `body` with a NULL-terminated array of C strings holding `strings` (libpq's keyword/value lists).
private func withArrayOfCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) } + [nil])
}
