import Synchronization

/// The built-in plugins, registered once at start-up (as swift-log's `LoggingSystem.bootstrap` registers
/// handlers). The CLI bootstraps it with every target under `Plugins/`; tests may bootstrap their own.
public final class PluginRegistry: Sendable {
    private let plugins: Mutex<[String: any ReportPlugin]> = Mutex([:])

    /// The process-wide registry.
    public static let shared = PluginRegistry()

    public init() {}

    /// Registers plugins; an id registered twice is a programming error.
    public func register(_ newPlugins: [any ReportPlugin]) {
        plugins.withLock { registered in
            for plugin in newPlugins {
                precondition(registered[plugin.id] == nil, "report plugin \(plugin.id) registered twice")
                precondition(Self.isValidID(plugin.id), "report plugin id \(plugin.id) must be lowercase words joined by hyphens")
                registered[plugin.id] = plugin
            }
        }
    }

    /// Registers plugins unless some are registered already (start-up code may run more than once in tests).
    public func bootstrap(_ builtIns: [any ReportPlugin]) {
        let empty = plugins.withLock { $0.isEmpty }
        if empty { register(builtIns) }
    }

    /// The plugin with `id`.
    public func plugin(_ id: String) -> (any ReportPlugin)? { plugins.withLock { $0[id] } }

    /// Every registered plugin, by id.
    public var all: [any ReportPlugin] { plugins.withLock { $0.values.sorted { $0.id < $1.id } } }

    /// Lowercase ASCII letters and digits in words joined by single hyphens.
    public static func isValidID(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return !id.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}
