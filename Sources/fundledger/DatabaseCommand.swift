import ArgumentParser
import Foundation
import PrivateCluster

/// `fundledger db start|stop|status|url|replica`: the private PostgreSQL cluster of this directory.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the private PostgreSQL cluster used when no database is given.",
        subcommands: [Start.self, Stop.self, Status.self, URL.self, Replica.self])

    static func cluster() -> PrivateCluster {
        PrivateCluster.forProject(Foundation.URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (initdb) and start the private cluster, and create its database; idempotent.")
        func run() async throws {
            try await reportingErrors {
                print(try await DatabaseCommand.cluster().start())
                if let other = DatabaseChoice.otherThanPrivate() {
                    print("note: \(other) is set, so commands without --database use it, not this private database")
                }
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the private cluster (and its standby); its data stays.")
        func run() async throws {
            try await reportingErrors { print(try DatabaseCommand.cluster().stop()) }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the private cluster exists and runs (exit 0 running, 3 stopped).")
        func run() async throws {
            try await reportingErrors {
                let cluster = DatabaseCommand.cluster()
                let running = try cluster.isRunning()
                print("data folder  \(cluster.dataFolder.path)")
                print("initialised  \(cluster.isInitialised ? "yes" : "no")")
                print("running      \(running ? "yes" : "no")")
                print("conninfo     \(cluster.conninfo())")
                if !running { throw ExitCode(3) }
            }
        }
    }

    struct URL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the private cluster's conninfo (for DATABASE_URL or psql).")
        @Option(help: "Database name.")
        var name = PrivateCluster.databaseName
        func run() async throws {
            print(DatabaseCommand.cluster().conninfo(database: name))
        }
    }

    /// `fundledger db replica start|stop|url`: a hot standby of the private cluster (docs/replicas.md).
    struct Replica: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A hot standby of the private cluster (pg_basebackup -R) for --read-database.",
            subcommands: [ReplicaStart.self, ReplicaStop.self, ReplicaURL.self])
    }

    struct ReplicaStart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Copy the running private cluster into a hot standby and start it; idempotent.")
        func run() async throws {
            try await reportingErrors { print(try await DatabaseCommand.cluster().startStandby()) }
        }
    }

    struct ReplicaStop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the standby; its data stays.")
        func run() async throws {
            try await reportingErrors { print(try DatabaseCommand.cluster().stopStandby()) }
        }
    }

    struct ReplicaURL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "url", abstract: "Print the standby's conninfo (for --read-database).")
        @Option(help: "Database name.")
        var name = PrivateCluster.databaseName
        func run() async throws {
            print(DatabaseCommand.cluster().standby.conninfo(database: name))
        }
    }
}
