import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import Server
import Testing
import TestSupport

/// `fundledger user add|list|disable` through the binary: a token printed once, only its hash stored,
/// and bad input refused with a documented exit code, nothing written.
@Suite struct UserCommandTests {
    func run(_ words: [String], on db: TestDatabase, stdin: String = "") async throws -> CLIResult {
        try await FundLedgerCLI.run(["user"] + words + ["--database", db.conninfo], stdin: stdin)
    }

    /// `name`'s stored password hash, or nil.
    func passwordHash(_ name: String, _ db: TestDatabase) async throws -> String? {
        try await db.withConnection { connection in
            try await connection.query("SELECT password_hash FROM server.users WHERE name = \(name)")[0].decodeIfPresent(String.self, at: 0)
        }
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
                (["add", "bo", "--role", "auditor"], 64, "--password-stdin"),
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

    static let password = "korrekt häst batteri häftklammer"

    @Test func passwordStdinStoresOnlyABcryptHash_withOrWithoutAToken() async throws {
        try await TestDatabase.withMigrated { db in
            let person = try await run(["add", "anna", "--role", "recorder", "--password-stdin"], on: db, stdin: Self.password + "\n")
            #expect(person.status == 0, "\(person)")
            #expect(person.stdout.isEmpty && person.stderr.contains("added anna (recorder) with a password"), "\(person)")
            let hash = try #require(try await passwordHash("anna", db))
            #expect(hash.hasPrefix("$2b$12$") && hash.count == 60, "\(hash)")
            #expect(!hash.contains(Self.password) && !person.stderr.contains(Self.password))
            #expect(try await UserDirectory(pool: db.pool).user(name: "anna", password: Self.password)?.role == .recorder)
            #expect(try await UserDirectory(pool: db.pool).user(name: "anna", password: Self.password + "x") == nil)
            let tokenHash = try await db.withConnection { try await $0.query("SELECT token_hash FROM server.users WHERE name = 'anna'")[0] }
            #expect(try tokenHash.decodeIfPresent(PostgresBytes.self, at: 0) == nil)

            // Both: a token printed once and a password from stdin (a CRLF line end is not part of it).
            let both = try await run(["add", "bo", "--role", "auditor", "--token", "--password-stdin"], on: db, stdin: Self.password + "\r\n")
            #expect(both.status == 0, "\(both)")
            let token = both.stdout.trimmingCharacters(in: .newlines)
            #expect(token.hasPrefix("flt_") && both.stderr.contains("with a password and a token"), "\(both)")
            #expect(try await UserDirectory(pool: db.pool).user(forToken: token)?.name == "bo")
            #expect(try await UserDirectory(pool: db.pool).user(name: "bo", password: Self.password)?.name == "bo")
        }
    }

    @Test func aBadPasswordIsRefusedWith65AndNothingWritten() async throws {
        try await TestDatabase.withMigrated { db in
            let cases: [(String, String)] = [
                ("", "empty"), ("\n", "empty"), ("kort\n", "shorter than 12"), ("elva tecken\n", "shorter than 12"),
                (String(repeating: "å", count: 501) + "\n", "longer than 1000 bytes"), ("tolv tecken\u{7}x\n", "control character"),
            ]
            for (stdin, mention) in cases {
                for words in [["add", "anna", "--role", "recorder", "--password-stdin"], ["add", "anna", "--role", "recorder", "--token", "--password-stdin"]] {
                    let result = try await run(words, on: db, stdin: stdin)
                    #expect(result.status == 65, "\(mention): \(result)")
                    #expect(result.stderr.contains(mention) && result.stderr.split(separator: "\n").count == 1, "\(result)")
                    #expect(result.stdout.isEmpty, "\(result)")
                    if stdin.count > 6 { #expect(!result.stderr.contains(stdin.trimmingCharacters(in: .newlines)), "\(result)") }
                }
            }
            #expect(try await userCount(db) == 0)
            // Twelve characters is enough, however many bytes; the line after the first is not read.
            let twelve = try await run(["add", "anna", "--role", "recorder", "--password-stdin"], on: db, stdin: "tolv tecken!\nrest")
            #expect(twelve.status == 0, "\(twelve)")
            #expect(try await UserDirectory(pool: db.pool).user(name: "anna", password: "tolv tecken!")?.name == "anna")
        }
    }

    @Test func userPasswordSetsOrReplacesAPasswordAndEndsSessions() async throws {
        try await TestDatabase.withMigrated { db in
            let token = try await run(["add", "anna", "--role", "recorder", "--token"], on: db).stdout.trimmingCharacters(in: .newlines)
            #expect(try await passwordHash("anna", db) == nil)
            let set = try await run(["password", "anna", "--password-stdin"], on: db, stdin: Self.password + "\n")
            #expect(set.status == 0 && set.stdout.contains("set the password of anna"), "\(set)")
            let user = try #require(try await UserDirectory(pool: db.pool).user(name: "anna", password: Self.password))
            let sessions = SessionStore(pool: db.pool)
            let (id, _) = try await sessions.start(for: user)
            #expect(try await sessions.session(id: id)?.user.name == "anna")
            let replaced = try await run(["password", "anna", "--password-stdin"], on: db, stdin: "ett helt annat lösenord\n")
            #expect(replaced.status == 0, "\(replaced)")
            #expect(try await UserDirectory(pool: db.pool).user(name: "anna", password: Self.password) == nil)
            #expect(try await UserDirectory(pool: db.pool).user(name: "anna", password: "ett helt annat lösenord")?.name == "anna")
            #expect(try await sessions.session(id: id) == nil)
            #expect(try await UserDirectory(pool: db.pool).user(forToken: token)?.name == "anna")

            for (words, stdin, status, mention) in [
                (["password", "anna"], Self.password, Int32(64), "--password-stdin"),
                (["password", "nobody", "--password-stdin"], Self.password, 65, "nobody"),
                (["password", "anna", "--password-stdin"], "kort", 65, "shorter than 12"),
                (["password", "Anna Svensson", "--password-stdin"], Self.password, 65, "NAME"),
            ] {
                let result = try await run(words, on: db, stdin: stdin)
                #expect(result.status == status, "\(words): \(result)")
                #expect(result.stderr.contains(mention) && result.stdout.isEmpty, "\(words): \(result)")
            }
            #expect(try await UserDirectory(pool: db.pool).user(name: "anna", password: "ett helt annat lösenord")?.name == "anna")
        }
    }

    @Test func theServersLogNeverHoldsAPassword() async throws {
        try await TestDatabase.withMigrated { db in
            #expect(try await run(["add", "anna", "--role", "auditor", "--password-stdin"], on: db, stdin: Self.password).status == 0)
            let server = try await ServedProcess.start(db)
            defer { server.stop() }
            var statuses: [Int] = []
            for password in ["fel lösenord helt och hållet", Self.password] {
                var request = URLRequest(url: try #require(URL(string: server.base + "/login")))
                request.httpMethod = "POST"
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                request.httpBody = Data("username=anna&password=\(encoded)".utf8)
                statuses.append(((try await URLSession.shared.data(for: request)).1 as? HTTPURLResponse)?.statusCode ?? 0)
            }
            #expect(statuses.first == 401)
            server.process.terminate()
            server.process.waitUntilExit()
            let log = String(decoding: try Data(contentsOf: server.errors), as: UTF8.self)
            #expect(log.contains("path=/login") && log.contains("status=401") && log.contains("status=303") && log.contains("user=anna"), "\(log)")
            for secret in [Self.password, "fel lösenord", "korrekt", "h%C3%A4st", "batteri"] { #expect(!log.contains(secret), "\(secret): \(log)") }
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
