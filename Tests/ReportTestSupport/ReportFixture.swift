import EventStore
import Projections
import Reporting

/// A test ledger that makes reports: what the plugin test targets (core reports, evaluation models) share.
public protocol ReportFixture {
    var store: any EventStore { get }
}

extension ReportFixture {
    /// Runs `plugin` through the host with a registry holding only it. In English unless asked, as the tests
    /// find figures by their English labels (`LanguageTests` and `ReportLanguageTests` check the Swedish).
    public func report(
        _ plugin: some ReportPlugin, _ parameters: [String: String], bounds: ReplayBounds = .everything, language: ReportLanguage = .en
    ) async throws -> ReportDocument {
        let registry = PluginRegistry()
        registry.register([plugin])
        return try await ReportHost(store: store, registry: registry)
            .run(ReportRequest(pluginID: plugin.id, parameters: parameters, bounds: bounds, language: language))
    }
}

extension ReportDocument {
    /// The value of the key figure labelled `label`.
    public func figure(_ label: String) -> ReportValue? { keyFigures.first { $0.label == label }?.value }

    /// The table with `id`.
    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }
}
