import Foundation
import Postgres

/// A hot standby of the private cluster: a second PostgreSQL server that streams the primary's WAL and
/// answers read-only queries (`fundledger db replica start`), for `--read-database` and its tests.
///
/// Made with `pg_basebackup -R` over the primary's Unix socket, into `<data folder>/standby/` (beside the
/// primary's `pgdata/`), with a socket of its own named by port 5433 and, like the primary, no TCP port.
/// It follows the rules of the primary: as root the server and `pg_basebackup` run as the `postgres` user.
/// A physical replication slot (`fundledger_standby`) keeps the WAL it has not received yet, so a stopped
/// standby catches up when started again; `db stop` stops it with its primary.
extension PrivateCluster {
    /// The port that names the standby's socket file.
    public static let standbyPort = 5433
    /// The primary's replication slot for its standby.
    public static let standbySlot = "fundledger_standby"

    /// This cluster's standby (initialised or not).
    public var standby: PrivateCluster {
        PrivateCluster(dataFolder: dataFolder.appendingPathComponent("standby"), port: Self.standbyPort)
    }

    /// Creates the standby if needed (the primary must be running) and starts it if stopped; idempotent.
    /// Returns a sentence saying what it did.
    @discardableResult
    public func startStandby() async throws -> String {
        let standby = standby
        if standby.isInitialised, try standby.isRunning() { return "the standby is already running (socket in \(standby.socketFolder.path))" }
        guard try isRunning() else { throw PrivateClusterError.primaryNotRunning(dataFolder.path) }
        var did: [String] = []
        if !standby.isInitialised {
            let basebackup = try tool("pg_basebackup")
            try await allowReplication()
            try await dropStandbySlot()  // a slot left by a standby whose folder was removed
            try standby.prepareFolder(standby.dataFolder)
            try? FileManager.default.removeItem(at: standby.clusterFolder)  // what an interrupted copy left
            try standby.prepareFolder(standby.clusterFolder)
            let result = try run(
                basebackup,
                ["-D", standby.clusterFolder.path, "-h", socketFolder.path, "-p", String(port), "-U", Self.superuser,
                 "-R", "-X", "stream", "-c", "fast", "-C", "-S", Self.standbySlot, "--no-password"],
                asServerUser: true)
            guard result.status == 0 else {
                try? FileManager.default.removeItem(at: standby.clusterFolder)
                try? await dropStandbySlot()
                throw PrivateClusterError.commandFailed("pg_basebackup", result.output)
            }
            // The copy carries the primary's postgresql.conf; these lines, further down, win over its socket
            // and port. hot_standby_feedback keeps the primary's VACUUM from cancelling long reports here.
            try standby.appendSettings("""

                # FundLedger private standby: read-only, streaming from the primary over its Unix socket.
                listen_addresses = ''
                unix_socket_directories = '\(standby.socketFolder.path)'
                port = \(standby.port)
                hot_standby = on
                hot_standby_feedback = on

                """)
            did.append("copied the primary with pg_basebackup into \(standby.clusterFolder.path)")
        }
        try standby.startServer()
        did.append("started the standby (socket in \(standby.socketFolder.path))")
        return did.joined(separator: "; ")
    }

    /// Stops the standby (its data stays; started again, it catches up from the slot).
    @discardableResult
    public func stopStandby() throws -> String {
        let standby = standby
        guard standby.isInitialised, try standby.isRunning() else { return "the standby is not running" }
        try standby.stopServer()
        return "stopped the standby"
    }

    /// Makes sure the primary lets its superuser replicate over the socket: initdb's `pg_hba.conf` does,
    /// but a cluster whose file was changed may not, so a `local replication` line is added and the file
    /// reloaded. WAL level `replica` and ten WAL senders are PostgreSQL's defaults; a cluster set lower is
    /// refused with what to change, since those need a restart.
    func allowReplication() async throws {
        let admin = try await PostgresConnection(conninfo: conninfo(database: "postgres"))
        do {
            let level = try await admin.query("SELECT current_setting('wal_level'), current_setting('max_wal_senders')::int")[0]
            guard try level.decode(String.self, at: 0) != "minimal", try level.decode(Int.self, at: 1) > 0 else {
                throw PrivateClusterError.commandFailed(
                    "replication", "the private database has wal_level = minimal or max_wal_senders = 0; set replica and 10 in \(clusterFolder.path)/postgresql.conf and restart it")
            }
            let rules = try await admin.query("""
                SELECT count(*) FROM pg_hba_file_rules
                WHERE type = 'local' AND 'replication' = ANY(database) AND error IS NULL
                """)[0].decode(Int64.self, at: 0)
            if rules == 0 {
                let file = clusterFolder.appendingPathComponent("pg_hba.conf")
                let handle = try FileHandle(forWritingTo: file)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("\n# FundLedger private standby (fundledger db replica start)\nlocal replication \(Self.superuser) trust\n".utf8))
                try handle.close()
                _ = try await admin.query("SELECT pg_reload_conf()")
            }
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }

    /// Drops the standby's replication slot when no standby is using it: before a new copy, and after a
    /// failed one (a slot nobody reads keeps the primary's WAL forever).
    func dropStandbySlot() async throws {
        let admin = try await PostgresConnection(conninfo: conninfo(database: "postgres"))
        _ = try? await admin.query("""
            SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = \(Self.standbySlot) AND NOT active
            """)
        await admin.close()
    }
}
