import Foundation
import Postgres
import Testing
import TestSupport

/// `fundledger migrate` refuses edited migrations; any command reports an unreachable database with exit 69.
@Suite struct MigrateAndConnectionCommandTests {
    /// A copy of the checkout's schema/ folder, with `edit` applied to the named files and `extra` files added.
    private func schemaCopy(editing edits: [String: (String) -> String] = [:], adding extra: [String: String] = [:]) throws -> URL {
        let folder = try FundLedgerCLI.temporaryFolder("schema")
        let schema = TestServer.repositoryRoot.appendingPathComponent("schema")
        for name in try FileManager.default.contentsOfDirectory(atPath: schema.path) where name.hasSuffix(".sql") {
            let text = try String(contentsOf: schema.appendingPathComponent(name), encoding: .utf8)
            try (edits[name].map { $0(text) } ?? text).write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for (name, text) in extra {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// `migrate --schema-dir` on `db` with a `schemaCopy(editing:adding:)`, removed afterwards.
    private func migrate(_ db: TestDatabase, editing edits: [String: (String) -> String] = [:], adding extra: [String: String] = [:])
        async throws -> CLIResult
    {
        let folder = try schemaCopy(editing: edits, adding: extra)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await FundLedgerCLI.run("migrate", on: db, ["--schema-dir", folder.path])
    }

    /// Runs one query on a short-lived connection to `db`.
    private func query(_ db: TestDatabase, _ statement: PostgresQuery) async throws -> [PostgresRow] {
        let connection = try await db.connect()
        let rows: [PostgresRow]
        do {
            rows = try await connection.query(statement)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return rows
    }

    private func migrationNames(_ db: TestDatabase) async throws -> [String] {
        try await query(db, "SELECT name FROM public.fundledger_migrations ORDER BY version").map {
            try $0.decode(String.self, at: 0)
        }
    }

    private func tableExists(_ name: String, _ db: TestDatabase) async throws -> Bool {
        try await query(db, "SELECT to_regclass(\(name)) IS NOT NULL")[0].decode(Bool.self, at: 0)
    }

    @Test func migrateOnAnUpToDateDatabaseSaysSo() async throws {
        try await TestDatabase.withMigrated { db in
            let schema = TestServer.repositoryRoot.appendingPathComponent("schema").path
            let version = try TestServer.migrator().migrations.last?.version ?? 0
            let result = try await FundLedgerCLI.run("migrate", on: db, ["--schema-dir", schema])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "schema is up to date (version \(version))\n")
        }
    }

    /// The migrations travel in the binary: `migrate` works from any folder, with no schema/ in sight.
    @Test func migrateOutsideTheCheckoutUsesTheBuiltInMigrations() async throws {
        try await TestDatabase.withEmpty { db in
            try await FundLedgerCLI.withTemporaryFolder("migrate-elsewhere") { elsewhere in
                let result = try await FundLedgerCLI.run(["migrate", "--database", db.conninfo], directory: elsewhere)
                #expect(result.status == 0, "\(result)")
                #expect(result.stdout.contains("applied 0001_event_store") && result.stdout.contains("schema is at version"), "\(result)")
                let again = try await FundLedgerCLI.run(["migrate", "--database", db.conninfo], directory: elsewhere)
                #expect(again.status == 0 && again.stdout.contains("up to date"), "\(again)")
                let status = try await FundLedgerCLI.run(["status", "--database", db.conninfo, "--json"], directory: elsewhere)
                #expect(status.status == 0, "\(status)")
            }
        }
    }

    @Test func migrateAppliesANewFile() async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await migrate(db, adding: ["9001_cli_added.sql": "CREATE TABLE public.cli_added (id int);\n"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "applied 9001_cli_added\nschema is at version 9001\n")
            #expect(try await tableExists("public.cli_added", db))
            #expect(try await migrationNames(db).last == "9001_cli_added")
        }
    }

    @Test func migrateWithAnEditedAppliedFileExits5AndAppliesNothing() async throws {
        try await TestDatabase.withMigrated { db in
            let before = try await migrationNames(db)
            let result = try await migrate(
                db, editing: ["0002_append_events.sql": { $0 + "\n-- a harmless-looking edit\n" }],
                adding: ["9001_after_edit.sql": "CREATE TABLE public.after_edit (id int);\n"])
            result.expect(status: 5, saying: "migration 2 (0002_append_events) was edited after it was applied")
            #expect(result.stdout.isEmpty)
            #expect(try await migrationNames(db) == before)
            #expect(try await tableExists("public.after_edit", db) == false)
        }
    }

    @Test func migrateWithABadlyNamedFileExits5() async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await migrate(db, adding: ["5_bad.sql": "SELECT 1;\n"])
            #expect(result.status == 5, "\(result)")
            #expect(result.stderr.contains("5_bad.sql"))
        }
    }

    /// An upgrade probe: a binary left in use after an upgrade recorded what the new rules refuse, and a new
    /// binary appended to a database not yet migrated. Commands that write now check the schema's version.
    @Test func commandsThatWriteRefuseASchemaOtherThanTheirOwnAndReadsGoOn() async throws {
        try await TestDatabase.withMigrated { db in
            let head = try await db.store.head()
            let line = #"{"stream_id":"notes","event_type":"Noted","payload":{}}"#
            _ = try await query(db, "INSERT INTO public.fundledger_migrations (version, name, checksum) VALUES (9999, '9999_from_the_future', 'x')")
            let newer = try await FundLedgerCLI.run("append", on: db, [], stdin: line + "\n")
            newer.expectRefused(5, "newer than this fundledger's")
            for words in [["fund", "contribute", "--fund", "x", "--amount", "1 kr", "--source", "s"], ["demo"], ["serve", "--port", "0"], ["replay"]] {
                let result = try await FundLedgerCLI.run(words + ["--database", db.conninfo])
                result.expect(status: 5, saying: "newer than this fundledger's")
            }
            #expect(try await FundLedgerCLI.run("verify", on: db, []).status == 0, "a read goes on")
            try await FundLedgerCLI.run("migrate", on: db, []).expect(status: 5, saying: "the database is at schema version 9999 (9999_from_the_future), newer than this fundledger's")
            _ = try await query(db, "DELETE FROM public.fundledger_migrations WHERE version >= (SELECT max(version) FROM public.fundledger_migrations WHERE version < 9999)")
            let older = try await FundLedgerCLI.run("project", on: db, [])
            older.expect(status: 5, saying: "run `fundledger migrate` first")
            #expect(try await db.store.head() == head, "nothing was written")
        }
    }

    @Test(arguments: ["status", "append", "verify", "migrate"])
    func unreachableDatabaseExits69WithAClearMessage(command: String) async throws {
        let folder = "/nonexistent-fundledger-\(UUID().uuidString.prefix(8))"
        let result = try await FundLedgerCLI.run(
            [command, "--database", "host=\(folder) port=5432 dbname=x user=postgres connect_timeout=5"],
            stdin: #"{"stream_id":"fund-1","event_type":"X","payload":{}}"#)
        #expect(result.status == 69, "\(result)")
        #expect(result.stderr.hasPrefix("fundledger: error: cannot connect to PostgreSQL"), "\(result)")
        #expect(result.stderr.contains(folder))
        #expect(result.stdout.isEmpty)
    }
}
