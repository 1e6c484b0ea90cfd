import EventStore
import Foundation
import PostgresEventStore
import Postgres
import Testing
import TestSupport

/// `Migrator`: applies schema/ files in order once each, records name and checksum, refuses edited or
/// missing applied files, rolls a failing migration back, and rejects badly named files.
@Suite struct MigrationTests {
    /// A connection to `db`, closed after `body`.
    private func withConnection<T: Sendable>(
        _ db: TestDatabase, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await db.withConnection(body)
    }

    private struct Record: Equatable, CustomStringConvertible {
        var version: Int
        var name: String
        var checksum: String
        var description: String { "\(version) \(name) \(checksum.prefix(12))" }
    }

    private func records(_ connection: PostgresConnection) async throws -> [Record] {
        try await connection.query("SELECT version, name, checksum FROM public.fundledger_migrations ORDER BY version").map {
            Record(version: try $0.decode(at: 0), name: try $0.decode(at: 1), checksum: try $0.decode(at: 2))
        }
    }

    private func relationExists(_ name: String, _ connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT to_regclass(\(name)) IS NOT NULL")[0].decode(Bool.self, at: 0)
    }

    /// The checkout's migration files, read directly: (file stem, text).
    private func schemaFiles() throws -> [(name: String, sql: String)] {
        let folder = TestServer.repositoryRoot.appendingPathComponent("schema")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
            .map { (String($0.dropLast(4)), try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The binary's migrations are schema/'s, byte for byte: an edit to schema/ without
    /// `python3 scripts/embed-migrations.py` (which `make build` runs) fails here.
    @Test func theEmbeddedMigrationsAreTheSchemaFolder() throws {
        let fromFolder = try TestServer.migrator().migrations
        let embedded = Migrator.embedded().migrations
        #expect(embedded.map(\.name) == fromFolder.map(\.name))
        #expect(embedded.map(\.checksum) == fromFolder.map(\.checksum), "run python3 scripts/embed-migrations.py")
        #expect(embedded.count >= 7)
    }

    @Test func appliesEveryFileInOrderAndRecordsNameAndChecksum() async throws {
        let files = try schemaFiles()
        try #require(files.count >= 4)
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let migrator = try TestServer.migrator()
                #expect(try await migrator.currentVersion(on: connection) == 0)

                let applied = try await migrator.migrate(on: connection)
                #expect(applied == files.map(\.name))

                let recorded = try await records(connection)
                #expect(recorded.map(\.name) == files.map(\.name))
                #expect(recorded.map(\.version) == files.map { Int($0.name.prefix(4))! })
                // Each checksum is the SHA-256 of the file's bytes, as PostgreSQL computes it.
                for (record, file) in zip(recorded, files) {
                    let expected = try await connection.query(
                        "SELECT encode(sha256(convert_to(\(file.sql), 'UTF8')), 'hex')")[0].decode(String.self, at: 0)
                    #expect(record.checksum == expected, "checksum of \(file.name)")
                }
                // Applied one after another, in version order.
                let times = try await connection.query(
                    "SELECT applied_at::text FROM public.fundledger_migrations ORDER BY version"
                ).map { try $0.decode(String.self, at: 0) }
                #expect(times == times.sorted())
                #expect(try await migrator.currentVersion(on: connection) == recorded.last?.version)
                #expect(try await relationExists("event_store.events", connection))
            }
        }
    }

    @Test func aSecondRunAppliesNothing() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let migrator = try TestServer.migrator()
                let first = try await migrator.migrate(on: connection)
                let before = try await records(connection)
                let appliedAt = try await connection.query(
                    "SELECT string_agg(applied_at::text, ',' ORDER BY version) FROM public.fundledger_migrations")[0]
                    .decode(String.self, at: 0)

                let second = try await migrator.migrate(on: connection)
                #expect(first.count == migrator.migrations.count)
                #expect(second.isEmpty)
                #expect(try await records(connection) == before)
                let appliedAtAfter = try await connection.query(
                    "SELECT string_agg(applied_at::text, ',' ORDER BY version) FROM public.fundledger_migrations")[0]
                    .decode(String.self, at: 0)
                #expect(appliedAtAfter == appliedAt)
            }
        }
    }

    @Test func twoConcurrentMigratorsApplyEachFileOnce() async throws {
        try await TestDatabase.withEmpty { db in
            let migrator = try TestServer.migrator()
            async let first = withConnection(db) { try await migrator.migrate(on: $0) }
            async let second = withConnection(db) { try await migrator.migrate(on: $0) }
            let (a, b) = try await (first, second)
            #expect((a + b).sorted() == migrator.migrations.map(\.name))
            #expect(a.isEmpty || b.isEmpty)
            let recorded = try await withConnection(db) { try await records($0) }
            #expect(recorded.map(\.name) == migrator.migrations.map(\.name))
        }
    }

    @Test func anEditedAppliedFileIsRefusedAndNothingElseIsApplied() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let original = try TestServer.migrator()
                try await original.migrate(on: connection)
                let before = try await records(connection)

                var migrations = original.migrations
                let edited = Migration(version: migrations[0].version, name: migrations[0].name, sql: migrations[0].sql + "\n-- edited\n")
                migrations[0] = edited
                migrations.append(Migration(version: 9001, name: "9001_after_edit", sql: "CREATE TABLE public.after_edit (id int);"))

                await #expect(throws: MigrationError.appliedFileEdited(
                    version: edited.version, name: edited.name, recorded: before[0].checksum, current: edited.checksum)
                ) {
                    try await Migrator(migrations: migrations).migrate(on: connection)
                }
                #expect(edited.checksum != before[0].checksum)
                #expect(try await records(connection) == before)
                #expect(try await relationExists("public.after_edit", connection) == false)
                // The advisory lock was released: the unedited migrator still runs.
                #expect(try await original.migrate(on: connection).isEmpty)
            }
        }
    }

    @Test func aFailingMigrationRollsBackAndIsNotRecorded() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let base = try TestServer.migrator().migrations
                let broken = Migration(version: 9001, name: "9001_broken", sql: """
                    CREATE TABLE public.half_done (id int);
                    INSERT INTO public.half_done VALUES (1);
                    SELECT * FROM public.no_such_table;
                    """)
                let error = await #expect(throws: MigrationError.self) {
                    try await Migrator(migrations: base + [broken]).migrate(on: connection)
                }
                guard case .failed(let version, let name, let reason)? = error else {
                    Issue.record("expected MigrationError.failed, got \(String(describing: error))")
                    return
                }
                #expect(version == 9001)
                #expect(name == "9001_broken")
                #expect(reason.contains("no_such_table"))
                #expect(reason.contains("42P01"))

                // The earlier migrations, each in its own transaction, stay applied; the broken one left nothing.
                #expect(try await records(connection).map(\.name) == base.map(\.name))
                #expect(try await relationExists("public.half_done", connection) == false)
                #expect(await connection.isInTransaction == false)
                let locks = try await connection.query(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")[0]
                #expect(try locks.decode(Int.self, at: 0) == 0)

                // Fixed, it applies alone.
                let fixed = Migration(version: 9001, name: "9001_fixed", sql: "CREATE TABLE public.half_done (id int);")
                #expect(try await Migrator(migrations: base + [fixed]).migrate(on: connection) == ["9001_fixed"])
                #expect(try await relationExists("public.half_done", connection))
            }
        }
    }

    @Test func aMissingAppliedFileIsRefused() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let full = try TestServer.migrator().migrations
                try await Migrator(migrations: full).migrate(on: connection)
                let before = try await records(connection)
                let last = try #require(full.last)
                let extra = Migration(version: 9001, name: "9001_extra", sql: "CREATE TABLE public.extra (id int);")

                await #expect(throws: MigrationError.appliedFileMissing(version: last.version, name: last.name)) {
                    try await Migrator(migrations: full.dropLast() + [extra]).migrate(on: connection)
                }
                #expect(try await records(connection) == before)
                #expect(try await relationExists("public.extra", connection) == false)
            }
        }
    }

    @Test func aDatabaseMigratedByANewerProgramIsNamedSo() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let full = try TestServer.migrator().migrations
                try await Migrator(migrations: full).migrate(on: connection)
                let last = try #require(full.last)
                let older = Array(full.dropLast())
                await #expect(throws: MigrationError.databaseNewer(version: last.version, name: last.name, known: older.last?.version ?? 0)) {
                    try await Migrator(migrations: older).migrate(on: connection)
                }
            }
        }
    }

    /// A long read of a table a migration alters (a BI tool's open transaction) made migrate wait without
    /// end while it held the event log's lock, stopping every reader and writer behind it (an upgrade probe).
    @Test func aMigrationThatWaitsForALockIsRolledBackNamingWhoHoldsIt() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(db) { connection in
                let full = try TestServer.migrator().migrations
                var reported: [String] = []
                let names = try await Migrator(migrations: full).migrate(on: connection, applied: { reported.append($0) })
                #expect(reported == names && names.count == full.count, "each migration is told as it commits")
                let reader = try await PostgresConnection(conninfo: db.conninfo)
                try await reader.executeScript(unsafeSQL: "SET application_name = 'bi-tool'; BEGIN; SELECT count(*) FROM read_models.postings;")
                let before = try await records(connection)
                let alter = Migration(version: 9001, name: "9001_alter_postings", sql: "ALTER TABLE read_models.postings ADD COLUMN probe integer;")
                let started = ContinuousClock.now
                do {
                    try await Migrator(migrations: full + [alter]).migrate(on: connection, lockTimeout: .seconds(1))
                    Issue.record("the migration did not wait for the reader's lock")
                } catch let error as MigrationError {
                    guard case .lockTimeout(9001, "9001_alter_postings", 1, let holders) = error else { throw error }
                    #expect(holders.contains("bi-tool") && holders.contains("idle in transaction"), "\(holders)")
                    #expect(error.description.split(separator: "\n").count == 2, "\(error)")
                }
                #expect(ContinuousClock.now - started < .seconds(30))
                #expect(try await records(connection) == before)
                try await reader.executeScript(unsafeSQL: "COMMIT;")
                await reader.close()
                #expect(try await Migrator(migrations: full + [alter]).migrate(on: connection, lockTimeout: .seconds(1)) == ["9001_alter_postings"])
            }
        }
    }

    // MARK: Loading files

    private func withFolder<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fl-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return try body(folder)
    }

    @Test func loadReadsNumberedFilesInVersionOrder() throws {
        let migrator = try withFolder([
            "0002_second.sql": "SELECT 2;", "0001_first.sql": "SELECT 1;", "0010_tenth.sql": "SELECT 10;",
            "README.md": "not a migration",
        ]) { try Migrator.load(from: $0) }
        #expect(migrator.migrations.map(\.version) == [1, 2, 10])
        #expect(migrator.migrations.map(\.name) == ["0001_first", "0002_second", "0010_tenth"])
        #expect(migrator.migrations.map(\.sql) == ["SELECT 1;", "SELECT 2;", "SELECT 10;"])
        #expect(migrator.migrations[0] == Migration(version: 1, name: "0001_first", sql: "SELECT 1;"))
    }

    @Test(arguments: ["1_short.sql", "00001_long.sql", "0001.sql", "abcd_letters.sql", "0001-dash.sql"])
    func loadRejectsABadlyNamedFile(_ badName: String) throws {
        #expect(throws: MigrationError.badFileName(badName)) {
            try withFolder(["0001_good.sql": "SELECT 1;", badName: "SELECT 2;"]) { try Migrator.load(from: $0) }
        }
    }

    @Test(.bug(id: "migrator-signed-version", "Migrator.load accepts a signed version such as -001_x.sql or +001_x.sql"), arguments: ["-001_negative.sql", "+002_plus.sql"])
    func loadRejectsASignedVersion(_ badName: String) throws {
        #expect(throws: MigrationError.badFileName(badName)) {
            try withFolder(["0001_good.sql": "SELECT 1;", badName: "SELECT 2;"]) { try Migrator.load(from: $0) }
        }
    }

    @Test func loadRejectsDuplicateVersionsAndEmptyFolders() throws {
        #expect(throws: MigrationError.duplicateVersion(3)) {
            try withFolder(["0003_a.sql": "SELECT 1;", "0003_b.sql": "SELECT 2;"]) { try Migrator.load(from: $0) }
        }
        let error = #expect(throws: MigrationError.self) {
            try withFolder(["notes.txt": "x"]) { try Migrator.load(from: $0) }
        }
        guard case .noMigrations? = error else {
            Issue.record("expected noMigrations, got \(String(describing: error))")
            return
        }
    }
}
