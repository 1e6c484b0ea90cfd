import EventStore
import FundLedger
import Memberwise
import Projections

/// A reporting model: it declares what it is and what it takes, names the fold it needs, and turns that
/// fold's state into a report document. Plugins never format output; the host validates parameters, runs
/// the replay within the requested bounds and stamps the document with the ledger head.
///
/// Built-in plugins are library targets under `Plugins/<Name>/` registered at start-up in
/// `PluginRegistry`; external ones are executables speaking `docs/plugin-protocol.md`.
public protocol ReportPlugin: Sendable {
    /// The fold the report reads.
    associatedtype Input: Projection

    /// What the plugin is: its id, summary and parameters, for the host, listings (`fundledger plugins`) and the
    /// external protocol's `describe` (a built-in plugin's is `PluginDescriptor.builtIn`).
    var descriptor: PluginDescriptor { get }

    /// The fold to replay for these parameters (its own, or the core `LedgerProjection`).
    func projection(for parameters: ReportParameters) throws -> Input

    /// The report for the folded state. Throw `ReportError.plugin` for a request the state cannot answer
    /// (an unknown fund, say).
    func report(from state: Input.State, parameters: ReportParameters) throws -> ReportDocument

    /// The same, for a plugin whose output names the ledger head it was made from (the SIE file's
    /// `#PROSA` line, counted in its size). The host calls this one; by default it calls the one above.
    func report(from state: Input.State, parameters: ReportParameters, head: ReplayHead) throws -> ReportDocument
}

extension ReportPlugin {
    /// A stable id, lowercase words joined by hyphens (`fund-statement`).
    public var id: String { descriptor.id }
    /// One line: what the report answers.
    public var summary: String { descriptor.summary }
    /// What it takes, in the order they are shown and stamped.
    public var parameters: [ParameterSpec] { descriptor.parameters }

    public func report(from state: Input.State, parameters: ReportParameters, head: ReplayHead) throws -> ReportDocument {
        try report(from: state, parameters: parameters)
    }
}

/// What a plugin is, for listings (`fundledger plugins`) and for the external protocol's `describe`.
@PublicMemberwiseInit
public struct PluginDescriptor: Sendable, Equatable, Codable {
    public var id: String
    public var summary: String
    public var parameters: [ParameterSpec]
    /// `built-in`, or the external executable's path.
    public var origin: String
}

extension PluginDescriptor {
    /// A built-in plugin's descriptor. Its summary is the plugin's line of the catalogue (`PluginTexts`, where
    /// every built-in plugin's summary is written once) in English; the id where the catalogue has none.
    public static func builtIn(_ id: String, parameters: [ParameterSpec]) -> PluginDescriptor {
        PluginDescriptor(id: id, summary: PluginTexts.summary(pluginID: id, in: .en) ?? id, parameters: parameters, origin: "built-in")
    }
}

/// Why a report could not be made. Every case says what to do next.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No built-in or external plugin has this id.
    case unknownPlugin(id: String, known: [String])
    /// The plugin could not answer the request (an unknown fund or initiative, a missing valuation).
    case plugin(id: String, message: String)
    /// An external plugin broke the protocol, timed out, crashed or answered too much.
    case external(id: String, message: String)

    public var description: String {
        switch self {
        case .unknownPlugin(let id, let known):
            "no report plugin \(Identifier.quoted(id)); known: \(known.joined(separator: ", ")) (see `fundledger plugins`)"
        case .plugin(let id, let message): "report \(id): \(message)"
        case .external(let id, let message): "external report plugin \(id): \(message)"
        }
    }
}

/// A plugin that reads the core fold, `LedgerProjection` (the books of every fund), whatever its parameters.
public protocol LedgerReportPlugin: ReportPlugin where Input == LedgerProjection {
    /// Whether the report looks events up by id (`LedgerState.eventsByID`), so the fold must keep every event.
    /// Off by default: keeping a million events costs a report more time and memory than the fold itself.
    var needsEventsByID: Bool { get }
    /// Whether the report reads the books' journal (postings, trial balances); true by default. A report of
    /// the state alone says false and its fold books nothing.
    var needsJournal: Bool { get }
}

extension LedgerReportPlugin {
    public var needsEventsByID: Bool { false }
    public var needsJournal: Bool { true }

    public func projection(for parameters: ReportParameters) throws -> LedgerProjection {
        LedgerProjection(retainingEvents: needsEventsByID, journaling: needsJournal)
    }
}
