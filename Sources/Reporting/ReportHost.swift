import EventStore
import FundLedger
import Projections

/// One report to make: which plugin, its parameters (unvalidated text), and the replay bounds.
public struct ReportRequest: Sendable, Equatable {
    public var pluginID: String
    public var parameters: [String: String]
    public var bounds: ReplayBounds

    public init(pluginID: String, parameters: [String: String] = [:], bounds: ReplayBounds = .everything) {
        self.pluginID = pluginID
        self.parameters = parameters
        self.bounds = bounds
    }
}

/// Runs plugins: validates parameters, replays the plugin's fold within the bounds, and stamps the
/// document with the ledger head (position and chain hash) and the parameters used. A report made with
/// the same request and `bounds.throughPosition` set to its stamped position is the same document, so its
/// rendering is the same bytes.
public struct ReportHost: Sendable {
    public let store: any EventStore
    public let registry: PluginRegistry
    /// Events per read while replaying.
    public let batchSize: Int

    public init(store: any EventStore, registry: PluginRegistry = .shared, batchSize: Int = 2000) {
        self.store = store
        self.registry = registry
        self.batchSize = batchSize
    }

    /// Makes the report `request` asks for.
    public func run(_ request: ReportRequest, progress: (Int, Int64) -> Void = { _, _ in }) async throws -> ReportDocument {
        guard let plugin = registry.plugin(request.pluginID) else {
            throw ReportError.unknownPlugin(id: request.pluginID, known: registry.all.map(\.id))
        }
        return try await run(plugin, request: request, progress: progress)
    }

    /// Makes a report with a given built-in plugin.
    public func run<P: ReportPlugin>(
        _ plugin: P, request: ReportRequest, progress: (Int, Int64) -> Void = { _, _ in }
    ) async throws -> ReportDocument {
        let parameters = try ReportParameters(validating: request.parameters, against: plugin.parameters, plugin: plugin.id)
        let projection = try plugin.projection(for: parameters)
        let replay = try await LedgerReplay(store: store, batchSize: batchSize)
            .run(projection, bounds: request.bounds, progress: progress)
        var document = try plugin.report(from: replay.state, parameters: parameters)
        Self.stamp(&document, id: plugin.id, parameters: parameters, head: replay.head, bounds: request.bounds)
        return document
    }

    /// Sets what the host vouches for: the plugin id, the parameters used and the source.
    public static func stamp(
        _ document: inout ReportDocument, id: String, parameters: ReportParameters, head: ReplayHead, bounds: ReplayBounds
    ) {
        document.reportID = id
        document.parameters = parameters.used
        document.source = ReportSource(
            position: head.position, hash: head.hash, recordedThrough: bounds.recordedThrough?.description,
            effectiveThrough: bounds.effectiveThrough?.description)
    }
}
