import EventStore
import Foundation
import Recording

/// `serve`'s settings from three places, the first that names a setting winning: its flag, the variable
/// `FUNDLEDGER_SERVE_<NAME>` (upper case, `-` as `_`), then the `--config` file (`name = value` lines,
/// `#` comments), then the default.
public struct ServeConfiguration: Sendable {
    /// The settings a file or the environment may give, by their flag names.
    public static let names = [
        "host", "port", "connections", "rate-limit", "batch-max", "session-hours", "project", "database", "read-database", "replica-wait",
        "failed-logins", "reports-per-user",
    ]

    private var values: [String: (value: String, source: String)] = [:]

    /// Reads the file (if any) and the environment.
    public init(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let file { try read(file) }
        for name in Self.names {
            let variable = "FUNDLEDGER_SERVE_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
            if let value = environment[variable] { values[name] = (value, variable) }
        }
    }

    private mutating func read(_ path: String) throws {
        let text: String
        do {
            text = try StrictUTF8.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw UserError(description: "--config \(path): cannot be read as UTF-8 text (\(error))", exitCode: ExitStatus.badInput)
        }
        // "\r\n" is one Character: a file written on Windows splits on it too.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw UserError(description: "\(path) line \(index + 1): expected name = value", exitCode: ExitStatus.badInput)
            }
            guard Self.names.contains(parts[0]) else {
                throw UserError(
                    description: "\(path) line \(index + 1): unknown setting \(Identifier.quoted(parts[0])); known: \(Self.names.joined(separator: ", "))",
                    exitCode: ExitStatus.badInput)
            }
            values[parts[0]] = (parts[1], "\(path) line \(index + 1)")
        }
    }

    /// The text of `name` from the environment or the file, with where it came from.
    public func text(_ name: String) -> (value: String, source: String)? { values[name] }

    /// `flag` if given, else the environment's or the file's value parsed by `parse`, else `fallback`.
    public func value<T>(_ name: String, flag: T?, default fallback: T, _ parse: (String) -> T?) throws -> T {
        if let flag { return flag }
        guard let (text, source) = values[name] else { return fallback }
        guard let value = parse(text) else {
            throw UserError(description: "\(source): \(name) \(Identifier.quoted(text)) is not valid (see `fundledger serve --help`)", exitCode: ExitStatus.usage)
        }
        return value
    }

    /// Every setting `serve` runs with: each from its flag (nil where not given), else from the environment
    /// or the file, else its default. A value out of range names where it came from (exit 64).
    public func resolve(_ flags: ServeFlags) throws -> ServeSetup {
        let (host, port, connections, rateLimit) = (flags.host, flags.port, flags.connections, flags.rateLimit)
        let (batchMax, sessionHours, project, replicaWait) = (flags.batchMax, flags.sessionHours, flags.project, flags.replicaWait)
        let (database, readDatabase) = (flags.database, flags.readDatabase)
        var setup = ServeSetup()
        setup.host = try value("host", flag: host, default: setup.host) { $0.isEmpty ? nil : $0 }
        setup.port = try value("port", flag: port, default: setup.port) { Int($0).flatMap { ServeSetup.ports.contains($0) ? $0 : nil } }
        setup.connections = try value("connections", flag: connections, default: setup.connections) {
            Int($0).flatMap { ServeSetup.connectionCounts.contains($0) ? $0 : nil }
        }
        setup.settings.requestsPerSecond = try value("rate-limit", flag: rateLimit, default: 200) { Int($0).flatMap { $0 >= 0 ? $0 : nil } }
        setup.settings.batchCountMax = try value("batch-max", flag: batchMax, default: 256) {
            Int($0).flatMap { ServeSetup.batchCounts.contains($0) ? $0 : nil }
        }
        setup.settings.reportsPerUser = try value("reports-per-user", flag: flags.reportsPerUser, default: 4) {
            Int($0).flatMap { ServeSetup.reportSlotCounts.contains($0) ? $0 : nil }
        }
        setup.settings.project = try value("project", flag: project, default: false) { ["true": true, "false": false][$0.lowercased()] }
        setup.settings.sessionHours = try value("session-hours", flag: sessionHours, default: 8) {
            Int($0).flatMap { ServeSetup.sessionHourCounts.contains($0) ? $0 : nil }
        }
        let wait = try value("replica-wait", flag: replicaWait, default: ReplicaReads.defaultWaitSeconds) { text in
            Double(text).flatMap { ReplicaReads.wait(seconds: $0) == nil ? nil : $0 }
        }
        setup.settings.replicaWait = ReplicaReads.wait(seconds: wait) ?? setup.settings.replicaWait
        // No flag: only a test, or a proxy that limits failed logins itself, should turn this off.
        setup.settings.failedLoginsPerSecond = try value("failed-logins", flag: nil, default: 1.0) { text in
            Double(text).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil }
        }
        setup.database = database ?? text("database")?.value
        setup.readDatabase = readDatabase
        if readDatabase == nil, let (text, source) = text("read-database") {
            if let problem = ReplicaReads.problem(with: text) {
                throw UserError(description: "\(source): read-database \(problem)", exitCode: ExitStatus.usage)
            }
            setup.readDatabase = text
        }
        return setup
    }
}

/// The settings given as `fundledger serve`'s flags; nil where a flag was not given.
public struct ServeFlags: Sendable {
    public var host: String?
    public var port: Int?
    public var connections: Int?
    public var rateLimit: Int?
    public var batchMax: Int?
    public var sessionHours: Int?
    public var project: Bool?
    public var replicaWait: Double?
    public var reportsPerUser: Int?
    public var database: String?
    public var readDatabase: String?

    public init() {}
}

/// What `fundledger serve` runs with, once its flags, `FUNDLEDGER_SERVE_*` and the file are read.
public struct ServeSetup: Sendable, Equatable {
    public static let ports = 0...65_535
    public static let connectionCounts = 1...64
    public static let batchCounts = 1...4096
    public static let sessionHourCounts = 1...168
    /// Reports each user may have in the making at once; 0: no limit.
    public static let reportSlotCounts = 0...64

    public var host = "127.0.0.1"
    public var port = 8080
    /// Database connections the server keeps at most.
    public var connections = 8
    public var settings = ServerSettings()
    /// The database's and the read replica's conninfo, where given; else the command line's defaults.
    public var database: String?
    public var readDatabase: String?

    public init() {}
}
