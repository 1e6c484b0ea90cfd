import ArgumentParser
import PostgresEventStore
import Reporting

/// `fundledger access grant|revoke|list`: which organisation each login of a shared database reads and
/// records for, enforced by row-level security (docs/access.md).
struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Give logins their organisation in a database a network shares; the database enforces it (docs/access.md).",
        subcommands: [AccessGrantCommand.self, AccessRevokeCommand.self, AccessListCommand.self])
}

extension AccessRole: ExpressibleByArgument {}

struct AccessGrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Let LOGIN read (auditor) or read and record (recorder) one organisation's rows, and no other organisation's.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "A database login, or LOGIN/USER for a user of `fundledger serve` (e.g. fundledger_server/anna.svensson).")
    var login: String
    @Option(help: "The organisation number.")
    var organisation: String
    @Option(help: "recorder or auditor.")
    var role: AccessRole

    func run() async throws {
        try await reportingErrors {
            let access = OrganisationAccess(pool: try database.pool(connectionCountMax: 1))
            let changed = try await access.grant(login: login, organisation: organisation, role: role)
            print(changed ? "granted \(login) \(role.rawValue) of \(organisation)" : "\(login) is \(role.rawValue) of \(organisation) already")
        }
    }
}

struct AccessRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "End LOGIN's grant of one organisation (kept in the list with --all); a login with no grant left reads nothing.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The login, as granted.")
    var login: String
    @Option(help: "The organisation number.")
    var organisation: String

    func run() async throws {
        try await reportingErrors {
            let access = OrganisationAccess(pool: try database.pool(connectionCountMax: 1))
            let changed = try await access.revoke(login: login, organisation: organisation)
            print(changed ? "revoked \(login)'s access to \(organisation)" : "\(login) had no access to \(organisation)")
        }
    }
}

struct AccessListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the grants in force (with --all, revoked ones too).")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Also the revoked grants, with who revoked them and when.")
    var all = false
    @Flag(help: "One JSON object per grant instead of a table.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let grants = try await OrganisationAccess(pool: try database.pool(connectionCountMax: 1)).list(includingRevoked: all)
            if json {
                grants.forEach { print($0.jsonLine) }
            } else if grants.isEmpty {
                print("no grants: every login is a network login and reads every organisation (docs/access.md)")
            } else {
                let rows = grants.map { grant in
                    [grant.login, grant.organisationID, grant.role.rawValue, grant.grantedAt]
                        + (all ? [grant.revokedAt.map { "\($0) by \(grant.revokedBy ?? "")" } ?? "-"] : [])
                }
                TextTableRenderer.lines(
                    header: ["LOGIN", "ORGANISATION", "ROLE", "GRANTED"] + (all ? ["REVOKED"] : []), rows: rows, minimumWidths: [5, 12, 8, 20]
                ).forEach { print($0) }
            }
        }
    }
}
