import Foundation
import Recording
import Testing

@testable import Server

/// `fundledger serve`'s settings without a server: flags over `FUNDLEDGER_SERVE_*` over the file over the
/// defaults, and each bad value named by where it came from.
@Suite struct ServeSetupTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func resolve(_ configuration: ServeConfiguration, port: Int? = nil, database: String? = nil) throws -> ServeSetup {
        var flags = ServeFlags()
        (flags.port, flags.database) = (port, database)
        return try configuration.resolve(flags)
    }

    @Test func withNothingGivenEverySettingIsItsDefault() throws {
        let setup = try Self.resolve(try ServeConfiguration(file: nil, environment: [:]))
        #expect(setup == ServeSetup())
        #expect(setup.host == "127.0.0.1" && setup.port == 8080 && setup.connections == 8)
        #expect(setup.settings == ServerSettings())
    }

    @Test func aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws {
        let path = try Self.file("# comment\nport = 9000\nconnections = 16  # trailing\nproject = true\ndatabase = dbname=file\nreplica-wait = 2.5\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try ServeConfiguration(
            file: path, environment: ["FUNDLEDGER_SERVE_PORT": "9100", "FUNDLEDGER_SERVE_RATE_LIMIT": "0", "FUNDLEDGER_SERVE_FAILED_LOGINS": "0"])
        let fromFile = try Self.resolve(configuration)
        #expect(fromFile.port == 9100 && fromFile.connections == 16 && fromFile.database == "dbname=file")
        #expect(fromFile.settings.failedLoginsPerSecond == 0)
        #expect(fromFile.settings.project && fromFile.settings.requestsPerSecond == 0)
        #expect(fromFile.settings.replicaWait == .milliseconds(2500))
        let flagged = try Self.resolve(configuration, port: 9200, database: "dbname=flag")
        #expect(flagged.port == 9200 && flagged.database == "dbname=flag")
    }

    /// A configuration file saved on Windows: each CRLF line is a line (it was all one line before).
    @Test func aFileWithCRLFLinesReadsLikeLF() throws {
        let path = try Self.file("# comment\r\nport = 9000\r\nconnections = 16\r\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let setup = try Self.resolve(try ServeConfiguration(file: path, environment: [:]))
        #expect(setup.port == 9000 && setup.connections == 16)
    }

    @Test func aBadValueIsAUsageErrorNamingWhereItCameFrom() throws {
        let path = try Self.file("session-hours = 500\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (configuration, message) in [
            (try ServeConfiguration(file: path, environment: [:]), "\(path) line 1: session-hours \"500\" is not valid"),
            (try ServeConfiguration(file: nil, environment: ["FUNDLEDGER_SERVE_PORT": "70000"]), "FUNDLEDGER_SERVE_PORT: port \"70000\" is not valid"),
            (try ServeConfiguration(file: nil, environment: ["FUNDLEDGER_SERVE_FAILED_LOGINS": "-1"]),
             "FUNDLEDGER_SERVE_FAILED_LOGINS: failed-logins \"-1\" is not valid"),
        ] {
            let error = #expect(throws: UserError.self) { try Self.resolve(configuration) }
            #expect(error?.exitCode == ExitStatus.usage)
            #expect(error?.description.hasPrefix(message) == true, "\(String(describing: error))")
        }
        let unknown = try Self.file("colour = blue\n")
        defer { try? FileManager.default.removeItem(atPath: unknown) }
        let error = #expect(throws: UserError.self) { try ServeConfiguration(file: unknown, environment: [:]) }
        #expect(error?.exitCode == ExitStatus.badInput)
        #expect(error?.description.contains("line 1: unknown setting \"colour\"") == true)
    }
}
