import EventStore
import Foundation
import Recording
import Server

/// `serve`'s settings from three places, the first that names a setting winning: its flag, the variable
/// `FUNDLEDGER_SERVE_<NAME>` (upper case, `-` as `_`), then the `--config` file (`name = value` lines,
/// `#` comments), then the default.
struct ServeConfiguration {
    /// The settings a file or the environment may give, by their flag names.
    static let names = [
        "host", "port", "connections", "rate-limit", "batch-max", "session-hours", "project", "database", "read-database", "replica-wait",
    ]

    private var values: [String: (value: String, source: String)] = [:]

    /// Reads the file (if any) and the environment.
    init(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let file { try read(file) }
        for name in Self.names {
            let variable = "FUNDLEDGER_SERVE_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
            if let value = environment[variable] { values[name] = (value, variable) }
        }
    }

    private mutating func read(_ path: String) throws {
        let text: String
        do {
            text = try StrictUTF8.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw UserError(description: "--config \(path): cannot be read as UTF-8 text (\(error))", exitCode: ExitStatus.badInput)
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw UserError(description: "\(path) line \(index + 1): expected name = value", exitCode: ExitStatus.badInput)
            }
            guard Self.names.contains(parts[0]) else {
                throw UserError(
                    description: "\(path) line \(index + 1): unknown setting \(Identifier.quoted(parts[0])); known: \(Self.names.joined(separator: ", "))",
                    exitCode: ExitStatus.badInput)
            }
            values[parts[0]] = (parts[1], "\(path) line \(index + 1)")
        }
    }

    /// The text of `name` from the environment or the file, with where it came from.
    func text(_ name: String) -> (value: String, source: String)? { values[name] }

    /// `flag` if given, else the environment's or the file's value parsed by `parse`, else `fallback`.
    func value<T>(_ name: String, flag: T?, default fallback: T, _ parse: (String) -> T?) throws -> T {
        if let flag { return flag }
        guard let (text, source) = values[name] else { return fallback }
        guard let value = parse(text) else {
            throw UserError(description: "\(source): \(name) \(Identifier.quoted(text)) is not valid (see `fundledger serve --help`)", exitCode: ExitStatus.usage)
        }
        return value
    }
}
