import ArgumentParser
import EventStore
import Foundation
import Logging
import Recording
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
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, logged at start).")
    var port = 8080
    @Option(help: "Database connections the server keeps at most.")
    var connections = 8

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (1...64).contains(connections) else { throw ValidationError("--connections must be 1 to 64") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        try await reportingErrors {
            let zone: TimeZone
            do {
                zone = try OrganisationTime.zone()
            } catch let error as OrganisationTime.UnknownZone {
                throw UserError(description: error.description, exitCode: ExitStatus.usage)
            }
            let pool = try database.pool(connectionCountMax: connections)
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            var logger = Logger(label: "fundledger.serve")
            logger.logLevel = .info
            let app = FundLedgerServer.application(host: host, port: port, pool: pool, zone: zone, logger: logger) { url in
                // The one line on stdout, so a script can start it with --port 0 and read where it listens.
                FileHandle.standardOutput.write(Data("listening on \(url)\n".utf8))
            }
            try await app.runService()
            await pool.closeAll()
        }
    }
}

/// `fundledger user`: the users of the HTTP API and their API tokens.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list and disable the users of the HTTP API (docs/server.md).",
        subcommands: [UserAddCommand.self, UserListCommand.self, UserDisableCommand.self])
}

extension UserRole: ExpressibleByArgument {}

/// `fundledger user add NAME --role ROLE --token`: prints a new API token once.
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user and print their new API token (shown once; only its SHA-256 is stored).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The user's name: 1 to 63 of a-z, 0-9, '.', '_', '-' (recorded as the actor of what they record).")
    var name: String
    @Option(help: "recorder (reads and records), auditor (reads only) or admin (reads and records).")
    var role: UserRole
    @Flag(help: "Give the user an API token (required: password login is not there yet).")
    var token = false

    func validate() throws {
        guard token else { throw ValidationError("--token is required (password login is not there yet)") }
    }

    func run() async throws {
        try await reportingErrors {
            try UserDirectory.checkName(name)
            let token = try await UserDirectory(pool: try database.pool(connectionCountMax: 1)).add(name: name, role: role)
            print(token)
            FileHandle.standardError.write(Data("added \(name) (\(role.rawValue)); the token above is shown once: keep it secret\n".utf8))
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
                for user in users {
                    var line = JSONLine()
                    line["name"] = user.name
                    line["role"] = user.role.rawValue
                    line["disabled"] = user.disabled
                    line["created_at"] = user.createdAt
                    print(line.text)
                }
                return
            }
            guard !users.isEmpty else {
                print("no users yet; add one with `fundledger user add NAME --role recorder --token`")
                return
            }
            let width = max(4, users.map(\.name.count).max() ?? 0)
            print("NAME".padding(toLength: width, withPad: " ", startingAt: 0) + "  ROLE      STATUS    CREATED")
            for user in users {
                print(user.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + user.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
                    + (user.disabled ? "disabled" : "active  ") + "  " + user.createdAt)
            }
        }
    }
}

/// `fundledger user disable NAME`: the user's token stops working at once; the user is kept.
struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a user: their token stops working; the name stays taken.")

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
