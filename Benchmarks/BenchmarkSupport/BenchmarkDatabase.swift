import Foundation
import Postgres
import PostgresEventStore
import PrivateCluster

/// What every benchmark needs: the server to measure on, a fresh database on it, and the clock and table
/// helpers for printing figures next to their baselines.
public enum BenchmarkDatabase {
    /// `FUNDLEDGER_BENCH_DATABASE_URL`, else the private cluster of the current directory.
    public static func serverConninfo() -> String {
        if let url = ProcessInfo.processInfo.environment["FUNDLEDGER_BENCH_DATABASE_URL"], !url.isEmpty { return url }
        return PrivateCluster.forProject(URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).conninfo(database: "postgres")
    }

    /// Drops and creates database `name` (UTF-8), migrates it with `migrator` (default: the migrations this
    /// build carries) and returns its conninfo.
    public static func recreate(_ name: String, migrator: Migrator = .embedded()) async throws -> String {
        let admin = try await PostgresConnection(conninfo: serverConninfo())
        try await admin.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try await admin.executeScript(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        await admin.close()
        let conninfo = try ConnectionString.replacingDatabase(in: serverConninfo(), with: name)
        let connection = try await PostgresConnection(conninfo: conninfo)
        _ = try await migrator.migrate(on: connection)
        await connection.close()
        return conninfo
    }

    /// The migrations in `./schema` (a benchmark run from another folder measures another schema).
    public static func schemaFolder() throws -> Migrator {
        try Migrator.load(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("schema"))
    }
}

/// Seconds since `start`.
public func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// `text` right-aligned in `width` characters.
public func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// The median of `values` (not empty).
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
