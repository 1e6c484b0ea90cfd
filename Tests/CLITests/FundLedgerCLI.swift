import Foundation
import Testing
import TestSupport

/// What one run of the `fundledger` executable did.
struct CLIResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Non-empty stdout lines.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// Expects exit `status` and `message` on stderr; a failure shows the whole run.
    func expect(status: Int32, saying message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.status == status, "\(self)", sourceLocation: sourceLocation)
        #expect(stderr.contains(message), "\(self)", sourceLocation: sourceLocation)
    }

    /// Expects a refusal that wrote nothing: exit `status`, and `message` and "nothing was written" on stderr.
    func expectRefused(_ status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expect(status: status, saying: message, sourceLocation: sourceLocation)
        #expect(stderr.contains("nothing was written"), "\(self)", sourceLocation: sourceLocation)
    }
}

/// Runs the built `fundledger` executable as a child process.
///
/// Its stdin comes from a file and its stdout/stderr go to files, so no pipe can fill up and deadlock
/// however much it prints. `DATABASE_URL` and libpq's `PG*` variables are removed from its environment,
/// so only the `--database` a test passes decides where it writes.
enum FundLedgerCLI {
    /// The executable: `$FUNDLEDGER_EXECUTABLE`, else beside the test bundle, else `<checkout>/.build/debug/fundledger`.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["FUNDLEDGER_EXECUTABLE"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        if let testExecutable = Bundle.main.executableURL {
            candidates.append(testExecutable.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("fundledger"))
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("fundledger"))
        candidates.append(TestServer.repositoryRoot.appendingPathComponent(".build/debug/fundledger"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CLITestError(
                "the fundledger executable was not found (looked at \(candidates.map(\.path).joined(separator: ", "))); build it with `swift build` or set FUNDLEDGER_EXECUTABLE")
        }
        return found
    }

    /// Runs `fundledger arguments…` in `directory` (default: the checkout's root) with `stdin` (or
    /// `stdinBytes`) as its input and `environment` added to its own; kills it after `timeout`.
    static func run(
        _ arguments: [String], stdin: String = "", executable: URL? = nil, timeout: Duration = .seconds(120),
        environment: [String: String] = [:], stdinBytes: Data? = nil, directory: URL? = nil
    ) async throws -> CLIResult {
        let executable = try executable ?? Self.executable()
        let folder = try temporaryFolder("run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("stdin")
        let output = folder.appendingPathComponent("stdout")
        let errors = folder.appendingPathComponent("stderr")
        try (stdinBytes ?? Data(stdin.utf8)).write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)
        let inputHandle = try FileHandle(forReadingFrom: input)
        let outputHandle = try FileHandle(forWritingTo: output)
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer {
            try? inputHandle.close()
            try? outputHandle.close()
            try? errorHandle.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? TestServer.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.filter { key, _ in
            key != "DATABASE_URL" && !key.hasPrefix("PG")
        }.merging(environment) { _, given in given }
        process.standardInput = inputHandle
        process.standardOutput = outputHandle
        process.standardError = errorHandle

        let box = ProcessBox(process)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            box.process.terminate()
        }
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: -1)
            }
        }
        watchdog.cancel()
        if status == -1 { throw CLITestError("could not start \(executable.path)") }
        if process.terminationReason == .uncaughtSignal {
            Issue.record("\(executable.lastPathComponent) \(arguments.first ?? "") was killed by signal \(status) (timeout \(timeout)?)")
        }
        return CLIResult(
            status: status,
            stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }

    /// Runs `fundledger subcommand --database <db> extra…`.
    static func run(
        _ subcommand: String, on db: TestDatabase, _ extra: [String] = [], stdin: String = ""
    ) async throws -> CLIResult {
        try await run([subcommand, "--database", db.conninfo] + extra, stdin: stdin)
    }

    /// `fundledger status --json` on `db`, decoded; records an issue if it fails.
    static func status(of db: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) async throws -> LedgerStatus {
        let result = try await run("status", on: db, ["--json"])
        try #require(result.status == 0, "status failed: \(result)", sourceLocation: sourceLocation)
        return try decode(LedgerStatus.self, result.stdout)
    }

    /// A new empty folder under the temporary directory (the caller removes it).
    static func temporaryFolder(_ label: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fundledger-cli-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs `body` with a new empty `temporaryFolder(label)`, removed afterwards.
    static func withTemporaryFolder<T>(_ label: String, _ body: (URL) async throws -> T) async throws -> T {
        let folder = try temporaryFolder(label)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// Writes `bytes` to a file named `name` in a new temporary folder and passes its path to `body`.
    static func withFile<T>(_ name: String, _ bytes: Data, label: String, _ body: (String) async throws -> T) async throws -> T {
        try await withTemporaryFolder(label) { folder in
            let file = folder.appendingPathComponent(name)
            try bytes.write(to: file)
            return try await body(file.path)
        }
    }
}

/// Holds a `Process` for the watchdog task; `terminate()` is safe to call from any thread.
private final class ProcessBox: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `status --json`.
struct LedgerStatus: Decodable, Equatable {
    var headPosition: Int64
    var headHash: String
    var eventCount: Int64
    var schemaVersion: Int
}

/// One line of `append` output.
struct AppendedLine: Decodable, Equatable {
    var eventId: String
    var globalPosition: Int64
    var streamVersion: Int64
    var hash: String
}

/// One line of `read` output (the fields tests look at).
struct ReadLine: Decodable, Equatable {
    struct Payload: Decodable, Equatable {
        var amountOre: Int64?
        var name: String?
    }

    var globalPosition: Int64
    var streamId: String
    var streamVersion: Int64
    var eventId: String
    var eventType: String
    var effectiveDate: String
    var organisationId: String?
    var payload: Payload
    var hash: String
}

/// Decodes one JSON value from `text`, with snake_case keys.
func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(type, from: Data(text.utf8))
}

/// Decodes every non-empty line of `text`.
func decodeLines<T: Decodable>(_ type: T.Type, _ text: String) throws -> [T] {
    try text.split(separator: "\n").map { try decode(type, String($0)) }
}
