import Foundation
import Server
import Testing
import TestSupport

/// `fundledger user add|list|disable` through the binary: a token printed once, only its hash stored,
/// and bad input refused with a documented exit code, nothing written.
@Suite struct UserCommandTests {
    func run(_ words: [String], on db: TestDatabase) async throws -> CLIResult {
        try await FundLedgerCLI.run(["user"] + words + ["--database", db.conninfo])
    }

    func userCount(_ db: TestDatabase) async throws -> Int64 {
        try await db.withConnection { try await $0.query("SELECT count(*) FROM server.users")[0].decode(Int64.self, at: 0) }
    }

    @Test func addPrintsATokenOnceAndStoresOnlyItsHash() async throws {
        try await TestDatabase.withMigrated { db in
            let added = try await run(["add", "anna.svensson", "--role", "recorder", "--token"], on: db)
            #expect(added.status == 0, "\(added)")
            let token = added.stdout.trimmingCharacters(in: .newlines)
            #expect(token.range(of: #"^flt_[A-Za-z0-9_-]{43}$"#, options: .regularExpression) != nil, "\(token)")
            #expect(!added.stderr.contains(token))
            let stored = try await db.withConnection { connection in
                try await connection.query("SELECT encode(token_hash, 'hex'), role, disabled FROM server.users WHERE name = 'anna.svensson'")[0]
            }
            #expect(try stored.decode(String.self, at: 0) == APIToken.hashHex(token))
            #expect(try stored.decode(String.self, at: 1) == "recorder")
            let other = try await run(["add", "bo", "--role", "auditor", "--token"], on: db)
            #expect(other.stdout != added.stdout)
            #expect(try await UserDirectory(pool: db.pool).user(forToken: token)?.name == "anna.svensson")
        }
    }

    @Test func listShowsUsersAndNeverTokens_disableStopsTheToken() async throws {
        try await TestDatabase.withMigrated { db in
            let empty = try await run(["list"], on: db)
            #expect(empty.status == 0 && empty.stdout.contains("no users yet"), "\(empty)")
            let token = try await run(["add", "anna", "--role", "admin", "--token"], on: db).stdout.trimmingCharacters(in: .newlines)
            _ = try await run(["add", "bo", "--role", "auditor", "--token"], on: db)
            let disabled = try await run(["disable", "bo"], on: db)
            #expect(disabled.status == 0 && disabled.stdout.contains("disabled bo"), "\(disabled)")
            #expect(try await run(["disable", "bo"], on: db).stdout.contains("disabled already"))
            let list = try await run(["list"], on: db)
            #expect(list.lines.count == 3, "\(list)")
            #expect(list.lines[1].hasPrefix("anna") && list.lines[1].contains("admin") && list.lines[1].contains("active"))
            #expect(list.lines[2].hasPrefix("bo") && list.lines[2].contains("disabled"))
            #expect(!list.stdout.contains(token) && !list.stdout.contains(APIToken.hashHex(token)))
            let json = try await run(["list", "--json"], on: db)
            #expect(json.lines.count == 2)
            #expect(json.lines[0].hasPrefix(#"{"name":"anna","role":"admin","disabled":false,"created_at":""#), "\(json)")
        }
    }

    @Test func badInputIsRefusedWithADocumentedExitAndNothingWritten() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await run(["add", "anna", "--role", "recorder", "--token"], on: db)
            let cases: [([String], Int32, String)] = [
                (["add", "Anna Svensson", "--role", "recorder", "--token"], 65, "NAME"),
                (["add", "-x", "--role", "recorder", "--token"], 64, "<name>"),
                (["add", "", "--role", "recorder", "--token"], 65, "NAME"),
                (["add", "bo", "--role", "superuser", "--token"], 64, "--role"),
                (["add", "bo", "--token"], 64, "--role"),
                (["add", "bo", "--role", "auditor"], 64, "--token"),
                (["add", "anna", "--role", "auditor", "--token"], 4, "exists"),
                (["disable", "nobody"], 65, "nobody"),
                (["disable", "x\u{1B}[31m"], 65, "NAME"),
            ]
            for (words, status, mention) in cases {
                let result = try await run(words, on: db)
                #expect(result.status == status, "\(words): \(result)")
                #expect(result.stderr.contains(mention), "\(words): \(result)")
                #expect(result.stderr.split(separator: "\n").count <= 2, "\(words): \(result)")
                #expect(!result.stderr.contains("\u{1B}"), "\(words): \(result)")
                #expect(result.stdout.isEmpty, "\(words): \(result)")
            }
            #expect(try await userCount(db) == 1)
            let list = try await run(["list", "--json"], on: db)
            #expect(list.lines.count == 1 && list.stdout.contains(#""role":"recorder","disabled":false"#))
        }
    }

    @Test func serveRefusesABadPortOrHostAsAUsageError() async throws {
        for words in [["serve", "--port", "70000"], ["serve", "--port", "abc"], ["serve", "--host", ""], ["serve", "--connections", "0"]] {
            let result = try await FundLedgerCLI.run(words)
            #expect(result.status == 64, "\(words): \(result)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "\(words): \(result)")
        }
    }
}
