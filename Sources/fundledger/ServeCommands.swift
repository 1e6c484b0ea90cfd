import ArgumentParser
import EventStore
import Foundation
import Logging
import PostgresEventStore
import Recording
import Reporting
import Server

/// `fundledger serve`: the HTTP API (docs/server.md) on the database the other commands use.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API: funds, events and commands, for users with API tokens (docs/server.md).",
        discussion: """
            Prints `listening on http://HOST:PORT` on stdout once it listens; logs one line per request on stderr \
            (never a token). Stops on SIGINT or SIGTERM after the requests in flight.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var reads: ReadDatabaseOptions
    @Option(name: .customLong("replica-wait"), help: ArgumentHelp("With --read-database: seconds a report at at_head waits for the replica to replay that far before answering 503 (default 5; 0 to 3600).", valueName: "seconds"))
    var replicaWait: Double?
    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?
    @Option(help: "The port to listen on (default 8080; 0: any free port, logged at start).")
    var port: Int?
    @Option(help: "Database connections the server keeps at most (default 8).")
    var connections: Int?
    @Option(name: .customLong("rate-limit"), help: "Requests a second each user may send on average, twice that at once (default 200; 0: no limit).")
    var rateLimit: Int?
    @Option(name: .customLong("batch-max"), help: "Requests at most in one group-commit transaction (default 256).")
    var batchMax: Int?
    @Option(name: .customLong("session-hours"), help: "Hours a session lasts without a request (1 to 168, default 8); at most 7 times that after login.")
    var sessionHours: Int?
    @Option(name: .customLong("reports-per-user"), help: "Reports each user may have in the making at once; one more is answered 429 (0 to 64, default 4; 0: no limit).")
    var reportsPerUser: Int?
    @Flag(name: .long, inversion: .prefixedNo, help: "Also run the projector, keeping the read models live (default off).")
    var project: Bool?
    @Option(help: "A file of settings, `name = value` per line (host, port, connections, rate-limit, batch-max, session-hours, reports-per-user, project, database, read-database, replica-wait); flags and FUNDLEDGER_SERVE_* variables win over it.")
    var config: String?

    func validate() throws {
        if let port, !ServeSetup.ports.contains(port) { throw ValidationError("--port must be 0 to 65535") }
        if let connections, !ServeSetup.connectionCounts.contains(connections) { throw ValidationError("--connections must be 1 to 64") }
        if let host, host.isEmpty { throw ValidationError("--host must not be empty") }
        if let rateLimit, rateLimit < 0 { throw ValidationError("--rate-limit must be 0 or more") }
        if let batchMax, !ServeSetup.batchCounts.contains(batchMax) { throw ValidationError("--batch-max must be 1 to 4096") }
        if let sessionHours, !ServeSetup.sessionHourCounts.contains(sessionHours) { throw ValidationError("--session-hours must be 1 to 168") }
        if let reportsPerUser, !ServeSetup.reportSlotCounts.contains(reportsPerUser) { throw ValidationError("--reports-per-user must be 0 to 64") }
        if let replicaWait, ReplicaReads.wait(seconds: replicaWait) == nil { throw ValidationError("--replica-wait must be 0 to 3600 seconds") }
    }

    /// The flags as given, for `ServeConfiguration.resolve`.
    var flags: ServeFlags {
        var flags = ServeFlags()
        (flags.host, flags.port, flags.connections, flags.rateLimit) = (host, port, connections, rateLimit)
        (flags.batchMax, flags.sessionHours, flags.project, flags.replicaWait) = (batchMax, sessionHours, project, replicaWait)
        (flags.reportsPerUser, flags.database, flags.readDatabase) = (reportsPerUser, database.database, reads.readDatabase)
        return flags
    }

    func run() async throws {
        try await reportingErrors {
            let zone = try OrganisationTime.zone()
            // Every setting, from flags, FUNDLEDGER_SERVE_* and the config file.
            let resolved = try ServeConfiguration(file: config).resolve(flags)
            var database = database, reads = reads
            (database.database, reads.readDatabase) = (resolved.database, resolved.readDatabase)
            let pool = try database.pool(connectionCountMax: resolved.connections)
            let readPool = reads.pool(connectionCountMax: resolved.connections)
            try await ServerLoginError.check(pool)
            // A server older or newer than the database would record under rules that are not the schema's.
            try await SchemaVersionCheck.require(try SchemaVersionCheck.neededVersion(), on: pool)
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            var logger = Logger(label: "fundledger.serve")
            logger.logLevel = .info
            let app = FundLedgerServer.application(
                host: resolved.host, port: resolved.port, pool: pool, readPool: readPool, zone: zone, settings: resolved.settings, logger: logger
            ) { url in
                // The one line on stdout, so a script can start it with --port 0 and read where it listens.
                FileHandle.standardOutput.write(Data("listening on \(url)\n".utf8))
            }
            try await app.runService()
            await pool.closeAll()
            await readPool?.closeAll()
        }
    }
}

/// `fundledger user`: the users of the HTTP API, their API tokens and passwords.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list and disable the users of the HTTP API, and set their passwords (docs/server.md).",
        subcommands: [UserAddCommand.self, UserListCommand.self, UserDisableCommand.self, UserPasswordCommand.self])
}

extension UserRole: ExpressibleByArgument {}

/// `fundledger user add NAME --role ROLE [--token] [--password-stdin]`: prints a new API token once, and/or
/// sets a password read from stdin.
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user with a new API token (printed once; only its SHA-256 is stored) and/or a password read from stdin (stored as a bcrypt hash).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The user's name: 1 to 63 of a-z, 0-9, '.', '_', '-' (recorded as the actor of what they record).")
    var name: String
    @Option(help: "recorder (reads and records), auditor (reads only) or admin (reads and records).")
    var role: UserRole
    @Flag(help: "Give the user an API token, for a system: printed once on stdout.")
    var token = false
    @Flag(name: .customLong("password-stdin"), help: "Give the user a password, for a person logging in at /login: one line read from stdin, 12 characters to 1000 bytes.")
    var passwordStdin = false

    func validate() throws {
        guard token || passwordStdin else { throw ValidationError("give --token, --password-stdin or both") }
    }

    func run() async throws {
        try await reportingErrors {
            try UserDirectory.checkName(name)
            let password = passwordStdin ? try Password.readLine() : nil
            let directory = UserDirectory(pool: try database.pool(connectionCountMax: 1))
            let token = try await directory.add(name: name, role: role, token: token, password: password)
            if let token { print(token) }
            let note = token == nil ? "with a password" : password == nil ? "" : "with a password and a token"
            let shown = token == nil ? "" : "; the token above is shown once: keep it secret"
            FileHandle.standardError.write(Data("added \(name) (\(role.rawValue))\(note.isEmpty ? "" : " " + note)\(shown)\n".utf8))
        }
    }
}

/// `fundledger user password NAME --password-stdin`: sets or replaces a user's password, ending their sessions.
struct UserPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Set or replace a user's password, read from stdin; their sessions end.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The user's name.")
    var name: String
    @Flag(name: .customLong("password-stdin"), help: "Read the password from stdin: one line, 12 characters to 1000 bytes (required).")
    var passwordStdin = false

    func validate() throws {
        guard passwordStdin else { throw ValidationError("--password-stdin is required: the password is read from stdin, never from the command line") }
    }

    func run() async throws {
        try await reportingErrors {
            try UserDirectory.checkName(name)
            let password = try Password.readLine()
            try await UserDirectory(pool: try database.pool(connectionCountMax: 1)).setPassword(name: name, password: password)
            print("set the password of \(name); their sessions ended")
        }
    }
}

/// `fundledger user list`: name, role, status and creation time of every user; never tokens.
struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users of the HTTP API.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "One JSON object per user instead of a table.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let users = try await UserDirectory(pool: try database.pool(connectionCountMax: 1)).list()
            if json {
                users.forEach { print($0.jsonLine) }
            } else if users.isEmpty {
                print("no users yet; add one with `fundledger user add NAME --role recorder --token`")
            } else {
                let rows = users.map { [$0.name, $0.role.rawValue, $0.disabled ? "disabled" : "active", $0.createdAt] }
                TextTableRenderer.lines(header: ["NAME", "ROLE", "STATUS", "CREATED"], rows: rows, minimumWidths: [4, 8, 8]).forEach { print($0) }
            }
        }
    }
}

/// `fundledger user disable NAME`: the user's token and sessions stop working at once; the user is kept.
struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a user: their token and password stop working, their sessions end; the name stays taken.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The user's name.")
    var name: String

    func run() async throws {
        try await reportingErrors {
            let changed = try await UserDirectory(pool: try database.pool(connectionCountMax: 1)).disable(name: name)
            print(changed ? "disabled \(name)" : "\(name) was disabled already")
        }
    }
}
