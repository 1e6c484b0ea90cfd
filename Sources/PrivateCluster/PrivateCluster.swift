import Foundation
import Postgres

/// A PostgreSQL cluster private to one checkout: created with `initdb`, run with `pg_ctl`, reachable only
/// through a Unix socket in its own folder (no TCP port). The CLI's default database, and the tests'.
///
/// As root the server runs as the `postgres` user and the cluster lives under `/tmp` (keyed by the
/// checkout's path), because PostgreSQL refuses to run as root and CI's checkout may sit in a folder the
/// `postgres` user cannot enter. As a normal user it lives in `<project>/.fundledger/`.
public struct PrivateCluster: Sendable {
    /// The database the CLI uses inside the cluster.
    public static let databaseName = "fundledger"
    /// The superuser role initdb creates (trust authentication over the private socket).
    public static let superuser = "postgres"
    /// The port number only names the socket file (`.s.PGSQL.5432`); no TCP port is opened.
    public static let port = 5432

    /// This cluster's port: `PrivateCluster.port`, or the standby's (`PrivateCluster+Standby`).
    public let port: Int

    /// Holds the cluster (`pgdata/`), its log and, usually, its socket.
    public let dataFolder: URL
    public var clusterFolder: URL { dataFolder.appendingPathComponent("pgdata") }
    public var logFile: URL { dataFolder.appendingPathComponent("postgres.log") }
    /// Where the server puts its socket; under /tmp when the data folder's path is too long for a socket.
    public let socketFolder: URL

    var runsAsRoot: Bool { geteuid() == 0 }

    public init(dataFolder: URL, port: Int = PrivateCluster.port) {
        self.dataFolder = dataFolder.standardizedFileURL
        self.port = port
        let socket = self.dataFolder.appendingPathComponent("run")
        // sun_path holds 108 bytes; leave room for "/.s.PGSQL.5432" and a terminator.
        if socket.path.utf8.count + 16 > 100 {
            self.socketFolder = URL(fileURLWithPath: "/tmp/fundledger-sock-\(Self.shortHash(self.dataFolder.path))")
        } else {
            self.socketFolder = socket
        }
    }

    /// The cluster for the project in `projectDirectory`: `$FUNDLEDGER_DATA` if set; as root
    /// `/tmp/fundledger-<hash of the path>`; otherwise `<project>/.fundledger`.
    public static func forProject(_ projectDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> PrivateCluster {
        if let folder = environment["FUNDLEDGER_DATA"], !folder.isEmpty {
            return PrivateCluster(dataFolder: URL(fileURLWithPath: folder))
        }
        let project = projectDirectory.standardizedFileURL.resolvingSymlinksInPath()
        if geteuid() == 0 {
            return PrivateCluster(dataFolder: URL(fileURLWithPath: "/tmp/fundledger-\(shortHash(project.path))"))
        }
        return PrivateCluster(dataFolder: project.appendingPathComponent(".fundledger"))
    }

    /// Connection string for `database` in this cluster.
    public func conninfo(database: String = PrivateCluster.databaseName) -> String {
        ConnectionString.render([
            "host": socketFolder.path, "port": String(port), "dbname": database, "user": Self.superuser,
        ])
    }

    /// Whether `initdb` has run here.
    public var isInitialised: Bool {
        FileManager.default.fileExists(atPath: clusterFolder.appendingPathComponent("PG_VERSION").path)
    }

    /// Whether the server is running (asks `pg_ctl status`).
    public func isRunning() throws -> Bool {
        guard isInitialised else { return false }
        return try run(try tool("pg_ctl"), ["status", "-D", clusterFolder.path], asServerUser: true).status == 0
    }

    /// Creates the cluster if needed, starts it if stopped, and creates the `fundledger` database.
    /// Returns a sentence saying what it did.
    @discardableResult
    public func start() async throws -> String {
        var did: [String] = []
        if !isInitialised {
            try prepareFolder(dataFolder)
            try prepareFolder(clusterFolder)
            let result = try run(
                try tool("initdb"),
                ["-D", clusterFolder.path, "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--no-locale"],
                asServerUser: true)
            guard result.status == 0 else { throw PrivateClusterError.commandFailed("initdb", result.output) }
            let settings = """

                # FundLedger private cluster: Unix socket only, in its own folder.
                listen_addresses = ''
                unix_socket_directories = '\(socketFolder.path)'
                port = \(port)
                max_connections = 300

                """
            try appendSettings(settings)
            did.append("created the cluster in \(clusterFolder.path)")
        }
        if try !isRunning() {
            try startServer()
            did.append("started PostgreSQL (socket in \(socketFolder.path))")
        }
        let admin = try await PostgresConnection(conninfo: conninfo(database: "postgres"))
        let exists = try await !admin.query("SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)").isEmpty
        if !exists {
            try await admin.executeScript(unsafeSQL: "CREATE DATABASE \(Self.databaseName) ENCODING 'UTF8' TEMPLATE template0")
            did.append("created database \(Self.databaseName)")
        }
        await admin.close()
        return did.isEmpty ? "the private database is already running" : did.joined(separator: "; ")
    }

    /// Stops the server (fast shutdown: running transactions roll back, committed data is safe), and its
    /// standby first if one runs (`PrivateCluster+Standby`), so `db stop` leaves nothing running.
    @discardableResult
    public func stop() throws -> String {
        var did: [String] = []
        if standby.isInitialised, try standby.isRunning() { did.append(try stopStandby()) }
        guard try isRunning() else { return (did + ["the private database is not running"]).joined(separator: "; ") }
        try stopServer()
        return (did + ["stopped the private database"]).joined(separator: "; ")
    }

    /// Appends lines to `postgresql.conf` (a setting given again further down wins).
    func appendSettings(_ settings: String) throws {
        let handle = try FileHandle(forWritingTo: clusterFolder.appendingPathComponent("postgresql.conf"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
    }

    /// `pg_ctl start` on this cluster's data folder, its socket folder and log file made first.
    func startServer() throws {
        try prepareFolder(socketFolder)
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            if runsAsRoot { try chownToServerUser(logFile) }
        }
        let result = try run(
            try tool("pg_ctl"), ["start", "-D", clusterFolder.path, "-l", logFile.path, "-w", "-t", "60"],
            asServerUser: true)
        guard result.status == 0 else {
            throw PrivateClusterError.commandFailed("pg_ctl start", result.output + "\nsee \(logFile.path)")
        }
    }

    /// `pg_ctl stop -m fast` on this cluster's data folder.
    func stopServer() throws {
        let result = try run(try tool("pg_ctl"), ["stop", "-D", clusterFolder.path, "-m", "fast", "-w"], asServerUser: true)
        guard result.status == 0 else { throw PrivateClusterError.commandFailed("pg_ctl stop", result.output) }
    }

    // MARK: Helpers

    /// Finds a PostgreSQL server program: `$PG_BINDIR`, then `PATH`, then Debian's `/usr/lib/postgresql/<newest>/bin`.
    func tool(_ name: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let bindir = environment["PG_BINDIR"] { candidates.append("\(bindir)/\(name)") }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(debian)/\($0)/bin/\(name)" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw PrivateClusterError.serverNotInstalled(name)
        }
        return found
    }

    func prepareFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        if runsAsRoot { try chownToServerUser(folder) }
    }

    func chownToServerUser(_ path: URL) throws {
        let result = try run("/bin/chown", ["postgres:", path.path], asServerUser: false)
        guard result.status == 0 else {
            throw PrivateClusterError.commandFailed("chown postgres", result.output + " (is there a `postgres` system user? install the postgresql package)")
        }
    }

    /// Runs a program and collects its output; as root, server programs run as the `postgres` user.
    ///
    /// Uses posix_spawn and waitpid directly: Foundation's `Process.waitUntilExit` can hang in an async
    /// context on Linux, and `pg_ctl start` leaves a daemon behind that must not hold our output open.
    func run(_ program: String, _ arguments: [String], asServerUser: Bool) throws -> (status: Int32, output: String) {
        let argv = asServerUser && runsAsRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("fundledger-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else is inherited: `pg_ctl start` leaves a server behind, which must not keep our other
        // descriptors open (a parent waiting for EOF on one, as Foundation's `Process` does, would hang).
        // glibc ignores closing one that is no longer open; Swift's Glibc lacks `addclosefrom_np`.
        for fd in Self.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw PrivateClusterError.commandFailed(argv[0], "could not start (errno \(spawned))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let data = (try? Data(contentsOf: outputFile)) ?? Data()
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, String(decoding: data, as: UTF8.self))
    }

    /// This process's open file descriptors (Linux: `/proc/self/fd`; elsewhere none are listed).
    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// FNV-1a of `text`, 12 hex digits: a stable short key for a path.
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(String(hash, radix: 16).suffix(12))
    }
}

/// Why the private cluster could not be managed.
public enum PrivateClusterError: Error, Sendable, CustomStringConvertible {
    case serverNotInstalled(String)
    case commandFailed(String, String)
    /// A standby asked for while its primary is stopped (the text says which folder).
    case primaryNotRunning(String)

    public var description: String {
        switch self {
        case .serverNotInstalled(let tool):
            "PostgreSQL's \(tool) was not found; install the server (Debian: apt-get install -y postgresql) or set PG_BINDIR"
        case .primaryNotRunning(let folder):
            "the private database in \(folder) is not running, so it has no standby to give; start it with `fundledger db start` first"
        case .commandFailed(let command, let output):
            "\(command) failed:\n\(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
