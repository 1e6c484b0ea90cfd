import Foundation
import Testing
import TestSupport

/// One hostile input from `Corpus/adversarial-inputs.jsonl`: a command line, its stdin, the files it
/// reads, its environment, and the exit codes it may end with.
struct AdversarialCase: Decodable, Sendable {
    var name: String
    /// Arguments; `{dir}` is the case's own folder, `{database}` the ledger's conninfo. `--database` is added
    /// unless `no_db`.
    var args: [String]
    /// The documented exit codes this input may end with (never 1).
    var exit: [Int32]
    /// Text the message must contain: the field, line or option it names.
    var mention: String?
    var stdin: String?
    var stdinHex: String?
    /// Files created in `{dir}` before the run, as text or as hex bytes.
    var files: [String: String]?
    var filesHex: [String: String]?
    /// Named pipes created in `{dir}`: an output that is not a regular file (never a device of the
    /// machine: a regression would replace it, as one once replaced /dev/null).
    var fifos: [String]?
    var env: [String: String]?
    var noDb: Bool?
    /// A read under a hostile environment must print what it prints without it.
    var sameStdoutAsPlain: Bool?

    static func load() throws -> [AdversarialCase] {
        let url = TestServer.repositoryRoot.appendingPathComponent("Tests/CLITests/Corpus/adversarial-inputs.jsonl")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(AdversarialCase.self, from: Data($0.utf8))
        }
    }

    func arguments(in folder: URL, database: String) -> [String] {
        let words = args.map { $0.replacingOccurrences(of: "{dir}", with: folder.path).replacingOccurrences(of: "{database}", with: database) }
        return noDb == true ? words : words + ["--database", database]
    }

    func stdinBytes() -> Data { stdinHex.map(Data.init(hex:)) ?? Data((stdin ?? "").utf8) }

    func createFiles(in folder: URL) throws {
        for (name, text) in files ?? [:] { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        for (name, hex) in filesHex ?? [:] { try Data(hex: hex).write(to: folder.appendingPathComponent(name)) }
        for name in fifos ?? [] { mkfifo(folder.appendingPathComponent(name).path, 0o600) }
    }
}

/// Several hundred malformed and hostile inputs against a demo ledger, through every input path: each
/// ends with a documented exit code (never 1, never a signal), a message of at most two lines naming
/// what to fix, no file touched in its folder, and the ledger's head unchanged. Add a line to the corpus
/// for every failure found by hand.
///
/// Each case runs in a folder of its own, never in the checkout: an earlier `fundledger` given
/// `--output ""` replaced its working directory, whole, with the report.
@Suite(.serialized) struct AdversarialCorpusTests {
    /// Cases run at once: one per core of a CI machine, so the timing-sensitive tests beside it keep theirs.
    static let concurrentRunsMax = 2

    @Test func theCorpusCoversEveryInputPath() throws {
        let cases = try AdversarialCase.load()
        #expect(cases.count >= 300)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names are unique")
        let first = Set(cases.map { $0.args.first ?? "" })
        for command in ["append", "apply", "import-rows", "fund", "initiative", "saving", "repayment", "correction",
                        "valuation", "report", "import", "verify", "export", "read", "replay"] {
            #expect(first.contains(command), "no case for \(command)")
        }
        for variable in ["PGCLIENTENCODING", "PGOPTIONS", "PGDATESTYLE", "LANG", "LC_ALL", "TZ"] {
            #expect(cases.contains { $0.env?[variable] != nil }, "no case sets \(variable)")
        }
        #expect(cases.allSatisfy { !$0.exit.contains(1) })
    }

    @Test func everyAdversarialInputEndsWithADocumentedExitAndChangesNothing() async throws {
        let cases = try AdversarialCase.load()
        try await TestDatabase.withMigrated { db in
            let demo = try await FundLedgerCLI.run("demo", on: db)
            try #require(demo.status == 0, "demo failed: \(demo)")
            let head = try await Self.head(of: db)
            let repository = try Self.listing(TestServer.repositoryRoot)
            var plain: [[String]: String] = [:]
            for words in Set(cases.filter { $0.sameStdoutAsPlain == true }.map(\.args)) {
                plain[words] = try await FundLedgerCLI.run(words + ["--database", db.conninfo]).stdout
            }
            let expected = plain
            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                var failures: [String] = []
                for (index, item) in cases.enumerated() {
                    if index >= Self.concurrentRunsMax, let done = try await group.next() { failures += done }
                    group.addTask {
                        try await Self.check(item, on: db, head: head, plain: item.sameStdoutAsPlain == true ? expected[item.args] : nil)
                    }
                }
                for try await done in group { failures += done }
                return failures
            }
            for failure in failures { Issue.record(Comment(rawValue: failure)) }
            if let path = ProcessInfo.processInfo.environment["FUNDLEDGER_CORPUS_REPORT"] {
                try Data(failures.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
            }
            #expect(try Self.listing(TestServer.repositoryRoot) == repository, "a case wrote into the checkout")
        }
    }

    /// Runs one case in a folder of its own and returns what is wrong with its outcome.
    static func check(_ item: AdversarialCase, on db: TestDatabase, head: [Int64], plain: String?) async throws -> [String] {
        return try await FundLedgerCLI.withTemporaryFolder("corpus") { folder in
            try item.createFiles(in: folder)
            let before = try snapshot(folder)
            let result = try await FundLedgerCLI.run(
                item.arguments(in: folder, database: db.conninfo), timeout: .seconds(60),
                environment: item.env ?? [:], stdinBytes: item.stdinBytes(), directory: folder)
            var problems: [String] = []
            let lines = result.stderr.split(separator: "\n")
            if !item.exit.contains(result.status) { problems.append("exit \(result.status), expected \(item.exit)") }
            if result.status == 1 { problems.append("exit 1 is for bugs") }
            if result.status != 0 {
                if lines.isEmpty { problems.append("no message") }
                if lines.count > 2 { problems.append("\(lines.count) lines of message") }
                if let mention = item.mention, !result.stderr.lowercased().contains(mention.lowercased()) {
                    problems.append("message does not name \"\(mention)\"")
                }
            }
            if result.stderr.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0 == "\u{7F}" }) {
                problems.append("control character in the message")
            }
            if let plain, result.stdout != plain { problems.append("stdout differs from the same command without the environment") }
            if try snapshot(folder) != before { problems.append("files in its folder changed") }
            if try await Self.head(of: db) != head { problems.append("the ledger's head moved") }
            guard !problems.isEmpty else { return [] }
            return ["\(item.name): \(problems.joined(separator: "; "))\n  \(result.description.prefix(600))"]
        }
    }

    /// Event count and head position, read directly.
    static func head(of db: TestDatabase) async throws -> [Int64] {
        try await db.withConnection { connection in
            let row = try await connection.query("SELECT count(*), coalesce(max(global_position), 0) FROM event_store.events")[0]
            return [try row.decode(Int64.self, at: 0), try row.decode(Int64.self, at: 1)]
        }
    }

    /// Every file under `folder` with its bytes (anything but a regular file as its type).
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let type = (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) ?? nil
            files[url.path] = type == .typeRegular ? try Data(contentsOf: url) : Data("<\(type?.rawValue ?? "?")>".utf8)
        }
        return files
    }

    /// The names at the top of the checkout and in `schema/` (where a stray output would land).
    static func listing(_ root: URL) throws -> [String] {
        let top = try FileManager.default.contentsOfDirectory(atPath: root.path)
        let schema = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("schema").path)
        return (top + schema.map { "schema/" + $0 }).sorted()
    }
}

extension Data {
    /// Bytes from hexadecimal digits (two per byte).
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self.init(bytes)
    }
}
