import EventStore
import FundLedger
import Projections

/// One report to make: which plugin, its parameters (unvalidated text), and the replay bounds.
public struct ReportRequest: Sendable, Equatable {
    public var pluginID: String
    public var parameters: [String: String]
    public var bounds: ReplayBounds
    /// The language of the report's texts (Swedish unless asked).
    public var language: ReportLanguage

    public init(pluginID: String, parameters: [String: String] = [:], bounds: ReplayBounds = .everything,
                language: ReportLanguage = .default) {
        self.pluginID = pluginID
        self.parameters = parameters
        self.bounds = bounds
        self.language = language
    }
}

/// Runs plugins: validates parameters, replays the plugin's fold within the bounds, and stamps the
/// document with the ledger head (position and chain hash) and the parameters used. A report made with
/// the same request and `bounds.throughPosition` set to its stamped position is the same document, so its
/// rendering is the same bytes.
///
/// Built-in plugins come first; an id no built-in has is looked up among the external plugins
/// (`externals`: `--plugin PATH` and `fundledger-report-<id>` on `PATH`, docs/plugin-protocol.md).
public struct ReportHost: Sendable {
    public let store: any EventStore
    public let registry: PluginRegistry
    /// Events per read while replaying.
    public let batchSize: Int
    /// Where external plugins are found (none by default, so library users opt in).
    public let externals: ExternalPluginLocator

    public init(store: any EventStore, registry: PluginRegistry = .shared, batchSize: Int = 2000,
                externals: ExternalPluginLocator = .none) {
        self.store = store
        self.registry = registry
        self.batchSize = batchSize
        self.externals = externals
    }

    /// Makes the report `request` asks for, with the built-in plugin of that id or else an external one.
    public func run(_ request: ReportRequest, progress: (Int, Int64) -> Void = { _, _ in }) async throws -> ReportDocument {
        if let plugin = registry.plugin(request.pluginID) {
            return try await run(plugin, request: request, progress: progress)
        }
        if let external = try await externals.plugin(request.pluginID) {
            return try await run(external, request: request, progress: progress)
        }
        let externalIDs = externals.pathPlugins().map(\.id)
        throw ReportError.unknownPlugin(id: request.pluginID, known: Array(Set(registry.all.map(\.id) + externalIDs)).sorted())
    }

    /// Makes a report with an external plugin: validates the parameters against its descriptor, sends it the
    /// domain events within the bounds (in position order) and stamps its answer like a built-in's.
    public func run(
        _ plugin: ExternalPlugin, request: ReportRequest, progress: (Int, Int64) -> Void = { _, _ in }
    ) async throws -> ReportDocument {
        let parameters = try ReportParameters(validating: request.parameters, against: plugin.descriptor.parameters, plugin: plugin.id)
        var events: [RecordedEvent] = []
        let head = try await LedgerReplay(store: store, batchSize: batchSize).forEachRecord(bounds: request.bounds, progress: progress) { record in
            // The same events a built-in folds: domain events within the bounds (administrators' notes are not
            // part of the ledger a report describes).
            guard LedgerEvent.isDomainEventType(record.eventType),
                  request.bounds.includes(recordedAt: record.recordedAt, effectiveDate: record.effectiveDate)
            else { return }
            events.append(record)
        }
        var document = try await plugin.report(
            parameters: parameters, source: Self.source(head: head, bounds: request.bounds), events: events)
        Self.stamp(&document, id: plugin.id, parameters: parameters, head: head, bounds: request.bounds)
        return document
    }

    /// Every plugin, built-in then external, for `fundledger plugins`; external executables that fail to
    /// describe themselves are listed as failures rather than hidden. An external plugin with a built-in's id
    /// is skipped: the built-in wins.
    public func descriptors() async -> (plugins: [PluginDescriptor], failures: [ReportError]) {
        let builtIns = registry.all.map(\.descriptor)
        let found = await externals.all()
        let builtInIDs = Set(builtIns.map(\.id))
        return (builtIns + found.plugins.map(\.descriptor).filter { !builtInIDs.contains($0.id) }, found.failures)
    }

    /// Makes a report with a given built-in plugin.
    public func run<P: ReportPlugin>(
        _ plugin: P, request: ReportRequest, progress: (Int, Int64) -> Void = { _, _ in }
    ) async throws -> ReportDocument {
        var parameters = try ReportParameters(validating: request.parameters, against: plugin.parameters, plugin: plugin.id)
        parameters.language = request.language
        let projection = try plugin.projection(for: parameters)
        let replay = try await LedgerReplay(store: store, batchSize: batchSize)
            .run(projection, bounds: request.bounds, progress: progress)
        var document = try plugin.report(from: replay.state, parameters: parameters, head: replay.head)
        Self.stamp(&document, id: plugin.id, parameters: parameters, head: replay.head, bounds: request.bounds)
        return document
    }

    /// Sets what the host vouches for: the plugin id, the parameters used and the source.
    public static func stamp(
        _ document: inout ReportDocument, id: String, parameters: ReportParameters, head: ReplayHead, bounds: ReplayBounds
    ) {
        document.reportID = id
        document.parameters = parameters.used
        document.source = source(head: head, bounds: bounds)
    }

    /// The source a report made at `head` within `bounds` cites.
    static func source(head: ReplayHead, bounds: ReplayBounds) -> ReportSource {
        ReportSource(
            position: head.position, hash: head.hash, recordedThrough: bounds.recordedThrough?.description,
            effectiveThrough: bounds.effectiveThrough?.description)
    }
}
