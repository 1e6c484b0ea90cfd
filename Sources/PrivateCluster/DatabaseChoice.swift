import Foundation

/// Which database a command uses when none is named on its command line: `DATABASE_URL`, then libpq's
/// `PG*` variables, then the private cluster of the current directory (`fundledger db start`).
public enum DatabaseChoice {
    /// libpq variables that, when set, mean "connect as the environment says".
    public static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    /// The conninfo to use and where it came from: `given` (`--database`) when not empty, else the
    /// environment's, else the private cluster of `directory`, which must be running.
    public static func resolve(
        _ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> (conninfo: String, source: String) {
        if let given, !given.isEmpty { return (given, "--database") }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return (url, "DATABASE_URL") }
        if libpqVariables.contains(where: { environment[$0] != nil }) { return ("", "PG* environment variables") }
        let cluster = PrivateCluster.forProject(directory, environment: environment)
        guard (try? cluster.isRunning()) == true else { throw NoDatabaseError(dataFolder: cluster.dataFolder.path) }
        return (cluster.conninfo(), "private database in \(cluster.dataFolder.path)")
    }

    /// The environment variable that points commands elsewhere than the private cluster, if one does.
    public static func otherThanPrivate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return "DATABASE_URL" }
        return libpqVariables.first { environment[$0] != nil }
    }
}

/// No database named, none in the environment, and the private one is not running (the command line exits 69).
public struct NoDatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var dataFolder: String

    public var description: String {
        "no database given and the private database in \(dataFolder) is not running; start it with `fundledger db start`, or pass --database / set DATABASE_URL"
    }
}
