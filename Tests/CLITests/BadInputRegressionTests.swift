import Foundation
import Postgres
import Testing
import TestSupport

/// The defects of issue 10, one test each: bad input never destroys a file, records a wrong amount or
/// raises a false tamper alarm. Each test failed against the binary before its fix.
@Suite struct BadInputRegressionTests {
    private func snapshot(_ folder: URL) throws -> [String: Data] { try AdversarialCorpusTests.snapshot(folder) }

    // 1. Data loss.
    @Test func anOutputThatIsAFolderIsRefusedAndLeftAlone() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            try await FundLedgerCLI.withTemporaryFolder("output-folder") { folder in
                let target = folder.appendingPathComponent("reports")
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                try Data("keep me".utf8).write(to: target.appendingPathComponent("budget.xlsx"))
                let before = try snapshot(folder)
                let attempts: [[String]] = [
                    ["report", "fund-statement", "--fund", "tomelilla", "--output", target.path],
                    ["report", "fund-statement", "--fund", "tomelilla", "--format", "html", "--output", target.path],
                    ["report", "sie", "--fund", "tomelilla", "--format", "sie", "--output", target.path],
                    ["export", "-o", target.path],
                    ["export", "-o", target.path + "/"],
                ]
                for words in attempts {
                    let result = try await FundLedgerCLI.invoke(words, on: db)
                    #expect(result.status == 65, "\(words): \(result)")
                    #expect(result.stderr.contains("is a folder"), "\(result)")
                    #expect(result.stderr.split(separator: "\n").count <= 2)
                    #expect(try snapshot(folder) == before, "\(words) changed files")
                }
                // An empty path is the current folder to the file system: it once replaced the working directory.
                for words in [["report", "fund-statement", "--fund", "tomelilla", "--output", ""], ["export", "-o", ""]] {
                    let result = try await FundLedgerCLI.run(words + ["--database", db.conninfo], directory: target)
                    #expect(result.status == 65, "\(words): \(result)")
                    #expect(try snapshot(folder) == before, "\(words) changed files")
                }
                for words in [["report", "fund-statement", "--fund", "tomelilla", "--output"], ["export", "-o"]] {
                    let missing = try await FundLedgerCLI.invoke(words + [folder.path + "/missing/x.html"], on: db)
                    missing.expect(status: 65, saying: "does not exist")
                    #expect(!missing.stderr.contains("could not be completed"))
                }
                // Not a regular file: a named pipe of our own (a device of the machine would be replaced by a regression).
                let pipe = folder.appendingPathComponent("pipe")
                #expect(mkfifo(pipe.path, 0o600) == 0)
                let device = try await FundLedgerCLI.invoke(["export", "-o", pipe.path], on: db)
                device.expect(status: 65, saying: "not a regular file")
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["pipe", "reports"])
            }
        }
    }

    @Test func anOutputFileIsReplacedWholeAndNothingBesideItIsTouched() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            try await FundLedgerCLI.withTemporaryFolder("output-file") { folder in
                let file = folder.appendingPathComponent("statement.txt")
                try Data("old".utf8).write(to: file)
                // A file with the name the old implementation used for its temporary file.
                let bystander = folder.appendingPathComponent(".statement.txt.partial")
                try Data("not yours".utf8).write(to: bystander)
                for words in [["report", "fund-statement", "--fund", "tomelilla", "--output", file.path], ["export", "-o", file.path]] {
                    let result = try await FundLedgerCLI.invoke(words, on: db)
                    #expect(result.status == 0, "\(result)")
                    #expect(try String(contentsOf: file, encoding: .utf8).contains("tomelilla"))
                    #expect(try Data(contentsOf: bystander) == Data("not yours".utf8))
                    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".statement.txt.partial", "statement.txt"])
                }
            }
        }
    }

    // 2. A client encoding from the environment.
    @Test func aLatin1ClientEncodingNeitherBreaksTheChainNorTheText() async throws {
        try await TestDatabase.withMigrated { db in
            let latin1 = ["PGCLIENTENCODING": "LATIN1", "PGOPTIONS": "-c client_encoding=LATIN1", "PGDATESTYLE": "SQL, DMY", "PGTZ": "Asia/Tokyo"]
            let line = #"{"stream_id":"t-1","event_type":"Noted","payload":{"name":"Välfärd","by":"Åsa"},"effective_date":"2026-03-01"}"#
            let appended = try await FundLedgerCLI.run(["append", "--database", db.conninfo], stdin: line, environment: latin1)
            #expect(appended.status == 0, "\(appended)")
            let verified = try await FundLedgerCLI.run(["verify", "--database", db.conninfo], environment: latin1)
            #expect(verified.status == 0, "\(verified)")
            let read = try await FundLedgerCLI.run(["read", "--database", db.conninfo], environment: latin1)
            #expect(read.stdout.contains("\"Välfärd\"") && read.stdout.contains("\"Åsa\""), "\(read)")
            #expect(read.stdout.contains("\"effective_date\":\"2026-03-01\""), "\(read)")
            // Stored as UTF-8, whatever the client said.
            let stored = try await db.withConnection {
                try await $0.query("SELECT payload ->> 'by' FROM event_store.events")[0].decode(String.self, at: 0)
            }
            #expect(stored == "Åsa")
            try await FundLedgerCLI.withTemporaryFolder("latin1") { folder in
                let file = folder.appendingPathComponent("export.jsonl").path
                let exported = try await FundLedgerCLI.run(["export", "--database", db.conninfo, "-o", file], environment: latin1)
                #expect(exported.status == 0, "\(exported)")
                let text = try String(contentsOfFile: file, encoding: .utf8)
                #expect(text.contains("Välfärd") && !text.contains("\u{FFFD}"))
            }
        }
    }

    @Test func aDatabaseThatIsNotUTF8IsRefused() async throws {
        let name = "fl_latin1_" + UUID().uuidString.prefix(8).lowercased()
        try await TestServer.admin {
            try await $0.executeScript(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'")
        }
        let conninfo = try ConnectionString.replacingDatabase(in: try TestServer.conninfo(), with: name)
        let result = try await FundLedgerCLI.run(["status", "--database", conninfo])
        try await TestServer.admin { try await $0.executeScript(unsafeSQL: "DROP DATABASE IF EXISTS \(name)") }
        result.expect(status: 5, saying: "needs a UTF8 database")
    }

    // 3. Invalid UTF-8.
    @Test func invalidUTF8IsRefusedInEveryReaderNamingTheLine() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            var payload = Data(#"{"stream_id":"t-1","event_type":"X","payload":{}}"#.utf8 + [0x0a])
            payload.append(contentsOf: Data(#"{"stream_id":"t-1","event_type":"X","payload":{"n":""#.utf8) + [0xFF, 0xFE] + Data(#""}}"#.utf8))
            let stream = Data(#"{"stream_id":"t-"#.utf8) + [0xC3] + Data(#"","event_type":"X","payload":{}}"#.utf8)
            for input in [payload, stream] {
                let result = try await FundLedgerCLI.run(["append", "--database", db.conninfo], stdinBytes: input)
                result.expect(status: 65, saying: "is not UTF-8")
            }
            let second = try await FundLedgerCLI.run(["append", "--database", db.conninfo], stdinBytes: payload)
            #expect(second.stderr.contains("line 2"), "\(second)")

            try await FundLedgerCLI.withTemporaryFolder("utf8") { folder in
                let files: [(String, [String], Data)] = [
                    ("c.yaml", ["apply"], Data("- {command: fund contribute, fund: tomelilla, amount: 1 kr, source: \"".utf8) + [0xE9] + Data("\"}\n".utf8)),
                    ("c.json", ["apply"], Data(#"[{"command": "fund contribute", "fund": "tomelilla", "amount": "1 kr", "source": ""#.utf8) + [0xFF] + Data(#""}]"#.utf8)),
                    ("r.csv", ["import-rows", "--kind", "co-financing"], Data("fund;initiative;amount;contributor\ntomelilla;x;1;".utf8) + [0xE5] + Data("\n".utf8)),
                    ("r.jsonl", ["import-rows", "--kind", "co-financing"], Data(#"{"fund":"tomelilla","initiative":"x","amount":"1","contributor":""#.utf8) + [0x80] + Data(#""}"#.utf8)),
                ]
                for (name, words, bytes) in files {
                    let file = folder.appendingPathComponent(name)
                    try bytes.write(to: file)
                    let result = try await FundLedgerCLI.invoke(words + [file.path], on: db)
                    #expect(result.status == 65, "\(name): \(result)")
                    #expect(result.stderr.contains("is not UTF-8"), "\(name): \(result)")
                    #expect(result.stderr.contains("line "), "\(name): \(result)")
                }
                #expect(try await FundLedgerCLI.status(of: db) == before)
            }
        }
    }

    // 4. A typo that parsed as a smaller amount.
    @Test func unknownFieldsAreErrorsEvenWhenNull() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            try await FundLedgerCLI.withTemporaryFolder("null-fields") { folder in
                let files: [(String, [String], String, String)] = [
                    ("flow.yaml", ["apply"], "- {command: fund contribute, fund: tomelilla, amount: 1,2,3 kr, source: KF}\n", "field 2"),
                    ("null.yaml", ["apply"], "- command: fund contribute\n  fund: tomelilla\n  amount: 1 kr\n  source: KF\n  ammount: ~\n", "field ammount"),
                    ("null.json", ["apply"], #"[{"command":"fund contribute","fund":"tomelilla","amount":"1 kr","source":"KF","sorce":null}]"#, "field sorce"),
                    ("rows.jsonl", ["import-rows", "--kind", "co-financing"], #"{"fund":"tomelilla","initiative":"tidiga-insatser","amount":"1","contributor":"x","extra":null}"#, "field extra"),
                    ("rows.csv", ["import-rows", "--kind", "co-financing"], "fund;initiative;amount;contributor;extra\ntomelilla;tidiga-insatser;1;x;\n", "column extra"),
                ]
                for (name, words, text, named) in files {
                    let file = folder.appendingPathComponent(name)
                    try Data(text.utf8).write(to: file)
                    let result = try await FundLedgerCLI.invoke(words + [file.path], on: db)
                    #expect(result.status == 65, "\(name): \(result)")
                    #expect(result.stderr.contains(named), "\(name): \(result)")
                }
                #expect(try await FundLedgerCLI.status(of: db) == before)
            }
        }
    }

    // 5. verify's options.
    @Test func verifyOptionsAreCheckedAndAnchorsSurviveLaterAppends() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            for bad in [["--expect-head", "xyz"], ["--anchor", "3:abc"], ["--anchor", "0:" + String(repeating: "a", count: 64)], ["--anchor", "x"]] {
                let result = try await FundLedgerCLI.run("verify", on: db, bad)
                #expect(result.status == 64, "\(bad): \(result)")
                #expect(result.stderr.split(separator: "\n").count <= 2, "\(result)")
            }
            let audited = try await FundLedgerCLI.status(of: db)
            let appended = try await FundLedgerCLI.invoke(["fund", "contribute", "--fund", "tomelilla", "--amount", "1 kr", "--source", "KF"], on: db)
            try #require(appended.status == 0, "\(appended)")
            let anchor = "\(audited.headPosition):\(audited.headHash)"
            let held = try await FundLedgerCLI.run("verify", on: db, ["--anchor", anchor, "--anchor", "1:" + (try firstHash(db))])
            #expect(held.status == 0, "\(held)")
            #expect(held.stdout.contains("2 anchors match"), "\(held)")
            let wrong = try await FundLedgerCLI.run("verify", on: db, ["--anchor", "\(audited.headPosition):" + String(repeating: "0", count: 64)])
            wrong.expect(status: 3, saying: "position \(audited.headPosition)")
            let beyond = try await FundLedgerCLI.run("verify", on: db, ["--anchor", "999:" + audited.headHash])
            #expect(beyond.status == 3, "\(beyond)")
        }
    }

    private func firstHash(_ db: TestDatabase) async throws -> String {
        try await db.withConnection {
            try await $0.query("SELECT encode(hash, 'hex') FROM event_store.events WHERE global_position = 1")[0].decode(String.self, at: 0)
        }
    }

    // 6. export of a broken chain.
    @Test func exportOfABrokenChainIsRefusedUnlessAllowedAndThenMarked() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            let head = try await FundLedgerCLI.status(of: db)
            try await db.withConnection { connection in
                try await connection.execute("SET session_replication_role = replica")
                try await connection.execute("DELETE FROM event_store.events WHERE global_position = 2")
            }
            try await FundLedgerCLI.withTemporaryFolder("broken-export") { folder in
                let file = folder.appendingPathComponent("export.jsonl")
                let refused = try await FundLedgerCLI.run("export", on: db, ["-o", file.path])
                refused.expect(status: 3, saying: "position 2")
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

                let forensic = try await FundLedgerCLI.run("export", on: db, ["-o", file.path, "--allow-broken"])
                #expect(forensic.status == 0, "\(forensic)")
                let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                #expect(Int64(lines.count) == head.eventCount)
                let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
                #expect(header["event_count"] as? Int64 == head.eventCount - 1)
                #expect((header["chain_broken"] as? String)?.contains("position 2") == true, "\(header)")
                try await TestDatabase.withMigrated { target in
                    let imported = try await FundLedgerCLI.run("import", on: target, [file.path])
                    imported.expect(status: 3, saying: "position 2")
                }
            }
        }
    }

    // 7. Control characters in identifiers.
    @Test func identifiersWithControlCharactersAreRefusedEverywhere() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.decided(on: db)
            let before = try await FundLedgerCLI.status(of: db)
            let ids = ["a\nb", "a\tb", "a\u{1B}[31mb", "a\u{202E}b", "a\u{200B}b", "e\u{301}"]
            for id in ids {
                let fund = try await FundLedgerCLI.invoke(
                    ["fund", "establish", "--id", id, "--organisation", RecordingFixture.organisation, "--name", "X"], on: db)
                #expect(fund.status == 65, "\(id.debugDescription): \(fund)")
                #expect(!fund.stderr.contains("\u{1B}") && fund.stderr.split(separator: "\n").count <= 2, "\(fund)")
                let line = #"{"stream_id":"t-\#(id.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined())","event_type":"X","payload":{}}"#
                let append = try await FundLedgerCLI.run("append", on: db, stdin: line)
                #expect(append.status == 65, "\(id.debugDescription): \(append)")
            }
            let spaced = try await FundLedgerCLI.run("append", on: db, stdin: #"{"stream_id":"t-trail ","event_type":"X","payload":{}}"#)
            #expect(spaced.status == 65, "\(spaced)")
            let voucher = try await FundLedgerCLI.invoke(
                ["initiative", "disburse"] + RecordingFixture.target + ["--amount", "1 kr", "--department", "BUN", "--voucher", "V\n17"], on: db)
            voucher.expect(status: 65, saying: "voucher")
            // The database refuses them too, whoever calls append_events.
            let refused: PostgresError? = try await db.withConnection { connection in
                do {
                    _ = try await connection.query(
                        "SELECT * FROM event_store.append_events(\(#"{"events":[{"event_id":"8b0c5e39-6f5e-4c1f-9a57-2b1d3f9e0a11","stream_id":"a\nb","event_type":"X","payload":{}}]}"#)::jsonb)")
                    return nil
                } catch let error as PostgresError { return error } catch { return nil }
            }
            #expect(refused?.sqlState == "FL005")
            #expect(try await FundLedgerCLI.status(of: db) == before)
        }
    }

    // 8. Long error messages.
    @Test func errorsAreAtMostTwoLinesWithAShortExcerpt() async throws {
        try await TestDatabase.withMigrated { db in
            try await FundLedgerCLI.withTemporaryFolder("long-errors") { folder in
                let file = folder.appendingPathComponent("huge.yaml")
                try Data(("- {command: fund contribute, fund: x, amount: [" + String(repeating: "a", count: 200_000) + "\n").utf8).write(to: file)
                let yaml = try await FundLedgerCLI.invoke(["apply", file.path], on: db)
                #expect(yaml.status == 65, "\(yaml.status)")
                #expect(yaml.stderr.split(separator: "\n").count <= 2)
                #expect(yaml.stderr.count < 500, "\(yaml.stderr.count) characters")
                #expect(yaml.stderr.contains("line 2, column 1"), "\(yaml.stderr)")
                let kind = try await FundLedgerCLI.invoke(["import-rows", "--kind", "bogus", file.path], on: db)
                #expect(kind.status == 64, "\(kind)")
                #expect(kind.stderr.split(separator: "\n").count <= 2, "\(kind)")
                #expect(kind.stderr.contains("disbursements") && kind.stderr.contains("--kind"), "\(kind)")
            }
        }
    }
}
