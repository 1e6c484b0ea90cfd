import EventStore
import Foundation

/// An external reporting plugin: an executable speaking docs/plugin-protocol.md, described once by running
/// it with `--describe`. It is run with the request on stdin; nothing it does can write to the ledger, and
/// whatever goes wrong becomes one `ReportError.external` naming the plugin.
public struct ExternalPlugin: Sendable, Equatable {
    /// What it said about itself, with `origin` = its path.
    public let descriptor: PluginDescriptor
    /// The executable.
    public let path: String
    public let limits: ExternalPluginLimits

    public var id: String { descriptor.id }

    /// Runs `path --describe` and reads its descriptor. `expectedID` (from a `fundledger-report-<id>` file
    /// name) must match the id the plugin gives.
    public static func describe(at path: String, expectedID: String? = nil, limits: ExternalPluginLimits = .standard) async throws -> ExternalPlugin {
        let name = expectedID ?? URL(fileURLWithPath: path).lastPathComponent
        let result: PluginProcessResult
        do {
            result = try await PluginProcess.run(
                executable: path, arguments: [PluginProtocol.describeArgument], input: [],
                timeLimitSeconds: limits.describeTimeLimitSeconds, answerBytesMax: limits.answerBytesMax,
                stderrBytesMax: limits.stderrBytesMax)
        } catch let error as PluginSpawnError {
            throw ReportError.external(id: name, message: error.message)
        }
        try check(result, id: name, step: "--describe", timeLimitSeconds: limits.describeTimeLimitSeconds, limits: limits)
        let answer: PluginProtocol.DescribeAnswer
        do {
            let text = String(decoding: result.stdout, as: UTF8.self)
            let members = try RawJSON.members(of: text)
            try PluginProtocol.checkVersion(members["protocol_version"])
            answer = try JSONDecoder().decode(PluginProtocol.DescribeAnswer.self, from: Data(result.stdout))
        } catch let error as PluginProtocolError {
            throw ReportError.external(id: name, message: "--describe " + error.message)
        } catch {
            throw ReportError.external(
                id: name, message: "--describe did not answer with a descriptor (\(PluginProtocol.describe(error))); it began: "
                    + PluginProtocol.excerpt(String(decoding: result.stdout, as: UTF8.self)))
        }
        guard PluginRegistry.isValidID(answer.id) else {
            throw ReportError.external(id: name, message: "--describe gave the id \"\(answer.id)\"; ids are lowercase words joined by hyphens")
        }
        if let expectedID, answer.id != expectedID {
            throw ReportError.external(id: expectedID, message: "is named for \"\(expectedID)\" but describes itself as \"\(answer.id)\"")
        }
        var specs: [ParameterSpec] = []
        for parameter in answer.parameters ?? [] {
            do {
                let spec = try PluginProtocol.spec(parameter)
                // A default must itself be valid, or every run without the parameter would fail.
                if let value = spec.defaultValue { _ = try ReportParameters.canonical(value, spec: spec, plugin: answer.id) }
                specs.append(spec)
            } catch let error as PluginProtocolError {
                throw ReportError.external(id: answer.id, message: "--describe: " + error.message)
            } catch {
                throw ReportError.external(id: answer.id, message: "--describe: default of \(parameter.name): \(error)")
            }
        }
        let descriptor = PluginDescriptor(id: answer.id, summary: answer.summary, parameters: specs, origin: path)
        return ExternalPlugin(descriptor: descriptor, path: path, limits: limits)
    }

    /// Runs the plugin on `events` (already filtered to the request's bounds) and returns its document,
    /// unstamped. `parameters` were validated against the descriptor.
    public func report(parameters: ReportParameters, source: ReportSource, events: [RecordedEvent]) async throws -> ReportDocument {
        let request = PluginProtocol.request(pluginID: id, parameters: parameters, source: source, events: events)
        let result: PluginProcessResult
        do {
            result = try await PluginProcess.run(
                executable: path, arguments: [], input: Array(request.utf8), timeLimitSeconds: limits.timeLimitSeconds,
                answerBytesMax: limits.answerBytesMax, stderrBytesMax: limits.stderrBytesMax)
        } catch let error as PluginSpawnError {
            throw ReportError.external(id: id, message: error.message)
        }
        try Self.check(result, id: id, step: "the report", timeLimitSeconds: limits.timeLimitSeconds, limits: limits)
        let answer: PluginProtocol.Answer
        do {
            answer = try PluginProtocol.answer(result.stdout)
        } catch {
            throw ReportError.external(id: id, message: error.message + Self.stderrSuffix(result))
        }
        switch answer {
        case .report(let document):
            return document
        case .error(let code, let message):
            throw ReportError.external(id: id, message: "refused the request [\(code)]: \(message)")
        }
    }

    /// Turns every way a process can end badly into a message; returns for a clean exit 0.
    private static func check(_ result: PluginProcessResult, id: String, step: String, timeLimitSeconds: Double,
                              limits: ExternalPluginLimits) throws {
        switch result.end {
        case .exited(0):
            return
        case .exited(let status):
            throw ReportError.external(id: id, message: "\(step) failed with exit status \(status)" + stderrSuffix(result))
        case .signalled(let signal):
            throw ReportError.external(id: id, message: "\(step) crashed (signal \(signal)\(signalName(signal)))" + stderrSuffix(result))
        case .timedOut:
            throw ReportError.external(
                id: id, message: "\(step) did not finish within \(seconds(timeLimitSeconds)) s and was stopped; "
                    + "narrow the request (--to, --effective-until) or raise the time limit" + stderrSuffix(result))
        case .answerTooLarge:
            throw ReportError.external(
                id: id, message: "\(step) answered more than \(limits.answerBytesMax) bytes (the answer limit) and was stopped"
                    + stderrSuffix(result))
        }
    }

    /// What the plugin wrote to stderr, for the message: that is where it explains itself.
    private static func stderrSuffix(_ result: PluginProcessResult) -> String {
        let text = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "" }
        return "; its stderr said:\n" + text + (result.stderrTruncated ? "\n[stderr cut at \(result.stderr.count) bytes]" : "")
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: ", SIGSEGV"
        case SIGABRT: ", SIGABRT"
        case SIGKILL: ", SIGKILL"
        case SIGTERM: ", SIGTERM"
        case SIGBUS: ", SIGBUS"
        case SIGILL: ", SIGILL"
        default: ""
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
