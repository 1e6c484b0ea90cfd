import EventStore
import Foundation

/// The external plugin protocol's messages (docs/plugin-protocol.md): JSON over stdin and stdout, one
/// message each way. Field names are snake_case in the envelope; the report inside an answer is a
/// `ReportDocument` in the JSON format's shape.
public enum PluginProtocol {
    /// The major version this host speaks. A plugin answering another version is refused: a new major
    /// version is one an old host cannot read safely.
    public static let version = 1

    /// Executables on `PATH` named `fundledger-report-<id>` are plugins.
    public static let executablePrefix = "fundledger-report-"

    /// The single argument that asks a plugin to describe itself.
    public static let describeArgument = "--describe"

    // MARK: describe

    /// The answer to `--describe`.
    struct DescribeAnswer: Decodable {
        var protocolVersion: Int
        var id: String
        var summary: String
        var parameters: [DescribedParameter]?

        enum CodingKeys: String, CodingKey {
            case protocolVersion = "protocol_version", id, summary, parameters
        }
    }

    /// A parameter as a plugin declares it: `kind` is `text`, `integer`, `decimal`, `date`, `boolean`,
    /// `money` or `choice` (then `choices` lists the words); `default` absent or null means optional with no
    /// value; `"required": true` makes the host refuse to run without it.
    struct DescribedParameter: Codable {
        var name: String
        var kind: String
        var help: String?
        var defaultValue: String?
        var choices: [String]?
        var required: Bool?

        enum CodingKeys: String, CodingKey {
            case name, kind, help, defaultValue = "default", choices, required
        }
    }

    /// A declared parameter as a `ParameterSpec`, or why it cannot be one.
    static func spec(_ parameter: DescribedParameter) throws(PluginProtocolError) -> ParameterSpec {
        let kind: ParameterKind
        switch parameter.kind {
        case "text": kind = .text
        case "integer": kind = .integer
        case "decimal": kind = .decimal
        case "date": kind = .date
        case "boolean": kind = .boolean
        case "money": kind = .money
        case "choice":
            guard let choices = parameter.choices, !choices.isEmpty else {
                throw PluginProtocolError("parameter \(parameter.name) is a choice but lists no \"choices\"")
            }
            kind = .choice(choices)
        default:
            throw PluginProtocolError(
                "parameter \(parameter.name) has kind \"\(parameter.kind)\"; expected text, integer, decimal, date, boolean, money or choice")
        }
        return ParameterSpec(parameter.name, kind, help: parameter.help ?? "", default: parameter.defaultValue,
                             required: parameter.required ?? false)
    }

    /// A `ParameterSpec` in the protocol's form (for documentation and tests of the mapping).
    static func described(_ spec: ParameterSpec) -> DescribedParameter {
        switch spec.kind {
        case .choice(let words):
            DescribedParameter(name: spec.name, kind: "choice", help: spec.help, defaultValue: spec.defaultValue, choices: words,
                               required: spec.required)
        case .text, .integer, .decimal, .date, .boolean, .money:
            DescribedParameter(name: spec.name, kind: spec.kind.protocolName, help: spec.help, defaultValue: spec.defaultValue,
                               required: spec.required)
        }
    }

    // MARK: request

    /// The request's JSON text. Payloads and metadata are spliced in as the stored JSON text (they are
    /// single JSON objects by the store's own check), so amounts reach the plugin exactly as recorded.
    static func request(pluginID: String, parameters: ReportParameters, source: ReportSource, events: [RecordedEvent]) -> String {
        var text = "{\"protocol_version\":\(version),\"plugin\":\(JSONText.quote(pluginID)),\"parameters\":{"
        text += parameters.used.map { "\(JSONText.quote($0.name)):\(JSONText.quote($0.value))" }.joined(separator: ",")
        text += "},\"source\":{\"position\":\(source.position),\"hash\":\(JSONText.quote(source.hash))"
        text += ",\"recorded_through\":" + (source.recordedThrough.map(JSONText.quote) ?? "null")
        text += ",\"effective_through\":" + (source.effectiveThrough.map(JSONText.quote) ?? "null")
        text += "},\"events\":["
        for (index, event) in events.enumerated() {
            if index > 0 { text += "," }
            text += "\n{\"position\":\(event.globalPosition),\"stream\":\(JSONText.quote(event.streamID))"
            text += ",\"stream_version\":\(event.streamVersion),\"event_id\":\(JSONText.quote(event.eventID.uuidString.lowercased()))"
            text += ",\"type\":\(JSONText.quote(event.eventType)),\"schema_version\":\(event.schemaVersion)"
            text += ",\"recorded_at\":\(JSONText.quote(event.recordedAt.description))"
            text += ",\"effective_date\":\(JSONText.quote(event.effectiveDate.description))"
            text += ",\"organisation_id\":" + (event.organisationID.map(JSONText.quote) ?? "null")
            text += ",\"payload\":\(event.payload),\"metadata\":\(event.metadata)}"
        }
        text += "\n]}\n"
        return text
    }

    // MARK: answer

    /// A plugin's answer: a report, or an error it chose to report.
    enum Answer {
        case report(ReportDocument)
        case error(code: String, message: String)
    }

    /// The structured error a plugin may answer with.
    private struct AnsweredError: Decodable {
        var code: String?
        var message: String
    }

    /// The report as a plugin sends it: what the host stamps (`reportID`, `source`, `parameters`) may be
    /// left out and is replaced anyway; everything but the title is optional.
    private struct AnsweredReport: Decodable {
        var title: String
        var subtitle: String?
        var keyFigures: [KeyFigure]?
        var tables: [ReportTable]?
        var charts: [Chart]?
        var notes: [String]?
    }

    /// Reads the answer text: exactly one JSON object with `protocol_version` and either `report` or `error`.
    static func answer(_ bytes: [UInt8]) throws(PluginProtocolError) -> Answer {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PluginProtocolError("answered with bytes that are not UTF-8 text; expected one JSON object")
        }
        let members: [String: String]
        do {
            members = try RawJSON.members(of: text)
        } catch {
            throw PluginProtocolError("answered with something that is not one JSON object (\(error)); it began: \(excerpt(text))")
        }
        try checkVersion(members["protocol_version"])
        if let errorText = members["error"] {
            guard let answered = try? JSONDecoder().decode(AnsweredError.self, from: Data(errorText.utf8)) else {
                throw PluginProtocolError("answered with an \"error\" that is not {\"code\": …, \"message\": …}")
            }
            return .error(code: answered.code ?? "error", message: answered.message)
        }
        guard let reportText = members["report"] else {
            throw PluginProtocolError("answered with neither \"report\" nor \"error\"")
        }
        let answered: AnsweredReport
        do {
            answered = try JSONDecoder().decode(AnsweredReport.self, from: Data(reportText.utf8))
        } catch {
            throw PluginProtocolError("answered with a report FundLedger cannot read: \(describe(error))")
        }
        let document = ReportDocument(
            reportID: "", title: answered.title, subtitle: answered.subtitle, keyFigures: answered.keyFigures ?? [],
            tables: answered.tables ?? [], charts: answered.charts ?? [], notes: answered.notes ?? [])
        try checkShape(document)
        return .report(document)
    }

    /// Refuses a missing or foreign protocol version.
    static func checkVersion(_ raw: String?) throws(PluginProtocolError) {
        guard let raw else { throw PluginProtocolError("answered without \"protocol_version\"; this host speaks version \(version)") }
        guard let answered = Int(raw) else {
            throw PluginProtocolError("answered with protocol_version \(raw); expected the number \(version)")
        }
        guard answered == version else {
            throw PluginProtocolError("speaks protocol version \(answered), but this host speaks version \(version); update the plugin or FundLedger")
        }
    }

    /// Renderers never trap, but a table whose rows do not match its columns is a plugin bug worth naming.
    private static func checkShape(_ document: ReportDocument) throws(PluginProtocolError) {
        for table in document.tables {
            if let row = table.rows.firstIndex(where: { $0.count != table.columns.count }) {
                throw PluginProtocolError("table \(table.id) row \(row + 1) has \(table.rows[row].count) values for \(table.columns.count) columns")
            }
            if let totals = table.totals, totals.count != table.columns.count {
                throw PluginProtocolError("table \(table.id) totals have \(totals.count) values for \(table.columns.count) columns")
            }
        }
        for case .heatmap(let map) in document.charts
        where map.cells.count != map.rowLabels.count || map.cells.contains(where: { $0.count != map.columnLabels.count }) {
            throw PluginProtocolError("heat map \(map.id) needs \(map.rowLabels.count) rows of \(map.columnLabels.count) cells")
        }
    }

    /// The start of a text, for messages about garbage answers.
    static func excerpt(_ text: String, length: Int = 80) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return "\"" + (flat.count > length ? String(flat.prefix(length)) + "…" : flat) + "\""
    }

    /// A decoding error as a sentence: which field, and what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return names.isEmpty ? "the report" : String(names.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A broken protocol rule, as a sentence that completes "external report plugin <id> …".
struct PluginProtocolError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension ParameterKind {
    /// The kind's name in the protocol (`choice` for choices, whose words travel separately).
    var protocolName: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .decimal: "decimal"
        case .date: "date"
        case .boolean: "boolean"
        case .money: "money"
        case .choice: "choice"
        }
    }
}
